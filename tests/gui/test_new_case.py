"""The new-case dialog: checked as it is typed, live loan figures, created through the service."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.domain.money import repayment_schedule
from app.services.cases import get_case
from app.services.lenders import list_lenders
from app.services.listing import CaseQuery, list_cases
from app.store.db import Database
from app.ui.new_case import NewCaseDialog
from tests.conftest import CONSULTANT, LENDER, MANAGER
from tests.gui.test_case_list import type_into

MARRIED = {
    "customer.name": "张三", "customer.id_number": "11010519491231002X",
    "customer.phone": "13800138000", "customer.address": "北京市朝阳区建国路 1 号",
    "spouse.name": "李四", "spouse.id_number": "360426199101010071",
    "spouse.phone": "13900139000",
    "vehicle.brand": "大众", "vehicle.model": "帕萨特 380TSI", "vehicle.vin": "LVSHCAMB1CE054249",
    "vehicle.engine_number": "E1234567", "vehicle.color": "珍珠白", "vehicle.price": "200000",
    "loan.amount": "140000", "loan.fees": "1500",
}


@pytest.fixture
def dialog(qtbot, db: Database) -> NewCaseDialog:
    shown = NewCaseDialog(db, CONSULTANT, list_lenders(db))
    qtbot.addWidget(shown)
    shown.show()
    shown.lender.setCurrentText(LENDER)
    return shown


def fill(qtbot, dialog: NewCaseDialog, values: dict[str, str]) -> None:
    for field, text in values.items():
        editor = dialog.rows[field].editor
        editor.clear()
        type_into(qtbot, editor, text)
        if not text.isascii():  # an input method's commit is an edit too
            editor.textEdited.emit(editor.text())


def settle(qtbot, dialog: NewCaseDialog) -> None:
    """Wait for the whole-case check that follows a pause in the typing."""
    qtbot.waitUntil(lambda: not dialog._preview_timer.isActive(), timeout=2000)


def test_a_married_customers_case_is_created_through_the_dialog(qtbot, dialog, db) -> None:
    assert dialog.spouse_box.isVisibleTo(dialog)  # married is the first choice
    fill(qtbot, dialog, {**MARRIED, "customer.id_number": "110105194912310020"})
    row = dialog.rows["customer.id_number"]
    assert row.error.isVisibleTo(dialog)
    assert "check character" in row.error.text()
    settle(qtbot, dialog)
    assert not dialog.ok_button.isEnabled()
    assert "ID number" in dialog.status.text()

    fill(qtbot, dialog, {"customer.id_number": "11010519491231002X"})
    assert not row.error.isVisibleTo(dialog)
    assert dialog.down_payment.text() == "60000.00"  # filled in from price and loan
    settle(qtbot, dialog)
    assert dialog.ok_button.isEnabled(), dialog.status.text()
    with qtbot.waitSignal(dialog.created) as created:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    number = created.args[0]
    case = get_case(db, CONSULTANT, number)
    assert case.data.customer.name == "张三"
    assert case.data.spouse is not None and case.data.spouse.name == "李四"
    assert case.data.spouse.id_number.endswith("0071")  # shown masked
    assert case.data.loan.annual_rate == Decimal("0.0499")
    assert case.data.loan.down_payment == Decimal("60000.00")
    assert [r.number for r in list_cases(db, MANAGER, CaseQuery(search="张三"))] == [number]


def test_the_spouse_is_asked_for_only_when_married(qtbot, dialog) -> None:
    dialog.marital.setCurrentIndex(dialog.marital.findData("single"))
    assert not dialog.spouse_box.isVisibleTo(dialog)
    assert "spouse" not in dialog.case_data()
    dialog.marital.setCurrentIndex(dialog.marital.findData("married"))
    assert dialog.spouse_box.isVisibleTo(dialog)


def test_loan_figures_are_live_and_the_apr_is_shown(qtbot, dialog) -> None:
    fill(qtbot, dialog, {"vehicle.price": "200000", "loan.amount": "100000"})
    dialog.rate.setValue(5.0)
    expected = repayment_schedule(Decimal(100000), Decimal("0.05"), 36, "equal_installment")
    assert dialog.monthly.text() == f"¥{expected.first_payment:,}" == "¥2,997.09"
    assert dialog.interest.text() == "¥7,895.23"
    assert dialog.apr.text() == f"{expected.apr * 100:.2f} %"
    assert dialog.ltv.text().startswith("50.00 %")
    # PBoC: the APR is at least as prominent as the monthly figure.
    assert dialog.apr.font().pointSizeF() >= dialog.monthly.font().pointSizeF()
    dialog.method.setCurrentIndex(dialog.method.findData("equal_principal"))
    assert dialog.monthly.text() == "¥3,194.44 → ¥2,789.35"


def test_a_loan_beyond_the_lenders_limit_is_refused_with_the_reason(qtbot, dialog) -> None:
    fill(qtbot, dialog, {**MARRIED, "loan.amount": "190000"})
    assert "95.00 %" in dialog.refusal.text() and "80 %" in dialog.refusal.text()
    settle(qtbot, dialog)
    assert not dialog.ok_button.isEnabled()
    assert dialog.rows["loan.amount"].error.isVisibleTo(dialog)
    dialog.used.setChecked(True)
    dialog.term.setValue(48)
    fill(qtbot, dialog, {"loan.amount": "100000", "loan.down_payment": "100000"})
    assert "48 months" in dialog.refusal.text() or "term" in dialog.refusal.text()


@pytest.mark.parametrize(("field", "text", "says"), [
    ("customer.phone", "2380013800", "11"),
    ("vehicle.vin", "LVSHCAMB1CE05424I", "I"),
    ("customer.name", "", "empty"),
    ("vehicle.price", "abc", "not an amount"),
])
def test_each_field_says_what_is_wrong_beside_itself(qtbot, dialog, field, text, says) -> None:
    fill(qtbot, dialog, {field: text or "x"})
    if not text:
        dialog.rows[field].editor.clear()
        dialog.rows[field].editor.textEdited.emit("")
    assert says in dialog.rows[field].error.text()


def test_hostile_text_is_kept_literally(qtbot, dialog, db) -> None:
    name = "<b>王&'\"</b>"
    fill(qtbot, dialog, {**MARRIED, "customer.name": name, "customer.phone": "1380013800x"})
    assert dialog.rows["customer.phone"].error.textFormat() == Qt.TextFormat.PlainText
    fill(qtbot, dialog, {"customer.phone": "13800138000"})
    settle(qtbot, dialog)
    with qtbot.waitSignal(dialog.created) as created:
        dialog.submit()
    assert get_case(db, CONSULTANT, created.args[0]).data.customer.name == name


def test_an_id_issued_after_the_birth_is_a_hint_beside_the_field_not_a_refusal(
        qtbot, dialog, db) -> None:
    # Issue 10: 浦东's code (1992) on a 1980 birth is how the number was issued.
    fill(qtbot, dialog, {**MARRIED, "customer.id_number": "31011519800615123X"})
    row = dialog.rows["customer.id_number"]
    assert row.error.isVisibleTo(dialog)
    assert "310115" in row.error.text()
    assert not row.editor.property("invalid")  # a hint, not an error
    settle(qtbot, dialog)
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=3000)
