""""Propose from the PDF" beside a bank statement's income grid: the credits per month read
from the statement's text layer fill the grid for the consultant to check and save.

Nothing is saved here: the figures go into the month fields, marked, and "Save details" (the
editor's own button, through `set_content`) records them once the consultant agrees. The
credits left out as transfers between the customer's own accounts are listed with why.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton

from app.documents.bank_statement import IncomeProposal, propose_income
from app.domain.permissions import Action
from app.services import documents
from app.ui import i18n

PDF_MIME = "application/pdf"
PROPOSED_STYLE = "background: #fff3e0"


def add_income_proposal(editor: Any, grid: QGridLayout, row: int, owner: str) -> int:
    """Hook for ContentEditor: a button and a note under the income grid, for a statement
    with PDF pages and someone who may change it. Returns the next free grid row."""
    originals = sorted({p.original_sha256 for p in editor.document.pages if p.mime == PDF_MIME})
    if not originals or not editor.ctx.may(Action.EDIT_DOCUMENTS):
        return row
    proposer = IncomeProposer(editor, originals, owner)
    grid.addWidget(proposer.button, row, 1, Qt.AlignmentFlag.AlignLeft)
    grid.addWidget(proposer.note, row + 1, 0, 1, 2)
    editor.income_proposer = proposer
    return row + 2


class IncomeProposer(QObject):
    def __init__(self, editor: Any, originals: list[str], owner: str) -> None:
        super().__init__(editor)
        self.editor = editor
        self.originals = originals
        self.owner = owner
        self.button = QPushButton(self.tr("Propose from the PDF"), editor)
        self.button.setObjectName("propose_income")
        self.button.setToolTip(self.tr("Credits per month read from the statement's text; "
                                         "check them, then save"))
        self.button.clicked.connect(self.propose)
        self.note = QLabel(editor)
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet("color: #ef6c00")
        self.note.hide()

    def propose(self) -> None:
        ctx, originals, owner = self.editor.ctx, self.originals, self.owner
        self.button.setEnabled(False)

        def work() -> list[IncomeProposal]:
            return [propose_income(documents.blob(ctx.db, ctx.actor, sha), owner)
                    for sha in originals]

        ctx.run(work, self.proposed, owner=self.editor, on_error=self.failed)

    def failed(self, error: Exception) -> None:
        if shiboken6.isValid(self.button):
            self.button.setEnabled(True)
            self.note.setText(i18n.error_text(error))
            self.note.show()

    def proposed(self, proposals: list[IncomeProposal]) -> None:
        if not shiboken6.isValid(self.button):
            return
        self.button.setEnabled(True)
        months: dict[str, Any] = {}
        excluded = []
        problems = []
        for proposal in proposals:
            for month, amount in proposal.months.items():
                months[month] = months.get(month, 0) + amount
            excluded += proposal.excluded
            if proposal.problem is not None:
                problems.append(i18n.text(proposal.problem))
        filled = 0
        for month, amount in sorted(months.items()):
            edit = self.editor.edits.get(f"income.{month}")
            if edit is None:
                continue  # outside the six months the checklist looks at
            edit.setText(format(amount, "f"))
            edit.setStyleSheet(PROPOSED_STYLE)
            edit.textEdited.connect(lambda _t, e=edit: e.setStyleSheet(""))
            filled += 1
        lines = problems if not filled else [self.tr(
            "{0} month(s) proposed from the statement: check them, then Save details.").format(
                filled)]
        lines += [self.tr("Left out {0} {1}: {2}").format(
            e.day.isoformat(), f"{e.amount:,.2f}", i18n.text(e.why)) for e in excluded]
        self.note.setText("\n".join(lines))
        self.note.show()


def statement_owner(document: Any, view: Any) -> str:
    """The account holder's name: the customer's, or the spouse's for the spouse's statement
    (a credit from that name is a transfer between own accounts)."""
    data = view.detail.data
    if document.party == "spouse" and data.spouse is not None:
        return str(data.spouse.name)
    return str(data.customer.name)
