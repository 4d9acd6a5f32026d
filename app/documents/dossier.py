"""The credit dossier: one PDF of a case's documents, in order, for the lender.

A cover (summary, checklist, table of contents) laid out by ReportLab's Platypus (it wraps,
splits tables across pages and keeps headings with their rows), then every page.
Pages are assembled with pypdf: a JPEG rendition becomes an image XObject holding the JPEG
bytes as they are (DCTDecode, no re-encoding: no quality loss and as fast as copying), and
a page of an original PDF (a bank statement) is copied as it is. ReportLab's own
drawImage would also pass DCT through, but it is about ten times slower than img2pdf for
twenty photos and ASCII85-encodes the data unless a process-wide flag is turned off.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
)
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.documents.imaging import PDFIUM_LOCK
from app.documents.pdf_safety import strip_page
from app.printing.fonts import register_cjk_font

DRAFT_MARK = "草稿"  # the dossier is Chinese paper for the lender
# Photos are laid out at 150 dpi, shrunk further only to fit an A4 page (portrait or
# landscape, whichever matches the picture): a card photo prints near life size,
# a 2400 px rendition fills the page.
MIN_DPI = 150
MARGIN = 48.0  # pt, cover page


@dataclass(frozen=True)
class DossierPage:
    """Exactly one source: a JPEG rendition, or page `pdf_page` of an original PDF."""

    jpeg: bytes | None = None
    pdf: bytes | None = None
    pdf_page: int | None = None

    def __post_init__(self) -> None:
        if (self.jpeg is None) == (self.pdf is None) or (self.pdf is None) != (
            self.pdf_page is None
        ):
            raise ValueError("a DossierPage takes either jpeg, or pdf with pdf_page")


@dataclass(frozen=True)
class DossierSection:
    title: str
    pages: tuple[DossierPage, ...]


@dataclass(frozen=True)
class DossierCover:
    title: str
    case_number: str
    summary: tuple[tuple[str, str], ...]
    checklist: tuple[tuple[str, str, str], ...]
    generated_at: datetime
    generated_by: str


def build_dossier(
    cover: DossierCover,
    sections: Sequence[DossierSection],
    *,
    draft: bool = False,
    progress: Callable[[int, int], None] | None = None,
    font_setting: str | None = None,
) -> bytes:
    """The dossier PDF: cover page(s), then each section's pages in the order given."""
    font = register_cjk_font(font_setting)
    content_pages = sum(len(s.pages) for s in sections)
    cover_reader = PdfReader(io.BytesIO(_cover(cover, sections, font, draft)))
    total = len(cover_reader.pages) + content_pages

    writer = PdfWriter()
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    for page in cover_reader.pages:
        writer.add_page(page)
        step()
    stamps = _Stamps(font) if draft else None
    readers: dict[bytes, PdfReader] = {}
    for section in sections:
        for source in section.pages:
            if source.jpeg is not None:
                page = _add_jpeg_page(writer, source.jpeg)
            else:
                assert source.pdf is not None and source.pdf_page is not None
                reader = readers.get(source.pdf)
                if reader is None:
                    reader = readers[source.pdf] = _open_pdf(source.pdf)
                page = writer.add_page(reader.pages[source.pdf_page])
                strip_page(page)  # nothing that runs reaches the lender (see pdf_safety)
            if stamps is not None:
                stamps.apply(page)
            step()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- pages ---------------------------------------------------------------------------------


def _page_size(width_px: int, height_px: int) -> tuple[float, float]:
    box_w, box_h = A4 if height_px >= width_px else (A4[1], A4[0])
    scale = min(72 / MIN_DPI, box_w / width_px, box_h / height_px)
    return width_px * scale, height_px * scale


