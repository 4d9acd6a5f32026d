"""A dealer group's dealerships. A single store has one, the default (its profile is the
settings' `dealership.*`), and never sees the word: cases belong to it unless told otherwise,
and the board and the case list show every dealership unless one is asked for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.errors import InvalidInput, NotFound
from app.domain.permissions import Action
from app.domain.validators import validate_name
from app.services.common import acting_user, audit, require
from app.store.db import Database
from app.store.models import DEFAULT_DEALERSHIP_ID, Dealership

_CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,19}")


@dataclass(frozen=True)
class DealershipRow:
    code: str
    name: str
    default: bool


def dealership_id_of(session: Session, code: str | None) -> int | None:
    """The id of the dealership `code`; None (every dealership) when no code is given."""
    if code is None:
        return None
    found = session.scalar(select(Dealership.id).where(Dealership.code == code.strip().lower()))
    if found is None:
        known = list(session.scalars(select(Dealership.code).order_by(Dealership.id)))
        raise NotFound("dealership", f"unknown dealership {code!r}",
                       "one of: " + ", ".join(known), zh=f"没有门店 {code!r}")
    return found


def is_group(session: Session) -> bool:
    """More than one dealership: only then does anything name them."""
    return (session.scalar(select(func.count()).select_from(Dealership)) or 0) > 1


def list_dealerships(db: Database) -> list[DealershipRow]:
    with db.reading() as session:
        return [DealershipRow(code, name, ident == DEFAULT_DEALERSHIP_ID)
                for ident, code, name in session.execute(
                    select(Dealership.id, Dealership.code, Dealership.name)
                    .order_by(Dealership.id))]


def add_dealership(db: Database, actor: str, code: str, name: str) -> None:
    """A further dealership of the group (an admin's setting)."""
    with db.transaction() as session:
        user = acting_user(session, actor)
        require(user, Action.SETTINGS)
        code = code.strip().lower()
        if not _CODE.fullmatch(code):
            raise InvalidInput("code", f"{code!r} is not a dealership code",
                               "1 to 20 lower-case letters, digits, - or _ (e.g. east-2)",
                               zh=f"{code!r} 不是有效的门店代码（1-20 位小写字母、数字、- 或 _）")
        name = validate_name(name, "name")
        if session.scalar(select(Dealership.id).where(Dealership.code == code)) is not None:
            raise InvalidInput("code", f"dealership {code!r} exists", "a new code",
                               zh=f"门店 {code!r} 已存在")
        session.add(Dealership(code=code, name=name))
        session.flush()
        audit(session, user, "dealership.add", code=code, name=name)


def move_case(db: Database, actor: str, number: str, dealership: str) -> None:
    """File a case under another dealership of the group (an admin's correction)."""
    from app.services.common import find_case

    with db.transaction() as session:
        user = acting_user(session, actor)
        require(user, Action.SETTINGS)
        dealership_id = dealership_id_of(session, dealership)
        case = find_case(session, number, for_update=True)
        if case.dealership_id == dealership_id:
            return
        case.dealership_id = dealership_id  # type: ignore[assignment]  # not None: a code
        session.flush()
        audit(session, user, "case.dealership", case.number, dealership=dealership.strip().lower())
