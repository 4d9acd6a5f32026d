"""The case workspace driven through its real widgets, on a real SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QComboBox, QInputDialog, QLineEdit, QMessageBox, QPushButton

from app.services.cases import create_case, get_case
from app.services.tasks import complete_task
from app.store.db import Database
from app.ui.workers import Workers
from app.ui.workspace import CaseWorkspace
from app.ui.workspace.document_slot import documents_of
from app.ui.workspace.step_page import StepPage
from tests.conftest import CONSULTANT, CREDIT, FINANCE, MANAGER, married_case
from tests.helpers import new_case

# The offscreen platform says so whenever a window is shown; it is not our warning.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def synchronous_workers() -> Iterator[None]:
    Workers.synchronous = True  # every answer has arrived when a call returns
    yield
    Workers.synchronous = False


def photo(folder: Path, name: str = "page.jpg") -> Path:
    """A sharp, readable stand-in photo of a paper page (unique per name: no duplicates)."""
    image = Image.new("RGB", (1400, 1000), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    for y in range(60, 940, 40):
        draw.line((60, y, 1340, y), fill=(30, 30, 30), width=3)
    draw.text((80, 20), name, fill=(0, 0, 0), font_size=36)
    path = folder / name
    image.save(path, "JPEG", quality=90)
    return path


def open_case(qtbot: Any, db: Database, actor: str = CONSULTANT,
              number: str | None = None) -> CaseWorkspace:
    number = number or create_case(db, CONSULTANT, married_case())
    workspace = CaseWorkspace(db, actor, number)
    qtbot.addWidget(workspace)
    workspace.resize(1366, 768)
    workspace.show()
    return workspace


def page(workspace: CaseWorkspace, step_id: str) -> StepPage:
    workspace.show_step(step_id)
    assert workspace.page is not None and workspace.page.step.id == step_id
    return workspace.page


def slot(workspace: CaseWorkspace, step_id: str, kind: str, party: str = "customer") -> Any:
    return next(s for s in page(workspace, step_id).slots
                if s.item.id == kind and s.item.party.value == party)


def test_header_shows_the_case_with_masked_ids_and_the_apr(qtbot: Any, db: Database) -> None:
    workspace = open_case(qtbot, db)
    header = workspace.header
    assert workspace.number in header.number.text()
    assert "110105********002X" in header.customer.text()
    assert "11010519491231002X" not in header.customer.text()
    assert "APR" in header.loan.text() and "LTV 70.00%" in header.loan.text()
    assert "王芳" in header.people.text()


def test_married_customer_needs_spouse_id_and_marriage_certificate(qtbot: Any,
                                                                   db: Database) -> None:
    workspace = open_case(qtbot, db)
    missing = "\n".join(workspace.missing.items())
    assert "ID card (front and back) of the spouse" in missing
    assert "marriage certificate" in missing
    documents = page(workspace, "documents")
    kinds = {(s.item.id, s.item.party.value) for s in documents.slots}
    assert {("id_card", "spouse"), ("marriage_certificate", "customer")} <= kinds


def test_attach_a_document_then_complete_step_one(qtbot: Any, db: Database,
                                                  tmp_path: Path) -> None:
    workspace = open_case(qtbot, db)
    contract = slot(workspace, "contract", "sales_contract_signed")
    assert contract.state.text() == "missing"
    changes: list[str] = []
    workspace.changed.connect(changes.append)
    contract.add_files([photo(tmp_path, "contract.jpg")])
    assert changes == [workspace.number]
    assert slot(workspace, "contract", "sales_contract_signed").state.text() == "present"
    assert "Added 1 page(s)" in workspace.notice.text()
    for task_id in ("draft_contract", "sign_contract", "draft_accessory_list"):
        row = page(workspace, "contract").task_rows[task_id]
        assert row.button.isEnabled()
        qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    detail = get_case(db, CONSULTANT, workspace.number)
    assert {"draft_contract", "sign_contract", "draft_accessory_list"} <= set(detail.tasks)
    assert detail.checklist.step_status("contract").state == "done"
    assert "done by 王芳" in page(workspace, "contract").task_rows["sign_contract"].detail.text()
    assert workspace.stepper.item(0).text().startswith("✓")


def test_the_same_file_twice_says_where_it_already_is(qtbot: Any, db: Database,
                                                      tmp_path: Path) -> None:
    workspace = open_case(qtbot, db)
    picture = photo(tmp_path, "licence.jpg")
    slot(workspace, "documents", "driver_license").add_files([picture])
    slot(workspace, "documents", "household_register").add_files([picture])
    assert "already in the case files" in workspace.notice.text()
    assert "driver_license" in workspace.notice.text()


def test_a_broken_file_is_refused_by_name(qtbot: Any, db: Database, tmp_path: Path) -> None:
    workspace = open_case(qtbot, db)
    broken = tmp_path / "statement.jpg"
    broken.write_text("not a picture")
    slot(workspace, "documents", "bank_statement").add_files([broken])
    assert "Refused statement.jpg" in workspace.notice.text()
    assert slot(workspace, "documents", "bank_statement").state.text() == "missing"


def test_files_dropped_on_a_slot_are_imported(qtbot: Any, db: Database,
                                              tmp_path: Path) -> None:
    workspace = open_case(qtbot, db)
    target = slot(workspace, "documents", "residence_proof")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo(tmp_path, f"p{i}.jpg"))) for i in range(2)])
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    target.dropEvent(event)
    assert slot(workspace, "documents", "residence_proof").state.text() == "present"
    assert "Added 2 page(s)" in workspace.notice.text()


def test_files_dropped_outside_a_slot_ask_which_document(qtbot: Any, db: Database,
                                                         tmp_path: Path,
                                                         monkeypatch: Any) -> None:
    workspace = open_case(qtbot, db)
    asked: list[list[str]] = []

    def choose(_parent: Any, _title: str, _label: str, items: list[str], *_: Any
               ) -> tuple[str, bool]:
        asked.append(items)
        return next(i for i in items if "of the spouse" in i), True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    workspace.add_files([photo(tmp_path, "spouse.jpg")])
    assert asked
    assert slot(workspace, "documents", "id_card", "spouse").state.text() == "invalid"


def test_id_card_content_is_checked_beside_the_field(qtbot: Any, db: Database,
                                                     tmp_path: Path) -> None:
    workspace = open_case(qtbot, db)
    slot(workspace, "documents", "id_card").add_files([photo(tmp_path, "id.jpg")])
    card = slot(workspace, "documents", "id_card")
    assert card.state.text() == "invalid"
    number = card.findChild(QLineEdit, "content_id_number")
    number.setText("110105194912310020")  # wrong check digit
    card.findChild(QLineEdit, "content_valid_until").setText("长期")
    editor = number.parent()
    editor.save.click()
    assert editor.errors["id_number"].isVisible()
    number.setText("11010519491231002X")
    editor.save.click()
    assert slot(workspace, "documents", "id_card").state.text() == "present"


def test_bank_statement_income_grid(qtbot: Any, db: Database, tmp_path: Path) -> None:
    workspace = open_case(qtbot, db)
    slot(workspace, "documents", "bank_statement").add_files([photo(tmp_path, "bank.jpg")])
    statement = slot(workspace, "documents", "bank_statement")
    edits = {e.objectName(): e for e in statement.findChildren(QLineEdit)}
    months = sorted(n for n in edits if n.startswith("content_income."))
    assert len(months) == 6
    edits["content_bank"].setText("中国银行")
    edits["content_account_tail"].setText("6688")
    for name in months:
        edits[name].setText("20000")
    edits["content_bank"].parent().save.click()
    statement = slot(workspace, "documents", "bank_statement")
    assert statement.state.text() == "present", statement.reason.text()


def test_release_before_the_mortgage_shows_the_reason(qtbot: Any, db: Database,
                                                      monkeypatch: Any) -> None:
    workspace = open_case(qtbot, db)
    row = page(workspace, "warehouse_release").task_rows["release_form"]
    assert row.button.isEnabled()  # never silently disabled
    assert "mortgage" in row.detail.text()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _p, _t, text, *a: shown.append(text))
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    assert shown and "mortgage" in shown[0]
    assert "release_form" not in get_case(db, CONSULTANT, workspace.number).tasks
    # The consultant sees the closed gate but no override.
    assert "mortgage_before_release" not in page(workspace, "warehouse_release").override_buttons


def test_a_manager_overrides_the_gate_with_a_reason(qtbot: Any, db: Database,
                                                    monkeypatch: Any) -> None:
    workspace = open_case(qtbot, db, MANAGER)
    button = page(workspace, "warehouse_release").override_buttons["mortgage_before_release"]
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        lambda *a, **k: ("客户全款提车，银行已电话确认抵押手续", True))
    button.click()
    detail = get_case(db, MANAGER, workspace.number)
    assert "mortgage_before_release" in detail.overrides
    # The gate is open; what is still missing is the form itself, and who issues it.
    row = page(workspace, "warehouse_release").task_rows["release_form"]
    assert "mortgage" not in row.detail.text()
    assert "warehouse-release form" in row.detail.text() and "not issued" in row.detail.text()
    assert workspace.history.model_.rowCount() >= 2
    newest = workspace.history.model_.data(workspace.history.model_.index(0, 1))
    assert "overrode a gate: no warehouse release before the mortgage is registered" in newest
    assert "reason: 客户全款提车" in newest


def test_a_role_that_may_not_do_a_task_sees_who_may(qtbot: Any, db: Database) -> None:
    workspace = open_case(qtbot, db)
    row = page(workspace, "credit_review").task_rows["credit_decision"]
    assert not row.button.isEnabled()
    assert "credit officer" in row.detail.text()


def test_a_task_row_says_what_is_missing_and_who_supplies_it(qtbot: Any,
                                                             db: Database) -> None:
    workspace = open_case(qtbot, db)
    row = page(workspace, "application").task_rows["fill_application"]
    assert row.button.isEnabled()  # never silently disabled: it explains when pressed
    shown = row.detail.text()
    assert shown.startswith("Not yet: ")
    assert "signed loan application" in shown and "sales consultant" in shown
    assert "step 2 Customer documents" in shown
    workspace_credit = open_case(qtbot, db, CREDIT, workspace.number)
    row = page(workspace_credit, "credit_review").task_rows["credit_decision"]
    assert "first: Fill in the loan application (the sales consultant does it)" \
        in row.detail.text()
    assert "first: Upload the dossier to the lender (the credit officer does it)" \
        in row.detail.text()


def test_a_decision_is_recorded_through_its_dialog(qtbot: Any, db: Database) -> None:
    number, _ = new_case(db, 3)  # the application filled, the dossier uploaded
    complete_task(db, CREDIT, number, "upload_dossier")
    workspace = open_case(qtbot, db, CREDIT, number)
    row = page(workspace, "credit_review").task_rows["credit_decision"]
    row.button.click()
    dialog = row.dialog
    assert dialog is not None and dialog.isVisible()
    result = dialog.inputs["result"]
    assert isinstance(result, QComboBox)
    result.setCurrentIndex(result.findData("approved"))
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    assert get_case(db, CREDIT, workspace.number).tasks["credit_decision"].values == {
        "result": "approved"}


def test_a_bad_amount_is_refused_beside_its_field(qtbot: Any, db: Database) -> None:
    number, _ = new_case(db, 4)  # through the lender's approval
    workspace = open_case(qtbot, db, FINANCE, number)
    row = page(workspace, "approval_invoice").task_rows["down_payment"]
    dialog = row.open_dialog()
    amount = dialog.inputs["amount"]
    assert isinstance(amount, QLineEdit) and amount.text() == "60000.00"
    amount.setText("abc")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and dialog.errors["amount"].isVisible()
    amount.setText("60000")
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    assert "down_payment" in get_case(db, FINANCE, number).tasks


def test_undo_asks_for_a_reason_and_confirms(qtbot: Any, db: Database,
                                             monkeypatch: Any) -> None:
    number = create_case(db, CONSULTANT, married_case())
    complete_task(db, CONSULTANT, number, "draft_contract")
    workspace = open_case(qtbot, db, number=number)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("点错了", True))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.No)
    page(workspace, "contract").task_rows["draft_contract"].button.click()
    assert "draft_contract" in get_case(db, CONSULTANT, number).tasks
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    page(workspace, "contract").task_rows["draft_contract"].button.click()
    assert "draft_contract" not in get_case(db, CONSULTANT, number).tasks
    assert workspace.history.model_.data(workspace.history.model_.index(0, 1)).endswith(
        "took back the contract draft; reason: 点错了")


def test_remove_a_document_with_confirmation(qtbot: Any, db: Database, tmp_path: Path,
                                             monkeypatch: Any) -> None:
    workspace = open_case(qtbot, db)
    slot(workspace, "documents", "driver_license").add_files([photo(tmp_path, "dl.jpg")])
    licence = slot(workspace, "documents", "driver_license")
    assert licence.state.text() == "present"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("拍错了", True))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    document_id = get_case(db, CONSULTANT, workspace.number).documents[0].id
    licence.remove(get_case(db, CONSULTANT, workspace.number).documents[0])
    assert slot(workspace, "documents", "driver_license").state.text() == "missing"
    assert not get_case(db, CONSULTANT, workspace.number).documents
    newest = workspace.history.model_.entries[0]
    assert newest.action == "document.remove" and newest.detail["document"] == document_id


def test_missing_item_leads_to_its_step(qtbot: Any, db: Database) -> None:
    workspace = open_case(qtbot, db)
    workspace.show_step("delivery")
    index = next(i for i, text in enumerate(workspace.missing.items())
                 if "marriage certificate" in text)
    workspace.missing.choose(index)
    assert workspace.page is not None and workspace.page.step.id == "documents"
    assert workspace.stepper.currentRow() == 1


def test_escape_asks_to_close(qtbot: Any, db: Database) -> None:
    workspace = open_case(qtbot, db)
    with qtbot.waitSignal(workspace.close_requested, timeout=1000):
        workspace.header.back.click()


def test_an_unknown_case_is_a_message_not_a_crash(qtbot: Any, db: Database) -> None:
    workspace = open_case(qtbot, db, number="LD2026-999999")
    assert "LD2026-999999" in workspace.loading.text()


def test_replace_a_document_after_confirming(qtbot: Any, db: Database, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = open_case(qtbot, db)
    slot(workspace, "documents", "driver_license").add_files([photo(tmp_path, "old.jpg")])
    card = slot(workspace, "documents", "driver_license")
    document = documents_of(card.item, card.view)[0]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(type(card), "_pick_files", lambda self: [photo(tmp_path, "new.jpg")])
    card.findChild(QPushButton, f"replace_{document.id}").click()
    card = slot(workspace, "documents", "driver_license")
    files = [p.filename for d in documents_of(card.item, card.view) for p in d.pages]
    assert files == ["new.jpg"]


def test_originals_are_checked_out_and_back_in_at_registration(
        qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = open_case(qtbot, db)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("车管所 代办员 老刘", True))
    registration = page(workspace, "registration")
    assert ("id_card", "spouse") in registration.custody.buttons  # a married customer
    registration.custody.buttons[("conformity_certificate", "none")].click()
    button = page(workspace, "registration").custody.buttons[("conformity_certificate", "none")]
    assert button.text() == "Check in"
    assert "老刘" in page(workspace, "warehouse_release").originals.text()
    page(workspace, "registration").custody.buttons[("conformity_certificate", "none")].click()
    assert not hasattr(page(workspace, "warehouse_release"), "originals")


def test_settlement_dialog_offers_the_amount_due_and_its_capital(qtbot: Any,
                                                                 db: Database) -> None:
    # Issue 10: the dialog pre-filled the car's price; it offers what the domain computes.
    from decimal import Decimal

    from app.domain.money import capital_numerals
    from tests.helpers import new_case

    fees = [{"item": "上牌服务费", "amount": "800"}]
    accessories = [{"name": "脚垫", "quantity": "1", "unit_price": "600", "amount": "600"}]
    number, _ = new_case(db, 5, accessories=accessories, fee_items=fees)  # down payment in
    workspace = open_case(qtbot, db, FINANCE, number)
    dialog = page(workspace, "warehouse_release").task_rows["settlement"].open_dialog()
    total = dialog.inputs["total"]
    due = Decimal("200000") + 600 + 800 - 140000 - 60000
    assert isinstance(total, QLineEdit) and total.text() == f"{due:.2f}"
    assert capital_numerals(due) in dialog.notes["total"].text()
    assert "¥140,000.00" in dialog.notes["total"].text()  # thousands separated (issue 14)
    customer = get_case(db, FINANCE, number).data.customer.name
    assert dialog.case_line.text() == f"{number} · {customer}"  # whose money (issue 14)
    assert dialog.capitals["total"].text() == capital_numerals(due)
    total.setText("1000")
    assert dialog.capitals["total"].text() == "人民币壹仟元整"
    total.setText("abc")
    assert dialog.capitals["total"].text() == ""


def test_registration_page_tracks_the_five_originals_of_step_8(qtbot: Any, db: Database,
                                                               tmp_path: Path) -> None:
    from app.domain.procedure import MORTGAGE_ORIGINALS
    from app.services.custody import check_out

    number = create_case(db, CONSULTANT, married_case())
    check_out(db, CONSULTANT, number, "insurance_policy", to="车管所代办 老张")
    workspace = open_case(qtbot, db, number=number)
    registration = page(workspace, "registration")
    assert registration.custody is not None
    buttons = registration.custody.buttons
    # Five originals, the ID card of both spouses: six rows, in the seed's order.
    assert [k for k, _ in buttons] == [*MORTGAGE_ORIGINALS[:3], "id_card",
                                       *MORTGAGE_ORIGINALS[3:]]
    assert buttons[("insurance_policy", "none")].text() == "Check in"
    assert buttons[("mortgage_contract", "none")].text() == "Check out…"
    assert registration.originals is not None  # the page says what is out
    workspace.grab().save(str(tmp_path / "registration.png"))
    assert not hasattr(page(workspace, "documents"), "custody")
