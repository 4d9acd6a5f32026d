"""Issue 11 on PostgreSQL: the audit tables refuse rewriting by trigger, every tamper is
found, and a bad backup leaves every row as it was."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from app.domain.errors import InvalidInput
from app.services import settings
from app.services.audit import verify_chain
from app.services.backup import backup, restore
from app.store.db import Database
from app.store.models import Case
from tests.audit_tampers import TAMPERS, check_tamper, entries
from tests.backup_cases import BAD_BACKUPS, data_dump
from tests.helpers import new_case

pytestmark = [pytest.mark.pg, pytest.mark.skipif(
    not os.environ.get("LOANDESK_TEST_PG"),
    reason="needs the server started by scripts/with-test-postgres.sh")]


@pytest.mark.parametrize("tamper", TAMPERS, ids=lambda t: t.__name__)
def test_every_tamper_is_found_on_postgresql(
        db: Database, tamper: Callable[[Database], tuple[str, int | None]]) -> None:
    assert not db.is_sqlite
    check_tamper(db, tamper)


@pytest.mark.parametrize("sql", [
    "UPDATE audit_log SET user_name = 'li.qiang'", "DELETE FROM audit_log",
    "TRUNCATE audit_log", "UPDATE audit_log SET mac = NULL", "DELETE FROM audit_head",
    "UPDATE audit_head SET seq = seq - 1", "TRUNCATE audit_head"])
def test_the_trail_cannot_be_rewritten_through_sql(db: Database, sql: str) -> None:
    new_case(db)
    with pytest.raises(SQLAlchemyError, match=r"append-only|only moves forward"), \
            db.transaction() as session:
        session.execute(text(sql))
    assert verify_chain(db).intact


def _cases(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Case)) or 0


def test_backup_and_restore_switch_in_one_step_and_keep_the_old(db: Database,
                                                               tmp_path: Path) -> None:
    new_case(db)
    target = tmp_path / "b.dump"
    backup(db, "admin", target)
    new_case(db)
    kept = restore(db, "admin", target)
    assert _cases(db) == 1
    assert kept is not None and "replaced_" in kept
    schema = kept.split()[1]
    with db.reading() as session:
        assert session.scalar(text(f"SELECT count(*) FROM {schema}.cases")) == 2
    assert entries(db)[-1].action == "database.restore"
    assert verify_chain(db).intact
    new_case(db)  # the restored database takes new work
    assert verify_chain(db).intact


@pytest.mark.parametrize("make_bad", BAD_BACKUPS, ids=lambda f: f.__name__)
def test_a_bad_backup_leaves_every_row_as_it_was(
        db: Database, tmp_path: Path, make_bad: Callable[[Database, Path, Path], str]) -> None:
    new_case(db)
    good = tmp_path / "good.dump"
    backup(db, "admin", good)
    bad = tmp_path / "bad.dump"
    make_bad(db, good, bad)
    settings.set_setting(db, "admin", "backup.keep", "9")
    before = data_dump(db)
    rows = len(entries(db))
    with pytest.raises(InvalidInput) as refused:
        restore(db, "admin", bad)
    assert "\n" not in str(refused.value)
    assert data_dump(db) == before
    assert len(entries(db)) == rows + 1
    assert entries(db)[-1].action == "database.restore.failed"
    with db.reading() as session:
        schemas = list(session.scalars(text(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'replaced_%'")))
        databases = list(session.scalars(text(
            "SELECT datname FROM pg_database WHERE datname LIKE 'loandesk_restore_%'")))
    assert schemas == [] and databases == []
