"""What the printed forms read: the mortgage packet's five originals with their custody, the
fee details' payments by repayment method."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.money import repayment_schedule
from app.services.custody import check_in, check_out
from app.services.form_context import build_context
from app.store.db import Database
from tests.conftest import CONSULTANT, INFO, married_case
from tests.helpers import new_case
from tests.services.conftest import template

AGENT = "车管所代办 老张"
# Seed step ⑧: 保险单，合格证原件，身份证原件，发票原件，抵押合同 (in this order).
SEED_ORIGINALS = ["保险单原件", "合格证原件", "身份证(正反面)原件", "购车发票原件",
                  "抵押合同原件"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    return template(tmp_path_factory, "form_context", lambda db: new_case(db)[0])


@pytest.fixture
def case(built: tuple[Path, str], copy_of: Callable[[Path], Database]) -> tuple[Database, str]:
    path, number = built
    return copy_of(path), number


def context(db: Database, number: str) -> dict[str, object]:
    with db.reading() as session:
        return build_context(session, number, {})


def test_mortgage_packet_lists_the_five_originals_of_step_8(case: tuple[Database, str]
                                                            ) -> None:
    db, number = case
    rows = context(db, number)["mortgage_originals"]
    assert isinstance(rows, list)
    assert [r["title"] for r in rows] == SEED_ORIGINALS
    assert all(r["holder"] == r["out_on"] == r["returned_on"] == "" for r in rows)


def test_each_original_says_who_took_it_and_when(case: tuple[Database, str]) -> None:
    db, number = case
    check_out(db, CONSULTANT, number, "conformity_certificate", to="第一次")
    check_in(db, CONSULTANT, number, "conformity_certificate")
    check_out(db, INFO, number, "conformity_certificate", to=AGENT)  # the last one counts
    check_out(db, CONSULTANT, number, "id_card", to=AGENT)
    check_in(db, CONSULTANT, number, "id_card")
    check_out(db, CONSULTANT, number, "id_card", to="配偶的代办", party="spouse")
    rows = {r["kind"]: r for r in context(db, number)["mortgage_originals"]}
    conformity, id_card = rows["conformity_certificate"], rows["id_card"]
    assert (conformity["holder"], conformity["out_by"], conformity["returned_on"]) == (
        AGENT, "赵敏", "")
    assert len(conformity["out_on"]) == 10 and conformity["out_on"][:2] == "20"
    # The owner's ID goes to the mortgage; the spouse's card out does not replace it.
    assert id_card["holder"] == AGENT and id_card["returned_on"] == id_card["out_on"]
    assert rows["vehicle_invoice"]["holder"] == ""


@pytest.mark.parametrize("method", ["equal_installment", "equal_principal"])
def test_fee_details_know_whether_payments_fall(db: Database,
                                                method: str) -> None:
    data = married_case()
    data["loan"] = {**data["loan"], "method": method}
    number, _ = new_case(db, loan=data["loan"])
    loan = context(db, number)["loan"]
    assert isinstance(loan, dict)
    expected = repayment_schedule(Decimal(data["loan"]["amount"]),
                                  Decimal(data["loan"]["annual_rate"]),
                                  int(data["loan"]["term_months"]), method)
    assert loan["payments_fall"] is (method == "equal_principal")
    assert Decimal(loan["first_payment"]) == expected.first_payment
    assert Decimal(loan["last_payment"]) == expected.last_payment


def test_the_settlement_capital_is_written_when_read(case: tuple[Database, str]) -> None:
    """Issue 15: the 大写 of the settlement is computed on reading (cn2an is slow to load),
    and reads as the capital numerals of the printed total, like every other key."""
    from decimal import Decimal

    from app.domain.money import capital_numerals
    from app.printing.values import lookup

    db, number = case
    built = context(db, number)
    section = built["settlement"]
    assert isinstance(section, Mapping)
    assert list(section) == ["items", "total", "settled_at", "capital"]
    total = Decimal(str(section["total"]))
    expected = capital_numerals(total) if total >= 0 else ""
    assert lookup(built, "settlement.capital") == expected == dict(section)["capital"]
    assert lookup(built, "settlement.nothing") is None
