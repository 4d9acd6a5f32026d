"""The stored queue (issue 15): the table `queue_entries` kept by the services must answer
exactly what the live evaluation answered (tests/queue_oracle.py, the old my_queue), for
every user, after any sequence of writes and on any later day; its first page read with the
stdlib sqlite3 module must be my_queue's first rows; and a queue is a bounded read.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update

from app.domain.errors import InvalidInput
from app.domain.procedure import MORTGAGE_ORIGINALS, STEP_IDS, Role
from app.domain.queue_records import sees_everything, visible
from app.services import common
from app.services.audit import verify_chain
from app.services.custody import check_in, check_out
from app.services.demo import bulk_seed, fill_demo
from app.services.documents import case_documents, remove_document, set_content
from app.services.follow_up import record_visit
from app.services.forms import confirm_receipt, issue_form
from app.services.lenders import update_lender
from app.services.queue_store import refresh_stale_queue, stale_cases
from app.services.queues import COPY, TASK, VISIT, QueueEntry, my_queue
from app.services.tasks import complete_task, undo_task
from app.services.users import list_users
from app.store.db import Database
from app.store.models import CLOCK, Case, QueueRecord
from app.store.quick_queue import first_queue_page, queue_is_current
from tests import queue_oracle
from tests.conftest import CONSULTANT, LENDER, MANAGER, OTHER_CONSULTANT
from tests.helpers import advancer, new_case
from tests.services.conftest import template
from tests.statements import statements

DEMO_CASES = 22  # two rounds of the eleven stages: every step, every role has work


def staff(db: Database) -> list[tuple[str, int, str]]:
    """(name, id, role) of every active user who has a queue."""
    from app.services.common import acting_user

    people = []
    with db.reading() as session:
        for view in list_users(db):
            if view.role == Role.ADMIN:
                continue
            user = acting_user(session, view.name)
            people.append((user.name, user.id, user.role))
    return people


def live(db: Database, actor: str) -> tuple[QueueEntry, ...]:
    return queue_oracle.my_queue(db, actor).entries


def assert_same_as_live(db: Database) -> None:
    """For every user: the stored queue == the live evaluation, in the same order, and the
    stdlib first page == its first rows."""
    day = common.today()
    for name, user_id, role in staff(db):
        expected = live(db, name)
        answer = my_queue(db, name)
        assert answer.complete, name
        assert answer.entries == expected, name
        if db.sqlite_path is None:
            continue  # PostgreSQL: the stdlib first page is SQLite's alone
        connection = sqlite3.connect(f"file:{db.sqlite_path}?mode=ro", uri=True)
        try:
            for limit in (1, 3, len(expected) + 5):
                assert first_queue_page(connection, user_id, role, limit, day) == \
                    expected[:limit], (name, limit)
        finally:
            connection.close()


@contextmanager
def days_later(days: float) -> Iterator[None]:
    """The desk's clock moved on: every service (and the oracle) reads the later day."""
    moment = common.now() + timedelta(days=days)
    token = CLOCK.set(lambda: moment)
    try:
        yield
    finally:
        CLOCK.reset(token)


# -- the demo database --------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, _ = template(tmp_path_factory, "queue_demo", lambda d: fill_demo(d, DEMO_CASES))
    return path


@pytest.fixture
def demo(demo_template: Path, copy_of: Callable[[Path], Database]) -> Database:
    return copy_of(demo_template)


def test_the_demo_queue_is_the_live_queue_for_every_user(demo: Database) -> None:
    with demo.reading() as session:
        kinds = set(session.scalars(select(QueueRecord.kind).distinct()))
        roles = set(session.scalars(select(QueueRecord.role).distinct()))
    assert kinds == {TASK, COPY}  # the demo's visits were all made (a later day shows one)
    with demo.reading() as session:  # written months back, worked out for today at the end
        assert not stale_cases(session, common.today(), 1)
    assert len(roles) >= 5  # the demo leaves most roles something to do
    assert_same_as_live(demo)


