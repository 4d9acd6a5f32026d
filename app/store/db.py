"""Engine, sessions and schema upgrades for SQLite (embedded) and PostgreSQL (shared)."""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app import resources
from app.domain.errors import DatabaseUnavailable, InvalidInput
from app.store import audit_chain
from app.store.audit_key import (
    create_key,
    key_path_for,
    read_key,
    side_key_path,
    write_key_copy,
)
from app.store.revisions import read_head_revision as read_head_revision

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = resources.migrations_dir()

def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the GUI read while a worker writes; foreign keys are off by default in SQLite.
    # The driver's own transaction handling is switched off so that _begin_immediate decides.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # No mmap (issue 15): every database page it touched stayed in the process's resident
    # memory, 90 MB of a 100k-case file (peak 292 MB); the board measured no slower without.
    cursor.execute("PRAGMA mmap_size=0")
    cursor.close()


def _begin_immediate(connection: Any) -> None:
    # A write transaction takes SQLite's write lock at BEGIN: two workstations that both read
    # and then write would otherwise fail with "database is locked" instead of waiting.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


POSTGRES_EXTRA = 'pip install "loandesk[postgres]"'


def require_postgres_driver() -> None:
    """Refuse a PostgreSQL URL on an install without the driver, naming the extra to add.

    psycopg is an optional extra (a single SQLite workstation does not need it), and it is
    only looked up, never imported here: SQLAlchemy imports it when the engine connects.
    """
    if importlib.util.find_spec("psycopg") is None:
        raise InvalidInput(
            "--db", "PostgreSQL support is not installed (the psycopg driver is missing)",
            f"{POSTGRES_EXTRA}, or a sqlite:/// database",
            zh=f"未安装 PostgreSQL 支持（缺少 psycopg 驱动），请执行 {POSTGRES_EXTRA}")


