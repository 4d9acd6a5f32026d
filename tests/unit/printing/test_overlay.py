"""套打: only the values, each where the form file puts it; offsets move everything."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from pypdf import PdfReader

from app.printing.forms import FormSpecError, load_forms
from app.printing.overlay import render_form_overlay
from app.printing.placement import shift
from tests.unit.printing import conftest as h

FORMS = load_forms()
PT_PER_MM = 72 / 25.4
OVERLAID = ("warehouse_release", "delivery_confirmation")


def placed(pdf: bytes, page_no: int = 0) -> list[tuple[float, float, str]]:
    """(x mm from the left, y mm down from the top, text) of every text run's origin."""
    page = PdfReader(io.BytesIO(pdf)).pages[page_no]
    top = float(page.mediabox.top)
    runs: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((x / PT_PER_MM, (top - y) / PT_PER_MM, text.strip()))

    page.extract_text(visitor_text=visit)
    return runs


def raw_overlay(form_id: str) -> dict[str, Any]:
    """The form file's [overlay] table, read here without the loader."""
    data = tomllib.loads((Path(FORMS[form_id].source)).read_text(encoding="utf-8"))
    overlay: dict[str, Any] = data["overlay"]
    return overlay


def dig(ctx: dict[str, Any], path: str) -> Any:
    value: Any = ctx
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def expected_text(value: Any, path: str) -> str:
    if isinstance(value, bool):
        return "√" if value else ""
    if path.endswith(".date") and value:
        y, m, d = (int(p) for p in str(value).split("-"))
        return f"{y}年{m}月{d}日"
    suffix = {"delivery.odometer": " km", "delivery.keys": " 把"}.get(path, "")
    return f"{value}{suffix}" if value not in (None, "") else ""


def overlay_pdf(form_id: str, ctx: dict[str, Any] | None = None, **kw: Any) -> bytes:
    return render_form_overlay(FORMS[form_id], ctx or h.load_context("form_context"),
                               printed_by="王小明", **kw)


@pytest.mark.parametrize("form_id", OVERLAID)
def test_each_value_is_printed_at_its_declared_position(form_id: str) -> None:
    ctx = h.load_context("form_context")
    ctx["release"]["released"] = True
    runs = placed(overlay_pdf(form_id, ctx))
    checked = 0
    for field in raw_overlay(form_id)["fields"]:
        text = expected_text(dig(ctx, field["path"]), field["path"])
        if not text:
            continue
        hits = [(x, y) for x, y, t in runs if t == text]
        assert hits, (field["path"], text)
        x, y = hits[0] if len(hits) == 1 else min(
            hits, key=lambda p: abs(p[0] - field["x_mm"]) + abs(p[1] - field["y_mm"]))
        assert abs(x - field["x_mm"]) < 0.05 and abs(y - field["y_mm"]) < 0.05, field["path"]
        checked += 1
    assert checked >= 10


def test_the_release_table_lines_up_row_by_row_and_stops_at_its_rows() -> None:
    table = raw_overlay("warehouse_release")["tables"][0]
    ctx = h.load_context("form_context")
    ctx["accessories"] = [{"name": f"装具{n}", "quantity": n} for n in range(1, 9)]
    runs = placed(overlay_pdf("warehouse_release", ctx))
    name_x = table["x_mm"] + next(c["x_mm"] for c in table["columns"] if c["path"] == "name")
    for n in range(1, table["max_rows"] + 1):
        (x, y), = [(x, y) for x, y, t in runs if t == f"装具{n}"]
        assert abs(x - name_x) < 0.05
        assert abs(y - (table["y_mm"] + (n - 1) * table["row_mm"])) < 0.05
    assert not [t for _x, _y, t in runs if t == f"装具{table['max_rows'] + 1}"]


@pytest.mark.parametrize("form_id", OVERLAID)
def test_no_static_text_and_no_rules_or_boxes(form_id: str) -> None:
    spec = FORMS[form_id]
    pdf = overlay_pdf(form_id)
    text = "".join(t for _x, _y, t in placed(pdf))
    statics = [spec.title, spec.title_en, "（签字）", "日期", *(c.label for c in spec.copies)]
    statics += [f.label for b in spec.blocks for f in b.fields]
    for static in statics:
        assert static not in text, static
    doc = pdfium.PdfDocument(pdf)
    try:
        kinds = {obj.type for obj in doc[0].get_objects()}
    finally:
        doc.close()
    assert kinds == {pdfium_c.FPDF_PAGEOBJ_TEXT}


def test_a_carbonless_set_prints_once_separate_sheets_once_per_copy() -> None:
    assert len(PdfReader(io.BytesIO(overlay_pdf("warehouse_release"))).pages) == 1
    assert len(PdfReader(io.BytesIO(overlay_pdf("delivery_confirmation"))).pages) == 2
    one = overlay_pdf("delivery_confirmation", copy_id="dealership")
    assert len(PdfReader(io.BytesIO(one)).pages) == 1
    with pytest.raises(ValueError, match="no copy 'blue'"):
        overlay_pdf("delivery_confirmation", copy_id="blue")


def test_overlay_is_on_the_forms_paper() -> None:
    box = PdfReader(io.BytesIO(overlay_pdf("warehouse_release"))).pages[0].mediabox
    assert abs(float(box.width) / PT_PER_MM - 241) < 0.5
    assert abs(float(box.height) / PT_PER_MM - 140) < 0.5


