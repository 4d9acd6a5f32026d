"""The audit chain's mechanics: what each row hashes, the HMAC, the head, and the values
before and after of every change, gathered from the ORM so no service has to list them.

A service calls `queue(session, entry)` (app.services.common.audit); nothing is hashed then.
When the transaction commits, `finalize` flushes, collects every insert, update and delete
of an audited table seen by the flushes, stamps the digest of each changed case and user row,
and only then, holding the chain (PostgreSQL: the head row's lock, taken by the statement
that reads it; SQLite: the write lock of BEGIN IMMEDIATE), numbers the entries after the
head, hashes, signs and moves the head. The chain is the one thing every writer waits for,
so it is taken last and held for one statement and the COMMIT (issue 15).
A transaction that changed audited rows without calling `audit` gets a `data.change` entry
by `system`: nothing changes unrecorded.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import RowMapping, TypeDecorator, func, insert, inspect, select, text, update
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session, UOWTransaction

from app.domain.errors import InvalidInput
from app.store.audit_key import head_mac, key_id, row_mac
from app.store.models import (
    DEFAULT_DEALERSHIP_ID,
    AuditEntry,
    AuditHead,
    Base,
    Case,
    CopyReceipt,
    CustodyRecord,
    Dealership,
    Document,
    FollowUpVisit,
    GateOverride,
    IssuedForm,
    Lender,
    Setting,
    TaskRecord,
    User,
    utcnow,
)

GENESIS_HASH = "0" * 64
BEFORE_THE_KEY = frozenset({"0001", "0002"})  # schema revisions whose trail is not signed
HEAD_ID = 1
SYSTEM = "system"
# Every change to these tables is recorded with its values before and after.
AUDITED: dict[type[Base], str] = {
    Case: "cases", User: "users", Document: "documents", TaskRecord: "tasks",
    Lender: "lenders", Setting: "settings", GateOverride: "gate_overrides",
    IssuedForm: "issued_forms", CopyReceipt: "copy_receipts", CustodyRecord: "custody",
    FollowUpVisit: "follow_up_visits", Dealership: "dealerships",
}
# Rows of these tables carry a digest that `audit verify` checks against the trail.
DIGESTED = ("cases", "users")
NOT_RECORDED = {"digest", "version"}  # the digest itself; the optimistic-lock counter
# Columns worked out from other rows, rewritten as a consequence of them: neither recorded
# again nor digested. The day the stored queue was worked out (app.services.queue_store),
# and a case's milestones: copies of its tasks' done_at, which the trail records as the
# tasks' own rows (migration 0007 filled them in rows digested before they existed).
DERIVED = frozenset({("cases", "queue_as_of"), ("cases", "signed_at"), ("cases", "paid_out_at")})
SECRET = {("users", "password_hash")}  # recorded as changed, never its value
CHANGED = "(changed)"
# Columns added after rows were first digested, with the value every older row took: at that
# value a column is left out of the digest, so digests the trail recorded before it existed
# still hold; at any other value it counts like every column (moving a case between
# dealerships outside LoanDesk is found).
LATER_COLUMNS: dict[tuple[str, str], Any] = {("cases", "dealership_id"): DEFAULT_DEALERSHIP_ID}

# What an audit row holds besides its id (the statement that writes rows on PostgreSQL).
CHAIN_COLUMNS = ("seq", "at", "user_name", "action", "case_number", "detail", "prev_hash",
                 "hash", "mac")

_PENDING = "loandesk.audit.pending"
_ROWS = "loandesk.audit.rows"
_TOUCHED = "loandesk.audit.touched"

KeySource = Callable[[], bytes]


class AuditTrailRefused(InvalidInput):
    """The trail cannot be extended safely (key missing or foreign, head missing)."""


# -- what a row hashes --------------------------------------------------------------------


def canonical(at: datetime, user_name: str, action: str, case_number: str | None,
              detail: Any) -> bytes:
    payload = {"at": at.isoformat(), "user": user_name, "action": action, "case": case_number,
               "detail": detail}
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()


def chain_hash(prev_hash: str, at: datetime, user_name: str, action: str,
               case_number: str | None, detail: Any) -> str:
    return linked(prev_hash, canonical(at, user_name, action, case_number, detail))


def linked(prev_hash: str, body: bytes) -> str:
    """A row's hash: its canonical content (`canonical`) after the previous row's hash."""
    return hashlib.sha256(prev_hash.encode() + body).hexdigest()


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    return chain_hash(prev_hash, entry.at, entry.user_name, entry.action, entry.case_number,
                      entry.detail)


def plain(value: Any) -> Any:
    """A value as JSON can hold it (Decimal and dates as text)."""
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def row_digest(table: str, row: Mapping[str, Any] | RowMapping) -> str:
    """The digest of a row as the database returns it (every column but the digest)."""
    values = {k: plain(v) for k, v in row.items() if k != "digest"
              and (table, k) not in DERIVED
              and ((table, k) not in LATER_COLUMNS or v != LATER_COLUMNS[(table, k)])}
    data = json.dumps([table, values], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def stored_digests(session: Session, table: str, ids: Iterable[Any]) -> dict[Any, str]:
    """The digests of rows `ids` of `table`, computed from what is stored."""
    found: dict[Any, str] = {}
    wanted = list(ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ", ".join(f":i{n}" for n in range(len(chunk)))
        result = session.execute(text(f"SELECT * FROM {table} WHERE id IN ({marks})"),
                                 {f"i{n}": v for n, v in enumerate(chunk)})
        for row in result.mappings():
            found[row["id"]] = row_digest(table, row)
    return found


# -- gathering the changes ----------------------------------------------------------------


def queue(session: Session, entry: AuditEntry) -> None:
    session.info.setdefault(_PENDING, []).append(entry)


def _capture(session: Session, _flush: UOWTransaction) -> None:
    """after_flush: the values before and after of every audited row this flush wrote."""
    rows: list[dict[str, Any]] = session.info.setdefault(_ROWS, [])
    touched: set[tuple[str, Any]] = session.info.setdefault(_TOUCHED, set())
    for op, objects in (("insert", session.new), ("update", session.dirty),
                        ("delete", session.deleted)):
        for obj in objects:
            table = AUDITED.get(type(obj))
            if table is None:
                continue
            state = inspect(obj)
            before: dict[str, Any] = {}
            after: dict[str, Any] = {}
            for attr in state.mapper.column_attrs:
                if attr.key in NOT_RECORDED or (table, attr.key) in DERIVED:
                    continue
                current = state.attrs[attr.key]
                if op == "insert":
                    after[attr.key] = current.value
                elif op == "delete":
                    before[attr.key] = current.loaded_value
                else:
                    history = current.history
                    if not history.has_changes():
                        continue
                    old = history.deleted[0] if history.deleted else None
                    new = history.added[0] if history.added else None
                    if old != new:
                        before[attr.key], after[attr.key] = old, new
            if op == "update" and not after:
                continue
            for side in (before, after):
                for column in side:
                    if (table, column) in SECRET:
                        side[column] = CHANGED
            key = state.mapper.primary_key_from_instance(obj)
            ident = key[0] if len(key) == 1 else list(key)
            rows.append({"table": table, "id": plain(ident), "op": op,
                         "before": plain(before), "after": plain(after)})
            if table in DIGESTED:
                touched.add((table, ident))


def _forget(session: Session, *_: Any) -> None:
    for name in (_PENDING, _ROWS, _TOUCHED):
        session.info.pop(name, None)


# -- extending the chain ------------------------------------------------------------------


def _head_missing() -> AuditTrailRefused:
    return AuditTrailRefused(
        "audit", "the audit trail has no head record (removed outside LoanDesk)",
        "run `loandesk audit verify`, then restore a backup",
        zh="审计链头记录缺失(数据库被外部修改)，请运行 audit verify 并恢复备份")


def read_head(session: Session) -> AuditHead | None:
    row = session.execute(select(AuditHead.seq, AuditHead.hash, AuditHead.mac,
                                 AuditHead.key_id).where(AuditHead.id == HEAD_ID)).first()
    if row is None:
        return None
    return AuditHead(id=HEAD_ID, seq=row.seq, hash=row.hash, mac=row.mac, key_id=row.key_id)


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        # While the head is created (seal): writers that find no head row wait for it here.
        session.execute(text("SELECT pg_advisory_xact_lock(7101)"))


def lock_head(session: Session) -> AuditHead | None:
    """The head, read for extending the chain: on PostgreSQL the head row is locked by the
    same statement (SELECT ... FOR UPDATE), so one writer at a time extends the chain and the
    others wait for it to commit, then read the head it left (READ COMMITTED reads the row
    again once its lock is granted: no two entries can follow the same head). SQLite: the
    transaction holds the write lock since BEGIN IMMEDIATE already."""
    if session.get_bind().dialect.name != "postgresql":
        return read_head(session)
    row = session.execute(select(AuditHead.seq, AuditHead.hash, AuditHead.mac,
                                 AuditHead.key_id).where(AuditHead.id == HEAD_ID)
                          .with_for_update()).first()
    if row is None:  # no head yet, or being created by `seal` this moment: wait for it
        _lock_chain(session)
        return read_head(session)
    return AuditHead(id=HEAD_ID, seq=row.seq, hash=row.hash, mac=row.mac, key_id=row.key_id)


def _stamp_ahead(session: Session) -> dict[tuple[str, Any], str]:
    """PostgreSQL: the digest of each changed case row as the coming flush will store it, set
    on the row so that the flush writes it with the change (issue 15: a save holds its case's
    row lock two round trips less than reading the row back and writing the digest apart).

    Worked out from the ORM's values through each column's own conversion to what is stored
    (fen, text, UTC), with the version the flush moves to: what `SELECT *` reads afterwards,
    which `audit verify` digests again. Only for case rows all of whose columns are loaded;
    any other row is digested from what was stored, as before. (Every other write to a case
    row in a transaction is a derived column, left out of the digest: DERIVED.)"""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return {}
    found: dict[tuple[str, Any], str] = {}
    for obj in list(session.dirty):
        if type(obj) is not Case or not session.is_modified(obj):
            continue
        state = inspect(obj)
        if state.unloaded or state.key is None or not _recorded_change(state):
            continue
        mapper = state.mapper
        row: dict[str, Any] = {}
        for attr in mapper.column_attrs:
            column = attr.columns[0]
            value = state.dict.get(attr.key)
            if column is mapper.version_id_col:
                value = (value or 0) + 1  # the ORM's own version step
            elif isinstance(column.type, TypeDecorator):
                value = column.type.process_bind_param(value, bind.dialect)
            row[column.name] = value
        digest = row_digest("cases", row)
        obj.digest = digest
        found[("cases", state.key[1][0])] = digest
    return found


def _recorded_change(state: Any) -> bool:
    """Whether the row has a change `_capture` records (what makes it a touched row)."""
    for attr in state.mapper.column_attrs:
        if attr.key in NOT_RECORDED or ("cases", attr.key) in DERIVED:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes() and (history.deleted[0] if history.deleted else None) != (
                history.added[0] if history.added else None):
            return True
    return False


def finalize(session: Session, key_source: KeySource) -> None:
    """before_commit: number, hash and sign this transaction's audit entries."""
    ahead = _stamp_ahead(session)
    session.flush()
    pending: list[AuditEntry] = session.info.pop(_PENDING, [])
    rows: list[dict[str, Any]] = session.info.pop(_ROWS, [])
    touched: set[tuple[str, Any]] = session.info.pop(_TOUCHED, set())
    if not pending and not rows:
        return
    deleted = {(r["table"], r["id"]) for r in rows if r["op"] == "delete"}
    digests: dict[tuple[str, Any], str | None] = {}
    for table in DIGESTED:
        ids = [i for t, i in touched if t == table and (t, i) not in deleted]
        for (t, ident), digest in ahead.items():
            if t == table and ident in ids:
                digests[(t, ident)] = digest
        ids = [i for i in ids if (table, i) not in ahead]
        for ident, digest in stored_digests(session, table, ids).items():
            digests[(table, ident)] = digest
            session.execute(text(f"UPDATE {table} SET digest = :d WHERE id = :i"),
                            {"d": digest, "i": ident})
    for row in rows:
        if row["table"] in DIGESTED:
            row["digest"] = digests.get((row["table"], row["id"]))
    if not pending:
        pending = [AuditEntry(at=utcnow(), user_name=SYSTEM, action="data.change",
                              case_number=None, detail={})]
    if rows:
        last = pending[-1]
        last.detail = {**(last.detail or {}), "rows": rows}
    append(session, pending, key_source())