class Database:
    """One database: its engine and a factory of short sessions (one per operation)."""

    def __init__(self, url: str, *, audit_key_path: Path | None = None) -> None:
        self.url = url
        # The key that signs the audit trail lives outside the database (app.store.audit_key).
        self.audit_key_path = audit_key_path or key_path_for(url)
        self._memory_key: bytes | None = None
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if not self.is_sqlite:
            require_postgres_driver()
        self.sqlite_path: Path | None = None
        if self.is_sqlite and parsed.database and parsed.database != ":memory:":
            self.sqlite_path = Path(parsed.database)
            self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=not self.is_sqlite)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _begin_immediate)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._unlisten = audit_chain.listen(self._sessions, self.audit_key)
        self._read_engine = self.engine
        if self.is_sqlite:
            # Reads need no write lock: each statement sees a committed snapshot (WAL).
            self._read_engine = create_engine(url, future=True)
            event.listen(self._read_engine, "connect", _sqlite_pragmas)
        self._read_sessions = sessionmaker(self._read_engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together at the end, or not at all."""
        with self._unavailable_as_message(), self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for looking only; nothing it does is committed."""
        with self._unavailable_as_message(), self._read_sessions() as session:
            yield session

    @contextmanager
    def _unavailable_as_message(self) -> Iterator[None]:
        try:
            yield
        except OperationalError as error:
            # The server stopped or the file is locked: say so plainly. The pool checks
            # connections before use, so the next call works again once the server is back.
            where = make_url(self.url).render_as_string(hide_password=True)
            detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise DatabaseUnavailable(
                "database", f"the database cannot be reached ({detail}); nothing was saved",
                f"the database at {where} running; then try again",
                zh=f"无法连接数据库({detail})，本次操作未保存；请确认数据库可用后重试") from None

    def audit_key(self, *, create: bool = False) -> bytes:
        """The key of this database's audit trail; `create` makes one when there is none
        (only sealing a database without a head may)."""
        if self.audit_key_path is None:
            if self._memory_key is None:
                import secrets

                self._memory_key = secrets.token_bytes(32)
            return self._memory_key
        key = read_key(self.audit_key_path)
        if key is not None:
            return key
        if create and not self.audit_key_path.exists():
            return create_key(self.audit_key_path)
        raise audit_chain.AuditTrailRefused(
            "audit", f"the audit key {self.audit_key_path} is missing or unreadable",
            "the key file of this database (a backup has a copy beside it: FILE.audit-key)",
            zh=f"审计密钥 {self.audit_key_path} 缺失或不可读，请放回该数据库的密钥文件")

    def seal_audit(self, *, legacy: bool = False) -> None:
        """Give the audit trail its head and key if it has none yet (app.store.audit_chain);
        `legacy`: the schema was just upgraded from before the audit key existed."""
        with self.reading() as session:
            if audit_chain.read_head(session) is not None:
                return
        with self.transaction() as session:
            audit_chain.seal(session, self.audit_key(create=True), legacy=legacy)

    def dispose(self) -> None:
        """Close the pooled connections; the Database stays usable (a restore disposes it to
        let go of the file, then goes on with it)."""
        self.engine.dispose()
        self._read_engine.dispose()

    def close(self) -> None:
        """Done with for good: its connections closed and the audit chain's listeners taken
        off the sessionmaker, which would otherwise keep this Database in memory."""
        self._unlisten()
        self.dispose()

    # -- schema -----------------------------------------------------------------------------

    def _alembic_config(self) -> Config:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return config

    def current_revision(self) -> str | None:
        """The schema's revision, read with one plain query (Alembic's machinery is imported
        only when the table holds something else than one row)."""
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            if len(rows) <= 1:
                return str(rows[0][0]) if rows else None
            from alembic.runtime.migration import MigrationContext

            return MigrationContext.configure(connection).get_current_revision()

    def head_revision(self) -> str | None:
        head = read_head_revision(MIGRATIONS / "versions")
        if head is not None:
            return head
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self._alembic_config()).get_current_head()

    def knows_revision(self, revision: str) -> bool:
        """Whether `revision` is one of this program's migrations (a newer LoanDesk's is not)."""
        from alembic.script import ScriptDirectory

        try:
            return ScriptDirectory.from_config(self._alembic_config()).get_revision(
                revision) is not None
        except Exception:  # alembic raises several kinds for a revision it does not know
            return False

    def upgrade(self, *, keep_copy: bool = True) -> Path | None:
        """Bring the schema to the newest revision; returns the backup made, if any.

        A SQLite file that already holds data is copied aside first (SQLite's online backup,
        so a WAL file is included), because a failed migration must never cost a dealership
        its cases. One copy per revision and day: a migration that fails and is tried again
        reuses it instead of piling up copies. A schema newer than this program is refused
        before anything is copied or changed.
        """
        current = self.current_revision()
        if current == self.head_revision():
            self.seal_audit()
            return None
        if current is not None and not self.knows_revision(current):
            raise InvalidInput(
                "database", f"its schema (revision {current}) is newer than this version of "
                "LoanDesk", "LoanDesk updated to the version that wrote it",
                zh=f"数据库结构(版本 {current})比本程序新，请先升级 LoanDesk")
        backup = None
        if (keep_copy and current is not None and self.sqlite_path is not None
                and self.sqlite_path.exists()):
            backup = self.sqlite_path.with_name(
                f"{self.sqlite_path.stem}.before-{current}-{datetime.now():%Y%m%d}.sqlite3")
            if not backup.exists():
                self.backup_sqlite(backup)
        from alembic import command

        config = self._alembic_config()
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        self.seal_audit(legacy=current in audit_chain.BEFORE_THE_KEY)
        return backup

    def backup_sqlite(self, target: Path) -> Path:
        """A copy of the SQLite file made with the online backup API, with a copy of the audit
        key beside it (a copy opened as a database then finds its key)."""
        assert self.sqlite_path is not None
        key = read_key(self.audit_key_path) if self.audit_key_path else None
        if key is not None:
            write_key_copy(key, side_key_path(target))
        source = sqlite3.connect(self.sqlite_path)
        try:
            dest = sqlite3.connect(target)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
        return target

    def copy_file(self, target: Path) -> None:
        assert self.sqlite_path is not None
        shutil.copy2(self.sqlite_path, target)
        if self.audit_key_path is not None and self.audit_key_path.exists():
            shutil.copy2(self.audit_key_path, side_key_path(target))
