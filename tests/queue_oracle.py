"""The queue as app.services.queues evaluated it live before the stored queue (issue 15):
kept here, unchanged but for its case limit, as the oracle the stored queue is held to.

Every open case's checklist is evaluated (domain.queues.waiting_tasks), every issued form's
copies and every visit due read from their tables, and each entry kept when the permission
matrix lets the user do it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import Text
from app.domain.permissions import Action, Reach, allowed, may_confirm, may_record, reach
from app.domain.privacy import mask_phone
from app.domain.procedure import FORM_STEPS, LAST_STEP_ID, STEPS, TASKS, Role
from app.domain.queue_records import COPY, TASK, VISIT, Queue, QueueEntry
from app.domain.queues import waiting_tasks
from app.services.case_facts import facts_of_cases
from app.services.common import acting_user, require, today
from app.services.follow_up import visits_due
from app.services.forms import form_spec
from app.store.db import Database
from app.store.models import Case, CopyReceipt, IssuedForm, User

MAX_CASES = 10**9  # the oracle looks at every case


# -- tasks ------------------------------------------------------------------------------------


def _last_step_of(roles: set[str] | None) -> int:
    """The number of the last step with a task of these roles: a case past it has none of
    their tasks left (every earlier step is done)."""
    return max((s.number for s in STEPS for t in s.tasks if roles is None or t.role in roles),
               default=0)


def _candidate_cases(session: Session, roles: set[str] | None,
                     consultant_id: int | None) -> tuple[list[Case], bool]:
    last = _last_step_of(roles)
    steps = [s.id for s in STEPS if s.number <= last]
    query = select(Case).where(Case.current_step.in_(steps), Case.status == "open") \
        .order_by(Case.step_since, Case.id).limit(MAX_CASES + 1)
    if consultant_id is not None:
        query = query.where(Case.consultant_id == consultant_id)
    cases = list(session.scalars(query))
    return cases[:MAX_CASES], len(cases) <= MAX_CASES


def _task_entries(session: Session, cases: Iterable[Case],
                  keep: Callable[[str, Case], bool]) -> list[QueueEntry]:
    """The waiting tasks of `cases` that `keep(task role, case)` lets through."""
    entries = []
    day = today()
    cases = list(cases)
    known = facts_of_cases(session, cases)  # a fixed number of statements for them all
    for case in cases:
        f = known[case.id]
        for waiting in waiting_tasks(f.facts, f.documents, f.tasks, day, case.created_at,
                                     f.overrides, f.evidence):
            task_ = TASKS[waiting.task.id]
            if not keep(task_.id, case):
                continue
            entries.append(QueueEntry(TASK, case.number, case.customer_name,
                                      mask_phone(case.customer_phone), task_.step, task_.title,
                                      waiting.why, waiting.since, task_.role.value, task_.id))
    return entries


# -- copies -----------------------------------------------------------------------------------


def _copy_entries(session: Session, keep: Callable[[str, Case], bool],
                  consultant_id: int | None) -> list[QueueEntry]:
    query = select(IssuedForm, Case).join(Case, Case.id == IssuedForm.case_id)
    if consultant_id is not None:
        query = query.where(Case.consultant_id == consultant_id)
    received: dict[int, set[str]] = {}
    forms = query.with_only_columns(IssuedForm.id).scalar_subquery()
    for form_id, copy_id in session.execute(select(CopyReceipt.issued_form_id,
                                                   CopyReceipt.copy_id).where(
            CopyReceipt.issued_form_id.in_(forms))):
        received.setdefault(form_id, set()).add(copy_id)
    entries = []
    for form, case in session.execute(query):
        spec = form_spec(form.form_id)
        for copy in spec.copies:
            if copy.id not in form.copies or copy.id in received.get(form.id, ()) \
                    or copy.recipient_role not in {r.value for r in Role} \
                    or not keep(copy.recipient_role, case):
                continue
            what = Text(f"Confirm the {copy.colour} copy: {spec.title_en}",
                        f"签收{spec.title}{copy.label}")
            why = Text(f"issued {form.issued_at.astimezone():%Y-%m-%d} by "
                       f"{form.issued_by.display_name}, serial {form.serial}",
                       f"{form.issued_by.display_name}于{form.issued_at.astimezone():%Y-%m-%d}"
                       f"出具，单号 {form.serial}")
            entries.append(QueueEntry(COPY, case.number, case.customer_name,
                                      mask_phone(case.customer_phone),
                                      FORM_STEPS.get(form.form_id, spec.step), what, why,
                                      form.issued_at, copy.recipient_role,
                                      serial=form.serial, copy_id=copy.id))
    return entries


# -- visits -----------------------------------------------------------------------------------


def _visit_entries(session: Session, user: User) -> list[QueueEntry]:
    level = reach(user.role, Action.FOLLOW_UP)
    if level is Reach.NONE:
        return []
    day = today()
    entries = []
    for visit in visits_due(session, day, user.id if level is Reach.OWN else None):
        late = Text(f"due {visit.due_on:%Y-%m-%d}, {visit.days_late} day(s) late",
                    f"应于 {visit.due_on:%Y-%m-%d} 回访，已逾期 {visit.days_late} 天") \
            if visit.days_late else Text("due today", "今日到期")
        since = datetime.combine(visit.due_on, time()).astimezone(UTC)
        entries.append(QueueEntry(VISIT, visit.number, visit.customer, mask_phone(visit.phone),
                                  LAST_STEP_ID, Text("follow-up visit", "回访客户"), late,
                                  since, Role.CONSULTANT.value))
    return entries


# -- the queue --------------------------------------------------------------------------------


def queue_in(session: Session, user: User) -> Queue:
    require(user, Action.QUEUE)
    # A consultant's tasks are on their own cases (Reach.OWN): only those are looked at.
    mine = user.id if reach(user.role, Action.RECORD_OWN_TASK) is Reach.OWN else None
    everything = allowed(user.role, Action.RECORD_ANY_TASK)
    roles = None if everything else {user.role}
    cases, complete = _candidate_cases(session, roles, mine)

    def may_do(task_id: str, case: Case) -> bool:
        return may_record(user.role, TASKS[task_id], case.consultant_id == user.id)

    def may_receive(recipient: str, case: Case) -> bool:
        return may_confirm(user.role, recipient, case.consultant_id == user.id)

    entries = _task_entries(session, cases, may_do)
    entries += _copy_entries(session, may_receive, mine)
    entries += _visit_entries(session, user)
    entries.sort(key=lambda e: (e.since, e.number))
    return Queue(user.role, user.display_name, tuple(entries),
                 allowed(user.role, Action.BOARD), complete)


def my_queue(db: Database, actor: str) -> Queue:
    """What waits for `actor`, oldest first."""
    with db.reading() as session:
        user = acting_user(session, actor)
        require(user, Action.QUEUE)
        return queue_in(session, user)


def cases_waiting_for(session: Session, role: Role) -> set[str]:
    """The case numbers with a task or a copy waiting for `role` by the procedure (the case
    list's "waiting for" filter); every case, whoever asks."""
    cases, _complete = _candidate_cases(session, {role.value}, None)

    def of_role(task_id: str, _case: Case) -> bool:
        return TASKS[task_id].role == role

    entries = _task_entries(session, cases, of_role)
    entries += _copy_entries(session, lambda recipient, _case: recipient == role.value, None)
    return {e.number for e in entries}
