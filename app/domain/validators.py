"""Checks for what a person types: resident ID, VIN, plate, phone, credit code, names, text.

Each validator returns the value in its canonical form or raises `InvalidInput` saying what
is wrong and what would be right, in English and in Chinese. Rules are in DOMAIN.md.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from app.domain.errors import InvalidInput, Text

# --- resident identity card (GB 11643-1999) -------------------------------------------------

_ID_LENGTH = 18


def _today() -> datetime.date:
    """Today's date; a function so tests can reason about "the future"."""
    return datetime.date.today()


# The earliest birth year a resident ID may carry: the numbers were first issued in 1985 to
# the living, none of whom was born before 1900 (a 18xx year is a typing error).
_EARLIEST_BIRTH = datetime.date(1900, 1, 1)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# 港澳台居民居住证 (since 2018): the address code is the region's, issued whatever the birth.
RESIDENCE_PERMIT_CODES = frozenset({"810000", "820000", "830000"})
_YEARS = re.compile(r"^\[(\d*)-(\d*)\](.*)$")


def resident_id_check_char(first17: str) -> str:
    """GB 11643 / ISO 7064 MOD 11-2 check character of the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def validate_resident_id(value: str, field: str = "id_number") -> str:
    """An 18-character resident ID number, uppercase X; raises `InvalidInput` otherwise.

    Refused only on what makes a number impossible: length, characters, birth date (a real
    date from 1900 to today) and check character, coarsest first so the message names the
    first real problem. The address code is the county that *issued* the number, which may
    be newer than the birth or missing from our list: `id_number_warnings` says so, it never
    refuses (DOMAIN.md "Resident ID").
    """
    number = value.strip().replace(" ", "").upper()
    if not number:
        raise InvalidInput(field, "the ID number is empty",
                           "18 characters such as 11010519491231002X",
                           zh="身份证号码不能为空，应为 18 位")
    if len(number) != _ID_LENGTH:
        raise InvalidInput(
            field, f"the ID number has {len(number)} characters", "18 characters",
            zh=f"身份证号码为 {len(number)} 位，应为 18 位")
    for position, char in enumerate(number[:-1], start=1):
        if not ("0" <= char <= "9"):
            raise InvalidInput(
                field, f"character {char!r} at position {position} is not a digit",
                "17 digits followed by a digit or X",
                zh=f"身份证号码第 {position} 位“{char}”不是数字，前 17 位应为数字")
    if not ("0" <= number[-1] <= "9" or number[-1] == "X"):
        raise InvalidInput(
            field, f"the last character {number[-1]!r} is neither a digit nor X",
            "a digit or X as the 18th character",
            zh=f"身份证号码最后一位“{number[-1]}”应为数字或 X")
    birth_text = number[6:14]
    try:
        birth = datetime.date(int(birth_text[:4]), int(birth_text[4:6]), int(birth_text[6:]))
    except ValueError:
        raise InvalidInput(
            field, f"birth date {birth_text} does not exist", "a real date as YYYYMMDD",
            zh=f"身份证号码中的出生日期 {birth_text} 不存在") from None
    if birth > _today():
        raise InvalidInput(
            field, f"birth date {birth_text} is in the future", "a birth date before today",
            zh=f"身份证号码中的出生日期 {birth_text} 晚于今天")
    if birth < _EARLIEST_BIRTH:
        raise InvalidInput(
            field, f"birth date {birth_text} is before 1900", "a birth date from 1900 on",
            zh=f"身份证号码中的出生日期 {birth_text} 早于 1900 年，请核对")
    expected = resident_id_check_char(number[:-1])
    if number[-1] != expected:
        raise InvalidInput(
            field, f"check character is {number[-1]} but should be {expected}",
            f"{number[:-1]}{expected} (or a typing error elsewhere in the number)",
            zh=f"身份证号码校验位为 {number[-1]}，按前 17 位应为 {expected}，请核对号码")
    return number


def _county_years(entry: str) -> tuple[int | None, int | None]:
    """'[1992-]浦东新区' → (1992, None); '朝阳区' → (None, None)."""
    match = _YEARS.match(entry)
    if match is None:
        return None, None
    start, end = match.group(1), match.group(2)
    return (int(start) if start else None), (int(end) if end else None)


def id_number_warnings(number: str) -> tuple[Text, ...]:
    """What a person should look at twice in a *valid* ID number, never a refusal: an address
    code missing from the list of county codes, or one created after the birth (浦东 310115
    since 1992, 重庆 500… since 1997: people born earlier carry them when their number was
    issued there) or abolished before it. Any input is accepted; an invalid number has none.
    """
    code = str(number).strip().upper()[:6]
    birth_text = str(number).strip()[6:10]
    if len(code) < 6 or not code.isdigit() or not birth_text.isdigit() \
            or code in RESIDENCE_PERMIT_CODES:
        return ()
    from stdnum import numdb  # here: python-stdnum loads pydoc and more, for these two checks

    year = int(birth_text)
    counties = [props["county"] for _part, props in numdb.get("cn/loc").info(code)
                if "county" in props]
    if not counties:
        return (Text(
            f"address code {code} is not in the list of county codes: check it against the "
            "card (a new county's code may be missing from the list)",
            f"地址码 {code} 不在行政区划代码表中，请与证件核对(新设区县的代码可能尚未收录)"),)
    spans = [_county_years(entry) for entry in ",".join(counties).split(",")]
    if any((start is None or start <= year) and (end is None or year <= end)
           for start, end in spans):
        return ()
    starts = [start for start, _end in spans if start is not None and start > year]
    if starts:
        since = min(starts)
        return (Text(
            f"address code {code} exists since {since}, after the birth date: normal when the "
            "number was issued there later; compare it with the card",
            f"地址码 {code} 自 {since} 年起使用，晚于出生日期；"
            "号码在该地签发时属正常，请与证件核对"),)
    ended = max(end for _start, end in spans if end is not None)
    return (Text(
        f"address code {code} was retired in {ended}, before the birth date: compare it with "
        "the card",
        f"地址码 {code} 已于 {ended} 年停用，早于出生日期，请与证件核对"),)


@dataclass(frozen=True)
class ResidentIdCheck:
    """A valid number with what deserves a second look (shown beside the field)."""

    number: str
    warnings: tuple[Text, ...]

    @property
    def warning(self) -> Text | None:
        if not self.warnings:
            return None
        return Text("; ".join(w.en for w in self.warnings), "；".join(w.zh for w in self.warnings))


def check_resident_id(value: str, field: str = "id_number") -> ResidentIdCheck:
    """`validate_resident_id` and `id_number_warnings` in one: refused or valid with notes."""
    number = validate_resident_id(value, field)
    return ResidentIdCheck(number, id_number_warnings(number))


def birth_date_from_id(id_number: str) -> datetime.date:
    """The birth date written in a (valid) resident ID number."""
    number = validate_resident_id(id_number)
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def is_male_id(id_number: str) -> bool:
    """True when the sequence code (17th digit) is odd, which GB 11643 assigns to men."""
    return int(validate_resident_id(id_number)[16]) % 2 == 1


def mask_id(id_number: str) -> str:
    """The number as lists show it (PIPL: sensitive data): 110105********002X."""
    number = id_number.strip()
    if len(number) >= 10:
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    return "*" * max(len(number) - 2, 0) + number[-2:]


# --- vehicle identification number (GB 16735 / ISO 3779) ------------------------------------

_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    "A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8,
    "J": 1, "K": 2, "L": 3, "M": 4, "N": 5, "P": 7, "R": 9,
    "S": 2, "T": 3, "U": 4, "V": 5, "W": 6, "X": 7, "Y": 8, "Z": 9,
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
_VIN_LENGTH = 17
_CHECK_POSITION = 9  # 1-based, as the standard counts


@dataclass(frozen=True)
class VinCheck:
    """A VIN that passed, with a warning when an imported car's check digit does not match."""

    vin: str
    warning: Text | None


