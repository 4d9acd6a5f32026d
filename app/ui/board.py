"""The dealership's board: cases per step, the cases waiting longest, contracts signed and not
yet funded, originals out of the house, and how long lenders take to pay out.

`BoardView(db, actor)` is a page the main window hosts. Every database call runs on the
thread pool; clicking a row emits `open_case(number, step_id)` so the window opens that case
at the step that matters (the stuck step, the registration for an original, the
disbursement for a slow payout).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.board import STUCK_DAYS, is_stuck
from app.domain.procedure import MORTGAGE_STEP, ROLE_TITLES, STEPS, TASKS
from app.services.board import FUNDED, Board, get_board
from app.services.board_export import export_csv, export_pdf
from app.services.outputs import protected_paths, write_output
from app.store.db import Database
from app.ui import i18n
from app.ui.board_charts import FundingChart
from app.ui.case_list import step_title
from app.ui.workers import run_in_pool

_Index = QModelIndex | QPersistentModelIndex
WARNING = QColor("#c62828")


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    number: str
    step: str  # where the case opens
    late: bool = False  # shown in warning colour


class RowsModel(QAbstractTableModel):
    """A few dozen rows of the board (the board itself limits them)."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, position: int) -> Row:
        return self._rows[position]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and row.late:
            return WARNING
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None


def _table(model: RowsModel, on_click: Callable[[QModelIndex], None],
           stretch: int) -> QTableView:
    """Columns as wide as their content, but the `stretch` column takes what is left and
    elides: the table never scrolls sideways."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.clicked.connect(on_click)
    return view


class StepTile(QFrame):
    """One step's count, with how many of its cases wait a week or more."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(0)
        self.title = QLabel(title)
        self.title.setWordWrap(True)
        self.count = QLabel("–")
        self.count.setObjectName("figure")
        self.stuck = QLabel("")
        for label in (self.title, self.count, self.stuck):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)


