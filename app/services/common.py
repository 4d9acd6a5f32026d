"""What every service call shares: the acting user, the audit row, the case lookup, the clock."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import NotFound, PermissionDenied, Text
from app.domain.permissions import (
    MATRIX,
    STAFF_ROLES,
    Action,
    Reach,
    allowed,
    reach,
    who_may,
)
from app.domain.procedure import ROLE_TITLES, Role
from app.store.audit_chain import queue
from app.store.db import Database
from app.store.models import CLOCK, AuditEntry, Case, User


def now() -> datetime:
    """The clock of every service (tests move it by patching this one function; the demo
    sets app.store.models.CLOCK to write a history months long)."""
    clock = CLOCK.get()
    return clock() if clock is not None else datetime.now(UTC)


def today() -> date:
    return now().astimezone().date()


def acting_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None or not user.active:
        known = ", ".join(session.scalars(select(User.name).where(User.active).limit(20)))
        raise NotFound("user", f"no active user {name!r}", known or "run `loandesk init` first",
                       zh=f"没有用户 {name!r}")
    return user


def owns(user: User, case: Case | None) -> bool:
    """Whether `case` is the user's own (they are its consultant)."""
    return case is not None and case.consultant_id == user.id


def refusal(user: User, action: Action, case: Case | None = None) -> PermissionDenied:
    rule = MATRIX[action]
    who = who_may(action)
    if case is not None and reach(user.role, action) is Reach.OWN:
        # Their right stops at their own cases: say whose case this one is.
        return PermissionDenied("case", f"{user.name} may not {rule.title.en} on "
                                f"{case.number}: it belongs to {case.consultant.name}",
                                who.en, zh=f"{case.number} 属于{case.consultant.display_name}，"
                                           f"{user.display_name}无权{rule.title.zh}")
    role = ROLE_TITLES[Role(user.role)] if user.role in STAFF_ROLES else Text(user.role, user.role)
    where = f" on {case.number}" if case is not None else ""
    where_zh = f"（{case.number}）" if case is not None else ""
    return PermissionDenied("user", f"{user.name} ({role.en}) may not {rule.title.en}{where}",
                            who.en, zh=f"{user.display_name}({role.zh})无权{rule.title.zh}"
                                       f"{where_zh}，应由{who.zh}操作")


def require(user: User, action: Action, case: Case | None = None) -> None:
    """Refuse unless the permission matrix lets the user do `action` (on `case`)."""
    if not allowed(user.role, action, owns(user, case)):
        raise refusal(user, action, case)


def require_of(db: Database, actor: str, action: Action) -> None:
    """A check on its own, for a call that has no service of its own to make it."""
    with db.reading() as session:
        require(acting_user(session, actor), action)


def find_case(session: Session, number: str, *, for_update: bool = False) -> Case:
    query = select(Case).where(Case.number == number.strip().upper())
    if for_update and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Case)
    case = session.scalar(query)
    if case is None:
        raise NotFound("number", f"no case {number!r}", "a case number such as LD2026-000042",
                       zh=f"没有案件 {number!r}")
    return case


def audit(session: Session, user: User | str, action: str, case_number: str | None = None,
          **detail: Any) -> AuditEntry:
    """Add one row to the audit chain, in the caller's transaction. It is numbered, hashed
    and signed when the transaction commits, with the values before and after of every row
    the transaction changed (app.store.audit_chain)."""
    entry = AuditEntry(at=now(), user_name=user if isinstance(user, str) else user.name,
                       action=action, case_number=case_number,
                       detail=json.loads(json.dumps(detail, default=str)))
    queue(session, entry)
    return entry
