"""Issue 12, items 5-6 in the desktop: Help → About, the window and splitter remembered,
the application icon, Settings → Database (test, switch, permissions) and backups."""

from __future__ import annotations

import json
import sqlite3
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QSplitter, QWidget
from sqlalchemy import func, select

from app import config
from app.cli import main
from app.errorlog import log_path
from app.services.backup import backup, verify_sqlite_file
from app.services.database_choice import POSTGRESQL, SQLITE
from app.store.db import Database
from app.store.models import Case
from app.ui import window_state
from app.ui.about import COMPONENTS, AboutDialog
from app.ui.database_settings import DatabaseTab
from app.ui.main_window import MainWindow
from app.ui.settings_dialog import SettingsDialog
from tests.conftest import CONSULTANT, MANAGER
from tests.helpers import new_case


@pytest.fixture(autouse=True)
def workstation_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "database.json"
    monkeypatch.setenv(config.WORKSTATION_ENV, str(path))
    monkeypatch.delenv(config.DB_ENV, raising=False)
    return path


def cases(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Case)) or 0


# -- About ---------------------------------------------------------------------------------


def test_about_says_version_places_and_licences(qtbot: Any, demo_url: str) -> None:
    dialog = AboutDialog(demo_url)
    qtbot.addWidget(dialog)
    assert dialog.places["version"].text() == version("loandesk")
    assert dialog.places["data"].text() == str(config.data_dir())
    assert dialog.places["log"].text() == str(log_path())
    assert dialog.places["database"].text() == config.shown_url(demo_url)
    table = dialog.components
    rows = {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
            for r in range(table.rowCount())}
    assert len(rows) == len(COMPONENTS)
    assert rows["SQLAlchemy"] == (version("SQLAlchemy"), "MIT")
    assert rows["ReportLab"] == (version("reportlab"), "BSD")
    assert rows["Qt 6 and Qt for Python (PySide6)"][1] == "LGPL-3.0"
    assert rows["WenQuanYi Micro Hei (font)"][1].startswith("Apache-2.0")