def test_on_later_days_the_stored_queue_is_brought_up_to_date(demo: Database) -> None:
    for days in (4, 40, 200):  # visits fall due; bank statements age; ID cards stay valid
        with days_later(days):
            with demo.reading() as session:
                assert stale_cases(session, common.today(), 1)  # every open case is stale
            assert_same_as_live(demo)
            with demo.reading() as session:
                assert not stale_cases(session, common.today(), 1)


def test_a_visit_enters_the_queue_on_its_day_and_says_how_late(demo: Database) -> None:
    number, _ = new_case(demo, steps=10)  # delivered: the visit is planned days ahead
    assert not [e for e in my_queue(demo, CONSULTANT).entries if e.number == number]
    with days_later(12):
        visits = [e for e in my_queue(demo, CONSULTANT).entries
                  if e.number == number and e.kind == VISIT]
        assert len(visits) == 1 and "late" in visits[0].why.en and "逾期" in visits[0].why.zh
        assert visits == [e for e in live(demo, CONSULTANT) if e.number == number]
        record_visit(demo, CONSULTANT, number, result="满意", review_given=True)
        assert not [e for e in my_queue(demo, CONSULTANT).entries if e.number == number]


# -- random sequences of service calls ----------------------------------------------------


def _try(call: Callable[[], object]) -> bool:
    try:
        call()
    except InvalidInput:  # refused (a gate, a rule): nothing written, nothing to check
        return False
    return True


def _documents(db: Database, number: str) -> list[Any]:
    return case_documents(db, MANAGER, number)


def _random_step(db: Database, rng: random.Random, numbers: list[str],
                 drivers: dict[str, Any]) -> tuple[str, bool]:
    """One random service call on one of `numbers`; (what, whether it was done)."""
    number = rng.choice(numbers)
    driver = drivers[number]
    move = rng.choice(("advance", "advance", "task", "undo", "remove", "expire", "issue",
                       "confirm", "custody", "visit"))
    done = False
    if move == "advance":
        steps = driver.done_steps
        if steps < len(STEP_IDS) and _try(lambda: driver.step(STEP_IDS[steps])):
            driver.done_steps += 1
            done = True
    elif move == "task":  # whatever the manager's queue offers now, done by the manager
        tasks = [e for e in my_queue(db, MANAGER).entries
                 if e.kind == TASK and e.number == number]
        done = bool(tasks) and _try(lambda: complete_task(db, MANAGER, number,
                                                          rng.choice(tasks).task_id))
    elif move == "undo":
        from app.services.cases import get_case

        done_tasks = sorted(get_case(db, MANAGER, number).tasks)
        done = bool(done_tasks) and _try(lambda: undo_task(
            db, MANAGER, number, rng.choice(done_tasks), reason="recorded by mistake"))
    elif move == "remove":
        documents = _documents(db, number)
        done = bool(documents) and _try(lambda: remove_document(
            db, MANAGER, rng.choice(documents).id, reason="wrong paper"))
    elif move == "expire":  # an ID card that runs out in a few days
        cards = [d for d in _documents(db, number) if d.kind == "id_card"]
        if cards:
            card = rng.choice(cards)
            until = common.today() + timedelta(days=rng.randint(1, 5))
            done = _try(lambda: set_content(db, MANAGER, card.id, {
                **card.content, "valid_until": until.isoformat()}))
    elif move == "issue":
        form_id = rng.choice(("sales_contract", "warehouse_release", "invoice_notice"))
        done = _try(lambda: issue_form(db, MANAGER, number, form_id))
    elif move == "confirm":
        copies = [e for e in my_queue(db, MANAGER).entries if e.kind == COPY]
        if copies:
            copy = rng.choice(copies)
            done = _try(lambda: confirm_receipt(db, MANAGER, copy.serial, copy.copy_id))
    elif move == "custody":
        kind = rng.choice(MORTGAGE_ORIGINALS)
        done = _try(lambda: check_out(db, MANAGER, number, kind, to="车管所")) or _try(
            lambda: check_in(db, MANAGER, number, kind))
    elif move == "visit":
        done = _try(lambda: record_visit(db, MANAGER, number, result="ok",
                                         review_given=False))
    return f"{move} {number}", done


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_random_service_calls_the_stored_queue_is_the_live_one(db: Database,
                                                                     seed: int) -> None:
    rng = random.Random(seed)
    numbers, drivers = [], {}
    for steps, actor in ((0, CONSULTANT), (2, OTHER_CONSULTANT), (4, CONSULTANT),
                         (7, OTHER_CONSULTANT), (9, CONSULTANT)):
        number, data = new_case(db, steps=steps, actor=actor)
        driver = advancer(db, number, data, consultant=actor)
        driver.done_steps = steps  # type: ignore[attr-defined]
        numbers.append(number)
        drivers[number] = driver
    assert_same_as_live(db)
    history = []
    for move in range(16):
        history.append(_random_step(db, rng, numbers, drivers))
        if move % 3 == 2:
            assert_same_as_live(db)
    with days_later(rng.choice((3, 6, 31))):  # an ID card runs out, a visit falls due
        history.append(_random_step(db, rng, numbers, drivers))
        assert_same_as_live(db)
    assert sum(done for _move, done in history) >= 6, history  # the calls did things
    assert verify_chain(db).intact, history  # the stored queue's day is outside the trail


