"""What a save keeps current on its case, and how little it reads and writes for it (issue 15:
eight workstations saving at once; the case's row is locked for the whole save).

- refresh reads the case's facts once, for its checklist, its milestones and its queue;
- the stored queue is written only where it differs from what the rules say now;
- a save that changes nothing refresh reads (an address) on a case worked out today reads no
  fact and writes the case once: the stored checklist and queue are the ones refresh would
  store, and the audit trail records what it recorded before;
- the next day, after a lender's new limits, or when a save changes what the checklist or
  the queue read (a phone), refresh runs as before.
Runs on SQLite, and on PostgreSQL under `make test-pg`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.domain.procedure import Party
from app.services import common
from app.services.audit import verify_chain
from app.services.cases import checklist_of, refresh, update_case
from app.services.documents import add_document, import_files
from app.services.lenders import update_lender
from app.services.queue_store import write_case_queue
from app.store.audit_chain import stored_digests
from app.store.db import Database
from app.store.models import AuditEntry, Case, QueueRecord
from tests.conftest import CONSULTANT, LENDER
from tests.helpers import new_case, write_jpeg
from tests.services.test_stored_queue import assert_same_as_live, days_later
from tests.statements import statements

# Tables whose rows are a case's facts or its stored queue (what refresh reads or writes).
FACT_TABLES = ("documents", "document_pages", "tasks", "gate_overrides", "issued_forms",
               "copy_receipts", "custody", "follow_up_visits", "queue_entries")


def tables_read(seen: list[tuple[str, Any]]) -> list[str]:
    """The fact tables each statement names, one entry per statement and table."""
    found = []
    for sql, _ in seen:
        for table in FACT_TABLES:
            if re.search(rf"\b(FROM|JOIN|INTO|UPDATE)\s+\"?{table}\b", sql):
                found.append(table)
    return found


def case_writes(seen: list[tuple[str, Any]]) -> list[str]:
    """UPDATEs of the cases table other than the audit chain's digest stamp."""
    return [sql for sql, _ in seen if re.match(r"\s*UPDATE cases SET", sql)
            and not re.match(r"\s*UPDATE cases SET digest", sql)]


def assert_fresh(db: Database, number: str) -> None:
    """What the case row holds of its checklist is what the checklist says now."""
    with db.reading() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case is not None
        result = checklist_of(session, case)
        summary = result.summary()
        assert (case.current_step, case.status, case.missing_summary,
                case.missing_summary_zh) == (result.current_step or "done",
                                             "open" if result.current_step else "done",
                                             summary.en[:300], summary.zh[:300])
        assert case.queue_as_of == common.today()


def last_rows(db: Database, number: str) -> list[dict[str, Any]]:
    with db.reading() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.case_number == number)
                               .order_by(AuditEntry.seq.desc()).limit(1))
        assert entry is not None
        return list(entry.detail["rows"])


def test_an_address_saved_on_a_case_worked_out_today_reads_no_fact(db: Database) -> None:
    number, _ = new_case(db, steps=2)
    with statements(db) as seen:
        assert update_case(db, CONSULTANT, number, {"customer.address": "建国路 9 号"}) == [
            "customer.address"]
    assert tables_read(seen) == []
    assert len(case_writes(seen)) == 1, case_writes(seen)
    # Recorded as before: the address and the moment; nothing else of the case changed.
    rows = last_rows(db, number)
    assert [(r["table"], r["op"], sorted(r["after"])) for r in rows] == [
        ("cases", "update", ["customer_address", "updated_at"])]
    assert rows[0]["after"]["customer_address"] == "建国路 9 号"
    assert_fresh(db, number)
    assert_same_as_live(db)
    assert_digest_as_stored(db, number, rows[0]["digest"])


def assert_digest_as_stored(db: Database, number: str, recorded: str) -> None:
    """The case's digest (worked out ahead of the write on PostgreSQL) is the digest of the
    row as stored, and the one the trail recorded: `audit verify` finds nothing."""
    with db.reading() as session:
        ident = session.scalar(select(Case.id).where(Case.number == number))
        stored = session.scalar(select(Case.digest).where(Case.id == ident))
        assert stored == stored_digests(session, "cases", [ident])[ident] == recorded
    assert verify_chain(db).intact


def test_a_price_and_a_date_saved_are_digested_as_stored(db: Database) -> None:
    number, _ = new_case(db, steps=2)
    # Money is kept in fen, dates as UTC: the digest is of what the database holds.
    for changes in ({"vehicle.price": "201234.56", "loan.down_payment": "61234.56"},
                    {"vehicle.color": "曜石黑", "vehicle.plate": "京A54321"}):
        with statements(db) as seen:
            update_case(db, CONSULTANT, number, changes)
        read_back = [sql for sql, _ in seen if sql.startswith("SELECT * FROM cases")]
        assert (read_back == []) == (not db.is_sqlite)  # PostgreSQL: digested ahead
        rows = last_rows(db, number)
        assert_digest_as_stored(db, number, rows[0]["digest"])
    update_case(db, CONSULTANT, number, {"customer.phone": "13700137000"})  # refreshed
    assert_digest_as_stored(db, number, last_rows(db, number)[0]["digest"])


