"""套打: the values alone, at the places a pre-printed sheet leaves for them.

A lender's or a printer's pre-printed stationery already carries the titles, rules and boxes;
the form file's `[overlay]` table says where each value goes, in millimetres from the paper's
top-left corner (x to the left end of the text, y down to its baseline), so the clerk can
measure a position on the real sheet with a ruler and write it down:

    [overlay]
    copies = "once"       # a carbonless set: one pass marks every ply ("each": a page a copy)
    fields = [ { path = "release.number", x_mm = 32, y_mm = 21 }, ... ]
    [[overlay.tables]]     # a list, one line per item, row_mm apart
    rows = "accessories"
    x_mm = 12
    y_mm = 70
    row_mm = 6
    max_rows = 5
    columns = [ { path = "name", x_mm = 0 }, { path = "quantity", x_mm = 120 } ]

Every path must be one the form prints in its normal layout: a position for a value the form
does not know is a typo found when the forms load, not a blank on a customer's paper.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm

from app.printing.values import as_bool, format_value, lookup

if TYPE_CHECKING:  # forms.py reads the overlay table with the types below
    from reportlab.pdfgen.canvas import Canvas

    from app.printing.forms import FormSpec

# ReportLab's drawing (canvas, metrics, the CJK font) is imported by the functions that
# draw: reading the form files (forms.py reads the overlay tables below) needs none of it.

# What the header and footer print besides the blocks (engine._Page): positions may use them.
HEADER_PATHS = frozenset({"case.number", "case.consultant.name", "dealership.name"})
OVERLAY_FORMATS = frozenset({"text", "money", "percent", "date", "bool", "choice"})
TICK = "√"  # in every CJK font; a bool prints it when true, nothing otherwise
MIN_SIZE = 5.0  # points: a value shrinks to its width no smaller than this


@dataclass(frozen=True)
class OverlayField:
    path: str
    x_mm: float
    y_mm: float
    format: str = "text"
    size: float = 0  # points; 0 = the form's body size
    width_mm: float = 0  # 0 = as long as it is; else shrunk to fit
    choices: tuple[tuple[str, str], ...] = ()
    suffix: str = ""


@dataclass(frozen=True)
class OverlayTable:
    rows: str
    x_mm: float
    y_mm: float
    row_mm: float
    max_rows: int
    columns: tuple[OverlayField, ...]  # x_mm relative to the table's x; path per row; "#"


@dataclass(frozen=True)
class Overlay:
    fields: tuple[OverlayField, ...]
    tables: tuple[OverlayTable, ...] = ()
    once: bool = True  # one page for all copies (carbonless), else one page per copy

    def paths(self) -> Iterator[tuple[str, str]]:
        """(where in the file, context path) of every value placed."""
        for i, f in enumerate(self.fields):
            yield f"overlay.fields[{i}].path", f.path
        for i, t in enumerate(self.tables):
            yield f"overlay.tables[{i}].rows", t.rows


def _fits(text: str, font: str, size: float, width: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while width and size > MIN_SIZE and float(stringWidth(text, font, size)) > width:
        size -= 0.5
    return size


def _draw(c: Canvas, field: OverlayField, value: Any, font: str, body: float,
          x: float, y: float, page_h: float) -> None:
    if field.format == "bool":
        text = TICK if as_bool(value) else ""
    else:
        text = format_value(value, field.format, field.choices, field.suffix)
    if not text:
        return
    size = _fits(text, font, field.size or body, field.width_mm * mm)
    c.setFont(font, size)
    c.drawString(x * mm, page_h - y * mm, text)


def render_overlay(overlay: Overlay, context: Mapping[str, Any], *,
                   page_size: tuple[float, float], font: str, font_size: float,
                   pages: int, title: str, author: str, draft_mark: str = "") -> bytes:
    """A PDF of `pages` identical pages with only the values: no rule, title or box
    (and `draft_mark` across the page: a draft on real stationery must not pass for one)."""
    from reportlab.lib.colors import Color
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=page_size, invariant=True, initialFontName=font,
               initialFontSize=font_size)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator("LoanDesk")
    page_h = page_size[1]

    def draw(f: OverlayField, v: Any, x: float, y: float) -> None:
        _draw(c, f, v, font, font_size, x, y, page_h)

    for _ in range(max(pages, 1)):
        for field in overlay.fields:
            draw(field, lookup(context, field.path), field.x_mm, field.y_mm)
        for table in overlay.tables:
            items = lookup(context, table.rows)
            rows = list(items) if isinstance(items, list) else []
            for n, row in enumerate(rows[:table.max_rows]):
                y = table.y_mm + n * table.row_mm
                for col in table.columns:
                    value = n + 1 if col.path == "#" else (
                        lookup(row, col.path) if isinstance(row, Mapping) else None)
                    draw(col, value, table.x_mm + col.x_mm, y)
        if draft_mark:
            w = page_size[0]
            c.saveState()
            c.setFillColor(Color(0.5, 0.5, 0.5, alpha=0.35))
            c.setFont(font, min(w, page_h) / 8)
            c.translate(w / 2, page_h / 2)
            c.rotate(30)
            c.drawCentredString(0, 0, draft_mark)
            c.restoreState()
        c.showPage()
    c.save()
    return buffer.getvalue()


def render_form_overlay(spec: FormSpec, context: Mapping[str, Any], *, printed_by: str,
                        copy_id: str | None = None, font_setting: str | None = None,
                        draft: bool = False) -> bytes:
    """The form's 套打 page(s): one for a carbonless set, else one per copy (or copy_id)."""
    from app.printing.engine import draft_mark  # the engine's own words for a draft
    from app.printing.fonts import register_cjk_font

    if spec.overlay is None:
        raise ValueError(f"form {spec.id} declares no overlay positions")
    if copy_id is not None:
        spec.copy(copy_id)  # an unknown copy is refused as the full form refuses it
    pages = 1 if spec.overlay.once or copy_id is not None else len(spec.copies)
    return render_overlay(spec.overlay, context, page_size=spec.page_size,
                          font=register_cjk_font(font_setting), font_size=spec.font_size,
                          pages=pages, title=f"{spec.title}（套打）", author=printed_by,
                          draft_mark=draft_mark(spec) if draft else "")
