"""The case workspace's read model: everything it shows of one case, in at most 3 statements.

1. the case row (its consultant and lender joined to it), which is also the "no such case";
2. every row hanging off the case, in one UNION ALL of the same columns: the staff (for
   names and the acting user's role), tasks, gate overrides, documents and their pages,
   issued forms and their copies' receipts, originals out, and the case's audit rows;
3. only when a page's thumbnail is not in the cache yet: those thumbnails' bytes.

Whatever the number of pages or forms, the statements stay three (a test counts them).
Thumbnails are cached by their content hash, so a reload after a change fetches only the
thumbnails of documents that are new; the same hash is the same picture in any database.
Everything returned is a frozen dataclass built inside the session: no ORM row leaves.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    CompoundSelect,
    Integer,
    Row,
    Select,
    String,
    cast,
    literal,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy import (
    Text as SqlText,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeEngine

from app.domain import checklist as cl
from app.domain.case_input import id_warnings
from app.domain.errors import NotFound, Text
from app.domain.money import loan_to_value
from app.domain.permissions import Action, allowed
from app.domain.privacy import REVEALING_KINDS, masked
from app.domain.procedure import GATES, TASKS, Party
from app.services.case_records import (
    DocumentRecord,
    GateOverridden,
    HistoryEntry,
    PageRecord,
    Person,
    TaskDone,
)
from app.services.cases import CaseDetail, case_facts, case_input_of, masked_detail, schedule_of
from app.services.common import find_case, require, today
from app.services.custody import OriginalOut, _title
from app.services.forms import CopyState, IssuedRecord, form_spec
from app.store.db import Database
from app.store.models import (
    AuditEntry,
    Blob,
    CopyReceipt,
    CustodyRecord,
    Document,
    DocumentPage,
    GateOverride,
    IssuedForm,
    TaskRecord,
    User,
    UTCDateTime,
)

THUMBNAIL_CACHE_BYTES = 32 * 1024 * 1024  # ~3,000 thumbnails of ~10 kB: hundreds of cases


@dataclass(frozen=True)
class CaseView:
    """Everything the workspace shows of a case."""

    detail: CaseDetail
    role: str
    display_names: dict[str, str]  # sign-in name → the name people know
    refusals: dict[str, Text]  # task id → why it may not be done now
    closed_gates: dict[str, Text]  # gate id → why it is closed
    thumbnails: dict[str, bytes]  # sha256 → JPEG, of the pages this user may see
    history: list[HistoryEntry]  # newest first, masked
    issued: list[IssuedRecord]
    today: date
    originals_out: list[OriginalOut]  # papers at the registration office right now


# -- the thumbnail cache ------------------------------------------------------------------------

class _ThumbnailCache:
    """Least recently used thumbnails by content hash, bounded in bytes; pool threads share it."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get_many(self, keys: Iterable[str]) -> dict[str, bytes]:
        found = {}
        with self._lock:
            for key in keys:
                data = self._items.get(key)
                if data is not None:
                    self._items.move_to_end(key)
                    found[key] = data
        return found

    def put(self, key: str, data: bytes) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= len(old)
            self._items[key] = data
            self._size += len(data)
            while self._size > self.limit and len(self._items) > 1:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0


THUMBNAILS = _ThumbnailCache(THUMBNAIL_CACHE_BYTES)


def forget_thumbnails() -> None:
    """Empty the cache (tests and the benchmark measure a cold open with it)."""
    THUMBNAILS.clear()


def thumbnails_of(session: Session, shas: Collection[str]) -> dict[str, bytes]:
    """The thumbnails named, from the cache, and the others in one statement (none if all are
    cached)."""
    found = THUMBNAILS.get_many(shas)
    missing = sorted(set(shas) - found.keys())
    if missing:
        for sha, data in session.execute(select(Blob.sha256, Blob.data)
                                         .where(Blob.sha256.in_(missing))):
            THUMBNAILS.put(sha, data)
            found[sha] = data
    return found


# -- statement 2: every row of the case, one UNION ALL -------------------------------------------

# The shared columns of the union and their types (the first branch gives the result types).
_COLUMNS: dict[str, TypeEngine[Any]] = {
    "k": String(), "id": Integer(), "ref": Integer(),
    "a": SqlText(), "b": SqlText(), "c": SqlText(), "d": SqlText(), "e": SqlText(),
    "n1": Integer(), "n2": Integer(), "n3": Integer(), "n4": Integer(),
    "t1": UTCDateTime(), "t2": UTCDateTime(), "j": JSON(),
}


