"""What a person types beside a document's image: well-formed per kind."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.document_content import LONG_TERM, validate_content
from app.domain.errors import InvalidInput, NotFound


def test_id_card_content_is_canonicalised() -> None:
    clean = validate_content("id_card", {"id_number": "11010519491231002x",
                                         "valid_until": "2036-01-01"})
    assert clean == {"id_number": "11010519491231002X", "valid_until": "2036-01-01"}


@pytest.mark.parametrize("value", ["长期", "long-term", " long_term "])
def test_long_term_cards(value: str) -> None:
    assert validate_content("id_card", {"valid_until": value}) == {"valid_until": LONG_TERM}


def test_empty_values_are_dropped() -> None:
    assert validate_content("id_card", {"id_number": "  ", "valid_until": ""}) == {}
    assert validate_content("driver_license", {}) == {}


def test_bank_statement_income_sorted_and_rounded() -> None:
    clean = validate_content("bank_statement", {
        "bank": "中国银行", "account_tail": "6688",
        "income": {"2026-06": "8500", "2026-01": 9000.005, "2026-03": "0"}})
    assert clean["income"] == {"2026-01": "9000.01", "2026-03": "0.00", "2026-06": "8500.00"}
    assert list(clean["income"]) == ["2026-01", "2026-03", "2026-06"]
    assert clean["account_tail"] == "6688"


def test_policy_dates_and_beneficiary() -> None:
    clean = validate_content("insurance_policy", {
        "insurer": "人保 <b>&", "policy_number": "P1", "period_start": "2026-07-01",
        "period_end": "2027-06-30", "first_beneficiary": "中国工商银行"})
    assert clean["insurer"] == "人保 <b>&"
    assert clean["period_end"] == "2027-06-30"


@pytest.mark.parametrize(("kind", "content", "field", "words"), [
    ("id_card", {"id_number": "110105194912310020"}, "id_number", "check character"),
    ("id_card", {"valid_until": "2036-13-01"}, "valid_until", "not a date"),
    ("id_card", {"policy_number": "x"}, "policy_number", "not recorded"),
    ("driver_license", {"id_number": "x"}, "id_number", "not recorded"),
    ("bank_statement", {"account_tail": "66889"}, "account_tail", "last 4 digits"),
    ("bank_statement", {"account_tail": "abcd"}, "account_tail", "last 4 digits"),
    ("bank_statement", {"income": "8500"}, "income", "months to amounts"),
    ("bank_statement", {"income": {"2026-13": "1"}}, "income.2026-13", "not a month"),
    ("bank_statement", {"income": {"May": "1"}}, "income.May", "not a month"),
    ("bank_statement", {"income": {"2026-05": "-1"}}, "income.2026-05", "negative"),
    ("bank_statement", {"income": {"2026-05": "lots"}}, "income.2026-05", "not an amount"),
    ("vehicle_invoice", {"vin": "LVSHCAMB2CE054249"}, "vin", "check digit"),
    ("vehicle_invoice", {"amount": "abc"}, "amount", "not an amount"),
    ("insurance_policy", {"period_end": "next year"}, "period_end", "not a date"),
    ("insurance_policy", {"first_beneficiary": "银" * 201}, "first_beneficiary",
     "201 characters"),
    ("marriage_certificate", {"registered_on": "2015/05/20"}, "registered_on", "not a date"),
])
def test_bad_content_names_the_field(kind: str, content: dict[str, Any], field: str,
                                     words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_content(kind, content)
    assert caught.value.field == field
    assert words in caught.value.problem


def test_unknown_kind() -> None:
    with pytest.raises(NotFound) as caught:
        validate_content("passport", {})
    assert caught.value.field == "kind"


def test_every_value_after_an_income_or_an_empty_one_is_kept() -> None:
    clean = validate_content("bank_statement", {
        "income": {"2026-05": "1"}, "bank": "", "account_tail": " 6688 "})
    assert clean == {"income": {"2026-05": "1.00"}, "account_tail": "6688"}


def test_amounts_and_dates_are_canonical() -> None:
    assert validate_content("vehicle_invoice", {"amount": " 200000.5 "}) == {
        "amount": "200000.50"}
    assert validate_content("marriage_certificate", {"registered_on": "2015-05-20"}) == {
        "registered_on": "2015-05-20"}
    assert validate_content("conformity_certificate", {"vin": "lvshcamb1ce054249"}) == {
        "vin": "LVSHCAMB1CE054249"}


def test_free_text_up_to_200_characters() -> None:
    text = "银" * 200
    assert validate_content("insurance_policy", {"insurer": text}) == {"insurer": text}


def test_a_kind_without_content_says_so() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_content("driver_license", {"number": "x"})
    assert caught.value.expected == "nothing (this kind has no content)"
    with pytest.raises(InvalidInput) as listed:
        validate_content("id_card", {"number": "x"})
    assert listed.value.expected == "id_number, valid_until, issuing_authority"


def test_an_id_card_records_its_issuing_authority_as_text() -> None:
    """The back of the card (issue 13: read by OCR or typed): kept as written, trimmed."""
    assert validate_content("id_card", {"issuing_authority": " 北京市公安局朝阳分局 "}) == {
        "issuing_authority": "北京市公安局朝阳分局"}
    with pytest.raises(InvalidInput):
        validate_content("id_card", {"issuing_authority": "局" * 201})


@pytest.mark.parametrize(("month", "ok"), [("2026-01", True), ("2026-12", True),
                                           ("2026-00", False), ("2026-1", False),
                                           ("12026-01", False), ("2026-01x", False)])
def test_income_months(month: str, ok: bool) -> None:
    content = {"income": {month: "1"}}
    if ok:
        assert validate_content("bank_statement", content)["income"] == {month: "1.00"}
    else:
        with pytest.raises(InvalidInput) as caught:
            validate_content("bank_statement", content)
        assert caught.value.field == f"income.{month}"
