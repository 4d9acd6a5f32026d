"""Keeping the stored queue (table `queue_entries`) equal to what the rules say now.

Three kinds of work, each worked out from where the procedure keeps it: tasks whose
prerequisites are met (domain.queues.waiting_tasks, the checklist's own evaluation) on open
cases, copies of issued forms addressed to a staff role and not yet confirmed (forms/*.toml
`recipient_role`), and the follow-up visit not yet made (shown from its day on). Who sees each
row is decided here from the permission matrix (domain.queue_records.audience).

A case's rows are worked out again in the transaction of every write that can change them:
cases.refresh (which every case, document and task write passes; it hands over the facts it
has read, and only the rows that differ are written), issuing and confirming a copy, custody,
the visit (rewritten whole). The checklist reads the date (an ID card expires, the six months
of bank statements move on), so rows of open cases worked out before today are stale:
`refresh_stale_queue` works them out again, oldest first, in short transactions. A lender's
limits change the checklist of all its cases: `forget_cases` marks them stale.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, and_, delete, insert, select, union_all, update
from sqlalchemy.orm import Session

from app.domain.permissions import STAFF_ROLES
from app.domain.privacy import mask_phone
from app.domain.procedure import FORM_STEPS, TASKS
from app.domain.queue_records import (
    COPY,
    COPY_RANK,
    TASK,
    TASK_RANK,
    VISIT,
    VISIT_RANK,
    VISIT_ROLE,
    VISIT_WHAT,
    audience,
    visit_since,
)
from app.domain.queues import waiting_tasks
from app.store.db import Database
from app.store.models import Case, CopyReceipt, FollowUpVisit, IssuedForm, QueueRecord

if TYPE_CHECKING:
    from app.services.case_facts import CaseFacts

# The cases table as Core sees it: the stored queue's day is written without the ORM.
CASES = cast(Table, Case.__table__)
CHUNK = 50  # cases worked out per transaction: the write lock is held a few dozen ms
OPEN = "open"


def _today() -> date:
    from app.services.common import today

    return today()


def _row(case: Case, kind: str, role: str, **values: Any) -> dict[str, Any]:
    seen_by, consultant_id = audience(kind, role, case.consultant_id)
    return {"case_id": case.id, "kind": kind, "role": role, "audience": seen_by,
            "consultant_id": consultant_id, "number": case.number,
            "customer": case.customer_name, "phone": mask_phone(case.customer_phone),
            "due_on": None, "task_id": "", "serial": "", "copy_id": "", "why_en": "",
            "why_zh": "", **values}


def _task_rows(session: Session, cases: Sequence[Case], day: date,
               known: Mapping[int, CaseFacts] | None = None) -> list[dict[str, Any]]:
    """`known`: the cases' facts already read (cases.refresh hands over its own)."""
    from app.services.case_facts import facts_of_cases  # imports services.cases, which calls us

    rows = []
    if known is None:
        known = facts_of_cases(session, cases)  # a fixed number of statements for them all
    for case in cases:
        f = known[case.id]
        for waiting in waiting_tasks(f.facts, f.documents, f.tasks, day, case.created_at,
                                     f.overrides, f.evidence):
            task_ = TASKS[waiting.task.id]
            rows.append(_row(case, TASK, task_.role.value, since=waiting.since,
                             rank=TASK_RANK[task_.id], step=task_.step, task_id=task_.id,
                             what_en=task_.title.en, what_zh=task_.title.zh,
                             why_en=waiting.why.en, why_zh=waiting.why.zh))
    return rows


