"""After delivery: the follow-up visit, repayment reminders on the right days (month ends,
29 February, a loan started on 31 January), and each consultant's "today" list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.domain.board import repayment_due_soon
from app.domain.errors import InvalidInput, PermissionDenied
from app.services import common
from app.services.follow_up import after_task_done, record_visit, reminders, schedule_follow_up
from app.services.settings import set_setting
from app.store.db import Database
from app.store.models import AuditEntry, Case, FollowUpVisit, TaskRecord, User
from tests.conftest import CONSULTANT, FINANCE, MANAGER, OTHER_CONSULTANT
from tests.helpers import dump, new_case
from tests.services.conftest import template

# -- the due dates themselves (pure) -------------------------------------------------------


@pytest.mark.parametrize(("start", "on", "due"), [
    (date(2028, 1, 31), date(2028, 2, 27), (1, date(2028, 2, 29), 2)),  # leap year
    (date(2028, 1, 31), date(2028, 2, 28), (1, date(2028, 2, 29), 1)),
    (date(2027, 1, 31), date(2027, 2, 26), (1, date(2027, 2, 28), 2)),  # not a leap year
    (date(2027, 1, 31), date(2027, 2, 27), (1, date(2027, 2, 28), 1)),
    (date(2027, 1, 31), date(2027, 3, 29), (2, date(2027, 3, 31), 2)),  # back to the 31st
    (date(2027, 1, 31), date(2027, 4, 29), (3, date(2027, 4, 30), 1)),
    (date(2026, 12, 15), date(2027, 1, 14), (1, date(2027, 1, 15), 1)),  # over new year
    (date(2026, 3, 10), date(2029, 3, 8), (36, date(2029, 3, 10), 2)),  # the last one
])
def test_a_reminder_one_or_two_days_before(start: date, on: date,
                                           due: tuple[int, date, int]) -> None:
    hit = repayment_due_soon(start, 36, on)
    assert hit is not None and (hit.period, hit.due_date, hit.days_ahead) == due


@pytest.mark.parametrize(("start", "on"), [
    (date(2028, 1, 31), date(2028, 2, 29)),  # the due day itself: too late to remind
    (date(2028, 1, 31), date(2028, 2, 26)),  # three days before: too early
    (date(2027, 1, 31), date(2027, 2, 28)),
    (date(2026, 3, 10), date(2029, 4, 8)),  # after the last instalment
    (date(2026, 3, 10), date(2026, 3, 8)),  # before the loan began
])
def test_no_reminder(start: date, on: date) -> None:
    assert repayment_due_soon(start, 36, on) is None


# -- the services --------------------------------------------------------------------------


def _build(db: Database) -> dict[str, str]:
    delivered, _ = new_case(db, 10)
    mine, _ = new_case(db)
    theirs, _ = new_case(db, actor=OTHER_CONSULTANT)
    return {"delivered": delivered, "mine": mine, "theirs": theirs}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    return template(tmp_path_factory, "follow_up", _build)


@pytest.fixture
def desk(built: tuple[Path, dict[str, str]], copy_of: Callable[[Path], Database]
         ) -> tuple[Database, dict[str, str]]:
    path, numbers = built
    return copy_of(path), numbers


def _schedule(db: Database, number: str, delivered_on: date) -> date:
    with db.transaction() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case is not None
        return schedule_follow_up(session, case, delivered_on).due_on


def test_visit_three_days_after_delivery_by_default(desk: tuple[Database, dict[str, str]]
                                                    ) -> None:
    db, n = desk
    assert _schedule(db, n["delivered"], date(2026, 11, 27)) == date(2026, 11, 30)
    # Again (the hook runs, delivery undone and recorded again): still one visit.
    assert _schedule(db, n["delivered"], date(2026, 11, 28)) == date(2026, 12, 1)
    with db.reading() as session:
        assert len(session.scalars(select(FollowUpVisit)).all()) == 1


def test_the_setting_moves_the_visit(desk: tuple[Database, dict[str, str]]) -> None:
    db, n = desk
    set_setting(db, "admin", "follow_up.days_after_delivery", "7")
    assert _schedule(db, n["delivered"], date(2028, 2, 25)) == date(2028, 3, 3)


def test_the_hook_of_complete_task(desk: tuple[Database, dict[str, str]]) -> None:
    """What tasks.complete_task calls: delivering plans the visit, the "follow-up scheduled"
    task moves it to the agreed day; both audited."""
    db, n = desk
    with db.transaction() as session:
        case = session.scalar(select(Case).where(Case.number == n["delivered"]))
        user = session.scalar(select(User).where(User.name == CONSULTANT))
        assert case is not None and user is not None
        after_task_done(session, user, case, "delivered", {})
        after_task_done(session, user, case, "follow_up_scheduled", {"visit_on": "2030-01-02"})
        after_task_done(session, user, case, "plate", {"plate": "京A12345"})  # not ours
    with db.reading() as session:
        visit = session.scalar(select(FollowUpVisit))
        actions = session.scalars(select(AuditEntry.action).where(
            AuditEntry.action == "follow_up.schedule")).all()
    assert visit is not None and visit.due_on == date(2030, 1, 2)
    assert len(actions) >= 1


def test_visits_on_the_today_list_until_recorded(desk: tuple[Database, dict[str, str]]
                                                  ) -> None:
    db, n = desk
    due = _schedule(db, n["delivered"], date(2026, 11, 27))  # 11-30
    assert reminders(db, CONSULTANT, due - timedelta(days=1)).visits == ()
    (visit,) = reminders(db, CONSULTANT, due).visits
    assert (visit.number, visit.due_on, visit.days_late, visit.consultant) == (
        n["delivered"], due, 0, "王芳")
    assert reminders(db, CONSULTANT, due + timedelta(days=2)).visits[0].days_late == 2
    assert reminders(db, OTHER_CONSULTANT, due).visits == ()  # not their customer
    assert len(reminders(db, MANAGER, due).visits) == 1  # a manager sees everyone's
    record_visit(db, CONSULTANT, n["delivered"], result="很满意，已在点评网站好评",
                 review_given=True)
    assert reminders(db, CONSULTANT, due).visits == ()
    with db.reading() as session:
        done = session.scalar(select(FollowUpVisit))
    assert done is not None and done.review_given is True and done.done_at is not None
    # A visit made is kept: delivering again does not reopen it.
    _schedule(db, n["delivered"], date(2027, 1, 1))
    assert reminders(db, CONSULTANT, date(2027, 1, 10)).visits == ()


def test_recording_refusals(desk: tuple[Database, dict[str, str]]) -> None:
    db, n = desk
    before = dump(db)
    with pytest.raises(InvalidInput) as none:
        record_visit(db, CONSULTANT, n["mine"], result="ok", review_given=False)
    assert "尚未安排回访" in none.value.zh
    _schedule(db, n["delivered"], date(2026, 11, 27))
    before = dump(db)
    with pytest.raises(InvalidInput):
        record_visit(db, CONSULTANT, n["delivered"], result="  ", review_given=False)
    with pytest.raises(PermissionDenied):
        record_visit(db, FINANCE, n["delivered"], result="ok", review_given=False)
    with pytest.raises(PermissionDenied):
        record_visit(db, OTHER_CONSULTANT, n["delivered"], result="ok", review_given=False)
    assert dump(db) == before
    record_visit(db, CONSULTANT, n["delivered"], result="ok", review_given=False)
    with pytest.raises(InvalidInput) as twice:
        record_visit(db, CONSULTANT, n["delivered"], result="again", review_given=True)
    assert "已于" in twice.value.zh


def _loan(db: Database, number: str, start: date) -> None:
    """A disbursed loan starting on `start` (the schedule's due dates count from it)."""
    with db.transaction() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case is not None
        session.execute(update(Case).where(Case.id == case.id).values(loan_start=start))
        if session.scalar(select(TaskRecord.id).where(TaskRecord.case_id == case.id,
                                                     TaskRecord.task_id == "disbursed")) is None:
            session.add(TaskRecord(case_id=case.id, task_id="disbursed",
                                   done_at=common.now(), done_by_id=case.consultant_id))


def test_repayment_reminders_from_the_schedule(desk: tuple[Database, dict[str, str]]) -> None:
    db, n = desk
    _loan(db, n["mine"], date(2028, 1, 31))
    _loan(db, n["theirs"], date(2027, 12, 29))
    day = reminders(db, CONSULTANT, date(2028, 2, 27))
    (r,) = day.repayments
    assert (r.number, r.period, r.due_date, r.days_ahead) == (n["mine"], 1, date(2028, 2, 29), 2)
    assert str(r.payment) == "4195.30"  # 140000 at 4.99 % over 36 months: P·r·g/(g − 1)
    assert r.phone == "13800138000" and r.consultant == "王芳"
    assert reminders(db, CONSULTANT, date(2028, 2, 29)).repayments == ()
    # The manager's list has both loans: 29 Feb is due for the loan of 29 Dec too.
    everyone = reminders(db, MANAGER, date(2028, 2, 27)).repayments
    assert sorted(r.number for r in everyone) == sorted([n["mine"], n["theirs"]])
    march = reminders(db, CONSULTANT, date(2028, 3, 30)).repayments
    assert [(r.period, r.due_date, r.days_ahead) for r in march] == [(2, date(2028, 3, 31), 1)]


def test_a_loan_not_yet_paid_out_has_no_reminders(desk: tuple[Database, dict[str, str]]
                                                   ) -> None:
    db, n = desk
    with db.transaction() as session:
        session.execute(update(Case).where(Case.number == n["mine"]).values(
            loan_start=date(2028, 1, 31)))
    assert reminders(db, CONSULTANT, date(2028, 2, 27)).repayments == ()


def test_stuck_cases_on_the_today_list(desk: tuple[Database, dict[str, str]]) -> None:
    db, n = desk
    with db.transaction() as session:
        session.execute(update(Case).where(Case.number.in_([n["mine"], n["theirs"]])).values(
            step_since=common.now() - timedelta(days=9)))
    mine = reminders(db, CONSULTANT).stuck
    assert [(s.number, s.days) for s in mine] == [(n["mine"], 9)]
    assert {s.number for s in reminders(db, MANAGER).stuck} == {n["mine"], n["theirs"]}
    # A week from now a case that waits 2 days today will have waited 9: shown ahead.
    with db.transaction() as session:
        session.execute(update(Case).where(Case.number == n["mine"]).values(
            step_since=common.now() - timedelta(days=2)))
    assert reminders(db, CONSULTANT).stuck == ()
    later = common.today() + timedelta(days=7)
    assert [s.number for s in reminders(db, CONSULTANT, later).stuck] == [n["mine"]]


def test_who_has_a_today_list(desk: tuple[Database, dict[str, str]]) -> None:
    db, _ = desk
    for refused in (FINANCE, "admin"):
        with pytest.raises(PermissionDenied):
            reminders(db, refused)