def _add_jpeg_page(writer: PdfWriter, jpeg: bytes) -> PageObject:
    with Image.open(io.BytesIO(jpeg), formats=["JPEG"]) as im:  # header only, no decode
        mode, (width_px, height_px), adobe = im.mode, im.size, "adobe" in im.info
    spaces = {"L": "/DeviceGray", "RGB": "/DeviceRGB", "CMYK": "/DeviceCMYK"}
    if mode not in spaces:
        raise ValueError(f"cannot embed a {mode} JPEG")
    image: dict[str, Any] = {
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Image"),
        NameObject("/Width"): NumberObject(width_px),
        NameObject("/Height"): NumberObject(height_px),
        NameObject("/ColorSpace"): NameObject(spaces[mode]),
        NameObject("/BitsPerComponent"): NumberObject(8),
        NameObject("/Filter"): NameObject("/DCTDecode"),
        "__streamdata__": jpeg,  # the JPEG file, byte for byte
    }
    if mode == "CMYK" and adobe:  # Adobe writes CMYK JPEGs inverted
        image[NameObject("/Decode")] = ArrayObject([NumberObject(v) for v in (1, 0) * 4])
    width, height = _page_size(width_px, height_px)
    draw = f"q {width:.4f} 0 0 {height:.4f} 0 0 cm /Im0 Do Q".encode()
    # A detached page with its streams inline: add_page copies it into the writer and makes
    # each stream an indirect object there (public pypdf API; the JPEG bytes are not copied).
    page = PageObject.create_blank_page(width=width, height=height)
    xobjects = DictionaryObject(
        {NameObject("/Im0"): StreamObject.initialize_from_dictionary(image)})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    page[NameObject("/Contents")] = StreamObject.initialize_from_dictionary(
        {"__streamdata__": draw})
    return writer.add_page(page)


def _open_pdf(data: bytes) -> PdfReader:
    """A pypdf reader of an original PDF, decrypted when only an owner password guards it.

    Import refused PDFs that need a password to open, but statements often carry an owner
    password (no printing, no copying) that pypdf cannot lift without the `cryptography`
    package (AES): PDFium then writes an unprotected copy, as it does for files pypdf
    cannot parse but PDFium repairs.
    """
    try:
        reader = PdfReader(io.BytesIO(data))
        if not reader.is_encrypted or reader.decrypt(""):
            _ = len(reader.pages)  # parse now, inside the try
            return reader
    except Exception:  # whatever pypdf chokes on, PDFium may still read
        pass
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(data)
        try:
            copy = io.BytesIO()
            doc.save(copy, flags=pdfium_c.FPDF_REMOVE_SECURITY)
        finally:
            doc.close()
    return PdfReader(io.BytesIO(copy.getvalue()))


def _draw_stamp(canvas: Canvas, width: float, height: float, font: str) -> None:
    """草稿 big across the middle (red, see-through, readable over anything) and
    small and level at the top, where text extraction and a skimming eye both find it."""
    canvas.saveState()
    canvas.setFillColorRGB(0.85, 0.1, 0.1, alpha=0.35)
    size = min(width, height) / 7
    canvas.setFont(font, size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -size / 3, DRAFT_MARK)
    canvas.restoreState()
    canvas.saveState()
    canvas.setFillColorRGB(0.85, 0.1, 0.1, alpha=0.8)
    size = max(6.0, min(10.0, width / 40))
    canvas.setFont(font, size)
    canvas.drawCentredString(width / 2, height - 1.6 * size, f"{DRAFT_MARK} · 未定稿")
    canvas.restoreState()


def _stamp_page(width: float, height: float, font: str) -> PageObject:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(width, height), invariant=True)
    _draw_stamp(canvas, width, height, font)
    canvas.showPage()
    canvas.save()
    return PdfReader(io.BytesIO(buf.getvalue())).pages[0]


class _Stamps:
    """One overlay per page size (photos of one phone share a few sizes)."""

    def __init__(self, font: str) -> None:
        self.font = font
        self.cache: dict[tuple[float, float], PageObject] = {}

    def apply(self, page: PageObject) -> None:
        box = page.mediabox
        size = (round(float(box.width), 1), round(float(box.height), 1))
        stamp = self.cache.get(size)
        if stamp is None:
            stamp = self.cache[size] = _stamp_page(*size, self.font)
        # The media box need not start at (0, 0): move the overlay onto it.
        page.merge_transformed_page(
            stamp, Transformation().translate(float(box.left), float(box.bottom))
        )


# --- cover ---------------------------------------------------------------------------------