def vin_check_digit(vin: str) -> str:
    """The check digit position 9 should hold: weighted sum mod 11, 10 written as X."""
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def validate_vin(value: str, field: str = "vin") -> VinCheck:
    """A 17-character VIN. A wrong check digit is refused for domestic cars (L…), which
    must carry one, and only warned about for imports, some of which carry none."""
    vin = value.strip().upper()
    if not vin:
        raise InvalidInput(field, "the VIN is empty", "17 characters such as LVSHCAMB1CE054249",
                           zh="车架号（VIN）不能为空，应为 17 位")
    for position, char in enumerate(vin, start=1):
        if char in "IOQ":
            raise InvalidInput(
                field,
                f"letter {char} at position {position} is not allowed in a VIN "
                "(I, O and Q never appear)",
                "digits and letters other than I, O and Q (often 1 or 0 was meant)",
                zh=f"车架号第 {position} 位字母 {char} 不允许出现（VIN 中没有 I、O、Q），"
                   "可能应为数字 1 或 0")
        if char not in _VIN_VALUES:
            raise InvalidInput(
                field, f"character {char!r} at position {position} is not allowed in a VIN",
                "digits and letters other than I, O and Q",
                zh=f"车架号第 {position} 位“{char}”不允许出现，只能是数字和除 I、O、Q 外的字母")
    if len(vin) != _VIN_LENGTH:
        raise InvalidInput(
            field, f"the VIN has {len(vin)} characters", "17 characters",
            zh=f"车架号为 {len(vin)} 位，应为 17 位")
    assert _VIN_RE.match(vin)  # the loop above has checked every character
    actual, expected = vin[_CHECK_POSITION - 1], vin_check_digit(vin)
    if actual == expected:
        return VinCheck(vin, None)
    problem = f"check digit at position 9 is {actual} but should be {expected}"
    if vin.startswith("L"):
        raise InvalidInput(
            field, problem, "a domestic VIN with a correct check digit (re-read it on the car)",
            zh=f"车架号第 9 位校验位为 {actual}，按其余字符应为 {expected}；国产车必须正确，请核对")
    return VinCheck(vin, Text(
        en=f"{problem}; imported cars may use none, so compare the VIN with the car itself",
        zh=f"车架号第 9 位校验位为 {actual}，按其余字符应为 {expected}；"
           "进口车可能不使用校验位，请与实车核对"))


