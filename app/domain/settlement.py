"""The settlement (结算清单) and the amounts finance records, checked against the case.

Amount due = vehicle price + accessories + fee items − loan amount − what was already received
(the down payment finance recorded, a deposit if any), DOMAIN.md "Settlement". The statement
is a list of lines whose sum *is* the total, so the printed lines always add up to the printed
total and its 大写; a figure finance records that differs from it is only accepted with a
reason, and then the difference is printed as a line of its own carrying that reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from app.domain.case_input import CaseInput
from app.domain.errors import InvalidInput, Text
from app.domain.money import FEN, capital_numerals, format_money

# The tasks whose recorded amount must match a figure of the case, and that figure's name.
DOWN_PAYMENT_TASK = "down_payment"
INVOICE_TASK = "invoice"
SETTLEMENT_TASK = "settlement"
DISBURSED_TASK = "disbursed"


@dataclass(frozen=True)
class SettlementLine:
    title: Text  # what the line is, in Chinese and English
    amount: Decimal  # negative for what is deducted (the loan, what was received)
    deducted: bool = False  # printed as 减：…

    @property
    def printed(self) -> str:
        return ("减：" if self.deducted else "") + self.title.zh

    @property
    def printed_amount(self) -> Decimal:
        """The figure printed beside `printed`: 减 already says it is taken off, so a
        deducted line prints its size ("减：贷款金额 ¥126,600.00", never "减：…-¥…")."""
        return abs(self.amount) if self.deducted else self.amount


@dataclass(frozen=True)
class Settlement:
    lines: tuple[SettlementLine, ...]

    @property
    def total(self) -> Decimal:
        """The sum of the lines: by construction what the statement says is due."""
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def capital(self) -> str:
        """The total in capital numerals (大写); "" for a refund (a negative total)."""
        return capital_numerals(self.total) if self.total >= 0 else ""

    def explained(self) -> Text:
        """One line: 车辆价款 200000.00 + 装具 600.00 − 贷款金额 140000.00 … = 1400.00."""
        def part(line: SettlementLine, zh: bool) -> str:
            title = line.title.zh if zh else line.title.en
            sign = "−" if line.amount < 0 else "+"
            return f"{sign} {title} {format_money(abs(line.amount))}"

        en = " ".join(part(line, False) for line in self.lines).removeprefix("+ ")
        zh = " ".join(part(line, True) for line in self.lines).removeprefix("+ ")
        total = format_money(self.total)
        return Text(f"{en} = {total}", f"{zh} = {total}")


def _money(value: object) -> Decimal | None:
    """An amount as stored in the case's rows; None when blank or not a number."""
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    return amount.quantize(FEN, rounding=ROUND_HALF_UP) if amount.is_finite() else None


def accessory_amount(row: Mapping[str, object]) -> Decimal:
    """An accessory row's amount; without one, quantity × unit price (both numbers)."""
    amount = _money(row.get("amount", ""))
    if amount is not None:
        return amount
    quantity, price = _money(row.get("quantity", "")), _money(row.get("unit_price", ""))
    if quantity is None or price is None:
        return Decimal("0.00")
    return (quantity * price).quantize(FEN, rounding=ROUND_HALF_UP)


def settlement_due(*, price: Decimal, accessories: Sequence[Mapping[str, object]],
                   fee_items: Sequence[Mapping[str, object]], loan_amount: Decimal,
                   down_payment_received: Decimal | None,
                   deposit: Decimal = Decimal(0)) -> Settlement:
    """The settlement's lines: price, accessories, each fee item, less the loan and what was
    already received. The down payment is deducted only once finance recorded it."""
    lines = [SettlementLine(Text("vehicle price", "车辆价款"), price.quantize(FEN)),
             SettlementLine(Text("accessories", "装具"),
                            sum((accessory_amount(a) for a in accessories), Decimal("0.00")))]
    for fee in fee_items:
        item = str(fee.get("item", "")).strip() or "费用"
        lines.append(SettlementLine(Text(item, item), _money(fee.get("amount", ""))
                                    or Decimal("0.00")))
    lines.append(SettlementLine(Text("loan amount", "贷款金额"), -loan_amount.quantize(FEN),
                                True))
    if down_payment_received is not None:
        lines.append(SettlementLine(Text("down payment received", "已收首付款"),
                                    -down_payment_received.quantize(FEN), True))
    if deposit:
        lines.append(SettlementLine(Text("deposit received", "已收定金"), -deposit.quantize(FEN),
                                    True))
    return Settlement(tuple(lines))


def amount_due(data: CaseInput, recorded: Mapping[str, Mapping[str, str]]) -> Settlement:
    """What the case's customer owes now: `recorded` is each done task's values by task id
    (the down payment finance received counts as received)."""
    down = recorded.get(DOWN_PAYMENT_TASK, {}).get("amount")
    return settlement_due(price=data.vehicle.price, accessories=data.accessories,
                          fee_items=data.fee_items, loan_amount=data.loan.amount,
                          down_payment_received=_money(down) if down else None)


