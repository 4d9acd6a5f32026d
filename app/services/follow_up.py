"""After delivery the consultant keeps the customer: the follow-up visit (回访) a few days
after the car leaves, a repayment reminder before each instalment falls due, and a "today"
list of visits, reminders and stuck cases per consultant (a manager sees everyone's)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.board import (
    DEFAULT_FOLLOW_UP_DAYS,
    STUCK_DAYS,
    follow_up_date,
    repayment_due_soon,
)
from app.domain.errors import InvalidInput
from app.domain.permissions import Action, Reach, reach
from app.domain.validators import validate_text
from app.services.board import StuckCase, stuck_cases
from app.services.cases import schedule_of
from app.services.common import (
    acting_user,
    audit,
    find_case,
    now,
    require,
    today,
)
from app.services.queue_store import store_case_queue
from app.services.settings import settings_in
from app.store.db import Database
from app.store.models import Case, FollowUpVisit, TaskRecord, User

RESULT_MAX = 1000
STUCK_SHOWN = 100  # per step on a manager's list: enough for a morning, not a flood


def _days_after_delivery(session: Session) -> int:
    value = settings_in(session).get("follow_up.days_after_delivery", "")
    return int(value) if value.isdigit() else DEFAULT_FOLLOW_UP_DAYS


def schedule_follow_up(session: Session, case: Case, delivered_on: date, *,
                       visit_on: date | None = None, by: User | None = None) -> FollowUpVisit:
    """Plan the visit after delivery (follow_up.days_after_delivery days later, unless
    `visit_on` says when). Runs in the caller's transaction. A visit already made is kept as
    it was; one still open moves to the new date (delivery undone and recorded again)."""
    due = visit_on or follow_up_date(delivered_on, _days_after_delivery(session))
    visit = session.scalar(select(FollowUpVisit).where(FollowUpVisit.case_id == case.id))
    if visit is not None and visit.done_at is not None:
        return visit
    before = None if visit is None else visit.due_on
    if visit is None:
        visit = FollowUpVisit(case_id=case.id, due_on=due, scheduled_at=now())
        session.add(visit)
    else:
        visit.due_on = due
    session.flush()
    if by is not None and before != due:
        audit(session, by, "follow_up.schedule", case.number, due_on=due.isoformat(),
              before=before.isoformat() if before else None)
    return visit


def after_task_done(session: Session, user: User, case: Case, task_id: str,
                    values: Mapping[str, str]) -> None:
    """The hook tasks.complete_task calls: delivering the car plans the visit; the task
    "follow_up_scheduled" moves it to the day agreed with the customer."""
    if task_id == "delivered":
        schedule_follow_up(session, case, today(), by=user)
    elif task_id == "follow_up_scheduled" and values.get("visit_on"):
        schedule_follow_up(session, case, today(),
                           visit_on=date.fromisoformat(values["visit_on"]), by=user)


def record_visit(db: Database, actor: str, number: str, *, result: str,
                 review_given: bool) -> None:
    """The visit was made: what the customer said, and whether they left a review."""
    clean = validate_text(result, "result", RESULT_MAX, required=True)
    with db.transaction() as session:
        user = acting_user(session, actor)
        case = find_case(session, number, for_update=True)
        require(user, Action.FOLLOW_UP, case)
        visit = session.scalar(select(FollowUpVisit).where(FollowUpVisit.case_id == case.id))
        if visit is None:
            raise InvalidInput("number", f"{case.number} has no follow-up visit planned",
                               "a delivered car's case",
                               zh=f"{case.number} 尚未安排回访(车辆未交付)")
        if visit.done_at is not None:
            when = f"{visit.done_at.astimezone():%Y-%m-%d}"
            raise InvalidInput("number", f"the visit of {case.number} was recorded on {when}",
                               "a visit not yet made", zh=f"{case.number} 的回访已于 {when} 登记")
        visit.done_at, visit.done_by_id = now(), user.id
        visit.result, visit.review_given = clean, review_given
        session.flush()
        store_case_queue(session, case)  # the visit leaves the consultant's queue
        audit(session, user, "follow_up.done", case.number, result=clean,
              review_given=review_given, due_on=visit.due_on.isoformat())


# -- the "today" list --------------------------------------------------------------------


@dataclass(frozen=True)
class VisitDue:
    number: str
    customer: str
    phone: str
    consultant: str
    due_on: date
    days_late: int  # 0 = due today


@dataclass(frozen=True)
class RepaymentReminder:
    number: str
    customer: str
    phone: str
    consultant: str
    period: int
    due_date: date
    days_ahead: int
    payment: Decimal


@dataclass(frozen=True)
class Today:
    on: date
    who: str  # the consultant's display name, or "" for everyone's
    visits: tuple[VisitDue, ...]
    repayments: tuple[RepaymentReminder, ...]
    stuck: tuple[StuckCase, ...]


def _visits(session: Session, on: date, consultant_id: int | None) -> tuple[VisitDue, ...]:
    query = (select(Case.number, Case.customer_name, Case.customer_phone, User.display_name,
                    FollowUpVisit.due_on)
             .join(Case, Case.id == FollowUpVisit.case_id)
             .join(User, User.id == Case.consultant_id)
             .where(FollowUpVisit.done_at.is_(None), FollowUpVisit.due_on <= on)
             .order_by(FollowUpVisit.due_on, Case.id))
    if consultant_id is not None:
        query = query.where(Case.consultant_id == consultant_id)
    return tuple(VisitDue(r[0], r[1], r[2], r[3], r[4], (on - r[4]).days)
                 for r in session.execute(query))


def visits_due(session: Session, on: date, consultant_id: int | None) -> tuple[VisitDue, ...]:
    """Visits due on or before `on` (a consultant's own, or everyone's): the queues read it."""
    return _visits(session, on, consultant_id)


def _repayments(session: Session, on: date, consultant_id: int | None
                ) -> tuple[RepaymentReminder, ...]:
    # Loan customers are those whose loan was paid out. The due-date test is constant work
    # per loan (domain.board.repayment_due_soon); the full schedule, with its amounts, is
    # worked out only for the few loans that fall due.
    query = (select(Case.id, Case.loan_start, Case.created_at, Case.term_months)
             .join(TaskRecord, (TaskRecord.case_id == Case.id)
                   & (TaskRecord.task_id == "disbursed")))
    if consultant_id is not None:
        query = query.where(Case.consultant_id == consultant_id)
    due = {}
    for case_id, start, created_at, term in session.execute(query):
        hit = repayment_due_soon(start or created_at.date(), term, on)
        if hit is not None:
            due[case_id] = hit
    reminders = []
    for case in session.scalars(select(Case).where(Case.id.in_(due)).order_by(Case.id)):
        hit = due[case.id]
        payment = schedule_of(case).installments[hit.period - 1].payment
        reminders.append(RepaymentReminder(case.number, case.customer_name, case.customer_phone,
                                           case.consultant.display_name, hit.period,
                                           hit.due_date, hit.days_ahead, payment))
    reminders.sort(key=lambda r: (r.due_date, r.number))
    return tuple(reminders)


def today_in(session: Session, user: User, on: date, at: datetime) -> Today:
    # Whoever may visit every case's customer sees everyone's list; a consultant their own.
    mine = None if reach(user.role, Action.FOLLOW_UP) is Reach.ANY else user.id
    return Today(on=on, who="" if mine is None else user.display_name,
                 visits=_visits(session, on, mine), repayments=_repayments(session, on, mine),
                 stuck=stuck_cases(session, at, consultant_id=mine, min_days=STUCK_DAYS,
                                   per_step=STUCK_SHOWN))


def reminders(db: Database, actor: str, on: date | None = None) -> Today:
    """`actor`'s list for the day `on` (default today): visits due or overdue, repayments
    falling due in one or two days, and their cases stuck for a week or more. A consultant
    sees their own customers; a manager sees everyone's."""
    day = on or today()
    with db.reading() as session:
        user = acting_user(session, actor)
        require(user, Action.TODAY)
        # "Stuck" is measured at the end of a future day asked about, so Monday's list made
        # on Friday already shows what will have waited a week by then.
        at = now() if day <= today() else datetime.combine(
            day, datetime.max.time()).astimezone()
        return today_in(session, user, day, at)
