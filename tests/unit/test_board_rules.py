"""The board's rules beside the stuck rule: who must act next, when the follow-up visit and
a repayment reminder fall."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain import board
from app.domain.board import follow_up_date, repayment_due_soon, who_must_act
from app.domain.procedure import STEPS, Role


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.id)
def test_who_must_act_is_the_first_open_task(step: object) -> None:
    tasks = step.tasks  # type: ignore[attr-defined]
    assert who_must_act(step.id, set()) is tasks[0].role  # type: ignore[attr-defined]
    for done in range(1, len(tasks)):
        first_open = tasks[done]
        finished = {t.id for t in tasks[:done]}
        assert who_must_act(step.id, finished) is first_open.role  # type: ignore[attr-defined]
    assert who_must_act(step.id, {t.id for t in tasks}) is None  # type: ignore[attr-defined]


def test_who_must_act_skips_done_tasks_out_of_order() -> None:
    # The first open task decides even when a later one is already done.
    step = next(s for s in STEPS if len({t.role for t in s.tasks}) > 1)
    later = step.tasks[1]
    assert who_must_act(step.id, {later.id}) is step.tasks[0].role
    assert who_must_act(step.id, {step.tasks[0].id}) is later.role


def test_nobody_acts_on_a_finished_or_unknown_step() -> None:
    assert who_must_act("done", set()) is None
    assert who_must_act("nonsense", set()) is None
    assert who_must_act(STEPS[0].id, set()) is Role.CONSULTANT


def test_follow_up_date() -> None:
    assert board.DEFAULT_FOLLOW_UP_DAYS == 3
    assert follow_up_date(date(2026, 12, 30), 3) == date(2027, 1, 2)
    assert follow_up_date(date(2026, 12, 30), 0) == date(2026, 12, 30)


def test_reminders_come_one_and_two_days_before() -> None:
    assert board.REMINDER_DAYS_BEFORE == (1, 2)
    start = date(2026, 3, 10)
    one = repayment_due_soon(start, 12, date(2026, 4, 9))
    two = repayment_due_soon(start, 12, date(2026, 4, 8))
    assert one is not None and (one.period, one.due_date, one.days_ahead) == (
        1, date(2026, 4, 10), 1)
    assert two is not None and two.days_ahead == 2
    # A setting of (3,) moves it: three days before, not one or two.
    assert repayment_due_soon(start, 12, date(2026, 4, 9), days_before=(3,)) is None
    three = repayment_due_soon(start, 12, date(2026, 4, 7), days_before=(3,))
    assert three is not None and three.days_ahead == 3
    # The nearer day wins when both would match (a two-day list, due tomorrow).
    both = repayment_due_soon(start, 12, date(2026, 4, 9), days_before=(2, 1))
    assert both is not None and both.days_ahead == 1


def test_the_term_ends_the_reminders() -> None:
    start = date(2026, 3, 10)
    last = repayment_due_soon(start, 12, date(2027, 3, 9))
    assert last is not None and last.period == 12
    assert repayment_due_soon(start, 11, date(2027, 3, 9)) is None
    first = repayment_due_soon(start, 1, date(2026, 4, 9))
    assert first is not None and first.period == 1
    assert repayment_due_soon(start, 0, date(2026, 4, 9)) is None

