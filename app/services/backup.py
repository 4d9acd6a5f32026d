"""Backups: one file that is the whole state, checked before it is trusted.

SQLite uses its online backup API (safe while other workstations write); PostgreSQL uses
pg_dump / pg_restore / psql, which get the password through the environment (PGPASSWORD),
never on their command line. Every backup is verified after it is written, and carries a
copy of the audit key beside it (`NAME.audit-key`).

A restore checks everything on a copy before it touches the live database: the file is a
LoanDesk database whose schema is not newer than this program, every table is there, it has
users and an administrator, and its audit trail verifies. Only then is a copy kept of what
it replaces (SQLite: `NAME.before-restore-TIME.sqlite3` beside the database; PostgreSQL: the
old tables stay in the schema `replaced_TIME`), and the database is replaced in one step
(SQLite: a rename; PostgreSQL: one transaction that renames the schema `public` away and
loads the checked copy as the new `public`). A refused restore therefore makes no copy, so
failures cannot pile them up. A backup or restore that fails changes nothing and is audited
as failed.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from app.domain.errors import InvalidInput
from app.domain.permissions import Action
from app.domain.procedure import Role
from app.services.audit import verify_chain
from app.services.common import acting_user, audit, now, require
from app.services.outputs import BACKUPS_FOLDER, check_output, protected_paths
from app.store.audit_key import key_id, read_key, side_key_path, write_key_copy
from app.store.db import Database
from app.store.models import AuditEntry, Base, User

AUTO_PREFIX = "loandesk-auto-"
# (stage done, stages) for the desktop's progress bar: a backup is written, checked, kept;
# a restore's backup is checked, the database replaced, the restore recorded.
Progress = Callable[[int, int], None]
STAGES = 3


def _no_progress(_done: int, _total: int) -> None:
    pass
DEFAULT_KEEP = 14


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int
    audit_rows: int


def _refused(problem: str, expected: str = "", *, zh: str, field: str = "file") -> InvalidInput:
    return InvalidInput(field, problem, expected, zh=zh)


# -- the PostgreSQL client tools, password in the environment -------------------------------


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL without the password, and the environment that carries it."""
    parsed = make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = URL.create("postgresql", username=parsed.username, host=parsed.host,
                       port=parsed.port, database=parsed.database, query=parsed.query)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str, db: Database) -> str:
    """pg_dump, pg_restore or psql: on PATH, beside a PostgreSQL install, or in the folder
    named in the settings (see app.services.pg_tools)."""
    from app.services.pg_tools import PG_BIN_SETTING, find_pg_tool
    from app.services.settings import get_settings

    return str(find_pg_tool(name, get_settings(db).get(PG_BIN_SETTING, "")))


def _run(command: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env,
                            stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise InvalidInput("backup", f"{Path(command[0]).name} failed: {last}",
                           zh=f"{Path(command[0]).name} 执行失败: {last}")
    return result.stdout


# -- where a backup may be written -------------------------------------------------------


def _target(db: Database, target: Path | str) -> Path:
    """Refuse, in one line, a place a backup must not go: nothing, a folder, a device or
    other non-regular file, a read-only folder, the live database or its key. An existing
    backup file is replaced (the backups folder is where backups belong)."""
    live = [p for p in protected_paths(db.sqlite_path) if p.name != BACKUPS_FOLDER]
    if db.audit_key_path is not None:
        live.append(Path(os.path.realpath(db.audit_key_path)))
    path = check_output(target, force=True, protected=live, field="file",
                        folder_made_later=True)
    if side_key_path(Path(os.path.realpath(path))) in live:
        raise _refused(f"{path} would put its key over the live database's key",
                       "another file", zh=f"{path} 的密钥会覆盖正在使用的数据库密钥")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _refused(f"cannot create the folder {path.parent} ({error.strerror})",
                       "a writable folder", zh=f"无法创建文件夹 {path.parent}") from None
    if not os.access(path.parent, os.W_OK):
        raise _refused(f"the folder {path.parent} is read-only", "a writable folder",
                       zh=f"文件夹 {path.parent} 只读")
    return path


def _partial(target: Path) -> Path:
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")


def _remove(*paths: Path) -> None:
    for path in paths:
        for extra in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                path.with_name(path.name + extra).unlink()


# -- checking a copy ---------------------------------------------------------------------


def _check_database(copy: Database, label: str) -> int:
    """Every table there, users and an administrator, an audit trail that verifies; the
    copy is already at this program's schema. Returns its audit row count."""
    try:
        tables = set(inspect(copy.engine).get_table_names())
        missing = sorted(set(Base.metadata.tables) - tables)
        if missing:
            raise _refused(f"{label} lacks the tables {', '.join(missing)}",
                           "a LoanDesk backup", zh=f"{label} 缺少数据表 {', '.join(missing)}")
        with copy.reading() as session:
            users = session.scalar(select(func.count()).select_from(User)) or 0
            admins = session.scalar(select(func.count()).select_from(User).where(
                User.role == Role.ADMIN.value, User.active,
                User.password_hash.is_not(None))) or 0
    except SQLAlchemyError as error:
        raise _refused(f"{label} cannot be read ({str(error).splitlines()[0][:120]})",
                       "a LoanDesk backup", zh=f"{label} 无法读取") from None
    if not users or not admins:
        raise _refused(f"{label} has no {'users' if not users else 'administrator'}",
                       "a backup of a database in use", zh=f"{label} 没有用户或管理员")
    chain = verify_chain(copy)
    if not chain.intact:
        raise _refused(f"{label}: the audit trail does not verify ({chain.tampers[0]})",
                       "an untampered backup", zh=f"{label} 审计链校验失败")
    with copy.reading() as session:
        written = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action != "audit.seal"))
    if not written:
        raise _refused(f"{label} has an empty audit trail", "a backup of a database in use",
                       zh=f"{label} 审计记录为空")
    return chain.rows


