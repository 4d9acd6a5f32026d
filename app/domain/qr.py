"""What the QR code on a printed sheet says, and reading it back.

A USB barcode scanner is a keyboard: it types the code's text and presses Enter. So the text
is short (a small QR code, version 3-4 at level M, stays readable on a phone photo), plain
ASCII (no input method or keyboard layout changes it), and made of fields separated by
``|``, a character that appears in none of its parts::

    LD1|<case number>|F|<form id>|<serial>|<copy id>     one copy of an issued form
    LD1|<case number>|D|<document kind>|<party>          a cover sheet for the scanner inbox

``LD1`` names the format and its version: a later format becomes ``LD2`` and this one keeps
being read. Examples::

    LD1|LD2026-000042|F|sales_contract|SC2026-000007|red
    LD1|LD2026-000042|F|sales_contract|DRAFT|red          (a draft: no serial yet)
    LD1|LD2026-000042|D|id_card|spouse

`parse` accepts exactly these shapes (spaces or a line end around the text, as a scanner
adds, are ignored) and refuses anything else with InvalidInput: a scanner that read a
customer's own QR code must never open, or confirm, anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.errors import InvalidInput
from app.domain.procedure import DOCUMENT_KINDS, Party

PREFIX = "LD1"
SEPARATOR = "|"
FORM_TAG = "F"
COVER_TAG = "D"
# The serial a draft prints: it names no issued form, so its copy can be received by nobody.
DRAFT_SERIAL = "DRAFT"
# Longest text `parse` accepts: a QR code beyond this is not one of ours (and a version 4
# code at level M holds 62 bytes; ours are about 55).
MAX_LENGTH = 80

_CASE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,23}")
_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")
_SERIAL = _CASE  # SC2026-000007, or DRAFT


@dataclass(frozen=True)
class FormCopyCode:
    """The QR code of one copy of a form: finds the case, the issued form and the copy."""

    case_number: str
    form_id: str
    serial: str
    copy_id: str

    @property
    def draft(self) -> bool:
        return self.serial == DRAFT_SERIAL

    def text(self) -> str:
        return SEPARATOR.join((PREFIX, self.case_number, FORM_TAG, self.form_id, self.serial,
                               self.copy_id))


@dataclass(frozen=True)
class CoverCode:
    """The QR code of a cover sheet: the pages scanned after it are this document."""

    case_number: str
    kind: str
    party: Party

    def text(self) -> str:
        return SEPARATOR.join((PREFIX, self.case_number, COVER_TAG, self.kind, self.party.value))


SheetCode = FormCopyCode | CoverCode


def _refuse(text: str, why: str, zh: str) -> InvalidInput:
    shown = text if len(text) <= 40 else text[:40] + "…"
    return InvalidInput("qr", f"{shown!r} is not a LoanDesk code: {why}",
                        "LD1|<case>|F|<form>|<serial>|<copy> or LD1|<case>|D|<kind>|<party>",
                        zh=f"不是本系统的二维码：{zh}")


def _check(text: str, value: str, pattern: re.Pattern[str], what: str, zh: str) -> str:
    if pattern.fullmatch(value) is None:
        raise _refuse(text, f"bad {what} {value!r}", f"{zh}不正确")
    return value


def parse(text: str) -> SheetCode:
    """The code a scanner typed or a photo held; InvalidInput for anything else."""
    if not isinstance(text, str):
        raise _refuse(repr(text), "not text", "不是文字")
    clean = text.strip(" \t\r\n")
    if len(clean) > MAX_LENGTH:
        raise _refuse(clean, f"longer than {MAX_LENGTH} characters", "过长")
    if not clean.isascii() or not clean.isprintable():
        raise _refuse(clean, "not plain ASCII", "含有非ASCII字符")
    fields = clean.split(SEPARATOR)
    if fields[0] != PREFIX:
        raise _refuse(clean, f"it does not start with {PREFIX}{SEPARATOR}", f"不以{PREFIX}开头")
    if len(fields) < 3:
        raise _refuse(clean, "too few fields", "字段不足")
    case = _check(clean, fields[1], _CASE, "case number", "案件编号")
    tag = fields[2]
    if tag == FORM_TAG and len(fields) == 6:
        return FormCopyCode(case, _check(clean, fields[3], _ID, "form id", "表单"),
                            _check(clean, fields[4], _SERIAL, "serial", "流水号"),
                            _check(clean, fields[5], _ID, "copy id", "联次"))
    if tag == COVER_TAG and len(fields) == 5:
        kind = _check(clean, fields[3], _ID, "document kind", "资料类型")
        if kind not in DOCUMENT_KINDS:
            raise _refuse(clean, f"unknown document kind {kind!r}", "资料类型未知")
        try:
            party = Party(fields[4])
        except ValueError:
            raise _refuse(clean, f"unknown party {fields[4]!r}", "当事人未知") from None
        return CoverCode(case, kind, party)
    raise _refuse(clean, "unknown kind of sheet or wrong number of fields", "格式不正确")


def form_copy_text(case_number: str, form_id: str, serial: str, copy_id: str) -> str:
    """The text printed on a form copy (the engine prints what it is given: a test sheet
    without a case still prints; `parse` is where a code is judged)."""
    return FormCopyCode(case_number, form_id, serial, copy_id).text()
