"""The small form a task with values opens: a decision, an amount, a date, a plate."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import InvalidInput
from app.domain.money import capital_numerals, to_money
from app.domain.procedure import APPROVAL_RESULT_TITLES, Task, TaskField
from app.ui import i18n

# Called with the values; calls back with None when recorded or with the refusal.
Submit = Callable[[dict[str, str], Callable[[Exception | None], None]], None]


def _capital(text: str) -> str:
    """大写 of what is typed, or "" while it is not an amount of 0 or more."""
    try:
        amount = to_money(text, "amount")
        return capital_numerals(amount) if text.strip() and amount >= 0 else ""
    except (InvalidInput, ValueError, ArithmeticError):  # cn2an stops at 16 digits
        return ""


class TaskValuesDialog(QDialog):
    """Asks for a task's values and hands them to `submit` (the service validates them); a
    refusal naming a field is shown beside that field and the dialog stays open."""

    def __init__(self, task_: Task, submit: Submit, *, today: str,
                 suggestions: dict[str, str] | None = None,
                 notes: dict[str, str] | None = None, case_line: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task_ = task_
        self.submit = submit
        self.setWindowTitle(i18n.text(task_.title))
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        # Under a money field: the amount in capital numerals as typed (what finance reads
        # back to the customer), and any note the caller gives (how a figure was computed).
        self.capitals: dict[str, QLabel] = {}
        self.notes: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        title = QLabel(i18n.text(task_.title), self)
        title.setWordWrap(True)
        layout.addWidget(title)
        # The case number and the customer: whose money this is, before any figure.
        self.case_line = QLabel(case_line, self)
        self.case_line.setObjectName("case_line")
        self.case_line.setTextFormat(Qt.TextFormat.PlainText)
        self.case_line.setStyleSheet("font-weight: bold")
        self.case_line.setVisible(bool(case_line))
        layout.addWidget(self.case_line)
        grid = QGridLayout()
        layout.addLayout(grid)
        for row, field in enumerate(task_.fields):
            label = i18n.text(field.title) + ("" if field.required else self.tr(" (optional)"))
            grid.addWidget(QLabel(label, self), row * 2, 0)
            widget = self._input(field, today, (suggestions or {}).get(field.name, ""))
            self.inputs[field.name] = widget
            cell = QVBoxLayout()
            cell.addWidget(widget)
            if (note := (notes or {}).get(field.name)):
                self.notes[field.name] = self._small(note, cell)
            if field.type == "money" and isinstance(widget, QLineEdit):
                capital = self.capitals[field.name] = self._small("", cell)
                # The note already gives the computed amount's 大写: this one shows only
                # when what is typed differs from it.
                offered = _capital(widget.text()) if field.name in self.notes else ""
                widget.textChanged.connect(
                    lambda text, c=capital, o=offered: self._show_capital(c, text, o))
                self._show_capital(capital, widget.text(), offered)
            grid.addLayout(cell, row * 2, 1)
            error = QLabel(self)
            error.setStyleSheet("color: #c62828")
            error.setWordWrap(True)
            error.hide()
            self.errors[field.name] = error
            grid.addWidget(error, row * 2 + 1, 1)
        self.general_error = QLabel(self)
        self.general_error.setStyleSheet("color: #c62828")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        layout.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def _show_capital(self, label: QLabel, text: str, offered: str) -> None:
        label.setText(_capital(text))
        label.setVisible(bool(label.text()) and label.text() != offered)
        self._fit_height()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """Tall enough for every wrapped line (the settlement's explanation runs to several):
        a dialog sizes itself by its layout's minimum, which ignores how a label wraps."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width())
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def _small(self, text: str, cell: QVBoxLayout) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setStyleSheet("color: #546e7a")
        cell.addWidget(label)
        return label

    def choice_title(self, choice: str) -> str:
        title = APPROVAL_RESULT_TITLES.get(choice)
        return i18n.text(title) if title is not None else choice

    def _input(self, field: TaskField, today: str, suggestion: str) -> QLineEdit | QComboBox:
        if field.type == "choice":
            box = QComboBox(self)
            for choice in field.choices:
                box.addItem(self.choice_title(choice), choice)
            return box
        edit = QLineEdit(self)
        if field.type == "money":
            edit.setPlaceholderText("0.00")
        elif field.type == "date":
            edit.setPlaceholderText("YYYY-MM-DD")
            edit.setText(today)
        elif field.type == "plate":
            edit.setPlaceholderText(self.tr("e.g. 京A12345"))
        edit.setText(suggestion or edit.text())
        return edit

    def values(self) -> dict[str, str]:
        values = {}
        for name, widget in self.inputs.items():
            values[name] = str(widget.currentData()) if isinstance(widget, QComboBox) \
                else widget.text().strip()
        return values

    def send(self) -> None:
        for error in self.errors.values():
            error.hide()
        self.general_error.hide()
        self.buttons.setEnabled(False)
        self.submit(self.values(), self._answered)

    def _answered(self, error: Exception | None) -> None:
        self.buttons.setEnabled(True)
        if error is None:
            self.accept()
            return
        label = self.errors.get(error.field) if isinstance(error, InvalidInput) else None
        label = label or self.general_error
        label.setText(i18n.error_text(error))
        label.show()
