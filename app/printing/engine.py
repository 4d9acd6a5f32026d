"""Render a form spec with a case's data into PDF bytes: one page (or more) per copy.

Each copy gets its own page template, so the header band, copy label, QR code, footer and
the draft/reprint marks are drawn by the page, and repeat on every page a long table
spills onto. The blocks in between are flowables (blocks.py).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from app.domain.qr import form_copy_text
from app.printing.blocks import Styles, build_block
from app.printing.fonts import register_cjk_font
from app.printing.forms import COPY_COLOURS, CopySpec, FormSpec
from app.printing.values import lookup, plain_text

# The draft mark in the form's own language: a Chinese form (title in Chinese) says 草稿.
DRAFT_MARKS = {"zh": "草稿", "en": "DRAFT"}


def draft_mark(spec: FormSpec) -> str:
    chinese = any("\u4e00" <= ch <= "\u9fff" for ch in spec.title)
    return DRAFT_MARKS["zh" if chinese else "en"]
REPRINT_MARK = "补打"
REPRINT_RED = colors.HexColor("#c62828")


@functools.lru_cache(maxsize=256)
def _qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """ReportLab's own encoder (no extra package); level M survives a creased, photographed
    sheet. The quiet zone is left to the caller's margins."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    count = code.getModuleCount()
    return tuple(tuple(bool(code.isDark(r, c)) for c in range(count)) for r in range(count))


def draw_qr(c: Canvas, payload: str, x: float, y: float, size: float) -> None:
    matrix = _qr_matrix(payload)
    cell = size / len(matrix)
    path = c.beginPath()
    for r, row in enumerate(matrix):
        col = 0
        while col < len(row):  # one rectangle per run of dark modules keeps the PDF small
            if row[col]:
                start = col
                while col < len(row) and row[col]:
                    col += 1
                path.rect(x + start * cell, y + size - (r + 1) * cell, (col - start) * cell, cell)
            else:
                col += 1
    c.setFillColor(colors.black)
    c.drawPath(path, stroke=0, fill=1)


def _fit_size(text: str, font: str, size: float, width: float) -> float:
    while size > 5 and float(stringWidth(text, font, size)) > width:
        size -= 0.5
    return size