# --- licence plate --------------------------------------------------------------------------

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
_PLATE_RE = re.compile(
    rf"^[{_PROVINCES}][A-HJ-NP-Z]"
    r"(?:[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳]|[DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF])$")
_PLATE_LETTER = re.compile(r"[A-HJ-NP-Z]")
PLATE_PROVINCES = _PROVINCES  # the first character of every plate validate_plate lets in


def validate_plate(value: str, field: str = "plate") -> str:
    """A mainland plate: 7 characters, or 8 for new-energy cars (D or F marks them).

    Spaces and the middle dot printed on plates (京A·12345) are dropped."""
    plate = re.sub(r"[\s·•.\-]", "", value).upper()
    if not plate:
        raise InvalidInput(field, "the plate number is empty", "a plate such as 京A12345",
                           zh="车牌号不能为空，应如 京A12345")
    if plate[0] not in _PROVINCES:
        raise InvalidInput(
            field, f"{plate[0]!r} is not a province abbreviation", "a plate such as 京A12345",
            zh=f"车牌号第 1 位“{plate[0]}”不是省份简称，应如 京A12345")
    if len(plate) not in (7, 8):
        raise InvalidInput(
            field, f"the plate has {len(plate)} characters",
            "7 characters, or 8 for a new-energy car",
            zh=f"车牌号为 {len(plate)} 位，应为 7 位（新能源车 8 位）")
    if not _PLATE_LETTER.fullmatch(plate[1]):
        raise InvalidInput(
            field, f"{plate[1]!r} at position 2 is not an issuing-office letter",
            "a letter other than I and O after the province",
            zh=f"车牌号第 2 位“{plate[1]}”应为发牌机关字母（不含 I、O）")
    if not _PLATE_RE.match(plate):
        if len(plate) == 8:
            raise InvalidInput(
                field, f"{plate} is not a valid new-energy plate",
                "D or F then a letter or digit and 4 digits (粤BD12345), "
                "or 5 digits then D or F (粤B12345D)",
                zh=f"{plate} 不是有效的新能源车牌，应如 粤BD12345 或 粤B12345D")
        raise InvalidInput(
            field, f"{plate} is not a valid plate",
            "4 letters or digits (no I or O) and a last letter, digit, 挂, 学, 警, 港 or 澳",
            zh=f"{plate} 不是有效的车牌号，后 5 位应为数字或字母（不含 I、O），如 京A12345")
    return plate


