"""Paper per form: the PDF's page is the paper the form names, and a bad paper is refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.printing.calibration import MARGIN_MM, marks, render_calibration
from app.printing.engine import render_form
from app.printing.forms import FormSpecError, load_forms
from app.printing.paper import parse_paper
from tests.unit.printing import conftest as h

FORMS = load_forms()
PT_PER_MM = 72 / 25.4
A4_MM = (210.0, 297.0)

GOOD = """
id = "{id}"
title = "测试单"
step = "contract"
{paper}
[[copies]]
id = "main"
label = "第一联"
colour = "white"
recipient_role = "consultant"
[[blocks]]
type = "fields"
fields = [{{ label = "姓名", path = "customer.name" }}]
"""


def media_mm(pdf: bytes) -> list[tuple[float, float]]:
    boxes = [page.mediabox for page in PdfReader(io.BytesIO(pdf)).pages]
    return [(float(b.width) / PT_PER_MM, float(b.height) / PT_PER_MM) for b in boxes]


@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_every_page_is_on_the_forms_paper(form_id: str) -> None:
    pdf = render_form(FORMS[form_id], h.load_context("form_context"), serial="X-1",
                      printed_by="王小明", printed_at=h.PRINTED_AT)
    want = (241.0, 140.0) if form_id == "warehouse_release" else A4_MM
    for width, height in media_mm(pdf):
        assert abs(width - want[0]) < 0.5 and abs(height - want[1]) < 0.5, form_id


def test_every_form_file_names_its_paper_and_orientation() -> None:
    for spec in FORMS.values():
        text = spec.source.read_text(encoding="utf-8")
        assert "\npage = " in text and "\norientation = " in text, spec.id
    release = FORMS["warehouse_release"].paper
    assert release is not None and release.continuous and release.orientation == "landscape"
    assert all(s.paper is not None and s.paper.orientation == "portrait"
               for s in FORMS.values() if s.id != "warehouse_release")


@pytest.mark.parametrize(("page", "orientation", "size"), [
    ("A4", None, (210, 297)), ("A4", "landscape", (297, 210)), ("A4-landscape", None, (297, 210)),
    ("A5", "portrait", (148, 210)), ("continuous", None, (241, 140)),
    ("continuous", "landscape", (241, 140)), ("200x100mm", None, (200, 100)),
    ("100 × 200 mm", "portrait", (100, 200)), ("120x120mm", "portrait", (120, 120)),
])
def test_papers_and_orientations(page: str, orientation: str | None,
                                 size: tuple[int, int]) -> None:
    paper = parse_paper(page, orientation)
    assert (paper.width_mm, paper.height_mm) == size
    assert paper.points == pytest.approx((size[0] * PT_PER_MM, size[1] * PT_PER_MM))


def test_a_landscape_form_renders_landscape(tmp_path: Path) -> None:
    text = GOOD.format(id="wide", paper='page = "A4"\norientation = "landscape"')
    (tmp_path / "wide.toml").write_text(text, encoding="utf-8")
    spec = load_forms(tmp_path)["wide"]
    pdf = render_form(spec, h.load_context("form_context"), serial="X", printed_by="x",
                      printed_at=h.PRINTED_AT)
    (width, height), = media_mm(pdf)
    assert abs(width - 297) < 0.5 and abs(height - 210) < 0.5


@pytest.mark.parametrize(("paper", "key"), [
    ('page = "B5"', "page: 'B5' is not"),
    ('page = "A4"\norientation = "sideways"', "orientation: 'sideways'"),
    ('page = "continuous"\norientation = "portrait"', "orientation: 'portrait' contradicts"),
    ('page = "241x140mm"\norientation = "portrait"', "orientation: 'portrait' contradicts"),
    ('page = "A4-landscape"\norientation = "portrait"', "orientation: portrait contradicts"),
    ('page = "30x140mm"', "page: '30x140mm': each side"),
    ('page = "241x460mm"', "page: '241x460mm': each side"),
    ('page = "241x140"', "page: '241x140' is not"),
    ('page = 4', "page: expected text"),
    ('orientation = 1', "orientation: expected text"),
])
def test_a_bad_paper_is_refused_naming_the_file_and_key(tmp_path: Path, paper: str,
                                                         key: str) -> None:
    (tmp_path / "bad.toml").write_text(GOOD.format(id="bad", paper=paper), encoding="utf-8")
    with pytest.raises(FormSpecError) as err:
        load_forms(tmp_path)
    assert "bad.toml" in str(err.value) and key in str(err.value)


def test_sizes_at_the_limits_are_accepted() -> None:
    assert parse_paper("50x450mm", None).height_mm == 450
    with pytest.raises(ValueError):
        parse_paper("49.9x100mm", None)
    with pytest.raises(ValueError):
        parse_paper("100x450.1mm", None)


# -- calibration page ----------------------------------------------------------------------

def test_calibration_page_is_the_forms_paper_with_marks_where_it_says() -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    paper = FORMS["warehouse_release"].paper
    assert paper is not None
    pdf = render_calibration(paper, title="车辆出库单", printer="Epson LQ-630K")
    (width, height), = media_mm(pdf)
    assert abs(width - 241) < 0.5 and abs(height - 140) < 0.5
    expected = [("A", MARGIN_MM, MARGIN_MM), ("B", 241 - MARGIN_MM, MARGIN_MM),
                ("C", MARGIN_MM, 140 - MARGIN_MM), ("D", 241 - MARGIN_MM, 140 - MARGIN_MM),
                ("E", 120, 70)]
    assert marks(paper) == expected
    # Each mark's horizontal stroke: a 12 mm path centred on the mark, found in the page.
    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    strokes = []
    for obj in page.get_objects():
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            left, bottom, right, top = obj.get_bounds()
            if abs((right - left) / PT_PER_MM - 12) < 0.6 and (top - bottom) < 2:  # + caps
                strokes.append(((left + right) / 2 / PT_PER_MM,
                                140 - (top + bottom) / 2 / PT_PER_MM))
    doc.close()
    for _label, x, y in expected:
        assert any(abs(sx - x) < 0.2 and abs(sy - y) < 0.2 for sx, sy in strokes), (x, y)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for label, x, y in expected:
        assert f"{label} ({x:g}, {y:g}) mm" in text
    assert f"偏移 X = {MARGIN_MM} − X" in text and "Epson LQ-630K" in text


def test_calibration_on_a4_has_its_marks_inside_a4() -> None:
    paper = parse_paper("A4", None)
    assert marks(paper)[3] == ("D", 210 - MARGIN_MM, 297 - MARGIN_MM)
    (width, height), = media_mm(render_calibration(paper, title="t"))
    assert abs(width - 210) < 0.5 and abs(height - 297) < 0.5
