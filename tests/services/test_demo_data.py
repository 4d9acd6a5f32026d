"""Demo data a dealership would recognise (issue 14): lenders that finance what they may,
histories spread over months, a filled letterhead, pages marked 样例 SAMPLE."""

from __future__ import annotations

import io
import itertools
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from app.domain.procedure import STEPS
from app.services.audit import verify_chain
from app.services.board import get_board
from app.services.common import now
from app.services.demo import (
    CARS,
    DEALERSHIP,
    DEMO_LENDERS,
    LENDERS,
    case_json,
    fill_demo,
    finances,
    page_image,
)
from app.services.queues import my_queue
from app.services.settings import get_settings
from app.store.db import Database
from app.store.models import AuditEntry, Case, Lender, TaskRecord
from tests.conftest import CONSULTANT, CREDIT, FINANCE, INFO, INSURANCE, MANAGER, WAREHOUSE
from tests.services.conftest import template

DEMO_CASES = 22  # two rounds of the eleven stages


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, _ = template(tmp_path_factory, "demo", lambda d: fill_demo(d, DEMO_CASES))
    return path


@pytest.fixture
def demo(demo_template: Path, copy_of: Callable[[Path], Database]) -> Database:
    return copy_of(demo_template)


# -- lenders, brands, prices (no database) --------------------------------------------------


def test_five_lenders_that_differ() -> None:
    assert len(DEMO_LENDERS) == 5 == len(set(LENDERS))
    terms = {(lender.rates, lender.max_ltv, lender.max_term, lender.funding_days)
             for lender in DEMO_LENDERS}
    assert len(terms) == 5
    assert len({lender.max_ltv for lender in DEMO_LENDERS}) > 1
    assert len({lender.max_term for lender in DEMO_LENDERS}) > 1


def test_captive_finance_companies_finance_only_their_brands() -> None:
    bmw = next(lender for lender in DEMO_LENDERS if lender.name == "宝马汽车金融")
    assert finances(bmw, "宝马") and finances(bmw, "MINI")
    assert not finances(bmw, "本田") and not finances(bmw, "丰田")
    bank = next(lender for lender in DEMO_LENDERS if lender.name == "中国工商银行")
    assert all(finances(bank, car[0]) for car in CARS)


@pytest.mark.parametrize("lender", DEMO_LENDERS, ids=lambda lender: lender.name)
def test_every_demo_deal_fits_its_lender_and_its_car(lender: object) -> None:
    from app.services.demo import DemoLender

    assert isinstance(lender, DemoLender)
    rng = random.Random(7)
    prices = {car[1]: (car[4], car[5]) for car in CARS}
    for _ in range(60):
        data = case_json(rng, lender.name)
        vehicle, loan = data["vehicle"], data["loan"]
        if lender.brands:
            assert vehicle["brand"] in lender.brands
        low, high = prices[vehicle["model"]]
        price = Decimal(vehicle["price"])
        assert low <= price <= high
        amount = Decimal(loan["amount"])
        assert amount / price <= lender.max_ltv
        assert amount + Decimal(loan["down_payment"]) == price
        assert loan["term_months"] <= lender.max_term
        assert loan["annual_rate"] in lender.rates


def test_guide_prices_are_those_of_the_model() -> None:
    """A Honda Accord is not a ¥457k car; a BMW X3 is not a ¥150k one."""
    for brand, model, _ne, _vin, low, high in CARS:
        assert 100_000 <= low < high <= 600_000, model
        assert high - low <= 80_000, model
        if brand == "宝马":
            assert low >= 290_000
        if brand in ("本田", "吉利"):
            assert high <= 260_000


def test_demo_pages_are_marked_sample() -> None:
    image = Image.open(io.BytesIO(page_image("ID_CARD", "LD2026-000001"))).convert("RGB")
    raw = image.tobytes()
    reds = sum(1 for i in range(0, len(raw), 3)
               if raw[i] - raw[i + 1] > 50 and raw[i] - raw[i + 2] > 50)
    assert reds > 20_000  # the red 样例 SAMPLE mark across the page, not a speck


