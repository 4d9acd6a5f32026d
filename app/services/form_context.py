"""A case as the printed forms read it: the context of forms/*.toml, amounts as text."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.domain.checklist import State, override_note
from app.domain.money import purchase_tax
from app.domain.procedure import (
    DOCUMENT_KINDS,
    MORTGAGE_ORIGINALS,
    PARTY_TITLES,
    Party,
    default_party,
)
from app.domain.settlement import SettlementSection, case_settlement
from app.domain.validators import mask_id
from app.services.cases import CaseDetail, load_case
from app.services.common import find_case, today
from app.services.custody import last_hand_overs


def _m(value: Decimal) -> str:
    return format(value, "f")


def _document_content(detail: CaseDetail, kind: str) -> dict[str, Any]:
    for document in reversed(detail.documents):
        if document.kind == kind and document.content:
            return dict(document.content)
    return {}


def _task_values(detail: CaseDetail, task_id: str) -> dict[str, str]:
    record = detail.tasks.get(task_id)
    if record is None:
        return {}
    return {**record.values, "date": record.done_at.astimezone().date().isoformat()}


def _day(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone().date().isoformat()


def _mortgage_originals(session: Session, detail: CaseDetail) -> list[dict[str, Any]]:
    """The five originals of step ⑧ (the mortgage's papers), each with its last hand-over:
    who took it, who recorded it, when it left and when it came back."""
    hand_overs = last_hand_overs(session, find_case(session, detail.number).id)
    satisfied = {(i.id, i.party) for i in detail.checklist.items
                 if i.what == "document" and i.state is State.SATISFIED}
    rows = []
    for kind in MORTGAGE_ORIGINALS:
        party = default_party(kind)
        held = hand_overs.get((kind, party.value))
        rows.append({
            "kind": kind, "title": f"{DOCUMENT_KINDS[kind].title.zh}原件",
            "present": (kind, party) in satisfied,
            "holder": held.holder if held else "", "out_by": held.out_by if held else "",
            "out_on": _day(held.out_at) if held else "",
            "returned_on": _day(held.returned_at) if held else ""})
    return rows


def build_context(session: Session, number: str, settings: dict[str, str], *,
                  serial: str = "") -> dict[str, Any]:
    detail = load_case(session, number, warnings=False)  # a form prints none
    data = detail.data
    c, v, loan, s = data.customer, data.vehicle, data.loan, detail.schedule
    accessories = [dict(a) for a in data.accessories]
    fees = [dict(f) for f in data.fee_items]
    tax = purchase_tax(v.price, new_energy=v.new_energy, purchase_date=today())
    fees = [{"item": "购置税(估算)", "amount": _m(tax)}, *fees]
    if loan.fees:
        fees.append({"item": "贷款手续费", "amount": _m(loan.fees)})
    invoice = _task_values(detail, "invoice")
    policy = _document_content(detail, "insurance_policy")
    mortgage = _task_values(detail, "mortgage_registered")
    delivered = _task_values(detail, "delivered")
    settlement = _task_values(detail, "settlement")
    # The lines and their sum from the domain: the printed lines add up to the printed total.
    statement = case_settlement(data, {t: r.values for t, r in detail.tasks.items()})
    # A gate a manager overrode: the forms print who let it through and why (forms/*.toml
    # checklist items name the override beside the check it stands in for).
    overrides = {gate: override_note(o.reason, o.by.display_name,
                                     o.at.astimezone().date()).zh
                 for gate, o in detail.overrides.items()}
    return {
        "dealership": {"name": settings.get("dealership.name", ""),
                       "address": settings.get("dealership.address", ""),
                       "phone": settings.get("dealership.phone", "")},
        "case": {"number": detail.number,
                 "created_at": detail.created_at.astimezone().date().isoformat(),
                 "plate": v.plate,
                 "consultant": {"name": detail.consultant.display_name,
                                "phone": detail.consultant.phone},
                 "lender": {"name": loan.lender}},
        "customer": {"name": c.name, "id_number": c.id_number,
                     "id_number_masked": mask_id(c.id_number), "phone": c.phone,
                     "marital_status": c.marital_status, "address": c.address,
                     "employer": c.employer},
        "spouse": None if data.spouse is None else {
            "name": data.spouse.name, "id_number": data.spouse.id_number,
            "id_number_masked": mask_id(data.spouse.id_number), "phone": data.spouse.phone},
        "vehicle": {"brand": v.brand, "model": v.model, "vin": v.vin,
                    "engine_number": v.engine_number, "color": v.color, "price": _m(v.price),
                    "new_energy": v.new_energy, "warehouse": v.warehouse},
        "loan": {"lender": loan.lender, "amount": _m(loan.amount),
                 "down_payment": _m(loan.down_payment), "term_months": loan.term_months,
                 "annual_rate": _m(loan.annual_rate), "method": loan.method,
                 "fees": _m(loan.fees), "monthly_payment": _m(s.first_payment),
                 "first_payment": _m(s.first_payment), "last_payment": _m(s.last_payment),
                 "total_interest": _m(s.total_interest), "apr": _m(s.apr),
                 # Equal principal: the payment falls every month, so the form prints the
                 # first and the last one; a level payment is one figure.
                 "payments_fall": loan.method == "equal_principal"},
        "fees": fees,
        "accessories": accessories,
        "invoice": {"number": invoice.get("number", ""),
                    "amount": invoice.get("amount", ""), "date": invoice.get("date", "")},
        "insurance": {k: policy.get(k, "") for k in (
            "insurer", "policy_number", "first_beneficiary", "period_start", "period_end")}
        | {"premium": ""},
        "settlement": SettlementSection(statement, {
            "items": [{"item": line.printed, "amount": _m(line.printed_amount)}
                      for line in statement.lines],
            "total": _m(statement.total), "settled_at": settlement.get("date", "")}),
        "mortgage": {"registered_at": mortgage.get("registered_on", ""),
                     "registration_certificate_number": ""},
        "release": {"number": serial, "date": today().isoformat(),
                    "warehouse": v.warehouse, "mortgage_registered": bool(mortgage),
                    "settled": bool(settlement), "released": "released" in detail.tasks},
        "overrides": overrides,
        "delivery": {"date": delivered.get("date", ""),
                     "service_advisor": delivered.get("service_advisor", ""),
                     "service_advisor_phone": "", "odometer": "", "fuel_level": "",
                     "keys": ""},
        "mortgage_originals": _mortgage_originals(session, detail),
        "documents": [
            {"kind": i.id, "present": i.state is State.SATISFIED,
             "title": DOCUMENT_KINDS[i.id].title.zh + (
                 f"({PARTY_TITLES[i.party].zh})" if i.party is Party.SPOUSE else "")}
            for i in detail.checklist.items if i.what == "document"],
    }
