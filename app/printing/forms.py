"""Form specifications: one TOML file per printable form in forms/, read into frozen data.

A form is data, not code: page size, copies (label, colour band, recipient) and a list of
blocks (fields, table, checklist, text, signatures, photo, row). The engine only knows how
to draw each block type. A broken file fails loudly, naming the file and the key, so a typo
is found when the forms are loaded, not when a customer is waiting for a print.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm

from app import resources
from app.domain.procedure import STEP_IDS as PROCEDURE_STEP_IDS
from app.printing.overlay import (
    HEADER_PATHS,
    OVERLAY_FORMATS,
    Overlay,
    OverlayField,
    OverlayTable,
)
from app.printing.paper import Paper, PaperError, parse_paper

# The top-level forms/ in a checkout, app/_data/forms in a wheel or bundle (app.resources).
FORMS_DIR = resources.forms_dir()

# The steps a form may belong to: the procedure's own (a new step is one place to add).
STEP_IDS = frozenset(PROCEDURE_STEP_IDS)
FORMATS = frozenset({"text", "money", "percent", "date", "bool", "choice"})
# Carbonless multi-part sets come in these colours; the band on each copy matches its sheet.
COPY_COLOURS = {"red": "#c62828", "white": "#ffffff", "green": "#2e7d32",
                "yellow": "#f9a825", "blue": "#1565c0", "pink": "#d81b60"}


class FormSpecError(ValueError):
    """A form file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class CopySpec:
    id: str
    label: str  # printed as is, e.g. 「第一联 红联 信息员」
    colour: str  # a name (red, white, green, yellow, blue, pink) or #rrggbb
    recipient_role: str


@dataclass(frozen=True)
class FieldSpec:
    label: str
    path: str = ""  # dotted path into the context; empty = a blank box for the hand
    format: str = "text"
    span: int = 1  # how many label/value pairs of the row this field takes
    emphasis: bool = False  # printed larger: the APR must be at least as prominent (PBoC)
    suffix: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # value → printed text, for format "choice"
    # checklist: printed beside an unticked box when it has a value (a manager's override
    # says why the thing checked did not happen, instead of a tick)
    note: str = ""
    # Context paths that choose between fields: an equal-principal loan prints its first and
    # last payment (when = "loan.payments_fall"), a level one its single payment (unless =
    # the same path). A missing value counts as not true: a blank form gets the plain field.
    when: str = ""  # printed only when this value is true
    unless: str = ""  # left out when this value is true


@dataclass(frozen=True)
class ColumnSpec:
    label: str
    path: str = ""  # relative to the row; "#" = the row number
    format: str = "text"
    width: float = 1.0  # relative weight
    align: str = "left"


@dataclass(frozen=True)
class Block:
    """One block of a form; which attributes matter depends on `type`."""

    type: str
    title: str = ""
    columns: int = 2  # fields / checklist: pairs or items per row
    fields: tuple[FieldSpec, ...] = ()
    rows: str = ""  # table: list path in the context
    table_columns: tuple[ColumnSpec, ...] = ()
    min_rows: int = 0  # table: blank rows to pad to, for the hand
    total_label: str = ""  # table: label of the total row ("" = no total row)
    total_column: str = ""  # table: the money column summed into the total row
    total_path: str = ""  # table: take the total from here instead of summing
    items: tuple[FieldSpec, ...] = ()  # checklist items: label, optional bool path
    text: str = ""  # text: with {path} or {path|format} placeholders
    size: float = 0  # text: font size (0 = the form's body size)
    leading: float = 1.3  # text: line height as a multiple of the size (2 leaves room to write)
    align: str = "left"
    parties: tuple[FieldSpec, ...] = ()  # signatures: label = party, path = printed name
    height_mm: float = 40
    children: tuple[Block, ...] = ()  # row: blocks side by side
    widths: tuple[float, ...] = ()  # row: relative widths of the children


