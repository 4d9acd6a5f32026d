""""Read ID card…" in the new-case dialog, with a fake OCR engine: fills and marks the fields,
the case waits for the marks to be confirmed, the photos become the ID-card document with
what the back says; without the extra the button explains how to add it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QMessageBox

from app.documents import ocr_engine
from app.documents.id_card_ocr import TextBox
from app.services.cases import get_case
from app.services.lenders import list_lenders
from app.store.db import Database
from app.ui.new_case import NewCaseDialog
from tests.conftest import CONSULTANT, LENDER
from tests.gui.test_new_case import MARRIED, fill, settle
from tests.unit.documents.test_id_card_ocr import boxes, with_check

CUSTOMER = "11010519491231002X"  # born 1949-12-31, sequence 002: a woman
FRONT_ROWS = [("姓名", 60, 50, 60), ("张三", 150, 50, 80), ("性别女民族汉", 60, 110, 200),
              ("出生1949年12月31日", 60, 170, 260), ("住址北京市朝阳区建国路1号", 60, 230, 380),
              ("公民身份号码", 60, 420, 180), (CUSTOMER, 280, 420, 420)]
BACK_ROWS = [("中华人民共和国", 250, 60, 400), ("居民身份证", 250, 130, 420),
             ("签发机关", 150, 380, 120), ("北京市公安局朝阳分局", 290, 380, 320),
             ("有效期限", 150, 440, 120), ("2016.05.01-2036.05.01", 290, 440, 330)]


class FakeEngine:
    """Answers by the photo's width: 1000 px is the front, 1001 the back, else a receipt."""

    def __init__(self, front: list[tuple[str, int, int, int]] = FRONT_ROWS) -> None:
        self.front = front
        self.calls = 0

    def __call__(self, image: Image.Image) -> list[TextBox]:
        self.calls += 1
        if image.width == 1000:
            return boxes(self.front, angle=2)
        if image.width == 1001:
            return boxes(BACK_ROWS, angle=-3)
        return boxes([("购物小票", 100, 40, 200), ("合计 35.00", 100, 100, 200)])


def photo(folder: Path, name: str, width: int) -> Path:
    path = folder / name
    Image.new("RGB", (width, 630), (200 + width % 7, 190, 180)).save(path, "JPEG")
    return path


@pytest.fixture
def dialog(qtbot, db: Database) -> NewCaseDialog:
    shown = NewCaseDialog(db, CONSULTANT, list_lenders(db))
    qtbot.addWidget(shown)
    shown.show()
    shown.lender.setCurrentText(LENDER)
    return shown


@pytest.fixture
def with_ocr(monkeypatch) -> None:
    monkeypatch.setattr(ocr_engine, "ocr_available", lambda: True)


def test_without_the_extra_the_button_explains_how_to_add_it(qtbot, dialog, monkeypatch) -> None:
    monkeypatch.setattr(ocr_engine, "ocr_available", lambda: False)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a: told.append(text))
    reader = dialog.id_readers["customer"]
    assert reader.button.isVisibleTo(dialog)
    reader.button.click()
    assert len(told) == 1 and 'pip install "loandesk[ocr]"' in told[0]
    assert dialog.text("customer.name") == ""


def test_the_front_fills_and_marks_the_fields(qtbot, dialog, with_ocr, tmp_path) -> None:
    reader = dialog.id_readers["customer"]
    reader.engine = FakeEngine()
    reader.read([photo(tmp_path, "front.jpg", 1000)])
    assert dialog.text("customer.name") == "张三"
    assert dialog.text("customer.id_number") == CUSTOMER
    assert dialog.text("customer.address") == "北京市朝阳区建国路1号"
    assert sorted(reader.unconfirmed()) == ["customer.address", "customer.id_number",
                                            "customer.name"]
    for field in reader.unconfirmed():
        mark = reader.marks[field]
        assert mark.isVisibleTo(dialog) and "Read by OCR, please check" in mark.text()
    assert "女" in reader.summary.text() and "1949-12-31" in reader.summary.text()
    assert dialog.text("spouse.name") == ""  # the other section is untouched