def append(session: Session, entries: list[AuditEntry], key: bytes) -> None:
    """Number, hash and sign `entries` after the head and move the head past them.

    Called as the last thing before COMMIT (`finalize`): the chain is locked from here to the
    end of the transaction, so every other writer's save waits for this part only. Whatever
    does not depend on the head (each entry's canonical content, the key's id) is therefore
    worked out before taking it, and on PostgreSQL the entries and the new head are written
    in one statement: while holding the chain, a save makes two round trips (that statement
    and COMMIT) besides the one that takes it."""
    signer = key_id(key)
    bodies = []
    for entry in entries:
        entry.detail = json.loads(json.dumps(entry.detail or {}, default=str))
        bodies.append(canonical(entry.at, entry.user_name, entry.action, entry.case_number,
                                entry.detail))
    head = lock_head(session)
    if head is None:
        raise _head_missing()
    if head.key_id != signer:
        raise AuditTrailRefused("audit", "this workstation's audit key is not the key of this "
                                "database", "the key file of this database (see README: "
                                "Backups)", zh="本机审计密钥与数据库不符，请复制该数据库的密钥文件")
    seq, prev = head.seq, head.hash
    for entry, body in zip(entries, bodies, strict=True):
        seq += 1
        entry.seq = seq
        entry.prev_hash = prev
        entry.hash = linked(prev, body)
        entry.mac = row_mac(key, seq, entry.hash)
        prev = entry.hash
    moved = {"seq": seq, "hash": prev, "mac": head_mac(key, seq, prev)}
    if session.get_bind().dialect.name == "postgresql":
        _write_at_once(session, entries, moved)
        return
    session.add_all(entries)
    session.flush()
    session.execute(update(AuditHead).where(AuditHead.id == HEAD_ID).values(**moved))


