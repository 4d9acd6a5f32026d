"""The cover sheet that goes in front of a document's pages in the scanner's feeder.

One A4 page: a big QR code (the inbox reads it even off a skewed, low-resolution scan),
and the same facts in large type for the person at the scanner: case, customer (ID number
masked, as every list shows it), which document, whose, and "scan this page first".
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.printing.engine import draw_qr
from app.printing.fonts import register_cjk_font

QR_SIZE = 80 * mm


@dataclass(frozen=True)
class CoverFacts:
    payload: str
    case_number: str
    customer: str  # name and masked ID number
    kind_zh: str
    kind_en: str
    party_zh: str
    party_en: str
    dealership: str
    printed_by: str
    printed_at: datetime


def _fit(c: Canvas, text: str, font: str, size: float, width: float) -> float:
    while size > 8 and c.stringWidth(text, font, size) > width:
        size -= 1
    return size


def render_cover(facts: CoverFacts, *, font_setting: str | None = None) -> bytes:
    font = register_cjk_font(font_setting)
    buffer = io.BytesIO()
    w, h = A4
    c = Canvas(buffer, pagesize=A4, invariant=True, initialFontName=font)
    c.setTitle(f"{facts.case_number} {facts.kind_en} cover sheet")
    c.setCreator("LoanDesk")
    margin = 18 * mm
    width = w - 2 * margin
    c.setFillColor(colors.black)
    c.setFont(font, 12)
    c.drawCentredString(w / 2, h - margin, facts.dealership)
    c.setFont(font, 26)
    c.drawCentredString(w / 2, h - margin - 14 * mm, "扫描封面页 · SCAN COVER SHEET")
    c.setFont(font, 13)
    c.drawCentredString(w / 2, h - margin - 23 * mm,
                        "请将本页放在资料第一页之前扫描 · Scan this page first, then the pages")
    draw_qr(c, facts.payload, (w - QR_SIZE) / 2, h - margin - 32 * mm - QR_SIZE, QR_SIZE)
    y = h - margin - 44 * mm - QR_SIZE
    lines = [
        (facts.case_number, 30),
        (facts.customer, 20),
        (facts.kind_zh + (f" · {facts.party_zh}" if facts.party_zh else ""), 30),
        (facts.kind_en + (f" · {facts.party_en}" if facts.party_en else ""), 18),
    ]
    for text, size in lines:
        fitted = _fit(c, text, font, size, width)
        c.setFont(font, fitted)
        c.drawCentredString(w / 2, y, text)
        y -= fitted * 1.2 + 6 * mm
    c.setFont(font, 8)
    c.setFillColor(colors.HexColor("#555555"))
    c.drawCentredString(w / 2, margin, f"本页不存档 · This page is not filed · {facts.payload} · "
                        f"{facts.printed_by} {facts.printed_at:%Y-%m-%d %H:%M}")
    c.showPage()
    c.save()
    return buffer.getvalue()
