"""Validators: the examples of DOMAIN.md, each kind of mistake, and generated numbers."""

from __future__ import annotations

import datetime
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import InvalidInput
from app.domain.validators import (
    VinCheck,
    birth_date_from_id,
    check_resident_id,
    id_number_warnings,
    is_male_id,
    mask_id,
    validate_credit_code,
    validate_name,
    validate_phone,
    validate_plate,
    validate_resident_id,
    validate_text,
    validate_vin,
)

# --- independent implementations of the check characters (from DOMAIN.md, not the code) ----

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check_char(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
VIN_VALUES = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ",
                      (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9),
                      strict=True)) | {str(d): d for d in range(10)}
VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_char(vin: str) -> str:
    remainder = sum(VIN_VALUES[c] * w for c, w in zip(vin, VIN_WEIGHTS, strict=True)) % 11
    return "X" if remainder == 10 else str(remainder)


def problem_of(call: object, *args: object) -> InvalidInput:
    assert callable(call)
    with pytest.raises(InvalidInput) as info:
        call(*args)
    assert info.value.zh and info.value.zh != info.value.problem  # a real Chinese message
    return info.value


# --- resident ID ------------------------------------------------------------------------------

@pytest.mark.parametrize("number", ["11010519491231002X", "360426199101010071",
                                    "44011320141005001X"])
def test_valid_ids_from_domain(number: str) -> None:
    assert validate_resident_id(number) == number


def test_id_is_stripped_and_x_uppercased() -> None:
    assert validate_resident_id("  11010519491231002x \n") == "11010519491231002X"


def test_wrong_check_character_names_the_right_one() -> None:
    error = problem_of(validate_resident_id, "110105194912310020")
    assert error.field == "id_number"
    assert error.problem == "check character is 0 but should be X"
    assert "11010519491231002X" in error.expected
    assert "X" in error.zh


def test_impossible_birth_date() -> None:
    first17 = "11010519491332002"
    error = problem_of(validate_resident_id, first17 + id_check_char(first17))
    assert error.problem == "birth date 19491332 does not exist"


def test_february_30_does_not_exist() -> None:
    first17 = "11010520000230002"
    error = problem_of(validate_resident_id, first17 + id_check_char(first17))
    assert "20000230 does not exist" in error.problem


def test_birth_date_in_the_future() -> None:
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    first17 = f"110105{tomorrow:%Y%m%d}002"
    error = problem_of(validate_resident_id, first17 + id_check_char(first17))
    assert "in the future" in error.problem


def test_unknown_address_code_is_a_warning_not_a_refusal() -> None:
    # Issue 10: the address code is the issuing county's; our list may lack it.
    first17 = "99999919491231002"
    number = first17 + id_check_char(first17)
    assert validate_resident_id(number) == number
    (warning,) = id_number_warnings(number)
    assert "999999" in warning.en and "999999" in warning.zh
    assert check_resident_id(number).warning == warning


def issued(code: str, born: str, sequence: str = "123") -> str:
    first17 = f"{code}{born}{sequence}"
    return first17 + id_check_char(first17)


@pytest.mark.parametrize("number", [
    "31011519800615123X",  # 浦东新区 code from 1992, holder born 1980 (DOMAIN.md)
    issued("500103", "19850315"),  # 重庆渝中区: Chongqing codes since 1997
    issued("440306", "19700101"),  # 深圳宝安区 since 1992
    issued("440305", "19750505"),  # 深圳南山区 since 1990 (南头区办事处 1983-1989)
])
def test_code_newer_than_the_birth_is_valid_with_a_warning(number: str) -> None:
    assert number[-1] == id_check_char(number[:17])  # the vector itself is well formed
    assert validate_resident_id(number) == number
    warnings = id_number_warnings(number)
    assert len(warnings) == 1
    assert number[:6] in warnings[0].en and "after the birth" in warnings[0].en
    assert number[:6] in warnings[0].zh


def test_pudong_warning_names_the_year_the_code_began() -> None:
    (warning,) = id_number_warnings("31011519800615123X")
    assert "since 1992" in warning.en and "1992" in warning.zh
    assert "1980" not in warning.en  # the warning does not spell out the birth date
    # Born in 1992 or later, the code was in use: nothing to warn about.
    assert id_number_warnings(issued("310115", "19920101")) == ()
    assert id_number_warnings(issued("310115", "19911231")) != ()


def test_code_retired_before_the_birth_is_a_warning() -> None:
    number = issued("110103", "20150101")  # 崇文区, merged into 东城区 in 2010
    assert validate_resident_id(number) == number
    (warning,) = id_number_warnings(number)
    assert "retired in 2010" in warning.en
    assert id_number_warnings(issued("110103", "20100101")) == ()


