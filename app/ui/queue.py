"""My queue: the landing page of every role, the work waiting for the person at the desk.

The entries come from app.services.queues.my_queue (the procedure decides what is whose);
this page only shows them, oldest first, and opens a case on the step of its entry
(double-click or Enter). A scanned form's QR may pick an entry by its serial (`entry_for`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.board import days_between
from app.domain.procedure import ROLE_TITLES, Role
from app.services.queues import COPY, TASK, VISIT, Queue, QueueEntry, my_queue
from app.store.db import Database
from app.ui import i18n
from app.ui.case_list import step_title
from app.ui.workers import run_in_pool

COL_SINCE, COL_NUMBER, COL_CUSTOMER, COL_STEP, COL_WHAT, COL_WHY = range(6)
COLUMN_COUNT = 6
_Index = QModelIndex | QPersistentModelIndex


class QueueModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: tuple[QueueEntry, ...] = ()
        self._now = datetime.now(UTC)
        self.show_role = False  # a manager sees everyone's work: say whose

    def set_entries(self, entries: tuple[QueueEntry, ...], show_role: bool) -> None:
        self.beginResetModel()
        self.entries, self.show_role = entries, show_role
        self._now = datetime.now(UTC)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def _kind(self, entry: QueueEntry) -> str:
        return {TASK: self.tr("Task"), COPY: self.tr("Copy to confirm"),
                VISIT: self.tr("Visit")}.get(entry.kind, entry.kind)

    def _display(self, entry: QueueEntry, column: int) -> str:
        if column == COL_SINCE:
            days = days_between(entry.since, self._now)
            local = entry.since.astimezone()
            return self.tr("%1 · %2 d").replace("%1", f"{local:%Y-%m-%d}").replace(
                "%2", str(days))
        if column == COL_NUMBER:
            return entry.number
        if column == COL_CUSTOMER:
            return f"{entry.customer}  {entry.phone}"
        if column == COL_STEP:
            return step_title(entry.step)
        if column == COL_WHAT:
            what = i18n.text(entry.what)
            if self.show_role and entry.role in {r.value for r in Role}:
                what = f"{what} · {i18n.text(ROLE_TITLES[Role(entry.role)])}"
            return what
        return i18n.text(entry.why)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{self._kind(entry)}: {i18n.text(entry.what)}\n{i18n.text(entry.why)}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Waiting since"), self.tr("Case"), self.tr("Customer"),
                self.tr("Step"), self.tr("To do"), self.tr("Why it is yours"))[section]


class QueueView(QWidget):
    """The person's queue; `open_case(number, step)` opens a case on the entry's step."""

    open_case = Signal(str, str)
    board_requested = Signal()
    list_requested = Signal()

    def __init__(self, db: Database, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.queue: Queue | None = None
        self._catching_up = False  # a background refresh of stale cases is running
        self.heading = QLabel(self.tr("Waiting for you"))
        self.heading.setObjectName("figure")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.model = QueueModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in ((COL_SINCE, 150), (COL_NUMBER, 115), (COL_CUSTOMER, 150),
                              (COL_STEP, 175), (COL_WHAT, 330)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(COL_WHY, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open_index)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.reload)
        self.list_button = QPushButton(self.tr("All cases"))
        self.list_button.clicked.connect(self.list_requested)
        self.board_button = QPushButton(self.tr("Board"))
        self.board_button.clicked.connect(self.board_requested)
        self.board_button.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        for button in (self.open_button, self.list_button, self.board_button,
                       self.refresh_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.table)

    def reload(self) -> None:
        db, actor = self._db, self._actor
        run_in_pool(lambda: my_queue(db, actor), on_result=self._loaded,
                    on_error=self._failed)

    def _failed(self, error: Exception) -> None:
        if shiboken6.isValid(self):
            i18n.report_error(self, error)

    def _loaded(self, queue: Queue) -> None:
        if not shiboken6.isValid(self):
            return
        self.queue = queue
        everyone = queue.role == Role.MANAGER
        self.model.set_entries(queue.entries, everyone)
        role = i18n.text(ROLE_TITLES[Role(queue.role)]) if queue.role in {
            r.value for r in Role} else queue.role
        self.heading.setText(self.tr("Waiting for %1 (%2)").replace("%1", queue.who)
                             .replace("%2", role))
        if not queue.entries:
            note = self.tr("Nothing is waiting for you. All cases: Case → Find a case.")
        else:
            note = self.tr("%n item(s), oldest first. Double-click or Enter opens the case "
                           "on its step.", "", len(queue.entries))
        if not queue.complete:
            note += " " + self.tr("Only the oldest items are shown.")
        self.note.setText(note)
        if not queue.complete:
            self._catch_up(note)
        self.board_button.setVisible(queue.board)
        self.open_button.setEnabled(bool(queue.entries))
        if queue.entries and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _catch_up(self, note: str) -> None:
        """Cases whose stored queue is not of today (a new morning, a database just
        upgraded) are worked out behind the page; the queue reloads when some were."""
        if self._catching_up:
            return
        from app.services.queue_store import refresh_stale_queue

        self._catching_up = True
        self.note.setText(note + " " + self.tr("Bringing the queue up to date…"))
        db = self._db
        run_in_pool(lambda: refresh_stale_queue(db), on_result=lambda count: self._caught_up(
            count, note), on_error=self._failed)

    def _caught_up(self, count: int, note: str) -> None:
        if not shiboken6.isValid(self):
            return
        self._catching_up = False
        if count:
            self.reload()
        else:
            self.note.setText(note)

    def _open_index(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            entry = self.model.entries[index.row()]
            self.open_case.emit(entry.number, entry.step)

    def open_selected(self) -> None:
        self._open_index(self.table.currentIndex())

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def entry_for(self, serial: str, copy_id: str = "") -> QueueEntry | None:
        """The copy entry a scanned form names (the QR work's hook), if it waits here."""
        return next((e for e in self.model.entries if e.kind == COPY and e.serial == serial
                     and (not copy_id or e.copy_id == copy_id)), None)