# --- mobile phone ---------------------------------------------------------------------------

def validate_phone(value: str, field: str = "phone") -> str:
    """A mainland mobile number: 11 digits starting with 1 (spaces, dashes, +86 dropped)."""
    phone = re.sub(r"[\s\-()]", "", value)
    if phone.startswith("+86"):
        phone = phone[3:]
    elif phone.startswith("0086"):
        phone = phone[4:]
    elif phone.startswith("86") and len(phone) == 13:
        phone = phone[2:]
    if not phone:
        raise InvalidInput(field, "the phone number is empty", "11 digits such as 13812345678",
                           zh="手机号码不能为空，应为 11 位数字")
    bad = next((c for c in phone if not ("0" <= c <= "9")), None)
    if bad is not None:
        raise InvalidInput(field, f"{bad!r} is not a digit", "11 digits such as 13812345678",
                           zh=f"手机号码中“{bad}”不是数字，应为 11 位数字")
    if len(phone) != 11:
        raise InvalidInput(field, f"the phone number has {len(phone)} digits", "11 digits",
                           zh=f"手机号码为 {len(phone)} 位，应为 11 位")
    if phone[0] != "1":
        raise InvalidInput(field, f"a mobile number starts with 1, not {phone[0]}",
                           "11 digits starting with 1",
                           zh=f"手机号码应以 1 开头，而不是 {phone[0]}")
    return phone


# --- unified social credit code (GB 32100-2015) ---------------------------------------------

_DIGITS = "0123456789"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z


def validate_credit_code(value: str, field: str = "credit_code") -> str:
    """A company's 18-character unified social credit code (统一社会信用代码)."""
    from stdnum.cn import uscc
    from stdnum.exceptions import ValidationError

    code = uscc.compact(value)
    if not code:
        raise InvalidInput(field, "the credit code is empty",
                           "18 characters such as 91110000600037341L",
                           zh="统一社会信用代码不能为空，应为 18 位")
    if len(code) != 18:
        raise InvalidInput(field, f"the credit code has {len(code)} characters", "18 characters",
                           zh=f"统一社会信用代码为 {len(code)} 位，应为 18 位")
    for position, char in enumerate(code, start=1):
        allowed = _DIGITS if position <= 8 else _USCC_ALPHABET
        if char not in allowed:
            what = "a digit" if position <= 8 else "a digit or a letter other than I, O, S, V, Z"
            raise InvalidInput(
                field, f"character {char!r} at position {position} is not allowed",
                f"{what} at position {position}",
                zh=f"统一社会信用代码第 {position} 位“{char}”不合规则")
    expected = uscc.calc_check_digit(code)
    if code[-1] != expected:
        raise InvalidInput(
            field, f"check character is {code[-1]} but should be {expected}",
            f"{code[:-1]}{expected} (or a typing error elsewhere in the code)",
            zh=f"统一社会信用代码校验位为 {code[-1]}，应为 {expected}，请核对")
    try:  # anything stdnum knows that we do not
        return str(uscc.validate(code))
    except ValidationError as exc:
        raise InvalidInput(field, f"the credit code is not valid ({exc})",
                           "a code as printed on the business licence",
                           zh="统一社会信用代码无效，请按营业执照核对") from None


# --- names and free text --------------------------------------------------------------------

_ALLOWED_IN_TEXT = frozenset("\n\t")


