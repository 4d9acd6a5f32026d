"""A case's milestones (signed, paid out) on its own row, copied from the tasks that mark them
(app.domain.board.MILESTONES), so that the board counts a dealer group's million cases
without reading their task rows.

`set_milestones` runs where every write to a case passes (cases.refresh, from the task facts
it has read already); `fill_milestones` copies them in one statement for writers that add task
rows in bulk (seeding).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.domain import checklist as cl
from app.domain.board import MILESTONES
from app.store.models import Case, TaskRecord


def set_milestones(case: Case, tasks: Mapping[str, cl.TaskFacts]) -> None:
    """Copy the done_at of the case's milestone tasks onto it (None: not done, or undone),
    from its task facts already read: no statement."""
    for column, value in milestones_of(tasks).items():
        if getattr(case, column) != value:  # unchanged: no UPDATE
            setattr(case, column, value)


def milestones_of(tasks: Mapping[str, cl.TaskFacts]) -> dict[str, datetime | None]:
    """Each milestone column's value: the done_at of its task (None: not done)."""
    return {column: tasks[task_id].done_at if task_id in tasks else None
            for column, task_id in MILESTONES.items()}


def fill_milestones(session: Session, case_ids: Collection[int] | None = None) -> None:
    """The milestones of every case (or of `case_ids`) from the task rows, set-based."""
    values = {column: select(TaskRecord.done_at).where(
        TaskRecord.case_id == Case.id, TaskRecord.task_id == task_id).scalar_subquery()
        for column, task_id in MILESTONES.items()}
    statement = update(Case).values(values).execution_options(synchronize_session=False)
    if case_ids is not None:
        statement = statement.where(Case.id.in_(list(case_ids)))
    session.execute(statement)
