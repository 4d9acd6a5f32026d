"""The board as it was computed before migration 0007: signing and payout dates read from
the task rows (app.services.board before the milestones came onto the case), its functions
kept verbatim as the reference the tests hold the milestone board to: on every database
the two must show the same figures. Not app code: nothing imports it but the tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
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
    except_,
    func,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from app.domain.board import (
    FUNDING_MONTHS,
    IN_TRANSIT_SHOWN,
    SLOWEST_SHOWN,
    STUCK_PER_STEP,
    stuck_since,
    who_must_act,
)
from app.domain.procedure import STEP_IDS
from app.services.board import (
    Board,
    Funded,
    FundingTime,
    InTransit,
    StepCount,
    StuckCase,
)
from app.services.custody import originals_out_in
from app.store.models import Case, Lender, TaskRecord, User

SIGNED, FUNDED = "sign_contract", "disbursed"
ORIGINALS_SHOWN = 200


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


# A loan not yet disbursed keeps step 7 open, so its case's current step (the first open
# one, kept by cases.refresh) is step 7 or earlier. A desk with few cases in flight searches
# those (ix_cases_board); one with tens of thousands in flight reads the signed contracts in
# date order instead, which stops as soon as it has the oldest few.
_NOT_YET_FUNDED_STEPS = STEP_IDS[:STEP_IDS.index("disbursement") + 1]
FEW_IN_FLIGHT = 5000


def _waiting_by_case(signed: Any, funded: Any, dealership_id: int | None
                     ) -> tuple[Any, ColumnElement[bool]]:
    # Subqueries, not joins, so that the search starts from the cases' index.
    signed_at = (select(signed.done_at).where(signed.case_id == Case.id,
                                              signed.task_id == SIGNED).scalar_subquery())
    waiting = and_(Case.current_step.in_(_NOT_YET_FUNDED_STEPS), Case.status != "rejected",
                   select(signed.id).where(signed.case_id == Case.id,
                                           signed.task_id == SIGNED).exists(),
                   ~select(funded.id).where(funded.case_id == Case.id,
                                            funded.task_id == FUNDED).exists(),
                   *_in(dealership_id))
    return signed_at.label("signed_at"), waiting


def contracts_in_transit(session: Session, at: datetime, limit: int = IN_TRANSIT_SHOWN, *,
                         in_flight: int = 0, dealership_id: int | None = None
                         ) -> tuple[int, tuple[InTransit, ...]]:
    """How many signed contracts wait for the lender's money, and the oldest of them.
    `in_flight`: the cases at steps 1 to 7 (from the counts), to choose the search."""
    signed, funded = aliased(TaskRecord), aliased(TaskRecord)
    if in_flight <= FEW_IN_FLIGHT:
        signed_at, waiting = _waiting_by_case(signed, funded, dealership_id)
        # One pass: the window counts every waiting contract before LIMIT keeps the oldest.
        oldest = (select(Case.id, signed_at, func.count().over().label("total"))
                  .where(waiting).order_by(signed_at, Case.id).limit(limit).subquery())
    else:
        # Set difference of index ranges (signed − funded − rejected) for the count; the
        # signed contracts in date order (ix_tasks_task_done) for the oldest.
        signed_here = select(signed.case_id).where(signed.task_id == SIGNED)
        if dealership_id is not None:
            signed_here = signed_here.join(Case, Case.id == signed.case_id).where(
                *_in(dealership_id))
        total_ids = except_(signed_here,
                            select(funded.case_id).where(funded.task_id == FUNDED),
                            select(Case.id).where(Case.status == "rejected")).subquery()
        total = select(func.count()).select_from(total_ids).scalar_subquery()
        oldest = (select(signed.case_id.label("id"), signed.done_at.label("signed_at"),
                         total.label("total"))
                  .join(Case, Case.id == signed.case_id)
                  .where(signed.task_id == SIGNED, Case.status != "rejected",
                         *_in(dealership_id),
                         ~select(funded.id).where(funded.case_id == signed.case_id,
                                                  funded.task_id == FUNDED).exists())
                  .order_by(signed.done_at, signed.case_id).limit(limit).subquery())
    rows = list(session.execute(
        select(Case.number, Case.customer_name, User.display_name, Lender.name,
               Case.current_step, oldest.c.signed_at, Case.missing_summary,
               Case.missing_summary_zh, oldest.c.total)
        .join(oldest, oldest.c.id == Case.id)
        .join(User, User.id == Case.consultant_id).join(Lender, Lender.id == Case.lender_id)
        .order_by(oldest.c.signed_at, Case.id)))
    count = rows[0][8] if rows else 0
    return count, tuple(InTransit(r[0], r[1], r[2], r[3], r[4], r[5], _days(r[5], at), r[6],
                                  r[7]) for r in rows)


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
    signed, funded = aliased(TaskRecord), aliased(TaskRecord)
    since = first_month_start(at, months)
    return (select(funded.case_id.label("case_id"), Case.lender_id.label("lender_id"),
                   _days_between(session, signed.done_at, funded.done_at).label("days"),
                   _local_month(session, funded.done_at, at).label("month"))
            .select_from(funded)
            .join(signed, and_(signed.task_id == SIGNED, signed.case_id == funded.case_id))
            .join(Case, Case.id == funded.case_id)
            .where(funded.task_id == FUNDED, funded.done_at >= since, *_in(dealership_id))
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
    signed, funded = aliased(TaskRecord), aliased(TaskRecord)
    days = {int(f.key): f.slowest_days for f in slow}
    rows = session.execute(
        select(Case.id, Case.number, Case.customer_name, Lender.name, signed.done_at,
               funded.done_at)
        .join(Lender, Lender.id == Case.lender_id)
        .join(signed, and_(signed.case_id == Case.id, signed.task_id == SIGNED))
        .join(funded, and_(funded.case_id == Case.id, funded.task_id == FUNDED))
        .where(Case.id.in_(days)))
    found = [Funded(r[1], r[2], r[3], r[4], r[5], days[r[0]]) for r in rows]
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
    in_flight = sum(c.cases - c.rejected for c in counts if c.step in _NOT_YET_FUNDED_STEPS)
    total, in_transit = contracts_in_transit(session, at, in_flight=in_flight,
                                             dealership_id=dealership_id)
    return Board(at=at, counts=counts, stuck=stuck_cases(session, at,
                                                         dealership_id=dealership_id),
                 in_transit_total=total, in_transit=in_transit, funding_all=overall,
                 funding_by_month=tuple(by_month), funding_by_lender=tuple(by_lender),
                 slowest=tuple(slowest),
                 originals_out=tuple(originals_out_in(session, ORIGINALS_SHOWN,
                                                      dealership_id=dealership_id)))
