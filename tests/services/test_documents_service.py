"""Documents through the services: real JPEG files, duplicates, bad files, content checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.domain.checklist import State
from app.domain.errors import InvalidInput, NotFound, PermissionDenied
from app.domain.privacy import mask_id
from app.services.cases import get_case, update_case
from app.services.documents import (
    add_document,
    blob,
    case_documents,
    import_files,
    remove_document,
    set_content,
)
from app.store.db import Database
from app.store.models import AuditEntry, Blob, DocumentPage
from tests.conftest import CONSULTANT, LENDER, MANAGER, OTHER_CONSULTANT
from tests.helpers import dump, new_case, write_jpeg

CUSTOMER_ID = "11010519491231002X"
SPOUSE_ID = "360426199101010071"


def state(db: Database, number: str, kind: str, party: str | None = None) -> State:
    items = get_case(db, MANAGER, number).checklist.items
    return next(i for i in items if i.id == kind and i.what == "document"
                and (party is None or i.party.value == party)).state


def reason(db: Database, number: str, kind: str) -> str:
    items = get_case(db, MANAGER, number).checklist.items
    return next(i for i in items if i.id == kind and i.what == "document").reason.en


def test_several_jpegs_become_the_pages_of_one_document(db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    paths = [write_jpeg(tmp_path / f"page{i}.jpg", seed=i) for i in range(3)]
    files, rejected = import_files(paths)
    assert rejected == []
    result = add_document(db, CONSULTANT, number, "driver_license", files)
    assert result.pages == 3 and result.imported == ["page0.jpg", "page1.jpg", "page2.jpg"]
    assert result.duplicates == [] and result.document_id is not None
    documents = case_documents(db, CONSULTANT, number)
    assert len(documents) == 1
    pages = documents[0].pages
    assert [p.seq for p in pages] == [1, 2, 3]
    assert [p.filename for p in pages] == ["page0.jpg", "page1.jpg", "page2.jpg"]
    assert all(p.mime == "image/jpeg" for p in pages)
    assert blob(db, MANAGER, pages[0].original_sha256) == paths[0].read_bytes()
    assert blob(db, MANAGER, pages[0].rendition_sha256)[:3] == b"\xff\xd8\xff"
    assert state(db, number, "driver_license") is State.SATISFIED
    assert reason(db, number, "driver_license") == "3 page(s) received"


def test_progress_is_reported(tmp_path: Path) -> None:
    paths = [write_jpeg(tmp_path / f"p{i}.jpg", seed=i) for i in range(2)]
    calls: list[tuple[int, int, str]] = []
    import_files(paths, progress=lambda done, total, name: calls.append((done, total, name)))
    assert calls == [(0, 2, "p0.jpg"), (1, 2, "p1.jpg"), (2, 2, "")]
    files, _ = import_files(paths, cancelled=lambda: True)
    assert files == []


def test_the_same_file_twice_says_where_it_already_is(db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    first = write_jpeg(tmp_path / "card.jpg", seed=7)
    files, _ = import_files([first])
    add_document(db, CONSULTANT, number, "id_card", files, party="customer")
    before = dump(db)
    again, _ = import_files([first])
    result = add_document(db, CONSULTANT, number, "household_register", again)
    assert [(name, where.en) for name, where in result.duplicates] == [
        ("card.jpg", f"{number} id_card (customer)")]
    assert result.duplicates[0][1].zh == f"{number} 客户身份证(正反面)"
    assert result.document_id is None and result.pages == 0
    assert dump(db) == before  # nothing stored for it
    # Beside a new file, the duplicate is skipped and the new one imported.
    other = write_jpeg(tmp_path / "register.jpg", seed=8)
    files, _ = import_files([first, other])
    result = add_document(db, CONSULTANT, number, "household_register", files)
    assert result.imported == ["register.jpg"] and result.pages == 1
    assert [d for d, _ in result.duplicates] == ["card.jpg"]


def test_bad_files_are_refused_while_the_others_import(db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    good = write_jpeg(tmp_path / "good.jpg", seed=1)
    text = tmp_path / "notes.jpg"
    text.write_text("这不是图片 <b>&</b>", encoding="utf-8")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    gone = tmp_path / "gone.jpg"
    files, rejected = import_files([text, good, empty, gone])
    assert [f.filename for f in files] == ["good.jpg"]
    messages = {name: why.en for name, why in rejected}
    assert set(messages) == {"notes.jpg", "empty.jpg", "gone.jpg"}
    assert "text file" in messages["notes.jpg"]
    assert "empty" in messages["empty.jpg"]
    assert "no longer exists" in messages["gone.jpg"]
    result = add_document(db, CONSULTANT, number, "residence_proof", files, rejected=rejected)
    assert result.imported == ["good.jpg"]
    assert len(result.rejected) == 3
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(DocumentPage)) == 1
        names = set(session.scalars(select(DocumentPage.filename)))
    assert names == {"good.jpg"}


def test_id_card_content_decides_the_checklist(db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    files, _ = import_files([write_jpeg(tmp_path / "front.jpg", 1),
                             write_jpeg(tmp_path / "back.jpg", 2)])
    result = add_document(db, CONSULTANT, number, "id_card", files, party="customer",
                          content={"id_number": SPOUSE_ID, "valid_until": "2036-01-01"})
    assert result.pages == 2 and result.document_id is not None
    assert state(db, number, "id_card", "customer") is State.INVALID
    assert SPOUSE_ID in reason(db, number, "id_card")
    set_content(db, CONSULTANT, result.document_id, {"id_number": CUSTOMER_ID.lower()})
    assert state(db, number, "id_card", "customer") is State.SATISFIED
    set_content(db, CONSULTANT, result.document_id, {"valid_until": "2020-01-01"})
    assert state(db, number, "id_card", "customer") is State.INVALID
    assert "expired" in reason(db, number, "id_card")
    with db.reading() as session:
        row = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "document.content").order_by(AuditEntry.id.desc())).first()
    assert row is not None
    assert row.detail["before"]["valid_until"] == "2036-01-01"
    assert row.detail["after"]["valid_until"] == "2020-01-01"


def test_policy_beneficiary_through_import(db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    files, _ = import_files([write_jpeg(tmp_path / "policy.jpg", 3)])
    result = add_document(db, CONSULTANT, number, "insurance_policy", files, content={
        "insurer": "人保", "period_end": "2099-12-31", "first_beneficiary": "张三"})
    assert state(db, number, "insurance_policy") is State.INVALID
    assert f"must be the lender {LENDER}" in reason(db, number, "insurance_policy")
    assert result.document_id is not None
    set_content(db, CONSULTANT, result.document_id, {"first_beneficiary": LENDER})
    assert state(db, number, "insurance_policy") is State.SATISFIED


def test_bank_statement_coverage_through_import(db: Database, tmp_path: Path) -> None:
    from app.domain.checklist import statement_months
    from app.services.common import today

    number, _ = new_case(db)
    months = statement_months(today())
    files, _ = import_files([write_jpeg(tmp_path / "statement.jpg", 4)])
    income = {m: "20000" for m in months[1:]}
    result = add_document(db, CONSULTANT, number, "bank_statement", files,
                          content={"bank": "中国银行", "account_tail": "6688", "income": income})
    assert state(db, number, "bank_statement") is State.INVALID
    assert months[0] in reason(db, number, "bank_statement")
    assert result.document_id is not None
    set_content(db, CONSULTANT, result.document_id, {"income": {months[0]: "20000"}})
    # set_content merges whole keys: the income map is replaced, so five months are missing.
    assert state(db, number, "bank_statement") is State.INVALID
    set_content(db, CONSULTANT, result.document_id, {"income": {m: "20000" for m in months}})
    assert state(db, number, "bank_statement") is State.SATISFIED


def test_bad_content_or_party_stores_nothing(db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    files, _ = import_files([write_jpeg(tmp_path / "x.jpg", 5)])
    before = dump(db)
    with pytest.raises(InvalidInput) as caught:
        add_document(db, CONSULTANT, number, "id_card", files,
                     content={"id_number": "110105194912310020"})
    assert caught.value.field == "id_number"
    with pytest.raises(InvalidInput) as caught:
        add_document(db, CONSULTANT, number, "id_card", files, party="neighbour")
    assert caught.value.field == "party"
    with pytest.raises(NotFound) as caught:
        add_document(db, CONSULTANT, number, "passport", files)
    assert caught.value.field == "kind"
    with pytest.raises(PermissionDenied):
        add_document(db, OTHER_CONSULTANT, number, "id_card", files)
    update_case(db, CONSULTANT, number, {"customer.marital_status": "single"},
                clear_spouse=True)
    before = dump(db)
    with pytest.raises(InvalidInput) as caught:
        add_document(db, CONSULTANT, number, "id_card", files, party="spouse")
    assert caught.value.field == "party"
    assert dump(db) == before


def test_remove_document_is_audited(db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    files, _ = import_files([write_jpeg(tmp_path / "licence.jpg", 6)])
    result = add_document(db, CONSULTANT, number, "driver_license", files)
    assert result.document_id is not None
    with pytest.raises(PermissionDenied):
        remove_document(db, OTHER_CONSULTANT, result.document_id)
    remove_document(db, CONSULTANT, result.document_id, reason="wrong customer's licence")
    assert case_documents(db, CONSULTANT, number) == []
    assert state(db, number, "driver_license") is State.MISSING
    with db.reading() as session:
        row = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        blobs = session.scalar(select(func.count()).select_from(Blob))
    assert row is not None and row.action == "document.remove"
    assert row.user_name == CONSULTANT
    assert row.detail["reason"] == "wrong customer's licence"
    assert row.detail["pages"] == [files[0].sha256]
    page = files[0].pages[0]
    assert blobs == len({files[0].original, page.rendition, page.thumbnail})
    assert blob(db, MANAGER, files[0].sha256) == files[0].original  # the bytes stay for the audit
    with pytest.raises(NotFound):
        remove_document(db, CONSULTANT, result.document_id)
    # Once removed, the same file may be attached again.
    again = add_document(db, CONSULTANT, number, "driver_license", files)
    assert again.pages == 1 and again.duplicates == []


def test_content_only_document(db: Database) -> None:
    number, _ = new_case(db)
    result = add_document(db, CONSULTANT, number, "id_card", [], party="customer",
                          content={"id_number": CUSTOMER_ID, "valid_until": "长期"})
    assert result.document_id is not None and result.pages == 0
    assert state(db, number, "id_card", "customer") is State.MISSING  # no pages yet


def test_manager_adds_to_any_case(db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    files, _ = import_files([write_jpeg(tmp_path / "m.jpg", 9)])
    assert add_document(db, MANAGER, number, "bank_card", files).pages == 1


def test_replace_keeps_the_content_and_removes_the_old_pages(db: Database,
                                                             tmp_path: Path) -> None:
    number, _ = new_case(db)
    files, _ = import_files([write_jpeg(tmp_path / "blurred.jpg", 1)])
    first = add_document(db, CONSULTANT, number, "id_card", files, party="customer",
                         content={"id_number": CUSTOMER_ID, "valid_until": "2036-01-01"})
    assert first.document_id is not None
    files, _ = import_files([write_jpeg(tmp_path / "sharp.jpg", 2),
                             write_jpeg(tmp_path / "back.jpg", 3)])
    second = add_document(db, CONSULTANT, number, "id_card", files, replaces=first.document_id)
    kept = [d for d in case_documents(db, CONSULTANT, number) if d.kind == "id_card"]
    assert [d.id for d in kept] == [second.document_id]
    # Listed masked (issue 11); the checklist below still reads the full number.
    assert kept[0].party == "customer" and kept[0].content["id_number"] == mask_id(CUSTOMER_ID)
    assert sorted(p.filename for p in kept[0].pages) == ["back.jpg", "sharp.jpg"]
    assert state(db, number, "id_card", "customer") is State.SATISFIED
    licence, _ = import_files([write_jpeg(tmp_path / "licence.jpg", 4)])
    with pytest.raises(InvalidInput, match="same kind"):
        add_document(db, CONSULTANT, number, "driver_license", licence,
                     replaces=second.document_id)
    before = dump(db)
    nothing = add_document(db, CONSULTANT, number, "id_card", [],
                           replaces=second.document_id)
    assert nothing.document_id is None and dump(db) == before  # no file: the old one stays