def _branch(kind: str, **columns: Any) -> Select[Any]:
    values: list[ColumnElement[Any]] = []
    for name, type_ in _COLUMNS.items():
        if name == "k":
            value: ColumnElement[Any] = literal(kind, String())
        elif name in columns:
            value = columns[name]
            if isinstance(type_, SqlText):
                value = cast(value, SqlText())
        else:
            # Typed: PostgreSQL resolves a UNION's column types branch by branch, and would
            # take a run of bare NULLs for text.
            value = cast(null(), type_)
        values.append(type_coerce(value, type_).label(name))
    return select(*values)


def _rows_of(case_id: int, number: str) -> CompoundSelect[Any]:
    live = Document.removed_at.is_(None)
    return union_all(
        _branch("user", id=User.id, a=User.name, b=User.display_name, c=User.role,
                d=User.phone, n1=cast(User.active, Integer)),
        _branch("task", id=TaskRecord.id, a=TaskRecord.task_id, b=TaskRecord.note,
                n1=TaskRecord.done_by_id, t1=TaskRecord.done_at, j=TaskRecord.values)
        .where(TaskRecord.case_id == case_id),
        _branch("override", id=GateOverride.id, a=GateOverride.gate, b=GateOverride.reason,
                n1=GateOverride.by_id, t1=GateOverride.at)
        .where(GateOverride.case_id == case_id),
        _branch("document", id=Document.id, a=Document.kind, b=Document.party,
                t1=Document.created_at, j=Document.content)
        .where(Document.case_id == case_id, live),
        _branch("page", id=DocumentPage.id, ref=DocumentPage.document_id,
                a=DocumentPage.filename, b=DocumentPage.mime, c=DocumentPage.original_sha256,
                d=DocumentPage.rendition_sha256, e=DocumentPage.thumbnail_sha256,
                n1=DocumentPage.seq, n2=DocumentPage.pdf_page, n3=DocumentPage.width,
                n4=DocumentPage.height, j=DocumentPage.warnings)
        .join(Document, Document.id == DocumentPage.document_id)
        .where(Document.case_id == case_id, live),
        _branch("form", id=IssuedForm.id, a=IssuedForm.serial, b=IssuedForm.form_id,
                n1=IssuedForm.issued_by_id, n2=IssuedForm.reprints, t1=IssuedForm.issued_at,
                j=IssuedForm.copies)
        .where(IssuedForm.case_id == case_id),
        _branch("receipt", id=CopyReceipt.id, ref=CopyReceipt.issued_form_id,
                a=CopyReceipt.copy_id, n1=CopyReceipt.received_by_id,
                t1=CopyReceipt.received_at)
        .join(IssuedForm, IssuedForm.id == CopyReceipt.issued_form_id)
        .where(IssuedForm.case_id == case_id),
        _branch("custody", id=CustodyRecord.id, a=CustodyRecord.kind, b=CustodyRecord.party,
                c=CustodyRecord.holder, d=CustodyRecord.purpose, n1=CustodyRecord.out_by_id,
                t1=CustodyRecord.out_at, t2=CustodyRecord.returned_at)
        .where(CustodyRecord.case_id == case_id),
        _branch("audit", id=AuditEntry.id, a=AuditEntry.user_name, b=AuditEntry.action,
                c=AuditEntry.case_number, t1=AuditEntry.at, j=AuditEntry.detail)
        .where(AuditEntry.case_number == number),
    )


def _by_kind(rows: Sequence[Row[Any]]) -> dict[str, list[Row[Any]]]:
    grouped: dict[str, list[Row[Any]]] = {}
    for row in rows:
        grouped.setdefault(row.k, []).append(row)
    for kind in grouped.values():
        kind.sort(key=lambda r: r.id)
    return grouped


# -- putting it together -------------------------------------------------------------------------

def _acting(staff: Mapping[str, Row[Any]], actor: str) -> User:
    """The acting user as acting_user() would find it, from the rows already read."""
    row = staff.get(actor)
    if row is None or not row.n1:
        known = ", ".join(sorted(name for name, r in staff.items() if r.n1)[:20])
        raise NotFound("user", f"no active user {actor!r}", known or "run `loandesk init` first",
                       zh=f"没有用户 {actor!r}")
    # A detached row, only for the permission check (require reads its role and id).
    return User(id=row.id, name=row.a, display_name=row.b, role=row.c, active=True)


def _issued(rows: dict[str, list[Row[Any]]], names: Mapping[int, str]) -> list[IssuedRecord]:
    receipts: dict[int, dict[str, Row[Any]]] = {}
    for r in rows.get("receipt", ()):
        receipts.setdefault(r.ref, {})[r.a] = r
    records = []
    for form in sorted(rows.get("form", ()), key=lambda f: (f.t1, f.id)):
        spec = form_spec(form.b)
        got = receipts.get(form.id, {})
        copies = tuple(CopyState(
            c.id, c.label, c.recipient_role,
            names.get(got[c.id].n1) if c.id in got else None,
            got[c.id].t1 if c.id in got else None)
            for c in spec.copies if c.id in (form.j or ()))
        records.append(IssuedRecord(form.b, spec.title, form.a, form.t1, names.get(form.n1, ""),
                                    form.n2, copies))
    return records


