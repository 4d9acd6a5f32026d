"""My queue: the work waiting for the person at the desk, oldest first (a role's home).

Read from the stored queue (table `queue_entries`, kept by app.services.queue_store from the
procedure's own rules on every write): one indexed statement, whatever the number of cases.
Cases whose stored rows are stale (worked out before today, or never since an upgrade) are
worked out first, a bounded number per answer; while some remain, the answer says it is
incomplete and the desktop finishes them in the background (queue_store.refresh_stale_queue).

The read models (QueueEntry, Queue) live in app.domain.queue_records, without SQLAlchemy, so
that the desktop's first page (app.store.quick_queue) builds the very same entries.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from app.domain.permissions import Action, Reach, allowed, reach
from app.domain.procedure import Role
from app.domain.queue_records import (
    ALL_CASES,
    BOTH,
    COPY,
    EVERYTHING,
    OWN_CASES,
    TASK,
    VISIT,
    Queue,
    QueueEntry,
    StoredRow,
    entry_of,
    reading_of,
)
from app.services.common import acting_user, require, today
from app.services.queue_store import any_stale, refresh_stale_queue
from app.store.db import Database
from app.store.models import QueueRecord, User

__all__ = ["COPY", "TASK", "VISIT", "Queue", "QueueEntry", "my_queue",
           "queue_in", "waiting_for_cases"]

# Entries per answer, oldest first: a morning's work, not the archive (the rest: complete=False).
MAX_ENTRIES = 2000
# Stale cases worked out before answering; the desktop does the rest in the background.
MAX_REFRESH = 200

_COLUMNS = (QueueRecord.kind, QueueRecord.number, QueueRecord.customer, QueueRecord.phone,
            QueueRecord.step, QueueRecord.what_en, QueueRecord.what_zh, QueueRecord.why_en,
            QueueRecord.why_zh, QueueRecord.since, QueueRecord.role, QueueRecord.task_id,
            QueueRecord.serial, QueueRecord.copy_id, QueueRecord.due_on)


def visible_rows(role: str, user_id: int, day: date) -> Select[Any]:
    """The stored rows `role`'s user `user_id` sees on `day`, oldest first (the statement
    app.store.quick_queue writes out for the stdlib driver)."""
    query = cast(Select[Any], select(*_COLUMNS)).where(
        or_(QueueRecord.due_on.is_(None), QueueRecord.due_on <= day))
    reading = reading_of(role)
    if reading != EVERYTHING:
        query = query.where(QueueRecord.audience == role)
    if reading == OWN_CASES:
        query = query.where(QueueRecord.consultant_id == user_id)
    elif reading == ALL_CASES:
        query = query.where(QueueRecord.consultant_id.is_(None))
    elif reading == BOTH:
        query = query.where(or_(QueueRecord.consultant_id.is_(None),
                                QueueRecord.consultant_id == user_id))
    return query.order_by(QueueRecord.since, QueueRecord.number, QueueRecord.rank)


def _own_cases_only(user: User) -> int | None:
    """A consultant's queue rests on their own cases (Reach.OWN): only those need be fresh."""
    return user.id if reach(user.role, Action.RECORD_OWN_TASK) is Reach.OWN else None


def queue_in(session: Session, user: User, day: date | None = None,
             limit: int = MAX_ENTRIES) -> tuple[tuple[QueueEntry, ...], bool]:
    """The user's entries as stored (at most `limit`), and whether that is all of them."""
    require(user, Action.QUEUE)
    on = day or today()
    rows = session.execute(visible_rows(user.role, user.id, on).limit(limit + 1)).all()
    entries = tuple(entry_of(StoredRow(*tuple(row)), on) for row in rows[:limit])
    return entries, len(rows) <= limit


def my_queue(db: Database, actor: str) -> Queue:
    """What waits for `actor`, oldest first."""
    day = today()
    with db.reading() as session:
        user = acting_user(session, actor)
        require(user, Action.QUEUE)
        mine = _own_cases_only(user)
        stale = any_stale(session, day, consultant_id=mine)
        if not stale:  # the usual case: three statements in all
            entries, complete = queue_in(session, user, day)
            return Queue(user.role, user.display_name, entries,
                         allowed(user.role, Action.BOARD), complete)
    refresh_stale_queue(db, MAX_REFRESH, day=day, consultant_id=mine)
    with db.reading() as session:
        user = acting_user(session, actor)
        entries, complete = queue_in(session, user, day)
        complete = complete and not any_stale(session, day, consultant_id=mine)
        return Queue(user.role, user.display_name, entries, allowed(user.role, Action.BOARD),
                     complete)


def waiting_for_cases(role: Role) -> Select[Any]:
    """The ids of cases with a task or a copy waiting for `role` by the procedure (the case
    list's "waiting for" filter), as a subquery; every case, whoever asks."""
    return select(QueueRecord.case_id).where(QueueRecord.role == role.value,
                                             QueueRecord.kind.in_((TASK, COPY)))