def _key_for(head_key_id: str | None, live: Database, source: Path) -> Path | None:
    """The key that signed a backup: the live database's, or the copy beside the backup."""
    candidates = [p for p in (live.audit_key_path, side_key_path(source)) if p is not None]
    if head_key_id is None:  # written before the key existed: the live key will sign it
        return candidates[0] if candidates else None
    for path in candidates:
        key = read_key(path)
        if key is not None and key_id(key) == head_key_id:
            return path
    raise _refused(f"{source} is signed with an audit key this workstation does not have",
                   f"its key file beside it ({side_key_path(source).name})",
                   zh=f"{source} 的审计密钥不在本机，请把 {side_key_path(source).name} 放在备份旁")


def _revision_of(connection: sqlite3.Connection, source: Path) -> str:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        row = None
    if not row:
        raise _refused(f"{source} is not a LoanDesk database (no schema version)",
                       "a LoanDesk backup file", zh=f"{source} 不是 LoanDesk 数据库")
    return str(row[0])


def _head_key_id_sqlite(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT key_id FROM audit_head WHERE id = 1").fetchone()
    except sqlite3.DatabaseError:
        return None
    return str(row[0]) if row else None


def _stage_sqlite(live: Database, source: Path, staging: Path) -> tuple[Database, int]:
    """`source` copied to `staging`, upgraded there and checked; the live file untouched."""
    if not source.is_file() or source.stat().st_size == 0:
        raise _refused(f"{source} is missing, empty or not a regular file",
                       "a LoanDesk backup file", zh=f"{source} 不存在、为空或不是普通文件")
    try:
        reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            writer = sqlite3.connect(staging)
            try:
                reader.backup(writer)
                result = writer.execute("PRAGMA integrity_check").fetchone()
                revision = _revision_of(writer, source)
                head_key = _head_key_id_sqlite(writer)
            finally:
                writer.close()
        finally:
            reader.close()
    except sqlite3.DatabaseError as error:
        raise _refused(f"{source} is not a readable SQLite database ({error})",
                       "a LoanDesk backup file", zh=f"{source} 不是 LoanDesk 备份文件") from None
    if not result or result[0] != "ok":
        raise _refused(f"{source} fails the integrity check ({result})",
                       zh=f"{source} 完整性检查未通过")
    if not live.knows_revision(revision):
        raise _refused(f"{source} was written by a newer LoanDesk (schema {revision})",
                       "LoanDesk updated first", zh=f"{source} 来自更新版本的 LoanDesk，请先升级")
    copy = Database(f"sqlite:///{staging}", audit_key_path=_key_for(head_key, live, source))
    try:
        copy.upgrade(keep_copy=False)
        rows = _check_database(copy, str(source))
    except BaseException:
        copy.dispose()
        raise
    return copy, rows


def verify_sqlite_file(path: Path, live: Database | None = None) -> int:
    """A SQLite backup checked as a restore would check it; returns its audit row count."""
    work = Path(tempfile.mkdtemp(prefix="loandesk-check-"))
    staging = work / "check.sqlite3"
    owner = live or Database(f"sqlite:///{work / 'owner.sqlite3'}",
                             audit_key_path=side_key_path(path))
    try:
        copy, rows = _stage_sqlite(owner, path, staging)
        copy.dispose()
        return rows
    finally:
        if live is None:
            owner.dispose()
        _remove(staging, work / "owner.sqlite3")
        for leftover in work.iterdir():
            leftover.unlink()
        work.rmdir()


# -- backup ------------------------------------------------------------------------------


def _record_failure(db: Database, actor: str, action: str, **detail: str) -> None:
    """The failure in the audit trail; if even that cannot be written, the refusal stands."""
    with contextlib.suppress(InvalidInput, SQLAlchemyError), db.transaction() as session:
        audit(session, actor, action, None, **detail)


def backup(db: Database, actor: str, target: Path | str, *,
           progress: Progress = _no_progress) -> BackupReport:
    """Write a verified backup of the whole database to `target` (and its key beside it)."""
    with db.reading() as session:
        user = acting_user(session, actor)
        require(user, Action.BACKUP)
    try:
        report = _write_backup(db, _target(db, target), progress)
    except InvalidInput as refused:
        _record_failure(db, actor, "database.backup.failed", file=str(target),
                        reason=str(refused))
        raise
    with db.transaction() as session:
        audit(session, actor, "database.backup", None, file=str(report.path),
              size=report.size, audit_rows=report.audit_rows)
    progress(STAGES, STAGES)
    return report


def _write_backup(db: Database, target: Path,
                  progress: Progress = _no_progress) -> BackupReport:
    partial = _partial(target)
    try:
        if db.is_sqlite:
            db.backup_sqlite(partial)
            with contextlib.closing(sqlite3.connect(partial)) as copy:
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            progress(1, STAGES)
            rows = verify_sqlite_file(partial, db)
        else:
            url, env = _libpq(db.url)
            _run([_tool("pg_dump", db), "--format=custom", "--no-owner", f"--file={partial}",
                  f"--dbname={url}"], env)
            progress(1, STAGES)
            listing = _run([_tool("pg_restore", db), "--list", str(partial)], env)
            missing = [t for t in Base.metadata.tables if f"TABLE DATA public {t} " not in
                       listing]
            if missing:
                raise _refused(f"the dump lacks {', '.join(missing)}",
                               zh="转储文件缺少数据表")
            chain = verify_chain(db)
            if not chain.intact:
                raise _refused(f"the audit trail does not verify ({chain.tampers[0]})",
                               "loandesk audit verify clean first", zh="审计链校验失败")
            rows = chain.rows
        progress(2, STAGES)
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        key = read_key(db.audit_key_path) if db.audit_key_path else None
        if key is not None:
            write_key_copy(key, side_key_path(target))
        os.replace(partial, target)  # only a verified file gets the real name
    except OSError as error:
        raise _refused(f"cannot write {target} ({error.strerror or error})",
                       "a writable file on a disk with room", zh=f"无法写入 {target}") from None
    except sqlite3.Error as error:
        raise _refused(f"cannot write {target} ({error})", "a writable file on a disk with "
                       "room", zh=f"无法写入 {target}") from None
    finally:
        _remove(partial)
        with contextlib.suppress(OSError):
            side_key_path(partial).unlink()
    return BackupReport(target, target.stat().st_size, rows)


# -- restore -----------------------------------------------------------------------------


def restore(db: Database, actor: str, source: Path, *,
            progress: Progress = _no_progress) -> str | None:
    """Replace the database with a checked backup; returns where the replaced one was kept."""
    with db.reading() as session:
        user = acting_user(session, actor)
        require(user, Action.RESTORE)
    try:
        kept = _restore_sqlite(db, source, progress) if db.is_sqlite \
            else _restore_postgresql(db, source, progress)
    except InvalidInput as refused:
        _record_failure(db, actor, "database.restore.failed", file=str(source),
                        reason=str(refused))
        raise
    with db.transaction() as session:
        audit(session, actor, "database.restore", None, file=str(source), kept=kept)
    progress(STAGES, STAGES)
    return kept


def _restore_sqlite(db: Database, source: Path, progress: Progress = _no_progress) -> str:
    live = db.sqlite_path
    assert live is not None
    staging = live.with_name(f".{live.stem}.restoring-{uuid.uuid4().hex[:8]}.sqlite3")
    try:
        copy, _rows = _stage_sqlite(db, source, staging)
        progress(1, STAGES)
        assert copy.audit_key_path is not None
        key_path = copy.audit_key_path
        copy.dispose()
        with contextlib.closing(sqlite3.connect(staging)) as connection:
            connection.execute("PRAGMA journal_mode=DELETE")  # one file to rename
        moment = now().astimezone()
        kept = live.with_name(f"{live.stem}.before-restore-{moment:%Y%m%d-%H%M%S}.sqlite3")
        db.backup_sqlite(kept)
        with contextlib.closing(sqlite3.connect(live)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.dispose()
        if db.audit_key_path is not None and key_path != db.audit_key_path:
            key = read_key(key_path)
            assert key is not None
            write_key_copy(key, db.audit_key_path)  # the restored trail's own key
        os.replace(staging, live)
        progress(2, STAGES)
        for extra in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                live.with_name(live.name + extra).unlink()
    except OSError as error:
        raise _refused(f"cannot restore ({error.strerror or error}); the database is "
                       "unchanged", zh="恢复失败，数据库未改变") from None
    finally:
        _remove(staging)
        with contextlib.suppress(OSError):
            side_key_path(staging).unlink()
    return str(kept)


@contextlib.contextmanager
def _scratch_database(db: Database) -> Iterator[str]:
    """A new, empty database on the same server, dropped afterwards."""
    name = f"loandesk_restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(db.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except SQLAlchemyError as error:
        admin.dispose()
        raise _refused(f"cannot create a database to check the backup in "
                       f"({str(getattr(error, 'orig', error)).splitlines()[0]})",
                       "a database user allowed to create databases (CREATEDB)",
                       zh="无法创建用于检查备份的临时数据库(需要 CREATEDB 权限)") from None
    try:
        yield make_url(db.url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _scalar_or_none(url: str, query: str) -> str | None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            value = connection.execute(text(query)).scalar()
            return None if value is None else str(value)
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def _restore_postgresql(db: Database, source: Path,
                        progress: Progress = _no_progress) -> str:
    if not source.is_file() or source.stat().st_size == 0:
        raise _refused(f"{source} is missing, empty or not a regular file",
                       "a LoanDesk backup file", zh=f"{source} 不存在、为空或不是普通文件")
    live_url, env = _libpq(db.url)
    _run([_tool("pg_restore", db), "--list", str(source)], env)
    with _scratch_database(db) as scratch_url:
        url, scratch_env = _libpq(scratch_url)
        _run([_tool("pg_restore", db), "--no-owner", "--exit-on-error", f"--dbname={url}",
              str(source)], scratch_env)
        revision = _scalar_or_none(scratch_url, "SELECT version_num FROM alembic_version")
        head_key = _scalar_or_none(scratch_url, "SELECT key_id FROM audit_head WHERE id = 1")
        if not revision:
            raise _refused(f"{source} is not a LoanDesk database (no schema version)",
                           "a LoanDesk backup file", zh=f"{source} 不是 LoanDesk 数据库")
        if not db.knows_revision(str(revision)):
            raise _refused(f"{source} was written by a newer LoanDesk (schema {revision})",
                           "LoanDesk updated first", zh=f"{source} 来自更新版本的 LoanDesk")
        copy = Database(scratch_url, audit_key_path=_key_for(head_key, db, source))
        try:
            copy.upgrade(keep_copy=False)
            _check_database(copy, str(source))
            key_path = copy.audit_key_path
        finally:
            copy.dispose()
        progress(1, STAGES)
        # The checked copy, as SQL, loaded as the new `public` in one transaction that
        # first moves the live tables aside: it all happens, or none of it does.
        checked = _run([_tool("pg_dump", db), "--format=plain", "--no-owner", "--no-privileges",
                        "--schema=public", f"--dbname={url}"], scratch_env)
        kept = f"replaced_{now().astimezone():%Y%m%d_%H%M%S}"
        with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False,
                                         encoding="utf-8") as script:
            script.write(f"ALTER SCHEMA public RENAME TO {kept};\n")
            if "CREATE SCHEMA public;" not in checked:
                script.write("CREATE SCHEMA public;\n")
            script.write(checked)
        try:
            _run([_tool("psql", db), "--no-psqlrc", "--quiet", "--single-transaction",
                  "--set=ON_ERROR_STOP=1", f"--dbname={live_url}", f"--file={script.name}"],
                 env)
        finally:
            os.unlink(script.name)
    progress(2, STAGES)
    db.dispose()  # no pooled connection keeps a plan of the tables moved aside
    if key_path is not None and db.audit_key_path is not None and key_path != db.audit_key_path:
        key = read_key(key_path)
        assert key is not None
        write_key_copy(key, db.audit_key_path)
    return f"schema {kept} of the same database"


# -- the daily automatic copy ------------------------------------------------------------


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
    report = _write_backup(db, _target(db, target))
    old = sorted(directory.glob(f"{AUTO_PREFIX}*.sqlite3"))
    for stale in old[:-keep] if keep > 0 else []:
        stale.unlink()
        with contextlib.suppress(OSError):
            side_key_path(stale).unlink()
    return report.path
