"""Every role's home (issue 14): signed in on the demo database, each role lands on its
queue; every entry opens its case on its step, where what the queue offers is offered and not
refused; the menus offer only what opens; sign-out and the language apply without a restart."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app.domain.permissions import Action, allowed_anywhere
from app.services.queues import COPY, TASK, my_queue
from app.services.tasks import task_blockers
from app.store.db import Database
from app.ui import i18n
from app.ui.main_window import MainWindow
from app.ui.sign_in import SignIn
from app.ui.workspace import CaseWorkspace
from tests.conftest import (
    CONSULTANT,
    CREDIT,
    FINANCE,
    INFO,
    INSURANCE,
    MANAGER,
    PASSWORD,
    WAREHOUSE,
)

LOAN_STAFF = (CONSULTANT, INFO, FINANCE, CREDIT, INSURANCE, WAREHOUSE, MANAGER)


def window_for(qtbot: Any, url: str, user: str) -> MainWindow:
    window = MainWindow(url, user)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    return window


def refusal_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


@pytest.mark.parametrize("user", LOAN_STAFF)
def test_each_role_lands_on_its_queue_and_every_entry_opens_unrefused(
        qtbot: Any, demo_url: str, demo_db: Database, user: str) -> None:
    window = window_for(qtbot, demo_url, user)
    queue = window.queue
    assert queue is not None and window.pages.currentWidget() is queue
    expected = my_queue(demo_db, user).entries
    assert expected, f"the demo gives {user} nothing to do"
    assert queue.model.entries == expected
    for row, entry in enumerate(expected):
        queue._open_index(queue.model.index(row, 0))
        workspace = window.workspace
        assert isinstance(workspace, CaseWorkspace) and window.open_number == entry.number
        assert workspace.page is not None and workspace.page.step.id == entry.step
        if entry.kind == TASK:
            task_row = workspace.page.task_rows[entry.task_id]
            # Offered: the workspace shows the button only to who may record the task.
            assert task_row.button.isVisibleTo(window) and task_row.button.isEnabled()
            # The row's reason is the service's: the same refusal, or none.
            refusal = task_blockers(demo_db, user, entry.number).refusals.get(entry.task_id)
            assert task_row.refusal == refusal
            if "ready to record" in entry.why.en:
                assert refusal is None
        elif entry.kind == COPY:
            buttons = [b for b in workspace.page.findChildren(QPushButton)
                       if b.objectName() == f"receipt_{entry.serial}_{entry.copy_id}"]
            assert len(buttons) == 1 and buttons[0].isEnabled()
        assert not refusal_boxes()
        window.back_shortcut.activated.emit()  # Esc: back where the case was opened from
        assert window.pages.currentWidget() is queue and window.workspace is None


def test_confirming_a_copy_from_the_queue_takes_it_off(qtbot: Any, demo_url: str,
                                                       demo_db: Database) -> None:
    window = window_for(qtbot, demo_url, INFO)
    queue = window.queue
    assert queue is not None
    row, entry = next((i, e) for i, e in enumerate(queue.model.entries) if e.kind == COPY)
    assert queue.entry_for(entry.serial, entry.copy_id) == entry  # the QR hook finds it
    queue._open_index(queue.model.index(row, 0))
    assert isinstance(window.workspace, CaseWorkspace) and window.workspace.page is not None
    button = next(b for b in window.workspace.page.findChildren(QPushButton)
                  if b.objectName() == f"receipt_{entry.serial}_{entry.copy_id}")
    button.click()
    assert not refusal_boxes()
    window.workspace.close_requested.emit()
    assert window.pages.currentWidget() is queue
    assert entry not in queue.model.entries and queue.entry_for(entry.serial) is None


def test_enter_opens_the_selected_entry(qtbot: Any, demo_url: str) -> None:
    window = window_for(qtbot, demo_url, CREDIT)
    queue = window.queue
    assert queue is not None and queue.model.entries
    queue.table.setFocus()
    queue.table.selectRow(0)
    qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    assert window.open_number == queue.model.entries[0].number


@pytest.mark.parametrize("user", [*LOAN_STAFF, "admin"])
def test_the_view_menu_offers_only_what_opens(qtbot: Any, demo_url: str, user: str) -> None:
    window = window_for(qtbot, demo_url, user)
    role = window.role()
    offered = {window.queue_action: Action.QUEUE, window.today_action: Action.TODAY,
               window.board_action: Action.BOARD}
    for action, right in offered.items():
        assert action.isVisible() is allowed_anywhere(role, right), (user, action.text())
    visible = [a for a in offered if a.isVisible()]
    assert window.view_menu.menuAction().isVisible() is bool(visible)
    for action in visible:
        action.trigger()
        assert not refusal_boxes(), (user, action.text())
        assert window.pages.currentWidget() in (window.queue, window.today, window.board)


def test_sign_out_closes_the_workspace_and_asks_who_signs_in(qtbot: Any,
                                                            demo_url: str) -> None:
    window = window_for(qtbot, demo_url, CONSULTANT)
    assert window.queue is not None and window.queue.model.entries
    window.queue.open_selected()
    assert isinstance(window.workspace, CaseWorkspace)
    window.sign_out_action.trigger()
    assert window.workspace is None and window.case_list is None and window.queue is None
    assert window.actor == "" and not window.new_action.isEnabled()
    dialog = window.findChild(SignIn)
    assert dialog is not None and dialog.isVisible()
    dialog.user.setCurrentIndex(dialog.user.findData(FINANCE))
    dialog.password.setText(PASSWORD)
    dialog.try_sign_in()
    assert window.actor == FINANCE and window.queue is not None
    assert window.pages.currentWidget() is window.queue
    assert "陈静" in window.queue.heading.text()
    assert not window.new_action.isVisible()  # finance opens no cases
    assert window.who is not None and "陈静" in window.who.text()


def test_the_language_changes_at_once_and_the_open_case_stays_open(
        qtbot: Any, demo_url: str) -> None:
    window = window_for(qtbot, demo_url, MANAGER)
    assert window.queue is not None
    window.queue.open_selected()
    number = window.open_number
    try:
        window.apply_language(i18n.CHINESE)
        assert i18n.is_chinese()
        assert window.menuBar().actions()[0].text() == "案件(&C)"
        assert window.open_number == number and isinstance(window.workspace, CaseWorkspace)
        window.show_queue()
        assert window.queue is not None and "的待办" in window.queue.heading.text()
        assert window.queue.model.headerData(0, Qt.Orientation.Horizontal) == "等待起始"
    finally:
        window.apply_language(i18n.ENGLISH)
    assert window.menuBar().actions()[0].text() == "&Case"
    assert window.queue is not None and "Waiting for" in window.queue.heading.text()


def test_a_queue_of_stale_cases_catches_up_behind_the_page(qtbot: Any, demo_url: str,
                                                           demo_db: Database,
                                                           monkeypatch: Any) -> None:
    """A database just upgraded (no stored rows yet): the page shows what it has, says it
    is being brought up to date, works the rest out behind it and shows it all."""
    from sqlalchemy import delete, update

    from app.store.models import Case, QueueRecord

    expected = my_queue(demo_db, MANAGER).entries
    with demo_db.transaction() as session:
        session.execute(delete(QueueRecord))
        session.execute(update(Case.__table__).values(queue_as_of=None))
    monkeypatch.setattr("app.services.queues.MAX_REFRESH", 1)
    seen: list[str] = []
    monkeypatch.setattr("app.ui.queue.QueueView._caught_up", _recording(seen))
    window = window_for(qtbot, demo_url, MANAGER)
    queue = window.queue
    assert queue is not None and queue.queue is not None
    assert seen and "up to date" in seen[0]  # said while the rest was worked out
    assert queue.queue.complete and queue.model.entries == expected


def _recording(seen: list[str]) -> Any:
    from app.ui.queue import QueueView

    original = QueueView._caught_up

    def caught_up(self: QueueView, count: int, note: str) -> None:
        seen.append(self.note.text())
        original(self, count, note)

    return caught_up
