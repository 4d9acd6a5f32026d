"""Household income from bank statements: per account, per calendar month, each counted once.

A statement is a bank account's income by month (银行流水). The same account and month entered
twice (the same statement photographed again, or two overlapping statements) counts once and
is reported; different accounts add up, and so do the customer's and the spouse's (the
household repays the loan). The checklist tests this figure and the dossier prints it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.domain.errors import Text
from app.domain.procedure import PARTY_TITLES, Party

STATEMENT_MONTHS = 6
_FEN = Decimal("0.01")


def statement_months(today: date) -> tuple[str, ...]:
    """The six complete calendar months before `today`'s month, oldest first.

    The current month is still running (its salary may not be paid yet), so the window is the
    six months that a statement printed today can fully show.
    """
    months = []
    year, month = today.year, today.month
    for _ in range(STATEMENT_MONTHS):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(f"{year:04d}-{month:02d}")
    return tuple(reversed(months))


@dataclass(frozen=True)
class Statement:
    """What a person typed beside one bank statement (document content `bank`,
    `account_tail`, `income` = {"YYYY-MM": amount})."""

    party: Party
    content: Mapping[str, object]


@dataclass(frozen=True)
class Account:
    party: Party
    bank: str
    account_tail: str

    @property
    def title(self) -> Text:
        who = PARTY_TITLES[self.party]
        return Text(f"{who.en} {self.bank} …{self.account_tail}".strip(),
                    f"{who.zh}{self.bank}尾号{self.account_tail}")


@dataclass(frozen=True)
class Duplicate:
    """An account's month entered more than once; `counted` is the figure kept."""

    account: Account
    month: str
    amounts: tuple[Decimal, ...]
    counted: Decimal


@dataclass(frozen=True)
class HouseholdIncome:
    months: tuple[str, ...]  # the window, oldest first
    by_month: Mapping[str, Decimal]  # household income per month of the window
    average: Decimal  # over the whole window, half-up to 分
    duplicates: tuple[Duplicate, ...]
    unidentified: int  # statements without bank and account tail: not counted

    @property
    def gaps(self) -> tuple[str, ...]:
        """Months of the window without income."""
        return tuple(m for m in self.months if self.by_month[m] <= 0)

    @property
    def period(self) -> Text:
        first, last = self.months[0], self.months[-1]
        return Text(f"{first} to {last}", f"{first} 至 {last}")

    def duplicates_text(self) -> Text | None:
        """The duplicates as one sentence for the checklist, or None."""
        if not self.duplicates:
            return None
        en = "; ".join(f"{d.account.title.en} {d.month} entered {len(d.amounts)} times, "
                       f"counted once ({d.counted})" for d in self.duplicates)
        zh = "；".join(f"{d.account.title.zh} {d.month} 录入 {len(d.amounts)} 次，只计一次"
                       f"({d.counted})" for d in self.duplicates)
        return Text(en, zh)


def household_parties(marital_status: str) -> frozenset[Party]:
    """Whose statements count: the spouse's only while married (the household repays)."""
    if marital_status == "married":
        return frozenset({Party.CUSTOMER, Party.SPOUSE})
    return frozenset({Party.CUSTOMER})


def _amount(value: object) -> Decimal | None:
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount.quantize(_FEN, rounding=ROUND_HALF_UP) if amount.is_finite() else None


def household_income(statements: Sequence[Statement], months: Sequence[str]) -> HouseholdIncome:
    """Income per month of `months` summed over distinct accounts, and its average.

    An account is (party, bank, last 4 digits): the customer's and the spouse's accounts are
    theirs even at the same bank. A month entered twice for one account counts once, at the
    lower figure (a lender must not be shown more than the statements prove). Statements
    without bank or account tail cannot be told apart, so they do not count and are counted
    in `unidentified`; amounts that are not numbers are ignored.
    """
    seen: dict[tuple[Account, str], list[Decimal]] = {}
    unidentified = 0
    for statement in statements:
        content = statement.content
        bank = "".join(str(content.get("bank", "")).split())
        tail = str(content.get("account_tail", "")).strip()
        income = content.get("income", {})
        if not bank or not tail:
            unidentified += 1
            continue
        if not isinstance(income, Mapping):
            continue
        account = Account(statement.party, bank, tail)
        for month, value in income.items():
            amount = _amount(value)
            if amount is not None:
                seen.setdefault((account, str(month)), []).append(amount)
    window = tuple(months)
    by_month = {m: Decimal("0.00") for m in window}
    duplicates = []
    for (account, month), amounts in sorted(seen.items(), key=lambda kv: (
            kv[0][1], kv[0][0].party, kv[0][0].bank, kv[0][0].account_tail)):
        counted = min(amounts)
        if month in by_month:
            by_month[month] += counted
            if len(amounts) > 1:
                duplicates.append(Duplicate(account, month, tuple(amounts), counted))
    total = sum(by_month.values(), Decimal(0))
    average = (total / len(window)).quantize(_FEN, rounding=ROUND_HALF_UP) if window \
        else Decimal("0.00")
    return HouseholdIncome(window, by_month, average, tuple(duplicates), unidentified)
