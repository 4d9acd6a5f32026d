"""Reading the audit trail: a case's history, and checking the hash chain is unbroken."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.domain.permissions import Action
from app.domain.privacy import masked
from app.services.common import GENESIS_HASH, acting_user, entry_hash, find_case, require
from app.store.db import Database
from app.store.models import AuditEntry


@dataclass(frozen=True)
class ChainCheck:
    rows: int
    broken_at: int | None = None
    problem: str = ""


def verify_chain(db: Database, batch: int = 2000) -> ChainCheck:
    """Recompute every row's hash from its content and its predecessor's hash."""
    prev = GENESIS_HASH
    rows = 0
    last_id = 0
    with db.reading() as session:
        while True:
            entries = list(session.scalars(select(AuditEntry).where(AuditEntry.id > last_id)
                                           .order_by(AuditEntry.id).limit(batch)))
            if not entries:
                return ChainCheck(rows)
            for entry in entries:
                rows += 1
                if entry.prev_hash != prev:
                    return ChainCheck(rows, entry.id, "a row before it was removed or changed")
                if entry_hash(prev, entry) != entry.hash:
                    return ChainCheck(rows, entry.id, "its content was changed")
                prev = entry.hash
                last_id = entry.id


def case_history(db: Database, actor: str, number: str) -> list[AuditEntry]:
    """The audit rows of one case, newest first, ID and phone numbers in their details
    masked (the rows keep them in full, so any change can be undone from the trail)."""
    with db.reading() as session:
        case = find_case(session, number)
        require(acting_user(session, actor), Action.CASE_HISTORY, case)
        entries = list(session.scalars(select(AuditEntry).where(
            AuditEntry.case_number == case.number).order_by(AuditEntry.id.desc())))
        session.expunge_all()  # masked for reading only: never written back
        for entry in entries:
            entry.detail = masked(entry.detail)
        return entries


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
