"""The QR text: what is printed parses back to the same thing; anything else is refused."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import qr
from app.domain.errors import InvalidInput
from app.domain.procedure import DOCUMENT_KINDS, Party

CASES = st.from_regex(r"\ALD20[0-9]{2}-[0-9]{6}\Z")
IDS = st.from_regex(r"\A[a-z][a-z0-9_]{0,20}\Z")
SERIALS = st.one_of(st.just("DRAFT"), st.from_regex(r"\A[A-Z]{1,4}20[0-9]{2}-[0-9]{6}\Z"))


@given(CASES, IDS, SERIALS, IDS)
def test_a_form_copy_code_round_trips(case: str, form: str, serial: str, copy: str) -> None:
    text = qr.form_copy_text(case, form, serial, copy)
    assert text == f"LD1|{case}|F|{form}|{serial}|{copy}"  # the documented shape
    assert qr.parse(text) == qr.FormCopyCode(case, form, serial, copy)
    # A scanner ends with Enter (sometimes CR LF); spaces around are tolerated too.
    assert qr.parse(f" {text}\r\n") == qr.parse(text)
    assert text.isascii() and len(text) <= qr.MAX_LENGTH


@given(CASES, st.sampled_from(sorted(DOCUMENT_KINDS)), st.sampled_from(list(Party)))
def test_a_cover_code_round_trips(case: str, kind: str, party: Party) -> None:
    text = qr.CoverCode(case, kind, party).text()
    assert text == f"LD1|{case}|D|{kind}|{party.value}"
    assert qr.parse(text) == qr.CoverCode(case, kind, party)


def test_the_longest_real_code_is_short() -> None:
    longest_kind = max(DOCUMENT_KINDS, key=len)
    assert len(qr.CoverCode("LD2026-000042", longest_kind, Party.CUSTOMER).text()) <= 60
    assert len(qr.form_copy_text("LD2026-000042", "delivery_confirmation", "DC2026-000001",
                                 "dealership")) <= 66


def test_draft_flag() -> None:
    assert qr.FormCopyCode("LD2026-000001", "fee_details", "DRAFT", "main").draft
    assert not qr.FormCopyCode("LD2026-000001", "fee_details", "FD2026-000001", "main").draft


GOOD_FORM = "LD1|LD2026-000042|F|sales_contract|SC2026-000007|red"
GOOD_COVER = "LD1|LD2026-000042|D|id_card|spouse"


@pytest.mark.parametrize("text", [
    "", "LD2026-000042", "https://example.com/?LD1|x", "LOANDESK|LD2026-000042|sales|S1",
    GOOD_FORM.replace("LD1", "LD2"), GOOD_FORM.replace("LD1", "ld1"),
    GOOD_FORM + "|", GOOD_FORM.rsplit("|", 1)[0], GOOD_FORM.replace("|F|", "|X|"),
    GOOD_FORM.replace("|F|", "|D|"), GOOD_COVER.replace("|D|", "|F|"),
    GOOD_COVER.replace("id_card", "passport"), GOOD_COVER.replace("spouse", "uncle"),
    GOOD_COVER.replace("spouse", "Spouse"), GOOD_FORM.replace("red", "Red"),
    GOOD_FORM.replace("LD2026", "ld2026"), GOOD_FORM.replace("SC2026", "sc2026"),
    GOOD_FORM.replace("sales_contract", "sales-contract"), GOOD_FORM.replace("red", "红"),
    GOOD_FORM.replace("LD2026-000042", ""), GOOD_FORM.replace("LD2026-000042", "-LD2026"),
    GOOD_FORM.replace("red", "re\td"), GOOD_FORM + "x" * 40, "LD1|", "LD1|LD2026-000042",
    GOOD_COVER + "|extra", "LD1 |LD2026-000042|D|id_card|spouse",
])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        qr.parse(text)
    assert refused.value.field == "qr"
    assert refused.value.zh.startswith("不是本系统的二维码")


def test_the_good_examples_parse() -> None:  # the wrong side of each refusal above
    assert qr.parse(GOOD_FORM) == qr.FormCopyCode("LD2026-000042", "sales_contract",
                                                  "SC2026-000007", "red")
    assert qr.parse(GOOD_COVER) == qr.CoverCode("LD2026-000042", "id_card", Party.SPOUSE)


def test_length_boundary() -> None:
    stem = "LD1|LD2026-000042|F|" + "f" * 30 + "|S1|"
    fits = stem + "c" * (qr.MAX_LENGTH - len(stem))
    assert len(fits) == qr.MAX_LENGTH
    assert isinstance(qr.parse(fits), qr.FormCopyCode)
    with pytest.raises(InvalidInput):
        qr.parse(fits + "c")


@given(st.text(alphabet=string.printable + "红|", max_size=90))
def test_random_text_is_parsed_or_refused_never_crashes(text: str) -> None:
    try:
        code = qr.parse(text)
    except InvalidInput:
        return
    assert code.text() == text.strip(" \t\r\n")  # what is accepted is exactly a code
