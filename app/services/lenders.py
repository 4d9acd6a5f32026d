"""Lenders (金融机构) and their limits: loan-to-value, term and income rules are settings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import InvalidInput, NotFound
from app.domain.money import CAR_LOAN_MAX_TERM_MONTHS, LenderLimits
from app.domain.permissions import Action
from app.domain.validators import validate_name
from app.services.common import acting_user, audit, require
from app.store.db import Database
from app.store.models import Case, Lender

DEFAULTS = LenderLimits()


def limits_of(lender: Lender) -> LenderLimits:
    return LenderLimits(
        max_ltv_self_use=lender.max_ltv_self_use,
        max_ltv_self_use_new_energy=lender.max_ltv_self_use_new_energy,
        max_ltv_commercial=lender.max_ltv_commercial,
        max_ltv_commercial_new_energy=lender.max_ltv_commercial_new_energy,
        max_ltv_used=lender.max_ltv_used,
        max_term_months=lender.max_term_months,
        max_term_months_used=lender.max_term_months_used,
        income_multiple=lender.income_multiple,
        income_multiple_self_employed=lender.income_multiple_self_employed,
    )


def find_lender(session: Session, name: str, *, field: str = "lender") -> Lender:
    lender = session.scalar(select(Lender).where(Lender.name == name.strip(), Lender.active))
    if lender is None:
        known = list(session.scalars(select(Lender.name).where(Lender.active).order_by(
            Lender.name)))
        raise NotFound(field, f"unknown lender {name!r}",
                       "one of: " + ", ".join(known) if known else "add one with "
                       "`loandesk lender add NAME`",
                       zh=f"没有贷款机构 {name!r}，已有：{'、'.join(known) or '无'}")
    return lender


def _fraction(value: str | Decimal | None, field: str, default: Decimal) -> Decimal:
    if value is None:
        return default
    try:
        fraction = Decimal(str(value))
    except InvalidOperation:
        fraction = Decimal(-1)
    if not fraction.is_finite() or not Decimal(0) < fraction <= 1:
        raise InvalidInput(field, f"{value!r} is not a loan-to-value fraction",
                           "a fraction above 0 and at most 1, e.g. 0.80",
                           zh=f"{value!r} 不是有效的贷款成数，应为 0 到 1 之间的小数，如 0.80")
    return fraction


def _months(value: int | None, field: str, default: int) -> int:
    if value is None:
        return default
    top = CAR_LOAN_MAX_TERM_MONTHS
    if not 1 <= value <= top:
        raise InvalidInput(field, f"{value} months is beyond what a car loan may run "
                           f"(汽车贷款管理办法: at most {top} months)", f"1 to {top} months",
                           zh=f"期限上限 {value} 个月超出规定：汽车贷款期限最长 {top} 个月"
                              f"(5 年)，应为 1 到 {top} 个月")
    return value


def _multiple(value: str | None) -> Decimal:
    if value is None:
        return DEFAULTS.income_multiple
    try:
        multiple = Decimal(value)
    except InvalidOperation:
        multiple = Decimal(0)
    if not multiple.is_finite() or not Decimal(1) <= multiple <= 10:
        raise InvalidInput("income_multiple", f"{value!r} is not an income multiple",
                           "a number from 1 to 10, e.g. 2", zh="收入倍数应为 1 到 10 之间的数字")
    return multiple


@dataclass(frozen=True)
class LenderView:
    name: str
    limits: LenderLimits


def add_lender(db: Database, actor: str, name: str, *, max_ltv: str | None = None,
               max_ltv_new_energy: str | None = None, max_term: int | None = None,
               income_multiple: str | None = None) -> LenderView:
    """A lender with DOMAIN.md's default limits unless told otherwise."""
    clean = validate_name(name, "name", 100)
    ltv = _fraction(max_ltv, "max_ltv", DEFAULTS.max_ltv_self_use)
    ltv_ne = _fraction(max_ltv_new_energy, "max_ltv_new_energy",
                       max(ltv, DEFAULTS.max_ltv_self_use_new_energy) if max_ltv is None
                       else min(Decimal(1), ltv + Decimal("0.05")))
    term = _months(max_term, "max_term", DEFAULTS.max_term_months)
    multiple = _multiple(income_multiple)
    with db.transaction() as session:
        user = acting_user(session, actor)
        require(user, Action.LENDERS)
        if session.scalar(select(Lender.id).where(Lender.name == clean)) is not None:
            raise InvalidInput("name", f"a lender named {clean!r} exists already",
                               "a new name", zh=f"贷款机构 {clean!r} 已存在")
        lender = Lender(
            name=clean, max_ltv_self_use=ltv, max_ltv_self_use_new_energy=ltv_ne,
            max_ltv_commercial=min(ltv, DEFAULTS.max_ltv_commercial),
            max_ltv_commercial_new_energy=min(ltv_ne, DEFAULTS.max_ltv_commercial_new_energy),
            max_ltv_used=min(ltv, DEFAULTS.max_ltv_used), max_term_months=term,
            max_term_months_used=min(term, DEFAULTS.max_term_months_used),
            income_multiple=multiple,
            income_multiple_self_employed=max(multiple, DEFAULTS.income_multiple_self_employed))
        session.add(lender)
        session.flush()
        audit(session, user, "lender.add", None, name=clean, max_ltv=str(ltv), max_term=term)
        return LenderView(clean, limits_of(lender))


def list_lenders(db: Database) -> list[LenderView]:
    with db.reading() as session:
        return [LenderView(lender.name, limits_of(lender)) for lender in session.scalars(
            select(Lender).where(Lender.active).order_by(Lender.name))]


def update_lender(db: Database, actor: str, name: str, *, max_ltv: str | None = None,
                  max_ltv_new_energy: str | None = None, max_term: int | None = None,
                  income_multiple: str | None = None, active: bool | None = None) -> LenderView:
    """Change a lender's limits (cases already open keep their terms; new checks use these),
    or stop offering it (active=False: it disappears from the new-case dialog)."""
    with db.transaction() as session:
        user = acting_user(session, actor)
        require(user, Action.LENDERS)
        lender = session.scalar(select(Lender).where(Lender.name == name.strip()))
        if lender is None:
            raise NotFound("name", f"unknown lender {name!r}", "a name from `loandesk lender "
                           "list`", zh=f"没有贷款机构 {name!r}")
        before = {k: str(v) for k, v in vars(limits_of(lender)).items()} | {
            "active": lender.active}
        if max_ltv is not None:
            lender.max_ltv_self_use = _fraction(max_ltv, "max_ltv", lender.max_ltv_self_use)
        if max_ltv_new_energy is not None:
            lender.max_ltv_self_use_new_energy = _fraction(
                max_ltv_new_energy, "max_ltv_new_energy", lender.max_ltv_self_use_new_energy)
        if max_term is not None:
            lender.max_term_months = _months(max_term, "max_term", lender.max_term_months)
        if income_multiple is not None:
            lender.income_multiple = _multiple(income_multiple)
        if active is not None:
            lender.active = active
        after = {k: str(v) for k, v in vars(limits_of(lender)).items()} | {
            "active": lender.active}
        audit(session, user, "lender.update", None, name=lender.name, before=before,
              after=after)
        if after != before:  # the income multiple is the checklist's: its queues go stale
            from app.services.queue_store import forget_cases

            forget_cases(session, Case.lender_id == lender.id)
        return LenderView(lender.name, limits_of(lender))
