"""The block types of a form turned into ReportLab flowables.

Every text goes through `para()`, which escapes it: a customer called `<b>&"` must print
literally, and Paragraph would otherwise read it as markup. Long values wrap (CJK wrapping
breaks anywhere) and shrink towards a minimum size, so nothing runs out of its box.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from app.printing.forms import Block, ColumnSpec, FieldSpec
from app.printing.values import (
    BLANK_DATE,
    as_bool,
    capital_text,
    date_text,
    format_value,
    is_blank,
    lookup,
    money,
    money_digits,
    percent_text,
    plain_text,
)

GRID = colors.HexColor("#555555")
LABEL_BG = colors.HexColor("#f0f0f0")
EMPHASIS_BG = colors.HexColor("#fff4cc")
MIN_SIZE = 6.0
_EM_SPACE = "\u00a0" * 4  # non-breaking spaces survive Paragraph; four are about 1 em
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


@dataclass(frozen=True)
class Styles:
    font: str
    size: float

    def style(self, size: float | None = None, align: str = "left",
              color: colors.Color = colors.black) -> ParagraphStyle:
        s = size or self.size
        return ParagraphStyle("p", fontName=self.font, fontSize=s, leading=s * 1.25,
                              alignment=_ALIGN[align], wordWrap="CJK", textColor=color)


def para(text: str, style: ParagraphStyle) -> Paragraph:
    # Newlines are the only markup a form author or a value may use. Paragraph collapses
    # whitespace, ideographic spaces included; blanks for the hand (年　月　日) need them kept.
    return Paragraph(escape(text).replace("\n", "<br/>").replace("　", _EM_SPACE), style)


class OneLine(Flowable):  # type: ignore[misc]
    """Text known to fit one line: drawn directly, a tenth of a Paragraph's cost to lay out."""

    def __init__(self, text: str, font: str, size: float, align: str) -> None:
        super().__init__()
        self.text, self.font, self.size, self.align = text, font, size, align

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.size * 1.25

    def draw(self) -> None:
        c = self.canv
        c.setFont(self.font, self.size)
        y = self.size * 0.25  # the baseline, as a Paragraph with leading 1.25 × size puts it
        if self.align == "right":
            c.drawRightString(self.avail, y, self.text)
        elif self.align == "center":
            c.drawCentredString(self.avail / 2, y, self.text)
        else:
            c.drawString(0, y, self.text)


def fitted(text: str, width: float, st: Styles, size: float | None = None,
           max_lines: int = 2, align: str = "left") -> Flowable:
    """The text at the largest size (down to MIN_SIZE) at which it fits max_lines lines."""
    s = size or st.size
    usable = max(width, 10.0)
    if "\n" not in text and stringWidth(text, st.font, s) <= usable:
        return OneLine(text, st.font, s, align)
    while s > MIN_SIZE and max(
        math.ceil(stringWidth(line, st.font, s) / usable) for line in text.split("\n") or [""]
    ) * len(text.split("\n")) > max_lines:
        s -= 0.5
    return para(text, st.style(s, align))


