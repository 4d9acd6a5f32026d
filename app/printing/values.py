"""Reading values out of the case context and writing them the way a Chinese form does.

Every value may be missing, None or empty (the form is also printed blank, for the hand to
fill): the functions here return "" for those and never raise on bad data, because a
half-filled form is still worth printing and the domain validates data before it gets here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from app.domain.errors import InvalidInput
from app.domain.money import capital_numerals, format_money, to_money

BLANK_DATE = "　　　　年　　月　　日"


def lookup(context: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path ("case.consultant.name"), or None if any step is missing."""
    value: Any = context
    for key in path.split("."):
        if isinstance(value, Mapping):
            value = value.get(key)
        elif isinstance(value, Sequence) and not isinstance(value, str) and key.isdigit():
            value = value[int(key)] if int(key) < len(value) else None
        else:
            return None
    return value


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def money(value: Any) -> Decimal | None:
    if is_blank(value):
        return None
    try:
        return to_money(value)
    # A malformed amount prints as written, not a crash; an absurd one (1e999999) makes
    # Decimal.quantize raise InvalidOperation, an ArithmeticError.
    except (InvalidInput, ArithmeticError):
        return None


def money_digits(amount: Decimal) -> str:
    return format_money(amount)  # -¥89,600.00 for a refund: the one format (domain/money)


def money_text(value: Any) -> str:
    """Digits and capital numerals: ¥128,000.00　大写：人民币壹拾贰万捌仟元整."""
    amount = money(value)
    if amount is None:
        return "" if is_blank(value) else str(value)
    return f"{money_digits(amount)}　大写：{words}" if (words := capital_text(amount)) else (
        money_digits(amount))


def capital_text(amount: Decimal) -> str:
    """Capital numerals, or "" where they are not written (negative, beyond 16 digits)."""
    if amount < 0:
        return ""
    try:
        return capital_numerals(amount)
    except (ValueError, ArithmeticError):  # cn2an stops at 16 digits: the hand writes it
        return ""


def percent_text(value: Any) -> str:
    """A fraction as a percentage: "0.0499" → "4.99%"."""
    if is_blank(value):
        return ""
    try:
        fraction = Decimal(str(value).strip())
    except InvalidOperation:
        return str(value)
    if not fraction.is_finite():
        return str(value)
    return f"{fraction * 100:.2f}%"


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")


def date_text(value: Any) -> str:
    """2026-11-20 → 2026年11月20日; anything else as it was written."""
    if is_blank(value):
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year}年{value.month}月{value.day}日"
    match = _ISO_DATE.match(str(value).strip())
    if not match:
        return str(value)
    year, month, day = (int(g) for g in match.groups())
    return f"{year}年{month}月{day}日"


def as_bool(value: Any) -> bool | None:
    """True/False, or None when unknown (both boxes stay empty for the hand)."""
    if isinstance(value, bool):
        return value
    if is_blank(value):
        return None
    text = str(value).strip().lower()
    if text in {"true", "yes", "1", "是", "y"}:
        return True
    if text in {"false", "no", "0", "否", "n"}:
        return False
    return None


def plain_text(value: Any) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def format_value(value: Any, fmt: str, choices: Sequence[tuple[str, str]] = (),
                 suffix: str = "") -> str:
    """The printed text of a value ("" when missing); bool is drawn as boxes, not here."""
    if fmt == "money":
        text = money_text(value)
    elif fmt == "percent":
        text = percent_text(value)
    elif fmt == "date":
        text = date_text(value)
    elif fmt == "choice":
        text = dict(choices).get(plain_text(value), plain_text(value))
    else:
        text = plain_text(value)
    return f"{text}{suffix}" if text and suffix else text