def _copy_rows(session: Session, cases: Sequence[Case]) -> list[dict[str, Any]]:
    from app.services.forms import form_spec

    by_id = {case.id: case for case in cases}
    received: dict[int, set[str]] = {}
    for form_id, copy_id in session.execute(
            select(CopyReceipt.issued_form_id, CopyReceipt.copy_id)
            .join(IssuedForm, IssuedForm.id == CopyReceipt.issued_form_id)
            .where(IssuedForm.case_id.in_(by_id))):
        received.setdefault(form_id, set()).add(copy_id)
    rows = []
    for form in session.scalars(select(IssuedForm).where(IssuedForm.case_id.in_(by_id))
                                .order_by(IssuedForm.id)):
        spec = form_spec(form.form_id)
        for place, copy in enumerate(spec.copies):
            if copy.id not in form.copies or copy.id in received.get(form.id, ()):
                continue
            issued = form.issued_at.astimezone()
            who = form.issued_by.display_name
            rows.append(_row(
                by_id[form.case_id], COPY, copy.recipient_role, since=form.issued_at,
                rank=COPY_RANK + place, step=FORM_STEPS.get(form.form_id, spec.step),
                serial=form.serial, copy_id=copy.id,
                what_en=f"Confirm the {copy.colour} copy: {spec.title_en}",
                what_zh=f"签收{spec.title}{copy.label}",
                why_en=f"issued {issued:%Y-%m-%d} by {who}, serial {form.serial}",
                why_zh=f"{who}于{issued:%Y-%m-%d}出具，单号 {form.serial}"))
    return rows


def _visit_rows(session: Session, cases: Sequence[Case]) -> list[dict[str, Any]]:
    by_id = {case.id: case for case in cases}
    return [_row(by_id[case_id], VISIT, VISIT_ROLE, since=visit_since(due_on), rank=VISIT_RANK,
                 due_on=due_on, step="delivery", what_en=VISIT_WHAT.en, what_zh=VISIT_WHAT.zh)
            for case_id, due_on in session.execute(
                select(FollowUpVisit.case_id, FollowUpVisit.due_on)
                .where(FollowUpVisit.case_id.in_(by_id), FollowUpVisit.done_at.is_(None)))]


def queue_rows(session: Session, cases: Sequence[Case], day: date) -> list[dict[str, Any]]:
    """The stored queue's rows of `cases` (loaded with their lender) on `day`."""
    if not cases:
        return []
    rows = _task_rows(session, [c for c in cases if c.status == OPEN], day)
    rows += _copy_rows(session, cases)
    rows += _visit_rows(session, cases)
    # Rows whose role no staff member has are nobody's (a copy for the customer).
    return [r for r in rows if r["role"] in STAFF_ROLES]


def store_queue(session: Session, cases: Sequence[Case], day: date | None = None) -> None:
    """Rewrite the stored queue of `cases`, in the caller's transaction. The cases' own row
    is written first: on PostgreSQL its lock keeps two writers of one case in turn."""
    if not cases:
        return
    on = day or _today()
    ids = [case.id for case in cases]
    # Core statements: the day is no change of the case (no version, no audit entry).
    session.execute(update(CASES).where(CASES.c.id.in_(ids))
                    .values(queue_as_of=on))
    rows = queue_rows(session, cases, on)
    session.execute(delete(QueueRecord).where(QueueRecord.case_id.in_(ids)))
    if rows:
        session.execute(insert(QueueRecord), rows)


def case_queue_rows(session: Session, case: Case, known: CaseFacts, day: date, *,
                    is_open: bool) -> list[dict[str, Any]]:
    """One case's rows from facts already read (`known`, cases.refresh's own): the same
    rows as queue_rows, without reading the facts a second time. `is_open`: the status the
    refresh has just worked out (the row may not hold it yet)."""
    rows = _task_rows(session, [case], day, {case.id: known}) if is_open else []
    if known.forms:  # no form issued (the facts say so): no copy waits for anyone
        rows += _copy_rows(session, [case])
    rows += _visit_rows(session, [case])
    return [r for r in rows if r["role"] in STAFF_ROLES]


# What a worked-out row sets (every kind sets all of them: _row's defaults and its values).
ROW_COLUMNS = ("case_id", "kind", "role", "audience", "consultant_id", "since", "rank",
               "due_on", "number", "customer", "phone", "step", "task_id", "serial", "copy_id",
               "what_en", "what_zh", "why_en", "why_zh")


def _key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(row[c] for c in ROW_COLUMNS)