class Boxes(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """Check boxes with labels on one line: ☑ 是 ☐ 否, drawn, since not every CJK font has ☑."""

    def __init__(self, options: Sequence[tuple[str, bool]], font: str, size: float) -> None:
        super().__init__()
        self.options, self.font, self.size = list(options), font, size

    def _width(self, label: str, size: float) -> float:
        return size * 2.3 + float(stringWidth(label, self.font, size))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.size * 1.35

    def draw(self) -> None:
        c, size = self.canv, self.size
        # Shrink the labels when the boxes would not fit the cell.
        while size > MIN_SIZE and sum(self._width(t, size) for t, _ in self.options) > self.avail:
            size -= 0.5
        x, box = 0.0, size * 0.85
        for label, checked in self.options:
            c.setLineWidth(0.6)
            c.rect(x, size * 0.1, box, box)
            if checked:
                c.setLineWidth(1.1)
                p = c.beginPath()
                p.moveTo(x + box * 0.18, size * 0.1 + box * 0.5)
                p.lineTo(x + box * 0.42, size * 0.1 + box * 0.2)
                p.lineTo(x + box * 0.85, size * 0.1 + box * 0.85)
                c.drawPath(p, stroke=1, fill=0)
            c.setFont(self.font, size)
            c.drawString(x + box + size * 0.3, size * 0.2, label)
            x += self._width(label, size)


class _Row(Table):  # type: ignore[misc]
    """Blocks side by side; when they cannot fit on the page, they stack instead."""

    def __init__(self, stacked: list[Flowable], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stacked = stacked

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        # The frame adds the first piece as it is, so that piece must fit the space left.
        first, rest = self.stacked[0], self.stacked[1:]
        if first.wrap(avail_width, avail_height)[1] <= avail_height:
            return self.stacked
        pieces: list[Flowable] = first.split(avail_width, avail_height)
        return [*pieces, *rest] if pieces else []


class PhotoBox(Flowable):  # type: ignore[misc]
    """A dashed frame where the delivery photo is pasted."""

    def __init__(self, label: str, note: str, height: float, font: str, size: float) -> None:
        super().__init__()
        self.label, self.note, self.height, self.font, self.size = label, note, height, font, size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setDash(3, 2)
        c.setLineWidth(0.7)
        c.rect(0, 0, self.width, self.height)
        c.setDash()
        c.setFillColor(colors.HexColor("#777777"))
        c.setFont(self.font, self.size + 1)
        c.drawCentredString(self.width / 2, self.height / 2 + 2, self.label)
        if self.note:
            c.setFont(self.font, self.size - 1)
            c.drawCentredString(self.width / 2, self.height / 2 - self.size - 2, self.note)


def _title(block: Block, st: Styles) -> list[Flowable]:
    if not block.title:
        return []
    style = st.style(st.size + 1)
    style.spaceBefore, style.spaceAfter = 3, 2
    return [para("■ " + block.title, style)]


def _grid_style(st: Styles, extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    return TableStyle([
        # Even an empty string cell sets its font: never let it fall back to Helvetica,
        # which would be the one font in the PDF that is not embedded.
        ("FONT", (0, 0), (-1, -1), st.font, st.size),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        # Room for a pen when a box is blank, less on the low continuous paper.
        ("TOPPADDING", (0, 0), (-1, -1), st.size * 0.35),
        ("BOTTOMPADDING", (0, 0), (-1, -1), st.size * 0.35),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *extra,
    ])


def _value_cell(f: FieldSpec, ctx: Mapping[str, Any], width: float, st: Styles) -> Flowable:
    value = lookup(ctx, f.path) if f.path else None
    size = st.size + 3 if f.emphasis else st.size
    if f.format == "bool":
        b = as_bool(value)
        return Boxes([("是", b is True), ("否", b is False)], st.font, size)
    text = format_value(value, f.format, f.choices, f.suffix)
    if not text:
        # Blank boxes keep the shape the hand expects: a date line, a 大写 line.
        text = {"date": BLANK_DATE, "money": "¥\n大写："}.get(f.format, "")
    return fitted(text, width - 6, st, size)


def shown(f: FieldSpec, ctx: Mapping[str, Any]) -> bool:
    """Whether a field prints: its `when` value (if any) is true and its `unless` value (if
    any) is not."""
    if f.when and as_bool(lookup(ctx, f.when)) is not True:
        return False
    return not (f.unless and as_bool(lookup(ctx, f.unless)) is True)


def fields_block(block: Block, ctx: Mapping[str, Any], st: Styles, width: float) -> list[Flowable]:
    cols = max(block.columns, 1)
    fields = [f for f in block.fields if shown(f, ctx)]
    if not fields:
        return _title(block, st)
    label_w = min(max(stringWidth(f.label, st.font, st.size) for f in fields) + 8,
                  width / cols * 0.45)
    value_w = width / cols - label_w
    rows: list[list[Any]] = []
    spans: list[tuple[Any, ...]] = []
    row: list[Any] = []
    for f in fields:
        span = min(f.span, cols)
        if len(row) // 2 + span > cols:
            rows.append(row + [""] * (2 * cols - len(row)))
            row = []
        r, c = len(rows), len(row)
        cell_w = value_w * span + label_w * (span - 1)
        row += [fitted(f.label, label_w - 6, st), _value_cell(f, ctx, cell_w, st)]
        # Per label cell, not per column: a spanning value would be painted over otherwise.
        spans.append(("BACKGROUND", (c, r), (c, r), LABEL_BG))
        row += [""] * (2 * (span - 1))
        if span > 1:
            spans.append(("SPAN", (c + 1, r), (c + 2 * span - 1, r)))
        if f.emphasis:
            spans.append(("BACKGROUND", (c + 1, r), (c + 2 * span - 1, r), EMPHASIS_BG))
    if row:
        rows.append(row + [""] * (2 * cols - len(row)))
    table = Table(rows, colWidths=[label_w, value_w] * cols,
                  style=_grid_style(st, spans))
    return [*_title(block, st), table]


def _cell(col: ColumnSpec, value: Any, st: Styles, width: float) -> Flowable | str:
    if col.format == "bool":
        b = as_bool(value)
        return Boxes([("", b is True)], st.font, st.size) if b is not None else ""
    if col.format == "money":
        amount = money(value)
        text = money_digits(amount) if amount is not None else plain_text(value)
    elif col.format == "percent":
        text = percent_text(value)
    elif col.format == "date":
        text = date_text(value)
    else:
        text = plain_text(value)
    return fitted(text, width - 6, st, align=col.align, max_lines=3) if text else ""


def table_block(block: Block, ctx: Mapping[str, Any], st: Styles, width: float) -> list[Flowable]:
    weights = [c.width for c in block.table_columns]
    widths = [width * w / sum(weights) for w in weights]
    header = [fitted(c.label, w - 6, st, align="center") for c, w in zip(block.table_columns,
                                                                        widths, strict=True)]
    data = lookup(ctx, block.rows)
    items = [r for r in data if isinstance(r, Mapping)] if isinstance(data, list) else []
    rows: list[list[Any]] = [header]
    for n, item in enumerate(items, 1):
        rows.append([_cell(c, n if c.path == "#" else lookup(item, c.path), st, w)
                     for c, w in zip(block.table_columns, widths, strict=True)])
    for n in range(len(items) + 1, block.min_rows + 1):
        rows.append([str(n) if c.path == "#" else "" for c in block.table_columns])
    extra: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_BG),
        *[("ALIGN", (i, 1), (i, -1), c.align.upper()) for i, c in enumerate(block.table_columns)],
    ]
    if block.total_label:
        rows += _total_rows(block, ctx, items, st, extra, len(rows))
    table = Table(rows, colWidths=widths, repeatRows=1, style=_grid_style(st, extra))
    return [*_title(block, st), table]


def _total_rows(block: Block, ctx: Mapping[str, Any], items: Sequence[Mapping[str, Any]],
                st: Styles, extra: list[tuple[Any, ...]], start: int) -> list[list[Any]]:
    paths = [c.path for c in block.table_columns]
    col = paths.index(block.total_column)
    total: Decimal | None
    if block.total_path:
        total = money(lookup(ctx, block.total_path))
    else:
        amounts = [money(lookup(i, block.total_column)) for i in items]
        total = sum((a for a in amounts if a is not None), Decimal(0)) if items else None
    n = len(paths)
    first = [""] * n
    first[0] = para(block.total_label, st.style(align="right"))
    first[col] = para(money_digits(total) if total is not None else "", st.style(align="right"))
    words = capital_text(total) if total is not None else ""
    second = [para(f"大写：{words}", st.style())] + [""] * (n - 1)
    if col > 0:
        extra.append(("SPAN", (0, start), (col - 1, start)))
    if col < n - 1:
        extra.append(("SPAN", (col + 1, start), (n - 1, start)))
    extra += [("SPAN", (0, start + 1), (n - 1, start + 1)),
              ("BACKGROUND", (0, start), (-1, start + 1), LABEL_BG)]
    return [first, second]


def checklist_block(block: Block, ctx: Mapping[str, Any], st: Styles,
                    width: float) -> list[Flowable]:
    cols = max(block.columns, 1)
    cells: list[Flowable | list[Flowable]] = []
    for item in block.items:
        value = lookup(ctx, item.path) if item.path else None
        b = as_bool(value)
        label = item.label
        if b is None and not is_blank(value):  # a reading such as fuel 3/4: print it
            reading = format_value(value, item.format, item.choices, item.suffix)
            label, b = f"{label}：{reading}", True
        boxes = Boxes([(label, b is True)], st.font, st.size)
        note = lookup(ctx, item.note) if item.note and b is not True else None
        if is_blank(note):
            cells.append(boxes)
        else:  # not done, but let through (a manager's override): the box stays empty
            cells.append([boxes, para(format_value(note, "text"), st.style(st.size - 1))])
    rows = [cells[i:i + cols] for i in range(0, len(cells), cols)]
    rows[-1] += [""] * (cols - len(rows[-1]))
    table = Table(rows, colWidths=[width / cols] * cols, style=_grid_style(
        st, [("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb"))]))
    return [*_title(block, st), table]