@dataclass(frozen=True)
class FormSpec:
    id: str
    title: str
    title_en: str
    step: str
    copies: tuple[CopySpec, ...]
    blocks: tuple[Block, ...]
    page_size: tuple[float, float]  # points
    margin: float  # points
    font_size: float
    qr: bool
    source: Path
    # The dealership's name and the case line head the page; false for a paper another
    # party issues on our template (the employer's income certificate).
    letterhead: bool = True
    paper: Paper | None = None  # what the clerk loads; page_size is its size in points
    overlay: Overlay | None = None  # 套打 positions, when the form declares them

    def copy(self, copy_id: str) -> CopySpec:
        for c in self.copies:
            if c.id == copy_id:
                return c
        valid = ", ".join(c.id for c in self.copies)
        raise ValueError(f"form {self.id} has no copy {copy_id!r}; valid copies: {valid}")


class _Reader:
    """Typed access to a TOML table that reports errors as 'file: key.path: problem'."""

    def __init__(self, file: Path, data: Mapping[str, Any], where: str = "") -> None:
        self.file, self.data, self.where = file, data, where

    def fail(self, key: str, problem: str) -> FormSpecError:
        return FormSpecError(f"{self.file}: {self.where}{key}: {problem}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
        if key not in self.data:
            if default is None:
                raise self.fail(key, "missing")
            return default
        value = self.data[key]
        # bool is an int in Python; a number key must not accept true/false.
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(key, f"expected {_kind_name(kind)}, got {value!r}")
        if not isinstance(value, kind):
            raise self.fail(key, f"expected {_kind_name(kind)}, got {value!r}")
        return value

    def tables(self, key: str, required: bool = False) -> list[_Reader]:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(key, "missing")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, "expected a list of tables")
        return [_Reader(self.file, v, f"{self.where}{key}[{i}].") for i, v in enumerate(value)]

    def unknown(self, allowed: set[str]) -> None:
        extra = sorted(set(self.data) - allowed)
        if extra:
            raise self.fail(extra[0], f"unknown key (allowed: {', '.join(sorted(allowed))})")


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "text", int: "an integer", float: "a number", bool: "true/false",
             list: "a list", dict: "a table"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _paper(r: _Reader) -> Paper:
    orientation = r.get("orientation", str, "") or None
    try:
        return parse_paper(r.get("page", str, "A4"), orientation)
    except PaperError as error:
        raise r.fail(error.key, str(error)) from None


def _field(r: _Reader) -> FieldSpec:
    r.unknown({"label", "path", "format", "span", "emphasis", "suffix", "choices", "note",
               "when", "unless"})
    fmt = r.get("format", str, "text")
    if fmt not in FORMATS:
        raise r.fail("format", f"{fmt!r} is not one of {', '.join(sorted(FORMATS))}")
    choices = r.get("choices", dict, {})
    if fmt == "choice" and not choices:
        raise r.fail("choices", "missing (format 'choice' needs value = text pairs)")
    span = r.get("span", int, 1)
    if span < 1:
        raise r.fail("span", "must be 1 or more")
    return FieldSpec(
        label=r.get("label", str), path=r.get("path", str, ""), format=fmt, span=span,
        emphasis=r.get("emphasis", bool, False), suffix=r.get("suffix", str, ""),
        choices=tuple((str(k), str(v)) for k, v in choices.items()),
        note=r.get("note", str, ""),
        when=r.get("when", str, ""), unless=r.get("unless", str, ""),
    )


def _column(r: _Reader) -> ColumnSpec:
    r.unknown({"label", "path", "format", "width", "align"})
    fmt = r.get("format", str, "text")
    if fmt not in FORMATS - {"choice"}:
        raise r.fail("format", f"{fmt!r} is not a column format")
    align = r.get("align", str, "right" if fmt == "money" else "left")
    if align not in {"left", "center", "right"}:
        raise r.fail("align", "must be left, center or right")
    width = float(r.get("width", (int, float), 1.0))
    if width <= 0:
        raise r.fail("width", "must be positive")
    return ColumnSpec(r.get("label", str), r.get("path", str, ""), fmt, width, align)


_BLOCK_KEYS = {
    "fields": {"columns", "fields"},
    "table": {"rows", "columns", "min_rows", "total_label", "total_column", "total_path"},
    "checklist": {"columns", "items"},
    "text": {"text", "size", "align", "leading"},
    "signatures": {"parties"},
    "photo": {"height_mm", "text"},
    "row": {"blocks", "widths"},
}


