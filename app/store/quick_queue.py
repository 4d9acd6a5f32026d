"""The first page of a person's queue with the stdlib sqlite3 module alone (issue 15).

The desktop's fast start shows the queue before SQLAlchemy is imported: this reads the
stored queue (table `queue_entries`, kept by app.services.queue_store) with the same
statement app.services.queues.visible_rows builds, and turns each row into the same
QueueEntry (app.domain.queue_records.entry_of). It only reads: rows of cases not yet worked
out today are shown as stored, and the full queue (my_queue) brings them up to date after.
No SQLAlchemy here, nor anything that imports it (a test checks sys.modules).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

from app.domain.queue_records import (
    ALL_CASES,
    BOTH,
    EVERYTHING,
    OWN_CASES,
    QUEUE_COLUMNS,
    QueueEntry,
    StoredRow,
    entry_of,
    reading_of,
)

_SELECT = f"SELECT {', '.join(QUEUE_COLUMNS)} FROM queue_entries"
# What each way of reading adds to the WHERE (app.services.queues.visible_rows, the same).
_SEEN = {
    EVERYTHING: "",
    OWN_CASES: " AND audience = :role AND consultant_id = :user",
    ALL_CASES: " AND audience = :role AND consultant_id IS NULL",
    BOTH: " AND audience = :role AND (consultant_id IS NULL OR consultant_id = :user)",
}


def _moment(stored: str) -> datetime:
    """SQLAlchemy keeps an aware UTC datetime in SQLite as naive ISO text."""
    moment = datetime.fromisoformat(stored)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def first_queue_page(connection: sqlite3.Connection, user_id: int, role: str, limit: int,
                     day: date | None = None) -> tuple[QueueEntry, ...]:
    """The first `limit` entries of the queue of user `user_id` (of `role`), oldest first:
    my_queue's first rows, as stored. `day` is the desk's today (default: the local date)."""
    on = day or date.today()
    sql = (f"{_SELECT} WHERE (due_on IS NULL OR due_on <= :day){_SEEN[reading_of(role)]} "
           "ORDER BY since, number, rank LIMIT :limit")
    parameters = {"day": on.isoformat(), "role": role, "user": user_id, "limit": limit}
    entries = []
    for row in connection.execute(sql, parameters):
        values = list(row)
        values[9] = _moment(values[9])  # since
        values[14] = date.fromisoformat(values[14]) if values[14] else None  # due_on
        entries.append(entry_of(StoredRow(*values), on))
    return tuple(entries)


def queue_is_current(connection: sqlite3.Connection, user_id: int, role: str,
                     day: date | None = None) -> bool:
    """Whether the stored rows this user's queue rests on were all worked out on `day` (a
    consultant's own cases; everyone's for the others): when not, the first page is shown
    as stored and my_queue brings it up to date (app.services.queue_store)."""
    on = (day or date.today()).isoformat()
    mine = " AND consultant_id = :user" if reading_of(role) == OWN_CASES else ""
    sql = (f"SELECT 1 FROM cases WHERE queue_as_of IS NULL{mine} UNION ALL "
           f"SELECT 1 FROM cases WHERE status = 'open' AND queue_as_of < :day{mine} LIMIT 1")
    return connection.execute(sql, {"day": on, "user": user_id}).fetchone() is None
