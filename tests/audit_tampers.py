"""Every tamper issue 11 lists, as functions a test runs on SQLite (tests/services) and on
PostgreSQL (tests/pg): each does what an administrator with SQL access could do and returns
what `verify_chain` must say about it (the words of the problem, and where)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, text

from app.services import settings, tasks
from app.services.audit import ChainCheck, verify_chain
from app.services.cases import update_case
from app.store.audit_chain import chain_hash, row_digest
from app.store.db import Database
from app.store.models import AuditEntry
from tests.conftest import CONSULTANT
from tests.helpers import new_case


def raw(db: Database, sql: str, params: dict[str, Any] | None = None) -> None:
    """SQL straight at the database, past LoanDesk (on PostgreSQL also past its triggers,
    as the owner of the tables could by switching them off)."""
    with db.transaction() as session:
        if not db.is_sqlite:
            session.execute(text("SET LOCAL session_replication_role = replica"))
        session.execute(text(sql), params or {})


def entries(db: Database) -> list[AuditEntry]:
    with db.reading() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


def busy(db: Database, changes: int = 3) -> str:
    """A case and some work on it: `changes` more audit rows."""
    number, _ = new_case(db)
    for i in range(changes):
        settings.set_setting(db, "admin", "backup.keep", str(10 + i))
    tasks.complete_task(db, CONSULTANT, number, "draft_contract")
    return number


def _problems(check: ChainCheck) -> str:
    return "\n".join(str(t) for t in check.tampers)


def delete_last_row(db: Database) -> tuple[str, int | None]:
    busy(db)
    last = entries(db)[-1]
    raw(db, "DELETE FROM audit_log WHERE id = :i", {"i": last.id})
    return "the last 1 row(s)", None


def delete_last_50_rows(db: Database) -> tuple[str, int | None]:
    busy(db, 52)
    rows = entries(db)
    raw(db, "DELETE FROM audit_log WHERE seq > :s", {"s": rows[-51].seq})
    return f"the last 50 row(s) (seq {rows[-50].seq} to {rows[-1].seq}) were removed", None


def delete_all_rows(db: Database) -> tuple[str, int | None]:
    busy(db)
    raw(db, "DELETE FROM audit_log")
    return "were removed", None


def delete_first_row(db: Database) -> tuple[str, int | None]:
    busy(db)
    rows = entries(db)
    raw(db, "DELETE FROM audit_log WHERE id = :i", {"i": rows[0].id})
    return "seq 2 where 1 was due", rows[1].id


def delete_head(db: Database) -> tuple[str, int | None]:
    busy(db)
    raw(db, "DELETE FROM audit_head")
    return "head record is missing", None


def move_head_back(db: Database) -> tuple[str, int | None]:
    """The last row and the head moved back onto the row before, its hash and its mac:
    the head's signature is another than a row's, so it cannot be borrowed."""
    busy(db)
    rows = entries(db)
    raw(db, "DELETE FROM audit_log WHERE id = :i", {"i": rows[-1].id})
    raw(db, "UPDATE audit_head SET seq = :s, hash = :h, mac = :m",
        {"s": rows[-2].seq, "h": rows[-2].hash, "m": rows[-2].mac})
    return "head record was changed", None


def recompute_after_edit(db: Database) -> tuple[str, int | None]:
    """An edited amount, and every hash after it recomputed so that the chain links."""
    number = busy(db)
    update_case(db, CONSULTANT, number, {"loan.annual_rate": "0.0450"})
    update_case(db, CONSULTANT, number, {"customer.phone": "13912345678"})  # a row after it
    rows = entries(db)
    target = next(i for i, r in enumerate(rows) if r.action == "case.update")
    prev = rows[target].prev_hash
    for index, entry in enumerate(rows[target:], start=target):
        detail = dict(entry.detail)
        if index == target:
            detail["changes"] = {"loan.annual_rate": {"from": "0.0499", "to": "0.0399"}}
        new_hash = chain_hash(prev, entry.at, entry.user_name, entry.action,
                              entry.case_number, detail)
        raw(db, "UPDATE audit_log SET detail = :d, prev_hash = :p, hash = :h WHERE id = :i",
            {"d": json.dumps(detail, ensure_ascii=False), "p": prev, "h": new_hash,
             "i": entry.id})
        prev = new_hash
    raw(db, "UPDATE audit_head SET hash = :h", {"h": prev})
    return "signature does not match", rows[target].id


def forge_appended_row(db: Database) -> tuple[str, int | None]:
    """A row added after the last, hashed correctly onto it, the head moved along."""
    busy(db)
    last = entries(db)[-1]
    detail = {"note": "forged"}
    forged_hash = chain_hash(last.hash, last.at, "wu.lei", "gate.override", None, detail)
    raw(db, "INSERT INTO audit_log (seq, at, user_name, action, case_number, detail, "
            "prev_hash, hash, mac) VALUES (:s, :a, 'wu.lei', 'gate.override', NULL, :d, :p, "
            ":h, :m)",
        {"s": last.seq + 1, "a": last.at, "d": json.dumps(detail), "p": last.hash,
         "h": forged_hash, "m": hashlib.sha256(b"guess").hexdigest()})
    raw(db, "UPDATE audit_head SET seq = :s, hash = :h", {"s": last.seq + 1, "h": forged_hash})
    return "signature does not match", None


def forge_row_without_head(db: Database) -> tuple[str, int | None]:
    busy(db)
    last = entries(db)[-1]
    forged_hash = chain_hash(last.hash, last.at, "wu.lei", "task.done", None, {})
    raw(db, "INSERT INTO audit_log (seq, at, user_name, action, case_number, detail, "
            "prev_hash, hash) VALUES (:s, :a, 'wu.lei', 'task.done', NULL, '{}', :p, :h)",
        {"s": last.seq + 1, "a": last.at, "p": last.hash, "h": forged_hash})
    return "appended outside LoanDesk", None


def edit_case_row(db: Database) -> tuple[str, int | None]:
    number = busy(db)
    raw(db, "UPDATE cases SET customer_phone = '13999999999' WHERE number = :n", {"n": number})
    return f"case {number}: changed outside LoanDesk", None


def edit_case_row_and_digest(db: Database) -> tuple[str, int | None]:
    """The phone changed and the row's digest recomputed: the trail still remembers."""
    number = busy(db)
    raw(db, "UPDATE cases SET customer_phone = '13999999999' WHERE number = :n", {"n": number})
    with db.reading() as session:
        row = session.execute(text("SELECT * FROM cases WHERE number = :n"),
                              {"n": number}).mappings().one()
    raw(db, "UPDATE cases SET digest = :d WHERE number = :n",
        {"d": row_digest("cases", row), "n": number})
    return f"case {number}: differs from what the audit trail last recorded", None


