"""The audit chain's lock on PostgreSQL (issue 15: 8 workstations saving at once): taken at
the very end of a save, so it serializes only the chain's own two round trips; a writer that
waited for it follows the head it finds then (no fork); a rolled-back transaction leaves no
entry and no gap."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.pool import NullPool

from app.services.audit import verify_chain
from app.services.cases import update_case
from app.services.common import audit
from app.store import audit_chain
from app.store.db import Database
from app.store.models import AuditEntry, AuditHead
from tests.conftest import CONSULTANT, MANAGER
from tests.helpers import new_case

pytestmark = [pytest.mark.pg, pytest.mark.skipif(
    not os.environ.get("LOANDESK_TEST_PG"),
    reason="needs the server started by scripts/with-test-postgres.sh")]


@contextmanager
def sent(db: Database) -> Iterator[list[str]]:
    """Every statement sent meanwhile, COMMIT and ROLLBACK included, in order."""
    seen: list[str] = []

    def statement(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        seen.append(" ".join(sql.split()))

    def commit(_conn: Any) -> None:
        seen.append("COMMIT")

    def rollback(_conn: Any) -> None:
        seen.append("ROLLBACK")

    handlers = (("before_cursor_execute", statement), ("commit", commit),
                ("rollback", rollback))
    for name, handler in handlers:
        event.listen(db.engine, name, handler)
    try:
        yield seen
    finally:
        for name, handler in handlers:
            event.remove(db.engine, name, handler)


def takes_chain(sql: str) -> bool:
    return ("audit_head" in sql and "FOR UPDATE" in sql) or "pg_advisory" in sql


def test_a_save_takes_the_chain_last_and_holds_it_for_one_statement(db: Database) -> None:
    number, _ = new_case(db)
    with sent(db) as seen:
        update_case(db, CONSULTANT, number, {"customer.address": "建国路 2 号"})
    locks = [k for k, sql in enumerate(seen) if takes_chain(sql)]
    assert len(locks) == 1, seen
    held = seen[locks[0] + 1:]
    # While holding the chain: the entries and the new head in one statement, then COMMIT.
    assert len(held) == 2, held
    assert held[0].startswith("WITH added AS (INSERT INTO audit_log")
    assert "UPDATE audit_head SET" in held[0]
    assert held[1] == "COMMIT"
    before = seen[:locks[0]]
    # Everything else the save does, the case's own write and digest included, came first.
    # (The digest is written with the case's own UPDATE since it is worked out ahead.)
    assert any(sql.startswith("UPDATE cases SET") and "digest=" in sql for sql in before)
    assert not any("audit_log" in sql or "audit_head" in sql for sql in before)


def test_a_transaction_without_audited_changes_never_takes_the_chain(db: Database) -> None:
    with sent(db) as seen, db.transaction() as session:
        session.execute(select(AuditHead.seq)).all()
    assert not [sql for sql in seen if takes_chain(sql)]


def _waiting_on_the_head(admin_url: str) -> bool:
    engine = create_engine(admin_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return bool(connection.scalar(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND query LIKE '%audit_head%FOR UPDATE%'")))
    finally:
        engine.dispose()


def test_a_writer_that_waited_follows_the_head_it_finds_then(db: Database) -> None:
    number, _ = new_case(db)
    done: list[Any] = []
    with db.transaction() as session:
        head = audit_chain.lock_head(session)  # this transaction holds the chain
        assert head is not None
        waiter = threading.Thread(target=lambda: done.append(update_case(
            db, CONSULTANT, number, {"customer.address": "建国路 3 号"})))
        waiter.start()
        for _ in range(600):  # until the save waits on the head row (polled, not timed)
            if _waiting_on_the_head(db.url):
                break
            waiter.join(0.05)
        assert _waiting_on_the_head(db.url) and not done
        audit(session, MANAGER, "test.held_the_chain")
    waiter.join()
    assert done == [["customer.address"]]
    with db.reading() as reading:
        last_two = list(reading.scalars(select(AuditEntry).order_by(
            AuditEntry.seq.desc()).limit(2)))
    waited, held = last_two
    assert (held.action, held.seq, held.prev_hash) == ("test.held_the_chain", head.seq + 1,
                                                       head.hash)
    assert (waited.action, waited.seq, waited.prev_hash) == ("case.update", held.seq + 1,
                                                             held.hash)
    assert verify_chain(db).intact


def test_a_rolled_back_transaction_leaves_no_entry_and_no_gap(db: Database) -> None:
    number, _ = new_case(db)
    with db.reading() as session:
        head = audit_chain.read_head(session)
    assert head is not None

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), db.transaction() as session:
        audit(session, MANAGER, "test.rolled_back")
        audit_chain.finalize(session, db.audit_key)  # chained and written, not committed
        written = session.scalar(select(AuditEntry.seq).where(
            AuditEntry.action == "test.rolled_back"))
        assert written == head.seq + 1
        raise Abandoned
    with db.reading() as session:
        assert session.scalar(select(AuditEntry.id).where(
            AuditEntry.action == "test.rolled_back")) is None
        after = audit_chain.read_head(session)
    assert after is not None and (after.seq, after.hash) == (head.seq, head.hash)
    update_case(db, CONSULTANT, number, {"customer.address": "建国路 4 号"})
    with db.reading() as session:
        last = session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
    assert last is not None and (last.seq, last.prev_hash) == (head.seq + 1, head.hash)
    assert verify_chain(db).intact
