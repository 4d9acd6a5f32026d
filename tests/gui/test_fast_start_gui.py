"""The start-up fast path in the window (issue 15): with `--user` and $LOANDESK_PASSWORD on
a current SQLite database the landing page comes before the database layer; otherwise the
normal path signs in and says what it always said. Either way the person sees the same."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.domain.queue_records import Queue
from app.services.auth import SignInRefused, sign_in
from app.services.queues import my_queue
from app.services.users import list_users
from app.store import first_look as first_look_module
from app.store import quick_queue
from app.store.db import Database
from app.ui import main_window as main_window_module
from app.ui.main_window import MainWindow
from app.ui.queue import QueueView
from app.ui.sign_in import SignIn
from tests.conftest import CONSULTANT, MANAGER, PASSWORD


class Calls:
    def __init__(self, real: Any) -> None:
        self.real, self.names = real, list[str]()

    def __call__(self, db: Any, name: str, *args: Any) -> Any:
        self.names.append(name)
        return self.real(db, name, *args)


@pytest.fixture
def normal_checks(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Who the normal path checked a password for (the fast path never asks it)."""
    calls = Calls(main_window_module.check_password)
    monkeypatch.setattr(main_window_module, "check_password", calls)
    return calls


def actions(url: str) -> list[str]:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return [a for (a,) in connection.execute("SELECT action FROM audit_log ORDER BY seq")]


def opened(qtbot: Any, url: str, user: str | None) -> MainWindow:
    window = MainWindow(url, user)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    return window


def seen(window: MainWindow) -> dict[str, Any]:
    """What a person sees of the window once signed in."""
    menus = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    actions_ = sorted(a.text() for m in window.menuBar().actions() if m.menu() is not None
                      for a in m.menu().actions() if a.isVisible() and a.isEnabled())
    queue = window.queue
    return {"actor": window.actor, "menus": menus, "actions": actions_,
            "who": window.who.text() if window.who is not None else None,
            "page": type(window.pages.currentWidget()).__name__,
            "queue": None if queue is None else (queue.model.entries, queue.heading.text(),
                                                 queue.note.text()),
            "rows": None if window.case_list is None else window.case_list.model.rowCount()}


@pytest.mark.parametrize("user", [CONSULTANT, MANAGER, "admin"])
def test_the_fast_path_shows_what_the_normal_path_shows(
        qtbot: Any, demo_url: str, normal_checks: Calls, monkeypatch: pytest.MonkeyPatch,
        user: str) -> None:
    before = actions(demo_url)
    fast = opened(qtbot, demo_url, user)
    assert normal_checks.names == []  # the fast path took it
    assert actions(demo_url) == [*before, "sign_in"]  # recorded once, by the services
    monkeypatch.setattr(main_window_module, "fast_sign_in", lambda *_args: None)
    normal = opened(qtbot, demo_url, user)
    assert normal_checks.names == [user]
    assert seen(fast) == seen(normal) and seen(fast)["actor"] == user
    assert fast.fast is None  # nothing left pending


