"""Reading the audit trail: a case's history, and checking the hash chain is unbroken."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.domain.permissions import Action
from app.domain.privacy import masked
from app.services.case_records import HistoryEntry, history_of
from app.services.common import acting_user, find_case, require
from app.store.audit_chain import (
    DIGESTED,
    GENESIS_HASH,
    AuditTrailRefused,
    chain_hash,
    row_digest,
)
from app.store.audit_key import head_mac, key_id, row_mac
from app.store.db import Database
from app.store.models import AuditEntry

MAX_REPORTED = 1000  # a wholesale forgery is reported by its first thousand rows and a count


@dataclass(frozen=True)
class Tamper:
    """One thing found wrong: where (an audit row, a case, a user, the head) and what."""

    where: str
    problem: str
    row_id: int | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


@dataclass(frozen=True)
class ChainCheck:
    rows: int
    broken_at: int | None = None  # the first audit row found wrong (0: no row to point at)
    problem: str = ""
    tampers: tuple[Tamper, ...] = field(default=())
    more: int = 0  # tampers found beyond those listed

    @property
    def intact(self) -> bool:
        return not self.tampers


@contextmanager
def _snapshot(db: Database) -> Iterator[Session]:
    """One consistent view of the whole database, so that work committed on another
    workstation during the check is neither half seen nor taken for tampering."""
    with db.reading() as session:
        connection = session.connection()
        if db.is_sqlite:
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ "
                                       "READ ONLY")
        yield session


def _when(raw: Any) -> datetime:
    moment = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _detail(raw: Any) -> dict[str, Any]:
    value = json.loads(raw) if isinstance(raw, str | bytes) else raw
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


class _Findings:
    def __init__(self) -> None:
        self.tampers: list[Tamper] = []
        self.more = 0

    def add(self, where: str, problem: str, row_id: int | None = None) -> None:
        if len(self.tampers) < MAX_REPORTED:
            self.tampers.append(Tamper(where, problem, row_id))
        else:
            self.more += 1


def _recorded_digests(detail: dict[str, Any], into: dict[tuple[str, str], str | None]) -> None:
    """What the trail says each case and user row looks like after this entry."""
    for table, digests in (detail.get("digests") or {}).items():
        for ident, digest in digests.items():
            into[(table, str(ident))] = digest
    for row in detail.get("rows") or []:
        if isinstance(row, dict) and row.get("table") in DIGESTED:
            into[(row["table"], str(row.get("id")))] = (None if row.get("op") == "delete"
                                                        else row.get("digest"))


def verify_chain(db: Database, batch: int = 2000) -> ChainCheck:
    """Check the whole trail and what it vouches for, reporting every problem by row:
    every row's hash and its link to the one before; seq 1, 2, 3… without gaps; each row's
    signature under the key outside the database; the head record (rows removed from the
    end, or all of them); and each case and user row against the digest the trail last
    recorded for it. Never stops at an unreadable row."""
    found = _Findings()
    try:
        key: bytes | None = db.audit_key()
    except AuditTrailRefused as missing:
        key = None
        found.add("audit key", missing.problem)
    recorded: dict[tuple[str, str], str | None] = {}
    rows = 0
    with _snapshot(db) as session:
        try:
            head = session.execute(text(
                "SELECT seq, hash, mac, key_id FROM audit_head WHERE id = 1")).first()
        except SQLAlchemyError:
            head = None
            session.rollback()
        expected, prev, last_id, last_hash = 1, GENESIS_HASH, 0, GENESIS_HASH
        after = -(2 ** 62)
        # As text on PostgreSQL too: a value the driver cannot convert (a timestamp of
        # 'infinity') is then one unreadable row, not a failed check.
        at, detail_text = (("at", "detail") if db.is_sqlite else
                           ("to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')",
                            "detail::text"))
        while True:
            chunk = session.execute(text(
                f"SELECT id, seq, {at} AS at, user_name, action, case_number, "
                f"{detail_text} AS detail, prev_hash, hash, mac FROM audit_log "
                "WHERE seq > :after ORDER BY seq LIMIT :n"),
                {"after": after, "n": batch}).all()
            if not chunk:
                break
            for row in chunk:
                rows += 1
                after = row.seq
                problems = []
                if row.seq != expected:
                    problems.append(f"a row before it was removed or changed (seq {row.seq} "
                                    f"where {expected} was due)")
                elif row.prev_hash != prev:
                    problems.append("a row before it was removed or changed (link broken)")
                try:
                    detail = _detail(row.detail)
                    moment = _when(row.at)
                    if chain_hash(str(row.prev_hash), moment, row.user_name, row.action,
                                  row.case_number, detail) != row.hash:
                        problems.append("its content was changed")
                    _recorded_digests(detail, recorded)
                except (ValueError, TypeError, AttributeError, KeyError) as error:
                    problems.append(f"unreadable ({type(error).__name__}: "
                                    f"{str(error)[:80]}): written outside LoanDesk")
                if key is not None:
                    if row.mac is None:
                        problems.append("not signed: written outside LoanDesk")
                    elif row_mac(key, int(row.seq), str(row.hash)) != row.mac:
                        problems.append("signature does not match: forged, or the chain was "
                                        "recomputed after an edit")
                if problems:
                    found.add(f"audit row {row.id} (seq {row.seq})", "; ".join(problems),
                              row.id)
                expected, prev, last_id, last_hash = row.seq + 1, str(row.hash), row.id, prev
                last_hash = str(row.hash)
        last_seq = expected - 1
        if head is None:
            found.add("audit head", "the head record is missing (removed outside LoanDesk)",
                      last_id or None)
        else:
            if key is not None and head.key_id != key_id(key):
                found.add("audit head", "signed with another key than this workstation's")
            elif key is not None and head_mac(key, int(head.seq), str(head.hash)) != head.mac:
                found.add("audit head", "the head record was changed outside LoanDesk")
            if last_seq < head.seq:
                gone = head.seq - last_seq
                found.add("audit head", f"the last {gone} row(s) (seq {last_seq + 1} to "
                          f"{head.seq}) were removed", last_id or None)
            elif last_seq > head.seq:
                found.add("audit head", f"{last_seq - head.seq} row(s) after the head "
                          f"(seq {head.seq + 1} to {last_seq}) were appended outside LoanDesk",
                          last_id or None)
            elif last_seq and head.hash != last_hash:
                found.add("audit head", "the last row is not the one the head records",
                          last_id or None)
        _check_digests(session, recorded, found, batch)
    bad_rows = [t.row_id for t in found.tampers if t.row_id is not None]
    if not found.tampers:
        return ChainCheck(rows)
    first = found.tampers[0]
    return ChainCheck(rows, bad_rows[0] if bad_rows else 0, str(first),
                      tuple(found.tampers), found.more)


def _check_digests(session: Session, recorded: dict[tuple[str, str], str | None],
                   found: _Findings, batch: int) -> None:
    """Each case and user row as stored against the trail's last word on it."""
    names = {"cases": ("number", "case"), "users": ("name", "user")}
    for table in DIGESTED:
        label_column, label = names[table]
        seen: set[str] = set()
        after = -1
        while True:
            try:
                chunk = session.execute(text(f"SELECT * FROM {table} WHERE id > :after "
                                             f"ORDER BY id LIMIT :n"),
                                        {"after": after, "n": batch}).mappings().all()
            except SQLAlchemyError as error:
                found.add(table, f"unreadable ({str(error).splitlines()[0][:80]})")
                break
            if not chunk:
                break
            for row in chunk:
                after = row["id"]
                ident = str(row["id"])
                seen.add(ident)
                where = f"{label} {row.get(label_column)}"
                digest = row_digest(table, row)
                trail: str | None = recorded.get((table, ident), "")
                if row.get("digest") is None and trail == "":
                    found.add(where, "not in the audit trail: added outside LoanDesk")
                elif row.get("digest") != digest:
                    found.add(where, "changed outside LoanDesk (the row no longer matches "
                              "its digest)")
                elif trail == "":
                    found.add(where, "not in the audit trail: added outside LoanDesk")
                elif trail != digest:
                    found.add(where, "differs from what the audit trail last recorded: "
                              "changed outside LoanDesk")
        for (kind, ident), last in recorded.items():
            if kind == table and last is not None and ident not in seen:
                found.add(f"{label} #{ident}", "recorded in the audit trail but missing: "
                          "deleted outside LoanDesk")