def case_settlement(data: CaseInput, recorded: Mapping[str, Mapping[str, str]]) -> Settlement:
    """The statement as printed: what is due, and once finance settled a different figure,
    the adjustment line with its reason."""
    due = amount_due(data, recorded)
    settled = recorded.get(SETTLEMENT_TASK)
    return due if settled is None else with_recorded_total(due, settled)


def expected_amounts(data: CaseInput, recorded: Mapping[str, Mapping[str, str]]
                     ) -> dict[tuple[str, str], Decimal]:
    """The figure each amount a task records is expected to be, read off the case, by (task,
    field): the workspace suggests it, `check_case_amount` holds the down payment, the invoice
    and the settlement to it (the payout is only suggested: the lender decides it)."""
    return {(DOWN_PAYMENT_TASK, "amount"): data.loan.down_payment,
            (INVOICE_TASK, "amount"): data.vehicle.price,
            (DISBURSED_TASK, "amount"): data.loan.amount,
            (SETTLEMENT_TASK, "total"): amount_due(data, recorded).total}


def check_case_amount(task_id: str, values: Mapping[str, str], data: CaseInput,
                      recorded: Mapping[str, Mapping[str, str]]) -> None:
    """`check_recorded_amount` against the case's own figures."""
    expected = expected_amounts(data, recorded)
    check_recorded_amount(task_id, values, price=expected[(INVOICE_TASK, "amount")],
                          down_payment=expected[(DOWN_PAYMENT_TASK, "amount")],
                          due=amount_due(data, recorded))


def with_recorded_total(due: Settlement, values: Mapping[str, str]) -> Settlement:
    """The statement as settled: when finance recorded a different total (with a reason),
    the difference is a line carrying the reason, so the lines still sum to the total."""
    total = _money(values.get("total", ""))
    if total is None or total == due.total:
        return due
    reason = str(values.get("reason", "")).strip()
    # A total recorded before the case changed, without a reason: say so rather than hide it.
    title = Text(f"adjustment: {reason}", f"调整：{reason}") if reason else Text(
        "adjustment: case amounts changed after settlement", "调整：结算后案件金额有变")
    return Settlement((*due.lines, SettlementLine(title, total - due.total)))


def check_recorded_amount(task_id: str, values: Mapping[str, str], *, price: Decimal,
                          down_payment: Decimal, due: Settlement) -> None:
    """Refuse an amount that contradicts the case. The down payment must be the case's and
    the invoice the car's price (a different figure means the case is wrong: change it
    first, no reason makes it right); the settlement total must be what is due unless a
    reason for the difference is given."""
    amount = _money(values.get("total" if task_id == SETTLEMENT_TASK else "amount", ""))
    if amount is None:
        return
    # Amounts as everywhere money shows; the person reads field names, not the JSON's keys.
    typed = format_money(amount)
    if task_id == DOWN_PAYMENT_TASK and amount != down_payment:
        case_down = format_money(down_payment)
        raise InvalidInput(
            "amount", f"down payment {typed} is not the case's down payment {case_down}",
            f"{case_down} (if the customer pays a different down payment, change the "
            "case's down payment first)",
            zh=f"首付款 {typed} 与案件首付款 {case_down} 不一致；如首付有变，请先修改案件")
    if task_id == INVOICE_TASK and amount != price:
        case_price = format_money(price)
        raise InvalidInput(
            "amount", f"invoice amount {typed} is not the car's price {case_price}",
            f"{case_price} (if the price changed, change the case's price first)",
            zh=f"发票金额 {typed} 与车价 {case_price} 不一致；如车价有变，请先修改案件车价")
    if task_id == SETTLEMENT_TASK and amount != due.total \
            and not str(values.get("reason", "")).strip():
        explained, total = due.explained(), format_money(due.total)
        raise InvalidInput(
            "total", f"total {typed} is not the amount due {total} ({explained.en})",
            f"{total}, or give the reason for a different figure",
            zh=f"结算金额 {typed} 与应收合计 {total} 不一致({explained.zh})；"
               "如确有差额，请填写原因")


class SettlementSection(Mapping[str, Any]):
    """A form's settlement section (app.services.form_context): its capital numerals (大写)
    written only when a form reads them, since cn2an takes a third of a second to import
    and most forms print none. Here, beside Settlement, so that a form's context travels to
    the press (app.printing.press) without loading the services on the way."""

    def __init__(self, statement: Settlement, values: dict[str, Any]) -> None:
        self._statement = statement
        self._values = values

    def __getitem__(self, key: str) -> Any:
        return self._statement.capital if key == "capital" else self._values[key]

    def __iter__(self) -> Iterator[str]:
        yield from self._values
        yield "capital"

    def __len__(self) -> int:
        return len(self._values) + 1
