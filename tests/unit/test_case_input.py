"""parse_case and apply_changes: a case as a person types it, validated in one place."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.domain.case_input import apply_changes, parse_case
from app.domain.errors import InvalidInput
from tests.conftest import married_case

TODAY = date(2026, 7, 15)


def changed(path: str, value: Any, data: dict[str, Any] | None = None) -> dict[str, Any]:
    data = copy.deepcopy(data or married_case())
    section, key = path.split(".")
    data[section][key] = value
    return data


def refused(data: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        parse_case(data, TODAY)
    return caught.value


def test_married_case_parses_with_canonical_values() -> None:
    case = parse_case(married_case(), TODAY)
    assert case.customer.name == "张三"
    assert case.customer.id_number == "11010519491231002X"
    assert case.customer.marital_status == "married"
    assert case.spouse is not None and case.spouse.id_number == "360426199101010071"
    assert case.vehicle.vin == "LVSHCAMB1CE054249"
    assert case.vehicle.price == Decimal("200000.00")
    assert case.loan.amount == Decimal("140000.00")
    assert case.loan.annual_rate == Decimal("0.0499")
    assert case.loan.term_months == 36
    assert case.loan.fees == Decimal("1500.00")
    assert case.warnings == ()
    data = case.to_json()
    assert data["loan"]["amount"] == "140000.00"
    assert data["vehicle"]["new_energy"] is False
    assert parse_case(data, TODAY) == case  # the JSON round-trips


def test_lowercase_x_and_spaces_are_canonicalised() -> None:
    data = changed("customer.id_number", " 11010519491231002x ")
    data["vehicle"]["vin"] = "lvshcamb1ce054249"
    case = parse_case(data, TODAY)
    assert case.customer.id_number == "11010519491231002X"
    assert case.vehicle.vin == "LVSHCAMB1CE054249"


def test_single_customer_ignores_the_spouse() -> None:
    data = changed("customer.marital_status", "single")
    data["spouse"] = {"name": "", "id_number": "garbage"}
    case = parse_case(data, TODAY)
    assert case.spouse is None
    del data["spouse"]
    assert parse_case(data, TODAY).spouse is None


def test_rate_as_percent_text_is_accepted() -> None:
    case = parse_case(changed("loan.annual_rate", "4.99%"), TODAY)
    assert case.loan.annual_rate == Decimal("0.0499")


def test_amounts_as_numbers_are_accepted() -> None:
    data = changed("loan.amount", 140000)
    data["loan"]["down_payment"] = 60000
    data["vehicle"]["price"] = "200,000"
    case = parse_case(data, TODAY)
    assert case.loan.amount == Decimal("140000.00")
    assert case.vehicle.price == Decimal("200000.00")


def test_imported_vin_with_wrong_check_digit_only_warns() -> None:
    case = parse_case(changed("vehicle.vin", "1M8GDM9AAKP042788"), TODAY)
    assert case.vehicle.vin == "1M8GDM9AAKP042788"
    assert len(case.warnings) == 1 and "check digit" in case.warnings[0]


@pytest.mark.parametrize(("path", "value", "field", "words"), [
    ("customer.id_number", "110105194912310020", "customer.id_number", "check character"),
    ("customer.id_number", "110105194902300029", "customer.id_number", "does not exist"),
    ("customer.id_number", "", "customer.id_number", "empty"),
    ("spouse.id_number", "36042619910101007", "spouse.id_number", "17 characters"),
    ("spouse.id_number", "11010519491231002X", "spouse.id_number", "customer's own"),
    ("vehicle.vin", "LVSHCAMB1CE0542I9", "vehicle.vin", "I"),
    ("vehicle.vin", "LVSHCAMO1CE054249", "vehicle.vin", "letter O"),
    ("vehicle.vin", "LVSHCAMQ1CE054249", "vehicle.vin", "letter Q"),
    ("vehicle.vin", "LVSHCAMB2CE054249", "vehicle.vin", "check digit"),
    ("vehicle.vin", "", "vehicle.vin", "empty"),
    ("vehicle.price", "1e30", "vehicle.price", "plausible"),
    ("vehicle.price", "lots", "vehicle.price", "not an amount"),
    ("vehicle.brand", "", "vehicle.brand", "empty"),
    ("vehicle.new_energy", "maybe", "vehicle.new_energy", "yes or no"),
    ("vehicle.plate", "京I12345", "vehicle.plate", "position 2"),
    ("loan.amount", "NaN", "loan.amount", ""),
    ("loan.amount", None, "loan.amount", ""),
    ("loan.annual_rate", "abc", "loan.annual_rate", "yearly rate"),
    ("loan.annual_rate", "1.5", "loan.annual_rate", "yearly rate"),
    ("loan.annual_rate", "-0.01", "loan.annual_rate", "yearly rate"),
    ("loan.annual_rate", "499%%", "loan.annual_rate", "yearly rate"),
    ("loan.term_months", "three years", "loan.term_months", "months"),
    ("loan.term_months", 0, "loan.term_months", "not a term"),
    ("loan.method", "balloon", "loan.method", "repayment method"),
    ("loan.fees", "-1", "loan.fees", "negative"),
    ("loan.lender", "", "loan.lender", "empty"),
    ("loan.start", "2026-02-30", "loan.start", "not a date"),
    ("customer.name", "", "customer.name", "empty"),
    ("customer.name", "张\n三", "customer.name", "control character"),
    ("customer.phone", "12345", "customer.phone", "5 digits"),
    ("customer.phone", "", "customer.phone", "empty"),
    ("customer.marital_status", "complicated", "customer.marital_status", "not a status"),
    ("customer.marital_status", "", "customer.marital_status", "empty"),
    ("customer.address", {"city": "北京"}, "customer.address", "must be text"),
    ("spouse.name", "", "spouse.name", "empty"),
])
def test_bad_input_names_the_field(path: str, value: Any, field: str, words: str) -> None:
    error = refused(changed(path, value))
    assert error.field == field, str(error)
    assert words in error.problem
    assert error.zh  # the GUI shows it in Chinese too


def test_minor_customer_is_refused_with_the_age() -> None:
    error = refused(changed("customer.id_number", "44011320141005001X"))
    assert error.field == "customer.id_number"
    assert "is 11" in error.problem and "2014-10-05" in error.problem
    assert "18" in error.expected


def test_customer_turning_18_today_is_an_adult() -> None:
    # Born 2008-07-15: 18 on TODAY, 17 the day before.
    number = "11010520080715001"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    number += "10X98765432"[sum(int(c) * w for c, w in zip(number, weights, strict=True)) % 11]
    data = changed("customer.id_number", number)
    assert parse_case(data, TODAY).customer.id_number == number
    with pytest.raises(InvalidInput, match="is 17"):
        parse_case(data, date(2026, 7, 14))


@pytest.mark.parametrize(("data", "field"), [
    ([], "case"),
    ("{}", "case"),
    (None, "case"),
    ({}, "customer"),
    ({**married_case(), "customer": "张三"}, "customer"),
    ({**married_case(), "vehicle": None}, "vehicle"),
    ({**married_case(), "loan": ["x"]}, "loan"),
    ({**married_case(), "spouse": None}, "spouse"),
    ({**married_case(), "accessories": "脚垫"}, "accessories"),
    ({**married_case(), "accessories": ["脚垫"]}, "accessories[0]"),
    ({**married_case(), "accessories": [{"name": "x"}] * 101}, "accessories"),
    ({**married_case(), "fee_items": [{"item": "上牌", "amount": "many"}]},
     "fee_items[0].amount"),
])
def test_malformed_sections(data: Any, field: str) -> None:
    assert refused(data).field == field


@pytest.mark.parametrize("name", ["<b>张三</b>", "Tom & Jerry", "O'Brien \"Bob\"", "张三😀",
                                  "<script>alert(1)</script>", "'; DROP TABLE cases; --"])
def test_hostile_text_is_kept_literally(name: str) -> None:
    data = changed("customer.name", name)
    data["customer"]["address"] = f"{name} 路 1 号 & <i>"
    case = parse_case(data, TODAY)
    assert case.customer.name == name
    assert case.customer.address == f"{name} 路 1 号 & <i>"


def test_a_200_character_name_is_refused_with_its_length() -> None:
    error = refused(changed("customer.name", "张" * 200))
    assert error.field == "customer.name"
    assert "200 characters" in error.problem
    assert "60" in error.expected
    assert parse_case(changed("customer.name", "张" * 60), TODAY).customer.name == "张" * 60


def test_accessories_and_fee_items_are_cleaned() -> None:
    data = married_case()
    data["accessories"] = [{"name": "脚垫", "quantity": "1", "unit_price": "600",
                            "amount": "600"}]
    data["fee_items"] = [{"item": "上牌服务费", "amount": "800"}]
    case = parse_case(data, TODAY)
    assert case.accessories == ({"name": "脚垫", "quantity": "1", "unit_price": "600.00",
                                 "amount": "600.00"},)
    # loan_cost defaults to false (issue 10: fee items say whether they are loan costs).
    assert case.fee_items == ({"item": "上牌服务费", "amount": "800.00", "loan_cost": False},)


# --- apply_changes -------------------------------------------------------------------------

def test_apply_changes_changes_and_revalidates() -> None:
    case = parse_case(married_case(), TODAY)
    after = apply_changes(case, {"customer.phone": "139 1234 5678",
                                 "loan.annual_rate": "5%"}, TODAY)
    assert after.customer.phone == "13912345678"
    assert after.loan.annual_rate == Decimal("0.05")
    assert after.vehicle == case.vehicle


def test_apply_changes_to_single_drops_the_spouse_and_back_needs_one() -> None:
    case = parse_case(married_case(), TODAY)
    # Issue 11: the spouse is erased only when asked for (the refusal is tested below).
    single = apply_changes(case, {"customer.marital_status": "single"}, TODAY, clear_spouse=True)
    assert single.spouse is None
    assert apply_changes(case, {"customer.marital_status": "single", "spouse": "clear"},
                         TODAY) == single
    with pytest.raises(InvalidInput) as caught:
        apply_changes(single, {"customer.marital_status": "married"}, TODAY)
    assert caught.value.field == "spouse"


@pytest.mark.parametrize("name", ["customer.shoe_size", "car.vin", "vin", "loan.",
                                  "accessories.name", "customer"])
def test_apply_changes_refuses_unknown_fields(name: str) -> None:
    case = parse_case(married_case(), TODAY)
    with pytest.raises(InvalidInput) as caught:
        apply_changes(case, {name: "x"}, TODAY)
    assert caught.value.field == name
    assert "not a field" in caught.value.problem


def test_apply_changes_refuses_bad_values_by_field() -> None:
    case = parse_case(married_case(), TODAY)
    with pytest.raises(InvalidInput) as caught:
        apply_changes(case, {"vehicle.vin": "LVSHCAMB2CE054249"}, TODAY)
    assert caught.value.field == "vehicle.vin"


@pytest.mark.parametrize(("given", "kept"), [(True, True), ("true", True), ("是", True),
                                             (False, False), ("no", False)])
def test_fee_item_loan_cost_flag(given: object, kept: bool) -> None:
    data = married_case()
    data["fee_items"] = [{"item": "金融服务费", "amount": "1500", "loan_cost": given}]
    assert parse_case(data, TODAY).fee_items[0]["loan_cost"] is kept


def test_fee_item_loan_cost_that_is_not_yes_or_no_is_refused() -> None:
    data = married_case()
    data["fee_items"] = [{"item": "上牌服务费", "amount": "800"},
                         {"item": "金融服务费", "amount": "1500", "loan_cost": "maybe"}]
    with pytest.raises(InvalidInput) as info:
        parse_case(data, TODAY)
    assert info.value.field == "fee_items[1].loan_cost"


# --- issue 11: unknown keys, bounds, the spouse kept unless cleared ----------------------


@pytest.mark.parametrize(("field", "where"), [
    ("customer.adress", ("customer", "adress")), ("spouse.nmae", ("spouse", "nmae")),
    ("vehicle.colour", ("vehicle", "colour")), ("loan.Amount", ("loan", "Amount")),
])
def test_unknown_keys_in_a_section_are_named(field: str, where: tuple[str, str]) -> None:
    data = married_case()
    data[where[0]][where[1]] = "x"
    error = refused(data)
    assert error.field == field
    assert error.problem == "unknown field"
    assert error.expected.startswith("one of ") and where[1] not in error.expected.split()


def test_unknown_top_level_key_and_row_keys_are_named() -> None:
    assert refused({**married_case(), "custmer": {}}).field == "custmer"
    rows = {**married_case(), "accessories": [{"name": "脚垫", "quantity": "1"},
                                              {"name": "膜", "price": "1"}]}
    assert refused(rows).field == "accessories[1].price"
    fees = {**married_case(), "fee_items": [{"item": "上牌", "amout": "1"}]}
    assert refused(fees).field == "fee_items[0].amout"


def test_spouse_keys_are_checked_even_when_unused() -> None:
    single = married_case()
    single["customer"]["marital_status"] = "single"
    single["spouse"] = {"nmae": "李四"}
    assert refused(single).field == "spouse.nmae"
    single["spouse"] = {"name": "李四"}
    assert parse_case(single, TODAY).spouse is None


@pytest.mark.parametrize(("start", "ok"), [
    ("2027-07-16", True), ("2027-07-17", False), ("2025-07-14", True), ("2025-07-13", False),
    ("9999-12-01", False), ("0001-01-01", False)])
def test_loan_start_within_a_year_and_a_day_of_today(start: str, ok: bool) -> None:
    data = changed("loan.start", start)
    if ok:
        assert parse_case(data, TODAY).loan.start == date.fromisoformat(start)
    else:
        error = refused(data)
        assert error.field == "loan.start"
        assert error.expected == "a date from 2025-07-14 to 2027-07-16"


def test_an_old_start_survives_edits_of_other_fields() -> None:
    old = parse_case(changed("loan.start", "2025-08-01"), TODAY)
    later = date(2027, 1, 1)  # the start is now more than a year ago
    edited = apply_changes(old, {"customer.phone": "13912345678"}, later)
    assert edited.loan.start == date(2025, 8, 1)
    with pytest.raises(InvalidInput) as caught:
        apply_changes(old, {"loan.start": "2025-08-01"}, later)  # typed again: checked
    assert caught.value.field == "loan.start"


@pytest.mark.parametrize(("term", "ok"), [(120, True), (121, False), (1, True), (0, False),
                                          (10**6, False), ("9" * 5000, False)])
def test_term_is_bounded(term: Any, ok: bool) -> None:
    data = changed("loan.term_months", term)
    if ok:
        assert parse_case(data, TODAY).loan.term_months == term
    else:
        assert refused(data).field == "loan.term_months"


@pytest.mark.parametrize("status", ["single", "divorced", "widowed"])
def test_leaving_married_keeps_the_spouse_unless_cleared(status: str) -> None:
    case = parse_case(married_case(), TODAY)
    with pytest.raises(InvalidInput) as caught:
        apply_changes(case, {"customer.marital_status": status}, TODAY)
    assert caught.value.field == "customer.marital_status"
    assert "erase the spouse" in caught.value.problem
    assert apply_changes(case, {"customer.marital_status": status}, TODAY,
                         clear_spouse=True).spouse is None
    assert apply_changes(case, {"customer.marital_status": status, "spouse": "CLEAR"},
                         TODAY).spouse is None
    with pytest.raises(InvalidInput):
        apply_changes(case, {"customer.marital_status": status, "spouse": "keep"}, TODAY)


def test_clearing_is_not_needed_without_a_spouse() -> None:
    single = married_case()
    single["customer"]["marital_status"] = "single"
    case = parse_case(single, TODAY)
    assert apply_changes(case, {"customer.marital_status": "divorced"}, TODAY).spouse is None
