"""The board's figures against a hand-computed dealership: seven cases whose steps, step
dates, signing and payout dates are set explicitly, so every count, median and day is known.

    case  lender  step               status    step since   signed       funded       days
    A     ICBC    registration       open      11-10        09-01 10:00  09-05 10:00  4.0
    B     ICBC    done               done      10-01        09-10 00:00  09-20 00:00  10.0
    C     ICBC    delivery           open      11-19        10-01 00:00  10-04 00:00  3.0
    D     CCB     warehouse_release  open      11-12        10-05 00:00  10-12 00:00  7.0
    E     CCB     insurance          open      11-18        11-01 00:00  —            (19.5)
    F     ICBC    contract           open      11-01        —            —
    G     ICBC    credit_review      rejected  10-20        10-15 00:00  —

The board is read at 2026-11-20 12:00 UTC (all in 2026).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.domain.errors import PermissionDenied
from app.domain.procedure import Role
from app.services.board import board_in, contracts_in_transit, get_board, stuck_cases
from app.services.board_export import board_json, board_tables, csv_files, pdf_report
from app.services.milestones import fill_milestones
from app.store.db import Database
from app.store.models import Case, Lender, TaskRecord, User
from tests import board_from_tasks as from_tasks
from tests.conftest import CONSULTANT, FINANCE, MANAGER, WAREHOUSE, married_case
from tests.services.conftest import template

AT = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
CCB = "中国建设银行"


def d(month: int, day: int, hour: int = 0) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


PLAN: dict[str, tuple[str, str, str, datetime, datetime | None, datetime | None]] = {
    "A": ("icbc", "registration", "open", d(11, 10), d(9, 1, 10), d(9, 5, 10)),
    "B": ("icbc", "done", "done", d(10, 1), d(9, 10), d(9, 20)),
    "C": ("icbc", "delivery", "open", d(11, 19), d(10, 1), d(10, 4)),
    "D": ("ccb", "warehouse_release", "open", d(11, 12), d(10, 5), d(10, 12)),
    "E": ("ccb", "insurance", "open", d(11, 18), d(11, 1), None),
    "F": ("icbc", "contract", "open", d(11, 1), None, None),
    "G": ("icbc", "credit_review", "rejected", d(10, 20), d(10, 15), None),
}


def _build(db: Database) -> dict[str, str]:
    from app.services.cases import create_case

    numbers = {}
    for name, (lender, *_rest) in PLAN.items():
        data = married_case()
        if lender == "ccb":
            data["loan"] = {**data["loan"], "lender": CCB}
        data["customer"] = {**data["customer"], "name": f"客户{name}"}
        numbers[name] = create_case(db, CONSULTANT, data)
    with db.transaction() as session:
        staff = session.scalar(select(User.id).where(User.name == CONSULTANT))
        for name, (_lender, step, status, since, signed, funded) in PLAN.items():
            case_id = session.scalar(select(Case.id).where(Case.number == numbers[name]))
            session.execute(update(Case).where(Case.id == case_id).values(
                current_step=step, status=status, step_since=since))
            for task_id, when in (("sign_contract", signed), ("disbursed", funded)):
                if when is not None:
                    session.add(TaskRecord(case_id=case_id, task_id=task_id, done_at=when,
                                           done_by_id=staff))
        session.flush()
        fill_milestones(session)  # as cases.refresh keeps them: the tasks' dates on the case
    return numbers


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    return template(tmp_path_factory, "board", _build)


@pytest.fixture
def dealership(built: tuple[Path, dict[str, str]], copy_of: Callable[[Path], Database]
               ) -> tuple[Database, dict[str, str]]:
    path, numbers = built
    return copy_of(path), numbers


def board_at(db: Database):  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return board_in(session, AT)


def test_counts_per_step(dealership: tuple[Database, dict[str, str]]) -> None:
    db, _ = dealership
    counts = {c.step: (c.cases, c.stuck, c.rejected) for c in board_at(db).counts}
    assert counts == {
        "contract": (1, 1, 0),  # F waited 19 days
        "documents": (0, 0, 0), "application": (0, 0, 0),
        "credit_review": (1, 0, 1),  # G: rejected, not "stuck"
        "approval_invoice": (0, 0, 0), "insurance": (1, 0, 0), "disbursement": (0, 0, 0),
        "registration": (1, 1, 0),  # A: 10 days
        "warehouse_release": (1, 1, 0),  # D: 8 days
        "delivery": (1, 0, 0), "done": (1, 0, 0)}


def test_stuck_cases_in_procedure_order_with_days_and_who_acts(
        dealership: tuple[Database, dict[str, str]]) -> None:
    db, n = dealership
    stuck = board_at(db).stuck
    assert [(s.number, s.step, s.days, s.who) for s in stuck] == [
        (n["F"], "contract", 19, Role.CONSULTANT),  # draft_contract is open
        (n["E"], "insurance", 2, Role.INSURANCE),
        (n["A"], "registration", 10, Role.CONSULTANT),  # purchase_tax
        (n["D"], "warehouse_release", 8, Role.CONSULTANT),  # release_form (seed order ⑨)
        (n["C"], "delivery", 1, Role.CONSULTANT)]
    assert all(s.consultant == "王芳" for s in stuck)
    assert stuck[0].missing and stuck[0].missing_zh  # the case's own summary
    with db.reading() as session:
        week = stuck_cases(session, AT, min_days=7)
    assert [s.number for s in week] == [n["F"], n["A"], n["D"]]


def test_contracts_in_transit(dealership: tuple[Database, dict[str, str]]) -> None:
    db, n = dealership
    board = board_at(db)
    # E is signed and not funded; G is signed but rejected; F never signed.
    assert board.in_transit_total == 1
    (e,) = board.in_transit
    assert (e.number, e.lender, e.days, e.step) == (n["E"], CCB, 19, "insurance")
    assert e.signed_at == d(11, 1)


def test_the_board_from_milestones_is_the_board_from_tasks(
        dealership: tuple[Database, dict[str, str]]) -> None:
    """The milestones on the cases give the board the task rows gave it (both searches the
    old board chose between for the contracts in transit, too)."""
    db, _ = dealership
    with db.reading() as session:
        new = board_in(session, AT)
        assert new == from_tasks.board_in(session, AT)
        assert contracts_in_transit(session, AT) == from_tasks.contracts_in_transit(
            session, AT, in_flight=3) == from_tasks.contracts_in_transit(
            session, AT, in_flight=10**6)
    assert new.in_transit_total == 1 and new.funding_all is not None


def test_funding_time_per_month_per_lender_and_overall(
        dealership: tuple[Database, dict[str, str]]) -> None:
    db, n = dealership
    board = board_at(db)
    by_month = {(f.key, f.cases, f.median_days, f.average_days, f.slowest_days)
                for f in board.funding_by_month}
    assert by_month == {("2026-09", 2, 7.0, 7.0, 10.0), ("2026-10", 2, 5.0, 5.0, 7.0)}
    assert [(f.key, f.cases, f.median_days, f.average_days, f.slowest_days)
            for f in board.funding_by_lender] == [
        ("中国工商银行", 3, 4.0, 5.7, 10.0), (CCB, 1, 7.0, 7.0, 7.0)]
    overall = board.funding_all
    assert overall is not None
    assert (overall.cases, overall.median_days, overall.average_days) == (4, 5.5, 6.0)
    assert [(s.number, s.days) for s in board.slowest] == [
        (n["B"], 10.0), (n["D"], 7.0), (n["A"], 4.0), (n["C"], 3.0)]
    assert board.slowest[0].lender == "中国工商银行"
    assert board.slowest[0].signed_at == d(9, 10) and board.slowest[0].funded_at == d(9, 20)


def test_payouts_older_than_a_year_leave_the_chart(
        dealership: tuple[Database, dict[str, str]]) -> None:
    db, _ = dealership
    with db.reading() as session:
        later = board_in(session, datetime(2027, 9, 15, tzinfo=UTC))
    assert [f.key for f in later.funding_by_month] == ["2026-10"]


def test_an_empty_dealership_has_an_empty_board(db: Database) -> None:
    board = get_board(db, MANAGER)
    assert sum(c.cases for c in board.counts) == 0
    assert board.funding_all is None and board.funding_by_month == ()
    assert board.stuck == () and board.in_transit == () and board.in_transit_total == 0


def test_who_may_see_the_board(dealership: tuple[Database, dict[str, str]]) -> None:
    db, _ = dealership
    assert get_board(db, FINANCE).counts
    for refused in (CONSULTANT, WAREHOUSE, "admin"):
        with pytest.raises(PermissionDenied) as error:
            get_board(db, refused)
        assert "经理" in error.value.zh


def test_exports_carry_every_table(dealership: tuple[Database, dict[str, str]]) -> None:
    db, n = dealership
    board = board_at(db)
    assert [t.name for t in board_tables(board)] == [
        "steps", "stuck", "in_transit", "funding_month", "funding_lender", "slowest",
        "originals_out"]
    files = csv_files(board)
    stuck = files["board-stuck.csv"]
    assert stuck.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Chinese
    text = stuck.decode("utf-8-sig")
    assert "案件号 Case" in text and n["F"] in text and "客户F" in text
    data = board_json(board)
    assert data["in_transit_total"] == 1 and data["stuck"][0]["who"] == "consultant"
    assert data["funding_all"]["median_days"] == 5.5
    pdf = pdf_report(board, "吴磊", "测试汽车<销售>&服务")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_lender_names_stay_apart_from_ids(dealership: tuple[Database, dict[str, str]]) -> None:
    """A lender is grouped by its id, then named: renaming one renames its row."""
    db, _ = dealership
    with db.transaction() as session:
        session.execute(update(Lender).where(Lender.name == CCB).values(name="建行(新)"))
    assert "建行(新)" in {f.key for f in board_at(db).funding_by_lender}
