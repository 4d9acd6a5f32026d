"""The store: migrations from empty to head, SQLite pragmas, exact money, deduplicated blobs."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from app.services.documents import store_blob
from app.services.users import initialise
from app.store import db as db_module
from app.store.db import Database
from app.store.models import Base, Blob, Case, TaskRecord, User
from tests.conftest import CONSULTANT, married_case
from tests.helpers import dump, new_case


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    yield database
    database.dispose()


def test_upgrade_from_empty_creates_every_table(fresh: Database) -> None:
    assert fresh.current_revision() is None
    assert fresh.head_revision() == sorted(
        p.name.split("_")[0] for p in (db_module.MIGRATIONS / "versions").glob("0*.py"))[-1]
    backup = fresh.upgrade()
    assert backup is None  # nothing to lose in an empty file
    assert fresh.current_revision() == fresh.head_revision()
    tables = set(inspect(fresh.engine).get_table_names())
    assert tables == set(Base.metadata.tables) | {"alembic_version"}
    assert {"users", "lenders", "cases", "tasks", "gate_overrides", "blobs", "documents",
            "document_pages", "issued_forms", "copy_receipts", "counters", "settings",
            "audit_log"} <= tables


def test_migrated_schema_matches_the_models(fresh: Database) -> None:
    fresh.upgrade()
    with fresh.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_second_upgrade_is_a_no_op(fresh: Database) -> None:
    initialise(fresh)
    before = dump(fresh)
    assert fresh.upgrade() is None
    assert initialise(fresh) == (False, None)
    assert dump(fresh) == before
    assert list(fresh.sqlite_path.parent.glob("*.before-*")) == []  # type: ignore[union-attr]


def _migrations_with_a_later_revision(target: Path, head: str) -> Path:
    shutil.copytree(db_module.MIGRATIONS, target, ignore=shutil.ignore_patterns("__pycache__"))
    (target / "versions" / "9999_test_index.py").write_text(
        '"""a later revision (test only)"""\n'
        "from alembic import op\n\n"
        f"revision = '9999'\ndown_revision = '{head}'\nbranch_labels = None\n"
        "depends_on = None\n\n\n"
        "def upgrade() -> None:\n"
        "    op.create_index('ix_test_cases_color', 'cases', ['color'])\n\n\n"
        "def downgrade() -> None:\n"
        "    op.drop_index('ix_test_cases_color', 'cases')\n", encoding="utf-8")
    return target


def test_upgrading_an_older_database_with_data_backs_it_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "desk.sqlite3"
    old = Database(f"sqlite:///{path}")
    initialise(old)
    from app.services.demo import ensure_staff

    ensure_staff(old)
    number, _ = new_case(old)
    head = old.current_revision()
    assert head is not None
    old.dispose()

    monkeypatch.setattr(db_module, "MIGRATIONS",
                        _migrations_with_a_later_revision(tmp_path / "migrations", head))
    newer = Database(f"sqlite:///{path}")
    try:
        assert newer.current_revision() == head
        assert newer.head_revision() == "9999"
        backup = newer.upgrade()
        assert backup is not None and backup.exists()
        assert backup.parent == path.parent and ".before-" in backup.name
        assert newer.current_revision() == "9999"
        with newer.reading() as session:
            assert session.scalar(select(Case.number)) == number
        assert "ix_test_cases_color" in {i["name"] for i in
                                         inspect(newer.engine).get_indexes("cases")}
        # The backup is the database as it was: old revision, same case.
        copy = sqlite3.connect(backup)
        try:
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (
                head,)
            assert copy.execute("SELECT number FROM cases").fetchall() == [(number,)]
        finally:
            copy.close()
    finally:
        newer.dispose()


def test_wal_mode_and_foreign_keys(db: Database) -> None:
    if not db.is_sqlite:
        pytest.skip("SQLite pragmas")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    with db.reading() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    with pytest.raises(IntegrityError), db.transaction() as session:
        user = session.scalar(select(User).where(User.name == CONSULTANT))
        assert user is not None
        session.add(TaskRecord(case_id=999_999, task_id="draft_contract", done_by_id=user.id))
        session.flush()


@pytest.mark.parametrize(("price", "amount"), [
    ("123456.78", "98765.42"), ("200000.01", "1000.01"), ("99999999.99", "79999999.99")])
def test_money_round_trips_exactly(db: Database, price: str, amount: str) -> None:
    data = married_case()
    down = Decimal(price) - Decimal(amount)
    data["vehicle"]["price"] = price
    data["loan"].update(amount=amount, down_payment=str(down), fees="0.01")
    from app.services.cases import create_case

    number = create_case(db, CONSULTANT, data)
    with db.reading() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case is not None
        assert case.price == Decimal(price) and str(case.price) == price
        assert case.loan_amount == Decimal(amount)
        assert case.down_payment == down
        assert case.fees == Decimal("0.01")
        assert str(case.annual_rate) == "0.0499"
        raw = session.execute(text("SELECT price, loan_amount, annual_rate FROM cases "
                                   "WHERE number = :n"), {"n": number}).one()
    assert tuple(raw) == (int(Decimal(price) * 100), int(Decimal(amount) * 100), "0.0499")


def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(StatementError, match="naive datetime"), db.transaction() as session:
        session.add(User(name="naive", display_name="N", role="consultant",
                         created_at=datetime(2026, 1, 1)))
        session.flush()


def test_blobs_are_deduplicated_by_sha256(db: Database) -> None:
    import hashlib

    data = b"\xff\xd8 the same bytes \xff\xd9"
    with db.transaction() as session:
        first = store_blob(session, data)
        second = store_blob(session, data)
        other = store_blob(session, data + b"!")
    with db.transaction() as session:  # a later transaction too
        assert store_blob(session, data) == first
    assert first == second == hashlib.sha256(data).hexdigest()
    assert other != first
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Blob)) == 2
        blob = session.get(Blob, first)
        assert blob is not None and blob.data == data and blob.size == len(data)
