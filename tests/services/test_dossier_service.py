"""The credit dossier and watermarked exports through the services."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from app.domain.errors import InvalidInput, NotFound
from app.services import dossier
from app.services.documents import blob, case_documents
from app.services.dossier import build_case_dossier, export_documents
from app.store.db import Database
from app.store.models import AuditEntry
from tests.conftest import CREDIT, MANAGER
from tests.helpers import new_case
from tests.services.conftest import template

DOSSIER_KINDS = ("sales_contract_signed", "id_card", "marriage_certificate", "driver_license",
                 "bank_statement", "residence_proof", "income_certificate",
                 "household_register", "loan_application_signed")


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    def build(db: Database) -> dict[str, str]:
        fresh, _ = new_case(db)
        complete, _ = new_case(db, 4)  # documents, application and credit review done
        return {"fresh": fresh, "complete": complete}

    return template(tmp_path_factory, "dossier", build)


@pytest.fixture
def cases(staged: tuple[Path, dict[str, str]],
          copy_of: Callable[[Path], Database]) -> tuple[Database, dict[str, str]]:
    path, numbers = staged
    return copy_of(path), numbers


def page_jpegs(reader: PdfReader, first: int) -> list[bytes]:
    """The raw stream of each page's one image XObject (a JPEG file for DCTDecode)."""
    jpegs = []
    for page in reader.pages[first:]:
        xobjects = page["/Resources"]["/XObject"].get_object()
        [image] = [xobjects[name].get_object() for name in xobjects]
        assert image["/Filter"] == "/DCTDecode"
        jpegs.append(image._data)
    return jpegs


def test_dossier_order_follows_domain_md() -> None:
    assert dossier.DOSSIER_KINDS == DOSSIER_KINDS


