"""Printed forms through the services: preview, issue, reprint, gates, receipts."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.domain.errors import GateClosed, InvalidInput, NotFound, PermissionDenied
from app.services.common import now
from app.services.forms import (
    confirm_receipt,
    form_list,
    form_refusal,
    issue_form,
    issued_forms,
    preview_form,
)
from app.store.db import Database
from app.store.models import AuditEntry, IssuedForm
from tests.conftest import CONSULTANT, FINANCE, INFO, MANAGER, WAREHOUSE
from tests.helpers import dump, new_case
from tests.services.conftest import template

YEAR = now().astimezone().year


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    def build(db: Database) -> dict[str, str]:
        fresh, _ = new_case(db)
        registered, _ = new_case(db, 8)  # mortgage registered, not settled
        return {"fresh": fresh, "registered": registered}

    return template(tmp_path_factory, "forms", build)


@pytest.fixture
def cases(staged: tuple[Path, dict[str, str]],
          copy_of: Callable[[Path], Database]) -> tuple[Database, dict[str, str]]:
    path, numbers = staged
    return copy_of(path), numbers


def pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_form_list_has_the_eleven_forms() -> None:
    forms = {f[0]: f for f in form_list()}
    assert len(forms) == 11
    assert forms["sales_contract"][2:] == ("contract", 3)
    assert forms["warehouse_release"][2:] == ("warehouse_release", 2)
    assert forms["delivery_confirmation"][2:] == ("delivery", 2)
    assert "出库单" in forms["warehouse_release"][1]


def test_preview_of_every_form(cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    before = dump(db)
    for form_id, _title, _step, copies in form_list():
        pdf = preview_form(db, CONSULTANT, numbers["fresh"], form_id)
        assert pdf.startswith(b"%PDF-"), form_id
        pages, text = pdf_text(pdf)
        assert pages == copies, form_id
        assert "草稿" in text and "DRAFT" not in text, form_id  # the form's language (issue 14)
        assert numbers["fresh"] in text or form_id == "income_certificate", form_id
    assert dump(db) == before  # a preview records nothing


def test_preview_of_one_copy(cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    pages, text = pdf_text(preview_form(db, CONSULTANT, numbers["fresh"], "sales_contract",
                                        copy_id="red"))
    assert pages == 1 and "红联" in text
    with pytest.raises(InvalidInput) as caught:
        preview_form(db, CONSULTANT, numbers["fresh"], "sales_contract", copy_id="purple")
    assert caught.value.field == "copy"
    assert "red" in caught.value.expected


def test_unknown_form_and_case(cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    with pytest.raises(NotFound) as caught:
        preview_form(db, CONSULTANT, numbers["fresh"], "birthday_card")
    assert caught.value.field == "form" and "sales_contract" in caught.value.expected
    with pytest.raises(NotFound) as caught:
        issue_form(db, CONSULTANT, "LD2026-777777", "fee_details")
    assert caught.value.field == "number"


def test_issue_then_reprint_keeps_the_serial(cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    number = numbers["fresh"]
    first = issue_form(db, CONSULTANT, number, "sales_contract")
    assert first.serial == f"SC{YEAR}-000001"
    assert not first.reprint
    pages, text = pdf_text(first.pdf)
    assert pages == 3 and first.serial in text and "DRAFT" not in text
    assert "补打" not in text
    second = issue_form(db, FINANCE, number, "sales_contract")
    assert second.serial == first.serial and second.reprint
    assert "补打" in pdf_text(second.pdf)[1]
    other = issue_form(db, CONSULTANT, number, "fee_details")
    assert other.serial == f"FD{YEAR}-000001"
    with db.reading() as session:
        record = session.scalar(select(IssuedForm).where(IssuedForm.serial == first.serial))
        actions = list(session.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("form.%")).order_by(AuditEntry.id)))
    assert record is not None and record.reprints == 1
    assert record.copies == ["red", "white", "green"]
    assert actions == ["form.issue", "form.reprint", "form.issue"]


def test_warehouse_release_waits_for_the_mortgage(
        cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    before = dump(db)
    with pytest.raises(GateClosed) as caught:
        issue_form(db, CONSULTANT, numbers["fresh"], "warehouse_release")
    assert caught.value.field == "form"
    assert "mortgage is not registered" in caught.value.problem
    assert "draft preview is possible" in caught.value.problem
    assert dump(db) == before
    refusal = form_refusal(db, CONSULTANT, numbers["fresh"], "warehouse_release")
    assert refusal is not None and "mortgage" in refusal.en
    # Seed order ⑨: the 出库单 is filled once the mortgage is registered; finance settles
    # after it, so the settlement does not hold the form.
    number = numbers["registered"]
    assert form_refusal(db, CONSULTANT, number, "fee_details") is None
    pages, text = pdf_text(preview_form(db, CONSULTANT, number, "warehouse_release"))
    assert pages == 2 and "草稿" in text and "DRAFT" not in text
    assert form_refusal(db, CONSULTANT, number, "warehouse_release") is None
    issued = issue_form(db, CONSULTANT, number, "warehouse_release")
    assert issued.serial == f"WR{YEAR}-000001"
    assert pdf_text(issued.pdf)[0] == 2


def test_delivery_confirmation_waits_for_release(
        cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    number = numbers["registered"]
    with pytest.raises(GateClosed, match="has not been released"):
        issue_form(db, CONSULTANT, number, "delivery_confirmation")
    assert preview_form(db, CONSULTANT, number, "delivery_confirmation").startswith(b"%PDF")


def test_receipts_by_the_copys_recipient(cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    number = numbers["fresh"]
    serial = issue_form(db, CONSULTANT, number, "sales_contract").serial
    before = dump(db)
    with pytest.raises(PermissionDenied) as caught:
        confirm_receipt(db, WAREHOUSE, serial, "red")
    assert "information clerk" in caught.value.expected
    with pytest.raises(PermissionDenied):
        confirm_receipt(db, CONSULTANT, serial, "white")
    with pytest.raises(InvalidInput) as caught:
        confirm_receipt(db, INFO, serial, "purple")
    assert caught.value.field == "copy"
    with pytest.raises(NotFound) as caught:
        confirm_receipt(db, INFO, "SC1999-000001", "red")
    assert caught.value.field == "serial"
    assert dump(db) == before
    confirm_receipt(db, INFO, serial, "red")
    confirm_receipt(db, MANAGER, serial, "white")  # a manager may sign for anyone
    with pytest.raises(InvalidInput, match="already confirmed"):
        confirm_receipt(db, INFO, serial, "red")
    [record] = issued_forms(db, CONSULTANT, number)
    assert record.serial == serial and record.form_id == "sales_contract"
    assert record.issued_by == "王芳"
    copies = {c.copy_id: c for c in record.copies}
    assert copies["red"].received_by == "赵敏" and copies["red"].received_at is not None
    assert copies["white"].received_by == "吴磊"
    assert copies["green"].received_by is None
    assert copies["green"].recipient_role == "consultant"


def test_single_copy_issue_records_that_copy(cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    issued = issue_form(db, CONSULTANT, numbers["fresh"], "sales_contract", copy_id="green")
    assert pdf_text(issued.pdf)[0] == 1
    [record] = issued_forms(db, CONSULTANT, numbers["fresh"])
    assert [c.copy_id for c in record.copies] == ["green"]
    with pytest.raises(InvalidInput):
        confirm_receipt(db, INFO, issued.serial, "red")  # never printed
