"""What a document says, typed beside its image and checked by the domain on save."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.domain.checklist import statement_months
from app.domain.errors import InvalidInput
from app.domain.permissions import Action
from app.domain.privacy import is_masked
from app.domain.procedure import document_kind
from app.services import documents
from app.services.case_records import DocumentRecord as Document
from app.ui import i18n
from app.ui.workspace.context import CaseContext
from app.ui.workspace.income_proposal import add_income_proposal, statement_owner
from app.ui.workspace.loading import CaseView

INCOME = "income"


class ContentEditor(QWidget):
    """One line per content field of the kind; a bank statement gets a month → income grid for
    the six months the checklist looks at."""

    def __init__(self, document: Document, view: CaseView, ctx: CaseContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.ctx = ctx
        self.content: dict[str, Any] = dict(document.content or {})
        self.edits: dict[str, QLineEdit] = {}  # field name, or "income.YYYY-MM"
        self.errors: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        row = 0
        for name in document_kind(document.kind).content_fields:
            if name == INCOME:
                income = self.content.get(INCOME) or {}
                for month in statement_months(view.today):
                    row = self._add(grid, row, f"{INCOME}.{month}",
                                    self.tr("income {0}").format(month),
                                    str(income.get(month, "")), "0.00")
                continue
            value = str(self.content.get(name, ""))
            if name == "first_beneficiary" and not value:
                # The lender is the only right answer; the clerk still checks the policy.
                value = view.detail.data.loan.lender
            row = self._add(grid, row, name, self.field_title(name), value,
                            self.placeholder(name))
        if INCOME in document_kind(document.kind).content_fields:  # "Propose from the PDF"
            row = add_income_proposal(self, grid, row, statement_owner(document, view))
        self.save = QPushButton(self.tr("Save details"), self)
        self.save.setObjectName("save_content")
        self.save.clicked.connect(self.send)
        grid.addWidget(self.save, row, 1, Qt.AlignmentFlag.AlignLeft)
        self.general_error = QLabel(self)
        self.general_error.setStyleSheet("color: #c62828")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        grid.addWidget(self.general_error, row + 1, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        if not ctx.may(Action.EDIT_DOCUMENTS):  # shown, not offered for change
            for edit in self.edits.values():
                edit.setReadOnly(True)
            self.save.hide()

    def field_title(self, name: str) -> str:
        return {
            "id_number": self.tr("ID number"), "valid_until": self.tr("valid until"),
            "issuing_authority": self.tr("issued by"),
            "names": self.tr("names"), "registered_on": self.tr("registered on"),
            "bank": self.tr("bank"), "account_tail": self.tr("account (last 4)"),
            "insurer": self.tr("insurer"), "policy_number": self.tr("policy number"),
            "period_start": self.tr("cover from"), "period_end": self.tr("cover until"),
            "first_beneficiary": self.tr("first beneficiary"), "vin": self.tr("VIN"),
            "engine_number": self.tr("engine number"),
            "invoice_number": self.tr("invoice number"), "amount": self.tr("amount"),
        }.get(name, name)

    def placeholder(self, name: str) -> str:
        if name == "valid_until":
            return self.tr("YYYY-MM-DD or 长期")
        if name in ("registered_on", "period_start", "period_end"):
            return "YYYY-MM-DD"
        if name == "account_tail":
            return "1234"
        if name == "names":
            return self.tr("both names as printed")
        return ""

    def _add(self, grid: QGridLayout, row: int, key: str, title: str, value: str,
             placeholder: str) -> int:
        grid.addWidget(QLabel(title, self), row, 0)
        edit = QLineEdit(value, self)
        edit.setObjectName(f"content_{key}")
        edit.setPlaceholderText(placeholder)
        edit.returnPressed.connect(self.send)
        grid.addWidget(edit, row, 1)
        error = QLabel(self)
        error.setStyleSheet("color: #c62828")
        error.setWordWrap(True)
        error.setTextFormat(Qt.TextFormat.PlainText)
        error.hide()
        grid.addWidget(error, row + 1, 1)
        self.edits[key] = edit
        self.errors[key] = error
        return row + 2

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        income: dict[str, str] = {}
        if INCOME in document_kind(self.document.kind).content_fields:
            # Months outside the window stay as they were; an emptied month is dropped.
            income = {k: str(v) for k, v in (self.content.get(INCOME) or {}).items()}
        for key, edit in self.edits.items():
            text = edit.text().strip()
            if key.startswith(INCOME + "."):
                month = key.split(".", 1)[1]
                income.pop(month, None)
                if text:
                    income[month] = text
            elif not (text == str(self.content.get(key, "")) and is_masked(text)):
                # A masked number left as shown is not a new value: it keeps the stored one.
                values[key] = text
        if INCOME in document_kind(self.document.kind).content_fields:
            values[INCOME] = income
        return values

    def send(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.hide()
        values = self.values()
        self.ctx.run(lambda: documents.set_content(self.ctx.db, self.ctx.actor,
                                                   self.document.id, values),
                     owner=self, changes=True, on_error=self.refused)

    def refused(self, error: Exception) -> None:
        field = error.field if isinstance(error, InvalidInput) else ""
        label = self.errors.get(field, self.general_error)
        label.setText(i18n.error_text(error))
        label.show()
        edit = self.edits.get(field)
        if edit is not None:
            edit.setFocus()
