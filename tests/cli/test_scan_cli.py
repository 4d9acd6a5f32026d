# ruff: noqa: F811  (the fixtures of test_cli.py, imported by name, are parameters here)
"""`loandesk cover` and `loandesk inbox` end to end."""

from __future__ import annotations

import io
import json
from pathlib import Path

import img2pdf
import pypdfium2 as pdfium
import pytest

from app.documents.qr_decode import read_qr_texts
from app.services import inbox as inbox_service
from tests.cli.test_cli import Cli, cli, number, ready  # noqa: F401  (fixtures)
from tests.helpers import jpeg


def page_jpeg(pdf_path: Path) -> bytes:
    doc = pdfium.PdfDocument(pdf_path.read_bytes())
    try:
        image = doc[0].render(scale=150 / 72).to_pil().convert("L")
    finally:
        doc.close()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


@pytest.fixture(autouse=True)
def no_settling(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI waits for files to settle; these were written long enough ago, by fiat."""
    real = inbox_service.run_inbox

    def quick(db, actor, folder, **kw):  # type: ignore[no-untyped-def]
        return real(db, actor, folder, settle_seconds=0, recheck_seconds=0)

    monkeypatch.setattr(inbox_service, "run_inbox", quick)


def test_cover_prints_a_sheet_whose_code_names_case_kind_and_party(
        ready: Cli, number: str) -> None:
    out = ready.tmp / "cover.pdf"
    said = ready.ok("cover", number, "id_card", "--party", "spouse", "-o", str(out))
    assert str(out) in said
    from PIL import Image
    texts = read_qr_texts(Image.open(io.BytesIO(page_jpeg(out))))
    assert texts == [f"LD1|{number}|D|id_card|spouse"]


def test_cover_refusals(ready: Cli, number: str) -> None:
    ready.refused("cover", "LD1999-000001", "id_card", "-o", str(ready.tmp / "x.pdf"),
                  field="number")
    ready.refused("cover", number, "passport", "-o", str(ready.tmp / "x.pdf"), field="kind")
    assert not (ready.tmp / "x.pdf").exists()
    ready.usage("cover", number, "id_card", "--party", "uncle", "-o", "x.pdf")


def test_inbox_files_and_reports_in_words_and_json(ready: Cli, number: str) -> None:
    sheet = ready.tmp / "cover.pdf"
    ready.ok("cover", number, "driver_license", "-o", str(sheet))
    scans = ready.tmp / "scans"
    scans.mkdir()
    (scans / "a.pdf").write_bytes(img2pdf.convert([page_jpeg(sheet), jpeg(1), jpeg(2)]))
    (scans / "b.jpg").write_bytes(b"garbage")
    code, out, err = ready("inbox", str(scans))
    assert code == 1  # something went to unsorted/
    assert f"filed 2 page(s) from a.pdf -> {number} driver_license (customer): document" in out
    assert "unsorted b.jpg" in err
    (scans / "c.pdf").write_bytes(img2pdf.convert([page_jpeg(sheet), jpeg(3)]))
    answer = ready.json("inbox", str(scans), "--json")
    assert answer["filed"][0]["case"] == number and answer["filed"][0]["pages"] == 1
    assert answer["done"] == ["c.pdf"] and answer["unsorted"] == [] and answer["waiting"] == []
    assert json.loads(ready.ok("doc", "list", number, "--json"))  # both documents there
    assert ready.ok("inbox", str(scans)).strip() == "nothing to import"