@pytest.mark.parametrize("code", ["810000", "820000", "830000"])
def test_residence_permit_numbers_are_valid_without_warning(code: str) -> None:
    number = issued(code, "19800101", "004")
    assert validate_resident_id(number) == number
    assert id_number_warnings(number) == ()
    assert check_resident_id(number).warning is None


@pytest.mark.parametrize("number", ["11010519491231002X", "360426199101010071",
                                    "44011320141005001X"])
def test_domain_vectors_carry_no_warning(number: str) -> None:
    assert id_number_warnings(number) == ()


def test_unknown_county_in_a_known_province_is_a_warning_not_a_traceback() -> None:
    # Issue 10: stdnum's region check raised KeyError 'county' here.
    number = "123456198506151237"
    assert number[-1] == id_check_char(number[:17])
    assert validate_resident_id(number) == number
    (warning,) = id_number_warnings(number)
    assert "123456" in warning.en


def test_birth_before_1900_is_refused_and_1900_accepted() -> None:
    error = problem_of(validate_resident_id, issued("110105", "18991231"))
    assert "before 1900" in error.problem
    assert validate_resident_id(issued("110105", "19000101")) == issued("110105", "19000101")


def test_born_today_is_accepted() -> None:
    today = datetime.date.today()
    number = issued("110105", f"{today:%Y%m%d}")
    assert validate_resident_id(number) == number


@given(st.text(alphabet=st.characters(), min_size=18, max_size=18)
       | st.text(alphabet="0123456789X", min_size=18, max_size=18)
       | st.text(alphabet="0123456789Xx ", min_size=17, max_size=19))
def test_no_input_ends_in_a_traceback(value: str) -> None:
    try:
        number = validate_resident_id(value)
    except InvalidInput as error:
        assert error.zh
        return
    assert len(number) == 18
    assert number[-1] == id_check_char(number[:17])
    for warning in id_number_warnings(number):
        assert warning.en and warning.zh
    assert id_number_warnings(value) is not None  # any text, valid or not


@pytest.mark.parametrize(("value", "words"), [
    ("", "empty"),
    ("1101051949123100", "has 16 characters"),
    ("11010519491231002X1", "has 19 characters"),
    ("11010519491231O02X", "character 'O' at position 15 is not a digit"),
    ("11010519491231002Y", "neither a digit nor X"),
])
def test_id_shape_errors(value: str, words: str) -> None:
    assert words in problem_of(validate_resident_id, value).problem


def test_id_error_carries_the_given_field() -> None:
    assert problem_of(validate_resident_id, "110105194912310020", "spouse.id_number").field \
        == "spouse.id_number"


def test_birth_date_and_sex_from_id() -> None:
    assert birth_date_from_id("11010519491231002X") == datetime.date(1949, 12, 31)
    assert is_male_id("360426199101010071") is True  # sequence 007: odd
    assert is_male_id("11010519491231002X") is False  # sequence 002: even
    with pytest.raises(InvalidInput):
        birth_date_from_id("110105194912310020")


@pytest.mark.parametrize(("number", "masked"), [
    ("11010519491231002X", "110105********002X"),
    ("1234567890", "1234567890"[:6] + "7890"),
    ("12345678901", "123456*8901"),
    ("123456789", "*******89"),
    ("12", "12"),
    ("", ""),
])
def test_mask_id(number: str, masked: str) -> None:
    assert mask_id(number) == masked


valid_ids = st.builds(
    lambda code, born, sequence: f"{code}{born:%Y%m%d}{sequence:03d}",
    st.sampled_from(["110105", "110101", "310101"]),  # in use for every year generated
    st.dates(datetime.date(1930, 1, 1), datetime.date.today()),
    st.integers(0, 999),
).map(lambda first17: first17 + id_check_char(first17))


@given(valid_ids)
def test_generated_ids_validate(number: str) -> None:
    assert validate_resident_id(number) == number
    assert birth_date_from_id(number).strftime("%Y%m%d") == number[6:14]
    assert mask_id(number) == number[:6] + "********" + number[-4:]


@given(valid_ids, st.sampled_from("0123456789X"))
def test_a_changed_check_character_never_validates(number: str, other: str) -> None:
    if other == number[-1]:
        other = "0" if number[-1] != "0" else "1"
    error = problem_of(validate_resident_id, number[:-1] + other)
    assert error.problem == f"check character is {other} but should be {number[-1]}"


# --- VIN --------------------------------------------------------------------------------------

@pytest.mark.parametrize("vin", ["LVSHCAMB1CE054249", "LFWADRJF011002346", "1M8GDM9AXKP042788"])
def test_valid_vins_from_domain(vin: str) -> None:
    assert validate_vin(vin) == VinCheck(vin, None)


