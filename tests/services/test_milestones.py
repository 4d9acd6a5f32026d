"""A case's milestones (contract signed, loan paid out) on its row: kept by every write from
the task rows, filled in bulk and by migration 0007 the same way, left out of the digests,
and giving the board the very figures it computed from the task rows before."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select, text, update

from app.domain.board import MILESTONES
from app.domain.procedure import STEP_IDS
from app.services.audit import verify_chain
from app.services.board import board_in
from app.services.common import now
from app.services.dealerships import add_dealership, dealership_id_of
from app.services.demo import bulk_seed, fill_demo
from app.services.milestones import fill_milestones
from app.services.tasks import undo_task
from app.services.users import FIRST_ADMIN
from app.store.audit_chain import row_digest
from app.store.db import Database
from app.store.models import Case, TaskRecord, User
from tests import board_from_tasks as from_tasks
from tests.conftest import MANAGER
from tests.helpers import new_case
from tests.services.conftest import template

AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
MILESTONE_INDEXES = {"ix_cases_in_transit", "ix_cases_dealership_in_transit",
                     "ix_cases_paid_out", "ix_cases_dealership_paid_out"}


def stored(db: Database) -> dict[str, tuple[datetime | None, datetime | None]]:
    """Each case's milestones as the case row holds them."""
    with db.reading() as session:
        return {r[0]: (r[1], r[2]) for r in session.execute(
            select(Case.number, Case.signed_at, Case.paid_out_at))}


def from_task_rows(db: Database) -> dict[str, tuple[datetime | None, datetime | None]]:
    """Each case's milestones read from its task rows, independently of the code under test."""
    with db.reading() as session:
        found = {n: {} for n in session.scalars(select(Case.number))}
        for number, task_id, done_at in session.execute(
                select(Case.number, TaskRecord.task_id, TaskRecord.done_at)
                .join(Case, Case.id == TaskRecord.case_id)):
            found[number][task_id] = done_at
    return {n: (t.get("sign_contract"), t.get("disbursed")) for n, t in found.items()}


def test_the_names_are_the_tasks_that_mark_them() -> None:
    assert MILESTONES == {"signed_at": "sign_contract", "paid_out_at": "disbursed"}


def test_every_write_keeps_the_milestones_of_its_case(db: Database) -> None:
    unsigned, _ = new_case(db)
    signed, _ = new_case(db, steps=1)
    paid, _ = new_case(db, steps=STEP_IDS.index("disbursement") + 1)
    held = stored(db)
    assert held == from_task_rows(db)
    assert held[unsigned] == (None, None)
    assert held[signed][0] is not None and held[signed][1] is None
    assert held[paid][0] is not None and held[paid][1] is not None
    assert held[paid][0] < held[paid][1]
    # Taking the payout back takes its date off the case; the signing stays.
    undo_task(db, MANAGER, paid, "disbursed", reason="recorded on the wrong case")
    assert stored(db)[paid] == (held[paid][0], None) == from_task_rows(db)[paid]


def test_the_bulk_fill_sets_what_the_writes_keep(db: Database) -> None:
    new_case(db)
    new_case(db, steps=1)
    paid, _ = new_case(db, steps=STEP_IDS.index("disbursement") + 1)
    kept = stored(db)
    with db.transaction() as session:
        session.execute(update(Case).values(signed_at=None, paid_out_at=None))
    with db.transaction() as session:
        paid_id = session.scalar(select(Case.id).where(Case.number == paid))
        assert paid_id is not None
        fill_milestones(session, [paid_id])  # that case only
    assert {n: v for n, v in stored(db).items() if v != (None, None)} == {paid: kept[paid]}
    with db.transaction() as session:
        fill_milestones(session)
    assert stored(db) == kept
    # Copies of the tasks: neither in a case's digest nor written to the trail again.
    assert verify_chain(db).intact


def test_the_milestones_are_no_part_of_a_case_digest(db: Database) -> None:
    number, _ = new_case(db, steps=1)
    with db.reading() as session:
        row = dict(session.execute(text("SELECT * FROM cases WHERE number = :n"),
                                   {"n": number}).mappings().one())
    assert row["signed_at"] is not None
    assert row_digest("cases", row) == row["digest"]
    assert row_digest("cases", {**row, "signed_at": None, "paid_out_at": AT}) == row["digest"]
    assert row_digest("cases", {**row, "customer_name": "改"}) != row["digest"]  # still bites


