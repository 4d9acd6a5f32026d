from __future__ import annotations

import io
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from app.documents.dossier import (
    DossierCover,
    DossierPage,
    DossierSection,
    build_dossier,
)
from app.documents.imaging import import_file
from tests.unit.documents.samples import document_image, encode, statement_pdf

COVER = DossierCover(
    title="个人汽车贷款资料 Credit dossier",
    case_number="LD-2026-0001",
    summary=(("客户 Customer", "张三"), ("贷款 Loan", "¥100,000.00 · 36 期"),
             ("备注 Note", "<b>&amp; \"quotes\" 😀 " + "很长的备注" * 40)),
    checklist=(("身份证 ID card", "齐全 complete", ""),
               ("银行流水 Bank statement", "缺 missing", "缺少 2026-02 missing February")),
    generated_at=datetime(2026, 3, 1, 10, 30),
    generated_by="李四",
)


def jpeg(width: int, height: int, seed: int = 1) -> bytes:
    return import_file("p.jpg", encode(document_image((width, height), seed))).pages[0].rendition


def pdftotext(pdf: bytes, tmp_path: Path, page: int) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "dossier.pdf"
    path.write_bytes(pdf)
    run = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, check=True)
    return run.stdout.decode()


@pytest.fixture(scope="module")
def photos() -> list[bytes]:
    # Different sizes, so the page boxes show the order.
    return [jpeg(2400, 1800, 1), jpeg(1500, 2000, 2), jpeg(1200, 1200, 3)]


def sections(photos: list[bytes], statement: bytes) -> list[DossierSection]:
    return [
        DossierSection("身份证 ID card — 客户 customer", (DossierPage(jpeg=photos[0]),)),
        DossierSection("结婚证 Marriage certificate", ()),
        DossierSection("银行流水 Bank statement",
                       (DossierPage(pdf=statement, pdf_page=1),
                        DossierPage(pdf=statement, pdf_page=0))),
        DossierSection("居住证明 Residence proof",
                       (DossierPage(jpeg=photos[1]), DossierPage(jpeg=photos[2]))),
    ]


def test_pages_follow_the_sections_in_order(photos: list[bytes], tmp_path: Path) -> None:
    statement = statement_pdf(2)
    calls: list[tuple[int, int]] = []
    pdf = build_dossier(COVER, sections(photos, statement),
                        progress=lambda done, total: calls.append((done, total)))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1 + 5
    assert calls == [(n, 6) for n in range(1, 7)]
    boxes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in reader.pages]
    assert boxes[0] == (595, 842)  # A4 cover
    assert boxes[1] == (794, 595)  # 2400×1800 fitted into A4 landscape
    assert boxes[2:4] == [(595, 842), (595, 842)]  # statement pages as they were
    assert boxes[4] == (595, 794)  # 1500×2000 portrait, fitted
    assert boxes[5] == (576, 576)  # 1200 px at 150 dpi
    assert "statement page 2" in pdftotext(pdf, tmp_path, 3)
    assert "statement page 1" in pdftotext(pdf, tmp_path, 4)
    cover = pdftotext(pdf, tmp_path, 1)
    assert "LD-2026-0001" in cover and "张三" in cover and "<b>&amp;" in cover


def test_jpeg_bytes_are_embedded_verbatim(photos: list[bytes]) -> None:
    pdf = build_dossier(COVER, [DossierSection("照片", tuple(DossierPage(jpeg=p) for p in photos))])
    assert all(photo in pdf for photo in photos)


def test_table_of_contents_counts_a_long_cover(photos: list[bytes], tmp_path: Path) -> None:
    long_cover = DossierCover(**{**COVER.__dict__, "checklist": tuple(
        (f"材料 {n}", "缺 missing", "原因 reason " * 8) for n in range(80))})
    pdf = build_dossier(long_cover, sections(photos, statement_pdf(2)))
    reader = PdfReader(io.BytesIO(pdf))
    cover_pages = len(reader.pages) - 5
    assert cover_pages >= 2
    toc = "".join(pdftotext(pdf, tmp_path, n) for n in range(1, cover_pages + 1))
    first = cover_pages + 1
    assert f"{first + 1}–{first + 2}" in toc  # the statement starts after the ID card
    assert f"{first + 3}–{first + 4}" in toc


def test_draft_is_stamped_on_every_page(photos: list[bytes], tmp_path: Path) -> None:
    pdf = build_dossier(COVER, sections(photos, statement_pdf(2)), draft=True)
    count = len(PdfReader(io.BytesIO(pdf)).pages)
    assert count == 6
    for page in range(1, count + 1):
        assert "草稿" in pdftotext(pdf, tmp_path, page), page
    assert all(photo in pdf for photo in photos)  # stamping does not touch the JPEG
    final = build_dossier(COVER, sections(photos, statement_pdf(2)))
    assert all("草稿" not in pdftotext(final, tmp_path, n) for n in range(1, 7))


def test_stamp_lands_on_a_page_whose_box_is_not_at_the_origin(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(statement_pdf(1))))
    box = writer.pages[0].mediabox
    box.lower_left = (100, 100)
    box.upper_right = (500, 700)
    buf = io.BytesIO()
    writer.write(buf)
    pdf = build_dossier(COVER, [DossierSection("x", (DossierPage(pdf=buf.getvalue(),
                                                                 pdf_page=0),))], draft=True)
    assert "草稿" in pdftotext(pdf, tmp_path, 2)


def test_owner_protected_statement_is_merged(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(statement_pdf(1))))
    writer.encrypt(user_password="", owner_password="bank", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    pdf = build_dossier(COVER, [DossierSection("流水", (DossierPage(pdf=buf.getvalue(),
                                                                  pdf_page=0),))])
    assert "statement page 1" in pdftotext(pdf, tmp_path, 2)


def test_grey_jpeg_page(tmp_path: Path) -> None:
    grey = encode(Image.new("L", (800, 600), 90))
    pdf = build_dossier(COVER, [DossierSection("x", (DossierPage(jpeg=grey),))])
    assert grey in pdf and len(PdfReader(io.BytesIO(pdf)).pages) == 2


@pytest.mark.parametrize("kwargs", [{}, {"jpeg": b"x", "pdf": b"y", "pdf_page": 0},
                                    {"pdf": b"y"}, {"jpeg": b"x", "pdf_page": 0}])
def test_page_takes_exactly_one_source(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        DossierPage(**kwargs)  # type: ignore[arg-type]


def test_a_photo_page_holds_its_streams_as_indirect_objects(photos: list[bytes]) -> None:
    # PDF requires streams to be indirect objects; pypdf's public add_page makes them so.
    from pypdf.generic import IndirectObject

    pdf = build_dossier(COVER, [DossierSection("照片", (DossierPage(jpeg=photos[2]),))])
    page = PdfReader(io.BytesIO(pdf)).pages[-1]
    image_ref = page["/Resources"].get_object()["/XObject"].get_object().raw_get("/Im0")
    assert isinstance(image_ref, IndirectObject)
    assert image_ref.get_object()["/Filter"] == "/DCTDecode"
    assert isinstance(page.raw_get("/Contents"), IndirectObject)
    assert page.get_contents().get_data() == b"q 576.0000 0 0 576.0000 0 0 cm /Im0 Do Q"


def test_no_private_pypdf_api_is_called() -> None:
    import re

    sources = Path(__file__).resolve().parents[3].joinpath("app").rglob("*.py")
    private = re.compile(r"\b(writer|reader|pdf|page)\._[a-z]\w*\(")
    assert [str(p) for p in sources if private.search(p.read_text(encoding="utf-8"))] == []
