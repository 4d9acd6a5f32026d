"""One money format everywhere (issue 14), and one monthly figure for a level payment."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from app.domain.money import format_money, repayment_schedule


@pytest.mark.parametrize(("amount", "shown"), [
    (Decimal("0"), "¥0.00"),
    (Decimal("-0.001"), "¥0.00"),  # rounds to zero: no sign on a zero
    (Decimal("0.005"), "¥0.01"),  # half-up, not banker's
    (Decimal("999.99"), "¥999.99"),
    (Decimal("1000"), "¥1,000.00"),
    (Decimal("126600"), "¥126,600.00"),
    (Decimal("-126600"), "-¥126,600.00"),
    (Decimal("-1000.5"), "-¥1,000.50"),
    (Decimal("1234567890.125"), "¥1,234,567,890.13"),
    (Decimal("99999999999999.99"), "¥99,999,999,999,999.99"),
])
def test_amounts_read_with_thousands_separators(amount: Decimal, shown: str) -> None:
    assert format_money(amount) == shown
    assert format_money(amount, symbol=False) == shown.replace("¥", "")


def level_payment(principal: Decimal, annual_rate: Decimal, months: int) -> Decimal:
    """M = P·r(1+r)^n / ((1+r)^n − 1), computed here independently of app.domain.money."""
    r = annual_rate / 12
    growth = (1 + r) ** months
    return (principal * r * growth / (growth - 1)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.mark.parametrize(("principal", "rate", "months"), [
    (Decimal("100000"), Decimal("0.05"), 36),
    (Decimal("224800"), Decimal("0.0499"), 60),  # the demo case whose header read "→"
    (Decimal("140000"), Decimal("0.0399"), 24),
])
def test_a_level_payment_is_one_figure(principal: Decimal, rate: Decimal, months: int) -> None:
    schedule = repayment_schedule(principal, rate, months, "equal_installment",
                                  start=date(2026, 1, 15))
    expected = level_payment(principal, rate, months)
    assert schedule.monthly_payments == (expected,)
    assert schedule.monthly_text == f"¥{expected:,.2f}"
    assert "→" not in schedule.monthly_text


def test_equal_principal_shows_the_first_and_the_last() -> None:
    principal, rate, months = Decimal("100000"), Decimal("0.05"), 36
    schedule = repayment_schedule(principal, rate, months, "equal_principal",
                                  start=date(2026, 1, 15))
    share = principal / months
    first = (share + principal * rate / 12).quantize(Decimal("0.01"), ROUND_HALF_UP)
    last = (share + share * rate / 12).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert schedule.monthly_payments == (first, last)
    assert schedule.monthly_text == f"¥{first:,.2f} → ¥{last:,.2f}"