# -- the board: from the milestones as it was from the task rows --------------------------------


def _same_board(db: Database, at: datetime, dealerships: tuple[int | None, ...]) -> None:
    with db.reading() as session:
        for dealership_id in dealerships:
            new = board_in(session, at, dealership_id=dealership_id)
            assert new == from_tasks.board_in(session, at, dealership_id=dealership_id)
            # Both of the old board's searches for the contracts in transit, too.
            assert (new.in_transit_total, new.in_transit) == from_tasks.contracts_in_transit(
                session, at, in_flight=10**6, dealership_id=dealership_id)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, _ = template(tmp_path_factory, "milestones-demo", lambda d: fill_demo(d, 24))
    return path


def test_the_demo_board_is_the_board_from_tasks(
        demo_path: Path, copy_of: Callable[[Path], Database]) -> None:
    db = copy_of(demo_path)
    assert stored(db) == from_task_rows(db)  # the demo writes through the services
    board = board_in_now(db)
    assert board.funding_all is not None and board.counts  # a board with something on it
    _same_board(db, now(), (None, 1))


def board_in_now(db: Database):  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return board_in(session, now())


def _bulk(db: Database, cases: int) -> None:
    """Bulk-seeded cases (no tasks), then the milestone tasks inserted in bulk as the board
    benchmark seeds them, some cases in a second dealership, some refused by the lender."""
    bulk_seed(db, cases, seed=3)
    assert {v for v in stored(db).values()} == {(None, None)}  # no tasks: no milestones
    add_dealership(db, FIRST_ADMIN, "east", "东区店")
    rng = random.Random(4)
    with db.transaction() as session:
        assert dealership_id_of(session, "east") == 2
        staff = session.scalar(select(User.id).where(User.name == MANAGER))
        for case_id, step in session.execute(select(Case.id, Case.current_step)).all():
            reached = (*STEP_IDS, "done").index(step)
            signed = AT - timedelta(days=rng.uniform(1, 500))
            if reached >= 1:
                session.add(TaskRecord(case_id=case_id, task_id="sign_contract",
                                       done_at=signed, done_by_id=staff))
            if reached > STEP_IDS.index("disbursement") or (reached >= 1 and rng.random() < .1):
                session.add(TaskRecord(case_id=case_id, task_id="disbursed",
                                       done_at=min(AT, signed + timedelta(
                                           days=rng.uniform(0.5, 60))), done_by_id=staff))
            changes = {}
            if rng.random() < 0.3:
                changes["dealership_id"] = 2
            if reached >= 1 and rng.random() < 0.05:
                changes["status"] = "rejected"
            if changes:
                session.execute(update(Case).where(Case.id == case_id).values(**changes))
        session.flush()
        fill_milestones(session)


def test_a_bulk_seeded_board_is_the_board_from_tasks(db: Database) -> None:
    _bulk(db, 400)
    assert stored(db) == from_task_rows(db)
    board = board_in_now(db)
    assert board.in_transit_total > 0 and board.funding_all is not None
    _same_board(db, AT, (None, 1, 2))
    _same_board(db, AT + timedelta(days=200), (None,))  # other months, other payouts


# -- migration 0007 -----------------------------------------------------------------------------


def test_migration_0007_fills_the_milestones_from_the_tasks_and_goes_back(
        db: Database) -> None:
    # Through the services, so that the trail knows every case (bulk rows it does not).
    new_case(db)
    new_case(db, steps=1)
    new_case(db, steps=STEP_IDS.index("disbursement") + 1)
    kept = stored(db)
    assert any(v[1] is not None for v in kept.values())
    config = db._alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    columns = {c["name"] for c in inspect(db.engine).get_columns("cases")}
    assert not {"signed_at", "paid_out_at"} & columns
    assert not MILESTONE_INDEXES & {i["name"] for i in inspect(db.engine).get_indexes("cases")}
    assert verify_chain(db).intact
    db.dispose()
    db.upgrade()
    assert db.current_revision() == db.head_revision()
    assert stored(db) == kept == from_task_rows(db)
    assert {i["name"] for i in inspect(db.engine).get_indexes("cases")} >= MILESTONE_INDEXES
    assert verify_chain(db).intact  # filled rows still match the digests the trail knows
    _same_board(db, now(), (None, 1))