_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.]+)(?:\|([a-z]+))?\}")


def text_block(block: Block, ctx: Mapping[str, Any], st: Styles, width: float) -> list[Flowable]:
    style = st.style(block.size or None, block.align)
    style.leading = style.fontSize * block.leading
    style.spaceBefore = 3
    parts: list[str] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(block.text):
        parts.append(escape(block.text[pos:m.start()]))
        value = format_value(lookup(ctx, m.group(1)), m.group(2) or "text")
        # Filled-in values are underlined like handwriting on a printed blank.
        parts.append(f"<u>&nbsp;{escape(value)}&nbsp;</u>" if value else "＿＿＿＿＿＿")
        pos = m.end()
    parts.append(escape(block.text[pos:]))
    markup = "".join(parts).strip().replace("\n", "<br/>").replace("　", _EM_SPACE)
    return [*_title(block, st), Paragraph(markup, style), Spacer(1, 2)]


def signatures_block(block: Block, ctx: Mapping[str, Any], st: Styles,
                     width: float) -> list[Flowable]:
    n = len(block.parties)
    gap = 6 * mm
    col_w = (width - gap * (n - 1)) / n
    top: list[Any] = []
    line: list[Any] = []
    dates: list[Any] = []
    small = st.style(st.size - 1, color=colors.HexColor("#444444"))
    for i, p in enumerate(block.parties):
        name = plain_text(lookup(ctx, p.path)) if p.path else ""
        # "乙方（盖章）" already says what to do; a bare role signs.
        label = p.label + ("：" if p.label.endswith("）") else "（签字）：")
        if i:
            top.append("")
            line.append("")
            dates.append("")
        top.append([fitted(label, col_w - 4, st, max_lines=1)]
                   + ([fitted(name, col_w - 4, st, st.size - 1, max_lines=2)] if name else []))
        line.append("")
        dates.append(para("日期：" + BLANK_DATE, small))
    widths: list[float] = []
    for i in range(n):
        widths += ([gap] if i else []) + [col_w]
    extra = [("LINEBELOW", (2 * i, 1), (2 * i, 1), 0.7, colors.black) for i in range(n)]
    table = Table([top, line, dates], colWidths=widths, rowHeights=[None, st.size * 2.4, None],
                  style=TableStyle([("FONT", (0, 0), (-1, -1), st.font, st.size),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 1),
                                    ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), *extra]))
    return [*_title(block, st), Spacer(1, 3), table]