def _write_at_once(session: Session, entries: list[AuditEntry], moved: dict[str, Any]) -> None:
    """PostgreSQL: the entries inserted and the head moved by one statement (a data-modifying
    WITH); the entries get their ids back as ORM rows would."""
    log = Base.metadata.tables[AuditEntry.__tablename__]
    added = (insert(log).values([{c: getattr(e, c) for c in CHAIN_COLUMNS} for e in entries])
             .returning(log.c.id, log.c.seq).cte("added"))
    ids = select(func.array_agg(aggregate_order_by(added.c.id, added.c.seq))).scalar_subquery()
    statement = (update(AuditHead).where(AuditHead.id == HEAD_ID).values(**moved)
                 .add_cte(added).returning(ids))
    written = session.execute(statement).scalar_one()
    for entry, ident in zip(entries, written or [], strict=True):
        entry.id = ident


def seal(session: Session, key: bytes, *, legacy: bool) -> bool:
    """Give a database its head: a new one, or (`legacy`) one just upgraded from before the
    key existed, whose rows are then signed and whose case and user rows get their digests
    recorded. Returns False when there was a head already. Refuses a database at this
    schema that holds rows but no head: its head was removed."""
    if read_head(session) is not None:
        return False
    _lock_chain(session)
    signed = session.scalar(select(func.count()).select_from(AuditEntry)
                            .where(AuditEntry.mac.is_not(None)))
    used = (session.scalar(select(func.count()).select_from(AuditEntry))
            or session.scalar(select(func.count()).select_from(User)))
    if signed or (used and not legacy):
        raise _head_missing()
    last_seq, last_hash = 0, GENESIS_HASH
    for ident, seq, row_hash in session.execute(
            select(AuditEntry.id, AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq)):
        session.execute(update(AuditEntry).where(AuditEntry.id == ident)
                        .values(mac=row_mac(key, seq, row_hash)))
        last_seq, last_hash = seq, row_hash
    session.add(AuditHead(id=HEAD_ID, seq=last_seq, hash=last_hash,
                          mac=head_mac(key, last_seq, last_hash), key_id=key_id(key)))
    session.flush()
    sealed: dict[str, dict[str, str]] = {}
    for table in DIGESTED:
        ids = list(session.scalars(text(f"SELECT id FROM {table}")))
        found = stored_digests(session, table, ids)
        for ident, digest in found.items():
            session.execute(text(f"UPDATE {table} SET digest = :d WHERE id = :i"),
                            {"d": digest, "i": ident})
        if found:
            sealed[table] = {str(i): d for i, d in found.items()}
    if sealed or last_seq:
        queue(session, AuditEntry(at=utcnow(), user_name=SYSTEM, action="audit.seal",
                                  case_number=None, detail={"rows_signed": last_seq,
                                                            "digests": sealed}))
    return True


def listen(sessions: Any, key_source: KeySource) -> Callable[[], None]:
    """Attach the chain to a sessionmaker whose sessions write; the function returned takes
    it off again. SQLAlchemy keeps a sessionmaker's listeners for as long as its Session
    class lives, and `key_source` holds the Database: without taking them off, every Database
    ever opened would stay in memory (the command server opens one per command)."""
    from sqlalchemy import event

    def sign(session: Session) -> None:
        finalize(session, key_source)

    hooks: tuple[tuple[str, Callable[..., None]], ...] = (
        ("after_flush", _capture), ("before_commit", sign), ("after_rollback", _forget))
    for name, hook in hooks:
        event.listen(sessions, name, hook)

    def unlisten() -> None:
        for name, hook in hooks:
            if event.contains(sessions, name, hook):
                event.remove(sessions, name, hook)

    return unlisten