def test_the_help_menu_opens_about(qtbot: Any, demo_url: str) -> None:
    window = MainWindow(demo_url)
    qtbot.addWidget(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[-1] == "&Help"
    window.about_action.trigger()
    about = window.findChild(AboutDialog)
    assert about is not None and about.isVisible()
    about.close()


def test_the_application_icon_is_set(qapp: QApplication) -> None:
    from app.ui.main import set_application_icon

    qapp.setWindowIcon(qapp.style().standardIcon(qapp.style().StandardPixmap.SP_FileIcon))
    set_application_icon(qapp)
    sizes = qapp.windowIcon().availableSizes()
    assert sizes and max(s.width() for s in sizes) == 256  # resources/icons/loandesk.png


# -- geometry and splitters ----------------------------------------------------------------


def test_the_main_window_comes_back_where_it_was_closed(qtbot: Any, demo_url: str) -> None:
    first = MainWindow(demo_url)
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(QRect(30, 40, 700, 500))  # inside the offscreen 800×600 screen
    placed = first.geometry()
    first.close()
    second = MainWindow(demo_url)
    qtbot.addWidget(second)
    assert second.geometry().size() == placed.size()
    assert second.geometry().size() != QRect(0, 0, 1280, 720).size()


def test_splitter_sizes_are_remembered(qtbot: Any) -> None:
    def splitter() -> QSplitter:
        made = QSplitter(Qt.Orientation.Horizontal)
        for _ in range(3):
            made.addWidget(QWidget())
        made.resize(900, 300)
        made.setSizes([200, 500, 200])
        qtbot.addWidget(made)
        return made

    first = splitter()
    window_state.keep_splitter(first, "test-remembered")
    first.setSizes([100, 300, 500])
    first.splitterMoved.emit(100, 1)  # what dragging the handle sends
    chosen = first.sizes()
    second = splitter()
    untouched = second.sizes()
    window_state.keep_splitter(second, "test-remembered")
    assert second.sizes() == chosen != untouched
    # A splitter with another number of panes keeps its own sizes.
    other = QSplitter(Qt.Orientation.Horizontal)
    qtbot.addWidget(other)
    for _ in range(2):
        other.addWidget(QWidget())
    other.resize(900, 300)
    other.setSizes([450, 450])
    window_state.keep_splitter(other, "test-remembered")
    assert len(other.sizes()) == 2 and all(size > 0 for size in other.sizes())


# -- Settings → Database -----------------------------------------------------------------


_open: list[SettingsDialog] = []  # alive until the next test's (qtbot closes them)


def tab_for(qtbot: Any, db: Database, actor: str) -> DatabaseTab:
    dialog = SettingsDialog(db, actor, may_administer=actor == "admin")
    qtbot.addWidget(dialog)
    _open[:] = [dialog]
    return dialog.database_tab


def test_test_connection_against_an_unreachable_port_says_so(qtbot: Any,
                                                             demo_db: Database) -> None:
    tab = tab_for(qtbot, demo_db, "admin")
    tab.kind.setCurrentIndex(tab.kind.findData(POSTGRESQL))
    tab.host.setText("127.0.0.1")
    tab.port.setValue(1)
    tab.database.setText("loandesk")
    tab.user.setText("loandesk")
    tab.password.setText("secret-pw")
    tab.test_button.click()
    assert "no PostgreSQL server answers at 127.0.0.1:1" in tab.outcome.text()
    assert "secret-pw" not in tab.outcome.text()
    tab.user.clear()
    tab.test_button.click()
    assert tab.outcome.text().startswith("is empty")


def test_switch_to_a_new_sqlite_file_with_the_data(qtbot: Any, demo_db: Database,
                                                    tmp_path: Path,
                                                    workstation_file: Path) -> None:
    tab = tab_for(qtbot, demo_db, "admin")
    tab.kind.setCurrentIndex(tab.kind.findData(SQLITE))
    assert tab.copy.isEnabled()
    target = tmp_path / "moved.sqlite3"
    tab.path.setText(str(target))
    tab.copy.setChecked(True)
    tab.switch_button.click()
    assert "From the next start this workstation uses" in tab.outcome.text()
    assert verify_sqlite_file(target) > 0
    assert json.loads(workstation_file.read_text(encoding="utf-8")) == {
        "url": f"sqlite:///{target}"}
    moved = Database(config.database_url())
    try:
        assert cases(moved) == cases(demo_db) > 0
    finally:
        moved.dispose()


def test_copying_into_a_server_is_offered(qtbot: Any, demo_db: Database) -> None:
    # Copying into a new, empty server database exists now (app.services.copy_across; the
    # copy itself through this tab: tests/pg/test_copy_across_pg.py).
    tab = tab_for(qtbot, demo_db, "admin")
    tab.kind.setCurrentIndex(tab.kind.findData(POSTGRESQL))
    assert tab.copy.isEnabled() and not tab.copy.isChecked()
    assert "server database" in tab.copy.text()
    assert not tab.copy_note.isHidden()
    assert "must be new and empty" in tab.copy_note.text()
    tab.kind.setCurrentIndex(tab.kind.findData(SQLITE))
    assert tab.copy_note.isHidden() and "new file" in tab.copy.text()


@pytest.mark.parametrize(("actor", "switch", "back_up", "restore"), [
    ("admin", True, True, True),
    (MANAGER, False, True, True),
    (CONSULTANT, False, False, False),
])
def test_only_what_the_role_may_is_enabled(qtbot: Any, demo_db: Database, actor: str,
                                           switch: bool, back_up: bool,
                                           restore: bool) -> None:
    tab = tab_for(qtbot, demo_db, actor)
    assert tab.switch_button.isEnabled() is switch
    assert tab.test_button.isEnabled() is switch
    assert tab.backup_button.isEnabled() is back_up
    assert tab.restore_button.isEnabled() is restore


# -- backup and restore ----------------------------------------------------------------------


def test_backup_from_the_desktop_is_verified(qtbot: Any, demo_db: Database,
                                             tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    tab = tab_for(qtbot, demo_db, MANAGER)
    shown: list[str] = []
    monkeypatch.setattr(tab, "_working", lambda text: shown.append(text))
    target = tmp_path / "backups" / "b.sqlite3"
    tab.backup_to(target)
    assert shown == ["Writing the backup and checking it…"]  # progress while it works
    assert tab.stages_seen == [(1, 3), (2, 3), (3, 3)]  # written, checked, kept
    assert verify_sqlite_file(target) > 0
    assert str(target) in tab.last_message
    assert tab.backup_button.isEnabled()


def test_restore_asks_naming_what_is_replaced_and_then_restores(
        qtbot: Any, demo_db: Database, tmp_path: Path) -> None:
    saved = tmp_path / "saved.sqlite3"
    backup(demo_db, MANAGER, saved)
    in_backup = cases(demo_db)
    new_case(demo_db)  # made after the backup: a restore takes it away
    tab = tab_for(qtbot, demo_db, MANAGER)
    asked: list[str] = []
    restored: list[bool] = []
    tab.restored.connect(lambda: restored.append(True))

    def answer(yes: bool) -> None:
        def confirm(question: str) -> bool:
            asked.append(question)
            return yes
        tab.confirm = confirm  # type: ignore[method-assign]

    answer(False)
    tab.restore_from(saved)
    assert len(asked) == 1 and cases(demo_db) == in_backup + 1 and not restored
    assert config.shown_url(demo_db.url) in asked[0] and str(saved) in asked[0]
    assert "replaces everything" in asked[0]
    answer(True)
    tab.restore_from(saved)
    assert cases(demo_db) == in_backup
    assert tab.stages_seen == [(1, 3), (2, 3), (3, 3)]  # checked, replaced, recorded
    assert restored == [True]
    assert "before-restore" in tab.last_message


def test_a_bad_file_is_refused_with_the_clis_words(
        qtbot: Any, demo_db: Database, demo_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "not-a-backup.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    tab = tab_for(qtbot, demo_db, MANAGER)
    tab.confirm = lambda _question: True  # type: ignore[method-assign]
    before = cases(demo_db)
    tab.restore_from(bad)
    assert cases(demo_db) == before
    gui_words = tab.last_message
    assert tab.stages_seen == []  # refused at the check: nothing was replaced
    assert gui_words and tab.restore_button.isEnabled()
    capsys.readouterr()
    code = main(["--db", demo_url, "--user", MANAGER, "restore", str(bad), "--yes"])
    cli_line = capsys.readouterr().err.strip()
    assert code == 1
    assert cli_line == f"loandesk: refused: file: {gui_words}"
    with sqlite3.connect(demo_db.sqlite_path) as connection:  # type: ignore[arg-type]
        failed = connection.execute("SELECT count(*) FROM audit_log WHERE action = "
                                    "'database.restore.failed'").fetchone()[0]
    assert failed == 2  # the desktop's attempt and the command line's, both audited