def edit_user_row(db: Database) -> tuple[str, int | None]:
    busy(db)
    raw(db, "UPDATE users SET role = 'admin' WHERE name = :n", {"n": CONSULTANT})
    return f"user {CONSULTANT}: changed outside LoanDesk", None


def insert_user_row(db: Database) -> tuple[str, int | None]:
    busy(db)
    raw(db, "INSERT INTO users (name, display_name, role, phone, active, failed_logins, "
            "created_at) VALUES ('mallory', 'M', 'admin', '', :t, 0, :c)",
        {"t": True, "c": entries(db)[0].at})
    return "user mallory: not in the audit trail: added outside LoanDesk", None


def malformed_detail(db: Database) -> tuple[str, int | None]:
    busy(db)
    target = entries(db)[2]
    bad = "{not json" if db.is_sqlite else '"a string, not an object"'
    raw(db, "UPDATE audit_log SET detail = :d WHERE id = :i", {"d": bad, "i": target.id})
    return "unreadable", target.id


def malformed_timestamp(db: Database) -> tuple[str, int | None]:
    busy(db)
    target = entries(db)[2]
    bad = "yesterday-ish" if db.is_sqlite else "infinity"
    raw(db, "UPDATE audit_log SET at = :a WHERE id = :i", {"a": bad, "i": target.id})
    return "unreadable", target.id


TAMPERS: list[Callable[[Database], tuple[str, int | None]]] = [
    delete_last_row, delete_last_50_rows, delete_all_rows, delete_first_row, delete_head,
    move_head_back, recompute_after_edit, forge_appended_row, forge_row_without_head,
    edit_case_row, edit_case_row_and_digest, edit_user_row, insert_user_row, malformed_detail,
    malformed_timestamp,
]


def check_tamper(db: Database, tamper: Callable[[Database], tuple[str, int | None]]) -> None:
    assert verify_chain(db).intact, _problems(verify_chain(db))
    words, row_id = tamper(db)
    check = verify_chain(db)
    assert not check.intact and check.broken_at is not None
    assert words in _problems(check), _problems(check)
    if row_id is not None:
        assert row_id in [t.row_id for t in check.tampers], _problems(check)
