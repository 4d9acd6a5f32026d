"""The credit dossier: one PDF of a case's documents, in order, for the lender.

A cover (summary, checklist, table of contents) drawn with ReportLab, then every page.
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
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.documents.imaging import PDFIUM_LOCK
from app.documents.pdf_safety import strip_page
from app.printing.fonts import register_cjk_font

DRAFT_MARK = "草稿 DRAFT"
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
    # The table of contents needs the cover's length: lay the cover out once with
    # placeholder numbers to count its pages (numbers never change the line breaks).
    cover_pages = _Cover(cover, sections, font, draft, first_page=None).page_count
    total = cover_pages + content_pages
    cover_pdf = _Cover(cover, sections, font, draft, first_page=cover_pages + 1).pdf()

    writer = PdfWriter()
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    for page in PdfReader(io.BytesIO(cover_pdf)).pages:
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
    page = writer.add_blank_page(width, height)
    draw = f"q {width:.4f} 0 0 {height:.4f} 0 0 cm /Im0 Do Q".encode()
    content = StreamObject.initialize_from_dictionary({"__streamdata__": draw})
    xobjects = DictionaryObject(
        {NameObject("/Im0"): writer._add_object(StreamObject.initialize_from_dictionary(image))}
    )
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    page[NameObject("/Contents")] = writer._add_object(content)
    return page


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
    """草稿 DRAFT big across the middle (red, see-through, readable over anything) and
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
    canvas.drawCentredString(width / 2, height - 1.6 * size, f"{DRAFT_MARK} · 未定稿 not final")
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


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy line breaking that works for Chinese (no spaces) and for long Latin runs."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0.0
        for char in paragraph:
            advance = stringWidth(char, font, size)
            if line and used + advance > width:
                cut = line.rfind(" ")
                if cut > len(line) // 2:  # break Latin text at a space when one is near
                    lines.append(line[:cut])
                    line = line[cut + 1:]
                else:
                    lines.append(line)
                    line = ""
                used = stringWidth(line, font, size)
            line += char
            used += advance
        lines.append(line)
    return lines


class _Cover:
    """Lays out the cover on A4, starting new pages as needed; counts them.

    With `first_page` None it only counts (nothing drawn, nothing saved): the table of
    contents cannot be numbered before the cover's own length is known.
    """

    SIZE = 10.0
    LEADING = 14.0

    def __init__(
        self,
        cover: DossierCover,
        sections: Sequence[DossierSection],
        font: str,
        draft: bool,
        first_page: int | None,
    ) -> None:
        self.buf = io.BytesIO()
        self.canvas = Canvas(self.buf, pagesize=A4, invariant=True)
        self.canvas.setTitle(f"{cover.title} {cover.case_number}")
        self.font, self.draft = font, draft
        self.width, self.height = A4
        self.page_count = 1
        self.y = self.height - MARGIN
        self.counting = first_page is None
        self._draw(cover, sections, first_page)
        if not self.counting:
            self._finish_page()
            self.canvas.save()

    def pdf(self) -> bytes:
        return self.buf.getvalue()

    def _finish_page(self) -> None:
        if self.counting:
            return
        if self.draft:
            _draw_stamp(self.canvas, self.width, self.height, self.font)
        self.canvas.showPage()

    def _need(self, height: float) -> None:
        if self.y - height < MARGIN:
            self._finish_page()
            self.page_count += 1
            self.y = self.height - MARGIN

    def _row(self, cells: Sequence[tuple[str, float, float]], size: float = SIZE) -> None:
        """One table row: cells are (text, x offset, width); wrapped, top-aligned."""
        wrapped = [(_wrap(text, self.font, size, w), x) for text, x, w in cells]
        leading = size * 1.4
        self._need(max(len(lines) for lines, _ in wrapped) * leading)
        if not self.counting:
            self.canvas.setFont(self.font, size)
            for lines, x in wrapped:
                for i, line in enumerate(lines):
                    self.canvas.drawString(MARGIN + x, self.y - size - i * leading, line)
        self.y -= max(len(lines) for lines, _ in wrapped) * leading + 2

    def _heading(self, text: str) -> None:
        self._need(3 * self.LEADING + 12)  # keep a heading with its first row
        self.y -= 10
        self._row([(text, 0, self.width - 2 * MARGIN)], size=13)
        if not self.counting:
            self.canvas.setLineWidth(0.5)
            self.canvas.line(MARGIN, self.y, self.width - MARGIN, self.y)
        self.y -= 4

    def _draw(
        self, cover: DossierCover, sections: Sequence[DossierSection], first_page: int | None
    ) -> None:
        full = self.width - 2 * MARGIN
        self._row([(cover.title, 0, full)], size=20)
        self._row([(f"案件编号 Case {cover.case_number}", 0, full)], size=12)
        generated = cover.generated_at.strftime("%Y-%m-%d %H:%M")
        self._row([(f"生成 Generated {generated} · {cover.generated_by}", 0, full)])
        if self.draft:
            self.canvas.setFillColorRGB(0.8, 0.1, 0.1)
            self._row([(f"{DRAFT_MARK} — 未定稿，不得提交 not final, do not submit", 0, full)],
                      size=12)
            self.canvas.setFillColorRGB(0, 0, 0)

        self._heading("概况 Summary")
        for label, value in cover.summary:
            self._row([(label, 0, 150), (value, 160, full - 160)])

        self._heading("材料清单 Checklist")
        for requirement, state, reason in cover.checklist:
            self._row([(requirement, 0, 200), (state, 210, 90), (reason, 310, full - 310)])

        self._heading("目录 Contents")
        page = first_page
        for section in sections:
            if not section.pages:
                number = "—"
            elif page is None:
                number = "000"  # placeholder in the counting pass: same width class
            else:
                number = f"{page}–{page + len(section.pages) - 1}" if len(
                    section.pages
                ) > 1 else str(page)
            if page is not None:
                page += len(section.pages)
            self._row([(section.title, 0, full - 90), (number, full - 80, 80)])
