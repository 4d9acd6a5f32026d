"""GUI test set-up: an inline thread pool, English, the real style, private QSettings, and a
demo database made once per session and copied for each test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.services.demo import ensure_staff, fill_demo
from app.services.users import initialise
from app.store.audit_key import side_key_path
from app.store.db import Database
from app.ui import i18n, style
from app.ui.workers import Workers
from tests.conftest import PASSWORD

DEMO_CASES = 11  # one case at each of the ten steps and one delivered
# The offscreen platform says this whenever a window is shown; it is not our warning.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def inline_workers() -> Iterator[None]:
    Workers.synchronous = True  # every answer has arrived when a call returns
    yield
    Workers.synchronous = False


@pytest.fixture(autouse=True, scope="session")
def workstation(tmp_path_factory: pytest.TempPathFactory, qapp: QApplication) -> None:
    """English, the real style sheet, and QSettings in a temporary folder (never the
    tester's own LoanDesk settings)."""
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                      str(tmp_path_factory.mktemp("settings")))
    i18n.install(qapp, i18n.ENGLISH)
    style.apply(qapp)


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the demo cases, made once (it takes seconds) and copied per test."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    database = Database(f"sqlite:///{path}")
    initialise(database, PASSWORD)
    ensure_staff(database, PASSWORD)
    fill_demo(database, DEMO_CASES)
    database.dispose()
    return path


@pytest.fixture
def demo_url(demo_file: Path, tmp_path: Path) -> str:
    copy = tmp_path / "demo.sqlite3"
    shutil.copy(demo_file, copy)
    # The audit key goes with the file (issue 11: it signs the trail, kept outside the file).
    shutil.copy(side_key_path(demo_file), side_key_path(copy))
    return f"sqlite:///{copy}"


@pytest.fixture
def demo_db(demo_url: str) -> Iterator[Database]:
    database = Database(demo_url)
    yield database
    database.dispose()