def test_editing_or_ticking_confirms_a_field(qtbot, dialog, with_ocr, tmp_path) -> None:
    reader = dialog.id_readers["customer"]
    reader.engine = FakeEngine()
    reader.read([photo(tmp_path, "front.jpg", 1000)])
    fill(qtbot, dialog, {"customer.name": "张叁"})  # the person corrects the name
    assert "customer.name" not in reader.unconfirmed()
    reader.marks["customer.address"].setChecked(True)
    assert reader.unconfirmed() == ["customer.id_number"]


def test_the_case_waits_for_the_marks_then_takes_the_card_as_its_document(
        qtbot, dialog, with_ocr, db: Database, tmp_path) -> None:
    reader = dialog.id_readers["customer"]
    reader.engine = FakeEngine()
    reader.read([photo(tmp_path, "front.jpg", 1000), photo(tmp_path, "back.jpg", 1001)])
    assert "北京市公安局朝阳分局" in reader.summary.text()
    rest = {k: v for k, v in MARRIED.items()
            if k not in ("customer.name", "customer.id_number", "customer.address")}
    fill(qtbot, dialog, rest)
    settle(qtbot, dialog)
    assert dialog.ok_button.isEnabled()
    created: list[str] = []
    dialog.created.connect(created.append)
    dialog.submit()
    assert created == []
    assert "tick" in dialog.status.text()
    for mark in list(reader.marks.values()):
        mark.setChecked(True)
    dialog.submit()
    assert len(created) == 1
    detail = get_case(db, CONSULTANT, created[0])
    cards = [d for d in detail.documents if d.kind == "id_card" and d.party == "customer"]
    assert len(cards) == 1 and len(cards[0].pages) == 2
    masked = CUSTOMER[:6] + "*" * 8 + CUSTOMER[-4:]  # lists show it masked
    assert cards[0].content == {"id_number": masked, "valid_until": "2036-05-01",
                                "issuing_authority": "北京市公安局朝阳分局"}


def test_a_number_whose_check_fails_stays_empty_with_the_reason(qtbot, dialog, with_ocr,
                                                                tmp_path) -> None:
    wrong = CUSTOMER[:17] + ("0" if with_check(CUSTOMER[:17])[-1] != "0" else "1")
    rows = [r if r[0] != CUSTOMER else (wrong, *r[1:]) for r in FRONT_ROWS]
    reader = dialog.id_readers["spouse"]
    reader.engine = FakeEngine(rows)
    reader.read([photo(tmp_path, "front.jpg", 1000)])
    assert dialog.text("spouse.id_number") == ""
    assert dialog.text("spouse.name") == "张三"
    assert "check character" in reader.summary.text()
    assert reader.unconfirmed() == ["spouse.name"]


def test_something_else_is_not_an_id_card_and_fills_nothing(qtbot, dialog, with_ocr,
                                                            tmp_path) -> None:
    reader = dialog.id_readers["customer"]
    reader.engine = FakeEngine()
    reader.read([photo(tmp_path, "receipt.jpg", 900)])
    assert "not look like" in reader.summary.text()
    assert dialog.text("customer.name") == "" and reader.unconfirmed() == []
    assert reader.button.isEnabled()


def test_a_spouse_mark_does_not_hold_a_single_customers_case(qtbot, dialog, with_ocr,
                                                             tmp_path) -> None:
    reader = dialog.id_readers["spouse"]
    reader.engine = FakeEngine()
    reader.read([photo(tmp_path, "front.jpg", 1000)])
    assert reader.unconfirmed()
    dialog.marital.setCurrentIndex(dialog.marital.findData("single"))
    assert reader.unconfirmed() == []


def test_an_unreadable_file_says_why(qtbot, dialog, with_ocr, tmp_path) -> None:
    bad = tmp_path / "card.jpg"
    bad.write_bytes(b"\xff\xd8 broken")
    reader = dialog.id_readers["customer"]
    reader.engine = FakeEngine()
    reader.read([bad])
    assert reader.summary.text() and reader.button.isEnabled()
    assert dialog.text("customer.name") == ""
