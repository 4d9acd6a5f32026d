"""Money as Decimal yuan, rounded half-up to the fen (分): capital numerals (大写), repayment
schedules, APR, lender limits and purchase tax."""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import cached_property
from typing import Literal, get_args

from app.domain.errors import InvalidInput, Text

FEN = Decimal("0.01")


def to_money(value: object, field: str = "amount") -> Decimal:
    """Parse an amount (str, int or Decimal; never float) and round it half-up to 分."""
    if isinstance(value, float):
        value = repr(value)  # the shortest text that round-trips: 0.1 stays 0.1
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise InvalidInput(field, f"{value!r} is not an amount", "a number such as 128000.00",
                           zh=f"{value!r} 不是金额，应为如 128000.00 的数字")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(field, f"{value!r} is not an amount", "a number such as 128000.00",
                           zh=f"{value!r} 不是金额，应为如 128000.00 的数字") from None
    # Far beyond any car deal; also keeps quantize() away from Decimal's exponent limits.
    if not amount.is_finite() or amount.adjusted() > 15:
        raise InvalidInput(field, f"{value!r} is not a plausible amount",
                           "a number such as 128000.00",
                           zh="金额无效或过大，应为如 128000.00 的数字")
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, *, symbol: bool = True) -> str:
    """An amount as a person reads it, on screen, on paper and in the CLI's text: rounded
    half-up to 分, thousands separated, the sign before the ¥ (¥126,600.00, -¥1,000.00)."""
    rounded = amount.quantize(FEN, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""  # never "-¥0.00": a zero has no sign
    return f"{sign}{'¥' if symbol else ''}{abs(rounded):,.2f}"


def capital_numerals(amount: Decimal) -> str:
    """人民币 capital numerals by the PBoC rules: 16409.02 → 人民币壹万陆仟肆佰零玖元零贰分."""
    rounded = amount.quantize(FEN, rounding=ROUND_HALF_UP)
    if rounded < 0:
        raise InvalidInput("amount", "capital numerals are written for amounts of 0 or more",
                           zh="大写金额不能为负数")
    # Imported here: cn2an builds its converters at import (a third of a second), which
    # a command or a start-up that writes no capital numerals should not pay.
    import cn2an

    # cn2an truncates beyond the fen, hence the rounding above; it adds no 人民币 prefix.
    return "人民币" + str(cn2an.an2cn(format(rounded, "f"), "rmb"))


# --- repayment schedules ----------------------------------------------------------------------

Method = Literal["equal_installment", "equal_principal"]
"""等额本息 (level payment) or 等额本金 (equal principal, falling payments)."""

METHODS: tuple[Method, ...] = get_args(Method)
MAX_AMOUNT = Decimal(100_000_000)  # no car costs more; a bigger figure is a typing error
MAX_TERM_MONTHS = 120
RATE_PLACES = Decimal("0.0001")
_WORKING = 50  # significant digits for the intermediate (unrounded) arithmetic


@dataclass(frozen=True)
class Installment:
    """One monthly payment; `balance` is the principal still owed after it."""

    period: int
    due_date: date
    payment: Decimal
    principal: Decimal
    interest: Decimal
    balance: Decimal


@dataclass(frozen=True)
class RepaymentSchedule:
    """A whole schedule with the totals an offer shows; `apr` by the IRR method (a fraction)."""

    method: Method
    principal: Decimal
    annual_rate: Decimal
    term_months: int
    fees: Decimal
    installments: tuple[Installment, ...]
    total_interest: Decimal
    total_payment: Decimal
    first_payment: Decimal
    last_payment: Decimal

    @cached_property
    def apr(self) -> Decimal:
        """Worked out when first read (an IRR search): the checklist and the queues read a
        case's payments for a thousand cases at a time and never its APR."""
        return annual_percentage_rate(self.principal,
                                      [row.payment for row in self.installments], self.fees)

    @property
    def monthly_payments(self) -> tuple[Decimal, ...]:
        """The payment figure(s) an offer shows: a level payment is one figure, the rounded
        M every month (its last month only absorbs the fen the rounding left over, so that
        month is not "the payment"); equal principal falls, so its first and last."""
        if self.method == "equal_installment" or self.first_payment == self.last_payment:
            return (self.first_payment,)
        return (self.first_payment, self.last_payment)

    @property
    def monthly_text(self) -> str:
        """The monthly figure(s) as read on screen and paper: ¥2,997.09 or ¥3,194.44 → ¥2,789.35."""
        return " → ".join(format_money(p) for p in self.monthly_payments)


def _round(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def _number(value: object, field: str, what: Text) -> Decimal:
    """A Decimal from Decimal, int or str (not float: it cannot hold 0.1 exactly)."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise InvalidInput(field, f"{value!r} is not a number for the {what.en}",
                           "a decimal number", zh=f"{what.zh}“{value!r}”不是数字")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidInput(field, f"{value!r} is not a number for the {what.en}",
                           "a decimal number", zh=f"{what.zh}“{value}”不是数字") from None
    if not number.is_finite():
        raise InvalidInput(field, f"the {what.en} is not a finite number", "a decimal number",
                           zh=f"{what.zh}必须是有限的数字")
    return number


def _term(term_months: object, field: str, maximum: int) -> int:
    if isinstance(term_months, bool) or not isinstance(term_months, int):
        raise InvalidInput(field, f"term {term_months!r} is not a whole number of months",
                           f"1 to {maximum} months", zh=f"期限“{term_months!r}”应为整数个月")
    if not 1 <= term_months <= maximum:
        raise InvalidInput(field, f"term of {term_months} months is out of range",
                           f"1 to {maximum} months",
                           zh=f"期限 {term_months} 个月超出范围，应为 1 至 {maximum} 个月")
    return term_months


def _positive_amount(value: object, field: str, what: Text) -> Decimal:
    amount = to_money(value, field)
    if amount <= 0:
        raise InvalidInput(field, f"the {what.en} {amount} is not above zero",
                           "an amount above 0", zh=f"{what.zh} {amount} 必须大于 0")
    if amount > MAX_AMOUNT:
        raise InvalidInput(field, f"the {what.en} {amount} is implausibly large",
                           f"at most {MAX_AMOUNT}", zh=f"{what.zh} {amount} 过大，请核对")
    return amount


def add_months(start: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (Jan 31 → Feb 28 → Mar 31):
    always counted from `start`, so a short month does not shift later due dates."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def repayment_schedule(principal: Decimal, annual_rate: Decimal, term_months: int,
                       method: Method, *, fees: Decimal = Decimal(0),
                       start: date | None = None) -> RepaymentSchedule:
    """The month-by-month schedule, every figure rounded half-up to 分.

    Level payment: each month pays M rounded; interest is the rounded *cumulative* exact
    interest minus what earlier months took, so total interest is the formula's M·n − P to
    the 分 (7895.23 for 100000 at 5 % over 36) instead of drifting by rounding each month.
    Equal principal: interest on the balance, payment P/n + balance·r rounded as a whole.
    In both, the last month takes whatever principal is left, so the parts sum to P exactly.
    """
    amount = _positive_amount(principal, "loan.amount", Text("loan amount", "贷款金额"))
    rate = _number(annual_rate, "loan.annual_rate", Text("annual rate", "年利率"))
    if not 0 <= rate < 1:
        raise InvalidInput("loan.annual_rate", f"annual rate {rate} is outside 0 to 1",
                           "a fraction such as 0.0450 for 4.5 %",
                           zh=f"年利率 {rate} 超出范围，应为小数，如 0.0450 表示 4.5%")
    n = _term(term_months, "loan.term_months", MAX_TERM_MONTHS)
    if method not in METHODS:
        raise InvalidInput("loan.method", f"{method!r} is not a repayment method",
                           " or ".join(METHODS),
                           zh=f"还款方式“{method}”无效，应为等额本息或等额本金")
    fee = to_money(fees, "loan.fees")
    if fee < 0 or fee >= amount:
        raise InvalidInput("loan.fees", f"fees of {fee} are not between 0 and the loan amount",
                           f"0 to less than {amount}",
                           zh=f"费用 {fee} 应不小于 0 且小于贷款金额 {amount}")
    first_day = start or date.today()

    rows: list[Installment] = []
    with localcontext() as ctx:
        ctx.prec = _WORKING
        r = rate / 12
        balance = amount
        if method == "equal_installment":
            growth = (1 + r) ** n
            exact_payment = amount / n if r == 0 else amount * r * growth / (growth - 1)
            payment = _round(exact_payment)
            exact_balance, exact_interest_so_far, interest_so_far = amount, Decimal(0), Decimal(0)
            for k in range(1, n + 1):
                exact_interest = exact_balance * r
                exact_balance -= exact_payment - exact_interest
                exact_interest_so_far += exact_interest
                interest = _round(exact_interest_so_far) - interest_so_far
                interest_so_far += interest
                part = balance if k == n else min(max(payment - interest, Decimal(0)), balance)
                balance -= part
                rows.append(Installment(k, add_months(first_day, k), part + interest, part,
                                        interest, balance))
        else:
            share = amount / n
            for k in range(1, n + 1):
                interest = _round(balance * r)
                if k == n:
                    part = balance
                else:
                    part = min(max(_round(share + balance * r) - interest, Decimal(0)), balance)
                balance -= part
                rows.append(Installment(k, add_months(first_day, k), part + interest, part,
                                        interest, balance))

    total_interest = sum((row.interest for row in rows), Decimal(0))
    return RepaymentSchedule(
        method=method, principal=amount, annual_rate=rate, term_months=n, fees=fee,
        installments=tuple(rows), total_interest=total_interest,
        total_payment=amount + total_interest, first_payment=rows[0].payment,
        last_payment=rows[-1].payment)


def loan_costs(fees: Decimal, fee_items: Sequence[Mapping[str, object]] = ()) -> Decimal:
    """Everything the borrower pays for the loan, which the APR counts (PBoC 〔2021〕 No. 3):
    the lender's fees plus the fee items marked `loan_cost` (金融服务费, 手续费, a required
    GPS fee), not the costs of the car (上牌服务费, 装具)."""
    total = to_money(fees, "loan.fees")
    for i, item in enumerate(fee_items):
        if item.get("loan_cost") is True:
            total += to_money(item.get("amount") or "0", f"fee_items[{i}].amount")
    return total


def annual_percentage_rate(principal: Decimal, payments: Sequence[Decimal],
                           fees: Decimal = Decimal(0)) -> Decimal:
    """The annualised rate of PBoC announcement 〔2021〕 No. 3, by the IRR method.

    The customer gets principal − fees now and pays `payments` monthly; the monthly rate i
    with Σ payment_k / (1+i)^k = principal − fees is found by bisection (the present value
    falls as i rises, so bisection cannot miss), and APR = 12·i as a fraction, 4 places.
    """
    amount = _positive_amount(principal, "loan.amount", Text("loan amount", "贷款金额"))
    fee = to_money(fees, "loan.fees")
    received = amount - fee
    if fee < 0 or received <= 0:
        raise InvalidInput("loan.fees", f"fees of {fee} are not between 0 and the loan amount",
                           f"0 to less than {amount}",
                           zh=f"费用 {fee} 应不小于 0 且小于贷款金额 {amount}")
    flows = [to_money(p, "loan.payments") for p in payments]
    if not flows or any(p < 0 for p in flows) or sum(flows) <= 0:
        raise InvalidInput("loan.payments", "the payments are empty, negative or all zero",
                           "at least one payment above 0 and none below",
                           zh="还款额不能为空、为负或全部为 0")

    with localcontext() as ctx:
        ctx.prec = _WORKING

        def surplus(i: Decimal) -> Decimal:
            """Present value of the payments at monthly rate i, less what was received."""
            discount, factor, total = 1 / (1 + i), Decimal(1), Decimal(0)
            for payment in flows:
                factor *= discount
                total += payment * factor
            return total - received

        paid = sum(flows)
        if paid == received:
            monthly = Decimal(0)
        else:
            if paid > received:  # positive rate: widen the upper end until it overshoots
                low, high = Decimal(0), Decimal("0.1")
                while surplus(high) > 0:
                    low, high = high, high * 2
            else:  # repaid less than received: a negative rate, between -1 and 0
                low, high = Decimal("-0.5"), Decimal(0)
                while surplus(low) < 0:
                    low, high = (low - 1) / 2, low
            while high - low > Decimal("1e-15"):
                middle = (low + high) / 2
                if surplus(middle) > 0:
                    low = middle
                else:
                    high = middle
            monthly = (low + high) / 2
        return (monthly * 12).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


# --- lender limits ----------------------------------------------------------------------------

def loan_to_value(amount: Decimal, price: Decimal) -> Decimal:
    """Loan over price as a fraction, 4 places (0.8500 for 85 %)."""
    price_ = _positive_amount(price, "loan.price", Text("price", "车价"))
    amount_ = to_money(amount, "loan.amount")
    return (amount_ / price_).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


# 汽车贷款管理办法 (2017) art. 21: a car loan runs at most 5 years, a used car's at most 3,
# whatever a lender's own setting says; lender settings may only be stricter.
CAR_LOAN_MAX_TERM_MONTHS = 60
USED_CAR_LOAN_MAX_TERM_MONTHS = 36


@dataclass(frozen=True)
class LenderLimits:
    """One lender's loan-to-value and term limits (汽车贷款管理办法 2017 defaults; since the
    2024 notice each lender sets its own self-use limits, hence settings, not constants)."""

    max_ltv_self_use: Decimal = Decimal("0.80")
    max_ltv_self_use_new_energy: Decimal = Decimal("0.85")
    max_ltv_commercial: Decimal = Decimal("0.70")
    max_ltv_commercial_new_energy: Decimal = Decimal("0.75")
    max_ltv_used: Decimal = Decimal("0.70")
    max_term_months: int = CAR_LOAN_MAX_TERM_MONTHS
    max_term_months_used: int = USED_CAR_LOAN_MAX_TERM_MONTHS
    income_multiple: Decimal = Decimal(2)
    income_multiple_self_employed: Decimal = Decimal(3)

    def max_ltv(self, *, new_energy: bool, used: bool = False, commercial: bool = False) -> Decimal:
        """The highest loan-to-value for this kind of car; a used car takes the stricter of
        the used-car limit and its use's limit."""
        if commercial:
            limit = self.max_ltv_commercial_new_energy if new_energy else self.max_ltv_commercial
        else:
            limit = self.max_ltv_self_use_new_energy if new_energy else self.max_ltv_self_use
        return min(limit, self.max_ltv_used) if used else limit

    def max_term(self, *, used: bool = False) -> int:
        """The longest term in months: the lender's, never beyond the regulation's cap."""
        if used:
            return min(self.max_term_months_used, self.max_term_months,
                       USED_CAR_LOAN_MAX_TERM_MONTHS)
        return min(self.max_term_months, CAR_LOAN_MAX_TERM_MONTHS)


