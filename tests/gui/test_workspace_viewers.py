"""The page viewer, the form preview (print, save, issue) and the credit dossier button."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from app.services.cases import create_case, get_case
from app.services.forms import issued_forms
from app.store.db import Database
from app.ui.form_preview import FormPreview
from app.ui.workers import Workers
from app.ui.workspace import CaseWorkspace
from tests.conftest import CONSULTANT, married_case

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def synchronous_workers() -> Iterator[None]:
    Workers.synchronous = True
    yield
    Workers.synchronous = False


def pdf_bytes(pages: int = 2) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for n in range(pages):
        pdf.drawString(72, 760, f"page {n + 1}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def workspace_of(qtbot: Any, db: Database, actor: str = CONSULTANT) -> CaseWorkspace:
    workspace = CaseWorkspace(db, actor, create_case(db, CONSULTANT, married_case()))
    qtbot.addWidget(workspace)
    workspace.resize(1366, 768)
    workspace.show()
    return workspace


def test_preview_prints_every_page_and_saves(qtbot: Any, tmp_path: Path) -> None:
    preview = FormPreview(pdf_bytes(3), "出库单")
    qtbot.addWidget(preview)
    assert preview.page_count() == 3
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_to(printer) == 3
    assert (tmp_path / "printed.pdf").stat().st_size > 1000
    preview.save_to(tmp_path / "saved")
    assert (tmp_path / "saved.pdf").read_bytes() == preview.pdf
    assert not preview.issue_button.isVisible()


def test_a_refused_form_shows_why_and_cannot_be_issued(qtbot: Any) -> None:
    preview = FormPreview(pdf_bytes(1), "出库单", refusal="尚未办理抵押登记")
    qtbot.addWidget(preview)
    preview.show()
    assert preview.issue_button.isVisible() and not preview.issue_button.isEnabled()
    assert "尚未办理抵押登记" in preview.state.text()


def test_a_step_form_is_previewed_then_issued(qtbot: Any, db: Database) -> None:
    workspace = workspace_of(qtbot, db)
    workspace.show_step("contract")
    assert workspace.page is not None
    bar = workspace.page.forms
    bar.open_form("sales_contract")
    preview = bar.preview
    assert preview is not None and preview.page_count() == 3  # red, white, green copies
    assert preview.issue_button.isEnabled()
    preview.issue()
    assert preview.issued is not None and not preview.issued.reprint
    assert issued_forms(db, CONSULTANT, workspace.number)[0].serial == preview.issued.serial
    preview.reject()
    assert workspace.page.forms.findChildren(type(preview.issue_button))


def test_warehouse_release_form_is_refused_before_the_mortgage(qtbot: Any,
                                                               db: Database) -> None:
    workspace = workspace_of(qtbot, db)
    workspace.show_step("warehouse_release")
    assert workspace.page is not None
    workspace.page.forms.open_form("warehouse_release")
    preview = workspace.page.forms.preview
    assert preview is not None and not preview.issue_button.isEnabled()
    assert "mortgage" in preview.state.text()


def test_credit_dossier_is_a_draft_listing_what_is_missing(qtbot: Any, db: Database) -> None:
    workspace = workspace_of(qtbot, db)
    workspace.show_step("credit_review")
    assert workspace.page is not None
    bar = workspace.page.forms
    bar.open_dossier()
    preview = bar.preview
    assert preview is not None and preview.page_count() >= 1
    assert "ID card" in preview.state.text()


def test_page_viewer_zooms_rotates_and_pages(qtbot: Any, db: Database, tmp_path: Path) -> None:
    workspace = workspace_of(qtbot, db)
    paths = []
    for n, size in enumerate(((1400, 1000), (1000, 1400))):
        path = tmp_path / f"page{n}.jpg"
        Image.new("RGB", size, (200, 220, 240)).save(path, "JPEG")
        paths.append(path)
    workspace.show_step("documents")
    assert workspace.page is not None
    licence = next(s for s in workspace.page.slots if s.item.id == "driver_license")
    licence.add_files(paths)
    document = get_case(db, CONSULTANT, workspace.number).documents[0]
    assert workspace.page is not None
    licence = next(s for s in workspace.page.slots if s.item.id == "driver_license")
    viewer = licence.view_pages(document, 0)
    qtbot.addWidget(viewer)
    assert viewer.image.pixmap().width() > 0
    assert "1 of 2" in viewer.where.text()
    viewer.fit_to_window()
    fitted = viewer.zoom
    viewer.zoom_in()
    assert viewer.zoom > fitted
    landscape = viewer.image.pixmap().width() > viewer.image.pixmap().height()
    viewer.rotate(90)
    assert (viewer.image.pixmap().width() > viewer.image.pixmap().height()) != landscape
    viewer.show_next()
    assert "2 of 2" in viewer.where.text() and not viewer.next.isEnabled()
    viewer.show_previous()
    assert viewer.previous.isEnabled() is False