def _block(r: _Reader) -> Block:
    kind = r.get("type", str)
    if kind not in _BLOCK_KEYS:
        raise r.fail("type", f"{kind!r} is not one of {', '.join(sorted(_BLOCK_KEYS))}")
    r.unknown({"type", "title"} | _BLOCK_KEYS[kind])
    common: dict[str, Any] = {"type": kind, "title": r.get("title", str, "")}
    if kind == "fields":
        return Block(**common, columns=r.get("columns", int, 2),
                     fields=tuple(_field(f) for f in r.tables("fields", required=True)))
    if kind == "table":
        total_label = r.get("total_label", str, "")
        total_column = r.get("total_column", str, "")
        columns = tuple(_column(c) for c in r.tables("columns", required=True))
        if total_label and total_column not in {c.path for c in columns}:
            raise r.fail("total_column", f"{total_column!r} is not a column path")
        return Block(**common, rows=r.get("rows", str), table_columns=columns,
                     min_rows=r.get("min_rows", int, 0), total_label=total_label,
                     total_column=total_column, total_path=r.get("total_path", str, ""))
    if kind == "checklist":
        return Block(**common, columns=r.get("columns", int, 4),
                     items=tuple(_field(f) for f in r.tables("items", required=True)))
    if kind == "text":
        align = r.get("align", str, "left")
        if align not in {"left", "center", "right"}:
            raise r.fail("align", "must be left, center or right")
        return Block(**common, text=r.get("text", str), size=float(r.get("size", (int, float), 0)),
                     align=align, leading=float(r.get("leading", (int, float), 1.3)))
    if kind == "signatures":
        return Block(**common, parties=tuple(_field(f) for f in r.tables("parties", required=True)))
    if kind == "photo":
        return Block(**common, height_mm=float(r.get("height_mm", (int, float), 40)),
                     text=r.get("text", str, ""))
    children = tuple(_block(b) for b in r.tables("blocks", required=True))
    widths = tuple(float(w) for w in r.get("widths", list, [1.0] * len(children)))
    if len(widths) != len(children):
        raise r.fail("widths", f"{len(widths)} widths for {len(children)} blocks")
    return Block(**common, children=children, widths=widths)


def _printed_paths(blocks: tuple[Block, ...]) -> dict[str, FieldSpec | None]:
    """Every context path the form's normal layout prints, with its field where it has one
    (an overlay value takes the field's format unless it names its own)."""
    found: dict[str, FieldSpec | None] = dict.fromkeys(HEADER_PATHS)
    for block in blocks:
        # A checklist item is a box: ticked when its value is true.
        items = tuple(replace(f, format="bool") for f in block.items)
        for f in (*block.fields, *items, *block.parties):
            if f.path:
                found[f.path] = f
            for extra in (f.note, f.when, f.unless):
                if extra:
                    found.setdefault(extra, None)
        if block.rows:
            found[block.rows] = None
        for placeholder in re.findall(r"\{([^}|]+)", block.text):
            found.setdefault(placeholder.strip(), None)
        found.update(_printed_paths(block.children))
    return found


def _overlay_field(r: _Reader, known: dict[str, FieldSpec | None] | None,
                   paper: Paper, x0: float = 0, y0: float = 0) -> OverlayField:
    r.unknown({"path", "x_mm", "y_mm", "format", "size", "width_mm", "suffix"})
    path = r.get("path", str)
    if known is not None and path not in known:
        raise r.fail("path", f"{path!r} is not a value this form prints")
    field = known.get(path) if known is not None else None
    fmt = r.get("format", str, field.format if field else "text")
    if fmt not in OVERLAY_FORMATS:
        raise r.fail("format", f"{fmt!r} is not one of {', '.join(sorted(OVERLAY_FORMATS))}")
    x = float(r.get("x_mm", (int, float), 0 if known is None else None))
    y = float(r.get("y_mm", (int, float), 0 if known is None else None))
    # A position off the paper would silently print nothing (or on the platen).
    if not 0 <= x0 + x < paper.width_mm:
        raise r.fail("x_mm", f"{x:g} is off the {paper.width_mm:g} mm wide paper")
    if not 0 < y0 + y <= paper.height_mm:
        raise r.fail("y_mm", f"{y:g} is off the {paper.height_mm:g} mm high paper")
    size = float(r.get("size", (int, float), 0))
    if size and not 5 <= size <= 36:
        raise r.fail("size", "must be 5 to 36 points")
    width = float(r.get("width_mm", (int, float), 0))
    if width < 0:
        raise r.fail("width_mm", "must not be negative")
    return OverlayField(path, x, y, fmt, size, width,
                        field.choices if field else (), r.get("suffix", str,
                                                              field.suffix if field else ""))