def _percent(fraction: Decimal) -> str:
    """0.80 → '80', 0.725 → '72.5' (no trailing zeros, never exponent notation)."""
    return format((fraction * 100).normalize(), "f")


def check_loan(limits: LenderLimits, *, lender: str, price: Decimal, amount: Decimal,
               down_payment: Decimal, term_months: int, new_energy: bool, used: bool = False,
               commercial: bool = False) -> None:
    """Refuse a loan the lender would refuse: amounts that do not add up, loan-to-value
    or term over the lender's limit. Returns nothing when the loan is acceptable."""
    car_price = _positive_amount(price, "loan.price", Text("price", "车价"))
    loan = _positive_amount(amount, "loan.amount", Text("loan amount", "贷款金额"))
    down = to_money(down_payment, "loan.down_payment")
    if down < 0:
        raise InvalidInput("loan.down_payment", f"down payment {down} is negative",
                           "0 or more", zh=f"首付款 {down} 不能为负数")
    if loan + down != car_price:
        m = format_money  # a refusal the person reads: amounts as everywhere else
        raise InvalidInput(
            "loan.down_payment",
            f"loan {m(loan)} plus down payment {m(down)} is {m(loan + down)}, not the price "
            f"{m(car_price)}", m(car_price - loan),
            zh=f"贷款 {m(loan)} 加首付 {m(down)} 为 {m(loan + down)}，不等于车价 {m(car_price)}；"
               f"首付应为 {m(car_price - loan)}")
    max_term = limits.max_term(used=used)
    if isinstance(term_months, bool) or not isinstance(term_months, int) \
            or not 1 <= term_months <= max_term:
        kind_en = "a used car" if used else "a new car"
        raise InvalidInput(
            "loan.term_months",
            f"term of {term_months} months is outside {lender}'s limit for {kind_en}",
            f"1 to {max_term} months",
            zh=f"期限 {term_months} 个月超出{lender}对{'二手车' if used else '新车'}的限制，"
               f"应为 1 至 {max_term} 个月")
    limit = limits.max_ltv(new_energy=new_energy, used=used, commercial=commercial)
    if loan > car_price * limit:
        kind_en = (("used " if used else "") + ("new-energy " if new_energy else "conventional ")
                   + ("commercial" if commercial else "self-use") + " car")
        kind_zh = (("二手" if used else "") + ("新能源" if new_energy else "燃油")
                   + ("商用" if commercial else "自用") + "车")
        ltv = (loan / car_price * 100).quantize(FEN, rounding=ROUND_HALF_UP)
        most = format_money((car_price * limit).quantize(FEN, rounding=ROUND_DOWN))
        raise InvalidInput(
            "loan.amount",
            f"loan-to-value {ltv} % is above {lender}'s limit of {_percent(limit)} % "
            f"for a {kind_en}",
            f"at most {most}",
            zh=f"贷款成数 {ltv}% 超过{lender}对{kind_zh}的上限 {_percent(limit)}%，"
               f"贷款金额最多 {most}")


