"""What the checklist needs of many cases at once, in a fixed number of statements.

`facts_of` + `evidence_of` ask seven statements per case; a queue looking at a thousand cases
asked seven thousand. Here each kind of row is read once for all the cases (six statements,
whatever their number), and handed out per case in the shapes the checklist takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain import checklist as cl
from app.domain.procedure import Party
from app.services.cases import case_facts
from app.store.models import (
    Case,
    CopyReceipt,
    CustodyRecord,
    Document,
    DocumentPage,
    GateOverride,
    IssuedForm,
    TaskRecord,
)

STATEMENTS = 6  # what facts_of_cases asks, however many cases (tests hold it to this)


@dataclass
class CaseFacts:
    """One case's facts as facts_of and evidence_of give them."""

    facts: cl.CaseFacts
    documents: list[cl.DocumentFacts] = field(default_factory=list)
    tasks: dict[str, cl.TaskFacts] = field(default_factory=dict)
    overrides: dict[str, cl.Override] = field(default_factory=dict)
    forms: dict[str, cl.IssuedFormFacts] = field(default_factory=dict)
    originals: list[cl.OriginalFacts] = field(default_factory=list)

    @property
    def evidence(self) -> cl.Evidence:
        return cl.Evidence(self.forms, self.originals)


def facts_of_cases(session: Session, cases: Sequence[Case]) -> dict[int, CaseFacts]:
    """Case id → its facts, for `cases` (rows already loaded with their lender)."""
    found = {case.id: CaseFacts(case_facts(case)) for case in cases}
    if not found:
        return found
    ids = list(found)
    pages = select(func.count(DocumentPage.id)).where(
        DocumentPage.document_id == Document.id).scalar_subquery()
    for case_id, kind, party, content, count in session.execute(
            select(Document.case_id, Document.kind, Document.party, Document.content, pages)
            .where(Document.case_id.in_(ids), Document.removed_at.is_(None))
            .order_by(Document.id)):
        found[case_id].documents.append(cl.DocumentFacts(kind, Party(party), count,
                                                         content or {}))
    for task in session.scalars(select(TaskRecord).where(TaskRecord.case_id.in_(ids))):
        found[task.case_id].tasks[task.task_id] = cl.TaskFacts(
            task.task_id, task.done_at, task.done_by.display_name, task.values or {})
    for override in session.scalars(select(GateOverride).where(GateOverride.case_id.in_(ids))):
        found[override.case_id].overrides[override.gate] = cl.Override(
            override.gate, override.by.display_name, override.reason)
    received: dict[int, set[str]] = {}
    for issued_id, copy_id in session.execute(
            select(CopyReceipt.issued_form_id, CopyReceipt.copy_id)
            .join(IssuedForm, IssuedForm.id == CopyReceipt.issued_form_id)
            .where(IssuedForm.case_id.in_(ids))):
        received.setdefault(issued_id, set()).add(copy_id)
    for form_row_id, case_id, form_id in session.execute(
            select(IssuedForm.id, IssuedForm.case_id, IssuedForm.form_id)
            .where(IssuedForm.case_id.in_(ids)).order_by(IssuedForm.id)):
        found[case_id].forms[form_id] = cl.IssuedFormFacts(
            form_id, frozenset(received.get(form_row_id, ())))
    for case_id, kind, party, returned in session.execute(
            select(CustodyRecord.case_id, CustodyRecord.kind, CustodyRecord.party,
                   CustodyRecord.returned_at)
            .where(CustodyRecord.case_id.in_(ids)).order_by(CustodyRecord.id)):
        found[case_id].originals.append(cl.OriginalFacts(kind, Party(party),
                                                         returned is not None))
    return found
