"""The board's rules: when a case counts as stuck, who must act, which originals leave the
dealership, and when a repayment reminder or a follow-up visit is due.

Pure: the services turn rows into the arguments below and pass dates in.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from app.domain.errors import InvalidInput, NotFound
from app.domain.money import add_months
from app.domain.procedure import (
    DOCUMENT_KINDS,
    MORTGAGE_ORIGINALS,
    STEPS_BY_ID,
    DocumentKind,
    Party,
    Role,
    default_party,
)

# Days in one step after which a case is "stuck": the board counts it, the case list and the
# lists beside the board colour it, Today lists it; all through is_stuck / stuck_since.
STUCK_DAYS = 7
STUCK_PER_STEP = 5  # the longest-waiting cases the board shows for each step
IN_TRANSIT_SHOWN = 20  # signed but not funded: the oldest ones listed
SLOWEST_SHOWN = 10  # the slowest fundings listed beside the chart
FUNDING_MONTHS = 12  # the funding chart looks back this many months
# A repayment reminder appears this many days before the due date (a weekend in between
# must not make the customer miss it, hence two days rather than one).
REMINDER_DAYS_BEFORE = (1, 2)
DEFAULT_FOLLOW_UP_DAYS = 3
# The moments of a deal the board dates it by, and the task whose completion marks each:
# kept on the case row (column → task id), so that the board of a dealer group's million
# cases reads no task rows. A contract is "in transit" from signed_at until paid_out_at.
MILESTONES = {"signed_at": "sign_contract", "paid_out_at": "disbursed"}


def who_must_act(step_id: str, done_tasks: Collection[str]) -> Role | None:
    """The role of the first task of the step that is not done yet (None: all done, or the
    case is finished)."""
    step = STEPS_BY_ID.get(step_id)
    if step is None:
        return None
    for task in step.tasks:
        if task.id not in done_tasks:
            return task.role
    return None


def days_between(since: datetime, at: datetime) -> int:
    """Whole days from `since` to `at` (0 when `since` is later: clocks differ a little)."""
    if since.tzinfo is None:  # SQLite hands back naive UTC
        since = since.replace(tzinfo=UTC)
    return max(0, (at - since).days)


def is_stuck(days: int) -> bool:
    """A case (or an original) waiting this many days is late: from STUCK_DAYS on."""
    return days >= STUCK_DAYS


def stuck_since(at: datetime) -> datetime:
    """The moment before which a step must have begun for the case to be stuck at `at`
    (the database's side of is_stuck: step_since <= stuck_since(at))."""
    return at - timedelta(days=STUCK_DAYS)


def custody_kinds() -> tuple[DocumentKind, ...]:
    """The originals that leave the dealership for the mortgage registration (step ⑧)."""
    return tuple(DOCUMENT_KINDS[k] for k in MORTGAGE_ORIGINALS)


def held_per_person(kind_id: str) -> bool:
    """An original that belongs to a person (the ID card: the customer's and the spouse's
    are tracked apart); the others belong to the car or the deal."""
    return default_party(kind_id) is not Party.NONE


def custody_kind(kind_id: str, party: str | None) -> tuple[DocumentKind, Party]:
    """The original named, and whose it is; refuses what is not tracked, in both languages."""
    allowed = custody_kinds()
    names = ", ".join(k.id for k in allowed)
    names_zh = "、".join(f"{k.title.zh}({k.id})" for k in allowed)
    kind = DOCUMENT_KINDS.get(kind_id)
    if kind is None:
        raise NotFound("kind", f"unknown document kind {kind_id!r}", names,
                       zh=f"没有资料类型 {kind_id!r}，可登记外借的原件：{names_zh}")
    if kind not in allowed:
        raise InvalidInput("kind", f"the original of the {kind.title.en} does not leave the "
                           "dealership, so it is not checked out", names,
                           zh=f"{kind.title.zh}原件不外借，无需登记；可登记外借的原件：{names_zh}")
    if held_per_person(kind.id):
        # Both spouses' ID cards can be out at once; each is tracked on its own.
        if party in (None, Party.CUSTOMER, Party.SPOUSE):
            return kind, Party(party or Party.CUSTOMER)
        raise InvalidInput("party", f"the {kind.title.en} belongs to the customer or the "
                           f"spouse, not {party!r}", "customer or spouse",
                           zh=f"{kind.title.zh}应属于客户(customer)或配偶(spouse)")
    if party not in (None, Party.NONE):
        raise InvalidInput("party", f"the {kind.title.en} belongs to the car, not to "
                           f"{party!r}", "no party", zh=f"{kind.title.zh}属于车辆，不分客户或配偶")
    return kind, Party.NONE


def follow_up_date(delivered_on: date, days_after: int) -> date:
    return delivered_on + timedelta(days=days_after)


@dataclass(frozen=True)
class Due:
    period: int  # which instalment (1 = the first month)
    due_date: date
    days_ahead: int  # 1 or 2


def repayment_due_soon(start: date, term_months: int, on: date,
                       days_before: tuple[int, ...] = REMINDER_DAYS_BEFORE) -> Due | None:
    """The instalment whose due date falls `days_before` days after `on`, if any.

    Due dates are the schedule's own (money.add_months: the start day every month, clamped
    to the month's end, so a loan started on 31 January falls due on 28 or 29 February and
    then on 31 March). Constant work per loan: the only candidate month is the target's.
    """
    for ahead in sorted(days_before):
        target = on + timedelta(days=ahead)
        period = (target.year - start.year) * 12 + target.month - start.month
        if 1 <= period <= term_months and add_months(start, period) == target:
            return Due(period, target, ahead)
    return None