def income_covers(average_monthly_income: Decimal, monthly_payment: Decimal,
                  multiple: Decimal) -> bool:
    """Whether income is at least `multiple` times the monthly payment (lenders ask 2×,
    3× for the self-employed, whose income is less certain)."""
    income = to_money(average_monthly_income, "customer.monthly_income")
    payment = to_money(monthly_payment, "loan.monthly_payment")
    factor = _number(multiple, "lender.income_multiple", Text("income multiple", "收入倍数"))
    if income < 0 or payment < 0 or factor <= 0:
        raise InvalidInput("customer.monthly_income",
                           "income and payment must not be negative, the multiple above 0",
                           "amounts of 0 or more", zh="收入和月供不能为负数，倍数须大于 0")
    return income >= payment * factor


# --- vehicle purchase tax -----------------------------------------------------------------------

VAT_DIVISOR = Decimal("1.13")
PURCHASE_TAX_RATE = Decimal("0.10")


def purchase_tax(invoice_amount: Decimal, *, new_energy: bool, purchase_date: date) -> Decimal:
    """Vehicle purchase tax: 10 % of the invoice without 13 % VAT, half-up to 分.

    New-energy passenger cars (财政部 税务总局 工业和信息化部公告2023年第10号): bought in
    2024–2025 exempt up to 30000 of tax; in 2026–2027 halved, the reduction capped at 15000.
    Before 2024 the earlier announcements (2014 No. 53 … 2022 No. 27) exempted them fully.
    """
    invoice = _positive_amount(invoice_amount, "vehicle.invoice_amount",
                               Text("invoice amount", "发票金额"))
    full = _round(invoice / VAT_DIVISOR * PURCHASE_TAX_RATE)
    if not new_energy:
        return full
    if date(2014, 9, 1) <= purchase_date <= date(2023, 12, 31):
        return Decimal("0.00")
    if date(2024, 1, 1) <= purchase_date <= date(2025, 12, 31):
        return max(full - Decimal(30000), Decimal(0)).quantize(FEN)
    if date(2026, 1, 1) <= purchase_date <= date(2027, 12, 31):
        return full - min(_round(full / 2), Decimal(15000))
    return full
