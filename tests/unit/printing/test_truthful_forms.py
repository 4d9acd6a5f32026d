"""The forms say what is true: the mortgage packet lists the five originals of step ⑧ with
their custody; the fee details print first and last payment when the payments fall; the
income certificate is the employer's paper, not the dealership's."""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from app.printing.blocks import shown
from app.printing.engine import render_form
from app.printing.forms import FieldSpec, FormSpecError, load_form, load_forms
from tests.unit.printing import conftest as h
from tests.unit.printing.conftest import needs_poppler

FORMS = load_forms()


def text_of(form_id: str, ctx: dict[str, Any], tmp_path: Path) -> str:
    pdf = render_form(FORMS[form_id], ctx, serial="S-1", printed_by="王小明",
                      printed_at=datetime(2026, 11, 20, 14, 30))
    return h.squash("".join(h.pdf_pages_text(pdf, tmp_path)))


def test_when_and_unless_choose_fields() -> None:
    level = FieldSpec("每期还款", unless="loan.payments_fall")
    first = FieldSpec("首期还款", when="loan.payments_fall")
    falls, flat, unknown = ({"loan": {"payments_fall": True}},
                            {"loan": {"payments_fall": False}}, {})
    assert (shown(level, falls), shown(first, falls)) == (False, True)
    assert (shown(level, flat), shown(first, flat)) == (True, False)
    # A blank form (no loan yet): the single payment box, for the hand.
    assert (shown(level, unknown), shown(first, unknown)) == (True, False)
    assert shown(FieldSpec("x"), falls) and shown(FieldSpec("x"), unknown)


def test_when_must_be_text(tmp_path: Path) -> None:
    source = (Path(FORMS["fee_details"].source).read_text(encoding="utf-8")
              .replace('when = "loan.payments_fall"', "when = true", 1))
    broken = tmp_path / "fee_details.toml"
    broken.write_text(source, encoding="utf-8")
    with pytest.raises(FormSpecError, match="when"):
        load_form(broken)


@needs_poppler
def test_fee_details_print_first_and_last_payment_when_they_fall(tmp_path: Path) -> None:
    ctx = h.load_context("form_context")
    level = text_of("fee_details", ctx, tmp_path)
    assert "每期还款" in level and "首期还款" not in level and "逐月递减" not in level
    falling = copy.deepcopy(ctx)
    falling["loan"].update(method="equal_principal", payments_fall=True,
                           first_payment="3194.44", last_payment="2789.35")
    text = text_of("fee_details", falling, tmp_path)
    assert "每期还款" not in text
    assert "首期还款¥3,194.44" in text  # columns side by side: pdftotext interleaves them
    assert "末期还款" in text and "¥2,789.35" in text
    assert "逐月递减" in text and "等额本金" in text


@needs_poppler
def test_mortgage_packet_lists_the_five_originals_with_their_custody(tmp_path: Path) -> None:
    ctx = h.load_context("form_context")
    text = text_of("mortgage_packet", ctx, tmp_path)
    for row in ctx["mortgage_originals"]:
        assert h.squash(row["title"]) in text
    assert text.count("车管所代办张师傅") == 4  # holder of the four originals out
    assert "2026年11月18日" in text and "2026年11月19日" in text
    # Documents that do not go to the registration office are not on the packet.
    for other in ctx["documents"]:
        if other["kind"] not in {r["kind"] for r in ctx["mortgage_originals"]}:
            assert h.squash(other["title"]) not in text, other["title"]


@needs_poppler
def test_income_certificate_is_the_employers_paper(tmp_path: Path) -> None:
    spec = FORMS["income_certificate"]
    assert not spec.letterhead and not spec.qr
    ctx = h.load_context("form_context")
    text = text_of("income_certificate", ctx, tmp_path)
    assert h.squash(ctx["dealership"]["name"]) not in text
    for blank in ("单位名称", "单位盖章", "经办人", "单位电话", "职务", "税后月平均收入"):
        assert blank in text, blank
    assert ctx["customer"]["name"] in text and ctx["customer"]["id_number"] in text
    assert "LD2026-000042" in text  # in the footer: a returned sheet finds its case
    # Every other form stays on the dealership's letterhead.
    assert h.squash(ctx["dealership"]["name"]) in text_of("fee_details", ctx, tmp_path)
    assert all(f.letterhead for f in FORMS.values() if f.id != "income_certificate")