def _overlay(r: _Reader, blocks: tuple[Block, ...], paper: Paper) -> Overlay | None:
    if "overlay" not in r.data:
        return None
    value = r.data["overlay"]
    if not isinstance(value, dict):
        raise r.fail("overlay", "expected a table")
    o = _Reader(r.file, value, "overlay.")
    o.unknown({"copies", "fields", "tables"})
    copies = o.get("copies", str, "once")
    if copies not in {"once", "each"}:
        raise o.fail("copies", f"{copies!r} is not once or each")
    known = _printed_paths(blocks)
    fields = tuple(_overlay_field(f, known, paper) for f in o.tables("fields"))
    tables = []
    for t in o.tables("tables"):
        t.unknown({"rows", "x_mm", "y_mm", "row_mm", "max_rows", "columns"})
        rows = t.get("rows", str)
        if rows not in known:
            raise t.fail("rows", f"{rows!r} is not a list this form prints")
        x, y = float(t.get("x_mm", (int, float))), float(t.get("y_mm", (int, float)))
        row_mm = float(t.get("row_mm", (int, float)))
        max_rows = t.get("max_rows", int)
        if row_mm <= 0 or max_rows < 1:
            raise t.fail("row_mm" if row_mm <= 0 else "max_rows", "must be positive")
        if y + (max_rows - 1) * row_mm > paper.height_mm:
            raise t.fail("max_rows", f"{max_rows} rows of {row_mm:g} mm run off the paper")
        columns = tuple(_overlay_field(c, None, paper, x, y)
                        for c in t.tables("columns", required=True))
        tables.append(OverlayTable(rows, x, y, row_mm, max_rows, columns))
    if not fields and not tables:
        raise o.fail("fields", "an overlay needs at least one position")
    return Overlay(fields, tuple(tables), once=copies == "once")


def load_form(file: Path) -> FormSpec:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise FormSpecError(f"{file}: not valid TOML: {exc}") from None
    r = _Reader(file, data)
    r.unknown({"id", "title", "title_en", "step", "page", "margin_mm", "font_size", "qr",
               "copies", "blocks", "letterhead", "orientation", "overlay"})
    form_id = r.get("id", str)
    if form_id != file.stem:
        raise r.fail("id", f"{form_id!r} differs from the file name {file.stem!r}")
    step = r.get("step", str)
    if step not in STEP_IDS:
        raise r.fail("step", f"{step!r} is not one of {', '.join(sorted(STEP_IDS))}")
    copies = []
    for c in r.tables("copies", required=True):
        c.unknown({"id", "label", "colour", "recipient_role"})
        colour = c.get("colour", str)
        if colour not in COPY_COLOURS and not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            raise c.fail("colour", f"{colour!r} is not #rrggbb or one of {', '.join(COPY_COLOURS)}")
        copies.append(CopySpec(c.get("id", str), c.get("label", str), colour,
                               c.get("recipient_role", str)))
    if not copies:
        raise r.fail("copies", "a form needs at least one copy")
    if len({c.id for c in copies}) != len(copies):
        raise r.fail("copies", "copy ids must be unique")
    paper = _paper(r)
    page_size = paper.points
    blocks = tuple(_block(b) for b in r.tables("blocks", required=True))
    return FormSpec(
        id=form_id, title=r.get("title", str), title_en=r.get("title_en", str, ""), step=step,
        copies=tuple(copies), blocks=blocks,
        page_size=page_size, margin=float(r.get("margin_mm", (int, float), 12)) * mm,
        font_size=float(r.get("font_size", (int, float), 10 if page_size[1] > 200 * mm else 8)),
        qr=r.get("qr", bool, True),
        source=file,
        letterhead=r.get("letterhead", bool, True),
        paper=paper, overlay=_overlay(r, blocks, paper),
    )


def load_forms(directory: Path | None = None) -> dict[str, FormSpec]:
    """Every forms/*.toml, by form id."""
    folder = directory or FORMS_DIR
    return {spec.id: spec for spec in map(load_form, sorted(folder.glob("*.toml")))}
