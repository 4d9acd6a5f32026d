"""The dealership's board: where every deal stands, what is stuck, which contracts wait for
their money and how long lenders take to pay out.

Everything is counted in the database (GROUP BY, window functions that SQLite ≥ 3.25 and
PostgreSQL both know); Python only shapes the few dozen rows that come back, so 100,000 cases
cost what the screen shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from app.domain.board import (
    FUNDING_MONTHS,
    IN_TRANSIT_SHOWN,
    MILESTONES,
    SLOWEST_SHOWN,
    STUCK_PER_STEP,
    stuck_since,
    who_must_act,
)
from app.domain.permissions import Action
from app.domain.procedure import STEP_IDS, Role
from app.services.common import acting_user, now, require
from app.services.custody import OriginalOut, originals_out_in
from app.services.dealerships import dealership_id_of
from app.store.db import Database
from app.store.models import Case, Lender, TaskRecord, User

SIGNED, FUNDED = MILESTONES["signed_at"], MILESTONES["paid_out_at"]
ORIGINALS_SHOWN = 200


@dataclass(frozen=True)
class StepCount:
    step: str  # a step id, or "done"
    cases: int
    stuck: int  # in the step for STUCK_DAYS days or more
    rejected: int  # held by a lender's refusal


@dataclass(frozen=True)
class StuckCase:
    number: str
    customer: str
    consultant: str
    step: str
    step_since: datetime
    days: int
    missing: str
    missing_zh: str
    who: Role | None  # the role of the first open task of the step


@dataclass(frozen=True)
class InTransit:
    """A signed contract whose loan is not disbursed yet."""

    number: str
    customer: str
    consultant: str
    lender: str
    step: str
    signed_at: datetime
    days: int
    missing: str
    missing_zh: str


@dataclass(frozen=True)
class FundingTime:
    """Days from signing to disbursement for one group (a month, a lender, or all)."""

    key: str
    cases: int
    median_days: float
    average_days: float
    slowest_days: float


@dataclass(frozen=True)
class Funded:
    number: str
    customer: str
    lender: str
    signed_at: datetime
    funded_at: datetime
    days: float


@dataclass(frozen=True)
class Board:
    at: datetime
    counts: tuple[StepCount, ...]
    stuck: tuple[StuckCase, ...]
    in_transit_total: int
    in_transit: tuple[InTransit, ...]
    funding_all: FundingTime | None
    funding_by_month: tuple[FundingTime, ...]
    funding_by_lender: tuple[FundingTime, ...]
    slowest: tuple[Funded, ...]
    originals_out: tuple[OriginalOut, ...]


def _reached(moment: datetime | None) -> datetime:
    """A milestone of a case the query chose for having reached it."""
    assert moment is not None
    return moment


def _days(moment: datetime, at: datetime) -> int:
    return max(0, (at - moment).days)


def _in(dealership_id: int | None) -> list[ColumnElement[bool]]:
    """One dealership of a group (ix_cases_dealership_board leads with it), or all of them."""
    return [] if dealership_id is None else [Case.dealership_id == dealership_id]


# -- counts and stuck cases ------------------------------------------------------------------


def step_counts(session: Session, at: datetime, *, dealership_id: int | None = None
                ) -> tuple[StepCount, ...]:
    cutoff = stuck_since(at)
    rows = session.execute(select(
        Case.current_step, func.count(),
        func.sum(case((and_(Case.step_since <= cutoff, Case.status == "open"), 1), else_=0)),
        func.sum(case((Case.status == "rejected", 1), else_=0)),
    ).where(*_in(dealership_id)).group_by(Case.current_step))
    found = {r[0]: StepCount(r[0], r[1], int(r[2] or 0), int(r[3] or 0)) for r in rows}
    return tuple(found.get(s, StepCount(s, 0, 0, 0)) for s in (*STEP_IDS, "done"))


def _longest_waiting(where: Sequence[ColumnElement[bool]], per_step: int) -> Select[Any]:
    # One index range per step (ix_cases_step: current_step, step_since), united: the
    # oldest few of each step without sorting the whole table.
    parts = []
    for step_id in STEP_IDS:
        part = (select(Case.id).where(Case.current_step == step_id, Case.status == "open",
                                      *where)
                .order_by(Case.step_since, Case.id).limit(per_step).subquery())
        parts.append(select(part.c.id))
    return union_all(*parts)  # type: ignore[return-value]


def stuck_cases(session: Session, at: datetime, *, consultant_id: int | None = None,
                per_step: int = STUCK_PER_STEP, min_days: int = 0,
                dealership_id: int | None = None) -> tuple[StuckCase, ...]:
    """The cases waiting longest in each step, oldest first within the step."""
    where: list[ColumnElement[bool]] = _in(dealership_id)
    if consultant_id is not None:
        where.append(Case.consultant_id == consultant_id)
    if min_days:
        where.append(Case.step_since <= at - timedelta(days=min_days))
    ids = _longest_waiting(where, per_step).subquery()
    rows = list(session.execute(
        select(Case.id, Case.number, Case.customer_name, User.display_name, Case.current_step,
               Case.step_since, Case.missing_summary, Case.missing_summary_zh)
        .join(ids, ids.c.id == Case.id).join(User, User.id == Case.consultant_id)))
    done: dict[int, set[str]] = {r[0]: set() for r in rows}
    if done:
        for case_id, task_id in session.execute(select(TaskRecord.case_id, TaskRecord.task_id)
                                                .where(TaskRecord.case_id.in_(done))):
            done[case_id].add(task_id)
    order = {s: i for i, s in enumerate(STEP_IDS)}
    rows.sort(key=lambda r: (order[r[4]], r[5], r[0]))
    return tuple(StuckCase(r[1], r[2], r[3], r[4], r[5], _days(r[5], at), r[6], r[7],
                           who_must_act(r[4], done[r[0]])) for r in rows)


# -- contracts in transit --------------------------------------------------------------------


def _waiting() -> ColumnElement[bool]:
    # The cases of ix_cases_in_transit (its WHERE, written the same way, so that the planner
    # knows the partial index serves it); the status is in the index.
    return and_(Case.signed_at.is_not(None), Case.paid_out_at.is_(None),
                Case.status != "rejected")


def contracts_in_transit(session: Session, at: datetime, limit: int = IN_TRANSIT_SHOWN, *,
                         dealership_id: int | None = None) -> tuple[int, tuple[InTransit, ...]]:
    """How many signed contracts wait for the lender's money, and the oldest of them (from
    the cases' milestones: a partial index holds exactly the contracts in transit)."""
    where = [_waiting(), *_in(dealership_id)]
    total = session.scalar(select(func.count()).select_from(Case).where(*where)) or 0
    oldest = (select(Case.id).where(*where).order_by(Case.signed_at, Case.id).limit(limit)
              .subquery())
    rows = session.execute(
        select(Case.number, Case.customer_name, User.display_name, Lender.name,
               Case.current_step, Case.signed_at, Case.missing_summary,
               Case.missing_summary_zh)
        .join(oldest, oldest.c.id == Case.id)
        .join(User, User.id == Case.consultant_id).join(Lender, Lender.id == Case.lender_id)
        .order_by(Case.signed_at, Case.id))
    return total, tuple(InTransit(r[0], r[1], r[2], r[3], r[4], _reached(r[5]),
                                  _days(_reached(r[5]), at), r[6], r[7]) for r in rows)


