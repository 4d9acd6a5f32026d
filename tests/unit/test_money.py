"""Money: rounding, capital numerals, schedules against known figures, APR, limits, tax."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.errors import InvalidInput
from app.domain.money import (
    LenderLimits,
    annual_percentage_rate,
    capital_numerals,
    check_loan,
    income_covers,
    loan_to_value,
    purchase_tax,
    repayment_schedule,
    to_money,
)

D = Decimal
START = date(2025, 1, 15)


# --- to_money and capital numerals ------------------------------------------------------------

@pytest.mark.parametrize(("value", "money"), [
    ("128000", D("128000.00")), ("1,234.565", D("1234.57")), (D("0.005"), D("0.01")),
    (7, D("7.00")), (0.1, D("0.10")), (" 2.675 ", D("2.68")), ("-1.005", D("-1.01")),
])
def test_to_money_rounds_half_up(value: object, money: Decimal) -> None:
    result = to_money(value)
    assert result == money
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize("value", ["abc", "", None, True, "NaN", "Infinity", [1]])
def test_to_money_refuses_non_amounts(value: object) -> None:
    with pytest.raises(InvalidInput) as info:
        to_money(value, "loan.amount")
    assert info.value.field == "loan.amount"


@given(st.decimals(min_value=-10**12, max_value=10**12, allow_nan=False, allow_infinity=False))
def test_to_money_is_idempotent(value: Decimal) -> None:
    once = to_money(value)
    assert to_money(once) == once
    assert abs(once - value) <= D("0.005")


@pytest.mark.parametrize(("amount", "words"), [
    ("16409.02", "人民币壹万陆仟肆佰零玖元零贰分"),
    ("100", "人民币壹佰元整"),
    ("0.5", "人民币伍角"),
    ("2997.085", "人民币贰仟玖佰玖拾柒元零玖分"),  # rounded half-up before writing
])
def test_capital_numerals(amount: str, words: str) -> None:
    assert capital_numerals(D(amount)) == words


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False,
                   allow_infinity=False))
def test_capital_numerals_shape(amount: Decimal) -> None:
    words = capital_numerals(amount)
    assert words.startswith("人民币")
    assert words[-1] in "整分角"


# --- repayment schedules ----------------------------------------------------------------------

def test_level_payment_reproduces_the_known_figures() -> None:
    s = repayment_schedule(D(100000), D("0.05"), 36, "equal_installment", start=START)
    assert s.installments[0].payment == D("2997.09")
    assert all(i.payment == D("2997.09") for i in s.installments[:-1])
    assert s.total_interest == D("7895.23")
    assert s.total_payment == D("107895.23")
    assert s.last_payment == D("2997.08")  # absorbs the rounding of the monthly figure
    assert s.installments[0].interest == D("416.67")
    assert s.installments[0].principal == D("2580.42")
    assert s.installments[-1].balance == D("0.00")
    assert s.apr == D("0.0500")


def test_equal_principal_reproduces_the_known_figures() -> None:
    s = repayment_schedule(D(100000), D("0.05"), 36, "equal_principal", start=START)
    assert s.first_payment == D("3194.44")
    assert s.last_payment == D("2789.35")
    assert s.total_interest == D("7708.33")
    assert s.total_payment == D("107708.33")
    payments = [i.payment for i in s.installments]
    assert payments == sorted(payments, reverse=True)
    assert s.apr == D("0.0500")


def test_zero_rate_divides_evenly() -> None:
    s = repayment_schedule(D(100000), D(0), 36, "equal_installment", start=START)
    assert s.first_payment == D("2777.78")
    assert s.last_payment == D("2777.70")
    assert s.total_interest == D("0.00")
    assert s.apr == D("0.0000")
    p = repayment_schedule(D(100000), D(0), 36, "equal_principal", start=START)
    assert p.total_interest == 0
    assert sum(i.principal for i in p.installments) == D(100000)


def test_fees_raise_the_apr_above_the_nominal_rate() -> None:
    s = repayment_schedule(D(100000), D("0.05"), 36, "equal_installment", fees=D(3000),
                           start=START)
    assert s.fees == D("3000.00")
    assert s.total_interest == D("7895.23")  # fees are not interest...
    assert s.apr == D("0.0705")  # ...but the customer pays them, and APR shows it
    # a "0 % loan" with a handling fee is not free
    free = repayment_schedule(D(100000), D(0), 36, "equal_installment", fees=D(5000))
    assert free.apr > D("0.03")


def test_due_dates_follow_the_start_day_clamped_to_month_end() -> None:
    s = repayment_schedule(D(12000), D("0.05"), 14, "equal_installment", start=date(2024, 1, 31))
    dates = [i.due_date for i in s.installments]
    assert dates[:4] == [date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30),
                         date(2024, 5, 31)]
    assert dates[12] == date(2025, 2, 28)
    assert dates[13] == date(2025, 3, 31)
    assert [i.period for i in s.installments] == list(range(1, 15))


def test_start_defaults_to_today() -> None:
    s = repayment_schedule(D(1000), D("0.05"), 1, "equal_principal")
    assert s.installments[0].due_date > date.today()
    assert s.installments[0].payment == D("1004.17")


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"principal": D(0)}, "loan.amount"),
    ({"principal": D(-5000)}, "loan.amount"),
    ({"principal": D("1e9")}, "loan.amount"),
    ({"principal": "abc"}, "loan.amount"),
    ({"annual_rate": D("-0.01")}, "loan.annual_rate"),
    ({"annual_rate": D(1)}, "loan.annual_rate"),
    ({"annual_rate": D("NaN")}, "loan.annual_rate"),
    ({"annual_rate": 0.05}, "loan.annual_rate"),
    ({"term_months": 0}, "loan.term_months"),
    ({"term_months": 121}, "loan.term_months"),
    ({"term_months": True}, "loan.term_months"),
    ({"method": "balloon"}, "loan.method"),
    ({"fees": D(-1)}, "loan.fees"),
    ({"fees": D(100000)}, "loan.fees"),
])
def test_schedule_refuses_bad_input(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {"principal": D(100000), "annual_rate": D("0.05"),
                               "term_months": 36, "method": "equal_installment"} | kwargs
    with pytest.raises(InvalidInput) as info:
        repayment_schedule(**args)  # type: ignore[arg-type]
    assert info.value.field == field


@settings(deadline=None, max_examples=60)
@given(
    principal=st.decimals(min_value=D("0.01"), max_value=D(10_000_000), places=2),
    rate=st.decimals(min_value=0, max_value=D("0.36"), places=4),
    term=st.integers(1, 120),
    method=st.sampled_from(["equal_installment", "equal_principal"]),
    day=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
)
def test_schedule_invariants(principal: Decimal, rate: Decimal, term: int, method: str,
                             day: date) -> None:
    s = repayment_schedule(principal, rate, term, method, start=day)  # type: ignore[arg-type]
    rows = s.installments
    assert len(rows) == term
    assert sum(r.principal for r in rows) == principal
    assert rows[-1].balance == 0
    assert all(r.payment >= 0 and r.principal >= 0 and r.interest >= 0 for r in rows)
    assert all(r.payment == r.principal + r.interest for r in rows)
    assert all(r.payment.as_tuple().exponent == -2 for r in rows)
    assert s.total_payment == principal + s.total_interest
    assert s.total_payment == sum(r.payment for r in rows)
    balances = [principal] + [r.balance for r in rows]
    assert all(a - r.principal == b
               for a, r, b in zip(balances[:-1], rows, balances[1:], strict=True))
    assert [r.due_date for r in rows] == sorted({r.due_date for r in rows})


@settings(deadline=None, max_examples=40)
@given(principal=st.decimals(min_value=D(10_000), max_value=D(2_000_000), places=2),
       rate=st.decimals(min_value=D("0.0001"), max_value=D("0.24"), places=4),
       term=st.integers(6, 60))
def test_apr_without_fees_equals_the_nominal_rate(principal: Decimal, rate: Decimal,
                                                  term: int) -> None:
    s = repayment_schedule(principal, rate, term, "equal_installment", start=START)
    assert s.apr == rate


# --- APR --------------------------------------------------------------------------------------

def test_apr_of_a_known_cash_flow() -> None:
    # 12 payments of 1000 for 11000 received: monthly IRR 1.3647 %, APR 16.38 %
    # (figure from an independent float bisection)
    assert annual_percentage_rate(D(12000), [D(1000)] * 12, D(1000)) == D("0.1638")
    # repaying less than received is a negative rate, not a crash
    assert annual_percentage_rate(D(12000), [D(900)] * 12) < 0
    assert annual_percentage_rate(D(12000), [D(1000)] * 12) == D("0.0000")


def test_apr_flat_rate_trap() -> None:
    # "月费率 0.5 %" on 100000 over 36 months sounds like 6 % a year; the real APR is 11.08 %
    monthly = (D(100000) / 36 + D(500)).quantize(D("0.01"))
    assert annual_percentage_rate(D(100000), [monthly] * 36) == D("0.1108")


@pytest.mark.parametrize(("payments", "fees"), [
    ([], D(0)), ([D(-1), D(2000)], D(0)), ([D(0), D(0)], D(0)), ([D(1000)], D(12000)),
    ([D(1000)], D(-1)),
])
def test_apr_refuses_bad_cash_flows(payments: list[Decimal], fees: Decimal) -> None:
    with pytest.raises(InvalidInput):
        annual_percentage_rate(D(12000), payments, fees)


# --- loan-to-value and lender limits ----------------------------------------------------------

def test_loan_to_value() -> None:
    assert loan_to_value(D(96000), D(120000)) == D("0.8000")
    assert loan_to_value(D(100000), D(300000)) == D("0.3333")
    with pytest.raises(InvalidInput):
        loan_to_value(D(1), D(0))


def test_default_limits() -> None:
    limits = LenderLimits()
    assert limits.max_ltv(new_energy=False) == D("0.80")
    assert limits.max_ltv(new_energy=True) == D("0.85")
    assert limits.max_ltv(new_energy=False, commercial=True) == D("0.70")
    assert limits.max_ltv(new_energy=True, commercial=True) == D("0.75")
    assert limits.max_ltv(new_energy=True, used=True) == D("0.70")
    assert limits.max_term() == 60
    assert limits.max_term(used=True) == 36
    assert LenderLimits(max_ltv_used=D("0.90")).max_ltv(new_energy=True, used=True) == D("0.85")


def loan(**changes: object) -> None:
    args: dict[str, object] = {
        "lender": "工商银行", "price": D(120000), "amount": D(96000), "down_payment": D(24000),
        "term_months": 36, "new_energy": False} | changes
    check_loan(LenderLimits(), **args)  # type: ignore[arg-type]


def refused(**changes: object) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        loan(**changes)
    return info.value


def test_a_loan_at_the_limits_passes() -> None:
    loan()
    loan(term_months=60)
    loan(amount=D(102000), down_payment=D(18000), new_energy=True)


def test_ltv_above_the_limit() -> None:
    error = refused(lender="Bank A", amount=D(102000), down_payment=D(18000))
    assert error.field == "loan.amount"
    assert error.problem == ("loan-to-value 85.00 % is above Bank A's limit of 80 % "
                             "for a conventional self-use car")
    assert error.expected == "at most ¥96,000.00"
    assert "85.00%" in error.zh
    assert "¥96,000.00" in error.zh


def test_ltv_limit_by_kind_of_car() -> None:
    error = refused(amount=D(91000), down_payment=D(29000), commercial=True, new_energy=True)
    assert "75.83 % is above 工商银行's limit of 75 % for a new-energy commercial car" \
        in error.problem
    assert error.expected == "at most ¥90,000.00"
    assert "新能源商用车" in error.zh
    loan(amount=D(90000), down_payment=D(30000), commercial=True, new_energy=True)
    assert refused(amount=D(90000), down_payment=D(30000), used=True).expected \
        == "at most ¥84,000.00"
    one_fen_over = refused(amount=D("96000.01"), down_payment=D("23999.99"))
    assert one_fen_over.expected == "at most ¥96,000.00"


def test_amounts_must_add_up() -> None:
    error = refused(down_payment=D(20000))
    assert error.field == "loan.down_payment"
    assert error.expected == "¥24,000.00"


@pytest.mark.parametrize(("changes", "field"), [
    ({"price": D(0)}, "loan.price"),
    ({"price": D(-120000)}, "loan.price"),
    ({"price": D("100000000.01"), "down_payment": D("99904000.01")}, "loan.price"),
    ({"amount": D(0), "down_payment": D(120000)}, "loan.amount"),
    ({"amount": D(-1)}, "loan.amount"),
    ({"down_payment": D(-1)}, "loan.down_payment"),
    ({"term_months": 0}, "loan.term_months"),
    ({"term_months": 61}, "loan.term_months"),
    ({"term_months": 48, "used": True, "amount": D(84000), "down_payment": D(36000)},
     "loan.term_months"),
])
def test_loan_refusals(changes: dict[str, object], field: str) -> None:
    assert refused(**changes).field == field


def test_term_message_names_the_limit() -> None:
    error = refused(term_months=72)
    assert error.expected == "1 to 60 months"
    assert "72" in error.problem


def test_income_covers() -> None:
    assert income_covers(D(6000), D("2997.09"), D(2)) is True
    assert income_covers(D(5994), D("2997.09"), D(2)) is False
    assert income_covers(D(9000), D("2997.09"), D(3)) is True
    with pytest.raises(InvalidInput):
        income_covers(D(-1), D(100), D(2))


# --- purchase tax -----------------------------------------------------------------------------

@pytest.mark.parametrize(("invoice", "new_energy", "bought", "tax"), [
    (200000, False, date(2026, 3, 1), "17699.12"),
    (200000, True, date(2026, 3, 1), "8849.56"),
    (200000, True, date(2027, 12, 31), "8849.56"),
    (200000, True, date(2028, 1, 1), "17699.12"),
    (200000, True, date(2025, 12, 31), "0.00"),
    (200000, True, date(2024, 1, 1), "0.00"),
    (500000, True, date(2025, 6, 1), "14247.79"),   # 44247.79 less the 30000 cap
    (500000, True, date(2026, 6, 1), "29247.79"),   # reduction capped at 15000
    (100000, False, date(2024, 6, 1), "8849.56"),
    (113000, True, date(2023, 6, 1), "0.00"),
])
def test_purchase_tax(invoice: int, new_energy: bool, bought: date, tax: str) -> None:
    assert purchase_tax(D(invoice), new_energy=new_energy, purchase_date=bought) == D(tax)


def test_purchase_tax_refuses_bad_invoices() -> None:
    for invoice in (D(0), D(-1), D("1e9")):
        with pytest.raises(InvalidInput):
            purchase_tax(invoice, new_energy=False, purchase_date=START)


# --- the regulation's term cap (汽车贷款管理办法: 5 years, used cars 3) -----------------------

def test_term_cap_holds_whatever_a_lender_says() -> None:
    generous = LenderLimits(max_term_months=120, max_term_months_used=84)
    assert generous.max_term() == 60
    assert generous.max_term(used=True) == 36
    loan_args: dict[str, object] = {
        "lender": "工商银行", "price": D(120000), "amount": D(96000),
        "down_payment": D(24000), "new_energy": False}
    check_loan(generous, term_months=60, **loan_args)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as info:
        check_loan(generous, term_months=61, **loan_args)  # type: ignore[arg-type]
    assert info.value.field == "loan.term_months" and "1 to 60 months" in info.value.expected
    used = loan_args | {"used": True, "amount": D(84000), "down_payment": D(36000)}
    check_loan(generous, term_months=36, **used)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as info:
        check_loan(generous, term_months=37, **used)  # type: ignore[arg-type]
    assert "1 to 36 months" in info.value.expected


def test_stricter_lender_setting_wins_and_used_never_exceeds_new() -> None:
    assert LenderLimits(max_term_months=48).max_term() == 48
    assert LenderLimits(max_term_months=24).max_term(used=True) == 24
    assert LenderLimits(max_term_months_used=12).max_term(used=True) == 12
