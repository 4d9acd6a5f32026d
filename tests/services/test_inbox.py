"""The scanner inbox: cover sheets route the pages after them; nothing is ever deleted."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import img2pdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from app.domain import inbox as rules
from app.domain import qr
from app.domain.errors import InvalidInput, NotFound, PermissionDenied
from app.domain.procedure import Party
from app.printing.cover import CoverFacts, render_cover
from app.services.documents import case_documents
from app.services.inbox import cover_sheet, run_inbox
from app.store.db import Database
from tests.conftest import CONSULTANT, MANAGER, OTHER_CONSULTANT
from tests.helpers import jpeg, new_case

SINGLE = {"name": "王五", "id_number": "360426199101010071", "phone": "13700137000",
          "marital_status": "single", "address": "广州市天河区 2 号"}


def scanned(pdf: bytes, dpi: int = 150) -> bytes:
    """A cover sheet as the scanner sends it back: a JPEG of the printed page."""
    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[0].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        doc.close()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def cover(db: Database, number: str, kind: str, party: str | None = None) -> bytes:
    return scanned(cover_sheet(db, MANAGER, number, kind, party))


def forged(number: str, kind: str, party: Party = Party.CUSTOMER) -> bytes:
    """A sheet the service would not print (another database's case, a kind refused)."""
    return scanned(render_cover(CoverFacts(
        qr.CoverCode(number, kind, party).text(), number, "某人", kind, kind, "", "", "x", "y",
        datetime(2026, 1, 1))))


def run(db: Database, folder: Path, actor: str = CONSULTANT, **kw: object):  # type: ignore[no-untyped-def]
    return run_inbox(db, actor, folder, settle_seconds=0, recheck_seconds=0, **kw)  # type: ignore[arg-type]


def everything(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.name.endswith(rules.REASON_SUFFIX)}


def kinds(db: Database, number: str) -> list[tuple[str, str, int]]:
    return [(d.kind, d.party, len(d.pages)) for d in case_documents(db, MANAGER, number)]


def test_a_multi_page_pdf_with_two_covers_is_split(db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    pages = [cover(db, number, "driver_license"), jpeg(1), jpeg(2),
             cover(db, number, "id_card", "spouse"), jpeg(3)]
    inbox = tmp_path / "scans"
    inbox.mkdir()
    (inbox / "scan.pdf").write_bytes(img2pdf.convert(pages))
    before = everything(inbox)
    report = run(db, inbox)
    assert [(f.case_number, f.kind, f.party, f.pages) for f in report.filed] == [
        (number, "driver_license", "customer", 2), (number, "id_card", "spouse", 1)]
    assert kinds(db, number) == [("driver_license", "customer", 2), ("id_card", "spouse", 1)]
    assert report.done == ["scan.pdf"] and report.unsorted == []
    assert everything(inbox) == {f"done/{k}": v for k, v in before.items()}  # moved, intact
    # Cover pages are not stored: the stored originals are 2 and 1 pages long.
    docs = case_documents(db, MANAGER, number)
    assert [p.pdf_page for p in docs[0].pages] == [0, 1]


def test_one_file_per_page_is_one_stream(db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    inbox = tmp_path / "scans"
    inbox.mkdir()
    # Natural order: page 2 before page 10 (a string sort would put 10 first).
    (inbox / "img_1.jpg").write_bytes(cover(db, number, "bank_statement"))
    for n, seed in ((2, 5), (10, 6)):
        (inbox / f"img_{n}.jpg").write_bytes(jpeg(seed))
    (inbox / "img_11.jpg").write_bytes(cover(db, number, "household_register"))
    (inbox / "img_12.png").write_bytes(_png(7))
    report = run(db, inbox)
    assert kinds(db, number) == [("bank_statement", "customer", 2),
                                 ("household_register", "customer", 1)]
    docs = case_documents(db, MANAGER, number)
    assert [p.filename for p in docs[0].pages] == ["img_2.jpg", "img_10.jpg"]
    assert sorted(report.done) == sorted(["img_1.jpg", "img_2.jpg", "img_10.jpg", "img_11.jpg",
                                          "img_12.png"])


def _png(seed: int) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(jpeg(seed))).save(out, "PNG")
    return out.getvalue()


def test_unknown_case_wrong_kind_no_cover_and_corrupt_files_go_to_unsorted(
        db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    inbox = tmp_path / "scans"
    inbox.mkdir()
    ghost = forged("LD1999-000001", "driver_license")  # a case that is not there
    (inbox / "a0.jpg").write_bytes(jpeg(20))                       # no cover before it
    (inbox / "a1.pdf").write_bytes(img2pdf.convert([ghost, jpeg(21)]))
    (inbox / "a2.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")  # corrupt
    (inbox / "a3.jpg").write_bytes(cover(db, number, "residence_proof"))
    (inbox / "a4.jpg").write_bytes(jpeg(22))
    (inbox / "a5.jpg").write_bytes(cover(db, number, "residence_proof"))  # good again
    (inbox / "a6.jpg").write_bytes(jpeg(23))
    before = everything(inbox)
    report = run(db, inbox)
    reasons = {u.file: u.reason for u in report.unsorted}
    # a3/a4: the same residence proof cover follows the ghost's pages: it is filed.
    assert set(reasons) == {"a0.jpg", "a1.pdf", "a2.jpg"}
    assert sorted(report.done) == ["a3.jpg", "a4.jpg", "a5.jpg", "a6.jpg"]
    assert kinds(db, number) == [("residence_proof", "customer", 1),
                                 ("residence_proof", "customer", 1)]
    assert "no cover sheet" in reasons["a0.jpg"].en and "封面页" in reasons["a0.jpg"].zh
    assert "no case" in reasons["a1.pdf"].en
    assert "damaged" in reasons["a2.jpg"].en
    # Nothing deleted: every byte is in unsorted/ or done/, a reason beside each unsorted one.
    assert everything(inbox) == {
        f"{'unsorted' if k in reasons else 'done'}/{k}": v for k, v in before.items()}
    for name in reasons:
        text = (inbox / "unsorted" / (name + rules.REASON_SUFFIX)).read_text(encoding="utf-8")
        zh, en = text.splitlines()
        assert en == reasons[name].en and zh == reasons[name].zh


def test_a_kind_the_case_does_not_take(db: Database, tmp_path: Path) -> None:
    single, _ = new_case(db, customer=SINGLE, spouse=None)
    inbox = tmp_path / "scans"
    inbox.mkdir()
    (inbox / "s.pdf").write_bytes(img2pdf.convert([forged(single, "marriage_certificate"),
                                                   jpeg(30)]))
    (inbox / "t.pdf").write_bytes(img2pdf.convert([
        forged(single, "id_card", Party.SPOUSE), jpeg(31)]))
    report = run(db, inbox)
    assert [u.file for u in report.unsorted] == ["s.pdf", "t.pdf"]
    assert "takes no marriage certificate" in report.unsorted[0].reason.en
    assert "has no spouse" in report.unsorted[1].reason.en
    assert kinds(db, single) == []


def test_cover_sheet_refusals(db: Database) -> None:
    single, _ = new_case(db, customer=SINGLE, spouse=None)
    with pytest.raises(InvalidInput, match="no spouse"):
        cover_sheet(db, MANAGER, single, "id_card", "spouse")
    with pytest.raises(InvalidInput, match="takes no marriage certificate"):
        cover_sheet(db, MANAGER, single, "marriage_certificate")
    with pytest.raises(NotFound):
        cover_sheet(db, MANAGER, "LD1999-000001", "id_card")
    with pytest.raises(InvalidInput, match="unknown document kind"):
        cover_sheet(db, MANAGER, single, "passport")
    with pytest.raises(PermissionDenied):
        cover_sheet(db, OTHER_CONSULTANT, single, "id_card")
    assert cover_sheet(db, CONSULTANT, single, "id_card")[:5] == b"%PDF-"


def test_a_file_still_being_written_waits(db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    inbox = tmp_path / "scans"
    inbox.mkdir()
    (inbox / "p1.jpg").write_bytes(cover(db, number, "driver_license"))
    growing = inbox / "p2.pdf"
    growing.write_bytes(b"%PDF-1.4\n")

    def scanner_still_writing(_seconds: float) -> None:
        with growing.open("ab") as fh:
            fh.write(b"% more bytes\n")

    report = run_inbox(db, CONSULTANT, inbox, settle_seconds=0, recheck_seconds=0,
                       sleep=scanner_still_writing)
    # The cover before the growing file waits too: its pages may be in the growing file.
    assert report.waiting == ["p1.jpg", "p2.pdf"]
    assert (report.filed, report.unsorted, report.done) == ([], [], [])
    assert (inbox / "p1.jpg").exists() and growing.exists()
    steady = run_inbox(db, CONSULTANT, inbox, settle_seconds=0, recheck_seconds=0,
                       sleep=lambda _s: None)  # the wrong side: nothing changes between looks
    assert steady.waiting == [] and [u.file for u in steady.unsorted] == ["p2.pdf"]


def test_a_young_file_waits_for_the_settle_time(db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    inbox = tmp_path / "scans"
    inbox.mkdir()
    (inbox / "p1.jpg").write_bytes(cover(db, number, "driver_license"))
    (inbox / "p2.jpg").write_bytes(jpeg(40))
    mtime = (inbox / "p2.jpg").stat().st_mtime
    young = run_inbox(db, CONSULTANT, inbox, settle_seconds=5, recheck_seconds=0,
                      clock=lambda: mtime + 4.9)
    assert young.waiting == ["p1.jpg", "p2.jpg"] and kinds(db, number) == []
    old = run_inbox(db, CONSULTANT, inbox, settle_seconds=5, recheck_seconds=0,
                    clock=lambda: mtime + 5.1)
    assert old.waiting == [] and kinds(db, number) == [("driver_license", "customer", 1)]
    assert rules.SETTLE_SECONDS >= 2 * rules.RECHECK_SECONDS


def test_rerun_is_idempotent_and_a_second_drop_is_not_filed_twice(
        db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    inbox = tmp_path / "scans"
    inbox.mkdir()
    data = img2pdf.convert([cover(db, number, "residence_proof"), jpeg(50)])
    (inbox / "x.pdf").write_bytes(data)
    run(db, inbox)
    again = run(db, inbox)
    assert (again.filed, again.done, again.unsorted, again.waiting) == ([], [], [], [])
    (inbox / "x.pdf").write_bytes(data)  # the same scan dropped in again
    third = run(db, inbox)
    assert third.filed[0].document_id is None and third.filed[0].duplicates
    assert kinds(db, number) == [("residence_proof", "customer", 1)]
    assert sorted(p.name for p in (inbox / "done").iterdir()) == ["x (2).pdf", "x.pdf"]


def test_the_inbox_files_with_the_actors_permissions(db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    inbox = tmp_path / "scans"
    inbox.mkdir()
    (inbox / "x.pdf").write_bytes(img2pdf.convert([cover(db, number, "residence_proof"),
                                                   jpeg(60)]))
    report = run(db, inbox, actor=OTHER_CONSULTANT)  # not their case
    assert report.filed == [] and [u.file for u in report.unsorted] == ["x.pdf"]
    assert kinds(db, number) == []


def test_not_a_folder(db: Database, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        run(db, tmp_path / "missing")


def test_a_multi_page_tiff_is_split_at_its_cover_sheets(db: Database, tmp_path: Path) -> None:
    number, _ = new_case(db)
    frames = [Image.open(io.BytesIO(b)).convert("L") for b in (
        cover(db, number, "driver_license"), jpeg(70), cover(db, number, "residence_proof"),
        jpeg(71), jpeg(72))]
    inbox = tmp_path / "scans"
    inbox.mkdir()
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:],
                   compression="tiff_deflate")
    (inbox / "scan.tif").write_bytes(out.getvalue())
    report = run(db, inbox)
    assert kinds(db, number) == [("driver_license", "customer", 1),
                                 ("residence_proof", "customer", 2)]
    assert report.done == ["scan.tif"]
    stored = case_documents(db, MANAGER, number)[1].pages
    assert [p.filename for p in stored] == ["scan.tif p.4-5"] * 2


def test_pages_of_a_cover_of_another_kind_of_code_are_just_pages(
        db: Database, tmp_path: Path) -> None:
    """A page showing a form copy's code (a signed contract scanned) is a page, not a cover."""
    number, _ = new_case(db)
    inbox = tmp_path / "scans"
    inbox.mkdir()
    form_page = scanned(render_cover(CoverFacts(
        qr.form_copy_text(number, "sales_contract", "SC2026-000001", "green"), number, "x",
        "y", "z", "", "", "d", "p", datetime(2026, 1, 1))))
    (inbox / "a.pdf").write_bytes(img2pdf.convert([cover(db, number, "sales_contract_signed"),
                                                   form_page, jpeg(80)]))
    run(db, inbox)
    assert kinds(db, number) == [("sales_contract_signed", "customer", 2)]


def test_a_file_that_breaks_a_library_does_not_stop_the_inbox(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.services.inbox as inbox_module

    number, _ = new_case(db)
    inbox = tmp_path / "scans"
    inbox.mkdir()
    (inbox / "a.pdf").write_bytes(img2pdf.convert([cover(db, number, "driver_license"),
                                                   jpeg(90), cover(db, number,
                                                                   "residence_proof")]))
    (inbox / "b.jpg").write_bytes(jpeg(91))  # continues the residence proof
    real = inbox_module._part

    def fragile(file, pages):  # type: ignore[no-untyped-def]
        if file.filename == "a.pdf":
            raise RuntimeError("pypdf fell over")
        return real(file, pages)

    monkeypatch.setattr(inbox_module, "_part", fragile)
    report = run(db, inbox)
    assert [u.file for u in report.unsorted] == ["a.pdf"]
    assert "could not be read" in report.unsorted[0].reason.en
    assert report.done == ["b.jpg"]
    assert kinds(db, number) == [("residence_proof", "customer", 1)]


def test_a_role_that_adds_no_documents_is_refused_before_anything_moves(
        db: Database, tmp_path: Path) -> None:
    from tests.conftest import FINANCE

    number, _ = new_case(db)
    inbox = tmp_path / "scans"
    inbox.mkdir()
    (inbox / "x.jpg").write_bytes(cover(db, number, "driver_license"))
    with pytest.raises(PermissionDenied):
        run(db, inbox, actor=FINANCE)
    assert [p.name for p in inbox.iterdir()] == ["x.jpg"]
