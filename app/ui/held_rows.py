"""A jump of the case list (a dragged scroll bar, End, a search's deep row) into rows whose
page is not in memory yet (issue 15).

Painting the rows on screen while their page is on its way draws blank rows, and each of
those cells calls the model in Python, while the pool thread reads the page in Python too:
the two take turns on the interpreter and both slow down. Instead the view keeps its last
frame while the page comes (a few milliseconds, at most `HOLD_MS`): its paints are let go,
and it paints once, with the rows. The page is asked for as soon as the scroll bar moves,
not at the next paint. Once those rows are painted and the view rests (`REST_MS` without
another jump: not during a drag), the pages either side of them are read, so that a scroll
onwards finds its rows in memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QTableView

if TYPE_CHECKING:
    from app.ui.case_list import CaseTableModel


class HeldRows(QObject):
    """Holds `table`'s viewport (no paint) while rows scrolled into view are on their way."""

    HOLD_MS = 250  # the longest a view waits for its rows before painting what it has
    REST_MS = 150  # a view still this long after a jump's rows are painted reads on

    def __init__(self, table: QTableView, model: CaseTableModel) -> None:
        super().__init__(table)
        self._table, self._model = table, model
        self.held = False
        self._neighbours_after_paint = False
        self._timer = QTimer(self, singleShot=True, interval=self.HOLD_MS)
        self._timer.timeout.connect(self.release)
        self._rest = QTimer(self, singleShot=True, interval=self.REST_MS)
        self._rest.timeout.connect(self._read_neighbours)
        # Filtering paints, not disabling updates: a paint already asked for by the scroll
        # itself (the view scrolls before this hears of it) would still be drawn, blank.
        table.viewport().installEventFilter(self)
        # Connected after the view's own slot: the view has scrolled when this one runs.
        table.verticalScrollBar().valueChanged.connect(self._scrolled)
        model.dataChanged.connect(self._arrived)
        model.modelReset.connect(self.release)
        model.rowsRemoved.connect(self.release)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        if self.held:
            return True  # the last frame stays
        if self._neighbours_after_paint:  # this paint draws the rows: read on once it rests
            self._neighbours_after_paint = False
            self._rest.start()
        return False

    def _read_neighbours(self) -> None:
        first, last = self._shown_rows()
        if first >= 0:
            self._model.ask_around(first, last)

    def _shown_rows(self) -> tuple[int, int]:
        """The first and last rows the viewport shows (-1 when it shows none)."""
        first = self._table.rowAt(0)
        if first < 0:
            return -1, -1
        last = self._table.rowAt(self._table.viewport().height() - 1)
        return first, (self._model.rowCount() - 1 if last < 0 else last)

    def _scrolled(self, _value: int) -> None:
        first, last = self._shown_rows()
        if first >= 0 and self._model.pages_missing(first, last):
            self._hold()

    def _arrived(self, *_args: object) -> None:
        if not self.held:
            return
        first, last = self._shown_rows()
        if first < 0 or not self._model.pages_missing(first, last):
            self.release()

    def _hold(self) -> None:
        if self.held:
            return  # the first hold's limit stands: a long drag still paints now and then
        self.held = True
        self._rest.stop()  # moved on: the last place's neighbours are not wanted
        self._timer.start()

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        self._timer.stop()
        self._neighbours_after_paint = True
        self._table.viewport().update()
