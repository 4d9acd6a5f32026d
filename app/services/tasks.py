"""Tasks and decisions: done, undone, and a manager's override of a hard gate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from app.domain import checklist as cl
from app.domain.errors import GateClosed, InvalidInput, PermissionDenied, Text
from app.domain.permissions import Action, may_record, task_who_may
from app.domain.procedure import GATES, OVERRIDE_REASON_MIN, ROLE_TITLES, TASKS, Role, task
from app.domain.settlement import check_case_amount
from app.domain.task_values import validate_task_values
from app.domain.validators import validate_text
from app.services.cases import case_input_of, facts_of, refresh
from app.services.common import acting_user, audit, find_case, now, owns, require, today
from app.services.evidence import evidence_of
from app.services.follow_up import after_task_done
from app.store.db import Database
from app.store.models import GateOverride, TaskRecord


def complete_task(db: Database, actor: str, number: str, task_id: str, *, note: str = "",
                  values: Mapping[str, str] | None = None) -> cl.Checklist:
    """Mark a task done (recording its values); refused by a closed gate, with the reason."""
    task_ = task(task_id)
    clean = validate_task_values(task_, values or {}, today())
    clean_note = validate_text(note, "note", 1000)
    with db.transaction() as session:
        user = acting_user(session, actor)
        case = find_case(session, number, for_update=True)
        if not may_record(user.role, task_, owns(user, case)):
            who = task_who_may(task_)
            mine = "" if task_.role != user.role else f" on {case.number}, a colleague's case"
            raise PermissionDenied("user", f"{user.name} ({ROLE_TITLES[Role(user.role)].en}) "
                                   f"may not do {task_id}{mine}", who.en,
                                   zh=f"{user.display_name}无权完成「{task_.title.zh}」"
                                      f"{'(他人案件)' if mine else ''}，应由{who.zh}完成")
        existing = session.scalar(select(TaskRecord).where(
            TaskRecord.case_id == case.id, TaskRecord.task_id == task_id))
        if existing is not None:
            raise InvalidInput("task", f"{task_id} was done by {existing.done_by.name} on "
                               f"{existing.done_at:%Y-%m-%d}", "undo it first to record it again",
                               zh=f"「{task_.title.zh}」已由{existing.done_by.display_name}于"
                                  f"{existing.done_at:%Y-%m-%d}完成，如需重做请先撤销")
        facts, documents, tasks, overrides = facts_of(session, case)
        # Amounts agree with the case: down payment, invoice, settlement (issue 10),
        # checked with the other values, before the order of the tasks.
        check_case_amount(task_id, clean, case_input_of(case),
                          {t: r.values for t, r in tasks.items()})
        refusal = cl.task_refusal(task_, facts, documents, tasks, today(), overrides,
                                  evidence_of(session, case))
        if refusal is not None:  # the domain names what is missing and who supplies it
            raise GateClosed("task", f"{task_.title.en} ({task_id}) is not possible yet: "
                             f"{refusal.en}", zh=f"暂不能「{task_.title.zh}」：{refusal.zh}")
        session.add(TaskRecord(case_id=case.id, task_id=task_id, done_by_id=user.id,
                               done_at=now(), note=clean_note, values=clean))
        if task_id == "plate":
            case.plate = clean["plate"]
        session.flush()
        after_task_done(session, user, case, task_id, clean)  # e.g. delivery → follow-up
        result = refresh(session, case)
        audit(session, user, "task.done", case.number, task=task_id, values=clean,
              note=clean_note)
        return result


def undo_task(db: Database, actor: str, number: str, task_id: str, *, reason: str) -> None:
    """Take back a task recorded by mistake; the audit keeps what it was."""
    task_ = task(task_id)
    clean_reason = validate_text(reason, "reason", 1000, required=True)
    with db.transaction() as session:
        user = acting_user(session, actor)
        case = find_case(session, number, for_update=True)
        record = session.scalar(select(TaskRecord).where(
            TaskRecord.case_id == case.id, TaskRecord.task_id == task_id))
        if record is None:
            raise InvalidInput("task", f"{task_id} is not done", "a task that was done",
                               zh=f"「{task_.title.zh}」尚未完成")
        require(user, Action.UNDO_OWN_TASK if record.done_by_id == user.id
                else Action.UNDO_ANY_TASK, case)
        done = session.scalars(select(TaskRecord.task_id).where(TaskRecord.case_id == case.id))
        refusal = cl.undo_refusal(task_id, done)
        if refusal is not None:
            raise GateClosed("task", f"{task_.title.en} ({task_id}) cannot be undone: "
                             f"{refusal.en}", zh=f"不能撤销「{task_.title.zh}」：{refusal.zh}")
        audit(session, user, "task.undo", case.number, task=task_id, reason=clean_reason,
              was={"by": record.done_by.name, "at": record.done_at.isoformat(),
                   "values": record.values, "note": record.note})
        session.delete(record)
        session.flush()
        refresh(session, case)


def override_gate(db: Database, actor: str, number: str, gate_id: str, *, reason: str) -> None:
    """A manager opens a hard gate for one case; never silently: the reason is kept."""
    if gate_id not in GATES:
        raise InvalidInput("gate", f"unknown gate {gate_id!r}", ", ".join(GATES),
                           zh=f"没有关卡 {gate_id!r}")
    clean_reason = validate_text(reason, "reason", 1000, required=True)
    if len(clean_reason) < OVERRIDE_REASON_MIN:
        raise InvalidInput("reason", "is too short to explain an override",
                           f"a sentence of at least {OVERRIDE_REASON_MIN} characters",
                           zh=f"放行理由至少 {OVERRIDE_REASON_MIN} 个字")
    with db.transaction() as session:
        user = acting_user(session, actor)
        case = find_case(session, number, for_update=True)
        require(user, Action.OVERRIDE_GATE, case)
        exists = session.scalar(select(GateOverride).where(
            GateOverride.case_id == case.id, GateOverride.gate == gate_id))
        if exists is not None:
            raise InvalidInput("gate", f"{gate_id} was already overridden by {exists.by.name}",
                               zh="该关卡已放行")
        session.add(GateOverride(case_id=case.id, gate=gate_id, reason=clean_reason,
                                 by_id=user.id, at=now()))
        session.flush()
        refresh(session, case)
        audit(session, user, "gate.override", case.number, gate=gate_id, reason=clean_reason)


@dataclass(frozen=True)
class Blockers:
    refusals: dict[str, Text]  # task id → why it may not be done now
    closed_gates: dict[str, Text]  # gate id → why it is closed


def task_blockers(db: Database, actor: str, number: str) -> Blockers:
    """What stands in the way of each open task and gate, asked exactly as complete_task
    will ask it, so the workspace can show the reason beside the button."""
    with db.reading() as session:
        case = find_case(session, number)
        require(acting_user(session, actor), Action.VIEW_CASE, case)
        facts, documents, tasks, overrides = facts_of(session, case)
        evidence = evidence_of(session, case)
    day = today()
    refusals = {task_id: why for task_id, task_ in TASKS.items() if task_id not in tasks
                and (why := cl.task_refusal(task_, facts, documents, tasks, day, overrides,
                                            evidence)) is not None}
    closed = {gate: why for gate in GATES
              if (why := cl.gate_problem(gate, facts, documents, tasks, day, overrides))
              is not None}
    return Blockers(refusals, closed)
