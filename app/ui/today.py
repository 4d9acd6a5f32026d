"""Today: a consultant's visits due, repayment reminders and stuck cases (a manager's: all).

The lists are short (one desk's day), so plain table widgets are enough here; the figures come
from app.services.follow_up.reminders, and a visit is recorded through its record_visit.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.board import STUCK_DAYS
from app.domain.money import format_money
from app.domain.procedure import LAST_STEP_ID
from app.services.follow_up import Today, record_visit, reminders
from app.store.db import Database
from app.ui import i18n
from app.ui.case_list import step_title
from app.ui.workers import run_in_pool


def _table(headers: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], numbers: list[str]) -> None:
    table.setRowCount(len(rows))
    for r, (row, number) in enumerate(zip(rows, numbers, strict=True)):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setData(Qt.ItemDataRole.UserRole, number)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


class TodayView(QWidget):
    open_case = Signal(str, str)  # case number, step id

    def __init__(self, db: Database, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.heading = QLabel(self.tr("Today"))
        self.heading.setObjectName("figure")
        self.visits = _table([self.tr("Case"), self.tr("Customer"), self.tr("Phone"),
                              self.tr("Consultant"), self.tr("Visit due"),
                              self.tr("Days late")], self)
        self.repayments = _table([self.tr("Case"), self.tr("Customer"), self.tr("Phone"),
                                  self.tr("Consultant"), self.tr("Instalment"),
                                  self.tr("Due"), self.tr("Amount")], self)
        self.stuck = _table([self.tr("Case"), self.tr("Customer"), self.tr("Step"),
                             self.tr("Days"), self.tr("Missing")], self)
        self.record = QPushButton(self.tr("Record the visit…"), self)
        self.record.clicked.connect(self.record_selected_visit)
        refresh = QPushButton(self.tr("Refresh"), self)
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        for title, table, extra in (
                (self.tr("Follow-up visits due"), self.visits, self.record),
                (self.tr("Repayments due in the next two days"), self.repayments, None),
                (self.tr("Cases waiting {days} days or more").format(days=STUCK_DAYS), self.stuck,
                 None)):
            box = QGroupBox(title, self)
            inner = QVBoxLayout(box)
            inner.addWidget(table)
            if extra is not None:
                inner.addWidget(extra, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(box)
        self.visits.cellDoubleClicked.connect(lambda r, _c: self._open(self.visits, r,
                                                                        LAST_STEP_ID))
        self.repayments.cellDoubleClicked.connect(
            lambda r, _c: self._open(self.repayments, r, LAST_STEP_ID))
        self.stuck.cellDoubleClicked.connect(lambda r, _c: self._open(self.stuck, r, ""))
        self.today: Today | None = None

    def reload(self) -> None:
        db, actor = self._db, self._actor
        run_in_pool(lambda: reminders(db, actor), on_result=self._loaded,
                    on_error=lambda error: i18n.report_error(self, error))

    def _loaded(self, today: Today) -> None:
        self.today = today
        who = today.who or self.tr("everyone")
        self.heading.setText(self.tr("Today, {0} — {1}").format(today.on.isoformat(), who))
        _fill(self.visits, [[v.number, v.customer, v.phone, v.consultant, v.due_on.isoformat(),
                             str(v.days_late)] for v in today.visits],
              [v.number for v in today.visits])
        _fill(self.repayments, [[r.number, r.customer, r.phone, r.consultant, str(r.period),
                                 r.due_date.isoformat(), format_money(r.payment)]
                                for r in today.repayments],
              [r.number for r in today.repayments])
        _fill(self.stuck, [[s.number, s.customer, step_title(s.step), str(s.days),
                            s.missing_zh if i18n.is_chinese() else s.missing]
                           for s in today.stuck], [s.number for s in today.stuck])
        self._stuck_steps = {s.number: s.step for s in today.stuck}
        self.record.setEnabled(bool(today.visits))

    def _open(self, table: QTableWidget, row: int, step: str) -> None:
        item = table.item(row, 0)
        if item is not None:
            number = str(item.data(Qt.ItemDataRole.UserRole))
            self.open_case.emit(number, step or self._stuck_steps.get(number, ""))

    def record_selected_visit(self) -> None:
        row = self.visits.currentRow()
        item = self.visits.item(max(row, 0), 0)
        if item is None:
            return
        number = str(item.data(Qt.ItemDataRole.UserRole))
        result, ok = QInputDialog.getText(self, self.tr("Follow-up visit"), self.tr(
            "How did the visit to {0} go?").format(number))
        if not ok:
            return
        review = QMessageBox.question(self, self.tr("Follow-up visit"),
                                      self.tr("Did the customer leave a review?"))
        db, actor = self._db, self._actor
        run_in_pool(lambda: record_visit(db, actor, number, result=result,
                                         review_given=review == QMessageBox.StandardButton.Yes),
                    on_result=lambda _: self.reload(),
                    on_error=lambda error: i18n.report_error(self, error))
