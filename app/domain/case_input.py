"""A case's facts as a person types them (JSON, CLI `FIELD=VALUE`, the new-case dialog),
validated in one place into a `CaseInput`.

Field names are dotted (`customer.id_number`, `loan.amount`) and the same everywhere: the JSON
keys of `loandesk case new`, the FIELD of `loandesk case set` and the `field` of every
InvalidInput, so the GUI can put a message beside the right widget.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from app.domain.errors import InvalidInput, Text
from app.domain.money import MAX_AMOUNT, MAX_TERM_MONTHS, to_money
from app.domain.validators import (
    birth_date_from_id,
    id_number_warnings,
    validate_name,
    validate_phone,
    validate_plate,
    validate_resident_id,
    validate_text,
    validate_vin,
)

MARITAL_STATUSES = ("married", "single", "divorced", "widowed")
# What a person reads for each status (the dossier, the workspace's history); the forms'
# choices (forms/*.toml) print the same Chinese words.
MARITAL_TITLES: dict[str, Text] = {
    "married": Text("married", "已婚"), "single": Text("single", "未婚"),
    "divorced": Text("divorced", "离异"), "widowed": Text("widowed", "丧偶"),
}
METHODS = ("equal_installment", "equal_principal")
ADULT_AGE = 18
MAX_ACCESSORIES = 100
# A loan starts near the day it is entered: a year either way covers a late entry and a
# car ordered well ahead; 9999-12-01 is a typing error (and breaks the schedule's dates).
START_WINDOW = timedelta(days=366)


@dataclass(frozen=True)
class CustomerInput:
    name: str
    id_number: str
    phone: str
    marital_status: str
    address: str = ""
    employer: str = ""
    self_employed: bool = False


@dataclass(frozen=True)
class SpouseInput:
    name: str
    id_number: str
    phone: str = ""


@dataclass(frozen=True)
class VehicleInput:
    brand: str
    model: str
    vin: str
    price: Decimal
    engine_number: str = ""
    color: str = ""
    new_energy: bool = False
    used: bool = False
    commercial: bool = False
    plate: str = ""
    warehouse: str = ""


@dataclass(frozen=True)
class LoanInput:
    lender: str
    amount: Decimal
    down_payment: Decimal
    term_months: int
    annual_rate: Decimal
    method: str = "equal_installment"
    fees: Decimal = Decimal("0.00")
    start: date | None = None


@dataclass(frozen=True)
class CaseInput:
    customer: CustomerInput
    spouse: SpouseInput | None
    vehicle: VehicleInput
    loan: LoanInput
    accessories: tuple[Mapping[str, str], ...] = field(default=())
    # {item, amount, loan_cost}: loan_cost marks what the borrower pays for the loan itself
    # (金融服务费, 手续费, GPS fee), which the APR includes (PBoC 〔2021〕 No. 3).
    fee_items: tuple[Mapping[str, str | bool], ...] = field(default=())
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def to_json(self) -> dict[str, Any]:
        """The JSON shape `loandesk case new` reads, with amounts as decimal strings."""
        data = asdict(self)
        data.pop("warnings")
        data["accessories"] = [dict(a) for a in self.accessories]
        data["fee_items"] = [dict(f) for f in self.fee_items]
        result: dict[str, Any] = _jsonable(data)
        return result


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _known_keys(data: Mapping[str, Any], prefix: str, known: tuple[str, ...]) -> None:
    """A misspelt key (`adress`) is refused, naming it: silently dropping it would lose
    what was typed."""
    for key in data:
        if key not in known:
            name = f"{prefix}.{key}" if prefix else str(key)
            raise InvalidInput(name, "unknown field", "one of " + ", ".join(known),
                               zh=f"未知字段 {name}，应为 {', '.join(known)} 之一")


def _section(data: Mapping[str, Any], key: str, required: bool = True) -> Mapping[str, Any]:
    value = data.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidInput(key, "is missing or not an object", f'"{key}": {{...}}',
                           zh=f"缺少 {key} 部分(应为对象)")
    _known_keys(value, key, _FIELDS[key])
    return value


def _str(section: Mapping[str, Any], prefix: str, key: str) -> str:
    value = section.get(key, "")
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise InvalidInput(f"{prefix}.{key}", "must be text", zh=f"{prefix}.{key} 应为文字")
    return str(value)


def _bool(section: Mapping[str, Any], prefix: str, key: str) -> bool:
    value = section.get(key, False)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "y", "是"):
        return True
    if text in ("false", "0", "no", "n", "否", ""):
        return False
    raise InvalidInput(f"{prefix}.{key}", f"{value!r} is not yes or no", "true or false",
                       zh=f"{prefix}.{key} 应为 true 或 false")


def _required_text(section: Mapping[str, Any], prefix: str, key: str, max_length: int) -> str:
    return validate_text(_str(section, prefix, key), f"{prefix}.{key}", max_length,
                         required=True)


def _optional_text(section: Mapping[str, Any], prefix: str, key: str, max_length: int) -> str:
    return validate_text(_str(section, prefix, key), f"{prefix}.{key}", max_length)


def _customer(data: Mapping[str, Any], today: date) -> CustomerInput:
    s = _section(data, "customer")
    status = _str(s, "customer", "marital_status").strip().lower()
    if status not in MARITAL_STATUSES:
        raise InvalidInput("customer.marital_status", f"{status or 'empty'} is not a status",
                           " | ".join(MARITAL_STATUSES),
                           zh=f"婚姻状况应为 {' / '.join(MARITAL_STATUSES)} 之一")
    id_number = validate_resident_id(_str(s, "customer", "id_number"), "customer.id_number")
    born = birth_date_from_id(id_number)
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age < ADULT_AGE:
        raise InvalidInput("customer.id_number", f"the customer is {age} (born {born})",
                           f"a borrower of at least {ADULT_AGE}",
                           zh=f"客户年龄 {age} 岁(出生于 {born})，借款人须年满 {ADULT_AGE} 岁")
    return CustomerInput(
        name=validate_name(_str(s, "customer", "name"), "customer.name"),
        id_number=id_number,
        phone=validate_phone(_str(s, "customer", "phone"), "customer.phone"),
        marital_status=status,
        address=_optional_text(s, "customer", "address", 200),
        employer=_optional_text(s, "customer", "employer", 100),
        self_employed=_bool(s, "customer", "self_employed"),
    )


def _spouse(data: Mapping[str, Any], customer: CustomerInput) -> SpouseInput | None:
    if customer.marital_status != "married":
        if isinstance(data.get("spouse"), Mapping):
            _known_keys(data["spouse"], "spouse", _FIELDS["spouse"])
        return None  # a spouse only matters (and is only asked for) while married
    s = _section(data, "spouse")
    id_number = validate_resident_id(_str(s, "spouse", "id_number"), "spouse.id_number")
    if id_number == customer.id_number:
        raise InvalidInput("spouse.id_number", "is the customer's own ID number",
                           "the spouse's ID number", zh="配偶身份证号不能与客户相同")
    phone = _str(s, "spouse", "phone")
    return SpouseInput(
        name=validate_name(_str(s, "spouse", "name"), "spouse.name"),
        id_number=id_number,
        phone=validate_phone(phone, "spouse.phone") if phone.strip() else "",
    )


def _vehicle(data: Mapping[str, Any]) -> tuple[VehicleInput, list[str]]:
    s = _section(data, "vehicle")
    vin = validate_vin(_str(s, "vehicle", "vin"), "vehicle.vin")
    plate = _str(s, "vehicle", "plate")
    engine = _optional_text(s, "vehicle", "engine_number", 30).upper()
    vehicle = VehicleInput(
        brand=_required_text(s, "vehicle", "brand", 60),
        model=_required_text(s, "vehicle", "model", 100),
        vin=vin.vin,
        price=_price(s.get("price")),
        engine_number=engine,
        color=_optional_text(s, "vehicle", "color", 30),
        new_energy=_bool(s, "vehicle", "new_energy"),
        used=_bool(s, "vehicle", "used"),
        commercial=_bool(s, "vehicle", "commercial"),
        plate=validate_plate(plate, "vehicle.plate") if plate.strip() else "",
        warehouse=_optional_text(s, "vehicle", "warehouse", 60),
    )
    return vehicle, [str(vin.warning)] if vin.warning else []


def _price(value: Any) -> Decimal:
    price = to_money(value, "vehicle.price")
    if not Decimal(0) < price <= MAX_AMOUNT:
        raise InvalidInput("vehicle.price", f"{price} is not a car's price",
                           f"more than 0 and at most {MAX_AMOUNT}",
                           zh=f"车价 {price} 无效，应大于 0 且不超过 {MAX_AMOUNT}")
    return price


def _rate(value: Any) -> Decimal:
    try:
        rate = Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation:
        rate = Decimal(-1)
    if isinstance(value, str) and value.strip().endswith("%"):
        rate = rate / 100
    if not rate.is_finite() or not Decimal(0) <= rate < 1:
        raise InvalidInput("loan.annual_rate", f"{value!r} is not a yearly rate",
                           'a fraction such as "0.0499" (4.99 %)',
                           zh=f"年利率 {value!r} 无效，应为如 0.0499 的小数(即 4.99%)")
    return rate


def _term(value: Any) -> int:
    try:
        term = int(str(value).strip())
    except ValueError:
        raise InvalidInput("loan.term_months", f"{value!r} is not a number of months",
                           "whole months such as 36", zh="贷款期限应为整月数，如 36") from None
    if not 1 <= term <= MAX_TERM_MONTHS:
        raise InvalidInput("loan.term_months", f"{term} months is not a term",
                           f"1 to {MAX_TERM_MONTHS} months",
                           zh=f"贷款期限应为 1 到 {MAX_TERM_MONTHS} 个月")
    return term


def _loan(data: Mapping[str, Any], today: date | None) -> LoanInput:
    """`today` None: the start date is not checked against today (an old case being
    edited in another field keeps the start it had)."""
    s = _section(data, "loan")
    method = _str(s, "loan", "method").strip() or "equal_installment"
    if method not in METHODS:
        raise InvalidInput("loan.method", f"{method!r} is not a repayment method",
                           " | ".join(METHODS), zh="还款方式应为 equal_installment(等额本息) 或 "
                                                   "equal_principal(等额本金)")
    start_text = _str(s, "loan", "start").strip()
    try:
        start = date.fromisoformat(start_text) if start_text else None
    except ValueError:
        raise InvalidInput("loan.start", f"{start_text!r} is not a date", "YYYY-MM-DD",
                           zh="起始日期格式应为 YYYY-MM-DD") from None
    if start is not None and today is not None and not (
            today - START_WINDOW <= start <= today + START_WINDOW):
        raise InvalidInput("loan.start", f"{start} is too far from today",
                           f"a date from {today - START_WINDOW} to {today + START_WINDOW}",
                           zh=f"起始日期 {start} 应在 {today - START_WINDOW} 至 "
                              f"{today + START_WINDOW} 之间")
    fees = to_money(s.get("fees") or "0", "loan.fees")
    if fees < 0:
        raise InvalidInput("loan.fees", f"{fees} is negative", "0 or more", zh="费用不能为负数")
    return LoanInput(
        lender=_required_text(s, "loan", "lender", 100),
        amount=to_money(s.get("amount"), "loan.amount"),
        down_payment=to_money(s.get("down_payment"), "loan.down_payment"),
        term_months=_term(s.get("term_months")),
        annual_rate=_rate(s.get("annual_rate")),
        method=method,
        fees=fees,
        start=start,
    )


def _rows(data: Mapping[str, Any], key: str, columns: tuple[str, ...],
          flags: tuple[str, ...] = ()) -> tuple[dict[str, str], ...]:
    """The text columns of each row, validated; `flags` are keys the caller reads itself."""
    rows = data.get(key) or []
    if not isinstance(rows, list):
        raise InvalidInput(key, "must be a list", f'"{key}": [{{...}}]', zh=f"{key} 应为列表")
    if len(rows) > MAX_ACCESSORIES:
        raise InvalidInput(key, f"has {len(rows)} rows", f"at most {MAX_ACCESSORIES}",
                           zh=f"{key} 最多 {MAX_ACCESSORIES} 行")
    result = []
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise InvalidInput(f"{key}[{i}]", "must be an object", zh=f"{key}[{i}] 应为对象")
        _known_keys(row, f"{key}[{i}]", columns + flags)
        clean = {c: validate_text(str(row.get(c, "") or ""), f"{key}[{i}].{c}", 100)
                 for c in columns}
        for money_key in ("amount", "unit_price"):
            if clean.get(money_key):
                clean[money_key] = format(to_money(clean[money_key], f"{key}[{i}].{money_key}"),
                                          "f")
        result.append(clean)
    return tuple(result)


def _fee_items(data: Mapping[str, Any]) -> tuple[dict[str, str | bool], ...]:
    rows = _rows(data, "fee_items", ("item", "amount"), ("loan_cost",))
    items: list[dict[str, str | bool]] = []
    for i, (raw, row) in enumerate(zip(data.get("fee_items") or [], rows, strict=True)):
        items.append({**row, "loan_cost": _bool(raw, f"fee_items[{i}]", "loan_cost")})
    return tuple(items)


CASE_SECTIONS = ("customer", "spouse", "vehicle", "loan", "accessories", "fee_items")


def parse_case(data: Any, today: date, *, check_start: bool = True) -> CaseInput:
    """Validate a whole case; the first problem found is raised as InvalidInput.
    `check_start` False keeps an old case's loan start as it was (see apply_changes)."""
    if not isinstance(data, Mapping):
        raise InvalidInput("case", "must be a JSON object", '{"customer": {...}, ...}',
                           zh="案件数据应为 JSON 对象")
    _known_keys(data, "", CASE_SECTIONS)
    customer = _customer(data, today)
    vehicle, warnings = _vehicle(data)
    return CaseInput(
        customer=customer,
        spouse=_spouse(data, customer),
        vehicle=vehicle,
        loan=_loan(data, today if check_start else None),
        accessories=_rows(data, "accessories", ("name", "quantity", "unit_price", "amount")),
        fee_items=_fee_items(data),
        warnings=tuple(warnings),
    )


