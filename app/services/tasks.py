"""Tasks and decisions: done, undone, and a manager's override of a hard gate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from app.domain import checklist as cl
from app.domain.errors import GateClosed, InvalidInput, PermissionDenied, Text
from app.domain.procedure import (
    GATES,
    OVERRIDE_REASON_MIN,
    ROLE_TITLES,
    TASKS,
    Role,
    may_do,
    may_override,
    task,
    who_may,
)
from app.domain.task_values import validate_task_values
from app.domain.validators import validate_text
from app.services.cases import facts_of, refresh
from app.services.common import acting_user, audit, find_case, now, require_role, today
from app.services.follow_up import after_task_done
from app.store.db import Database
from app.store.models import GateOverride, TaskRecord


def complete_task(db: Database, actor: str, number: str, task_id: str, *, note: str = "",
                  values: Mapping[str, str] | None = None) -> cl.Checklist:
    """Mark a task done (recording its values); refused by a closed gate, with the reason."""
    task_ = task(task_id)
    clean = validate_task_values(task_, values or {})
    clean_note = validate_text(note, "note", 1000)
    with db.transaction() as session:
        user = acting_user(session, actor)
        if not may_do(user.role, task_):
            who = who_may(task_)
            raise PermissionDenied("user", f"{user.name} ({ROLE_TITLES[Role(user.role)].en}) "
                                   f"may not do {task_id}", f"the {who.en}",
                                   zh=f"{user.display_name}无权完成「{task_.title.zh}」，"
                                      f"应由{who.zh}完成")
        case = find_case(session, number, for_update=True)
        existing = session.scalar(select(TaskRecord).where(
            TaskRecord.case_id == case.id, TaskRecord.task_id == task_id))
        if existing is not None:
            raise InvalidInput("task", f"{task_id} was done by {existing.done_by.name} on "
                               f"{existing.done_at:%Y-%m-%d}", "undo it first to record it again",
                               zh=f"「{task_.title.zh}」已由{existing.done_by.display_name}于"
                                  f"{existing.done_at:%Y-%m-%d}完成，如需重做请先撤销")
        facts, documents, tasks, overrides = facts_of(session, case)
        refusal = cl.task_refusal(task_, facts, documents, tasks, today(), overrides)
        if refusal is not None:
            hint = (" (a manager may override the gate with a written reason)"
                    if task_.gate else "")
            raise GateClosed("task", f"{task_id} is not possible yet: {refusal.en}{hint}",
                             zh=f"暂不能「{task_.title.zh}」：{refusal.zh}"
                                + ("(经理可填写理由后放行)" if task_.gate else ""))
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
        if record.done_by_id != user.id:
            require_role(user, action=Text("undo another person's task", "撤销他人完成的任务"))
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
        if not may_override(user.role):
            raise PermissionDenied("user", f"{user.name} may not override a gate",
                                   "a manager", zh="只有经理可以放行关卡")
        case = find_case(session, number, for_update=True)
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
        acting_user(session, actor)
        case = find_case(session, number)
        facts, documents, tasks, overrides = facts_of(session, case)
    day = today()
    refusals = {task_id: why for task_id, task_ in TASKS.items() if task_id not in tasks
                and (why := cl.task_refusal(task_, facts, documents, tasks, day, overrides))
                is not None}
    closed = {gate: why for gate in GATES
              if (why := cl.gate_problem(gate, facts, documents, tasks, day, overrides))
              is not None}
    return Blockers(refusals, closed)