def _evidence(rows: dict[str, list[Row[Any]]]) -> cl.Evidence:
    received: dict[int, set[str]] = {}
    for r in rows.get("receipt", ()):
        received.setdefault(r.ref, set()).add(r.a)
    forms = {f.b: cl.IssuedFormFacts(f.b, frozenset(received.get(f.id, ())))
             for f in rows.get("form", ())}
    originals = [cl.OriginalFacts(r.a, Party(r.b), r.t2 is not None)
                 for r in rows.get("custody", ())]
    return cl.Evidence(forms, originals)


def load_case_view(db: Database, actor: str, number: str) -> CaseView:
    """The case as `actor` sees it in the workspace (ID numbers masked)."""
    with db.reading() as session:
        case = find_case(session, number)  # statement 1
        rows = _by_kind(session.execute(_rows_of(case.id, case.number)).all())  # statement 2
        staff = {r.a: r for r in rows.get("user", ())}
        user = _acting(staff, actor)
        require(user, Action.VIEW_CASE, case)
        require(user, Action.CASE_HISTORY, case)
        names = {r.id: r.b for r in staff.values()}
        people = {r.id: Person(r.a, r.b, r.d or "") for r in staff.values()}

        pages: dict[int, list[PageRecord]] = {}
        for p in rows.get("page", ()):
            pages.setdefault(p.ref, []).append(PageRecord(
                p.id, p.n1, p.a, p.b, p.c, p.d, p.e, p.n2, p.n3, p.n4, tuple(p.j or ())))
        documents = [DocumentRecord(d.id, d.a, d.b, dict(d.j or {}), d.t1,
                                    tuple(sorted(pages.get(d.id, ()), key=lambda p: p.seq)))
                     for d in rows.get("document", ())]
        tasks = {t.a: TaskDone(t.a, t.t1, people[t.n1], t.b, dict(t.j or {}))
                 for t in rows.get("task", ())}
        overrides = {o.a: GateOverridden(o.a, o.b, people[o.n1], o.t1)
                     for o in rows.get("override", ())}

        facts = case_facts(case)
        document_facts = [cl.DocumentFacts(d.kind, Party(d.party), len(d.pages), d.content)
                          for d in documents]
        task_facts = {t.task_id: cl.TaskFacts(t.task_id, t.done_at, t.done_by.display_name,
                                              t.values) for t in tasks.values()}
        override_facts = {o.gate: cl.Override(o.gate, o.by.display_name, o.reason)
                          for o in overrides.values()}
        day = today()
        evidence = _evidence(rows)
        checklist = cl.evaluate(facts, document_facts, task_facts, day, override_facts)
        data = case_input_of(case)
        detail = masked_detail(CaseDetail(
            number=case.number, version=case.version, status=case.status,
            consultant=people[case.consultant_id], created_at=case.created_at,
            step_since=case.step_since, data=data, schedule=schedule_of(case),
            ltv=loan_to_value(case.loan_amount, case.price), checklist=checklist,
            tasks=tasks, documents=documents, overrides=overrides, warnings=id_warnings(data)))

        refusals = {task_id: why for task_id, task_ in TASKS.items() if task_id not in task_facts
                    and (why := cl.task_refusal(task_, facts, document_facts, task_facts, day,
                                                override_facts, evidence)) is not None}
        closed = {gate: why for gate in GATES
                  if (why := cl.gate_problem(gate, facts, document_facts, task_facts, day,
                                             override_facts)) is not None}
        out = [OriginalOut(case.number, case.customer_name, names.get(case.consultant_id, ""),
                           r.a, _title(r.a, r.b), r.b, r.c, r.d or "", r.t1,
                           names.get(r.n1, ""))
               for r in sorted(rows.get("custody", ()), key=lambda r: (r.t1, r.id))
               if r.t2 is None]
        history = [HistoryEntry(r.id, r.t1, r.a, r.b, r.c, masked(dict(r.j or {})))
                   for r in reversed(rows.get("audit", ()))]

        own = case.consultant_id == user.id
        # An ID card's image shows its number: its thumbnails only for who may reveal it.
        seen = {p.thumbnail_sha256 for d in documents for p in d.pages
                if d.kind not in REVEALING_KINDS or allowed(user.role, Action.REVEAL_ID, own)}
        thumbnails = thumbnails_of(session, seen)  # statement 3, if any is not cached
        return CaseView(
            detail=detail, role=user.role,
            display_names={r.a: r.b for r in staff.values() if r.n1},
            refusals=refusals, closed_gates=closed, thumbnails=thumbnails, history=history,
            issued=_issued(rows, names), today=day, originals_out=out)