class _Page:
    """Draws everything a page carries besides the blocks, for one copy of one form."""

    def __init__(self, spec: FormSpec, copy: CopySpec, ctx: Mapping[str, Any], font: str, *,
                 serial: str, printed_by: str, printed_at: datetime, draft: bool,
                 reprint: bool) -> None:
        self.spec, self.copy, self.ctx, self.font = spec, copy, ctx, font
        self.serial, self.printed_by, self.printed_at = serial, printed_by, printed_at
        self.draft, self.reprint = draft, reprint
        self.scale = 1.0 if spec.page_size[1] > 200 * mm else 0.8  # continuous paper is low
        self.page_no = 0

    @property
    def header_height(self) -> float:
        return float(29 * mm * self.scale)

    footer_height = 7 * mm

    @property
    def shown_serial(self) -> str:
        """A draft has no serial yet: it says so in the form's language, not "DRAFT"."""
        return draft_mark(self.spec) if self.draft else self.serial

    def on_page(self, c: Canvas, doc: BaseDocTemplate) -> None:
        self.page_no += 1
        c.saveState()
        self._header(c)
        self._footer(c)
        c.restoreState()

    def on_page_end(self, c: Canvas, doc: BaseDocTemplate) -> None:
        # Marks go on top of the content, translucent, so they cannot be cut off or covered.
        w, h = self.spec.page_size
        c.saveState()
        if self.draft:
            c.setFillColor(colors.Color(0.5, 0.5, 0.5, alpha=0.22))
            c.setFont(self.font, min(w, h) / 6)
            c.translate(w / 2, h / 2)
            c.rotate(30)
            c.drawCentredString(0, -min(w, h) / 20, draft_mark(self.spec))
        c.restoreState()

    def _header(self, c: Canvas) -> None:
        w, h = self.spec.page_size
        m, s, f = self.spec.margin, self.scale, self.font
        left, right, top = m, w - m, h - m
        band = 5.5 * mm * s
        # The colour band matches the carbonless sheet; white copies get an outline.
        fill = colors.HexColor(COPY_COLOURS.get(self.copy.colour, self.copy.colour))
        luminance = 0.299 * fill.red + 0.587 * fill.green + 0.114 * fill.blue
        c.setFillColor(fill)
        c.setStrokeColor(colors.HexColor("#888888"))
        c.rect(left, top - band, right - left, band, stroke=1 if luminance > 0.9 else 0, fill=1)
        c.setFillColor(colors.black if luminance > 0.6 else colors.white)
        c.setFont(f, 9 * s)
        c.drawString(left + 2 * mm, top - band + 1.7 * mm * s, self.copy.label)
        c.drawRightString(right - 2 * mm, top - band + 1.7 * mm * s, f"NO. {self.shown_serial}")

        qr = 19 * mm * s
        below = top - band - 1.5 * mm
        if self.spec.qr:
            case_no = plain_text(lookup(self.ctx, "case.number"))
            payload = form_copy_text(case_no, self.spec.id, self.serial, self.copy.id)
            draw_qr(c, payload, right - qr, below - qr, qr)
        title_right = right - (qr + 3 * mm if self.spec.qr else 0)
        mid = (left + title_right) / 2

        c.setFillColor(colors.black)
        if self.spec.letterhead:
            dealer = plain_text(lookup(self.ctx, "dealership.name"))
            c.setFont(f, _fit_size(dealer, f, 10 * s, title_right - left))
            c.drawCentredString(mid, below - 4 * mm * s, dealer)
        size = _fit_size(self.spec.title, f, 17 * s, title_right - left)
        text = c.beginText(0, 0)
        # CJK fonts have no bold face; fill+stroke thickens the title like a bold would.
        text.setTextRenderMode(2)
        c.setLineWidth(0.45 * s)
        text.setFont(f, size)
        width = stringWidth(self.spec.title, f, size)
        text.setTextOrigin(mid - width / 2, below - 11 * mm * s)
        text.textOut(self.spec.title)
        text.setTextRenderMode(0)  # the mode outlives the text object in the PDF state
        c.drawText(text)
        c.setFont(f, 7 * s)
        c.setFillColor(colors.HexColor("#555555"))
        c.drawCentredString(mid, below - 14.5 * mm * s, self.spec.title_en)

        c.setFillColor(colors.black)
        c.setFont(f, 8 * s)
        case_no = plain_text(lookup(self.ctx, "case.number"))
        consultant = plain_text(lookup(self.ctx, "case.consultant.name"))
        info = f"案件编号：{case_no}"
        if consultant:
            info += f"　　销售顾问：{consultant}"
        if self.spec.letterhead:
            c.drawString(left, below - qr + 0.5 * mm, info)
        if self.reprint:
            # Left of the title row: the dealership's name above may run the full width.
            self._reprint_stamp(c, left, below - 7.5 * mm * s)

    def _reprint_stamp(self, c: Canvas, x: float, y_top: float) -> None:
        size = 11 * self.scale
        label = f"{REPRINT_MARK} REPRINT"
        width = stringWidth(label, self.font, size) + 4 * mm
        c.saveState()
        c.setStrokeColor(REPRINT_RED)
        c.setFillColor(REPRINT_RED)
        c.setLineWidth(1.2)
        c.roundRect(x, y_top - size - 1 * mm, width, size + 2 * mm, 2)
        c.setFont(self.font, size)
        c.drawCentredString(x + width / 2, y_top - size + 0.2 * mm, label)
        c.restoreState()

    def _footer(self, c: Canvas) -> None:
        w, _ = self.spec.page_size
        m = self.spec.margin
        y = m + 1 * mm
        c.setStrokeColor(colors.HexColor("#888888"))
        c.setLineWidth(0.5)
        c.line(m, y + 4 * mm, w - m, y + 4 * mm)
        c.setFillColor(colors.HexColor("#333333"))
        mark = ""
        if self.reprint:
            mark += f"【{REPRINT_MARK}】"
        if self.draft:
            mark += "【草稿，不作正式单据】"
        # The form's title, never its internal id: the paper is read in Chinese.
        left = f"{self.spec.title}　流水号：{self.shown_serial}　{mark}"
        if not self.spec.letterhead:  # the case line is not in the header: match it here
            case_no = plain_text(lookup(self.ctx, "case.number"))
            left = f"{self.spec.title}　案件：{case_no}　流水号：{self.shown_serial}　{mark}"
        right = (f"{self.copy.label}　打印：{self.printed_by}　"
                 f"{self.printed_at:%Y-%m-%d %H:%M}　第{self.page_no}页")
        half = (w - 2 * m) / 2 - 2 * mm
        c.setFont(self.font, _fit_size(left, self.font, 7, half))
        c.drawString(m, y, left)
        c.setFont(self.font, _fit_size(right, self.font, 7, half))
        c.drawRightString(w - m, y, right)