def test_refuses_listing_what_is_missing(cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    with pytest.raises(InvalidInput) as caught:
        build_case_dossier(db, CREDIT, numbers["fresh"])
    error = caught.value
    assert error.field == "dossier"
    for missing in ("ID card (front and back)", "of the spouse", "marriage certificate",
                    "bank statement", "signed loan application"):
        assert missing in error.problem
    assert "--draft" in error.expected
    assert "身份证" in error.zh


def test_draft_of_an_incomplete_case(cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    pdf = build_case_dossier(db, CREDIT, numbers["fresh"], draft=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 2  # only the cover: no documents yet
    text = "".join(p.extract_text() for p in reader.pages)
    assert numbers["fresh"] in text and "草稿" in text and "DRAFT" not in text


def test_complete_case_cover_then_every_page_in_order(
        cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    number = numbers["complete"]
    progress: list[tuple[int, int]] = []
    pdf = build_case_dossier(db, CREDIT, number,
                             progress=lambda done, total: progress.append((done, total)))
    reader = PdfReader(io.BytesIO(pdf))
    documents = [d for d in case_documents(db, CREDIT, number) if d.kind in DOSSIER_KINDS]
    ordered = sorted(documents, key=lambda d: (DOSSIER_KINDS.index(d.kind),
                                               d.party != "customer", d.id))
    expected = [p for d in ordered for p in d.pages]
    assert len(expected) == 10  # married: both ID cards and the marriage certificate
    cover = len(reader.pages) - len(expected)
    assert cover == 1
    assert progress[-1] == (len(reader.pages), len(reader.pages))
    cover_text = reader.pages[0].extract_text()
    assert number in cover_text and "草稿" not in cover_text
    assert "110105********002X" in cover_text and "11010519491231002X" not in cover_text
    jpegs = page_jpegs(reader, cover)
    for page, document, embedded in zip(expected, [d for d in ordered for _ in d.pages],
                                        jpegs, strict=True):
        stored = blob(db, MANAGER, page.rendition_sha256)
        if document.kind == "id_card":
            assert embedded != stored  # watermarked
            assert Image.open(io.BytesIO(embedded)).size == (page.width, page.height)
        else:
            assert embedded == stored  # embedded as it is, not re-encoded
    with db.reading() as session:
        row = session.scalar(select(AuditEntry).where(AuditEntry.action == "dossier.build"))
    assert row is not None and row.user_name == CREDIT and row.detail["draft"] is False


def test_export_documents_watermarks_id_cards(cases: tuple[Database, dict[str, str]],
                                              tmp_path: Path) -> None:
    db, numbers = cases
    number = numbers["complete"]
    written = export_documents(db, MANAGER, number, "id_card", tmp_path / "out")
    assert [p.name for p in written] == [f"{number}_id_card_customer_1.jpg",
                                         f"{number}_id_card_spouse_1.jpg"]
    stored = {d.party: blob(db, MANAGER, d.pages[0].rendition_sha256)
              for d in case_documents(db, MANAGER, number) if d.kind == "id_card"}
    for path in written:
        data = path.read_bytes()
        party = path.stem.split("_")[-2]
        assert data[:3] == b"\xff\xd8\xff"
        assert data != stored[party]
        original = Image.open(io.BytesIO(stored[party])).convert("L")
        marked = Image.open(io.BytesIO(data)).convert("L")
        assert marked.size == original.size
        # The stamp changes a good share of the picture, not a pixel or two.
        diff = sum(1 for a, b in zip(original.tobytes(), marked.tobytes(), strict=True)
                   if abs(a - b) > 12)
        assert diff > original.size[0] * original.size[1] * 0.01
    plain = export_documents(db, MANAGER, number, "driver_license", tmp_path / "plain")
    licence = next(d for d in case_documents(db, MANAGER, number)
                   if d.kind == "driver_license")
    assert plain[0].read_bytes() == blob(db, MANAGER, licence.pages[0].rendition_sha256)
    with db.reading() as session:
        rows = list(session.scalars(select(AuditEntry).where(
            AuditEntry.action == "document.export").order_by(AuditEntry.id)))
    assert [r.detail["watermarked"] for r in rows] == [True, False]


def test_export_refusals(cases: tuple[Database, dict[str, str]], tmp_path: Path) -> None:
    db, numbers = cases
    with pytest.raises(NotFound) as caught:
        export_documents(db, MANAGER, numbers["complete"], "passport", tmp_path)
    assert caught.value.field == "kind"
    with pytest.raises(InvalidInput) as caught:
        export_documents(db, MANAGER, numbers["fresh"], "id_card", tmp_path / "none")
    assert caught.value.field == "kind" and "no id_card pages" in caught.value.problem
    assert list((tmp_path / "none").glob("*")) == []


def test_cover_prints_the_checklists_average_once_per_account_month(
        cases: tuple[Database, dict[str, str]], tmp_path: Path) -> None:
    # Issue 10: the dossier said 月均收入 50,016.67 where the statements show 16,683.33.
    from decimal import ROUND_HALF_UP, Decimal

    from app.domain.checklist import statement_months
    from app.services.cases import get_case
    from app.services.common import today
    from app.services.documents import add_document, import_files
    from tests.conftest import CONSULTANT
    from tests.helpers import write_jpeg

    db, numbers = cases
    number = numbers["complete"]
    [statement] = [d for d in case_documents(db, MANAGER, number) if d.kind == "bank_statement"]
    files, _ = import_files([write_jpeg(tmp_path / "again.jpg", 77)])
    add_document(db, CONSULTANT, number, "bank_statement", files, party="customer",
                 content=dict(statement.content))  # the same statement entered twice
    months = statement_months(today())
    income = statement.content["income"]
    average = (sum(Decimal(income[m]) for m in months) / 6).quantize(Decimal("0.01"),
                                                                    ROUND_HALF_UP)
    [item] = [i for i in get_case(db, MANAGER, number).checklist.items
              if i.id == "bank_statement"]
    assert f"average monthly income ¥{average:,.2f} ({months[0]} to {months[-1]})" \
        in item.reason.en
    assert "entered 2 times, counted once" in item.reason.en
    pdf = build_case_dossier(db, CREDIT, number)
    # The cover's checklist prints the checklist's own reason: the same figure and months.
    cover = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages[:2])
    assert f"月均收入 ¥{average:,.2f}" in cover
    assert f"{average * 2:,.2f}" not in cover
    assert months[0] in cover and months[-1] in cover