# -- who sees what ------------------------------------------------------------------------


def test_a_consultant_never_sees_another_consultants_entries(demo: Database) -> None:
    people = staff(demo)
    with demo.reading() as session:
        owner = dict(session.execute(select(Case.number, Case.consultant_id)).all())
    consultants = [(n, i) for n, i, r in people if r == Role.CONSULTANT]
    assert len(consultants) >= 2
    for name, user_id in consultants:
        entries = my_queue(demo, name).entries
        assert entries, name
        assert {owner[e.number] for e in entries} == {user_id}, name
        connection = sqlite3.connect(f"file:{demo.sqlite_path}?mode=ro", uri=True)
        try:
            # The stdlib reader given another consultant's id shows that one's, never these.
            for other_name, other_id in consultants:
                page = first_queue_page(connection, other_id, Role.CONSULTANT, 10_000)
                assert all(owner[e.number] == other_id for e in page), (name, other_name)
        finally:
            connection.close()


def test_a_role_sees_only_its_own_work_and_a_manager_everyones(demo: Database) -> None:
    people = staff(demo)
    everyone = my_queue(demo, MANAGER).entries
    assert sees_everything(Role.MANAGER) and not sees_everything(Role.CONSULTANT)
    for name, _user_id, role in people:
        entries = my_queue(demo, name).entries
        if role != Role.MANAGER:
            assert {e.role for e in entries} <= {role}, name
            assert set(entries) <= set(everyone), name
    assert {e.role for e in everyone} >= {Role.CONSULTANT, Role.INFO_CLERK, Role.FINANCE}
    # The stored decision, read back, from the wrong side: another role, another consultant.
    assert visible(Role.FINANCE, 5, Role.FINANCE, None)
    assert not visible(Role.FINANCE, 5, Role.INFO_CLERK, None)
    assert visible(Role.CONSULTANT, 5, Role.CONSULTANT, 5)
    assert not visible(Role.CONSULTANT, 5, Role.CONSULTANT, 6)
    assert not visible(Role.CONSULTANT, 5, None, None)
    assert visible(Role.MANAGER, 1, None, None)


# -- stale and missing rows ---------------------------------------------------------------


def _forget_everything(db: Database) -> None:
    """The state migration 0006 leaves an upgraded database in: no rows, no day."""
    with db.transaction() as session:
        session.execute(delete(QueueRecord))
        session.execute(update(Case.__table__).values(queue_as_of=None))


