"""Imported PDFs lose their JavaScript and actions; what the pages show stays (issue 11)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)
from reportlab.pdfgen.canvas import Canvas

from app.documents.dossier import DossierPage, DossierSection, build_dossier
from app.documents.imaging import import_file
from app.documents.pdf_safety import sanitize_pdf, strip_document
from tests.unit.documents.test_dossier import COVER

ACTIVE_MARKERS = (b"/JavaScript", b"/JS", b"/OpenAction", b"/AA", b"/Launch", b"/XFA",
                  b"/EmbeddedFiles")


def plain_pdf(text: str = "bank statement 2026-05") -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(100, 700, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _script(writer: PdfWriter, code: str) -> DictionaryObject:
    return DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                             NameObject("/JS"): TextStringObject(code)})


def active_pdf(*, where: tuple[str, ...] = ("open", "names", "page", "link", "field",
                                             "launch", "xfa", "embedded")) -> bytes:
    """A one-page PDF that acts in every place a PDF can (each switchable for the tests)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain_pdf())))
    root = writer._root_object
    page = writer.pages[0]
    if "open" in where:
        root[NameObject("/OpenAction")] = writer._add_object(_script(writer, "app.alert(1)"))
    if "names" in where or "embedded" in where:
        names = DictionaryObject()
        if "names" in where:
            names[NameObject("/JavaScript")] = DictionaryObject({NameObject("/Names"): ArrayObject(
                [TextStringObject("x"), writer._add_object(_script(writer, "app.alert(2)"))])})
        if "embedded" in where:
            names[NameObject("/EmbeddedFiles")] = DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject("payload.exe")])})
        root[NameObject("/Names")] = names
    if "page" in where:
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): _script(writer, "x()")})
    annotations = ArrayObject()
    if "link" in where:
        annotations.append(writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(0)] * 4),
            NameObject("/A"): _script(writer, "app.launchURL('x')")})))
    if "launch" in where:
        annotations.append(writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(0)] * 4),
            NameObject("/A"): DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                                               NameObject("/F"): TextStringObject("cmd.exe")})})))
    if "field" in where:
        widget = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("amount"),
            NameObject("/Rect"): ArrayObject([FloatObject(0)] * 4),
            NameObject("/AA"): DictionaryObject({NameObject("/K"): _script(writer, "k()")})}))
        annotations.append(widget)
        form = DictionaryObject({NameObject("/Fields"): ArrayObject([widget])})
        if "xfa" in where:
            form[NameObject("/XFA")] = TextStringObject("<xdp/>")
        root[NameObject("/AcroForm")] = form
    if annotations:
        page[NameObject("/Annots")] = annotations
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def markers(data: bytes) -> list[bytes]:
    """The active PDF names present as names (/AA, not the font subset tag /AAAAAA+...)."""
    return [m for m in ACTIVE_MARKERS if re.search(re.escape(m) + rb"(?![A-Za-z0-9+#_.-])",
                                                     data)]


def test_the_sample_really_is_active() -> None:
    """Otherwise the tests below could not fail."""
    assert len(markers(active_pdf())) >= 6


def test_everything_active_is_removed_and_the_text_stays() -> None:
    clean = sanitize_pdf(active_pdf())
    assert markers(clean) == []
    reader = PdfReader(io.BytesIO(clean))
    assert "bank statement 2026-05" in reader.pages[0].extract_text()
    assert all("/A" not in a.get_object() for a in reader.pages[0].get("/Annots", []))


@pytest.mark.parametrize("place", ["open", "names", "page", "link", "field", "launch",
                                   "embedded"])
def test_each_place_alone_is_cleaned(place: str) -> None:
    dirty = active_pdf(where=(place,))
    assert markers(dirty)
    assert markers(sanitize_pdf(dirty)) == []


def test_a_harmless_pdf_keeps_its_very_bytes() -> None:
    data = plain_pdf()
    assert sanitize_pdf(data) is data


def test_sanitising_is_repeatable() -> None:
    """The same upload twice gives the same bytes, so it is recognised as a duplicate."""
    dirty = active_pdf()
    assert sanitize_pdf(dirty) == sanitize_pdf(dirty)
    assert sanitize_pdf(sanitize_pdf(dirty)) == sanitize_pdf(dirty)


def test_a_pdf_pypdf_cannot_read_is_left_to_pdfium() -> None:
    assert sanitize_pdf(b"%PDF-1.7 broken") == b"%PDF-1.7 broken"


def test_strip_document_counts_what_it_removed() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(active_pdf())))
    # open, names/JavaScript, names/EmbeddedFiles, page /AA, 2 link /A, widget /AA (once as
    # an annotation, the field itself is the same object), XFA
    assert strip_document(writer) == 8
    assert strip_document(writer) == 0


def test_import_stores_the_cleaned_pdf() -> None:
    imported = import_file("statement.pdf", active_pdf())
    assert markers(imported.original) == []
    assert imported.mime == "application/pdf" and len(imported.pages) == 1


def test_the_dossier_copies_no_action_even_from_a_stored_dirty_pdf() -> None:
    """Defence in depth: a PDF stored before this rule existed is cleaned on the way out."""
    dirty = active_pdf()
    pdf = build_dossier(COVER, [DossierSection("银行流水", (DossierPage(pdf=dirty, pdf_page=0),))])
    reader = PdfReader(io.BytesIO(pdf))
    copied = reader.pages[-1]
    assert "bank statement 2026-05" in copied.extract_text()
    assert "/AA" not in copied
    annotations = [a.get_object() for a in copied.get("/Annots", [])]
    assert annotations  # the annotations themselves (their looks) are kept ...
    for annotation in annotations:  # ... without what they would do
        assert "/A" not in annotation and "/AA" not in annotation
    assert b"/JavaScript" not in pdf and b"/Launch" not in pdf
