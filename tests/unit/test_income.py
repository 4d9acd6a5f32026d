"""Household income from bank statements: vectors deduplicated and averaged in the test."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.domain.income import Statement, household_income, statement_months
from app.domain.procedure import Party

MONTHS = ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06")
C, S = Party.CUSTOMER, Party.SPOUSE


def statement(income: Mapping[str, object], party: Party = C, bank: str = "中国银行",
              tail: str = "6688") -> Statement:
    return Statement(party, {"bank": bank, "account_tail": tail, "income": dict(income)})


def test_window_is_the_six_months_before_this_one() -> None:
    assert statement_months(date(2026, 7, 15)) == MONTHS
    assert statement_months(date(2026, 1, 1)) == ("2025-07", "2025-08", "2025-09", "2025-10",
                                                  "2025-11", "2025-12")


def test_the_issues_figures_duplicate_statement_counts_once() -> None:
    # The issue: 16683.33 a month shown as 50016.67 when one statement was entered thrice.
    amounts = ["16000", "17000", "16500", "17100", "16600", "16900.00"]
    income = dict(zip(MONTHS, amounts, strict=True))
    result = household_income([statement(income)] * 3, MONTHS)
    expected = (sum(Decimal(a) for a in amounts) / 6).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert result.average == expected == Decimal("16683.33")
    assert [d.month for d in result.duplicates] == list(MONTHS)
    assert all(len(d.amounts) == 3 for d in result.duplicates)
    assert result.months == MONTHS


def test_household_adds_customer_and_spouse_even_at_the_same_bank_and_tail() -> None:
    result = household_income([statement({m: "5000" for m in MONTHS}),
                               statement({m: "4000" for m in MONTHS}, S)], MONTHS)
    assert result.average == Decimal("9000.00")
    assert result.duplicates == ()


def test_different_accounts_add_up_and_months_outside_the_window_do_not() -> None:
    first = statement({"2025-12": "99999", **{m: "3000" for m in MONTHS}})
    second = statement({m: "1000.005" for m in MONTHS[:3]}, tail="1234")
    result = household_income([first, second], MONTHS)
    by_month = {m: Decimal("3000") + (Decimal("1000.01") if m in MONTHS[:3] else 0)
                for m in MONTHS}
    assert dict(result.by_month) == by_month
    assert result.average == (sum(by_month.values()) / 6).quantize(Decimal("0.01"),
                                                                 ROUND_HALF_UP)
    assert result.gaps == ()


def test_a_month_entered_twice_with_different_figures_counts_the_lower() -> None:
    high = statement({m: "9000" for m in MONTHS})
    low = statement({"2026-03": "7000"})
    result = household_income([high, low], MONTHS)
    assert result.by_month["2026-03"] == Decimal("7000.00")
    (duplicate,) = result.duplicates
    assert (duplicate.month, duplicate.counted) == ("2026-03", Decimal("7000.00"))
    assert sorted(duplicate.amounts) == [Decimal("7000.00"), Decimal("9000.00")]
    assert "2026-03" in (result.duplicates_text() or result.period).en


def test_bank_name_spacing_does_not_make_a_new_account() -> None:
    result = household_income([statement({m: "5000" for m in MONTHS}),
                               statement({m: "5000" for m in MONTHS}, bank=" 中国 银行 ")],
                              MONTHS)
    assert result.average == Decimal("5000.00")
    assert len(result.duplicates) == 6


def test_statements_without_account_are_not_counted() -> None:
    anonymous = Statement(C, {"income": {m: "5000" for m in MONTHS}})
    result = household_income([anonymous, statement({MONTHS[0]: "600"})], MONTHS)
    assert result.unidentified == 1
    assert result.average == Decimal("100.00")
    assert result.gaps == MONTHS[1:]


amounts = st.decimals(min_value=0, max_value=10**6, places=2)
accounts = st.sampled_from([(C, "6688"), (C, "1234"), (S, "6688"), (S, "0001")])


@given(st.lists(st.tuples(accounts, st.sampled_from(MONTHS), amounts), max_size=40))
def test_average_is_the_lowest_entry_per_account_month_summed(
        entries: list[tuple[tuple[Party, str], str, Decimal]]) -> None:
    statements = [statement({month: str(amount)}, party, tail=tail)
                  for (party, tail), month, amount in entries]
    lowest: dict[tuple[Party, str, str], Decimal] = {}
    for (party, tail), month, amount in entries:
        key = (party, tail, month)
        lowest[key] = min(lowest.get(key, amount), amount)
    total = sum(lowest.values(), Decimal(0))
    result = household_income(statements, MONTHS)
    assert result.average == (total / 6).quantize(Decimal("0.01"), ROUND_HALF_UP)
    counts: dict[tuple[Party, str, str], int] = {}
    for (party, tail), month, _ in entries:
        counts[(party, tail, month)] = counts.get((party, tail, month), 0) + 1
    assert len(result.duplicates) == sum(1 for n in counts.values() if n > 1)


def test_a_statement_needs_both_bank_and_account_tail_to_count() -> None:
    every = {m: "5000" for m in MONTHS}
    no_bank = Statement(C, {"account_tail": "6688", "income": every})
    no_tail = Statement(C, {"bank": "中国银行", "income": every})
    blank = Statement(C, {"bank": " ", "account_tail": " ", "income": every})
    counted = statement({MONTHS[0]: "600"})
    result = household_income([no_bank, no_tail, blank, counted], MONTHS)
    assert result.unidentified == 3  # every one of them, and the reading goes on after them
    assert result.by_month[MONTHS[0]] == Decimal("600.00")
    assert result.average == Decimal("100.00")


def test_income_that_is_not_a_table_of_months_is_ignored() -> None:
    odd = Statement(C, {"bank": "工商银行", "account_tail": "0001", "income": "5000"})
    missing = Statement(C, {"bank": "建设银行", "account_tail": "0002"})
    result = household_income([odd, missing, statement({MONTHS[0]: "600"})], MONTHS)
    assert result.unidentified == 0
    assert result.average == Decimal("100.00")


def test_the_same_tail_at_two_banks_is_two_accounts() -> None:
    result = household_income([statement({m: "3000" for m in MONTHS}, bank="中国银行"),
                               statement({m: "2000" for m in MONTHS}, bank="招商银行")],
                              MONTHS)
    assert result.average == Decimal("5000.00") and result.duplicates == ()
    assert result.duplicates_text() is None
