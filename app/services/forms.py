"""Printed forms: preview (draft), issue with a serial, reprint (补打), receipts of copies."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import checklist as cl
from app.domain.errors import GateClosed, InvalidInput, NotFound, PermissionDenied, Text
from app.domain.permissions import Action, may_confirm
from app.domain.procedure import FORM_STEPS, ROLE_TITLES, Role
from app.printing.forms import FormSpec, load_forms
from app.printing.overlay import render_form_overlay
from app.services.cases import facts_of, next_serial
from app.services.common import acting_user, audit, find_case, now, owns, require, today
from app.services.evidence import evidence_of
from app.services.form_context import build_context
from app.services.settings import settings_in
from app.store.db import Database
from app.store.models import Case, CopyReceipt, IssuedForm, User


@cache
def forms() -> dict[str, FormSpec]:
    return load_forms()


_FULL_ID = re.compile(r"\b(customer|spouse)\.id_number\b(?!_masked)")


@cache
def needs_full_id(form_id: str) -> bool:
    """Whether the official form prints a full ID number (issuing it is then a reveal)."""
    return bool(_FULL_ID.search(form_spec(form_id).source.read_text(encoding="utf-8")))


def form_spec(form_id: str) -> FormSpec:
    try:
        return forms()[form_id]
    except KeyError:
        raise NotFound("form", f"unknown form {form_id!r}", ", ".join(sorted(forms())),
                       zh=f"没有表单 {form_id!r}") from None


def _refusal(session: Session, number: str, form_id: str) -> Text | None:
    """The domain's answer (procedure.FORM_PREREQUISITES), asked as complete_task asks."""
    case = find_case(session, number)
    facts, documents, tasks, overrides = facts_of(session, case)
    return cl.form_refusal(form_id, facts, documents, tasks, today(), overrides,
                           evidence_of(session, case))


def form_refusal(db: Database, actor: str, number: str, form_id: str) -> Text | None:
    """Why the form cannot be issued yet (a preview is always possible), or None."""
    form_spec(form_id)
    with db.reading() as session:
        require(acting_user(session, actor), Action.PREVIEW_FORM, find_case(session, number))
        return _refusal(session, number, form_id)


def _render(session: Session, user: User, number: str, spec: FormSpec, *, serial: str,
            copy_id: str | None, draft: bool, reprint: bool, overlay: bool = False) -> bytes:
    # A draft has no serial yet: its number fields stay blank for the hand, and the engine
    # marks the page 草稿 (never the English placeholder on Chinese paper).
    context = build_context(session, number, settings_in(session),
                            serial="" if draft else serial)
    if draft:  # a draft is not an audited reveal: it shows the numbers masked
        for party in ("customer", "spouse"):
            if context.get(party):
                context[party]["id_number"] = context[party]["id_number_masked"]
    if overlay:  # 套打: the values alone, at the positions the form file declares
        if spec.overlay is None:
            raise InvalidInput("overlay", f"form {spec.id} declares no overlay positions",
                               "a form with [overlay] positions",
                               zh=f"「{spec.title}」未定义套打位置")
        try:
            return render_form_overlay(spec, context, printed_by=user.display_name,
                                       copy_id=copy_id, draft=draft)
        except ValueError as error:
            raise InvalidInput("copy", str(error), ", ".join(c.id for c in spec.copies),
                               zh=f"没有这一联：{copy_id}") from None
    # Imported here: the engine brings ReportLab's page layout and barcodes, which the queue
    # and the case list (they only read form specs) should not load at start-up.
    from app.printing.engine import render_form

    try:
        return render_form(spec, context, serial=serial, printed_by=user.display_name,
                           printed_at=now().astimezone(), copy_id=copy_id, draft=draft,
                           reprint=reprint)
    except ValueError as error:  # an unknown copy id
        raise InvalidInput("copy", str(error), ", ".join(c.id for c in spec.copies),
                           zh=f"没有这一联：{copy_id}") from None


def preview_form(db: Database, actor: str, number: str, form_id: str, *,
                 copy_id: str | None = None, overlay: bool = False) -> bytes:
    """A draft (草稿 on every page); nothing is recorded."""
    spec = form_spec(form_id)
    with db.reading() as session:
        user = acting_user(session, actor)
        require(user, Action.PREVIEW_FORM, find_case(session, number))
        return _render(session, user, number, spec, serial="DRAFT", copy_id=copy_id,
                       draft=True, reprint=False, overlay=overlay)


@dataclass(frozen=True)
class IssuedPdf:
    serial: str
    pdf: bytes
    reprint: bool


def _serial_code(form_id: str) -> str:
    return "".join(word[0] for word in form_id.split("_")).upper()