def test_a_phone_saved_is_worked_out_again_reading_each_fact_once(db: Database) -> None:
    number, _ = new_case(db, steps=2)
    with statements(db) as seen:
        update_case(db, CONSULTANT, number, {"customer.phone": "13700137000"})
    read = tables_read(seen)
    # Checklist, milestones and queue from one read of the facts (tasks once, not 3 times).
    assert read.count("tasks") == 1, read
    assert read.count("documents") == 1, read
    assert len(case_writes(seen)) == 1, case_writes(seen)
    with db.reading() as session:
        phones = set(session.scalars(select(QueueRecord.phone)))
    assert phones == {"137****7000"}  # the queue copies the case's masked phone
    assert_fresh(db, number)
    assert_same_as_live(db)


def test_the_next_day_an_address_save_works_the_case_out_again(db: Database) -> None:
    number, _ = new_case(db, steps=2)
    with days_later(200):  # the six months of bank statements have moved on
        with statements(db) as seen:
            update_case(db, CONSULTANT, number, {"customer.address": "建国路 10 号"})
        assert "tasks" in tables_read(seen)
        assert_fresh(db, number)
        assert_same_as_live(db)


def test_after_a_lenders_new_limits_an_address_save_works_the_case_out_again(
        db: Database) -> None:
    number, _ = new_case(db, steps=2)
    update_lender(db, "admin", LENDER, income_multiple="10")  # marks its cases stale
    with statements(db) as seen:
        update_case(db, CONSULTANT, number, {"customer.address": "建国路 11 号"})
    assert "tasks" in tables_read(seen)
    assert_fresh(db, number)
    assert_same_as_live(db)


def test_a_document_then_an_address_save_keeps_the_queue_current(
        db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db, steps=1)
    files, _ = import_files([write_jpeg(tmp_path / "card.jpg", seed=3)])
    add_document(db, CONSULTANT, number, "id_card", files, party=Party.CUSTOMER.value)
    update_case(db, CONSULTANT, number, {"customer.address": "建国路 12 号"})
    assert_fresh(db, number)
    assert_same_as_live(db)


def test_a_refresh_that_changes_nothing_writes_no_queue_row(db: Database) -> None:
    number, _ = new_case(db, steps=2)
    with db.transaction() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case is not None
        with statements(db) as seen:
            refresh(session, case)
    writes = [sql for sql, _ in seen if re.match(r"\s*(DELETE|INSERT)", sql)
              and "queue_entries" in sql]
    assert writes == []
    assert_same_as_live(db)


def _row(case_id: int, task_id: str, **values: Any) -> dict[str, Any]:
    moment = common.now()
    return {"case_id": case_id, "kind": "task", "role": "consultant", "audience": "consultant",
            "consultant_id": None, "since": moment.replace(microsecond=0), "rank": 1,
            "due_on": None, "number": "LD-1", "customer": "张三", "phone": "138****8000",
            "step": "contract", "task_id": task_id, "serial": "", "copy_id": "",
            "what_en": task_id, "what_zh": task_id, "why_en": "", "why_zh": "", **values}


def test_the_stored_queue_is_rewritten_only_where_it_differs(db: Database) -> None:
    number, _ = new_case(db)
    with db.reading() as session:
        case_id = session.scalar(select(Case.id).where(Case.number == number))
    assert case_id is not None
    a, b, c = _row(case_id, "a"), _row(case_id, "b"), _row(case_id, "c")

    def stored() -> dict[str, list[int]]:
        with db.reading() as session:
            found: dict[str, list[int]] = {}
            for ident, task_id in session.execute(select(QueueRecord.id, QueueRecord.task_id)
                                                  .where(QueueRecord.case_id == case_id)):
                found.setdefault(task_id, []).append(ident)
            return found

    with db.transaction() as session:
        write_case_queue(session, case_id, [a, b])
    first = stored()
    assert sorted(first) == ["a", "b"]
    with db.transaction() as session, statements(db) as seen:
        write_case_queue(session, case_id, [a, c, c])
    after = stored()
    assert after["a"] == first["a"]  # kept as it was: not deleted and inserted again
    assert "b" not in after and len(after["c"]) == 2
    assert len([s for s, _ in seen if s.lstrip().startswith("DELETE")]) == 1
    with db.transaction() as session, statements(db) as seen:
        write_case_queue(session, case_id, [a, c, c])
    assert [s for s, _ in seen if re.match(r"\s*(DELETE|INSERT)", s)] == []
    assert stored() == after
    with db.transaction() as session, statements(db) as seen:
        # A row that differs in one column is another row: one out, one in.
        write_case_queue(session, case_id, [a, c, {**c, "why_zh": "另一个"}])
    deletes = [p for s, p in seen if s.lstrip().startswith("DELETE")]
    assert len(deletes) == 1 and len(deletes[0]) == 1, deletes
    assert len([s for s, _ in seen if s.lstrip().startswith("INSERT")]) == 1
    again = stored()
    assert again["a"] == first["a"] and len(again["c"]) == 2
    with db.reading() as session:
        assert sorted(session.scalars(select(QueueRecord.why_zh).where(
            QueueRecord.task_id == "c"))) == ["", "另一个"]
