"""The calibration page: a millimetre grid on the form's own paper, with marks whose places
are known, so the clerk can measure where a printer really puts things and type the offset.

It is printed through the form's printer profile (printer, paper, tray) but without its
offset, so the rule on the page is absolute: offset = where the mark should be − where it is.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.printing.fonts import register_cjk_font
from app.printing.paper import Paper

MARGIN_MM = 20  # the marks sit this far in from each edge; a dot-matrix printer reaches it
GRID_GREY = colors.Color(0.55, 0.55, 0.55)


def marks(paper: Paper) -> list[tuple[str, float, float]]:
    """(label, x mm, y mm from the top-left corner) of every mark: the four corners' and the
    centre's, so a skew or a stretch shows as well as a shift."""
    w, h, m = paper.width_mm, paper.height_mm, MARGIN_MM
    return [("A", m, m), ("B", w - m, m), ("C", m, h - m), ("D", w - m, h - m),
            ("E", round(w / 2), round(h / 2))]


def _grid(c: Canvas, paper: Paper, font: str) -> None:
    w, h = paper.width_mm, paper.height_mm
    for step, width, grey in ((1, 0.1, 0.8), (5, 0.25, 0.6), (10, 0.5, 0.35)):
        c.setStrokeColor(colors.Color(grey, grey, grey))
        c.setLineWidth(width)
        for x in range(0, int(w) + 1, step):
            c.line(x * mm, 0, x * mm, h * mm)
        for y in range(0, int(h) + 1, step):
            c.line(0, (h - y) * mm, w * mm, (h - y) * mm)
    # Every 10 mm labelled along the top and the left edge, as a ruler would be.
    c.setFillColor(colors.black)
    c.setFont(font, 6)
    for x in range(10, int(w), 10):
        c.drawCentredString(x * mm, (h - 4) * mm, str(x))
    for y in range(10, int(h), 10):
        c.drawString(1.5 * mm, (h - y) * mm - 2, str(y))


def _mark(c: Canvas, label: str, x_mm: float, y_mm: float, page: Paper, font: str) -> None:
    x, y = x_mm * mm, (page.height_mm - y_mm) * mm
    # The label goes inward, so the marks near the right edge keep theirs on the paper.
    text_x = x + 2 * mm if x_mm < page.width_mm * 0.75 else x - 30 * mm
    c.setStrokeColor(colors.black)
    c.setLineWidth(0.6)
    c.line(x - 6 * mm, y, x + 6 * mm, y)
    c.line(x, y - 6 * mm, x, y + 6 * mm)
    c.circle(x, y, 3 * mm)
    c.setFillColor(colors.white)
    c.rect(text_x - 0.5 * mm, y + 1.2 * mm, 28 * mm, 4.2 * mm, stroke=0, fill=1)
    c.setFillColor(colors.black)
    c.setFont(font, 8)
    c.drawString(text_x, y + 2 * mm, f"{label} ({x_mm:g}, {y_mm:g}) mm")


def render_calibration(paper: Paper, *, title: str, printer: str = "",
                       font_setting: str | None = None) -> bytes:
    """One page the size of `paper`: grid, marks and how to read them."""
    font = register_cjk_font(font_setting)
    w, h = paper.points
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(w, h), invariant=True, initialFontName=font)
    c.setTitle(f"校准页 Calibration {title}")
    c.setCreator("LoanDesk")
    _grid(c, paper, font)
    for label, x, y in marks(paper):
        _mark(c, label, x, y, paper, font)
    lines = [
        f"打印校准页　{title}　{paper.width_mm:g} × {paper.height_mm:g} mm"
        f"{'（连续纸）' if paper.continuous else ''}　{printer}　比例 100%，不加偏移",
        "用尺量出 A 标记中心到纸张左边缘的距离 X、到上边缘的距离 Y（毫米）：",
        f"偏移 X = {MARGIN_MM} − X，偏移 Y = {MARGIN_MM} − Y，填入打印设置。B、C、D、E 用于核对。",
        f"Calibration page, scale 100 %, no offset. Measure mark A from the paper's left and "
        f"top edges: offset X = {MARGIN_MM} − X, offset Y = {MARGIN_MM} − Y.",
    ]
    top = h - (MARGIN_MM + 9) * mm
    box_w = min(w - 2 * (MARGIN_MM + 8) * mm, 180 * mm)
    c.setFillColor(colors.white)
    c.rect((MARGIN_MM + 8) * mm, top - len(lines) * 4.2 * mm - 1.5 * mm, box_w,
           len(lines) * 4.2 * mm + 3 * mm, stroke=0, fill=1)
    c.setFillColor(colors.black)
    for i, line in enumerate(lines):
        size = 8.0
        while size > 5 and c.stringWidth(line, font, size) > box_w - 2 * mm:
            size -= 0.5
        c.setFont(font, size)
        c.drawString((MARGIN_MM + 9) * mm, top - i * 4.2 * mm - 1 * mm, line)
    c.showPage()
    c.save()
    return buffer.getvalue()
