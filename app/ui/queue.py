"""My queue: the landing page of every role, the work waiting for the person at the desk.

The entries come from app.services.queues.my_queue (the procedure decides what is whose);
this page only shows them, oldest first, and opens a case on the step of its entry
(double-click or Enter). A scanned form's QR may pick an entry by its serial (`entry_for`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

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
from app.domain.queue_records import COPY, TASK, VISIT, Queue, QueueEntry
from app.ui import i18n
from app.ui.case_list import step_title
from app.ui.workers import run_in_pool

if TYPE_CHECKING:  # the database layer is loaded behind the first screen (issue 15)
    from app.store.db import Database

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
        old = self.entries
        if old and show_role == self.show_role and entries[:len(old)] == old:
            # The services' answer after the start-up's first page begins with it: the
            # rows shown stay (no reset: scroll position and selection untouched).
            if len(entries) > len(old):
                self.beginInsertRows(QModelIndex(), len(old), len(entries) - 1)
                self.entries = entries
                self.endInsertRows()
            return
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


def _identity(entry: QueueEntry) -> tuple[str, ...]:
    """What names one piece of work, whichever answer carried it."""
    return (entry.kind, entry.number, entry.step, entry.task_id, entry.serial, entry.copy_id)


class QueueView(QWidget):
    """The person's queue; `open_case(number, step)` opens a case on the entry's step.

    At start-up the page may show a first page of entries (app.services.fast_start) before
    its database is open (`db` None); `attach` gives it the database and the services'
    answer replaces the first page, the selected entry kept.
    """

    open_case = Signal(str, str)
    board_requested = Signal()
    list_requested = Signal()

    def __init__(self, db: Database | None, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.queue: Queue | None = None
        self.first_page_only = False  # what is shown is the start-up's first page
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

    def assign(self, db: Database | None, actor: str) -> None:
        """The page, built empty before the sign-in (app.ui.landing), is now `actor`'s."""
        self._db, self._actor = db, actor

    def attach(self, db: Database) -> None:
        """The database is open: the services' answer replaces whatever is shown."""
        self._db = db
        self.reload()

    def reload(self) -> None:
        from app.services.queues import my_queue

        db, actor = self._db, self._actor
        if db is None:
            return  # the start-up's first page stays until the database is open
        run_in_pool(lambda: my_queue(db, actor), on_result=self._loaded,
                    on_error=self._failed)

    def show_first_page(self, queue: Queue, *, whole: bool) -> None:
        """The start-up's first entries, before the services answer; `whole`: they are all
        the entries there are."""
        self._loaded(queue, first_page=not whole)

    def _failed(self, error: Exception) -> None:
        if shiboken6.isValid(self):
            i18n.report_error(self, error)

    def _loaded(self, queue: Queue, *, first_page: bool = False) -> None:
        if not shiboken6.isValid(self):
            return
        self.queue, self.first_page_only = queue, first_page
        everyone = queue.role == Role.MANAGER
        if (queue.entries, everyone) != (self.model.entries, self.model.show_role):
            self._replace_entries(queue.entries, everyone)
        role = i18n.text(ROLE_TITLES[Role(queue.role)]) if queue.role in {
            r.value for r in Role} else queue.role
        self.heading.setText(self.tr("Waiting for %1 (%2)").replace("%1", queue.who)
                             .replace("%2", role))
        if not queue.entries:
            note = self.tr("Nothing is waiting for you. All cases: Case → Find a case.")
        elif first_page:  # how many there are is the services' answer, a moment later
            note = self.tr("Oldest first. Double-click or Enter opens the case on its step.")
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

    def _replace_entries(self, entries: tuple[QueueEntry, ...], everyone: bool) -> None:
        """New entries in the table, the selected piece of work still selected if it is
        among them (a reload, or the services' answer after the first page)."""
        current = self.table.currentIndex()
        chosen = _identity(self.model.entries[current.row()]) if current.isValid() else None
        self.model.set_entries(entries, everyone)
        row = next((i for i, e in enumerate(entries) if _identity(e) == chosen), None)
        if row is not None:
            self.table.selectRow(row)

    def _catch_up(self, note: str) -> None:
        """Cases whose stored queue is not of today (a new morning, a database just
        upgraded) are worked out behind the page; the queue reloads when some were."""
        db = self._db
        if self._catching_up or db is None:
            return
        from app.services.queue_store import refresh_stale_queue

        self._catching_up = True
        self.note.setText(note + " " + self.tr("Bringing the queue up to date…"))
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
