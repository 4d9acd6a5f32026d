"""Backups a restore must refuse, built from a real backup: shared by the SQLite tests
(tests/services/test_backup.py) and the PostgreSQL ones (tests/pg)."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from app.services.backup import _libpq
from app.store.db import Database
from tests.helpers import dump


def truncated(db: Database, good: Path, bad: Path) -> str:
    data = good.read_bytes()
    bad.write_bytes(data[: len(data) // 2])
    return ""


def newer_schema(db: Database, good: Path, bad: Path) -> str:
    return _edit(db, good, bad, "UPDATE alembic_version SET version_num = 'f00d9999'")


def foreign(db: Database, good: Path, bad: Path) -> str:
    return _edit(db, good, bad, "DROP TABLE users CASCADE" if not db.is_sqlite else
                 "DROP TABLE users")


def empty_audit(db: Database, good: Path, bad: Path) -> str:
    if db.is_sqlite:
        return _edit(db, good, bad, "DELETE FROM audit_log; DELETE FROM audit_head")
    return _edit(db, good, bad, "SET session_replication_role = replica; "
                 "DELETE FROM audit_log; DELETE FROM audit_head")


def _edit(db: Database, good: Path, bad: Path, sql: str) -> str:
    """The good backup with `sql` applied: SQLite edits a copy of the file; PostgreSQL
    restores into a scratch database, edits, dumps again."""
    if db.is_sqlite:
        bad.write_bytes(good.read_bytes())
        with sqlite3.connect(bad) as connection:
            connection.executescript("PRAGMA foreign_keys=OFF;" + sql)
        return ""
    from app.services.backup import _scratch_database

    with _scratch_database(db) as scratch:
        url, env = _libpq(scratch)
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={url}", str(good)], env=env,
                       check=True, capture_output=True)
        subprocess.run(["psql", "-X", "-q", "--set=ON_ERROR_STOP=1", f"--dbname={url}",
                        "-c", sql], env=env, check=True, capture_output=True)
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={bad}",
                        f"--dbname={url}"], env=env, check=True, capture_output=True)
    return ""


BAD_BACKUPS: list[Callable[[Database, Path, Path], str]] = [
    truncated, newer_schema, foreign, empty_audit]


def without_audit(lines: list[str]) -> list[str]:
    """A dump without the audit rows: a refused restore adds exactly its own failure row."""
    return [line for line in lines if "audit_log" not in line and "audit_head" not in line]


def data_dump(db: Database) -> list[str]:
    return without_audit(dump(db))
