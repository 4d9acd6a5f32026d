"""The first page of a person's queue, read with the stdlib sqlite3 module (issue 15).

PLACEHOLDER on the "start" branch: the "queue" helper's branch writes the real reader (of
the stored queue table, migration 0006), with this same signature, and replaces this file
at merge. Until then there is no stored queue to read, so this answers "not known": the
desktop's first screen then shows the queue page as soon as the sign-in is accepted, and
its rows when the services answer (app.ui.queue.QueueView).
"""

from __future__ import annotations

import sqlite3

from app.domain.queues import QueueEntry


class NoStoredQueue(LookupError):
    """This database keeps no queue to read quickly: the services compute it."""


def first_queue_page(connection: sqlite3.Connection, user_id: int, role: str,
                     limit: int) -> tuple[QueueEntry, ...]:
    """The first `limit` entries of the queue of user `user_id` (of `role`), oldest first:
    the same rows as app.services.queues.my_queue's first `limit`. Must not write."""
    raise NoStoredQueue("no stored queue on this branch")