# -- funding time ----------------------------------------------------------------------------


def _days_between(session: Session, start: Any, end: Any) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", end - start) / 86400.0
    return func.julianday(end) - func.julianday(start)


def _local_month(session: Session, moment: Any, at: datetime) -> ColumnElement[str]:
    # Months as the dealership lives them (a payout at 01:00 on the 1st in Beijing belongs to
    # the new month), not UTC months; the offset is this workstation's, a whole number.
    offset = at.astimezone().utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    if session.get_bind().dialect.name == "postgresql":
        shifted = func.timezone("UTC", moment) + literal_column(f"interval '{minutes} minutes'")
        return func.to_char(shifted, "YYYY-MM")
    return func.strftime("%Y-%m", moment, f"{minutes:+d} minutes")


def first_month_start(at: datetime, months: int) -> datetime:
    """Midnight (local) of the first day of the month `months - 1` months before `at`'s: the
    chart's twelve months are this one and the eleven before it, whole."""
    local = at.astimezone()
    index = local.year * 12 + local.month - 1 - (months - 1)
    return local.replace(year=index // 12, month=index % 12 + 1, day=1, hour=0, minute=0,
                         second=0, microsecond=0)


def _funding_rows(session: Session, at: datetime, months: int,
                  dealership_id: int | None = None) -> Any:
    # The payouts since the first month, from the cases' milestones alone (ix_cases_paid_out,
    # or ix_cases_dealership_paid_out: the index holds every column read here).
    since = first_month_start(at, months)
    return (select(Case.id.label("case_id"), Case.lender_id.label("lender_id"),
                   _days_between(session, Case.signed_at, Case.paid_out_at).label("days"),
                   _local_month(session, Case.paid_out_at, at).label("month"))
            .where(Case.paid_out_at >= since, Case.signed_at.is_not(None), *_in(dealership_id))
            .cte("funded").prefix_with("MATERIALIZED"))


