"""Shared helpers for the printing tests: the two case contexts and PDF inspection."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"
CONTEXTS = ("form_context", "form_context_long")
PRINTED_AT = datetime(2026, 11, 20, 14, 30)

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils (pdftotext, pdffonts) not installed")


def load_context(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return data


def squash(text: str) -> str:
    """Text without whitespace: wrapping and pdftotext's spacing must not fail a search."""
    return re.sub(r"\s+", "", text)


def pdf_pages_text(pdf: bytes, tmp_path: Path) -> list[str]:
    file = tmp_path / "form.pdf"
    file.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(file), "-"], capture_output=True,
                         text=True, check=True).stdout
    return out.split("\f")[:-1]  # one form feed after every page


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    """(font name, emb column) for every font pdffonts lists."""
    file = tmp_path / "fonts.pdf"
    file.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(file)], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    # Columns: name type encoding emb sub uni object ID; the type may contain spaces,
    # so read the yes/no flags from the right.
    rows = []
    for line in out[2:]:
        parts = line.split()
        rows.append((parts[0], parts[-5]))
    return rows


def shows(pages: list[str], value: str) -> bool:
    """Whether the value is printed, whole or wrapped over lines of its box.

    A wrapped cell comes out of pdftotext line by line, maybe with a neighbouring cell in
    between, so the value is also found as its pieces, each a whole line, in order.
    """
    target = squash(value)
    if target in squash("".join(pages)):
        return True
    pos = 0
    for line in ("\n".join(pages)).splitlines():
        piece = squash(line)
        if piece and target.startswith(piece, pos):
            pos += len(piece)
            if pos == len(target):
                return True
    return False