def test_a_wrong_password_takes_the_normal_path_and_is_counted(
        qtbot: Any, demo_url: str, normal_checks: Calls,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOANDESK_PASSWORD", "not-the-password")
    before = actions(demo_url)
    window = opened(qtbot, demo_url, CONSULTANT)
    assert normal_checks.names == [CONSULTANT]
    assert actions(demo_url) == [*before, "sign_in.failed"]
    dialog = window.findChild(SignIn)
    assert dialog is not None and window.actor == "" and window.queue is None
    dialog.password.setText(PASSWORD)
    dialog.try_sign_in()
    assert window.actor == CONSULTANT and window.case_list is not None


def test_a_locked_user_is_told_so_by_the_normal_path(qtbot: Any, demo_url: str,
                                                     demo_db: Database,
                                                     normal_checks: Calls) -> None:
    for _ in range(5):
        with pytest.raises(SignInRefused):
            sign_in(demo_db, CONSULTANT, "wrong-password")
    window = opened(qtbot, demo_url, CONSULTANT)
    assert normal_checks.names == [CONSULTANT] and window.actor == ""
    dialog = window.findChild(SignIn)
    assert dialog is not None
    dialog.password.setText(PASSWORD)
    dialog.try_sign_in()
    assert "locked until" in dialog.hint.text() and window.actor == ""


def test_a_schema_not_current_takes_the_normal_path(qtbot: Any, demo_url: str,
                                                    normal_checks: Calls,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(first_look_module, "read_head_revision", lambda: "0099")
    before = actions(demo_url)
    window = opened(qtbot, demo_url, CONSULTANT)
    assert normal_checks.names == [CONSULTANT] and window.actor == CONSULTANT
    assert actions(demo_url) == [*before, "sign_in"]


def test_a_postgresql_url_takes_the_normal_path(qtbot: Any, demo_url: str,
                                                normal_checks: Calls,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    server = "postgresql+psycopg://loandesk@127.0.0.1:1/loandesk"
    opened_urls: list[str] = []

    def open_database(url: str) -> tuple[Database, list[Any]]:
        opened_urls.append(url)  # the server stands in for the demo file here
        db = Database(demo_url)
        return db, list_users(db)

    monkeypatch.setattr(main_window_module, "open_database", open_database)
    window = opened(qtbot, server, CONSULTANT)
    assert opened_urls == [server]
    assert normal_checks.names == [CONSULTANT] and window.actor == CONSULTANT
    assert window.db is not None
    window.db.dispose()


def test_the_services_queue_replaces_the_first_page_keeping_the_selection(
        qtbot: Any, demo_url: str, demo_db: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    entries = my_queue(demo_db, CONSULTANT).entries
    assert len(entries) >= 3
    chosen = entries[2]
    monkeypatch.setattr(quick_queue, "first_queue_page", lambda *_args: (chosen,))
    first_pages: list[tuple[Any, str]] = []
    show_first_page = QueueView.show_first_page

    def recorded(view: QueueView, queue: Queue, *, whole: bool) -> None:
        show_first_page(view, queue, whole=whole)
        first_pages.append((view.model.entries, view.note.text()))

    monkeypatch.setattr(QueueView, "show_first_page", recorded)
    window = opened(qtbot, demo_url, CONSULTANT)
    # One entry (fewer than a page): the whole queue as far as the first page knows.
    assert first_pages == [((chosen,), "1 item(s), oldest first. Double-click or Enter opens "
                                       "the case on its step.")]
    queue = window.queue
    assert queue is not None and window.pages.currentWidget() is queue
    assert queue.model.entries == entries and not queue.first_page_only
    assert queue.model.entries[queue.table.currentIndex().row()] == chosen
    assert f"{len(entries)} item(s)" in queue.note.text()


def test_a_full_first_page_does_not_claim_a_count(qtbot: Any, demo_url: str,
                                                  demo_db: Database,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    entries = my_queue(demo_db, CONSULTANT).entries
    assert len(entries) > 2
    monkeypatch.setattr(quick_queue, "first_queue_page",
                        lambda _connection, _user, _role, limit: entries[:limit])
    monkeypatch.setattr("app.services.fast_start.FIRST_PAGE", 2)
    first_pages: list[tuple[Any, str, bool]] = []
    changes: list[str] = []
    show_first_page = QueueView.show_first_page

    def recorded(view: QueueView, queue: Queue, *, whole: bool) -> None:
        show_first_page(view, queue, whole=whole)
        first_pages.append((view.model.entries, view.note.text(), view.first_page_only))
        view.model.modelReset.connect(lambda: changes.append("reset"))
        view.model.rowsInserted.connect(
            lambda _parent, first, last: changes.append(f"rows {first}-{last}"))

    monkeypatch.setattr(QueueView, "show_first_page", recorded)
    window = opened(qtbot, demo_url, CONSULTANT)
    assert first_pages == [(entries[:2], "Oldest first. Double-click or Enter opens the case "
                                         "on its step.", True)]
    assert window.queue is not None and window.queue.model.entries == entries
    # The answer begins with the rows shown: the rest is added below them, nothing reset.
    assert changes == [f"rows 2-{len(entries) - 1}"]
    assert window.queue.table.currentIndex().row() == 0


def test_a_sign_in_not_confirmed_by_the_services_asks_again(
        qtbot: Any, demo_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_args: Any) -> Any:
        raise SignInRefused("password", "unknown user or wrong password", "the password",
                            zh="用户名或密码错误")

    monkeypatch.setattr(main_window_module, "record_sign_in", refused)
    window = opened(qtbot, demo_url, CONSULTANT)
    assert window.actor == "" and window.queue is None and window.case_list is None
    assert window.who is None and not window.new_action.isEnabled()
    dialog = window.findChild(SignIn)
    assert dialog is not None and dialog.user_name() == CONSULTANT


def test_the_early_thread_of_a_real_start(qtbot: Any, demo_url: str, normal_checks: Calls,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui import i18n, main

    monkeypatch.setattr(main, "set_application_icon", lambda _app: None)
    monkeypatch.setattr(i18n, "chosen_language", lambda: i18n.ENGLISH)  # as the suite runs
    before = actions(demo_url)
    app, window = main.start(demo_url, CONSULTANT)
    qtbot.addWidget(window)
    assert window._early is not None  # started before the window was built
    qtbot.waitUntil(lambda: window.case_list is not None, timeout=10_000)
    assert window.actor == CONSULTANT and normal_checks.names == []
    assert window.pages.currentWidget() is window.queue
    assert actions(demo_url) == [*before, "sign_in"]
    assert app is QApplication.instance()


def test_the_start_waits_for_the_windows_first_paint(qtbot: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMainWindow

    from app.ui.first_paint import AfterFirstPaint

    monkeypatch.setattr(AfterFirstPaint, "FALLBACK_MS", 60_000)  # only the paint starts it
    window = QMainWindow()
    qtbot.addWidget(window)
    calls: list[str] = []
    AfterFirstPaint(window, lambda: calls.append("start"))
    qtbot.wait(50)
    assert calls == []  # not painted (not even shown): not started
    window.show()
    qtbot.waitUntil(lambda: calls == ["start"], timeout=5000)
    window.repaint()
    qtbot.wait(20)
    assert calls == ["start"]  # once


def test_a_window_never_painted_starts_after_a_while(qtbot: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMainWindow

    from app.ui.first_paint import AfterFirstPaint

    monkeypatch.setattr(AfterFirstPaint, "FALLBACK_MS", 30)
    window = QMainWindow()
    qtbot.addWidget(window)
    calls: list[str] = []
    AfterFirstPaint(window, lambda: calls.append("start"))
    assert calls == []
    qtbot.waitUntil(lambda: calls == ["start"], timeout=5000)