def test_vin_is_stripped_and_uppercased() -> None:
    assert validate_vin(" lvshcamb1ce054249 ").vin == "LVSHCAMB1CE054249"


@pytest.mark.parametrize(("vin", "letter", "position"), [
    ("LVSHIAMB1CE054249", "I", 5), ("OVSHCAMB1CE054249", "O", 1), ("LVSHCAMB1CE05424Q", "Q", 17),
])
def test_i_o_q_are_named_with_their_position(vin: str, letter: str, position: int) -> None:
    error = problem_of(validate_vin, vin)
    assert error.problem == (f"letter {letter} at position {position} is not allowed in a VIN "
                             "(I, O and Q never appear)")


@pytest.mark.parametrize(("vin", "words"), [
    ("", "empty"),
    ("LVSHCAMB1CE05424", "has 16 characters"),
    ("LVSHCAMB1CE0542490", "has 18 characters"),
    ("LVSH-AMB1CE054249", "character '-' at position 5"),
    ("LVSH粤AMB1CE05424", "character '粤' at position 5"),
])
def test_vin_shape_errors(vin: str, words: str) -> None:
    assert words in problem_of(validate_vin, vin).problem


def test_wrong_check_digit_is_refused_for_a_domestic_vin() -> None:
    error = problem_of(validate_vin, "LVSHCAMB2CE054249")
    assert error.problem == "check digit at position 9 is 2 but should be 1"


def test_wrong_check_digit_is_only_a_warning_for_an_import() -> None:
    result = validate_vin("1M8GDM9A1KP042788")
    assert result.vin == "1M8GDM9A1KP042788"
    assert result.warning is not None
    assert "is 1 but should be X" in result.warning.en
    assert "X" in result.warning.zh


vins = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(VIN_ALPHABET), st.text(VIN_ALPHABET, min_size=16, max_size=16),
).map(lambda vin: vin[:8] + vin_check_char(vin) + vin[9:])


@given(vins)
def test_generated_vins_validate(vin: str) -> None:
    assert validate_vin(vin) == VinCheck(vin, None)


@given(vins, st.sampled_from("0123456789X"))
def test_a_changed_check_digit_is_refused_or_warned(vin: str, other: str) -> None:
    if other == vin[8]:
        other = "0" if vin[8] != "0" else "1"
    changed = vin[:8] + other + vin[9:]
    if vin.startswith("L"):
        assert f"is {other} but should be {vin[8]}" in problem_of(validate_vin, changed).problem
    else:
        warning = validate_vin(changed).warning
        assert warning is not None
        assert f"is {other} but should be {vin[8]}" in warning.en


# --- plate ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("plate", "canonical"), [
    ("京A12345", "京A12345"), ("沪b6789x", "沪B6789X"), ("粤BD12345", "粤BD12345"),
    ("粤B12345F", "粤B12345F"), (" 京A·12345 ", "京A12345"), ("苏E1234学", "苏E1234学"),
    ("川AFA2345", "川AFA2345"), ("使A12345", "使A12345"),
])
def test_valid_plates(plate: str, canonical: str) -> None:
    assert validate_plate(plate) == canonical


@pytest.mark.parametrize(("plate", "words"), [
    ("", "empty"),
    ("A12345", "'A' is not a province abbreviation"),
    ("京A1234", "has 6 characters"),
    ("京A1234567", "has 9 characters"),
    ("京I12345", "'I' at position 2"),
    ("京A1234O", "not a valid plate"),
    ("粤BA12345", "not a valid new-energy plate"),
    ("粤BD1234A", "not a valid new-energy plate"),
])
def test_plate_errors(plate: str, words: str) -> None:
    assert words in problem_of(validate_plate, plate).problem


# --- phone ------------------------------------------------------------------------------------

@pytest.mark.parametrize("phone", ["13812345678", " 138 1234 5678 ", "138-1234-5678",
                                   "+86 138 1234 5678", "8613812345678", "+8613812345678"])
def test_valid_phones(phone: str) -> None:
    assert validate_phone(phone) == "13812345678"


@pytest.mark.parametrize(("phone", "words"), [
    ("", "empty"), ("1381234567", "has 10 digits"), ("138123456789", "has 12 digits"),
    ("23812345678", "starts with 1, not 2"), ("1381234567a", "'a' is not a digit"),
    ("０１３８", "not a digit"),
])
def test_phone_errors(phone: str, words: str) -> None:
    assert words in problem_of(validate_phone, phone).problem


# --- credit code ------------------------------------------------------------------------------

