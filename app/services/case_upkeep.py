"""What every write to a case keeps current on it, in two halves (issue 15, saves).

`work_out` reads the case's facts once (app.services.case_facts) and works out from them the
checklist, the milestones and the stored queue's rows; it writes nothing. `write_out` then
stores what changed: the case row once (its step, open items, milestones, the queue's day),
and of the queue rows only the difference. cases.refresh is the two in a row.

Split so that a save reads the facts once for all three, and writes only what differs:
with eight workstations saving, the time a case's row stays locked is what the others wait
for. (Working out before taking the row lock was tried and dropped: on a case that
several workstations save, nearly every such save found the row moved and did it twice.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.domain import checklist as cl
from app.services.case_facts import CaseFacts, facts_of_cases
from app.services.milestones import set_milestones
from app.services.queue_store import case_queue_rows, write_case_queue
from app.store.models import Case

OPEN, DONE, REJECTED = "open", "done", "rejected"


@dataclass(frozen=True)
class Upkeep:
    """What a case's write keeps current, worked out from one read of its facts."""

    day: date
    known: CaseFacts
    checklist: cl.Checklist
    status: str
    queue: list[dict[str, Any]]


def status_of(result: cl.Checklist) -> str:
    if result.current_step is None:
        return DONE
    return REJECTED if result.rejected else OPEN


def work_out(session: Session, case: Case, day: date) -> Upkeep:
    """Read the case's facts once and work out its checklist and queue rows (no writes)."""
    known = facts_of_cases(session, [case])[case.id]
    result = cl.evaluate(known.facts, known.documents, known.tasks, day, known.overrides)
    status = status_of(result)
    rows = case_queue_rows(session, case, known, day, is_open=status == OPEN)
    return Upkeep(day, known, result, status, rows)


def write_out(session: Session, case: Case, upkeep: Upkeep, moment: Any) -> None:
    """Store `upkeep` on the case (`moment`: the service clock's now). The case row is
    written (flushed) before the queue rows: its row lock keeps two writers of one case in
    turn (PostgreSQL), and the stored rows are read for the difference only under it."""
    result = upkeep.checklist
    step = result.current_step or "done"
    if step != case.current_step:
        case.current_step = step
        case.step_since = moment
    case.status = upkeep.status
    case.missing_count = len([i for i in result.open_items
                              if i.state is not cl.State.WAITING])
    summary = result.summary()
    case.missing_summary = summary.en[:300]
    case.missing_summary_zh = summary.zh[:300]
    case.updated_at = moment
    set_milestones(case, upkeep.known.tasks)
    # The queue's day with the rest of the row: one UPDATE of the case (a derived column,
    # neither recorded in the trail nor digested: app.store.audit_chain.DERIVED).
    case.queue_as_of = upkeep.day
    session.flush()
    write_case_queue(session, case.id, upkeep.queue)
