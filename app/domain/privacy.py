"""Personal data masked by default (PIPL art. 28-29: identity numbers are sensitive).

One function, `masked`, hides ID numbers and phone numbers wherever they sit in what a
person or a script reads: case JSON, document content, audit details, drafts. It knows them
by the field's name and, for text anywhere else (a note, a 'from'/'to' of a change), by their
shape, so a number cannot slip through under an unexpected key. Revealing the full value is a
role right (permissions.Action.REVEAL_ID) and is audited by the service that does it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from app.domain.validators import mask_id

__all__ = ["REVEALING_KINDS", "is_masked", "mask_id", "mask_phone", "masked"]

# Documents whose very image shows a full ID number: only the roles that may reveal one see
# their pages; copies that leave the dealership are watermarked.
REVEALING_KINDS = frozenset({"id_card"})

# The *_rev columns hold the same numbers reversed (for tail search); the audit trail records
# them with every change of a case row, so they are masked like the numbers themselves.
ID_FIELDS = frozenset({"id_number", "spouse_id_number", "customer_id_number",
                       "customer_id_rev"})
PHONE_FIELDS = frozenset({"phone", "customer_phone", "spouse_phone", "customer_phone_rev"})
# An 18-character resident ID (or a 15-digit old one) and a mobile number, inside any text.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{5}|\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_PHONE_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(1\d{2})(\d{4})(\d{4})(?![0-9A-Za-z])")


def mask_phone(phone: str) -> str:
    """138****8000: enough to tell two customers apart, not enough to call."""
    number = phone.strip()
    if len(number) >= 7:
        return number[:3] + "*" * (len(number) - 7) + number[-4:]
    return "*" * max(len(number) - 2, 0) + number[-2:]


def _mask_text(text: str) -> str:
    text = _ID_IN_TEXT.sub(lambda m: m[1] + "*" * len(m[2]) + m[3], text)
    return _PHONE_IN_TEXT.sub(lambda m: m[1] + "****" + m[3], text)


def masked(value: Any, field: str = "") -> Any:
    """A copy of `value` (JSON-like: dicts, lists, text) with ID and phone numbers masked."""
    if isinstance(value, Mapping):
        return {k: masked(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [masked(v, field) for v in value]
    if isinstance(value, str):
        if field in ID_FIELDS and value:
            return mask_id(value)
        if field in PHONE_FIELDS and value:
            return mask_phone(value)
        return _mask_text(value)
    return value


def is_masked(text: str) -> bool:
    """Whether `text` is a masked value as `masked` writes it (stars where digits were)."""
    return "*" in text