def issue_form(db: Database, actor: str, number: str, form_id: str, *,
               copy_id: str | None = None,
               deliver: Callable[[IssuedPdf], object] | None = None,
               overlay: bool = False) -> IssuedPdf:
    """Issue a form: a serial the first time; the same serial, marked 补打, after that.

    `deliver` (writing the file, say) runs inside the transaction once the PDF is rendered:
    if it raises, nothing is recorded, so a serial is burnt only for a form that exists."""
    spec = form_spec(form_id)
    with db.transaction() as session:
        user = acting_user(session, actor)
        case = find_case(session, number, for_update=True)
        require(user, Action.ISSUE_FORM, case)
        if needs_full_id(form_id):
            require(user, Action.REVEAL_ID, case)
        refusal = _refusal(session, number, form_id)
        if refusal is not None:
            raise GateClosed("form", f"{form_id} cannot be issued yet: {refusal.en} "
                             "(a draft preview is possible)",
                             zh=f"暂不能出具「{spec.title}」：{refusal.zh}(可预览草稿)")
        record = session.scalar(select(IssuedForm).where(
            IssuedForm.case_id == case.id, IssuedForm.form_id == form_id))
        copies = [copy_id] if copy_id else [c.id for c in spec.copies]
        if record is None:
            year = now().astimezone().year
            code = _serial_code(form_id)
            serial = f"{code}{year}-{next_serial(session, f'form-{code}-{year}'):06d}"
            record = IssuedForm(serial=serial, case_id=case.id, form_id=form_id, copies=copies,
                                issued_by_id=user.id, issued_at=now())
            session.add(record)
            reprint = False
        else:
            record.reprints += 1
            reprint = True
        pdf = _render(session, user, number, spec, serial=record.serial, copy_id=copy_id,
                      draft=False, reprint=reprint, overlay=overlay)
        session.flush()
        _store_queue(session, case)  # its copies now wait for their recipients
        # A form that prints the full ID number is a reveal, recorded in its one row.
        audit(session, user, "form.reprint" if reprint else "form.issue", case.number,
              form=form_id, serial=record.serial, copies=copies,
              id_revealed=needs_full_id(form_id))
        issued = IssuedPdf(record.serial, pdf, reprint)
        if deliver is not None:
            deliver(issued)
        return issued


@dataclass(frozen=True)
class CopyState:
    copy_id: str
    label: str
    recipient_role: str
    received_by: str | None
    received_at: datetime | None


@dataclass(frozen=True)
class IssuedRecord:
    form_id: str
    title: str
    serial: str
    issued_at: datetime
    issued_by: str
    reprints: int
    copies: tuple[CopyState, ...]


def issued_forms(db: Database, actor: str, number: str) -> list[IssuedRecord]:
    """Every form issued for the case, and where each copy is."""
    with db.reading() as session:
        case = find_case(session, number)
        require(acting_user(session, actor), Action.VIEW_CASE, case)
        records = []
        for form in session.scalars(select(IssuedForm).where(
                IssuedForm.case_id == case.id).order_by(IssuedForm.issued_at)):
            spec = form_spec(form.form_id)
            receipts = {r.copy_id: r for r in session.scalars(select(CopyReceipt).where(
                CopyReceipt.issued_form_id == form.id))}
            names = {u.id: u.display_name for u in session.scalars(select(User))} \
                if receipts else {}
            copies = tuple(CopyState(
                c.id, c.label, c.recipient_role,
                names.get(receipts[c.id].received_by_id) if c.id in receipts else None,
                receipts[c.id].received_at if c.id in receipts else None)
                for c in spec.copies if c.id in form.copies)
            records.append(IssuedRecord(form.form_id, spec.title, form.serial, form.issued_at,
                                        form.issued_by.display_name, form.reprints, copies))
        return records


def confirm_receipt(db: Database, actor: str, serial: str, copy_id: str) -> None:
    """The recipient of a copy (the info clerk the red one, the warehouse keeper the green
    one) confirms it reached them."""
    with db.transaction() as session:
        user = acting_user(session, actor)
        form = session.scalar(select(IssuedForm).where(IssuedForm.serial == serial.strip()))
        if form is None:
            raise NotFound("serial", f"no issued form {serial!r}", zh=f"没有单号 {serial!r}")
        spec = form_spec(form.form_id)
        copy = next((c for c in spec.copies if c.id == copy_id), None)
        if copy is None or copy_id not in form.copies:
            raise InvalidInput("copy", f"{serial} has no copy {copy_id!r}",
                               ", ".join(form.copies), zh=f"{serial} 没有这一联")
        case = session.get_one(Case, form.case_id)
        if not may_confirm(user.role, copy.recipient_role, owns(user, case)):
            who = ROLE_TITLES.get(Role(copy.recipient_role)) \
                if copy.recipient_role in {r.value for r in Role} else None
            en, zh = (who.en, who.zh) if who else ("one who confirms receipts", "签收人员")
            mine = " of the case" if copy.recipient_role == Role.CONSULTANT else ""
            raise PermissionDenied("user", f"{user.name} may not confirm {copy.label} of "
                                   f"{case.number}: it goes to the {en}{mine}",
                                   f"the {en}{mine} or a manager",
                                   zh=f"{copy.label}应由{zh}或经理签收")
        if session.scalar(select(CopyReceipt).where(CopyReceipt.issued_form_id == form.id,
                                                    CopyReceipt.copy_id == copy_id)):
            raise InvalidInput("copy", f"{copy.label} was already confirmed",
                               zh=f"{copy.label}已签收")
        session.add(CopyReceipt(issued_form_id=form.id, copy_id=copy_id,
                                received_by_id=user.id, received_at=now()))
        _store_queue(session, case)  # the copy leaves its recipient's queue
        audit(session, user, "form.receipt", case.number, serial=serial, copy=copy_id)


def _store_queue(session: Session, case: Case) -> None:
    from app.services.queue_store import store_case_queue  # it reads form specs from here

    store_case_queue(session, case)


def form_list() -> list[tuple[str, str, str, int]]:
    """(form id, title, step, copies) of every form, for `loandesk form list`."""
    return [(s.id, s.title, FORM_STEPS.get(s.id, s.step), len(s.copies))
            for s in sorted(forms().values(), key=lambda s: s.id)]
