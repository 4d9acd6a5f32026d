"""What waits for whom: the tasks of a case that are a role's to do now, and since when.

A role's home is its queue (issue 14). Nothing here is a second rule: a task waits when it is
not done and the checklist's own prerequisites (checklist.unmet_prerequisites, the function
that refuses `complete_task`) are met, except for paper the task's own role brings (the
insurance specialist attaches the policy, then records the sale; the consultant collects the
documents, then ticks them off). Which role a task waits for is the procedure's `Task.role`;
who else may do it (a manager) is the permission matrix's. Copies to confirm and visits due
are read by the service from the forms and the follow-up visits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from app.domain import checklist as cl
from app.domain.errors import Text
from app.domain.procedure import (
    DOCUMENT_KINDS,
    STEPS,
    STEPS_BY_ID,
    TASKS,
    DocumentValid,
    FormIssued,
    OriginalsOut,
    Prerequisite,
    Role,
    StepComplete,
    StepDocuments,
    Task,
    TaskDone,
)


def supplied_by(need: Prerequisite) -> Role | None:
    """The role that makes a piece of paper true by itself (a document, a form, originals
    out); None for what is another step of the procedure (an earlier task, a gate, a copy
    confirmed, a whole step)."""
    if isinstance(need, DocumentValid):
        return DOCUMENT_KINDS[need.kind].supplied_by
    if isinstance(need, StepDocuments):
        kinds = {DOCUMENT_KINDS[r.kind].supplied_by for r in STEPS_BY_ID[need.step].documents}
        return kinds.pop() if len(kinds) == 1 else None
    if isinstance(need, FormIssued | OriginalsOut):
        return need.by
    return None


@dataclass(frozen=True)
class WaitingTask:
    task: Task
    since: datetime  # when the last thing it waited for happened
    why: Text  # what a person reads beside it: why it is theirs now


def _after(task_: Task) -> tuple[str, ...]:
    """The recorded tasks whose moment starts the wait: its TaskDone needs and the tasks of
    the steps it needs complete; for a task resting on neither (one held by a gate), the
    tasks of the steps its own step follows."""
    named = [n.task for n in task_.needs if isinstance(n, TaskDone)]
    steps = [n.step for n in task_.needs if isinstance(n, StepComplete)]
    if not named and not steps:
        steps = list(STEPS_BY_ID[task_.step].after)
    return tuple(named + [t.id for s in steps for t in STEPS_BY_ID[s].tasks])


def waiting_since(task_: Task, tasks: Mapping[str, cl.TaskFacts], opened: datetime
                  ) -> tuple[datetime, Text]:
    """Since when the task has been someone's to do, and what started it: the latest of
    the tasks it rests on, or the case's opening for a task that rests on none."""
    done = [tasks[t] for t in _after(task_) if t in tasks]
    if not done:
        return opened, Text("new case", "新案件")
    last = max(done, key=lambda t: t.done_at)
    title = TASKS[last.task_id].title
    return last.done_at, Text(f"after: {title.en} ({last.done_by})",
                              f"前一项：{title.zh}（{last.done_by}）")


def waiting_tasks(case: cl.CaseFacts, documents: Sequence[cl.DocumentFacts],
                  tasks: Mapping[str, cl.TaskFacts], today: date, opened: datetime,
                  overrides: Mapping[str, cl.Override] | None = None,
                  evidence: cl.Evidence | None = None) -> list[WaitingTask]:
    """Every task of the case that is its role's to do now, in the procedure's order."""
    found = []
    for step_ in STEPS:
        for task_ in step_.tasks:
            if task_.id in tasks:
                continue
            unmet = cl.unmet_prerequisites(task_.needs, case, documents, tasks, today,
                                           overrides, evidence)
            if any(supplied_by(need) != task_.role for need, _why in unmet):
                continue  # someone else, or an earlier task, still has to move first
            since, after = waiting_since(task_, tasks, opened)
            if unmet:  # only the role's own paper is missing: say which
                first = unmet[0][1]
                why = Text(f"{after.en}; to bring: {first.en}", f"{after.zh}；待补：{first.zh}")
            else:
                why = Text(f"{after.en}; ready to record", f"{after.zh}；可以办理")
            found.append(WaitingTask(task_, since, why))
    return found
