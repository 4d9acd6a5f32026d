"""What a person reads off a document and types beside its image, validated per kind.

The checklist then compares it with the case (the ID number is the customer's, the policy
names the lender, the VIN is the car's); here we only check that each value is well formed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from app.domain.errors import InvalidInput
from app.domain.money import to_money
from app.domain.procedure import document_kind
from app.domain.validators import validate_resident_id, validate_text, validate_vin

LONG_TERM = "长期"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _date(value: str, field: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidInput(field, f"{value!r} is not a date", "YYYY-MM-DD",
                           zh=f"{field} 的日期格式应为 YYYY-MM-DD") from None


def _valid_until(value: str, field: str) -> str:
    if value.strip() in (LONG_TERM, "long-term", "long_term"):
        return LONG_TERM
    return _date(value, field)


def _income(value: Any, field: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise InvalidInput(field, "must map months to amounts", '{"2026-05": "8500.00", ...}',
                           zh="进账应为 月份→金额，如 2026-05=8500")
    income: dict[str, str] = {}
    for month, amount in value.items():
        if not _MONTH.match(str(month)):
            raise InvalidInput(f"{field}.{month}", f"{month!r} is not a month", "YYYY-MM",
                               zh=f"月份 {month!r} 格式应为 YYYY-MM")
        money = to_money(amount, f"{field}.{month}")
        if money < 0:
            raise InvalidInput(f"{field}.{month}", "income cannot be negative", "0 or more",
                               zh="进账金额不能为负")
        income[str(month)] = format(money, "f")
    return dict(sorted(income.items()))


def _account_tail(value: str, field: str) -> str:
    tail = value.strip()
    if not re.fullmatch(r"\d{4}", tail):
        raise InvalidInput(field, f"{tail!r} is not the last 4 digits of an account",
                           "4 digits", zh="账号尾号应为 4 位数字")
    return tail


def _vin(value: str, field: str) -> str:
    return validate_vin(value, field).vin


def _amount(value: str, field: str) -> str:
    return format(to_money(value, field), "f")


_CHECKS: dict[str, Callable[[str, str], str]] = {
    "id_number": validate_resident_id,
    "valid_until": _valid_until,
    "registered_on": _date,
    "period_start": _date,
    "period_end": _date,
    "account_tail": _account_tail,
    "vin": _vin,
    "amount": _amount,
}


def validate_content(kind_id: str, content: Mapping[str, Any]) -> dict[str, Any]:
    """Clean the values entered for a document of `kind_id`; empty values are dropped."""
    kind = document_kind(kind_id)
    unknown = sorted(set(content) - set(kind.content_fields))
    if unknown:
        expected = ", ".join(kind.content_fields) or "nothing (this kind has no content)"
        raise InvalidInput(unknown[0], f"is not recorded for a {kind.title.en}", expected,
                           zh=f"{kind.title.zh}没有 {unknown[0]} 这一项")
    clean: dict[str, Any] = {}
    for name, value in content.items():
        if name == "income":
            clean[name] = _income(value, name)
            continue
        text = str(value).strip()
        if not text:
            continue
        check = _CHECKS.get(name)
        clean[name] = check(text, name) if check else validate_text(text, name, 200)
    return clean