@pytest.mark.parametrize(("dx", "dy"), [(3.5, -2.0), (-1.2, 4.8), (0.0, 0.1)])
def test_offsets_move_everything_by_the_millimetres_given(dx: float, dy: float) -> None:
    pdf = overlay_pdf("warehouse_release")
    moved = shift(pdf, dx, dy)
    before, after = placed(pdf), placed(moved)
    assert len(before) == len(after) > 10
    for (x0, y0, t0), (x1, y1, t1) in zip(before, after, strict=True):
        assert t0 == t1
        assert abs((x1 - x0) - dx) < 0.01 and abs((y1 - y0) - dy) < 0.01
    assert PdfReader(io.BytesIO(moved)).pages[0].mediabox == \
        PdfReader(io.BytesIO(pdf)).pages[0].mediabox


def test_offsets_move_the_full_form_too_and_zero_changes_nothing() -> None:
    from app.printing.engine import render_form

    pdf = render_form(FORMS["warehouse_release"], h.load_context("form_context"),
                      serial="CK-1", printed_by="王小明", printed_at=h.PRINTED_AT)
    assert shift(pdf, 0, 0) == pdf
    before, after = placed(pdf), placed(shift(pdf, 2, 1))
    assert all(abs(a[0] - b[0] - 2) < 0.01 and abs(a[1] - b[1] - 1) < 0.01
               for a, b in zip(after, before, strict=True))


GOOD = """
id = "bad"
title = "测试单"
step = "contract"
page = "A5"
[[copies]]
id = "main"
label = "第一联"
colour = "white"
recipient_role = "consultant"
[[blocks]]
type = "fields"
fields = [{ label = "姓名", path = "customer.name" }]
[[blocks]]
type = "table"
rows = "accessories"
columns = [{ label = "名称", path = "name" }]
[overlay]
fields = [{ path = "customer.name", x_mm = 20, y_mm = 30 }]
"""


def test_a_good_overlay_loads(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(GOOD, encoding="utf-8")
    overlay = load_forms(tmp_path)["bad"].overlay
    assert overlay is not None and overlay.fields[0].path == "customer.name"
    assert overlay.once


@pytest.mark.parametrize(("change", "key"), [
    (('path = "customer.name", x_mm', 'path = "customer.nmae", x_mm'),
     "overlay.fields[0].path: 'customer.nmae' is not a value this form prints"),
    (("x_mm = 20", "x_mm = 148"), "overlay.fields[0].x_mm: 148 is off"),
    (("x_mm = 20", "x_mm = -0.5"), "overlay.fields[0].x_mm: -0.5 is off"),
    (("y_mm = 30", "y_mm = 210.5"), "overlay.fields[0].y_mm: 210.5 is off"),
    (("y_mm = 30", "y_mm = 0"), "overlay.fields[0].y_mm: 0 is off"),
    (("y_mm = 30", 'y_mm = "30"'), "overlay.fields[0].y_mm: expected"),
    ((", y_mm = 30", ""), "overlay.fields[0].y_mm: missing"),
    (("y_mm = 30", "y_mm = 30, format = \"roman\""), "overlay.fields[0].format: 'roman'"),
    (("y_mm = 30", "y_mm = 30, size = 40"), "overlay.fields[0].size"),
    (("y_mm = 30", "y_mm = 30, colour = 1"), "overlay.fields[0].colour: unknown key"),
    (("[overlay]\n", "[overlay]\ncopies = \"twice\"\n"), "overlay.copies: 'twice'"),
    (('fields = [{ path = "customer.name", x_mm = 20, y_mm = 30 }]\n', "fields = []\n"),
     "overlay.fields: an overlay needs"),
])
def test_a_bad_overlay_is_refused_naming_the_key(tmp_path: Path, change: tuple[str, str],
                                                 key: str) -> None:
    text = GOOD.replace(*change)
    assert text != GOOD
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    with pytest.raises(FormSpecError) as err:
        load_forms(tmp_path)
    assert "bad.toml" in str(err.value) and key in str(err.value)


@pytest.mark.parametrize(("table", "key"), [
    ('rows = "items", x_mm = 10, y_mm = 40, row_mm = 6, max_rows = 3, '
     'columns = [{ path = "name", x_mm = 0 }]', "overlay.tables[0].rows: 'items'"),
    ('rows = "accessories", x_mm = 10, y_mm = 40, row_mm = 0, max_rows = 3, '
     'columns = [{ path = "name", x_mm = 0 }]', "overlay.tables[0].row_mm"),
    ('rows = "accessories", x_mm = 10, y_mm = 200, row_mm = 6, max_rows = 3, '
     'columns = [{ path = "name", x_mm = 0 }]', "overlay.tables[0].max_rows: 3 rows"),
    ('rows = "accessories", x_mm = 10, y_mm = 40, row_mm = 6, max_rows = 3, '
     'columns = [{ path = "name", x_mm = 140 }]', "overlay.tables[0].columns[0].x_mm"),
])
def test_a_bad_overlay_table_is_refused(tmp_path: Path, table: str, key: str) -> None:
    text = GOOD.rstrip() + f"\ntables = [{{ {table} }}]\n"
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    with pytest.raises(FormSpecError) as err:
        load_forms(tmp_path)
    assert key in str(err.value)
