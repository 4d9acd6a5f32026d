"""One task of a step: done (who, when, Undo) or to do (a button, and why not yet)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.money import capital_numerals, format_money, to_money
from app.domain.permissions import Action, may_record, task_who_may
from app.domain.procedure import APPROVAL_RESULT_TITLES, Task
from app.domain.settlement import SETTLEMENT_TASK, amount_due, expected_amounts
from app.services import tasks as task_service
from app.ui import i18n
from app.ui.workspace.context import CaseContext
from app.ui.workspace.loading import CaseView
from app.ui.workspace.task_dialog import TaskValuesDialog


def _recorded(view: CaseView) -> dict[str, dict[str, str]]:
    return {t: r.values for t, r in view.detail.tasks.items()}


def _notes(task_: Task, view: CaseView) -> dict[str, str]:
    """How a suggested figure was reached, shown under its field: the amount the case
    computes and its 大写 (what finance reads back to the customer)."""
    if task_.id == SETTLEMENT_TASK:
        due = amount_due(view.detail.data, _recorded(view))
        return {"total": f"{i18n.text(due.explained())}\n{due.capital}"}
    expected = expected_amounts(view.detail.data, _recorded(view))
    return {field: QCoreApplication.translate("TaskRow", "Per the case: {0}　{1}").format(
                format_money(amount), capital_numerals(amount) if amount >= 0 else "")
            for (task_id, field), amount in expected.items() if task_id == task_.id}


class TaskRow(QFrame):
    def __init__(self, task_: Task, view: CaseView, ctx: CaseContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task_ = task_
        self.view = view
        self.ctx = ctx
        self.dialog: TaskValuesDialog | None = None
        self.setObjectName(f"task_{task_.id}")
        record = view.detail.tasks.get(task_.id)
        self.refusal = view.refusals.get(task_.id)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        mark = QLabel("✓" if record else "○", self)
        mark.setStyleSheet(f"color: {'#2e7d32' if record else '#607d8b'}; font-weight: bold")
        row.addWidget(mark)
        text = QVBoxLayout()
        self.title = QLabel(i18n.text(task_.title), self)
        self.title.setWordWrap(True)
        text.addWidget(self.title)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        text.addWidget(self.detail)
        row.addLayout(text, 1)
        self.button = QPushButton(self)
        row.addWidget(self.button)
        if record is not None:
            when = record.done_at.astimezone().strftime("%Y-%m-%d %H:%M")
            shown = self._values_text(record.values)
            self.detail.setText(self.tr("done by {0} on {1}").format(
                record.done_by.display_name, when) + (f" · {shown}" if shown else ""))
            self.detail.setStyleSheet("color: #2e7d32")
            self.button.setText(self.tr("Undo…"))
            self.button.clicked.connect(self.undo)
            mine = record.done_by.name == ctx.actor
            self.button.setVisible(ctx.may(Action.UNDO_OWN_TASK if mine
                                           else Action.UNDO_ANY_TASK))
            return
        self.button.setText(self.tr("Record…") if task_.fields else self.tr("Mark done"))
        if not may_record(ctx.role, task_, ctx.own):
            # Not offered, and not silently missing: the row says who does this task.
            self.button.setEnabled(False)
            self.button.setVisible(False)
            self.detail.setText(self.tr("only {0} may do this").format(
                i18n.text(task_who_may(task_))))
            self.detail.setStyleSheet("color: #616161")
        elif self.refusal is not None:
            self.detail.setText(self.tr("Not yet: {0}").format(i18n.text(self.refusal)))
            self.detail.setStyleSheet("color: #c62828")
        self.button.clicked.connect(self.do)

    def _values_text(self, values: dict[str, str]) -> str:
        parts = []
        for field in self.task_.fields:
            if values.get(field.name):
                value = values[field.name]
                if field.type == "choice" and value in APPROVAL_RESULT_TITLES:
                    value = i18n.text(APPROVAL_RESULT_TITLES[value])
                elif field.type == "money":
                    value = format_money(to_money(value))
                parts.append(f"{i18n.text(field.title)} {value}")
        return " · ".join(parts)

    def do(self) -> None:
        if self.refusal is not None:
            # The domain's reason names what is missing, who supplies it and, for a closed
            # gate, that a manager may override it.
            QMessageBox.information(self, i18n.text(self.task_.title), i18n.text(self.refusal))
            return
        if self.task_.fields:
            self.open_dialog()
            return
        self.ctx.run(lambda: task_service.complete_task(
            self.ctx.db, self.ctx.actor, self.ctx.number, self.task_.id), changes=True)

    def open_dialog(self) -> TaskValuesDialog:
        # The figures the case expects (the domain's), for the clerk to confirm or change.
        expected = expected_amounts(self.view.detail.data, _recorded(self.view))
        suggestions = {field: str(amount) for (task_id, field), amount in expected.items()
                       if task_id == self.task_.id}
        self.dialog = TaskValuesDialog(self.task_, self._submit,
                                       today=self.view.today.isoformat(),
                                       suggestions=suggestions,
                                       notes=_notes(self.task_, self.view),
                                       case_line=self._case_line(),
                                       parent=self.window())
        # open(), not exec(): the window stays responsive and tests can fill the dialog in.
        self.dialog.open()
        return self.dialog

    def _case_line(self) -> str:
        """Which case and whose: a clerk taking money must see who pays."""
        d = self.view.detail
        return f"{d.number} · {d.data.customer.name}"

    def _submit(self, values: dict[str, str],
                answer: Callable[[Exception | None], None]) -> None:
        def recorded(_result: object) -> None:
            answer(None)
            self.ctx.changed.emit()

        self.ctx.run(lambda: task_service.complete_task(
            self.ctx.db, self.ctx.actor, self.ctx.number, self.task_.id, values=values),
            recorded, on_error=answer)

    def undo(self) -> None:
        reason, ok = QInputDialog.getText(
            self, self.tr("Undo task"),
            self.tr("Why is “{0}” taken back? (kept in the case history)").format(
                i18n.text(self.task_.title)))
        if not ok:
            return
        if not reason.strip():
            self.ctx.tell(self.tr("An undo needs a reason."), "error")
            return
        confirm = QMessageBox.question(
            self, self.tr("Undo task"),
            self.tr("Take back “{0}”?").format(i18n.text(self.task_.title)))
        if confirm != QMessageBox.StandardButton.Yes:
            return
        self.ctx.run(lambda: task_service.undo_task(
            self.ctx.db, self.ctx.actor, self.ctx.number, self.task_.id, reason=reason),
            changes=True)