# -- the demo database ----------------------------------------------------------------------


def test_histories_are_spread_over_months(demo: Database) -> None:
    with demo.reading() as session:
        done = list(session.scalars(select(TaskRecord.done_at)))
        opened = list(session.scalars(select(Case.created_at)))
    assert max(done) - min(done) > timedelta(days=60)
    assert max(opened) - min(opened) > timedelta(days=60)
    assert max(done) <= now()  # nothing is dated in the future
    # Not one minute for everything: most records have a moment of their own.
    minutes = {d.replace(second=0, microsecond=0) for d in done}
    assert len(minutes) > len(done) // 2


def test_funding_times_differ_by_lender_and_are_not_zero(demo: Database) -> None:
    with demo.reading() as session:
        signed = dict(session.execute(select(TaskRecord.case_id, TaskRecord.done_at).where(
            TaskRecord.task_id == "sign_contract")).all())
        funded = dict(session.execute(select(TaskRecord.case_id, TaskRecord.done_at).where(
            TaskRecord.task_id == "disbursed")).all())
    days = [(funded[c] - signed[c]).total_seconds() / 86400 for c in funded]
    assert len(days) >= 4
    assert min(days) >= 1 and len({round(d) for d in days}) > 1
    board = get_board(demo, MANAGER)
    assert board.funding_by_lender and all(f.median_days > 0
                                           for f in board.funding_by_lender)


def test_some_cases_are_stuck_and_some_are_fresh(demo: Database) -> None:
    with demo.reading() as session:
        since = [s for s, step in session.execute(select(Case.step_since, Case.current_step))
                 if step != "done"]
    ages = [(now() - s).days for s in since]
    assert any(age > 7 for age in ages) and any(age <= 7 for age in ages)


def test_every_case_is_with_a_lender_that_finances_its_brand(demo: Database) -> None:
    by_name = {lender.name: lender for lender in DEMO_LENDERS}
    with demo.reading() as session:
        rows = session.execute(select(Case.vehicle_brand, Lender.name)
                               .join(Lender, Lender.id == Case.lender_id)).all()
    assert len(rows) == DEMO_CASES
    assert all(finances(by_name[lender], brand) for brand, lender in rows)
    assert len({lender for _b, lender in rows}) == 5


def test_the_audit_chain_of_a_demo_holds_and_runs_forward(demo: Database) -> None:
    assert verify_chain(demo).intact
    with demo.reading() as session:
        moments = [e.at for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))
                   if e.case_number]
    late = [(a, b) for a, b in itertools.pairwise(moments)
            if b < a - timedelta(hours=2)]
    assert len(late) <= len(moments) // 50  # a step's minutes may overlap; days never


def test_the_dealership_profile_is_filled(demo: Database) -> None:
    settings = get_settings(demo)
    for key, value in DEALERSHIP.items():
        assert settings[key] == value and value


def test_every_role_has_work_in_the_demo(demo: Database) -> None:
    for actor in (CONSULTANT, INFO, FINANCE, CREDIT, INSURANCE, WAREHOUSE, MANAGER):
        assert my_queue(demo, actor).entries, actor


def test_the_delivered_cases_are_finished(demo: Database) -> None:
    """Statements entered months ago still cover the months the checklist reads today."""
    with demo.reading() as session:
        steps = list(session.scalars(select(Case.current_step)))
    delivered = sum(1 for i in range(DEMO_CASES) if i % (len(STEPS) + 1) == len(STEPS))
    assert steps.count("done") == delivered


def test_case_numbers_follow_the_order_cases_were_opened(demo: Database) -> None:
    with demo.reading() as session:
        rows: list[tuple[str, datetime]] = [
            (n, c) for n, c in session.execute(select(Case.number, Case.created_at))]
    assert [n for n, _c in sorted(rows, key=lambda r: r[1])] == sorted(n for n, _c in rows)
