"""Everything the workspace shows of a case, read in one go on a pool thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain import checklist as cl
from app.domain.errors import Text
from app.domain.procedure import GATES, TASKS, Party
from app.services import audit, cases, documents, forms, users
from app.services.common import today
from app.store.db import Database
from app.store.models import AuditEntry


@dataclass(frozen=True)
class CaseView:
    detail: cases.CaseDetail
    role: str
    display_names: dict[str, str]  # sign-in name → the name people know
    refusals: dict[str, Text]  # task id → why it may not be done now
    closed_gates: dict[str, Text]  # gate id → why it is closed
    thumbnails: dict[str, bytes]  # sha256 → JPEG
    history: list[AuditEntry]
    issued: list[forms.IssuedRecord]
    today: date


def _facts(detail: cases.CaseDetail) -> tuple[cl.CaseFacts, list[cl.DocumentFacts],
                                              dict[str, cl.TaskFacts], dict[str, cl.Override]]:
    """The checklist's facts from the loaded case, so the page can ask `task_refusal` and
    `gate_problem` the same questions `complete_task` will ask."""
    data = detail.data
    spouse = cl.PartyFacts(data.spouse.name, data.spouse.id_number, data.spouse.phone) \
        if data.spouse else None
    schedule = detail.schedule
    facts = cl.CaseFacts(
        number=detail.number, marital_status=data.customer.marital_status,
        customer=cl.PartyFacts(data.customer.name, data.customer.id_number,
                               data.customer.phone),
        spouse=spouse, lender=data.loan.lender, vin=data.vehicle.vin,
        engine_number=data.vehicle.engine_number,
        monthly_payment=max(schedule.first_payment, schedule.last_payment),
        # Only the bank-statement rule reads the multiple; refusals and gates never do.
        income_multiple=Decimal(2))
    docs = [cl.DocumentFacts(d.kind, Party(d.party), len(d.pages), d.content or {})
            for d in detail.documents]
    tasks = {t.task_id: cl.TaskFacts(t.task_id, t.done_at, t.done_by.display_name,
                                     t.values or {}) for t in detail.tasks.values()}
    overrides = {o.gate: cl.Override(o.gate, o.by.display_name, o.reason)
                 for o in detail.overrides.values()}
    return facts, docs, tasks, overrides


def load_view(db: Database, actor: str, number: str) -> CaseView:
    detail = cases.get_case(db, actor, number)
    people = users.list_users(db)
    role = next((u.role for u in people if u.name == actor), "")
    day = today()
    facts, docs, tasks, overrides = _facts(detail)
    refusals: dict[str, Text] = {}
    for task_id, task_ in TASKS.items():
        if task_id in detail.tasks:
            continue
        why = cl.task_refusal(task_, facts, docs, tasks, day, overrides)
        if why is not None:
            refusals[task_id] = why
    closed = {g: why for g in GATES
              if (why := cl.gate_problem(g, facts, docs, tasks, day, overrides)) is not None}
    thumbnails = {p.thumbnail_sha256: documents.blob(db, p.thumbnail_sha256)
                  for d in detail.documents for p in d.pages}
    return CaseView(detail, role, {u.name: u.display_name for u in people}, refusals, closed,
                    thumbnails, audit.case_history(db, actor, number),
                    forms.issued_forms(db, actor, number), day)