def case_history(db: Database, actor: str, number: str) -> list[HistoryEntry]:
    """The audit rows of one case, newest first, ID and phone numbers in their details
    masked (the rows keep them in full, so any change can be undone from the trail)."""
    with db.reading() as session:
        case = find_case(session, number)
        require(acting_user(session, actor), Action.CASE_HISTORY, case)
        # Copies, masked for reading only: never written back.
        return [replace(history_of(entry), detail=masked(entry.detail or {}))
                for entry in session.scalars(select(AuditEntry).where(
                    AuditEntry.case_number == case.number).order_by(AuditEntry.id.desc()))]


@dataclass(frozen=True)
class Change:
    id: int
    case_number: str | None
    user_name: str
    action: str


def changes_since(db: Database, after_id: int, limit: int = 500) -> list[Change]:
    """What every workstation changed after audit row `after_id`: the desktop polls this
    to refresh what it shows (every change writes exactly one audit row)."""
    with db.reading() as session:
        return [Change(*row) for row in session.execute(
            select(AuditEntry.id, AuditEntry.case_number, AuditEntry.user_name,
                   AuditEntry.action).where(AuditEntry.id > after_id)
            .order_by(AuditEntry.id).limit(limit))]


def last_change_id(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.max(AuditEntry.id))) or 0