def test_an_upgraded_database_is_brought_up_to_date(demo: Database, monkeypatch: Any) -> None:
    expected = {name: live(demo, name) for name, _i, _r in staff(demo)}
    _forget_everything(demo)
    monkeypatch.setattr("app.services.queues.MAX_REFRESH", 2)
    first = my_queue(demo, MANAGER)
    assert not first.complete  # two cases worked out, the others still missing
    assert set(first.entries) < set(expected[MANAGER])
    connection = sqlite3.connect(f"file:{demo.sqlite_path}?mode=ro", uri=True)
    try:
        assert not queue_is_current(connection, 1, Role.MANAGER)
        assert refresh_stale_queue(demo) == DEMO_CASES - 2  # what the desktop does behind
        people = staff(demo)
        assert all(queue_is_current(connection, i, r) for _n, i, r in people)
    finally:
        connection.close()
    for name, entries in expected.items():
        answer = my_queue(demo, name)
        assert answer.complete and answer.entries == entries, name


def test_the_migration_leaves_rows_to_the_refresh(tmp_path: Path, demo: Database) -> None:
    """0006 down and up again on a database with cases: the rows come back on demand."""
    from alembic import command

    expected = live(demo, MANAGER)
    config = demo._alembic_config()
    with demo.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    with demo.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with demo.reading() as session:
        assert session.scalar(select(func.count()).select_from(QueueRecord)) == 0
        assert session.scalar(select(func.count()).where(Case.queue_as_of.is_(None))) == \
            DEMO_CASES
    assert my_queue(demo, MANAGER).entries == expected
    assert verify_chain(demo).intact


def test_a_lenders_new_limits_make_its_cases_stale(db: Database) -> None:
    number, _ = new_case(db, steps=2)
    assert my_queue(db, CONSULTANT).entries
    update_lender(db, "admin", LENDER, income_multiple="10")  # above the bank statements
    with db.reading() as session:
        assert stale_cases(session, common.today(), 10) == [
            session.scalar(select(Case.id).where(Case.number == number))]
    assert_same_as_live(db)


def test_a_bulk_seeded_database_has_its_stored_queue(db: Database) -> None:
    bulk_seed(db, 40, seed=3, batch=15)
    with db.reading() as session:
        assert not stale_cases(session, common.today(), 1)
    assert_same_as_live(db)


# -- a bounded read -----------------------------------------------------------------------


def test_a_queue_is_a_fixed_number_of_statements(db: Database) -> None:
    counts = []
    for _ in range(2):
        for steps in (0, 3, 9):
            new_case(db, steps=steps)
        for name in (CONSULTANT, MANAGER):
            my_queue(db, name)  # anything stale is worked out before counting
            with statements(db) as seen:
                my_queue(db, name)
            counts.append(len(seen))
    assert counts[:2] == counts[2:]  # twice the cases, the same statements
    assert max(counts) <= 3  # the user, the staleness check, the rows


def test_stale_cases_are_worked_out_a_bounded_number_at_a_time(db: Database,
                                                               monkeypatch: Any) -> None:
    for _ in range(3):
        new_case(db, steps=1)
    monkeypatch.setattr("app.services.queues.MAX_REFRESH", 1)
    with days_later(2):
        assert not my_queue(db, CONSULTANT).complete
        assert not my_queue(db, CONSULTANT).complete
        assert my_queue(db, CONSULTANT).complete  # one case per answer, three cases
        assert my_queue(db, CONSULTANT).entries == live(db, CONSULTANT)


# -- the stdlib first page ----------------------------------------------------------------


