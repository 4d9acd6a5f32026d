"""Copy the current data across into a new, empty database (Settings → Database, `loandesk
copy-to URL`): the real use is a dealership growing from one workstation's SQLite file to a
PostgreSQL server shared by several.

The target is brought to this program's schema by the app's own migrations, must hold no
cases, users or audit rows (else refused, nothing written), and receives every table in
foreign-key order, in batches, inside one transaction, ids kept. PostgreSQL's id sequences
are then set past the copied ids, so new cases get fresh ids.

The audit trail travels as it is (its rows are only ever inserted, which the append-only
triggers of migration 0003 allow) and is signed with the same key, so the key is put where
the target looks for it (app.store.audit_key) unless a different one is already there, which
is refused. Case and user rows keep a digest of the row *as the engine returns it*; SQLite
and PostgreSQL return the same values in different shapes (text against timestamps, 0/1
against booleans, JSON text against objects), so one entry at the end of the copied trail,
`database.copy_in`, records the digests as the target computes them: `audit verify` then
checks the target's rows against the trail as it does anywhere. Before anything is written
the source trail must verify (a damaged trail would be copied damaged); afterwards the row
counts of every table and `audit verify` on the target must agree, or the copy is reported
as failed and nothing is switched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, inspect, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.domain.errors import InvalidInput
from app.domain.permissions import Action
from app.services.common import acting_user, require
from app.store import audit_chain
from app.store.audit_key import key_id, key_path_for, read_key, write_key_copy
from app.store.db import Database
from app.store.models import AuditEntry, AuditHead, Base, utcnow

BATCH_ROWS = 1000  # rows read and inserted at a time: memory stays flat for 100,000 cases
ACTION = "database.copy_in"

# table being copied, rows copied so far, rows to copy in all (every table together)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class CopiedAcross:
    shown_url: str
    rows: dict[str, int]  # rows per table as copied (the target's audit_log has one more)
    key_path: Path | None  # where the target's audit key is
    digests_recorded: int  # case and user rows whose digest the target records anew


def shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def copy_across(db: Database, actor: str, target_url: str, *, progress: Progress | None = None,
                key_path: Path | None = None, batch: int = BATCH_ROWS) -> CopiedAcross:
    """Copy every table of `db` into the empty database at `target_url` (see the module)."""
    with db.reading() as session:
        require(acting_user(session, actor), Action.SWITCH_DATABASE)
    if make_url(target_url) == make_url(db.url):
        raise InvalidInput("database", "is the database in use already", "another database",
                           zh="这就是正在使用的数据库")
    if db.current_revision() != db.head_revision():
        raise InvalidInput("database", "the current database is not at this program's schema",
                           "start LoanDesk once on it (it upgrades the schema), then copy",
                           zh="当前数据库结构不是本程序的版本，请先用本程序打开一次")
    key = db.audit_key()  # refuses in words when the current key is missing
    _refuse_a_damaged_source(db)
    target = Database(target_url, audit_key_path=key_path or key_path_for(target_url))
    try:
        _refuse_unless_empty(target, key)
        place = target.audit_key_path
        if place is not None and read_key(place) is None:
            place.parent.mkdir(parents=True, exist_ok=True)
            write_key_copy(key, place)
        target.upgrade(keep_copy=False)  # the app's own migrations; seals with `key`
        counts = _copy_rows(db, target, actor, key, progress, batch)
        recorded = counts.pop("", 0)
        _verify(target)
        return CopiedAcross(shown(target_url), counts, place, recorded)
    finally:
        target.dispose()


def _refuse_a_damaged_source(db: Database) -> None:
    from app.services.audit import verify_chain

    check = verify_chain(db)
    if not check.intact:
        raise InvalidInput("audit", f"the current audit trail does not verify ({check.problem})"
                           "; a copy would carry the damage", "`loandesk audit verify` clean "
                           "first (or restore a backup)",
                           zh=f"当前数据库审计校验未通过({check.problem})，不能复制")


def _refuse_unless_empty(target: Database, key: bytes) -> None:
    """Nothing is written to a database that holds anything of a dealership."""
    where = shown(target.url)
    if target.sqlite_path is not None and not target.sqlite_path.exists():
        names: set[str] = set()
    else:
        with target.engine.connect() as connection:
            names = set(inspect(connection).get_table_names())
            if names and "alembic_version" not in names:
                raise InvalidInput("database", f"{where} holds the tables of another program",
                                   "a new, empty database", zh=f"{where} 中有其他程序的数据表")
            held = {name: connection.scalar(select(func.count()).select_from(
                Base.metadata.tables[name])) for name in ("users", "cases", "audit_log")
                if name in names}
            head = (connection.execute(select(AuditHead.key_id)).scalar()
                    if "audit_head" in names else None)
        full = {name: n for name, n in held.items() if n}
        if full:
            listed = ", ".join(f"{n} {name}" for name, n in full.items())
            raise InvalidInput("database", f"{where} is not empty ({listed}); the copy goes "
                               "only into an empty database, nothing was written",
                               "a new, empty database (CREATE DATABASE …)",
                               zh=f"{where} 不是空数据库({listed})，未写入任何数据")
        if head is not None and head != key_id(key):
            raise InvalidInput("audit", f"{where} was set up with another audit key",
                               "a new, empty database", zh=f"{where} 已用其他审计密钥初始化")
    place = target.audit_key_path
    there = read_key(place) if place is not None else None
    if place is not None and place.exists() and there != key:
        raise InvalidInput("audit", f"another audit key is already at {place} (the target's "
                           "key place); the copy's trail is signed with the current key",
                           "that file moved away if it belongs to no database, or another "
                           "target", zh=f"{place} 已有另一把审计密钥，未复制")


def _copy_rows(db: Database, target: Database, actor: str, key: bytes,
               progress: Progress | None, batch: int) -> dict[str, int]:
    tables = [t for t in Base.metadata.sorted_tables if t.name != AuditHead.__tablename__]
    with db.reading() as reading:
        # One read transaction: a snapshot (SQLite WAL; PostgreSQL repeatable read).
        source = reading.connection(execution_options=(
            {} if db.is_sqlite else {"isolation_level": "REPEATABLE READ"}))
        totals = {t.name: int(source.scalar(select(func.count()).select_from(t)) or 0)
                  for t in tables}
        everything, done = sum(totals.values()), 0
        with target.engine.begin() as out:
            # Rows the migrations seed (the default dealership) give way to the copied ones;
            # the trail is known empty and append-only, so it is left alone.
            for table in reversed(tables):
                if table.name != "audit_log":
                    out.execute(delete(table))
            for table in tables:
                if progress is not None:
                    progress(table.name, done, everything)
                order = list(table.primary_key.columns)
                result = source.execution_options(yield_per=batch).execute(
                    select(table).order_by(*order))
                for rows in result.partitions(batch):
                    out.execute(insert(table), [dict(row._mapping) for row in rows])
                    done += len(rows)
                    if progress is not None:
                        progress(table.name, done, everything)
            head = source.execute(select(AuditHead.seq, AuditHead.hash, AuditHead.mac)).first()
            if head is not None and head.seq > 0:
                # Forward only, same key: what the audit_head trigger allows.
                out.execute(update(AuditHead).where(AuditHead.id == audit_chain.HEAD_ID)
                            .values(seq=head.seq, hash=head.hash, mac=head.mac))
            if out.dialect.name == "postgresql":
                _sequences_past_the_copied_ids(out, tables)
            recorded = _record_origin(out, db, actor, key)
            for table in tables:
                expected = totals[table.name] + (1 if table.name == "audit_log" else 0)
                found = int(out.scalar(select(func.count()).select_from(table)) or 0)
                if found != expected:  # raising here rolls the whole copy back
                    raise InvalidInput(table.name, f"{found} rows arrived where {expected} "
                                       "were sent; nothing was kept", "the same count",
                                       zh=f"{table.name} 行数不符({found}/{expected})，未保留")
    return {**totals, "": recorded}


def _sequences_past_the_copied_ids(out: Connection, tables: list[Table]) -> None:
    """Inserting ids by hand leaves a serial's sequence at 1: move each past its max id."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = out.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                  {"t": table.name, "c": column.name})
            if sequence is None:
                continue  # a text key (settings, counters)
            top = out.scalar(select(func.max(column)))
            # setval(…, 1, false): the next id is 1 again in a table that stayed empty.
            out.execute(text("SELECT setval(:s, :v, :called)"),
                        {"s": sequence, "v": top or 1, "called": top is not None})