def _copy_story(spec: FormSpec, ctx: Mapping[str, Any], st: Styles, width: float,
                height: float) -> list[Flowable]:
    story: list[Flowable] = []
    for block in spec.blocks:
        flowables = build_block(block, ctx, st, width)
        # A block that fits a page is kept whole (moved to the next page if need be); one
        # taller than a page (20 accessories on continuous paper) starts here and splits,
        # or KeepTogether would leave a near-empty page before it.
        if block.type in {"table", "row"}:
            tall = sum(f.wrap(width, height)[1] for f in flowables) > height
            story += flowables if tall else [KeepTogether(flowables)]
        else:
            story.append(KeepTogether(flowables))
    return story


def render_form(spec: FormSpec, context: Mapping[str, Any], *, serial: str, printed_by: str,
                printed_at: datetime, copy_id: str | None = None, draft: bool = False,
                reprint: bool = False, font_setting: str | None = None) -> bytes:
    """The PDF of the form: every copy (or only copy_id), each starting on a new page."""
    copies = [spec.copy(copy_id)] if copy_id is not None else list(spec.copies)
    font = register_cjk_font(font_setting)
    w, h = spec.page_size
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=spec.page_size, leftMargin=spec.margin, rightMargin=spec.margin,
        topMargin=spec.margin, bottomMargin=spec.margin, title=spec.title,
        author=printed_by, subject=f"{plain_text(lookup(context, 'case.number'))} {serial}",
        creator="LoanDesk", invariant=True,
        # ReportLab starts every page in Helvetica; that font would be listed unembedded.
        initialFontName=font, initialFontSize=spec.font_size,
    )
    st = Styles(font, spec.font_size)
    story: list[Flowable] = []
    templates = []
    for i, copy in enumerate(copies):
        page = _Page(spec, copy, context, font, serial=serial, printed_by=printed_by,
                     printed_at=printed_at, draft=draft, reprint=reprint)
        frame_h = h - 2 * spec.margin - page.header_height - page.footer_height
        frame = Frame(spec.margin, spec.margin + page.footer_height, w - 2 * spec.margin,
                      frame_h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                      id=f"body-{copy.id}")
        templates.append(PageTemplate(id=copy.id, frames=[frame], onPage=page.on_page,
                                      onPageEnd=page.on_page_end, pagesize=spec.page_size))
        if i:
            story += [NextPageTemplate(copy.id), PageBreak()]
        story += _copy_story(spec, context, st, frame._width, frame._height)
    doc.addPageTemplates(templates)
    doc.build(story)
    return buffer.getvalue()
