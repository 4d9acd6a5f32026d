"""Dealership-wide settings kept in the database, so every workstation sees the same."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import InvalidInput
from app.domain.permissions import Action
from app.domain.validators import validate_text
from app.services.common import acting_user, audit, require
from app.store.db import Database
from app.store.models import Setting

DEFAULTS: dict[str, str] = {
    "dealership.name": "LoanDesk 汽车销售服务有限公司",
    "dealership.address": "",
    "dealership.phone": "",
    "documents.max_megabytes": "50",
    "follow_up.days_after_delivery": "3",
    "backup.keep": "14",
    "backup.pg_bin_dir": "",  # where pg_dump/pg_restore are, when not found by themselves
}
NUMERIC = ("documents.max_megabytes", "follow_up.days_after_delivery", "backup.keep")


def settings_in(session: Session) -> dict[str, str]:
    stored = {s.key: s.value for s in session.scalars(select(Setting))}
    return {**DEFAULTS, **stored}


def get_settings(db: Database) -> dict[str, str]:
    with db.reading() as session:
        return settings_in(session)


def set_setting(db: Database, actor: str, key: str, value: str) -> None:
    if key not in DEFAULTS:
        raise InvalidInput("key", f"unknown setting {key!r}", ", ".join(DEFAULTS),
                           zh=f"没有设置项 {key!r}")
    clean = validate_text(value, key, 200)
    if key in NUMERIC and not (
            clean.isdigit() and 0 < int(clean) <= 1000):
        raise InvalidInput(key, f"{clean!r} is not a whole number", "1 to 1000",
                           zh=f"{key} 应为 1 到 1000 的整数")
    with db.transaction() as session:
        user = acting_user(session, actor)
        require(user, Action.SETTINGS)
        row = session.get(Setting, key)
        before = row.value if row else DEFAULTS[key]
        if row is None:
            session.add(Setting(key=key, value=clean))
        else:
            row.value = clean
        audit(session, user, "setting.set", None, key=key, before=before, after=clean)