def _check_text(value: str, field: str, label: Text, max_length: int, required: bool,
                allowed_controls: frozenset[str]) -> str:
    text = value.strip()
    if not text:
        if required:
            raise InvalidInput(field, f"the {label.en} is empty", f"a {label.en}",
                               zh=f"{label.zh}不能为空")
        return ""
    if len(text) > max_length:
        raise InvalidInput(
            field, f"the {label.en} has {len(text)} characters", f"at most {max_length}",
            zh=f"{label.zh}有 {len(text)} 个字符，最多 {max_length} 个")
    for position, char in enumerate(text, start=1):
        if char in allowed_controls or (char == _ZWJ and _joins_emoji(text, position - 1)):
            continue
        kind = _hidden_kind(char)
        if kind is not None:
            raise InvalidInput(
                field, f"{kind.en} U+{ord(char):04X} at position {position}",
                "printable text only",
                zh=f"{label.zh}第 {position} 个字符是{kind.zh} U+{ord(char):04X}，请删除")
    return text


# Characters that change how text looks without being seen: a right-to-left override makes
# "张三‮1234" print backwards on a contract, a zero-width space makes two equal-looking names
# differ in a search. Unicode's Cf ("format") category holds them all, soft hyphen included.
BIDI_CONTROLS = frozenset(map(chr, (*range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                    0x200E, 0x200F, 0x061C)))
ZERO_WIDTH = frozenset(map(chr, (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)))


_ZWJ = "\u200d"


def _joins_emoji(text: str, index: int) -> bool:
    """A zero-width joiner inside an emoji sequence (👨‍👩‍👧 is three emoji joined): drawn as
    one picture, so it hides nothing. Between letters it is refused like any zero-width."""
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    emoji_end = before == "\ufe0f" or (before and unicodedata.category(before) in ("So", "Sk"))
    return bool(emoji_end) and bool(after) and unicodedata.category(after) == "So"


def _hidden_kind(char: str) -> Text | None:
    if char in BIDI_CONTROLS:
        return Text("bidirectional control character", "文字方向控制字符")
    if char in ZERO_WIDTH:
        return Text("zero-width character", "零宽字符")
    category = unicodedata.category(char)
    # Cc: control characters; Cs: lone surrogates (cannot be stored as UTF-8);
    # Zl/Zp: line and paragraph separators that break single-line fields.
    if category in ("Cc", "Cs", "Zl", "Zp"):
        return Text("control character", "控制字符")
    # Private-use characters stay: rare name characters (生僻字) live there in older systems.
    if category == "Cf":
        return Text("invisible formatting character", "不可见格式字符")
    return None


def validate_name(value: str, field: str = "name", max_length: int = 60) -> str:
    """A person's or company's name, kept literally (markup, &, quotes and emoji included:
    escaping is the job of whatever displays it), without control characters or newlines."""
    return _check_text(value, field, Text("name", "名称"), max_length, True, frozenset())


def validate_text(value: str, field: str, max_length: int = 200, required: bool = False) -> str:
    """Free text (address, colour, brand, notes): like a name, but may be empty unless
    `required`, and may hold newlines and tabs (notes span lines)."""
    return _check_text(value, field, Text("text", "内容"), max_length, required, _ALLOWED_IN_TEXT)


MIN_PASSWORD = 8


def validate_password(value: str, field: str = "password") -> str:
    """A sign-in password: at least 8 characters, not one character repeated."""
    if len(value) < MIN_PASSWORD:
        raise InvalidInput(field, f"has {len(value)} characters",
                           f"at least {MIN_PASSWORD} characters",
                           zh=f"密码至少 {MIN_PASSWORD} 位(当前 {len(value)} 位)")
    if len(set(value)) == 1:
        raise InvalidInput(field, "is one character repeated", "a password that is hard to guess",
                           zh="密码不能由同一字符重复组成")
    if len(value) > 200:
        raise InvalidInput(field, "is longer than 200 characters", "at most 200 characters",
                           zh="密码不能超过 200 位")
    return value
