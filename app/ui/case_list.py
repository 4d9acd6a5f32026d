"""The case list: every case of the dealership, found as fast as a person types.

`CaseTableModel` fetches pages of `PAGE` rows on demand (Qt's canFetchMore/fetchMore), so
100,000 cases cost what the screen shows, not what the database holds. Every query runs on
the thread pool; each reload carries a generation number and an answer that arrives after
a newer question is dropped, so fast typing never shows the results of an old keystroke.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import qr
from app.domain.board import days_between, is_stuck
from app.domain.errors import InvalidInput
from app.domain.permissions import COLUMNS, Action, allowed_anywhere
from app.domain.procedure import ROLE_TITLES, STEPS, STEPS_BY_ID, TASKS
from app.ui import i18n
from app.ui.workers import run_in_pool

if TYPE_CHECKING:  # the database layer is loaded behind the first screen (issue 15)
    from app.services.listing import CaseQuery, CaseRow, PageMarks
    from app.store.db import Database

COL_NUMBER, COL_CUSTOMER, COL_ID, COL_VEHICLE, COL_CONSULTANT, COL_STEP, COL_DAYS, \
    COL_MISSING = range(8)
COLUMN_COUNT = 8
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1  # the case number of a row, whatever the column
PAGE = 200
KEEP_PAGES = 12  # pages held at once: a few screens either way of every place looked at
SEARCH_DELAY_MS = 150  # long enough to skip the keystrokes in between, short enough to feel live
# Columns the database can sort by; days-in-step sorts by the date the step began.
SORT_KEYS = {COL_NUMBER: "number", COL_CUSTOMER: "customer", COL_STEP: "step",
             COL_DAYS: "since", COL_MISSING: "missing"}
_Index = QModelIndex | QPersistentModelIndex


def step_title(step_id: str) -> str:
    if step_id in STEPS_BY_ID:
        step = STEPS_BY_ID[step_id]
        return f"{step.number} {i18n.text(step.title)}"
    return QCoreApplication.translate("CaseTableModel", "Delivered") if step_id == "done" \
        else step_id


class CaseTableModel(QAbstractTableModel):
    """Rows of `list_cases`, a page at a time; `set_query` starts over.

    The first page comes alone (the rows a person waits for); `fetchMore` asks for the rows
    after the last row's key. Then `page_marks` tells the total and where every page starts:
    the model takes all rows on (the scroll bar spans the whole list) and a page is fetched
    by its key when the view first asks for one of its rows, so row 90,000 costs what row 1
    costs. Only `KEEP_PAGES` pages stay in memory; those looked at longest ago are dropped.
    """

    loaded = Signal()  # the first page of the current query is shown
    counted = Signal(int)  # how many cases match the current query
    failed = Signal(object)  # an exception from a query

    def __init__(self, db: Database, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        from app.services.listing import CaseQuery

        self._query = CaseQuery()
        self._pages: OrderedDict[int, list[CaseRow]] = OrderedDict()  # oldest look first
        self._rows = 0  # the row count the view knows
        self._marks: PageMarks | None = None  # where every page starts, once known
        self._asked: set[int] = set()  # pages on their way
        self._more = False
        self._fetching = False
        self._generation = 0
        self._now = datetime.now(UTC)

    # -- loading ------------------------------------------------------------------------------

    @property
    def query(self) -> CaseQuery:
        return self._query

    def set_query(self, query: CaseQuery) -> None:
        self._query = query
        self.reload()

    def reload(self) -> None:
        from app.services.listing import list_cases

        self._generation += 1
        generation, query, db, actor = self._generation, self._query, self._db, self._actor
        self._fetching = True
        run_in_pool(lambda: list_cases(db, actor, query, limit=PAGE),
                    on_result=lambda rows: self._first_page(generation, rows),
                    on_error=lambda error: self._failed(generation, error))

    def _current(self, generation: int) -> bool:
        # A late answer to an old question, or to a model already gone, is dropped.
        return shiboken6.isValid(self) and generation == self._generation

    def _first_page(self, generation: int, rows: list[CaseRow]) -> None:
        from app.services.listing import PageMarks, page_marks

        if not self._current(generation):
            return
        self.beginResetModel()
        self._pages = OrderedDict({0: rows})
        self._rows = len(rows)
        self._marks = None
        self._asked = set()
        self._more = len(rows) == PAGE
        self._fetching = False
        self._now = datetime.now(UTC)
        self.endResetModel()
        self.loaded.emit()
        if not self._more:
            self._marks = PageMarks(len(rows), PAGE, (None,))
            self._counted(generation, len(rows))  # all of them are here: nothing to count
            return
        # Counted after the rows, not beside them: the count reads every match and would
        # slow the rows a person is waiting for.
        db, actor, query = self._db, self._actor, self._query
        run_in_pool(lambda: page_marks(db, actor, query, every=PAGE),
                    on_result=lambda marks: self._marked(generation, marks),
                    on_error=lambda error: self._failed(generation, error))

    def _marked(self, generation: int, marks: PageMarks) -> None:
        if not self._current(generation):
            return
        self._marks = marks
        self._more = False  # every row is known now; pages come by their marks
        if marks.total > self._rows:
            self.beginInsertRows(QModelIndex(), self._rows, marks.total - 1)
            self._rows = marks.total
            self.endInsertRows()
        elif marks.total < self._rows:  # cases gone since the first page: keep what is true
            self.beginRemoveRows(QModelIndex(), marks.total, self._rows - 1)
            self._rows = marks.total
            for page in [p for p in self._pages if p * PAGE >= marks.total]:
                del self._pages[page]
            self.endRemoveRows()
        self.counted.emit(marks.total)

    def _counted(self, generation: int, total: int) -> None:
        if self._current(generation):
            self.counted.emit(total)

    def _failed(self, generation: int, error: Exception) -> None:
        if self._current(generation):
            self._fetching = False
            self.failed.emit(error)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        """The page after the last row shown, found by that row's key (before the marks)."""
        from app.services.listing import list_cases

        if not self.canFetchMore(parent):
            return
        last_page = (self._rows - 1) // PAGE
        if last_page not in self._pages:
            return
        self._fetching = True
        generation, query, db, actor = self._generation, self._query, self._db, self._actor
        after = self._pages[last_page][-1].key
        run_in_pool(lambda: list_cases(db, actor, query, after=after, limit=PAGE),
                    on_result=lambda rows: self._next_page(generation, last_page + 1, rows),
                    on_error=lambda error: self._failed(generation, error))

    def _next_page(self, generation: int, page: int, rows: list[CaseRow]) -> None:
        if not self._current(generation):
            return
        self._fetching = False
        if self._marks is not None:  # the marks came first: the rows are there already
            self._arrived(generation, page, rows)
            return
        self._more = len(rows) == PAGE
        if rows:
            self.beginInsertRows(QModelIndex(), self._rows, self._rows + len(rows) - 1)
            self._keep(page, rows)
            self._rows += len(rows)
            self.endInsertRows()

    def _ask(self, page: int, count: int = 1) -> None:
        """Fetch `count` pages from `page` on by its mark, in one query, once, off the GUI
        thread (a screen across two pages is one read, not two reads taking turns)."""
        from app.services.listing import list_cases

        marks = self._marks
        if marks is None or page in self._asked or page >= len(marks.after):
            return
        count = min(count, len(marks.after) - page)
        self._asked.update(range(page, page + count))
        generation, query, db, actor = self._generation, self._query, self._db, self._actor
        after = marks.after[page]
        run_in_pool(lambda: list_cases(db, actor, query, after=after, limit=PAGE * count),
                    on_result=lambda rows: self._arrived(generation, page, rows, count),
                    on_error=lambda error: self._failed(generation, error))

    def _arrived(self, generation: int, page: int, rows: list[CaseRow], count: int = 1) -> None:
        if not self._current(generation):
            return
        for offset in range(count):
            self._asked.discard(page + offset)
            self._keep(page + offset, rows[offset * PAGE:(offset + 1) * PAGE])
        first = page * PAGE
        last = min(first + PAGE * count, self._rows) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMN_COUNT - 1))

    def _keep(self, page: int, rows: list[CaseRow]) -> None:
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > KEEP_PAGES:  # the page looked at longest ago goes
            self._pages.popitem(last=False)

    def pages_missing(self, first: int, last: int) -> list[int]:
        """The pages holding rows `first`..`last` that are not in memory, each asked for
        (once) on the way; none before the page marks are known (the list then grows by
        fetchMore, a page after the last)."""
        if self._marks is None or first < 0:
            return []
        missing = [page for page in range(first // PAGE, last // PAGE + 1)
                   if page not in self._pages and page not in self._asked]
        runs: list[list[int]] = []  # consecutive pages: one read each run
        for page in missing:
            if runs and runs[-1][-1] == page - 1:
                runs[-1].append(page)
            else:
                runs.append([page])
        for run in runs:
            self._ask(run[0], len(run))
        return [page for page in range(first // PAGE, last // PAGE + 1)
                if page not in self._pages]  # the pool may answer in line (tests)

    def ask_around(self, first: int, last: int) -> None:
        """The pages just before and just after rows `first`..`last`, asked for if they are
        not in memory: a scroll on from a jump finds its rows there."""
        marks = self._marks
        if marks is None or first < 0:
            return
        for page in (first // PAGE - 1, last // PAGE + 1):
            if 0 <= page < len(marks.after) and page not in self._pages:
                self._ask(page)

    def loaded_pages(self) -> list[int]:
        return sorted(self._pages)

    def refresh_case(self, number: str) -> None:
        """A case changed elsewhere (the workspace): redraw its row, or reload if it is new."""
        from app.services.listing import CaseQuery, list_cases

        db, actor = self._db, self._actor
        run_in_pool(lambda: list_cases(db, actor, CaseQuery(search=number), limit=5),
                    on_result=lambda rows: self._replace(number, rows),
                    on_error=lambda error: self._failed(self._generation, error))

    def _replace(self, number: str, rows: list[CaseRow]) -> None:
        if not shiboken6.isValid(self):
            return
        fresh = next((r for r in rows if r.number == number), None)
        for page, kept in self._pages.items():
            for position, row in enumerate(kept):
                if row.number == number and fresh is not None:
                    # The key stays: the row keeps its place until the list reloads.
                    kept[position] = replace(fresh, key=row.key)
                    at = page * PAGE + position
                    self.dataChanged.emit(self.index(at, 0), self.index(at, COLUMN_COUNT - 1))
                    return
        self.reload()

    # -- what the view asks -----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def row_at(self, position: int) -> CaseRow | None:
        """The row at `position`, or None while its page is on its way (then it is asked)."""
        page, within = divmod(position, PAGE)
        rows = self._pages.get(page)
        if rows is None or within >= len(rows):
            self._ask(page)
            return None
        self._pages.move_to_end(page)
        return rows[within]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == NUMBER_ROLE:
            return row.number
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_MISSING, COL_VEHICLE):
            return self._display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_DAYS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_DAYS \
                and row.step != "done" and is_stuck(days_between(row.step_since, self._now)):
            return QColor("#b45309")
        return None

    def _display(self, row: CaseRow, column: int) -> str:
        if column == COL_NUMBER:
            return row.number
        if column == COL_CUSTOMER:
            return row.customer
        if column == COL_ID:
            return row.id_masked
        if column == COL_VEHICLE:
            return row.vehicle
        if column == COL_CONSULTANT:
            return row.consultant
        if column == COL_STEP:
            return step_title(row.step)
        if column == COL_DAYS:
            return "" if row.step == "done" else str(days_between(row.step_since, self._now))
        return row.missing_zh if i18n.is_chinese() else row.missing

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Case"), self.tr("Customer"), self.tr("ID number"), self.tr("Vehicle"),
                self.tr("Consultant"), self.tr("Current step"), self.tr("Days"),
                self.tr("What is missing"))[section]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in SORT_KEYS:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if column == COL_DAYS:
            descending = not descending  # more days in the step = an earlier start
        query = replace(self._query, sort=SORT_KEYS[column], descending=descending)
        if query != self._query:
            self.set_query(query)


class SearchBox(QLineEdit):
    """The search field; the down arrow walks into the list, as it does in a browser bar."""

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


def _searched(text: str) -> str:
    """What the list searches for: a scanned sheet's code finds its case by number."""
    if text.strip().startswith(qr.PREFIX + qr.SEPARATOR):
        try:
            return qr.parse(text).case_number
        except InvalidInput:
            pass
    return text.strip()


class CaseListPage(QWidget):
    """Search and filter bar above the table. Emits `open_requested(number)`."""

    open_requested = Signal(str)
    new_case_requested = Signal()
    sheet_scanned = Signal(object)  # a printed sheet's QR code (app.domain.qr) scanned here

    def __init__(self, db: Database, actor: str, role: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._role = role
        self.model = CaseTableModel(db, actor, self)
        self._build()
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.open_typed)
        self.search.down_pressed.connect(self._enter_table)
        for combo in (self.step_filter, self.consultant_filter, self.waiting_filter):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.stuck_filter.valueChanged.connect(self._debounce.start)
        self.table.activated.connect(self._open_index)
        self.model.counted.connect(self._show_count)
        self.model.failed.connect(lambda error: i18n.report_error(self, error))
        self.header_sort = self.table.horizontalHeader().sortIndicatorChanged
        self.header_sort.connect(self._keep_sortable_indicator)
        self.model.reload()

    def _build(self) -> None:
        self.search = SearchBox()
        self.search.setClearButtonEnabled(True)
        # Only the roles that may reveal ID numbers search by their tail (the matrix says).
        self.search.setPlaceholderText(self.tr(
            "Search or scan: case number, name, phone, ID or VIN tail, plate  (Ctrl+F)")
            if allowed_anywhere(self._role, Action.SEARCH_ID_TAIL) else self.tr(
            "Search or scan: case number, name, phone or VIN tail, plate  (Ctrl+F)"))
        self.step_filter = QComboBox()
        self.step_filter.addItem(self.tr("All steps"), None)
        for step in STEPS:
            self.step_filter.addItem(step_title(step.id), step.id)
        self.step_filter.addItem(step_title("done"), "done")
        self.consultant_filter = QComboBox()
        self.consultant_filter.addItem(self.tr("All consultants"), None)
        # The roles the procedure gives work to (Task.role), in the matrix's order.
        self.waiting_filter = QComboBox()
        self.waiting_filter.addItem(self.tr("Waiting for anyone"), None)
        for role in COLUMNS:
            if any(t.role == role for t in TASKS.values()):
                self.waiting_filter.addItem(self.tr("Waiting for %1").replace(
                    "%1", i18n.text(ROLE_TITLES[role])), role.value)
        self.stuck_filter = QSpinBox()
        self.stuck_filter.setRange(0, 365)
        self.stuck_filter.setSpecialValueText(self.tr("any time"))
        self.stuck_filter.setSuffix(self.tr(" days"))
        self.stuck_filter.setToolTip(self.tr("Only cases stuck in their step for more than "
                                             "this many days"))
        self.count_label = QLabel()
        self.new_button = QPushButton(self.tr("New case…"))
        self.new_button.clicked.connect(self.new_case_requested)
        self.new_button.setVisible(allowed_anywhere(self._role, Action.CREATE_CASE))
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.step_filter, 1)
        bar.addWidget(self.consultant_filter, 1)
        bar.addWidget(self.waiting_filter, 1)
        bar.addWidget(QLabel(self.tr("In step more than")))
        bar.addWidget(self.stuck_filter)
        bar.addWidget(self.count_label)
        bar.addWidget(self.new_button)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures 100,000 rows to lay them out.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSortIndicator(COL_NUMBER, Qt.SortOrder.DescendingOrder)
        for column, width in ((COL_NUMBER, 130), (COL_CUSTOMER, 80), (COL_ID, 165),
                              (COL_VEHICLE, 210), (COL_CONSULTANT, 80), (COL_STEP, 160),
                              (COL_DAYS, 50)):
            self.table.setColumnWidth(column, width)
        self.table.setSortingEnabled(True)
        from app.ui.held_rows import HeldRows

        # A jump into rows not in memory keeps the last frame until they come (one paint).
        self.held_rows = HeldRows(self.table, self.model)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    # -- behaviour --------------------------------------------------------------------------

    def current_query(self) -> CaseQuery:
        stuck = self.stuck_filter.value()
        return replace(self.model.query, search=_searched(self.search.text()),
                       step=self.step_filter.currentData(),
                       consultant=self.consultant_filter.currentData(),
                       waiting_for=self.waiting_filter.currentData(),
                       stuck_days=stuck or None)

    def apply_filters(self) -> None:
        self._debounce.stop()
        query = self.current_query()
        if query != self.model.query:
            self.model.set_query(query)

    def set_consultants(self, consultants: list[tuple[str, str]]) -> None:
        """(sign-in name, display name) of each consultant, for the filter."""
        for name, shown in consultants:
            self.consultant_filter.addItem(shown, name)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def open_typed(self) -> None:
        """Enter in the search box: a scanned or typed case number opens its case; so does
        a search that leaves exactly one case. Otherwise the list takes the focus."""
        text = self.search.text().strip()
        if not text:
            self._enter_table()
            return
        if text.startswith(qr.PREFIX + qr.SEPARATOR):  # a sheet's QR code, from the scanner
            try:
                self.sheet_scanned.emit(qr.parse(text))
            except InvalidInput as refused:
                i18n.report_error(self, refused)
            return
        self.apply_filters()
        db, actor, query = self._db, self._actor, self.current_query()

        def find() -> str | None:
            from app.services.listing import CaseQuery, list_cases

            # The scanner's number opens its case whatever the filters hide.
            for row in list_cases(db, actor, CaseQuery(search=text), limit=5):
                if row.number == text.upper():
                    return row.number
            rows = list_cases(db, actor, query, limit=2)
            return rows[0].number if len(rows) == 1 else None

        run_in_pool(find, on_result=self._open_found,
                    on_error=lambda error: i18n.report_error(self, error))

    def _open_found(self, number: str | None) -> None:
        if not shiboken6.isValid(self):
            return
        if number:
            self.open_requested.emit(number)
        else:
            self._enter_table()

    def _enter_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _open_index(self, index: QModelIndex) -> None:
        number = index.data(NUMBER_ROLE) if index.isValid() else None
        if number is not None:  # None: its page is still on its way
            self.open_requested.emit(number)

    def _show_count(self, total: int) -> None:
        self.count_label.setText(self.tr("%n case(s)", "", total))

    def _keep_sortable_indicator(self, column: int, _order: Qt.SortOrder) -> None:
        # ID number, vehicle and consultant cannot be sorted by the database: put the
        # indicator back on the column the list is really sorted by.
        if column in SORT_KEYS:
            return
        key = self.model.query.sort
        sorted_column = next(c for c, k in SORT_KEYS.items() if k == key)
        descending = self.model.query.descending != (sorted_column == COL_DAYS)
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(sorted_column, Qt.SortOrder.DescendingOrder if descending
                                else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