def _record_origin(out: Connection, db: Database, actor: str, key: bytes) -> int:
    """The last entry of the copied trail: where it came from, and the digest of each case
    and user row as this engine returns it where it differs from the one recorded."""
    session = Session(bind=out)  # joins the copy's transaction; commits nothing itself
    try:
        changed: dict[str, dict[str, str]] = {}
        for table in audit_chain.DIGESTED:
            ids_and_digests: dict[Any, str | None] = {
                ident: digest for ident, digest in
                session.execute(text(f"SELECT id, digest FROM {table}"))}
            found = audit_chain.stored_digests(session, table, ids_and_digests)
            for ident, digest in found.items():
                if ids_and_digests[ident] != digest:
                    session.execute(text(f"UPDATE {table} SET digest = :d WHERE id = :i"),
                                    {"d": digest, "i": ident})
                    changed.setdefault(table, {})[str(ident)] = digest
        detail: dict[str, Any] = {"from": shown(db.url), "digests": changed}
        audit_chain.append(session, [AuditEntry(at=utcnow(), user_name=actor, action=ACTION,
                                                case_number=None, detail=detail)], key)
        session.flush()
        return sum(len(d) for d in changed.values())
    finally:
        session.close()


def _verify(target: Database) -> None:
    from app.services.audit import verify_chain

    check = verify_chain(target)
    if not check.intact:
        raise InvalidInput("audit", f"the copy at {shown(target.url)} does not verify "
                           f"({check.problem}); nothing is switched, the copy is left there "
                           "to be looked at", "a copy whose audit trail verifies",
                           zh=f"复制后的数据库审计校验未通过({check.problem})，未切换")
