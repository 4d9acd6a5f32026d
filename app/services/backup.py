"""Backups: one file that is the whole state, checked before it is trusted.

SQLite uses its online backup API (safe while other workstations write); PostgreSQL uses
pg_dump / pg_restore when they are installed. Every backup is verified after it is written
(integrity check and the audit chain), and a restore verifies the file before touching the
live database and keeps a copy of what it replaces.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from app.domain.errors import InvalidInput
from app.domain.permissions import Action
from app.services.audit import verify_chain
from app.services.common import acting_user, audit, now, require
from app.store.db import Database

AUTO_PREFIX = "loandesk-auto-"
DEFAULT_KEEP = 14


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int
    audit_rows: int


def _libpq_url(db: Database) -> str:
    url = make_url(db.url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise InvalidInput("backup", f"{name} is not installed on this workstation",
                           "the PostgreSQL client tools (Debian: apt-get install "
                           "postgresql-client)", zh=f"本机未安装 {name}(PostgreSQL 客户端工具)")
    return found


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise InvalidInput("backup", f"{Path(command[0]).name} failed: "
                           f"{result.stderr.strip().splitlines()[-1:] or ['no message']}",
                           zh=f"{Path(command[0]).name} 执行失败")


def verify_sqlite_file(path: Path) -> int:
    """Integrity check and audit chain of a SQLite backup; returns its audit row count."""
    if not path.is_file() or path.stat().st_size == 0:
        raise InvalidInput("file", f"{path} is missing or empty", "a LoanDesk backup file",
                           zh=f"{path} 不存在或为空")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()
            tables = {r[0] for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise InvalidInput("file", f"{path} is not a SQLite database ({error})",
                           "a LoanDesk backup file", zh=f"{path} 不是 LoanDesk 备份文件") from None
    if not result or result[0] != "ok":
        raise InvalidInput("file", f"{path} fails the integrity check ({result})",
                           zh=f"{path} 完整性检查未通过")
    if not {"cases", "audit_log", "alembic_version"} <= tables:
        raise InvalidInput("file", f"{path} is not a LoanDesk database", "a LoanDesk backup file",
                           zh=f"{path} 不是 LoanDesk 数据库")
    copy = Database(f"sqlite:///{path}")
    try:
        chain = verify_chain(copy)
    finally:
        copy.dispose()
    if chain.broken_at is not None:
        raise InvalidInput("file", f"{path}: audit trail broken at row {chain.broken_at} "
                           f"({chain.problem})", zh=f"{path} 审计链在第 {chain.broken_at} 行断开")
    return chain.rows


def backup(db: Database, actor: str, target: Path) -> BackupReport:
    """Write a verified backup of the whole database to `target`."""
    with db.transaction() as session:
        user = acting_user(session, actor)
        require(user, Action.BACKUP)
        audit(session, user, "database.backup", None, file=str(target))
    return _write_backup(db, target)


def _write_backup(db: Database, target: Path) -> BackupReport:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if db.is_sqlite:
        db.backup_sqlite(partial)
        rows = verify_sqlite_file(partial)
    else:
        _run([_tool("pg_dump"), "--format=custom", f"--file={partial}", _libpq_url(db)])
        _run([_tool("pg_restore"), "--list", str(partial)])
        rows = verify_chain(db).rows
    partial.replace(target)  # only a verified file gets the real name
    return BackupReport(target, target.stat().st_size, rows)


def restore(db: Database, actor: str, source: Path) -> Path | None:
    """Replace the database with a backup; returns the copy kept of what was replaced."""
    with db.reading() as session:
        user = acting_user(session, actor)
        require(user, Action.RESTORE)
    kept = None
    if db.is_sqlite:
        verify_sqlite_file(source)
        assert db.sqlite_path is not None
        kept = db.sqlite_path.with_name(
            f"{db.sqlite_path.stem}.before-restore-{datetime.now():%Y%m%d-%H%M%S}.sqlite3")
        db.backup_sqlite(kept)
        db.dispose()
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dest = sqlite3.connect(db.sqlite_path)
        try:
            src.backup(dest)
        finally:
            src.close()
            dest.close()
    else:
        _run([_tool("pg_restore"), "--list", str(source)])
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
              f"--dbname={_libpq_url(db)}", str(source)])
    db.upgrade()
    with db.transaction() as session:
        audit(session, actor, "database.restore", None, file=str(source),
              kept=str(kept) if kept else None)
    return kept


def auto_backup(db: Database, *, keep: int = DEFAULT_KEEP) -> Path | None:
    """Once a day, a backup of the SQLite file beside it (backups/), keeping the newest
    `keep`. Cheap when today's backup exists; nothing for PostgreSQL (the server's own
    backups are the dealership's IT's job, and `loandesk backup` does one on demand)."""
    if not db.is_sqlite or db.sqlite_path is None or not db.sqlite_path.exists():
        return None
    directory = db.sqlite_path.parent / "backups"
    target = directory / f"{AUTO_PREFIX}{now().astimezone():%Y%m%d}.sqlite3"
    if target.exists():
        return None
    report = _write_backup(db, target)
    old = sorted(directory.glob(f"{AUTO_PREFIX}*.sqlite3"))
    for stale in old[:-keep] if keep > 0 else []:
        stale.unlink()
    return report.path
