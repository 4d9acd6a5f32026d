"""What every service call shares: the acting user, the audit row, the case lookup, the clock."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import NotFound, PermissionDenied, Text
from app.domain.procedure import ROLE_TITLES, SUPERVISING_ROLES, Role
from app.store.audit_chain import queue
from app.store.models import AuditEntry, Case, User


def now() -> datetime:
    """The clock of every service (tests move it by patching this one function)."""
    return datetime.now(UTC)


def today() -> date:
    return now().astimezone().date()


def acting_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None or not user.active:
        known = ", ".join(session.scalars(select(User.name).where(User.active).limit(20)))
        raise NotFound("user", f"no active user {name!r}", known or "run `loandesk init` first",
                       zh=f"没有用户 {name!r}")
    return user


def require_role(user: User, *roles: Role, action: Text) -> None:
    """Refuse unless the user has one of `roles` (managers and administrators always may)."""
    if user.role in roles or user.role in SUPERVISING_ROLES:
        return
    who_en = " or ".join(ROLE_TITLES[r].en for r in roles) + " or a manager"
    who_zh = "、".join(ROLE_TITLES[r].zh for r in roles) + "或经理"
    raise PermissionDenied("user", f"{user.name} ({ROLE_TITLES[Role(user.role)].en}) may not "
                           f"{action.en}", f"the {who_en}",
                           zh=f"{user.display_name}无权{action.zh}，应由{who_zh}操作")


def may_change_case(user: User, case: Case) -> None:
    """A consultant changes their own cases; other roles act through their tasks."""
    if user.role == Role.CONSULTANT and case.consultant_id != user.id:
        raise PermissionDenied("case", f"{case.number} belongs to {case.consultant.name}",
                               "the case's own consultant or a manager",
                               zh=f"{case.number} 属于{case.consultant.display_name}，"
                                  "只能由其本人或经理修改")


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
