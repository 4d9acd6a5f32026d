"""Settlement (结算清单), recorded amounts and loan costs: vectors summed in the test."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import InvalidInput
from app.domain.money import annual_percentage_rate, loan_costs, repayment_schedule
from app.domain.procedure import task
from app.domain.settlement import (
    Settlement,
    accessory_amount,
    check_recorded_amount,
    expected_amounts,
    settlement_due,
    with_recorded_total,
)
from app.domain.task_values import validate_task_values

D = Decimal
PRICE, LOAN, DOWN = D("200000.00"), D("140000.00"), D("60000.00")
ACCESSORIES = [{"name": "脚垫", "quantity": "1", "unit_price": "600", "amount": "600.00"},
               {"name": "座套", "quantity": "2", "unit_price": "490.50", "amount": ""}]
FEES = [{"item": "上牌服务费", "amount": "800.00", "loan_cost": False},
        {"item": "金融服务费", "amount": "1500.00", "loan_cost": True}]


def due(down: Decimal | None = DOWN, **changes: object) -> Settlement:
    args: dict[str, object] = {"price": PRICE, "accessories": ACCESSORIES, "fee_items": FEES,
                               "loan_amount": LOAN, "down_payment_received": down} | changes
    return settlement_due(**args)  # type: ignore[arg-type]


def test_amount_due_is_price_accessories_fees_less_loan_and_received() -> None:
    s = due()
    expected = PRICE + D("600.00") + 2 * D("490.50") + D("800.00") + D("1500.00") - LOAN - DOWN
    assert s.total == expected == D("3881.00")
    assert sum(line.amount for line in s.lines) == s.total
    printed = [(line.printed, line.amount) for line in s.lines]
    assert printed == [("车辆价款", PRICE), ("装具", D("1581.00")), ("上牌服务费", D("800.00")),
                       ("金融服务费", D("1500.00")), ("减：贷款金额", -LOAN),
                       ("减：已收首付款", -DOWN)]
    assert s.capital == "人民币叁仟捌佰捌拾壹元整"


def test_down_payment_not_yet_received_is_still_owed() -> None:
    s = due(down=None)
    assert s.total == due().total + DOWN
    assert all("首付" not in line.printed for line in s.lines)


def test_deposit_is_deducted_and_capital_follows_pboc_rules() -> None:
    # DOMAIN.md's vector: 16409.02 → 人民币壹万陆仟肆佰零玖元零贰分.
    s = due(accessories=[], fee_items=[{"item": "保险", "amount": "17409.02"}],
            deposit=D("1000"))
    assert s.total == D("16409.02")
    assert s.lines[-1].printed == "减：已收定金"
    assert s.capital == "人民币壹万陆仟肆佰零玖元零贰分"


@given(st.lists(st.decimals(0, 10**5, places=2), max_size=8),
       st.lists(st.decimals(0, 10**5, places=2), max_size=8),
       st.decimals(1, 10**6, places=2))
def test_lines_always_sum_to_the_total(accessories: list[Decimal], fees: list[Decimal],
                                       price: Decimal) -> None:
    loan = (price * D("0.7")).quantize(D("0.01"))
    s = settlement_due(price=price, accessories=[{"amount": str(a)} for a in accessories],
                       fee_items=[{"item": "x", "amount": str(f)} for f in fees],
                       loan_amount=loan, down_payment_received=price - loan)
    assert s.total == sum(accessories, D(0)) + sum(fees, D(0))
    assert sum(line.amount for line in s.lines) == s.total


def test_a_different_total_with_a_reason_prints_an_adjustment_line() -> None:
    settled = with_recorded_total(due(), {"total": "3800.00", "reason": "抹零"})
    assert settled.total == D("3800.00")
    assert settled.lines[:-1] == due().lines
    assert (settled.lines[-1].printed, settled.lines[-1].amount) == ("调整：抹零", D("-81.00"))
    assert settled.capital == "人民币叁仟捌佰元整"
    assert with_recorded_total(due(), {"total": "3881.00"}) == due()


def amount_refusal(task_id: str, **values: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        check_recorded_amount(task_id, values, price=PRICE, down_payment=DOWN, due=due())
    assert info.value.zh
    return info.value


def test_down_payment_must_be_the_cases() -> None:
    check_recorded_amount("down_payment", {"amount": "60000.00"}, price=PRICE,
                          down_payment=DOWN, due=due())
    error = amount_refusal("down_payment", amount="59999.99")
    assert error.field == "amount"
    assert "¥59,999.99" in error.problem and "¥60,000.00" in error.problem
    assert "¥59,999.99" in error.zh and "¥60,000.00" in error.zh
    # No reason makes a wrong down payment right: the case is changed instead.
    amount_refusal("down_payment", amount="60000.01", reason="客户多付")


def test_invoice_must_be_the_cars_price() -> None:
    check_recorded_amount("invoice", {"amount": "200000", "number": "1"}, price=PRICE,
                          down_payment=DOWN, due=due())
    error = amount_refusal("invoice", amount="199999.99", number="1")
    assert "¥199,999.99" in error.problem and "¥200,000.00" in error.problem


def test_settlement_total_must_be_the_amount_due_unless_a_reason_is_given() -> None:
    check_recorded_amount("settlement", {"total": "3881.00"}, price=PRICE, down_payment=DOWN,
                          due=due())
    for wrong in ("3881.01", "3880.99", "200000"):
        error = amount_refusal("settlement", total=wrong)
        assert error.field == "total" and "due ¥3,881.00" in error.problem
        assert "¥3,881.00" in error.expected and "原因" in error.zh
    amount_refusal("settlement", total="3800", reason="  ")
    check_recorded_amount("settlement", {"total": "3800", "reason": "抹零"}, price=PRICE,
                          down_payment=DOWN, due=due())


def test_settlement_task_takes_zero_and_a_reason_but_no_negative() -> None:
    settlement = task("settlement")
    assert validate_task_values(settlement, {"total": "0"}) == {"total": "0.00"}
    assert validate_task_values(settlement, {"total": "5", "reason": "抹零"})["reason"] == "抹零"
    with pytest.raises(InvalidInput):
        validate_task_values(settlement, {"total": "-1"})
    with pytest.raises(InvalidInput):  # elsewhere 0 is still no amount
        validate_task_values(task("down_payment"), {"amount": "0"})


# --- loan costs in the APR (PBoC 〔2021〕 No. 3) -------------------------------------------

def test_loan_costs_are_the_fees_and_the_items_marked_loan_cost() -> None:
    assert loan_costs(D("1500"), FEES) == D("3000.00")  # 1500 + 金融服务费, not 上牌服务费
    assert loan_costs(D("0"), [{"item": "手续费", "amount": "200"}]) == D("0.00")  # unmarked
    assert loan_costs(D("0"), [{"item": "GPS", "amount": "300", "loan_cost": "true"}]) == 0


def test_apr_counts_the_marked_fee_items() -> None:
    plain = repayment_schedule(LOAN, D("0.0499"), 36, "equal_installment", fees=D("1500"))
    costs = repayment_schedule(LOAN, D("0.0499"), 36, "equal_installment",
                               fees=loan_costs(D("1500"), FEES))
    payments = [i.payment for i in plain.installments]
    assert costs.apr == annual_percentage_rate(LOAN, payments, D("3000"))
    assert costs.apr > plain.apr


# -- the smaller rules, each pinned (mutation testing found them unasserted) -----------------


@pytest.mark.parametrize(("row", "amount"), [
    ({"amount": "600"}, D("600.00")),  # a typed amount wins over quantity × price
    ({"amount": "600", "quantity": "3", "unit_price": "100"}, D("600.00")),
    ({"amount": "1,200.005"}, D("1200.01")),  # thousands separator; half-up to 分
    ({"amount": "", "quantity": "3", "unit_price": "0.335"}, D("1.02")),  # 3 × 0.34
    ({"quantity": "2", "unit_price": "490.50"}, D("981.00")),
    ({"quantity": "2"}, D("0.00")),  # no price: nothing to charge
    ({"unit_price": "490.50"}, D("0.00")),
    ({"amount": "abc", "quantity": "x", "unit_price": "1"}, D("0.00")),
    ({"amount": "Infinity"}, D("0.00")),
    ({}, D("0.00")),
])
def test_an_accessory_rows_amount(row: dict[str, str], amount: Decimal) -> None:
    value = accessory_amount(row)
    assert value == amount and value.as_tuple().exponent == -2


def test_the_explanation_names_each_line_with_its_sign_and_the_total() -> None:
    settlement = due()
    total = PRICE + D("1581.00") + D("2300.00") - LOAN - DOWN
    explained = settlement.explained()
    # Amounts read with thousands separators, as everywhere money shows (issue 14).
    assert explained.zh.startswith(f"车辆价款 ¥{PRICE:,.2f} + ")
    assert explained.zh.endswith(f" = ¥{total:,.2f}")
    assert explained.en.startswith(f"vehicle price ¥{PRICE:,.2f} + accessories ¥1,581.00 + ")
    assert f"− loan amount ¥{LOAN:,.2f}" in explained.en and "+ −" not in explained.en
    assert explained.en.count(" + ") == 3 and explained.en.count(" − ") == 2


def test_an_adjustment_without_a_reason_says_the_case_changed() -> None:
    settled = with_recorded_total(due(), {"total": "4000"})
    assert settled.lines[-1].title.zh == "调整：结算后案件金额有变"
    assert settled.lines[-1].amount == D("4000.00") - due().total
    assert settled.total == D("4000.00")
    blank = with_recorded_total(due(), {"total": "4000", "reason": "  "})
    assert blank.lines[-1].title.zh == "调整：结算后案件金额有变"
    for unreadable in ({"total": ""}, {"total": "abc"}, {}):
        assert with_recorded_total(due(), unreadable) == due()


def test_the_amounts_a_case_expects_are_its_own_figures() -> None:
    from datetime import date

    from app.domain.case_input import parse_case
    from tests.conftest import married_case

    data = parse_case(married_case(), date(2026, 11, 23))
    before = expected_amounts(data, {})
    assert before == {("down_payment", "amount"): D("60000.00"),
                      ("invoice", "amount"): D("200000.00"),
                      ("disbursed", "amount"): D("140000.00"),
                      ("settlement", "total"): D("60000.00")}  # nothing received yet
    received = expected_amounts(data, {"down_payment": {"amount": "60000"}})
    assert received[("settlement", "total")] == D("0.00")
