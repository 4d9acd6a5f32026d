"""The evidence a task's prerequisites ask for besides tasks and documents: which forms were
issued and which of their copies confirmed, which originals were checked out (custody)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import checklist as cl
from app.domain.procedure import Party
from app.store.models import Case, CopyReceipt, CustodyRecord, IssuedForm


def evidence_of(session: Session, case: Case) -> cl.Evidence:
    received: dict[int, set[str]] = {}
    for form_id, copy_id in session.execute(
            select(CopyReceipt.issued_form_id, CopyReceipt.copy_id)
            .join(IssuedForm, IssuedForm.id == CopyReceipt.issued_form_id)
            .where(IssuedForm.case_id == case.id)):
        received.setdefault(form_id, set()).add(copy_id)
    forms = {f.form_id: cl.IssuedFormFacts(f.form_id, frozenset(received.get(f.id, ())))
             for f in session.scalars(select(IssuedForm).where(IssuedForm.case_id == case.id))}
    originals = [cl.OriginalFacts(kind, Party(party), returned is not None)
                 for kind, party, returned in session.execute(
                     select(CustodyRecord.kind, CustodyRecord.party, CustodyRecord.returned_at)
                     .where(CustodyRecord.case_id == case.id))]
    return cl.Evidence(forms, originals)
