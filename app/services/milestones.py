"""A case's milestones (signed, paid out) on its own row, copied from the tasks that mark them
(app.domain.board.MILESTONES), so that the board counts a dealer group's million cases
without reading their task rows.

`keep_milestones` runs where every write to a case passes (cases.refresh); `fill_milestones`
copies them in one statement for writers that add task rows in bulk (seeding).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.domain.board import MILESTONES
from app.store.models import Case, TaskRecord


def keep_milestones(session: Session, case: Case) -> None:
    """Copy the done_at of the case's milestone tasks onto it (None: not done, or undone)."""
    done = dict(session.execute(select(TaskRecord.task_id, TaskRecord.done_at).where(
        TaskRecord.case_id == case.id, TaskRecord.task_id.in_(MILESTONES.values()))).all())
    for column, task_id in MILESTONES.items():
        if getattr(case, column) != done.get(task_id):  # unchanged: no UPDATE
            setattr(case, column, done.get(task_id))


def fill_milestones(session: Session, case_ids: Collection[int] | None = None) -> None:
    """The milestones of every case (or of `case_ids`) from the task rows, set-based."""
    values = {column: select(TaskRecord.done_at).where(
        TaskRecord.case_id == Case.id, TaskRecord.task_id == task_id).scalar_subquery()
        for column, task_id in MILESTONES.items()}
    statement = update(Case).values(values).execution_options(synchronize_session=False)
    if case_ids is not None:
        statement = statement.where(Case.id.in_(list(case_ids)))
    session.execute(statement)