def _styles(font: str) -> dict[str, ParagraphStyle]:
    # wordWrap CJK: Chinese has no spaces, so a line may break between any two characters.
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontSize=20, leading=26),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=12, leading=17),
        "draft": ParagraphStyle("draft", parent=body, fontSize=12, leading=17,
                                textColor=colors.Color(0.8, 0.1, 0.1)),
        "heading": ParagraphStyle("heading", parent=body, fontSize=13, leading=18,
                                  spaceBefore=10, spaceAfter=2, keepWithNext=1),
        "number": ParagraphStyle("number", parent=body, alignment=TA_RIGHT),
    }


def _table(rows: Sequence[Sequence[Paragraph]], widths: Sequence[float]) -> Flowable:
    if not rows:  # Platypus refuses a table of no rows; an empty list is the heading alone
        return Spacer(0, 0)
    table = Table([list(row) for row in rows], colWidths=list(widths), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _page_numbers(sections: Sequence[DossierSection], first_page: int | None) -> list[str]:
    """Each section's pages in the dossier; with `first_page` None, placeholders of the
    same shape (the cover's length is not known yet, and a number never changes a line)."""
    numbers: list[str] = []
    page = first_page
    for section in sections:
        count = len(section.pages)
        if count == 0:
            numbers.append("—")
        elif page is None:
            numbers.append("000–000" if count > 1 else "000")
        else:
            numbers.append(f"{page}–{page + count - 1}" if count > 1 else str(page))
            page += count
    return numbers


def _cover_story(cover: DossierCover, sections: Sequence[DossierSection], font: str,
                 draft: bool, first_page: int | None) -> list[Flowable]:
    style = _styles(font)

    def para(text: str, name: str = "body") -> Paragraph:
        return Paragraph(escape(text), style[name])  # what people typed is text, not markup

    def heading(text: str) -> list[Flowable]:
        rule = HRFlowable(width="100%", thickness=0.5, color=colors.black, spaceAfter=4)
        rule.keepWithNext = 1  # a heading never ends a page without its first row
        return [para(text, "heading"), rule]

    full = A4[0] - 2 * MARGIN
    generated = cover.generated_at.strftime("%Y-%m-%d %H:%M")
    story: list[Flowable] = [
        para(cover.title, "title"),
        para(f"案件编号 Case {cover.case_number}", "subtitle"),
        para(f"生成 Generated {generated} · {cover.generated_by}"),
    ]
    if draft:
        story.append(para(f"{DRAFT_MARK} — 未定稿，不得提交", "draft"))
    story += heading("概况 Summary")
    story.append(_table([(para(label), para(value)) for label, value in cover.summary],
                        (160, full - 160)))
    story += heading("材料清单 Checklist")
    story.append(_table([(para(requirement), para(state), para(reason))
                         for requirement, state, reason in cover.checklist],
                        (210, 100, full - 310)))
    story += heading("目录 Contents")
    story.append(_table([(para(section.title), para(number, "number"))
                         for section, number in zip(sections, _page_numbers(
                             sections, first_page), strict=True)],
                        (full - 90, 90)))
    return story


def _cover_pdf(cover: DossierCover, sections: Sequence[DossierSection], font: str,
               draft: bool, first_page: int | None) -> tuple[bytes, int]:
    """The cover laid out by Platypus on A4: its PDF and its number of pages."""
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, title=f"{cover.title} {cover.case_number}",
                          leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                          bottomMargin=MARGIN, invariant=True)
    frame = Frame(MARGIN, MARGIN, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN, leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)

    def stamp(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        if draft:  # drawn when the page is complete: over the text, like on the photos
            _draw_stamp(canvas, A4[0], A4[1], font)

    doc.addPageTemplates([PageTemplate("cover", [frame], onPageEnd=stamp)])
    doc.build(_cover_story(cover, sections, font, draft, first_page))
    return buf.getvalue(), doc.page


def _cover(cover: DossierCover, sections: Sequence[DossierSection], font: str,
           draft: bool) -> bytes:
    # The table of contents needs the cover's length: lay the cover out once with
    # placeholder numbers to count its pages, then with the real ones.
    _, pages = _cover_pdf(cover, sections, font, draft, None)
    pdf, check = _cover_pdf(cover, sections, font, draft, pages + 1)
    if check != pages:  # cannot happen with same-shaped placeholders; never print wrong
        pdf, _ = _cover_pdf(cover, sections, font, draft, check + 1)
    return pdf