def _funding_groups(session: Session, funded: Any) -> list[tuple[str, str, FundingTime]]:
    """Count, mean, maximum and median of the days per month, per lender and overall, and
    the slowest payouts, in one statement over one pass of the payouts.

    The median comes from a histogram of tenths of a day: ranking every payout with a window
    function costs a sort of all of them per grouping, the histogram's running count only a
    few hundred rows per group, and a tenth of a day is finer than anyone reads the chart.
    The slowest payouts ride along as groups "slow" of one payout each (key: the case id)."""
    tenth = func.round(funded.c.days * 10)
    # One pass over the payouts into (month, lender, tenth) cells; the three groupings then
    # add up cells (a few thousand) rather than each sorting every payout again.
    cells = (select(funded.c.month.label("month"), funded.c.lender_id.label("lender_id"),
                    tenth.label("d"), func.count().label("c"),
                    func.sum(funded.c.days).label("s"), func.max(funded.c.days).label("mx"))
             .group_by(funded.c.month, funded.c.lender_id, tenth)
             .cte("cells").prefix_with("MATERIALIZED"))
    parts = []
    for group, key in (("month", cells.c.month),
                       ("lender", cast(cells.c.lender_id, String)), ("all", literal(""))):
        parts.append(select(literal(group).label("g"), key.label("k"), cells.c.d.label("d"),
                            func.sum(cells.c.c).label("c"), func.sum(cells.c.s).label("s"),
                            func.max(cells.c.mx).label("mx"))
                     .group_by(*([cells.c.d] if group == "all" else [key, cells.c.d])))
    slow = (select(funded.c.case_id, funded.c.days)
            .order_by(funded.c.days.desc(), funded.c.case_id).limit(SLOWEST_SHOWN).subquery())
    parts.append(select(literal("slow"), cast(slow.c.case_id, String), func.round(slow.c.days * 10),
                        literal(1), slow.c.days, slow.c.days))
    hist = union_all(*parts).cte("hist")
    # Whole numbers (PostgreSQL's sum is numeric), so that (n + 1) // 2 is a rank.
    cum = select(hist,
                 cast(func.sum(hist.c.c).over(partition_by=(hist.c.g, hist.c.k),
                                              order_by=hist.c.d), Integer).label("running"),
                 cast(func.sum(hist.c.c).over(partition_by=(hist.c.g, hist.c.k)),
                      Integer).label("n")).subquery()
    n = cum.c.n

    def middle(rank: Any) -> Any:  # the tenth of a day that holds the rank-th payout
        return func.min(case((cum.c.running >= rank, cum.c.d)))

    rows = session.execute(
        select(cum.c.g, cum.c.k, func.max(n), func.sum(cum.c.s), func.max(cum.c.mx),
               middle((n + 1) // 2), middle(n // 2 + 1))
        .group_by(cum.c.g, cum.c.k).order_by(cum.c.g, cum.c.k))
    return [(g, str(k), FundingTime(str(k), int(count),
                                    round((float(low) + float(high)) / 20, 1),
                                    round(float(total) / int(count), 1), round(float(top), 1)))
            for g, k, count, total, top, low, high in rows]


def _slowest(session: Session, slow: list[FundingTime]) -> list[Funded]:
    """The few slowest payouts with their case, lender and dates."""
    days = {int(f.key): f.slowest_days for f in slow}
    if not days:
        return []
    rows = session.execute(
        select(Case.id, Case.number, Case.customer_name, Lender.name, Case.signed_at,
               Case.paid_out_at)
        .join(Lender, Lender.id == Case.lender_id).where(Case.id.in_(days)))
    found = [Funded(r[1], r[2], r[3], _reached(r[4]), _reached(r[5]), days[r[0]])
             for r in rows]
    return sorted(found, key=lambda f: (-f.days, f.number))


def funding_times(session: Session, at: datetime, months: int = FUNDING_MONTHS, *,
                  dealership_id: int | None = None
                  ) -> tuple[FundingTime | None, list[FundingTime], list[FundingTime],
                             list[Funded]]:
    """Signing → disbursement over the last `months` months: overall, per month of payout,
    per lender, and the slowest payouts."""
    groups = _funding_groups(session, _funding_rows(session, at, months, dealership_id))
    lenders = {str(i): name for i, name in session.execute(select(Lender.id, Lender.name))}
    overall = next((f for g, _k, f in groups if g == "all"), None)
    by_month = [f for g, _k, f in groups if g == "month"]
    by_lender = sorted((replace(f, key=lenders.get(k, k)) for g, k, f in groups
                        if g == "lender"), key=lambda f: f.key)
    return overall, by_month, by_lender, _slowest(session, [f for g, _k, f in groups
                                                            if g == "slow"])


# -- the board -------------------------------------------------------------------------------


def board_in(session: Session, at: datetime, *, dealership_id: int | None = None) -> Board:
    """The board of one dealership of a group, or (None) of every dealership together."""
    overall, by_month, by_lender, slowest = funding_times(session, at,
                                                          dealership_id=dealership_id)
    counts = step_counts(session, at, dealership_id=dealership_id)
    total, in_transit = contracts_in_transit(session, at, dealership_id=dealership_id)
    return Board(at=at, counts=counts, stuck=stuck_cases(session, at,
                                                         dealership_id=dealership_id),
                 in_transit_total=total, in_transit=in_transit, funding_all=overall,
                 funding_by_month=tuple(by_month), funding_by_lender=tuple(by_lender),
                 slowest=tuple(slowest),
                 originals_out=tuple(originals_out_in(session, ORIGINALS_SHOWN,
                                                      dealership_id=dealership_id)))


def require_board(session: Session, actor: str) -> User:
    user = acting_user(session, actor)
    require(user, Action.BOARD)
    return user


def get_board(db: Database, actor: str, *, dealership: str | None = None) -> Board:
    """The whole board, as the manager and finance see it: of one dealership of a group
    (its code), or of all of them (None; a single store has only one)."""
    with db.reading() as session:
        require_board(session, actor)
        return board_in(session, now(), dealership_id=dealership_id_of(session, dealership))
