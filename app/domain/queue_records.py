"""The queue's read model without the database: its rows as plain values, who sees which
row, and what a stored row says to a person.

The services keep the stored queue (table `queue_entries`, app.services.queue_store) and
read it (app.services.queues.my_queue); the desktop's first page reads the same rows with the
stdlib sqlite3 module (app.store.quick_queue). Both turn a row into a QueueEntry here, so the
two answers cannot drift apart. Nothing here imports SQLAlchemy or Qt (a test holds the
first-page reader to that).

Who sees an entry is the permission matrix's answer, decided once when the entry is stored:
its `audience` is the role whose people may do it (None: only those who see everything, a
manager), and `consultant_id` is set when, among them, only the case's consultant may
(Reach.OWN: a consultant's own cases).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from app.domain.errors import Text
from app.domain.permissions import (
    STAFF_ROLES,
    Action,
    Reach,
    allowed,
    may_confirm,
    reach,
)
from app.domain.procedure import STEPS, Role

TASK, COPY, VISIT = "task", "copy", "visit"

# Within one case and one moment, the order the queue always had: its tasks in the
# procedure's order, then the copies, then the visit.
TASK_RANK: dict[str, int] = {t.id: n for n, t in enumerate(t for s in STEPS for t in s.tasks)}
COPY_RANK = 1_000  # + the copy's place on its form
VISIT_RANK = 2_000


@dataclass(frozen=True)
class QueueEntry:
    kind: str  # TASK, COPY or VISIT
    number: str
    customer: str
    phone: str  # masked, as lists show it
    step: str  # the step the workspace opens on
    what: Text  # what there is to do
    why: Text  # why it is this person's now
    since: datetime  # waiting since (oldest first)
    role: str  # whose work the procedure says it is (a manager sees everyone's)
    task_id: str = ""
    serial: str = ""  # a copy's form serial: what a scanned form's QR would name
    copy_id: str = ""


@dataclass(frozen=True)
class Queue:
    role: str
    who: str
    entries: tuple[QueueEntry, ...]
    board: bool  # the person may also open the dealership's board
    complete: bool  # False when the answer leaves out entries (cases still being evaluated)


# -- who sees a stored entry ------------------------------------------------------------------

_RIGHT: dict[str, Action] = {TASK: Action.RECORD_OWN_TASK, COPY: Action.CONFIRM_RECEIPT,
                             VISIT: Action.FOLLOW_UP}


def sees_everything(role: str) -> bool:
    """Whether `role` sees every stored entry: it records any role's task, confirms any
    role's copy and visits any customer (a manager)."""
    return (allowed(role, Action.RECORD_ANY_TASK)
            and all(may_confirm(role, other, False) for other in STAFF_ROLES)
            and reach(role, Action.FOLLOW_UP) is Reach.ANY)


def audience(kind: str, role: str, case_consultant_id: int) -> tuple[str | None, int | None]:
    """(audience, consultant_id) of an entry of `kind` that is `role`'s work on a case of
    `case_consultant_id`: the role's own right to it (recording its task, confirming its
    copy, making the visit) on every case, on its own cases only, or not at all."""
    if role not in STAFF_ROLES:
        return None, None
    level = reach(role, _RIGHT[kind])
    if level is Reach.ANY:
        return role, None
    if level is Reach.OWN:
        return role, case_consultant_id
    return None, None


EVERYTHING, OWN_CASES, ALL_CASES, BOTH = "everything", "own", "all", "both"


def reading_of(role: str) -> str:
    """Which stored rows `role`'s user sees, as the readers ask it: EVERYTHING (a manager);
    else the role's audience, and of it OWN_CASES (every right of the role stops at its own
    cases: consultant_id = the user), ALL_CASES (none does: consultant_id IS NULL) or BOTH.
    One index range for the first three, so the oldest come first without a sort."""
    if sees_everything(role):
        return EVERYTHING
    levels = {reach(role, right) for right in _RIGHT.values()} - {Reach.NONE}
    if levels == {Reach.OWN}:
        return OWN_CASES
    if levels <= {Reach.ANY}:
        return ALL_CASES
    return BOTH


def visible(role: str, user_id: int, entry_audience: str | None,
            entry_consultant_id: int | None) -> bool:
    """The stored decision read back: what the query of the stored queue selects."""
    if sees_everything(role):
        return True
    return entry_audience == role and entry_consultant_id in (None, user_id)


# -- what a stored row says ---------------------------------------------------------------------


def visit_since(due_on: date) -> datetime:
    """A visit waits from the start of its day (local time, as the desk's calendar)."""
    return datetime.combine(due_on, time()).astimezone(UTC)


def visit_why(due_on: date, day: date) -> Text:
    """A visit due on `due_on`, read on `day`: it says how late it is, so it is worded at
    reading time, not stored."""
    late = (day - due_on).days
    if late:
        return Text(f"due {due_on:%Y-%m-%d}, {late} day(s) late",
                    f"应于 {due_on:%Y-%m-%d} 回访，已逾期 {late} 天")
    return Text("due today", "今日到期")


VISIT_WHAT = Text("follow-up visit", "回访客户")
VISIT_ROLE = Role.CONSULTANT.value  # whose work a visit is


@dataclass(frozen=True)
class StoredRow:
    """One row of `queue_entries` as both readers select it (QUEUE_COLUMNS' order)."""

    kind: str
    number: str
    customer: str
    phone: str
    step: str
    what_en: str
    what_zh: str
    why_en: str
    why_zh: str
    since: datetime
    role: str
    task_id: str
    serial: str
    copy_id: str
    due_on: date | None


# The columns both readers select, in StoredRow's order.
QUEUE_COLUMNS = ("kind", "number", "customer", "phone", "step", "what_en", "what_zh", "why_en",
                 "why_zh", "since", "role", "task_id", "serial", "copy_id", "due_on")


def entry_of(row: StoredRow, day: date) -> QueueEntry:
    why = visit_why(row.due_on, day) if row.kind == VISIT and row.due_on is not None \
        else Text(row.why_en, row.why_zh)
    return QueueEntry(row.kind, row.number, row.customer, row.phone, row.step,
                      Text(row.what_en, row.what_zh), why, row.since, row.role, row.task_id,
                      row.serial, row.copy_id)