class BoardView(QWidget):
    open_case = Signal(str, str)  # case number, step id
    loaded = Signal()

    def __init__(self, db: Database, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._actor = db, actor
        self._generation = 0
        self.board: Board | None = None

        self.heading = QLabel(self.tr("Dealership board"))
        self.heading.setObjectName("figure")
        self.as_of = QLabel("")
        self.as_of.setObjectName("hint")
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        to_csv = QPushButton(self.tr("Export CSV…"))
        to_csv.clicked.connect(self._ask_csv)
        to_pdf = QPushButton(self.tr("Export PDF…"))
        to_pdf.clicked.connect(self._ask_pdf)
        top = QHBoxLayout()
        for widget in (self.heading, self.as_of):
            top.addWidget(widget)
        top.addStretch(1)
        for button in (refresh, to_csv, to_pdf):
            top.addWidget(button)

        self.tiles: dict[str, StepTile] = {}
        strip = QHBoxLayout()
        strip.setSpacing(4)
        for step_id in (*(s.id for s in STEPS), "done"):
            tile = StepTile(step_title(step_id))
            self.tiles[step_id] = tile
            strip.addWidget(tile, 1)

        self.stuck_model = RowsModel([self.tr("Case"), self.tr("Customer"), self.tr("Step"),
                                      self.tr("Days"), self.tr("Who acts"),
                                      self.tr("Consultant"), self.tr("Missing")], self)
        self.transit_model = RowsModel([self.tr("Case"), self.tr("Customer"),
                                        self.tr("Lender"), self.tr("Signed"), self.tr("Days"),
                                        self.tr("Step"), self.tr("Outstanding")], self)
        self.custody_model = RowsModel([self.tr("Case"), self.tr("Customer"),
                                        self.tr("Days"), self.tr("Since"), self.tr("With"),
                                        self.tr("Original")], self)
        self.slowest_model = RowsModel([self.tr("Case"), self.tr("Customer"),
                                        self.tr("Days"), self.tr("Signed"),
                                        self.tr("Funded"), self.tr("Lender")], self)
        self.stuck_view = self._boxed_table(self.stuck_model, 6)
        self.transit_view = self._boxed_table(self.transit_model, 6)
        self.custody_view = self._boxed_table(self.custody_model, 5)
        self.slowest_view = self._boxed_table(self.slowest_model, 5)
        self.stuck_title = QLabel(self.tr("Waiting longest in each step"))
        self.transit_title = QLabel(self.tr("Contracts in transit"))
        self.custody_title = QLabel(self.tr("Originals out"))

        self.month_chart = FundingChart(self.tr("Signing to payout, per month"))
        self.lender_chart = FundingChart(self.tr("Signing to payout, per lender"),
                                         horizontal=True)
        self.funding_tabs = QTabWidget()
        self.funding_tabs.addTab(self.month_chart, self.tr("Per month"))
        self.funding_tabs.addTab(self.lender_chart, self.tr("Per lender"))
        self.funding_tabs.addTab(self.slowest_view, self.tr("Slowest payouts"))

        grid = QGridLayout()
        grid.addWidget(self._titled(self.stuck_title, self.stuck_view), 0, 0)
        grid.addWidget(self.funding_tabs, 0, 1)
        grid.addWidget(self._titled(self.transit_title, self.transit_view), 1, 0)
        grid.addWidget(self._titled(self.custody_title, self.custody_view), 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(strip)
        layout.addLayout(grid, 1)
        self.reload()

    def _boxed_table(self, model: RowsModel, stretch: int) -> QTableView:
        return _table(model, lambda index: self._clicked(model, index), stretch)

    @staticmethod
    def _titled(title: QLabel, body: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        title.setStyleSheet("font-weight: bold;")
        layout.addWidget(title)
        layout.addWidget(body, 1)
        return box

    def _clicked(self, model: RowsModel, index: QModelIndex) -> None:
        if index.isValid():
            row = model.row_at(index.row())
            self.open_case.emit(row.number, row.step)

    # -- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        self._generation += 1
        generation, db, actor = self._generation, self._db, self._actor
        self.as_of.setText(self.tr("Loading…"))
        run_in_pool(lambda: get_board(db, actor),
                    on_result=lambda board: self._show(generation, board),
                    on_error=self._failed)

    def _failed(self, error: Exception) -> None:
        if shiboken6.isValid(self):
            self.as_of.setText("")
            i18n.report_error(self, error, self.tr("Board"))

    def _show(self, generation: int, board: Board) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # an old answer, or a page already closed
        self.board = board
        self.as_of.setText(self.tr("as of {time}").format(
            time=f"{board.at.astimezone():%Y-%m-%d %H:%M}"))
        for count in board.counts:
            tile = self.tiles[count.step]
            tile.count.setText(str(count.cases))
            tile.stuck.setText(self.tr("{n} ≥ {days} d").format(n=count.stuck, days=STUCK_DAYS)
                               if count.stuck else "")
            tile.stuck.setStyleSheet(f"color: {WARNING.name()};" if count.stuck else "")
        chinese = i18n.is_chinese()
        self.stuck_model.set_rows([Row(
            (s.number, s.customer, step_title(s.step), str(s.days),
             i18n.text(ROLE_TITLES[s.who]) if s.who else "", s.consultant,
             s.missing_zh if chinese else s.missing), s.number, s.step, is_stuck(s.days))
            for s in board.stuck])
        self.transit_title.setText(self.tr("Contracts in transit: {n} signed, not yet funded")
                                   .format(n=board.in_transit_total))
        self.transit_model.set_rows([Row(
            (t.number, t.customer, t.lender, f"{t.signed_at.astimezone():%Y-%m-%d}",
             str(t.days), step_title(t.step), t.missing_zh if chinese else t.missing),
            t.number, t.step, is_stuck(t.days)) for t in board.in_transit])
        self.custody_title.setText(self.tr("Originals out: {n}").format(
            n=len(board.originals_out)))
        self.custody_model.set_rows([Row(
            (o.number, o.customer, str(o.days_out(board.at)),
             f"{o.out_at.astimezone():%Y-%m-%d}", o.holder, i18n.text(o.title)),
            o.number, MORTGAGE_STEP.id, is_stuck(o.days_out(board.at)))
            for o in board.originals_out])
        self.slowest_model.set_rows([Row(
            (f.number, f.customer, f"{f.days:.1f}", f"{f.signed_at.astimezone():%Y-%m-%d}",
             f"{f.funded_at.astimezone():%Y-%m-%d}", f.lender), f.number,
            TASKS[FUNDED].step) for f in board.slowest])
        self.month_chart.show_groups(board.funding_by_month, board.funding_all)
        self.lender_chart.show_groups(board.funding_by_lender, board.funding_all)
        self.loaded.emit()

    # -- exports ------------------------------------------------------------------------------

    def _ask_csv(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export the board as CSV"))
        if folder:
            self.export_csv_to(Path(folder))

    def _ask_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the board as PDF"),
                                              "board.pdf", self.tr("PDF (*.pdf)"))
        if path:
            self.export_pdf_to(Path(path))

    def export_csv_to(self, folder: Path) -> None:
        db, actor = self._db, self._actor
        run_in_pool(lambda: export_csv(db, actor, folder, force=True),
                    on_result=lambda paths: self._exported(str(folder), len(paths)),
                    on_error=self._failed)

    def export_pdf_to(self, path: Path) -> None:
        db, actor = self._db, self._actor
        # force: the file dialog has asked before replacing; the database's files, never.
        run_in_pool(lambda: export_pdf(db, actor, deliver=lambda pdf: write_output(
                        path, pdf, force=True, protected=protected_paths(db.sqlite_path))),
                    on_result=lambda _size: self._exported(str(path), 1),
                    on_error=self._failed)

    def _exported(self, where: str, files: int) -> None:
        if shiboken6.isValid(self):
            self.as_of.setText(self.tr("{n} file(s) written to {where}").format(
                n=files, where=where))