def photo_block(block: Block, ctx: Mapping[str, Any], st: Styles, width: float) -> list[Flowable]:
    box = PhotoBox(block.title or "照片粘贴处", block.text, block.height_mm * mm, st.font, st.size)
    return [Spacer(1, 3), box]


def row_block(block: Block, ctx: Mapping[str, Any], st: Styles, width: float) -> list[Flowable]:
    gap = 4 * mm
    usable = width - gap * (len(block.children) - 1)
    widths = [usable * w / sum(block.widths) for w in block.widths]
    cells: list[Any] = []
    col_widths: list[float] = []
    for i, (child, w) in enumerate(zip(block.children, widths, strict=True)):
        if i:
            cells.append("")
            col_widths.append(gap)
        cells.append(build_block(child, ctx, st, w))
        col_widths.append(w)
    # Stacked, each child gets the full width (built anew: a flowable lives in one place).
    stacked = [f for child in block.children for f in build_block(child, ctx, st, width)]
    table = _Row(stacked, [cells], colWidths=col_widths, style=TableStyle([
        ("FONT", (0, 0), (-1, -1), st.font, st.size),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *[(p, (0, 0), (-1, -1), 0) for p in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING",
                                             "BOTTOMPADDING")]]))
    return [*_title(block, st), table]


_BUILDERS: dict[str, Callable[[Block, Mapping[str, Any], Styles, float], list[Flowable]]] = {
    "fields": fields_block, "table": table_block, "checklist": checklist_block,
    "text": text_block, "signatures": signatures_block, "photo": photo_block,
    "row": row_block,
}


def build_block(block: Block, ctx: Mapping[str, Any], st: Styles, width: float) -> list[Flowable]:
    return _BUILDERS[block.type](block, ctx, st, width)
