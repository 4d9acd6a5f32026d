"""Copy across (Settings → Database, `loandesk copy-to`) from one SQLite file into a new one:
the same function that fills a PostgreSQL server (tests/pg/test_copy_across_pg.py)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.domain.errors import InvalidInput, PermissionDenied
from app.services.audit import verify_chain
from app.services.cases import create_case
from app.services.copy_across import ACTION, copy_across
from app.store.audit_key import create_key, read_key
from app.store.db import Database
from app.store.models import AuditEntry
from tests.conftest import CONSULTANT, MANAGER, PASSWORD, married_case
from tests.copy_across_checks import (
    case_numbers,
    demo_source,
    same_case_seen,
    table_counts,
    top_id,
)

pytestmark = pytest.mark.skipif(bool(os.environ.get("LOANDESK_TEST_PG")),
                                reason="SQLite into SQLite; into PostgreSQL: tests/pg")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo is built once; each test copies it (SQLite online backup, key beside)."""
    folder = tmp_path_factory.mktemp("demo")
    demo_source(folder).dispose()
    return folder / "workstation.sqlite3"


@pytest.fixture
def source(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    template = Database(f"sqlite:///{demo_file}")
    template.backup_sqlite(tmp_path / "workstation.sqlite3")
    template.dispose()
    database = Database(f"sqlite:///{tmp_path / 'workstation.sqlite3'}")
    yield database
    database.dispose()


def test_every_row_arrives_and_the_trail_verifies(source: Database, tmp_path: Path) -> None:
    before = table_counts(source.engine)
    target_file, key_file = tmp_path / "new.sqlite3", tmp_path / "new.audit-key"
    seen: list[tuple[str, int, int]] = []
    done = copy_across(source, "admin", f"sqlite:///{target_file}", key_path=key_file,
                       progress=lambda table, rows, total: seen.append((table, rows, total)),
                       batch=50)
    target = Database(f"sqlite:///{target_file}", audit_key_path=key_file)
    try:
        after = table_counts(target.engine)
        assert set(after) == set(before)
        assert {name: n for name, n in after.items() if name != "audit_log"} == {
            name: n for name, n in before.items() if name != "audit_log"}
        assert after["audit_log"] == before["audit_log"] + 1  # the copy itself, recorded
        assert done.rows == {name: n for name, n in before.items() if name != "audit_head"}
        assert read_key(key_file) == read_key(tmp_path / "workstation.audit-key")
        check = verify_chain(target)
        assert check.intact, check.tampers
        assert check.rows == before["audit_log"] + 1
        with target.reading() as session:
            last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert last is not None and (last.action, last.user_name) == (ACTION, "admin")
        # The same engine returns the same shapes: no digest had to be recorded anew.
        assert last.detail["digests"] == {} and done.digests_recorded == 0
        for number in case_numbers(source.engine):
            same_case_seen(source, target, number)
        from app.services.queues import my_queue  # the stored queue travels with its cases

        for actor in (CONSULTANT, MANAGER):
            assert my_queue(target, actor) == my_queue(source, actor)
    finally:
        target.dispose()
    # Progress: every table named, rows counted up to all of them, never backwards.
    total = sum(n for name, n in before.items() if name != "audit_head")
    assert {table for table, _, _ in seen} == set(before) - {"audit_head"}
    assert all(t == total for _, _, t in seen)
    assert [r for _, r, _ in seen] == sorted(r for _, r, _ in seen)
    assert seen[-1][1] == total
    # In batches: the audit_log's hundreds of rows move the bar several times.
    assert sum(table == "audit_log" for table, _, _ in seen) > before["audit_log"] // 50


def test_the_copy_goes_on_numbering(source: Database, tmp_path: Path) -> None:
    target_file = tmp_path / "new.sqlite3"
    copy_across(source, "admin", f"sqlite:///{target_file}", key_path=tmp_path / "k")
    numbers = case_numbers(source.engine)
    target = Database(f"sqlite:///{target_file}", audit_key_path=tmp_path / "k")
    try:
        number = create_case(target, CONSULTANT, married_case())
        serial = max(int(re.sub(r"\D", "", n[-6:])) for n in numbers)
        assert number.endswith(f"-{serial + 1:06d}") and number not in numbers
        with target.engine.connect() as connection:
            ident = connection.scalar(text("SELECT id FROM cases WHERE number = :n"),
                                      {"n": number})
        assert ident == top_id(source.engine, "cases") + 1
        assert verify_chain(target).intact
    finally:
        target.dispose()


def test_a_target_with_data_is_refused_and_left_alone(source: Database,
                                                      tmp_path: Path) -> None:
    from app.services.users import initialise

    target_file = tmp_path / "used.sqlite3"
    used = Database(f"sqlite:///{target_file}", audit_key_path=tmp_path / "used.audit-key")
    initialise(used, PASSWORD)  # one administrator: no longer empty
    before = table_counts(used.engine)
    used.dispose()
    with pytest.raises(InvalidInput) as refused:
        copy_across(source, "admin", f"sqlite:///{target_file}",
                    key_path=tmp_path / "used.audit-key")
    assert refused.value.field == "database"
    assert "not empty (1 users, 1 audit_log)" in refused.value.problem
    used = Database(f"sqlite:///{target_file}", audit_key_path=tmp_path / "used.audit-key")
    try:
        assert table_counts(used.engine) == before
        assert verify_chain(used).intact
    finally:
        used.dispose()


def test_a_wrong_role_is_refused_before_anything_is_made(source: Database,
                                                         tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        copy_across(source, CONSULTANT, f"sqlite:///{tmp_path / 'new.sqlite3'}",
                    key_path=tmp_path / "new.audit-key")
    assert not (tmp_path / "new.sqlite3").exists() and not (tmp_path / "new.audit-key").exists()


def test_another_key_at_the_target_place_is_refused(source: Database, tmp_path: Path) -> None:
    other = create_key(tmp_path / "taken.audit-key")
    with pytest.raises(InvalidInput) as refused:
        copy_across(source, "admin", f"sqlite:///{tmp_path / 'new.sqlite3'}",
                    key_path=tmp_path / "taken.audit-key")
    assert refused.value.field == "audit" and "another audit key" in refused.value.problem
    assert read_key(tmp_path / "taken.audit-key") == other
    assert not (tmp_path / "new.sqlite3").exists()


def test_a_damaged_trail_is_not_copied(source: Database, tmp_path: Path) -> None:
    with source.engine.begin() as connection:  # a case changed outside LoanDesk
        connection.execute(text("UPDATE cases SET customer_name = '改过' WHERE id = 1"))
    with pytest.raises(InvalidInput) as refused:
        copy_across(source, "admin", f"sqlite:///{tmp_path / 'new.sqlite3'}",
                    key_path=tmp_path / "new.audit-key")
    assert refused.value.field == "audit" and "does not verify" in refused.value.problem
    assert not (tmp_path / "new.sqlite3").exists() and not (tmp_path / "new.audit-key").exists()


def test_the_database_in_use_is_not_its_own_target(source: Database, tmp_path: Path) -> None:
    before = table_counts(source.engine)
    with pytest.raises(InvalidInput) as refused:
        copy_across(source, "admin", source.url)
    assert "in use already" in refused.value.problem
    assert table_counts(source.engine) == before
