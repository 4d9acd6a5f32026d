"""Cases: create, change, show, and keep each case's cached step and open items current."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import checklist as cl
from app.domain.case_input import (
    CaseInput,
    CustomerInput,
    LoanInput,
    SpouseInput,
    VehicleInput,
    apply_changes,
    id_warnings,
    parse_case,
)
from app.domain.errors import InvalidInput, Text
from app.domain.money import (
    RepaymentSchedule,
    check_loan,
    loan_costs,
    loan_to_value,
    repayment_schedule,
)
from app.domain.permissions import Action
from app.domain.privacy import mask_id, masked
from app.domain.procedure import Party
from app.services.case_records import (
    DocumentRecord,
    GateOverridden,
    Person,
    TaskDone,
    document_of,
    override_of,
    person_of,
    task_of,
)
from app.services.common import (
    acting_user,
    audit,
    find_case,
    now,
    require,
    today,
)
from app.services.lenders import find_lender, limits_of
from app.store.db import Database
from app.store.models import AuditEntry, Case, Counter, Document, GateOverride, Lender, TaskRecord

CASE_PREFIX = "LD"


def next_serial(session: Session, name: str, count: int = 1) -> int:
    """Reserve `count` consecutive serial numbers of the counter `name`; returns the first."""
    counter = session.get(Counter, name, with_for_update=True)
    if counter is None:
        counter = Counter(name=name, value=0)
        session.add(counter)
    first = counter.value + 1
    counter.value += count
    session.flush()
    return first


def case_input_of(case: Case) -> CaseInput:
    """The stored case as the validated input it was made from."""
    spouse = None
    if case.marital_status == "married":
        spouse = SpouseInput(case.spouse_name, case.spouse_id_number, case.spouse_phone)
    return CaseInput(
        customer=CustomerInput(case.customer_name, case.customer_id_number, case.customer_phone,
                               case.marital_status, case.customer_address,
                               case.customer_employer, case.self_employed),
        spouse=spouse,
        vehicle=VehicleInput(case.vehicle_brand, case.vehicle_model, case.vin, case.price,
                             case.engine_number, case.color, case.new_energy, case.used,
                             case.commercial, case.plate, case.warehouse),
        loan=LoanInput(case.lender.name, case.loan_amount, case.down_payment, case.term_months,
                       case.annual_rate, case.method, case.fees, case.loan_start),
        accessories=tuple(case.accessories or ()),
        fee_items=tuple(case.fee_items or ()),
    )


def _write_input(case: Case, data: CaseInput) -> None:
    c, v, loan = data.customer, data.vehicle, data.loan
    case.customer_name = c.name
    case.customer_id_number = c.id_number
    case.customer_id_rev = c.id_number[::-1]
    case.customer_phone = c.phone
    case.customer_phone_rev = c.phone[::-1]
    case.marital_status = c.marital_status
    case.customer_address = c.address
    case.customer_employer = c.employer
    case.self_employed = c.self_employed
    s = data.spouse
    case.spouse_name = s.name if s else ""
    case.spouse_id_number = s.id_number if s else ""
    case.spouse_phone = s.phone if s else ""
    case.vehicle_brand, case.vehicle_model = v.brand, v.model
    case.vin, case.vin_rev = v.vin, v.vin[::-1]
    case.engine_number, case.color, case.plate, case.warehouse = (
        v.engine_number, v.color, v.plate, v.warehouse)
    case.price, case.new_energy, case.used, case.commercial = (
        v.price, v.new_energy, v.used, v.commercial)
    case.loan_amount, case.down_payment, case.term_months = (
        loan.amount, loan.down_payment, loan.term_months)
    case.annual_rate, case.method, case.fees, case.loan_start = (
        loan.annual_rate, loan.method, loan.fees, loan.start)
    case.accessories = [dict(a) for a in data.accessories]
    case.fee_items = [dict(f) for f in data.fee_items]


def _check_loan(session: Session, data: CaseInput) -> int:
    """The lender's limits for this car; returns the lender's id."""
    lender = find_lender(session, data.loan.lender, field="loan.lender")
    check_loan(limits_of(lender), lender=lender.name, price=data.vehicle.price,
               amount=data.loan.amount, down_payment=data.loan.down_payment,
               term_months=data.loan.term_months, new_energy=data.vehicle.new_energy,
               used=data.vehicle.used, commercial=data.vehicle.commercial)
    return lender.id


def schedule_of(case: Case) -> RepaymentSchedule:
    start = case.loan_start or case.created_at.date()
    return repayment_schedule(case.loan_amount, case.annual_rate, case.term_months,
                              "equal_principal" if case.method == "equal_principal"
                              else "equal_installment",
                              fees=loan_costs(case.fees, case.fee_items or ()), start=start)


def case_facts(case: Case) -> cl.CaseFacts:
    """What the checklist needs of the case row itself (its lender loaded with it)."""
    schedule = schedule_of(case)
    limits = limits_of(case.lender)
    multiple = limits.income_multiple_self_employed if case.self_employed else \
        limits.income_multiple
    spouse = cl.PartyFacts(case.spouse_name, case.spouse_id_number, case.spouse_phone) \
        if case.marital_status == "married" else None
    facts = cl.CaseFacts(
        number=case.number, marital_status=case.marital_status,
        customer=cl.PartyFacts(case.customer_name, case.customer_id_number, case.customer_phone),
        spouse=spouse, lender=case.lender.name, vin=case.vin, engine_number=case.engine_number,
        monthly_payment=max(schedule.first_payment, schedule.last_payment),
        income_multiple=multiple)
    return facts


def facts_of(session: Session, case: Case) -> tuple[cl.CaseFacts, list[cl.DocumentFacts],
                                                    dict[str, cl.TaskFacts],
                                                    dict[str, cl.Override]]:
    facts = case_facts(case)
    documents = [
        cl.DocumentFacts(d.kind, Party(d.party), len(d.pages), d.content or {})
        for d in session.scalars(select(Document).where(
            Document.case_id == case.id, Document.removed_at.is_(None)))]
    tasks = {t.task_id: cl.TaskFacts(t.task_id, t.done_at, t.done_by.display_name,
                                     t.values or {})
             for t in session.scalars(select(TaskRecord).where(TaskRecord.case_id == case.id))}
    overrides = {o.gate: cl.Override(o.gate, o.by.display_name, o.reason)
                 for o in session.scalars(select(GateOverride).where(
                     GateOverride.case_id == case.id))}
    return facts, documents, tasks, overrides


def checklist_of(session: Session, case: Case) -> cl.Checklist:
    facts, documents, tasks, overrides = facts_of(session, case)
    return cl.evaluate(facts, documents, tasks, today(), overrides)


def refresh(session: Session, case: Case) -> cl.Checklist:
    """Recompute the case's checklist and store what the case list shows of it, its
    milestones and its stored queue (issue 15): the case's facts read once for all three
    (app.services.case_upkeep)."""
    from app.services.case_upkeep import work_out, write_out  # it reads facts through us

    upkeep = work_out(session, case, today())
    write_out(session, case, upkeep, now())
    return upkeep.checklist


def create_case(db: Database, actor: str, data: Mapping[str, Any], *,
                consultant: str | None = None) -> str:
    """Validate and store a new case; returns its number (LD2026-000042)."""
    parsed = parse_case(data, today())
    with db.transaction() as session:
        user = acting_user(session, actor)
        require(user, Action.CREATE_CASE)
        owner = user if consultant is None else acting_user(session, consultant)
        lender_id = _check_loan(session, parsed)
        year = now().astimezone().year
        number = f"{CASE_PREFIX}{year}-{next_serial(session, f'case-{year}'):06d}"
        case = Case(number=number, consultant_id=owner.id, lender_id=lender_id)
        _write_input(case, parsed)
        session.add(case)
        session.flush()
        session.refresh(case)
        refresh(session, case)
        audit(session, user, "case.create", number, case=parsed.to_json())
        return number


def update_case(db: Database, actor: str, number: str, changes: Mapping[str, str], *,
                expected_version: int | None = None, clear_spouse: bool = False) -> list[str]:
    """Change dotted fields of a case (validated together); returns the fields changed."""
    with db.transaction() as session:
        user = acting_user(session, actor)
        case = find_case(session, number, for_update=True)
        require(user, Action.CHANGE_CASE, case)
        if expected_version is not None and case.version != expected_version:
            raise _conflict(session, case, expected_version)
        read_before = upkeep_inputs(case)
        before = case_input_of(case)
        after = apply_changes(before, changes, today(), clear_spouse=clear_spouse)
        if after.loan.lender != before.loan.lender or after.loan != before.loan \
                or after.vehicle != before.vehicle:
            # The lender row itself (already loaded by the check): the checklist reads it.
            case.lender = session.get_one(Lender, _check_loan(session, after))
        old, new = _flatten(before.to_json()), _flatten(after.to_json())
        changed = {k: {"from": old.get(k), "to": v} for k, v in new.items() if old.get(k) != v}
        if not changed:
            return []
        _write_input(case, after)
        if upkeep_inputs(case) == read_before and upkeep_current(case):
            # Nothing the checklist, the milestones or the stored queue read has changed (an
            # address, an employer, a colour): what refresh would store is stored already.
            # The case's row stays locked for its one UPDATE, the digest and the audit
            # entry only (issue 15: eight workstations saving one case in turn).
            case.updated_at = now()
        else:
            from app.services.case_upkeep import work_out, write_out  # reads facts through us

            # The facts are read without flushing the case (its own facts are taken from the
            # object, and nothing else is pending): it is written once, by write_out, while
            # its row stays locked (issue 15: two round trips less for every save).
            with session.no_autoflush:
                upkeep = work_out(session, case, today())
            write_out(session, case, upkeep, now())
        audit(session, user, "case.update", case.number, changes=changed)
        return sorted(changed)


def upkeep_inputs(case: Case) -> tuple[Any, ...]:
    """What refresh reads of the case row itself: its checklist facts (the lender's name and
    income multiple, the monthly payment, the parties, VIN, engine number) and what the stored
    queue copies or decides by. Every other input is a row of its own (documents, tasks,
    overrides, forms, custody, visits), whose every writer runs refresh or the queue store."""
    return (case_facts(case), case.number, case.customer_name, case.customer_phone,
            case.consultant_id, case.status, case.created_at)


def upkeep_current(case: Case) -> bool:
    """Whether refresh's results stored on the case are today's: the checklist reads the date
    (an ID card expires, the six months of statements move on), the stored queue too, and a
    lender's new limits mark its cases' queue stale (queue_store.forget_cases). `updated_at`
    is the moment refresh last worked the checklist out, or a save that found it current.
    (Cases bulk-inserted for the benchmarks, demo.bulk_seed, carry made-up open items dated the
    day they were made: that day, an address saved on one of them keeps them.)"""
    day = today()
    return case.queue_as_of == day and case.updated_at.astimezone().date() == day


def _conflict(session: Session, case: Case, expected_version: int) -> InvalidInput:
    """Another workstation saved first: say who, when and what, so nothing is overwritten
    blindly."""
    last = session.scalar(select(AuditEntry).where(AuditEntry.case_number == case.number)
                          .order_by(AuditEntry.id.desc()).limit(1))
    who = last.user_name if last else "another user"
    when = f"{last.at.astimezone():%H:%M:%S}" if last else ""
    what = ", ".join(sorted((last.detail or {}).get("changes", {}))) if last else ""
    what = what or (last.action if last else "")
    return InvalidInput("case", f"{case.number} was changed by {who} at {when} ({what}) "
                        f"after you opened it", "reload the case and make your change again",
                        zh=f"{case.number} 已被 {who} 于 {when} 修改({what})，请重新载入后再改")


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


@dataclass(frozen=True)
class CaseDetail:
    """Everything a person sees of one case: facts, money, steps and checklist."""

    number: str
    version: int
    status: str
    consultant: Person
    created_at: datetime
    step_since: datetime
    data: CaseInput
    schedule: RepaymentSchedule
    ltv: Decimal
    checklist: cl.Checklist
    tasks: dict[str, TaskDone]
    documents: list[DocumentRecord]
    overrides: dict[str, GateOverridden]
    # (dotted field, warning): e.g. an ID's address code newer than the birth; never refused
    warnings: tuple[tuple[str, Text], ...] = ()


def load_case(session: Session, number: str, *, warnings: bool = True) -> CaseDetail:
    """`warnings=False` leaves out the ID numbers' warnings (what a printed form never
    shows): looking up an address code reads python-stdnum's whole list of counties, a
    twentieth of a second in a process that prints one form."""
    case = find_case(session, number)
    tasks = {t.task_id: task_of(t) for t in session.scalars(
        select(TaskRecord).where(TaskRecord.case_id == case.id))}
    documents = [document_of(d) for d in session.scalars(select(Document).where(
        Document.case_id == case.id, Document.removed_at.is_(None)).order_by(Document.id))]
    overrides = {o.gate: override_of(o) for o in session.scalars(
        select(GateOverride).where(GateOverride.case_id == case.id))}
    return CaseDetail(
        number=case.number, version=case.version, status=case.status,
        consultant=person_of(case.consultant), created_at=case.created_at,
        step_since=case.step_since,
        data=case_input_of(case), schedule=schedule_of(case),
        ltv=loan_to_value(case.loan_amount, case.price), checklist=checklist_of(session, case),
        tasks=tasks, documents=documents, overrides=overrides,
        warnings=id_warnings(case_input_of(case)) if warnings else ())


def _masked(data: CaseInput) -> CaseInput:
    spouse = data.spouse
    if spouse is not None:
        spouse = replace(spouse, id_number=mask_id(spouse.id_number))
    return replace(data, customer=replace(data.customer,
                                          id_number=mask_id(data.customer.id_number)),
                   spouse=spouse)


def get_case(db: Database, actor: str, number: str, *, reveal: bool = False) -> CaseDetail:
    """A case as `actor` may see it: ID numbers masked unless revealed (which is audited and
    only for the roles whose work needs the full number)."""
    if not reveal:
        with db.reading() as session:
            user = acting_user(session, actor)
            require(user, Action.VIEW_CASE, find_case(session, number))
            detail = load_case(session, number)
            return masked_detail(detail)
    with db.transaction() as session:
        user = acting_user(session, actor)
        case = find_case(session, number)
        require(user, Action.VIEW_CASE, case)
        require(user, Action.REVEAL_ID, case)
        detail = load_case(session, number)
        audit(session, user, "id.reveal", detail.number)
        return detail


def masked_detail(detail: CaseDetail) -> CaseDetail:
    """The case with ID numbers masked: in its facts and in what its documents say."""
    return replace(detail, data=_masked(detail.data), documents=[
        replace(d, content=masked(d.content)) for d in detail.documents])


def preview_loan(db: Database, data: Mapping[str, Any]) -> tuple[RepaymentSchedule, Decimal]:
    """The new-case dialog's live figures; raises InvalidInput like create_case would."""
    parsed = parse_case(data, today())
    with db.reading() as session:
        _check_loan(session, parsed)
    loan = parsed.loan
    schedule = repayment_schedule(loan.amount, loan.annual_rate, loan.term_months,
                                  "equal_principal" if loan.method == "equal_principal"
                                  else "equal_installment",
                                  fees=loan_costs(loan.fees, parsed.fee_items), start=loan.start)
    return schedule, loan_to_value(loan.amount, parsed.vehicle.price)
