"""Masking rules of app/domain/privacy.py, pinned character by character."""

from __future__ import annotations

import pytest

from app.domain.privacy import mask_phone, masked


@pytest.mark.parametrize(("phone", "shown"), [
    ("13800138000", "138****8000"),  # a mobile: the operator prefix and the last four
    (" 13800138000 ", "138****8000"),
    ("010-12345678", "010*****5678"),  # a landline keeps the same shape
    ("1234567", "1234567"),  # seven characters: nothing left to hide between the ends
    ("123456", "****56"),  # too short to show the ends: only the last two
    ("12", "12"),
    ("", ""),
])
def test_a_phone_number_is_masked_to_its_ends(phone: str, shown: str) -> None:
    assert mask_phone(phone) == shown


def test_numbers_are_masked_by_field_and_by_shape_in_any_text() -> None:
    shown = masked({"customer_phone": "13800138000", "id_number": "11010519491231002X",
                    "customer_id_rev": "X20013219491501011", "phone": "",
                    "note": "客户 13900139000 身份证 360426199101010071 已核对",
                    "rows": [{"spouse_id_number": "360426199101010071"}], "count": 3})
    assert shown == {"customer_phone": "138****8000", "id_number": "110105********002X",
                     "customer_id_rev": "X20013********1011", "phone": "",
                     "note": "客户 139****9000 身份证 360426********0071 已核对",
                     "rows": [{"spouse_id_number": "360426********0071"}], "count": 3}
    assert masked("VIN LVSHCAMB1CE054249") == "VIN LVSHCAMB1CE054249"  # not a person's number