def write_case_queue(session: Session, case_id: int, rows: Sequence[Mapping[str, Any]]) -> None:
    """Make one case's stored rows equal `rows`, writing only the difference: most saves
    (an address, a phone) leave a case's work as it was, and then nothing is written (one
    read instead of a DELETE and an INSERT of every row, and no index churn). The caller
    holds the case's row (written or locked first): two writers of one case take turns."""
    stored = session.execute(select(QueueRecord.id, *(getattr(QueueRecord, c)
                                                      for c in ROW_COLUMNS))
                             .where(QueueRecord.case_id == case_id)).all()
    wanted = Counter(_key(r) for r in rows)
    gone = []
    for ident, *values in stored:
        key = tuple(values)
        if wanted[key] > 0:
            wanted[key] -= 1  # stored as worked out: kept
        else:
            gone.append(ident)
    added = []
    for row in rows:
        key = _key(row)
        if wanted[key] > 0:
            wanted[key] -= 1
            added.append(dict(row))
    if gone:
        session.execute(delete(QueueRecord).where(QueueRecord.id.in_(gone)))
    if added:
        session.execute(insert(QueueRecord), added)


def store_case_queue(session: Session, case: Case) -> None:
    """The hook of every write that can change one case's queue (refresh, copies, custody,
    visits)."""
    store_queue(session, [case])


def forget_cases(session: Session, *where: Any) -> None:
    """Mark the cases matching `where` stale (their queue is worked out again on demand):
    for changes that reach many cases at once, such as a lender's limits."""
    session.execute(update(CASES).where(*where).values(queue_as_of=None))


def stale_cases(session: Session, day: date, limit: int, *,
                consultant_id: int | None = None) -> list[int]:
    """Ids of cases whose stored queue is missing, or is of an open case and older than
    `day`; never worked out first, then the oldest."""
    found: list[int] = []
    for condition in _stale_conditions(day, consultant_id):
        found += session.scalars(select(Case.id).where(condition)
                                 .order_by(Case.queue_as_of).limit(limit - len(found)))
        if len(found) >= limit:
            break
    return found


def refresh_stale_queue(db: Database, limit: int | None = None, *, day: date | None = None,
                        consultant_id: int | None = None, chunk: int = CHUNK) -> int:
    """Work out again the stored queue of stale cases (see stale_cases), `chunk` cases per
    transaction, at most `limit` cases (None: all); returns how many were worked out. Safe
    to run beside the desk's own writes: each chunk re-reads its cases in its transaction."""
    on = day or _today()
    done = 0
    while limit is None or done < limit:
        size = chunk if limit is None else min(chunk, limit - done)
        with db.reading() as session:  # nothing stale: no write lock taken at all
            if not any_stale(session, on, consultant_id=consultant_id):
                break
        with db.transaction() as session:
            ids = stale_cases(session, on, size, consultant_id=consultant_id)
            if not ids:
                break
            cases = list(session.scalars(select(Case).where(Case.id.in_(ids))
                                         .order_by(Case.id)))
            store_queue(session, cases, on)
        done += len(ids)
    return done


def store_new_cases(session: Session, ids: Iterable[int], day: date | None = None) -> None:
    """The stored queue of cases written row by row outside the services (bulk seeding)."""
    wanted = list(ids)
    for start in range(0, len(wanted), 500):
        cases = list(session.scalars(select(Case).where(Case.id.in_(wanted[start:start + 500]))
                                     .order_by(Case.id)))
        store_queue(session, cases, day)


def _stale_conditions(day: date, consultant_id: int | None) -> list[Any]:
    """Never worked out; open and worked out before `day`: each one index range (an OR of
    the two, or the consultant outside them, would make SQLite read all of their cases)."""
    mine = [] if consultant_id is None else [Case.consultant_id == consultant_id]
    return [and_(Case.queue_as_of.is_(None), *mine),
            and_(Case.status == OPEN, Case.queue_as_of < day, *mine)]


def any_stale(session: Session, day: date, *, consultant_id: int | None = None) -> bool:
    """Whether some case's stored queue is missing or stale (one statement)."""
    first = [select(select(Case.id).where(c).limit(1).subquery().c.id)
             for c in _stale_conditions(day, consultant_id)]
    return session.scalar(union_all(*first).limit(1)) is not None
