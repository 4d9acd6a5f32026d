"""Amounts reconcile through the services: down payment, invoice, settlement and its form."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.domain.errors import GateClosed, InvalidInput
from app.domain.money import annual_percentage_rate, capital_numerals
from app.services.cases import get_case
from app.services.forms import preview_form
from app.services.settlement import settlement_of
from app.services.tasks import complete_task, undo_task
from app.services.views import case_json
from app.store.db import Database
from tests.conftest import FINANCE, MANAGER
from tests.helpers import dump, new_case

ACCESSORIES = [{"name": "脚垫", "quantity": "1", "unit_price": "600", "amount": "600"},
               {"name": "贴膜", "quantity": "1", "unit_price": "2800", "amount": "2800"}]
FEES = [{"item": "上牌服务费", "amount": "800"},
        {"item": "金融服务费", "amount": "1500", "loan_cost": True}]


def expected_due(data: dict[str, Any], down_received: bool = True) -> Decimal:
    v, loan = data["vehicle"], data["loan"]
    total = Decimal(v["price"]) - Decimal(loan["amount"])
    total += sum(Decimal(a["amount"]) for a in data.get("accessories", []))
    total += sum(Decimal(f["amount"]) for f in data.get("fee_items", []))
    if down_received:
        total -= Decimal(loan["down_payment"])
    return total.quantize(Decimal("0.01"))


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    file = tmp_path / "form.pdf"
    file.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(file), "-"], capture_output=True,
                         text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def test_wrong_down_payment_and_invoice_are_refused_naming_both_figures(db: Database) -> None:
    number, data = new_case(db, 4, accessories=ACCESSORIES, fee_items=FEES)
    before = dump(db)
    with pytest.raises(InvalidInput) as info:
        complete_task(db, FINANCE, number, "down_payment", values={"amount": "50000"})
    assert info.value.field == "amount"
    assert "¥50,000.00" in info.value.problem and "¥60,000.00" in info.value.problem
    with pytest.raises(InvalidInput) as info:
        complete_task(db, FINANCE, number, "invoice",
                      values={"number": "26440001", "amount": "210000"})
    assert "¥210,000.00" in info.value.problem and "¥200,000.00" in info.value.problem
    assert "发票金额" in info.value.zh
    assert dump(db) == before
    complete_task(db, FINANCE, number, "down_payment", values={"amount": "60000.00"})
    assert settlement_of(db, FINANCE, number).total == expected_due(data)


def test_settlement_is_the_computed_figure_and_a_difference_needs_a_reason(
        db: Database, tmp_path: Path) -> None:
    # The demo's walk records the settlement with the figure the domain computes.
    number, data = new_case(db, 9, accessories=ACCESSORIES, fee_items=FEES)
    due = expected_due(data)
    assert due == Decimal("5700.00")
    assert get_case(db, FINANCE, number).tasks["settlement"].values["total"] == str(due)
    with pytest.raises(GateClosed):  # the car left on that settlement
        undo_task(db, FINANCE, number, "settlement", reason="重新结算")
    undo_task(db, MANAGER, number, "released", reason="出库记录有误，重新结算")
    undo_task(db, FINANCE, number, "settlement", reason="重新结算")
    before = dump(db)
    for wrong in (str(due + Decimal("0.01")), "200000", "211000"):
        with pytest.raises(InvalidInput) as info:
            complete_task(db, FINANCE, number, "settlement", values={"total": wrong})
        assert info.value.field == "total" and f"due ¥{due:,.2f}" in info.value.problem
    assert dump(db) == before
    complete_task(db, FINANCE, number, "settlement",
                  values={"total": str(due - 200), "reason": "经理批准优惠"})
    printed = settlement_of(db, MANAGER, number, as_printed=True)
    assert printed.total == due - 200
    assert printed.lines[-1].printed == "调整：经理批准优惠"
    assert sum(line.amount for line in printed.lines) == printed.total
    text = pdf_text(preview_form(db, FINANCE, number, "settlement_list"), tmp_path)
    assert "调整：经理批准优惠" in text
    assert f"¥{due - 200:,.2f}" in text
    assert capital_numerals(due - 200) in text
    assert "¥211,000.00" not in text and "¥200,000.00" in text  # the price is a line


def test_apr_includes_the_fee_items_marked_as_loan_costs(db: Database) -> None:
    number, _ = new_case(db, accessories=ACCESSORIES, fee_items=FEES)
    shown = case_json(get_case(db, FINANCE, number))
    schedule = get_case(db, FINANCE, number).schedule
    payments = [i.payment for i in schedule.installments]
    # loan.fees 1500 + 金融服务费 1500 (marked); 上牌服务费 is a cost of the car.
    assert schedule.apr == annual_percentage_rate(Decimal("140000"), payments, Decimal(3000))
    assert shown["loan"]["fees"] == "1500.00" and shown["loan"]["loan_costs"] == "3000.00"
    assert [f["loan_cost"] for f in shown["fee_items"]] == [False, True]
