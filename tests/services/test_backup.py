"""Backup and restore that cannot lose data (issue 11): every check before the live file
is touched, a copy of what is replaced, an atomic swap, and failures audited."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.domain.errors import InvalidInput
from app.services import settings
from app.services.audit import verify_chain
from app.services.backup import auto_backup, backup, restore
from app.services.cases import update_case
from app.store.audit_key import side_key_path
from app.store.db import Database
from app.store.models import AuditEntry, Case
from tests.audit_tampers import entries
from tests.backup_cases import BAD_BACKUPS, data_dump
from tests.conftest import CONSULTANT
from tests.helpers import dump, new_case

BadBackup = Callable[[Database, Path, Path], str]
# SQLite files here; the same on PostgreSQL: tests/pg/test_audit_backup_pg.py.
pytestmark = pytest.mark.skipif(bool(os.environ.get("LOANDESK_TEST_PG")),
                                reason="SQLite backups; PostgreSQL ones are in tests/pg")


def cases(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Case)) or 0


def test_backup_and_restore_round_trip_keeps_a_copy(db: Database, tmp_path: Path) -> None:
    new_case(db)
    target = tmp_path / "out" / "b.sqlite3"
    report = backup(db, "admin", target)
    assert report.path == target and report.size == target.stat().st_size
    assert side_key_path(target).exists()
    assert entries(db)[-1].action == "database.backup"
    new_case(db)
    assert cases(db) == 2
    kept = restore(db, "admin", target)
    assert cases(db) == 1
    assert kept is not None and Path(kept).exists()
    assert entries(db)[-1].action == "database.restore"
    assert verify_chain(db).intact
    # The copy kept is the database as it was before the restore: both cases.
    with sqlite3.connect(kept) as connection:
        assert connection.execute("SELECT count(*) FROM cases").fetchone() == (2,)
    assert not list(tmp_path.glob(".*restoring*")) and not list(tmp_path.glob("out/.*partial"))


@pytest.mark.parametrize("make_bad", BAD_BACKUPS, ids=lambda f: f.__name__)
def test_a_bad_backup_leaves_the_database_as_it_was(db: Database, tmp_path: Path,
                                                    make_bad: BadBackup) -> None:
    new_case(db)
    good = tmp_path / "good.sqlite3"
    backup(db, "admin", good)
    bad = tmp_path / "bad.sqlite3"
    make_bad(db, good, bad)
    side_key_path(good).rename(side_key_path(bad))
    settings.set_setting(db, "admin", "backup.keep", "9")  # the live database moved on
    assert db.sqlite_path is not None
    before = dump(db)
    audit_rows = len(entries(db))
    files = sorted(p.name for p in db.sqlite_path.parent.iterdir())
    with pytest.raises(InvalidInput) as refused:
        restore(db, "admin", bad)
    assert "\n" not in str(refused.value)
    after = dump(db)
    # Byte for byte the same data; the trail gained exactly its own failure row.
    assert data_dump(db) == [line for line in before if "audit_" not in line]
    assert len(after) > len([line for line in before if "audit_" not in line])
    rows = entries(db)
    assert len(rows) == audit_rows + 1
    assert rows[-1].action == "database.restore.failed"
    assert rows[-1].detail["file"] == str(bad)
    # No copy kept of a database that was not replaced, no staging file left behind.
    assert sorted(p.name for p in db.sqlite_path.parent.iterdir()) == files
    assert verify_chain(db).intact


def test_a_backup_signed_with_another_key_needs_its_key(db: Database, tmp_path: Path) -> None:
    from tests.conftest import PASSWORD, fresh_database

    other_dir = tmp_path / "other"
    other_dir.mkdir()
    from app.services.demo import ensure_staff
    from app.services.users import initialise

    with fresh_database(other_dir) as other:
        initialise(other, PASSWORD)
        ensure_staff(other, PASSWORD)
        new_case(other)
        new_case(other)
        foreign_backup = tmp_path / "foreign.sqlite3"
        backup(other, "admin", foreign_backup)
    key_copy = side_key_path(foreign_backup).read_bytes()
    side_key_path(foreign_backup).unlink()
    before = data_dump(db)
    with pytest.raises(InvalidInput, match="audit key"):
        restore(db, "admin", foreign_backup)
    assert data_dump(db) == before
    side_key_path(foreign_backup).write_bytes(key_copy)
    restore(db, "admin", foreign_backup)
    assert cases(db) == 2
    assert verify_chain(db).intact  # the live key is now the restored trail's key


@pytest.mark.parametrize("where", ["", ".", "folder", "/dev/full", "live", "wal", "key",
                                   "under-a-file"])
def test_backup_refuses_places_it_must_not_write(db: Database, tmp_path: Path,
                                                 where: str) -> None:
    assert db.sqlite_path is not None and db.audit_key_path is not None
    (tmp_path / "folder").mkdir()
    (tmp_path / "plain").write_text("x")
    target = {"folder": str(tmp_path / "folder"), "live": str(db.sqlite_path),
              "wal": str(db.sqlite_path) + "-wal", "key": str(db.audit_key_path),
              "under-a-file": str(tmp_path / "plain" / "b.sqlite3")}.get(where, where)
    if where == "/dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    live = db.sqlite_path.read_bytes()
    rows = len(entries(db))
    with pytest.raises(InvalidInput) as refused:
        backup(db, "admin", target)
    assert "\n" not in str(refused.value)
    assert entries(db)[-1].action == "database.backup.failed"
    assert len(entries(db)) == rows + 1
    assert db.sqlite_path.read_bytes()[:100] == live[:100]
    if where == "/dev/full":
        assert Path("/dev/full").is_char_device()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_backup_refuses_a_read_only_folder(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(InvalidInput, match="read-only"):
            backup(db, "admin", folder / "b.sqlite3")
    finally:
        folder.chmod(0o700)
    assert list(folder.iterdir()) == []


def test_only_the_administrator_backs_up_and_nothing_is_written(db: Database,
                                                               tmp_path: Path) -> None:
    rows = len(entries(db))
    with pytest.raises(InvalidInput):
        backup(db, CONSULTANT, tmp_path / "b.sqlite3")
    with pytest.raises(InvalidInput):
        restore(db, CONSULTANT, tmp_path / "b.sqlite3")
    assert len(entries(db)) == rows and not (tmp_path / "b.sqlite3").exists()


def test_a_newer_live_schema_is_refused_without_piling_up_copies(db: Database) -> None:
    assert db.sqlite_path is not None
    with sqlite3.connect(db.sqlite_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00d9999'")
    for _ in range(3):
        with pytest.raises(InvalidInput, match="newer"):
            db.upgrade()
    assert list(db.sqlite_path.parent.glob("*.before-*")) == []


def test_copies_before_a_migration_are_one_per_revision_and_day(db: Database) -> None:
    from sqlalchemy.exc import OperationalError

    assert db.sqlite_path is not None
    with sqlite3.connect(db.sqlite_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0002'")
    for _ in range(3):  # 0003 again fails (its columns exist): tried three times
        with pytest.raises(OperationalError):
            db.upgrade()
    assert len(list(db.sqlite_path.parent.glob("*.before-*.sqlite3"))) == 1


def test_a_database_from_before_the_key_is_sealed_on_upgrade(db: Database) -> None:
    """Upgrading from revision 0002: the old rows are signed, the case and user rows get
    their digests recorded, and the trail verifies; the seal happens once."""
    from alembic import command

    number, _ = new_case(db)
    config = db._alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    assert db.audit_key_path is not None
    db.audit_key_path.unlink()
    db.dispose()
    db.upgrade()
    rows = entries(db)
    assert rows[-1].action == "audit.seal" and rows[-1].user_name == "system"
    assert rows[-1].detail["rows_signed"] == len(rows) - 1
    assert set(rows[-1].detail["digests"]) == {"cases", "users"}
    assert verify_chain(db).intact
    db.upgrade()
    assert len(entries(db)) == len(rows)
    update_case(db, CONSULTANT, number, {"vehicle.color": "黑"})
    assert verify_chain(db).intact


def test_auto_backup_is_a_verified_copy_with_its_key(db: Database) -> None:
    made = auto_backup(db, keep=2)
    assert made is not None and side_key_path(made).exists()
    with sqlite3.connect(made) as connection:
        assert connection.execute("SELECT count(*) FROM audit_log").fetchone()[0] == len(
            entries(db))
    with db.reading() as session:
        assert session.scalar(select(func.count()).where(
            AuditEntry.action == "database.backup")) == 0  # the daily copy is not a command


def test_the_postgresql_tools_get_the_password_from_the_environment(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """pg_dump, pg_restore and psql never see the password on their command line (where
    `ps` shows it to every user of the machine): PGPASSWORD carries it."""
    from app.services import backup as backup_module

    url, env = backup_module._libpq("postgresql+psycopg://loandesk:s3cret%40x@db.local:5433/ld")
    assert "s3cret" not in url and url == "postgresql://loandesk@db.local:5433/ld"
    assert env["PGPASSWORD"] == "s3cret@x"
    seen: list[list[str]] = []

    def fake_run(command: list[str], **kwargs: object) -> object:
        seen.append(command)
        assert kwargs["env"]["PGPASSWORD"] == "s3cret@x"  # type: ignore[index]
        raise OSError("stop here")

    monkeypatch.setattr(backup_module.subprocess, "run", fake_run)
    monkeypatch.setattr(backup_module, "_tool", lambda name, _db: name)
    db = Database("postgresql+psycopg://loandesk:s3cret%40x@db.local:5433/ld",
                  audit_key_path=tmp_path / "k.audit-key")
    try:
        with pytest.raises(InvalidInput):
            backup_module._write_backup(db, tmp_path / "b.dump")
    finally:
        db.dispose()
    assert seen and all("s3cret" not in " ".join(command) for command in seen)
