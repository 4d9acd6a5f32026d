"""Every form, both contexts: it opens, says what it must, embeds its fonts, fits its copies."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from app.printing.engine import render_form
from app.printing.fonts import FontMissing
from app.printing.forms import FormSpec, load_forms
from tests.unit.printing import conftest as h
from tests.unit.printing.conftest import needs_poppler

FORMS = load_forms()
CASES = [(f, c) for f in sorted(FORMS) for c in h.CONTEXTS]


@cache
def rendered(form_id: str, context: str, **flags: bool) -> bytes:
    return render_form(FORMS[form_id], h.load_context(context), serial="SC-2026-000123",
                       printed_by="王小明", printed_at=h.PRINTED_AT, **flags)


def page_count(pdf: bytes) -> int:
    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


@needs_poppler
@pytest.mark.parametrize(("form_id", "context"), CASES)
def test_the_form_says_what_it_must(form_id: str, context: str, tmp_path: Path) -> None:
    spec, ctx = FORMS[form_id], h.load_context(context)
    pages = h.pdf_pages_text(rendered(form_id, context), tmp_path)
    text = h.squash("".join(pages))
    assert "LD2026-000042" in text
    assert h.shows(pages, ctx["customer"]["name"])
    assert spec.title in text
    for copy in spec.copies:
        assert h.squash(copy.label) in text, copy.label
    assert "SC-2026-000123" in text  # the footer's serial


@needs_poppler
@pytest.mark.parametrize(("form_id", "context"), CASES)
def test_every_font_is_embedded(form_id: str, context: str, tmp_path: Path) -> None:
    fonts = h.pdf_fonts(rendered(form_id, context), tmp_path)
    assert fonts
    assert all(emb == "yes" for _, emb in fonts), fonts


@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_one_page_per_copy_for_the_ordinary_case(form_id: str) -> None:
    assert page_count(rendered(form_id, "form_context")) == len(FORMS[form_id].copies)


@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_long_values_add_pages_only_where_a_table_needs_them(form_id: str) -> None:
    pages = page_count(rendered(form_id, "form_context_long"))
    copies = len(FORMS[form_id].copies)
    assert pages % copies == 0  # every copy gets the same pages
    if form_id not in {"warehouse_release", "accessory_list"}:  # 20 accessories
        assert pages == copies


@needs_poppler
@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_a_draft_is_marked_on_every_page(form_id: str, tmp_path: Path) -> None:
    pages = h.pdf_pages_text(rendered(form_id, "form_context_long", draft=True), tmp_path)
    assert pages and all("草稿" in p for p in pages)


@needs_poppler
@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_a_reprint_is_marked_on_every_page(form_id: str, tmp_path: Path) -> None:
    pages = h.pdf_pages_text(rendered(form_id, "form_context", reprint=True), tmp_path)
    assert pages and all("补打" in p for p in pages)
    plain = h.pdf_pages_text(rendered(form_id, "form_context"), tmp_path)
    assert not any("补打" in p or "草稿" in p for p in plain)


@needs_poppler
@pytest.mark.parametrize("form_id", ["sales_contract", "loan_application", "invoice_notice",
                                     "mortgage_packet"])
def test_hostile_text_prints_literally(form_id: str, tmp_path: Path) -> None:
    text = h.squash("".join(h.pdf_pages_text(rendered(form_id, "form_context_long"), tmp_path)))
    assert '<b>&"' in text
    if form_id != "mortgage_packet":
        assert "<script>" in text and "&amp;" in text  # not unescaped a second time


@needs_poppler
def test_amounts_carry_capital_numerals(tmp_path: Path) -> None:
    text = h.squash("".join(h.pdf_pages_text(rendered("sales_contract", "form_context"),
                                             tmp_path)))
    assert "¥128,000.00" in text and "人民币壹拾贰万捌仟元整" in text
    fees = h.squash("".join(h.pdf_pages_text(rendered("fee_details", "form_context"), tmp_path)))
    assert "6.17%" in fees and "4.99%" in fees  # APR and rate as percentages


def nulled(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: nulled(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nulled(v) for v in value]
    return None


BROKEN: dict[str, Any] = {
    "case": {"number": None, "consultant": "not a mapping"},
    "customer": {"name": "", "marital_status": "unknown"},
    "vehicle": {"price": "twelve", "new_energy": "maybe"},
    "loan": {"apr": "abc", "annual_rate": "NaN", "term_months": None, "amount": "-5"},
    "fees": ["not a row", {"item": None, "amount": "1e999999"}],
    "accessories": "not a list",
    "settlement": {"items": [{"item": "x", "amount": None}], "total": "oops"},
    "release": {"date": "someday", "mortgage_registered": None},
    "delivery": {"keys": 2, "fuel_level": ""},
}


@pytest.mark.parametrize("form_id", sorted(FORMS))
@pytest.mark.parametrize("context", ["empty", "nulled", "broken"])
def test_missing_or_broken_values_print_blank_lines(form_id: str, context: str) -> None:
    ctx = {"empty": {}, "nulled": nulled(h.load_context("form_context")), "broken": BROKEN}
    pdf = render_form(FORMS[form_id], ctx[context], serial="", printed_by="",
                      printed_at=h.PRINTED_AT)
    assert page_count(pdf) == len(FORMS[form_id].copies)


def test_one_copy_can_be_printed_alone() -> None:
    spec: FormSpec = FORMS["sales_contract"]
    pdf = render_form(spec, h.load_context("form_context"), serial="S1", printed_by="x",
                      printed_at=h.PRINTED_AT, copy_id="white")
    assert page_count(pdf) == 1


def test_an_unknown_copy_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="red, white, green"):
        render_form(FORMS["sales_contract"], {}, serial="S1", printed_by="x",
                    printed_at=h.PRINTED_AT, copy_id="blue")


def test_no_font_means_no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.printing import fonts
    monkeypatch.setattr(fonts, "system_font_candidates", lambda: [])
    monkeypatch.setattr(fonts, "bundled_font_candidates", lambda: [])
    with pytest.raises(FontMissing, match="fonts-wqy-microhei"):
        render_form(FORMS["fee_details"], {}, serial="S1", printed_by="x",
                    printed_at=h.PRINTED_AT, font_setting="/nowhere/font.ttc")
