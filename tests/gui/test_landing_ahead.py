"""The landing page made ready while the password is checked, and the first rows painted
before the database layer loads behind them (issue 15). Orders of events, no timing."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from app.services.fast_start import FastStart, early_sign_in
from app.services.queues import my_queue
from app.store.db import Database
from app.ui import main_window as main_window_module
from app.ui.main_window import MainWindow
from app.ui.queue import QueueView
from tests.conftest import CONSULTANT, PASSWORD


class HeldSignIn:
    """Stands in for app.services.fast_start.EarlySignIn: answers when the test says so."""

    def __init__(self, answer: FastStart | None) -> None:
        self._answer, self.released, self.painted = answer, False, 0

    def window_painted(self) -> None:
        self.painted += 1

    def done(self) -> bool:
        return self.released

    def answer(self) -> FastStart | None:
        assert self.released
        return self._answer


class Painted(QObject):
    """Records each paint of a widget with the rows its queue held then."""

    def __init__(self, queue: QueueView, events: list[str]) -> None:
        super().__init__(queue)
        self._queue, self._events = queue, events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._events.append(f"paint {self._queue.model.rowCount()} rows")
        return False


def started(qtbot: Any, url: str, early: HeldSignIn) -> MainWindow:
    window = MainWindow(url, CONSULTANT, early=early)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    return window


def test_the_landing_page_is_built_empty_while_the_password_is_checked(
        qtbot: Any, demo_url: str, demo_db: Database) -> None:
    fast = early_sign_in(demo_url, CONSULTANT, PASSWORD)
    assert fast is not None and fast.first_page is not None and fast.first_page.entries
    early = HeldSignIn(fast)
    window = started(qtbot, demo_url, early)
    assert early.painted == 1  # the early thread is told the window has its first frame
    qtbot.waitUntil(lambda: not window._ahead, timeout=10_000)  # every step done meanwhile
    landing = window._landing
    assert landing is not None and window.pages.indexOf(landing) >= 0
    # Nothing of the person before the check: no rows, no name, not on screen, no database.
    assert landing.model.rowCount() == 0 and landing.model.entries == ()
    assert landing.heading.text() == "Waiting for you" and landing.note.text() == ""
    assert window.pages.currentWidget() is window.waiting and not landing.isVisible()
    assert window.actor == "" and window.queue is None and window.db is None
    assert window.statusBar().currentMessage() == "" and window.who is None
    early.released = True
    qtbot.waitUntil(lambda: window.case_list is not None, timeout=10_000)
    # The same page, now the person's, with the first page's rows, then the services'.
    assert window.queue is landing and window._landing is None
    assert window.pages.currentWidget() is landing and window.actor == CONSULTANT
    assert landing.model.entries == my_queue(demo_db, CONSULTANT).entries
    assert window.pages.count() == len({window.pages.widget(i)
                                        for i in range(window.pages.count())})


def test_a_role_without_a_queue_never_shows_the_page_built_ahead(
        qtbot: Any, demo_url: str) -> None:
    fast = early_sign_in(demo_url, "admin", PASSWORD)
    assert fast is not None and fast.first_page is None
    early = HeldSignIn(fast)
    window = started(qtbot, demo_url, early)
    qtbot.waitUntil(lambda: not window._ahead, timeout=10_000)
    landing = window._landing
    assert landing is not None
    early.released = True
    qtbot.waitUntil(lambda: window.db is not None, timeout=10_000)
    assert window.queue is None and window.pages.currentWidget() is window.no_cases
    assert not landing.isVisible() and landing.model.rowCount() == 0


def test_an_answer_before_the_steps_skips_what_is_left(qtbot: Any, demo_url: str) -> None:
    """The answer is looked at before each step: what has not begun is not done."""
    early = HeldSignIn(early_sign_in(demo_url, CONSULTANT, PASSWORD))
    early.released = True
    window = started(qtbot, demo_url, early)
    qtbot.waitUntil(lambda: window.case_list is not None, timeout=10_000)
    assert window._ahead == [] and window._landing is None
    assert isinstance(window.queue, QueueView) and window.queue.model.rowCount() > 0


def test_the_first_rows_are_painted_before_the_database_layer_opens(
        qtbot: Any, demo_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_open = main_window_module.open_database

    def open_database(url: str) -> Any:
        events.append("open the database")
        return real_open(url)

    monkeypatch.setattr(main_window_module, "open_database", open_database)
    fast = early_sign_in(demo_url, CONSULTANT, PASSWORD)
    assert fast is not None and fast.first_page is not None
    early = HeldSignIn(fast)
    window = started(qtbot, demo_url, early)
    qtbot.waitUntil(lambda: not window._ahead, timeout=10_000)
    landing = window._landing
    assert landing is not None
    landing.table.viewport().installEventFilter(Painted(landing, events))
    early.released = True
    qtbot.waitUntil(lambda: window.case_list is not None, timeout=10_000)
    rows = len(fast.first_page.entries)
    assert events[:2] == [f"paint {rows} rows", "open the database"]


def test_paint_now_paints_before_returning(qtbot: Any) -> None:
    from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout

    from app.ui.first_paint import paint_now

    window = QWidget()
    qtbot.addWidget(window)
    pages = QStackedWidget()
    QVBoxLayout(window).addWidget(pages)
    pages.addWidget(QLabel("waiting"))
    window.resize(600, 400)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    page = QLabel("rows")
    pages.addWidget(page)
    pages.setCurrentWidget(page)
    seen: list[tuple[int, int]] = []

    class Sizes(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                seen.append((page.width(), page.height()))
            return False

    sizes = Sizes(page)
    page.installEventFilter(sizes)
    paint_now(window)
    assert seen == [(pages.width(), pages.height())]  # painted at its place, before returning


def test_a_page_built_ahead_and_unused_goes_at_sign_out(qtbot: Any, demo_url: str) -> None:
    """The administrator lands on no queue; whoever signs in next gets a page built then,
    in the language of that moment, not the start-up's."""
    early = HeldSignIn(early_sign_in(demo_url, "admin", PASSWORD))
    window = started(qtbot, demo_url, early)
    qtbot.waitUntil(lambda: not window._ahead, timeout=10_000)
    landing = window._landing
    assert landing is not None
    early.released = True
    qtbot.waitUntil(lambda: window.db is not None and window.actor == "admin", timeout=10_000)
    window.sign_out()
    assert window._landing is None and window.pages.indexOf(landing) < 0
