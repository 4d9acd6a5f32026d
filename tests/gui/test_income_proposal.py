"""'Propose from the PDF' on a bank statement: the grid is filled from the PDF's text, marked,
nothing saved until the consultant saves; own-account transfers are listed as left out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit

from app.services.cases import get_case
from app.store.db import Database
from tests.conftest import CONSULTANT
from tests.gui.test_workspace import open_case, photo, slot
from tests.unit.documents.test_bank_statement import FONT_FILE, two_column_pdf

pytestmark = pytest.mark.skipif(not FONT_FILE.exists(), reason="needs a CJK TrueType font")


def _edits(statement: Any) -> dict[str, QLineEdit]:
    return {e.objectName(): e for e in statement.findChildren(QLineEdit)}


def test_the_grid_is_proposed_from_the_pdf_and_saved_only_on_save(qtbot: Any, db: Database,
                                                                  tmp_path: Path) -> None:
    workspace = open_case(qtbot, db)
    statement = slot(workspace, "documents", "bank_statement")
    customer = get_case(db, CONSULTANT, workspace.number).data.customer.name
    # The grid's months come from the checklist: read them off the empty grid of a photo.
    statement.add_files([photo(tmp_path, "first.jpg")])
    grid = sorted(n.split(".", 1)[1] for n in _edits(slot(workspace, "documents",
                                                           "bank_statement"))
                  if n.startswith("content_income."))
    assert len(grid) == 6
    rows = []
    for month in grid:
        year, mon = map(int, month.split("-"))
        rows.append((date(year, mon, 10), Decimal("8500.00"), "某某公司", "工资"))
        rows.append((date(year, mon, 12), Decimal("-300.00"), "某超市", "消费"))
        rows.append((date(year, mon, 15), Decimal("20000.00"), customer, "转账"))
    pdf = tmp_path / "statement.pdf"
    pdf.write_bytes(two_column_pdf(rows))
    statement = slot(workspace, "documents", "bank_statement")
    document_id = next(d.id for d in get_case(db, CONSULTANT, workspace.number).documents
                       if d.kind == "bank_statement")
    statement.add_files([pdf], replaces=document_id)
    statement = slot(workspace, "documents", "bank_statement")
    editor = next(e.parent() for e in _edits(statement).values()
                  if e.objectName().startswith("content_income."))
    editor.income_proposer.button.click()
    edits = _edits(statement)
    assert {m: edits[f"content_income.{m}"].text() for m in grid} == dict.fromkeys(
        grid, "8500.00")
    note = editor.income_proposer.note.text()
    assert "6 month(s) proposed" in note and note.count("Left out") == 6
    stored = next(d for d in get_case(db, CONSULTANT, workspace.number).documents
                  if d.kind == "bank_statement")
    assert not stored.content.get("income")  # a proposal, not yet saved
    editor.save.click()
    stored = next(d for d in get_case(db, CONSULTANT, workspace.number).documents
                  if d.kind == "bank_statement")
    assert stored.content["income"] == dict.fromkeys(grid, "8500.00")


def test_a_photographed_statement_has_no_proposal_button(qtbot: Any, db: Database,
                                                         tmp_path: Path) -> None:
    workspace = open_case(qtbot, db)
    slot(workspace, "documents", "bank_statement").add_files([photo(tmp_path, "bank.jpg")])
    statement = slot(workspace, "documents", "bank_statement")
    editor = next(e.parent() for e in _edits(statement).values()
                  if e.objectName().startswith("content_income."))
    assert not hasattr(editor, "income_proposer")