def test_valid_credit_code() -> None:
    assert validate_credit_code(" 91110000600037341l ") == "91110000600037341L"


@pytest.mark.parametrize(("code", "words"), [
    ("", "empty"),
    ("9111000060003734", "has 16 characters"),
    ("91110000600037341M", "check character is M but should be L"),
    ("9111000060003734IL", "character 'I' at position 17"),
    ("911100A0600037341L", "character 'A' at position 7"),
])
def test_credit_code_errors(code: str, words: str) -> None:
    assert words in problem_of(validate_credit_code, code).problem


# --- names and text ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["张三", "<b>王五</b>", "A & B 汽车销售有限公司",
                                  "O'Brien \"Bob\"", "李四 😀", "阿卜杜勒·买买提", "👨‍👩‍👧 Family"])
def test_hostile_names_are_kept_literally(name: str) -> None:
    assert validate_name(f"  {name} ") == name


def test_name_errors() -> None:
    assert problem_of(validate_name, "   ").problem == "the name is empty"
    error = problem_of(validate_name, "张" * 61)
    assert error.problem == "the name has 61 characters"
    assert error.expected == "at most 60"
    assert validate_name("张" * 61, "name", 100) == "张" * 61
    assert problem_of(validate_name, "张\x00三").problem == "control character U+0000 at position 2"
    assert "U+000A" in problem_of(validate_name, "张\n三").problem
    assert "U+2028" in problem_of(validate_name, "张\u2028三").problem
    assert problem_of(validate_name, "", "customer.name").field == "customer.name"


def test_text() -> None:
    assert validate_text("", "vehicle.colour") == ""
    assert validate_text("  珍珠白 ", "vehicle.colour") == "珍珠白"
    assert validate_text("第一行\n第二行\t<script>", "case.notes") == "第一行\n第二行\t<script>"
    assert problem_of(validate_text, " ", "customer.address", 200, True).field \
        == "customer.address"
    assert "has 201 characters" in problem_of(validate_text, "x" * 201, "case.notes").problem
    assert "U+001B" in problem_of(validate_text, "red\x1b[0m", "vehicle.colour").problem


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf")),
               min_size=1, max_size=60).filter(lambda s: s.strip() != ""))
def test_any_printable_name_is_kept(name: str) -> None:
    assert validate_name(name) == name.strip()


def test_ascii_letters_only_plate_alphabet_sanity() -> None:
    # The plate regex excludes I and O only; every other capital letter is a valid office.
    for letter in string.ascii_uppercase:
        plate = f"京{letter}12345"
        if letter in "IO":
            with pytest.raises(InvalidInput):
                validate_plate(plate)
        else:
            assert validate_plate(plate) == plate


# --- issue 11: characters that hide or reorder text --------------------------------------


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
                                  "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"])
def test_bidi_controls_are_refused_by_name(char: str) -> None:
    error = problem_of(validate_name, f"张{char}三", "customer.name")
    assert error.field == "customer.name"
    assert error.problem == f"bidirectional control character U+{ord(char):04X} at position 2"
    assert "文字方向控制字符" in error.zh
    assert "bidirectional" in problem_of(validate_text, f"地址{char}", "customer.address").problem


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_zero_width_characters_are_refused(char: str) -> None:
    error = problem_of(validate_name, f"张{char}三")
    assert error.problem == f"zero-width character U+{ord(char):04X} at position 2"
    assert "零宽字符" in error.zh


@pytest.mark.parametrize("char", ["\u00ad", "\u206a", "\u2061", "\U000e0001"])
def test_other_invisible_formatting_is_refused(char: str) -> None:
    assert problem_of(validate_name, f"a{char}b").problem.startswith(
        "invisible formatting character")


@pytest.mark.parametrize("neighbour", ["\u2027", "\u202f", "\u2065", "\u2070", "\u200a",
                                       "\u2010", "\u061b", "\ue000"])
def test_the_neighbours_of_the_refused_ranges_are_kept(neighbour: str) -> None:
    """One code point off each refused range is ordinary text (or at least not hidden
    formatting): narrow no-break space, hair space, hyphen, private use (生僻字)."""
    text = f"张{neighbour}三"
    assert validate_name(text) == text


def test_zero_width_joiner_is_kept_inside_an_emoji_only() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert validate_name(f"{family} 张") == f"{family} 张"
    assert validate_name("\u2764\ufe0f\u200d\U0001f525") == "\u2764\ufe0f\u200d\U0001f525"
    for text in ("张\u200d三", "\U0001f468\u200d三", "张\u200d\U0001f469", "\U0001f468\u200d"):
        assert "zero-width" in problem_of(validate_name, text).problem, text
