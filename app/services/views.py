"""Cases, rows and schedules as plain JSON-ready dicts: what `--json` prints and scripts read."""

from __future__ import annotations

from typing import Any

from app.domain.checklist import Checklist
from app.domain.money import RepaymentSchedule
from app.domain.privacy import masked
from app.domain.procedure import STEPS_BY_ID
from app.services.case_records import DocumentRecord
from app.services.cases import CaseDetail
from app.services.listing import CaseRow
from app.store.models import Document


def _money(value: Any) -> str:
    return format(value, "f")


def schedule_json(schedule: RepaymentSchedule, *, rows: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "method": schedule.method, "principal": _money(schedule.principal),
        "annual_rate": _money(schedule.annual_rate), "term_months": schedule.term_months,
        "fees": _money(schedule.fees), "first_payment": _money(schedule.first_payment),
        "last_payment": _money(schedule.last_payment),
        "monthly_payment": _money(schedule.first_payment),
        "total_interest": _money(schedule.total_interest),
        "total_payment": _money(schedule.total_payment), "apr": _money(schedule.apr),
    }
    if rows:
        data["installments"] = [
            {"period": i.period, "due_date": i.due_date.isoformat(), "payment": _money(i.payment),
             "principal": _money(i.principal), "interest": _money(i.interest),
             "balance": _money(i.balance)} for i in schedule.installments]
    return data


def checklist_json(checklist: Checklist) -> dict[str, Any]:
    return {
        "current_step": checklist.current_step,
        "steps": [{"id": s.step, "number": STEPS_BY_ID[s.step].number,
                   "title": STEPS_BY_ID[s.step].title.en, "title_zh": STEPS_BY_ID[s.step].title.zh,
                   "state": s.state.value, "reason": s.reason.en, "reason_zh": s.reason.zh}
                  for s in checklist.steps],
        "items": [{"step": i.step, "what": i.what, "id": i.id, "party": i.party.value,
                   "title": i.title.en, "title_zh": i.title.zh, "state": i.state.value,
                   "reason": i.reason.en, "reason_zh": i.reason.zh} for i in checklist.items],
    }


def document_json(document: Document | DocumentRecord) -> dict[str, Any]:
    return {"id": document.id, "kind": document.kind, "party": document.party,
            "pages": len(document.pages), "content": document.content,
            "files": sorted({p.filename for p in document.pages}),
            "warnings": sorted({w for p in document.pages for w in p.warnings}),
            "added_at": document.created_at.isoformat()}


def case_json(detail: CaseDetail) -> dict[str, Any]:
    data = detail.data.to_json()
    fees = data["loan"]["fees"]
    data["loan"].update(schedule_json(detail.schedule, rows=False))
    # The APR's costs are the loan's fees plus the fee items marked loan_cost; `fees` stays
    # what was entered, so the JSON still reads back as the case.
    data["loan"]["fees"], data["loan"]["loan_costs"] = fees, data["loan"]["fees"]
    data["loan"]["ltv"] = _money(detail.ltv)
    return {
        "number": detail.number, "version": detail.version, "status": detail.status,
        "consultant": detail.consultant.name, "created_at": detail.created_at.isoformat(),
        "step_since": detail.step_since.isoformat(), **data,
        "checklist": checklist_json(detail.checklist),
        # Free text may quote a number: masked the way every other output masks it.
        "tasks": [{"task_id": t.task_id, "done_at": t.done_at.isoformat(),
                   "done_by": t.done_by.name, "note": masked(t.note), "values": t.values}
                  for t in detail.tasks.values()],
        "documents": [document_json(d) for d in detail.documents],
        "warnings": [{"field": name, "warning": w.en, "warning_zh": w.zh}
                     for name, w in detail.warnings],
        "overrides": [{"gate": o.gate, "by": o.by.name, "reason": masked(o.reason),
                       "at": o.at.isoformat()} for o in detail.overrides.values()],
    }


def row_json(row: CaseRow) -> dict[str, Any]:
    return {"number": row.number, "customer": row.customer, "id_number": row.id_masked,
            "phone": row.phone, "vehicle": row.vehicle, "vin": row.vin, "plate": row.plate,
            "consultant": row.consultant, "step": row.step,
            "step_since": row.step_since.isoformat(), "missing_count": row.missing_count,
            "missing": row.missing, "missing_zh": row.missing_zh, "status": row.status}