def test_the_first_page_reader_imports_no_sqlalchemy() -> None:
    script = ("import sys, app.store.quick_queue; "
              "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
              "{'sqlalchemy', 'alembic', 'PySide6'} or m.startswith('app.services') "
              "or m == 'app.store.models'); print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_first_page_reader_writes_nothing(demo: Database) -> None:
    assert demo.sqlite_path is not None
    before = demo.sqlite_path.read_bytes()
    connection = sqlite3.connect(f"file:{demo.sqlite_path}?mode=ro", uri=True)
    try:
        with days_later(30):  # rows are stale that day: shown as stored, not worked out
            page = first_queue_page(connection, 1, Role.MANAGER, 5,
                                    common.today())
        assert len(page) == 5
    finally:
        connection.close()
    assert demo.sqlite_path.read_bytes() == before


def test_the_first_page_reads_times_as_utc(demo: Database) -> None:
    connection = sqlite3.connect(f"file:{demo.sqlite_path}?mode=ro", uri=True)
    try:
        page = first_queue_page(connection, 1, Role.MANAGER, 50, date.today())
    finally:
        connection.close()
    assert page and all(e.since.tzinfo is UTC for e in page)
    assert all(e.since <= datetime.now(UTC) for e in page)


def test_each_role_reads_one_index_range_of_its_own() -> None:
    """From the matrix: a consultant's rights stop at their cases, an info clerk's do not, a
    manager sees all; a role without a queue right reads nothing of anyone's."""
    from app.domain.queue_records import ALL_CASES, EVERYTHING, OWN_CASES, audience, reading_of

    assert reading_of(Role.CONSULTANT) == OWN_CASES
    assert reading_of(Role.INFO_CLERK) == ALL_CASES == reading_of(Role.FINANCE)
    assert reading_of(Role.MANAGER) == EVERYTHING
    assert audience(TASK, Role.CONSULTANT, 7) == (Role.CONSULTANT, 7)
    assert audience(TASK, Role.FINANCE, 7) == (Role.FINANCE, None)
    assert audience(COPY, Role.INSURANCE, 7) == (None, None)  # insurance confirms no copy
    assert audience(VISIT, Role.CONSULTANT, 7) == (Role.CONSULTANT, 7)
    assert audience(COPY, "customer", 7) == (None, None)


def test_the_first_page_uses_an_index_for_its_order(demo: Database) -> None:
    """The plan, not a timing: each reading is an index range in the queue's order."""
    import app.store.quick_queue as quick
    from app.domain.queue_records import reading_of

    connection = sqlite3.connect(f"file:{demo.sqlite_path}?mode=ro", uri=True)
    try:
        for role in (Role.CONSULTANT, Role.INFO_CLERK, Role.MANAGER):
            sql = (f"EXPLAIN QUERY PLAN {quick._SELECT} WHERE (due_on IS NULL OR due_on <= "
                   f":day){quick._SEEN[reading_of(role)]} ORDER BY since, number, rank "
                   "LIMIT :limit")
            plan = " ".join(r[3] for r in connection.execute(
                sql, {"day": "2026-01-01", "role": role, "user": 2, "limit": 5}))
            assert "INDEX ix_queue_entries_" in plan and "TEMP B-TREE" not in plan, (role, plan)
    finally:
        connection.close()


def test_the_stored_queues_day_is_outside_the_case_digest(db: Database) -> None:
    from sqlalchemy import text

    from app.store.audit_chain import row_digest

    number, _ = new_case(db)
    with db.reading() as session:
        row = dict(session.execute(text("SELECT * FROM cases WHERE number = :n"),
                                   {"n": number}).mappings().one())
    assert str(row["queue_as_of"]) == common.today().isoformat()
    assert row_digest("cases", row) == row["digest"]
    assert row_digest("cases", {**row, "queue_as_of": None}) == row["digest"]
    assert row_digest("cases", {**row, "missing_count": 99}) != row["digest"]
    with days_later(3):
        my_queue(db, CONSULTANT)  # works the stale case out again: a new day, no audit
    with db.reading() as session:
        assert session.scalar(select(Case.queue_as_of).where(Case.number == number)) > \
            common.today()
    assert verify_chain(db).intact


def test_a_consultants_queue_is_current_whatever_the_others_cases(demo: Database) -> None:
    people = {n: (i, r) for n, i, r in staff(demo)}
    other_id = people[OTHER_CONSULTANT][0]
    with demo.transaction() as session:
        session.execute(update(Case.__table__).where(Case.consultant_id == other_id)
                        .values(queue_as_of=None))
    connection = sqlite3.connect(f"file:{demo.sqlite_path}?mode=ro", uri=True)
    try:
        assert queue_is_current(connection, people[CONSULTANT][0], Role.CONSULTANT)
        assert not queue_is_current(connection, other_id, Role.CONSULTANT)
        assert not queue_is_current(connection, people[MANAGER][0], Role.MANAGER)
    finally:
        connection.close()
    assert my_queue(demo, CONSULTANT).complete
