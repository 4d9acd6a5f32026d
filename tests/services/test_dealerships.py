"""A dealer group: the default dealership a single store never sees, cases filed under one
dealership, the board and the case list of one dealership never showing another's cases, the
audit trail across migration 0004 and a case moved outside LoanDesk."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select, text, update
from sqlalchemy.exc import DBAPIError

from app.domain.errors import InvalidInput, NotFound, PermissionDenied
from app.services.audit import verify_chain
from app.services.board import board_in, contracts_in_transit, get_board
from app.services.dealerships import (
    add_dealership,
    dealership_id_of,
    is_group,
    list_dealerships,
    move_case,
)
from app.services.listing import CaseQuery, count_cases, list_cases
from app.services.users import FIRST_ADMIN
from app.store.audit_chain import plain, row_digest
from app.store.db import Database
from app.store.models import DEFAULT_DEALERSHIP_ID, Case, Dealership
from tests import board_from_tasks as from_tasks
from tests.conftest import CONSULTANT, MANAGER
from tests.helpers import dump, new_case
from tests.services.conftest import template
from tests.services.test_board import AT, PLAN, _build

EAST = "east-2"
# Cases of the board's hand-computed dealership (tests.services.test_board) filed under EAST.
MOVED = ("A", "D", "E")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    def build(db: Database) -> dict[str, str]:
        numbers = _build(db)
        add_dealership(db, FIRST_ADMIN, EAST, "东区二店")
        for name in MOVED:
            move_case(db, FIRST_ADMIN, numbers[name], EAST)
        return numbers

    return template(tmp_path_factory, "group", build)


@pytest.fixture
def group(built: tuple[Path, dict[str, str]], copy_of: Callable[[Path], Database]
          ) -> tuple[Database, dict[str, str]]:
    path, numbers = built
    return copy_of(path), numbers


# -- a single store ---------------------------------------------------------------------------


def test_a_single_store_has_one_default_dealership_and_every_case_in_it(db: Database) -> None:
    number, _ = new_case(db)
    assert [(d.code, d.name, d.default) for d in list_dealerships(db)] == [("main", "", True)]
    with db.reading() as session:
        assert not is_group(session)
        assert session.scalar(select(Case.dealership_id).where(Case.number == number)) \
            == DEFAULT_DEALERSHIP_ID
        assert dealership_id_of(session, None) is None  # no code: every dealership
        assert dealership_id_of(session, " MAIN ") == DEFAULT_DEALERSHIP_ID


def test_a_case_at_the_default_dealership_digests_as_before_the_column_existed(
        db: Database) -> None:
    """Digests recorded before migration 0004 must still hold: at its default the column is
    left out; at any other value it counts."""
    number, _ = new_case(db)
    with db.reading() as session:
        row = dict(session.execute(text("SELECT * FROM cases WHERE number = :n"),
                                   {"n": number}).mappings().one())
    # Nor had the milestones of 0007 nor queue_as_of of 0006: derived, never digested
    # (app.store.audit_chain.DERIVED).
    older = {k: plain(v) for k, v in row.items()
             if k not in ("digest", "dealership_id", "signed_at", "paid_out_at", "queue_as_of")}
    expected = hashlib.sha256(json.dumps(["cases", older], sort_keys=True, ensure_ascii=False,
                                         default=str).encode()).hexdigest()
    assert row["dealership_id"] == DEFAULT_DEALERSHIP_ID
    assert row_digest("cases", row) == expected == row["digest"]
    assert row_digest("cases", {**row, "dealership_id": DEFAULT_DEALERSHIP_ID + 1}) != expected
    assert verify_chain(db).intact


# -- adding dealerships -----------------------------------------------------------------------


def test_a_second_dealership_makes_a_group(db: Database) -> None:
    add_dealership(db, FIRST_ADMIN, " East-2 ", "东区二店")
    assert [(d.code, d.name, d.default) for d in list_dealerships(db)] == [
        ("main", "", True), (EAST, "东区二店", False)]
    with db.reading() as session:
        assert is_group(session)
        assert dealership_id_of(session, EAST) not in (None, DEFAULT_DEALERSHIP_ID)
        assert session.scalar(select(Dealership.name).where(Dealership.code == EAST)) \
            == "东区二店"
    assert verify_chain(db).intact


@pytest.mark.parametrize(("actor", "code", "error"), [
    (FIRST_ADMIN, "main", InvalidInput),  # exists
    (FIRST_ADMIN, "", InvalidInput),
    (FIRST_ADMIN, "东区", InvalidInput),
    (FIRST_ADMIN, "a" * 21, InvalidInput),
    (FIRST_ADMIN, "-east", InvalidInput),
    (CONSULTANT, "east", PermissionDenied),  # the settings' right (admin, manager)
])
def test_adding_a_dealership_refused_writes_nothing(db: Database, actor: str, code: str,
                                                   error: type[Exception]) -> None:
    before = dump(db)
    with pytest.raises(error):
        add_dealership(db, actor, code, "某店")
    assert dump(db) == before


def test_a_code_of_twenty_characters_is_enough(db: Database) -> None:
    add_dealership(db, FIRST_ADMIN, "a" * 20, "某店")
    assert [d.code for d in list_dealerships(db)] == ["main", "a" * 20]


def test_moving_a_case_to_an_unknown_dealership_writes_nothing(db: Database) -> None:
    number, _ = new_case(db)
    before = dump(db)
    with pytest.raises(NotFound) as refused:
        move_case(db, FIRST_ADMIN, number, "nowhere")
    assert refused.value.field == "dealership"
    with pytest.raises(PermissionDenied):
        move_case(db, CONSULTANT, number, "main")
    assert dump(db) == before


# -- one dealership's board and list ----------------------------------------------------------


def _board(db: Database, dealership_id: int | None):  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return board_in(session, AT, dealership_id=dealership_id)


def test_each_dealership_board_counts_only_its_own_cases(
        group: tuple[Database, dict[str, str]]) -> None:
    db, n = group
    with db.reading() as session:
        east = dealership_id_of(session, EAST)
    for dealership_id, names in ((east, set(MOVED)), (DEFAULT_DEALERSHIP_ID,
                                                      set(PLAN) - set(MOVED)),
                                 (None, set(PLAN))):
        board = _board(db, dealership_id)
        expected: dict[str, int] = {}
        for name in names:
            step = PLAN[name][1]
            expected[step] = expected.get(step, 0) + 1
        assert {c.step: c.cases for c in board.counts if c.cases} == expected
        numbers = {n[name] for name in names}
        assert {s.number for s in board.stuck} <= numbers
        assert {t.number for t in board.in_transit} <= numbers
        assert {f.number for f in board.slowest} <= numbers
        # Payouts: the cases of this dealership that have one (PLAN's funded date).
        funded = {name for name in names if PLAN[name][5] is not None}
        assert (board.funding_all.cases if board.funding_all else 0) == len(funded)
        assert {f.number for f in board.slowest} == {n[name] for name in funded}
    east_board = _board(db, east)
    assert [s.number for s in east_board.stuck] == [n["E"], n["A"], n["D"]]
    assert (east_board.in_transit_total, [t.number for t in east_board.in_transit]) == (
        1, [n["E"]])
    main_board = _board(db, DEFAULT_DEALERSHIP_ID)
    assert main_board.in_transit_total == 0 and n["E"] not in {
        s.number for s in main_board.stuck}
    # The milestones on the cases give each dealership the board the task rows gave it.
    with db.reading() as session:
        for dealership_id in (east, DEFAULT_DEALERSHIP_ID, None):
            assert board_in(session, AT, dealership_id=dealership_id) == from_tasks.board_in(
                session, AT, dealership_id=dealership_id)
            assert contracts_in_transit(session, AT, dealership_id=dealership_id) == \
                from_tasks.contracts_in_transit(session, AT, in_flight=10**6,
                                                dealership_id=dealership_id)


def test_the_board_service_takes_a_dealership_code(group: tuple[Database, dict[str, str]]
                                                   ) -> None:
    db, _ = group
    east = get_board(db, MANAGER, dealership=EAST)
    assert sum(c.cases for c in east.counts) == len(MOVED)
    assert sum(c.cases for c in get_board(db, MANAGER).counts) == len(PLAN)
    with pytest.raises(NotFound):
        get_board(db, MANAGER, dealership="nowhere")


def test_the_case_list_of_one_dealership_never_shows_another(
        group: tuple[Database, dict[str, str]]) -> None:
    db, n = group
    moved = {n[name] for name in MOVED}
    everyone = CaseQuery()
    in_east = {r.number for r in list_cases(db, MANAGER, everyone, dealership=EAST)}
    in_main = {r.number for r in list_cases(db, MANAGER, everyone, dealership="main")}
    assert in_east == moved
    assert in_main == set(n.values()) - moved
    assert {r.number for r in list_cases(db, MANAGER, everyone)} == set(n.values())
    assert count_cases(db, MANAGER, everyone, dealership=EAST) == len(MOVED)
    assert count_cases(db, MANAGER, everyone, dealership="main") == len(PLAN) - len(MOVED)
    assert count_cases(db, MANAGER, everyone) == len(PLAN)
    # A search for a case of the other dealership finds nothing here.
    assert list_cases(db, MANAGER, CaseQuery(search=n["A"]), dealership="main") == []
    assert [r.number for r in list_cases(db, MANAGER, CaseQuery(search=n["A"]),
                                         dealership=EAST)] == [n["A"]]
    assert count_cases(db, MANAGER, CaseQuery(search="客户A"), dealership="main") == 0
    with pytest.raises(NotFound):
        list_cases(db, MANAGER, everyone, dealership="nowhere")


def test_moving_cases_is_audited_and_a_move_outside_loandesk_is_found(db: Database) -> None:
    number, _ = new_case(db)
    other, _ = new_case(db)
    add_dealership(db, FIRST_ADMIN, EAST, "东区二店")
    move_case(db, FIRST_ADMIN, number, EAST)
    assert verify_chain(db).intact
    for moved, back in ((number, DEFAULT_DEALERSHIP_ID), (other, DEFAULT_DEALERSHIP_ID + 1)):
        with db.transaction() as session:  # filed elsewhere by hand, either way
            session.execute(update(Case).where(Case.number == moved).values(
                dealership_id=back))
        check = verify_chain(db)
        assert not check.intact
        assert any(moved in t.where for t in check.tampers)


# -- migration 0004 ---------------------------------------------------------------------------


def test_migration_0004_down_and_up_keeps_cases_and_the_trail(db: Database) -> None:
    number, _ = new_case(db)
    config = db._alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert "dealerships" not in inspect(db.engine).get_table_names()
    assert "dealership_id" not in {c["name"] for c in inspect(db.engine).get_columns("cases")}
    assert not {"ix_cases_dealership_board", "ix_cases_dealership_id"} & {
        i["name"] for i in inspect(db.engine).get_indexes("cases")}
    assert verify_chain(db).intact  # as the trail knew the case before 0004
    db.dispose()
    db.upgrade()
    assert db.current_revision() == db.head_revision()  # 0004 and whatever follows it
    with db.reading() as session:
        assert session.scalar(select(Case.dealership_id).where(Case.number == number)) \
            == DEFAULT_DEALERSHIP_ID
        assert list(session.execute(select(Dealership.id, Dealership.code))) == [
            (DEFAULT_DEALERSHIP_ID, "main")]
    assert {"ix_cases_dealership_board", "ix_cases_dealership_id"} <= {
        i["name"] for i in inspect(db.engine).get_indexes("cases")}
    assert verify_chain(db).intact
    later, _ = new_case(db)  # the trail grows on after the round trip
    assert [r.number for r in list_cases(db, MANAGER, CaseQuery(), dealership="main")] == [
        later, number]
    assert verify_chain(db).intact
    if db.engine.dialect.name == "postgresql":  # 0003's triggers still guard the trail
        with pytest.raises(DBAPIError), db.engine.begin() as connection:
            connection.execute(text("UPDATE audit_log SET action = 'x'"))