def id_warnings(data: CaseInput) -> tuple[tuple[str, Text], ...]:
    """(dotted field, warning) for each ID number worth a second look; never a refusal."""
    numbers = [("customer.id_number", data.customer.id_number)]
    if data.spouse is not None:
        numbers.append(("spouse.id_number", data.spouse.id_number))
    return tuple((name, warning) for name, number in numbers
                 for warning in id_number_warnings(number))


SETTABLE_SECTIONS = ("customer", "spouse", "vehicle", "loan")


CLEAR_SPOUSE = "clear"


def apply_changes(current: CaseInput, changes: Mapping[str, str], today: date, *,
                  clear_spouse: bool = False) -> CaseInput:
    """`case set` and the GUI's edits: change dotted fields, then validate the whole case.

    A change that would erase the spouse (marital status no longer married) is refused
    unless `clear_spouse` (or the pseudo-field `spouse=clear`) says so: their name, ID and
    phone are not thrown away by a status typed in passing."""
    data = current.to_json()
    for name, value in changes.items():
        if name == "spouse" and value.strip().lower() == CLEAR_SPOUSE:
            clear_spouse = True
            continue
        section, _, key = name.partition(".")
        if section not in SETTABLE_SECTIONS or not key:
            raise InvalidInput(name, "is not a field of a case",
                               "section.field with section one of " + ", ".join(
                                   SETTABLE_SECTIONS), zh=f"{name} 不是案件字段")
        target = data.get(section) or {}
        allowed = _FIELDS[section]
        if key not in allowed:
            raise InvalidInput(name, "is not a field of a case", ", ".join(
                f"{section}.{k}" for k in allowed), zh=f"{name} 不是案件字段")
        target[key] = value
        data[section] = target
    changed = parse_case(data, today, check_start="loan.start" in changes)
    if current.spouse is not None and changed.spouse is None and not clear_spouse:
        raise InvalidInput("customer.marital_status",
                           f"{changed.customer.marital_status} would erase the spouse's name, "
                           "ID number and phone", "spouse=clear (CLI: --clear-spouse) to erase "
                           "them deliberately", zh="改为非已婚将删除配偶的姓名、身份证号和电话；"
                           "如确需删除请同时指定 spouse=clear(--clear-spouse)")
    return changed


_FIELDS: dict[str, tuple[str, ...]] = {
    "customer": tuple(CustomerInput.__dataclass_fields__),
    "spouse": tuple(SpouseInput.__dataclass_fields__),
    "vehicle": tuple(VehicleInput.__dataclass_fields__),
    "loan": tuple(LoanInput.__dataclass_fields__),
}
