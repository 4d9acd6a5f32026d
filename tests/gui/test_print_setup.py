"""Print set-up per form, printing off the GUI thread at the form's size, and a preview that
is the printed page."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter

from app.printing.placement import shift
from app.printing.profile import PrintProfile
from app.services import forms as form_service
from app.services.print_profiles import calibration_pdf, get_profile
from app.store.db import Database
from app.ui import form_preview
from app.ui.form_preview import FormPreview, FormPrinting
from app.ui.print_job import make_printer, rasterise
from app.ui.print_setup import PrintSetupDialog
from app.ui.workers import Workers
from tests.conftest import FINANCE

PT_PER_MM = 72 / 25.4
EPSON = "Epson LQ-630K"


@pytest.fixture
def db(demo_db: Database) -> Database:
    return demo_db


def dialog_for(qtbot: Any, db: Database, form_id: str | None = "warehouse_release",
               printers: Callable[[], list[str]] = lambda: [EPSON, "HP LaserJet"]
               ) -> PrintSetupDialog:
    dialog = PrintSetupDialog(db, FINANCE, form_id, printers=printers)
    qtbot.addWidget(dialog)
    return dialog


def test_the_choice_is_saved_per_form_and_shown_again(qtbot: Any, db: Database) -> None:
    dialog = dialog_for(qtbot, db)
    assert "241 × 140 mm" in dialog.paper_label.text()
    assert "continuous" in dialog.paper_label.text()
    assert dialog.overlay_box.isEnabled()
    dialog.printer_box.setCurrentIndex(dialog.printer_box.findData(EPSON))
    dialog.tray_box.setCurrentIndex(dialog.tray_box.findData("Tractor"))
    dialog.offset_x.setValue(1.5)
    dialog.offset_y.setValue(-2.3)
    dialog.overlay_box.setChecked(True)
    dialog.save()
    assert dialog.saved == PrintProfile(EPSON, "", "Tractor", 1.5, -2.3, True), dialog.state.text()
    assert get_profile(db, "warehouse_release") == dialog.saved
    assert get_profile(db, "delivery_confirmation") == PrintProfile()
    again = dialog_for(qtbot, db)
    assert again.profile() == dialog.saved
    assert not again.form_box.isEnabled()
    other = dialog_for(qtbot, db, "settlement_list")
    assert other.profile().printer == EPSON  # the first printer offered, nothing saved
    assert other.offset_x.value() == 0 and not other.overlay_box.isEnabled()


def test_from_tools_the_form_is_chosen_in_the_dialog(qtbot: Any, db: Database) -> None:
    dialog = dialog_for(qtbot, db, None)
    assert dialog.form_box.isEnabled()
    dialog.form_box.setCurrentIndex(dialog.form_box.findData("delivery_confirmation"))
    assert "210 × 297 mm" in dialog.paper_label.text()
    dialog.offset_y.setValue(4)
    dialog.save()
    assert get_profile(db, "delivery_confirmation").offset_y_mm == 4


def test_a_printer_saved_elsewhere_is_shown_not_lost(qtbot: Any, db: Database) -> None:
    dialog = dialog_for(qtbot, db)
    dialog.printer_box.setCurrentIndex(dialog.printer_box.findData("HP LaserJet"))
    dialog.save()
    here = dialog_for(qtbot, db, printers=lambda: [EPSON])
    assert here.profile().printer == "HP LaserJet"
    assert "not found here" in here.printer_box.currentText()


def test_without_printers_nothing_is_saved(qtbot: Any, db: Database) -> None:
    dialog = dialog_for(qtbot, db, printers=list)
    dialog.save()
    assert dialog.saved is None and "printer" in dialog.state.text()
    assert get_profile(db, "warehouse_release") == PrintProfile()
    dialog.state.clear()
    dialog.calibrate_button.click()  # nothing to print to: said, not attempted
    assert dialog.state.text() == "Choose a printer first."


def test_the_calibration_page_prints_on_the_forms_paper(qtbot: Any, db: Database,
                                                        tmp_path: Path) -> None:
    dialog = dialog_for(qtbot, db)
    out = tmp_path / "calibration.pdf"
    dialog.print_calibration(output_file=str(out))
    page = PdfReader(io.BytesIO(out.read_bytes())).pages[0].mediabox
    assert abs(float(page.width) / PT_PER_MM - 241) < 0.5
    assert abs(float(page.height) / PT_PER_MM - 140) < 0.5
    assert "Measure mark A" in dialog.state.text()


def preview_of(qtbot: Any, pdf: bytes, profile: PrintProfile,
               set_up: Callable[[], None] = lambda: None) -> FormPreview:
    paper = form_service.form_spec("warehouse_release").paper
    assert paper is not None
    preview = FormPreview(pdf, "出库单", printing=FormPrinting(paper, profile, set_up))
    qtbot.addWidget(preview)
    return preview


def squares(width_mm: float, height_mm: float) -> bytes:
    """Black 10 mm squares at known places: survives rasterising at any resolution."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    c = Canvas(out, pagesize=(width_mm * mm, height_mm * mm))
    for x, y in ((20, 20), (200, 30), (60, 100), (180, 110)):
        c.rect(x * mm, (height_mm - y - 10) * mm, 10 * mm, 10 * mm, stroke=0, fill=1)
    c.showPage()
    c.save()
    return out.getvalue()


def test_printing_runs_off_the_gui_thread_at_the_forms_size(qtbot: Any, tmp_path: Path) -> None:
    pdf = squares(241, 140)
    profile = PrintProfile(EPSON, offset_x_mm=5, offset_y_mm=4)
    preview = preview_of(qtbot, pdf, profile)
    out = tmp_path / "printed.pdf"
    paper = form_service.form_spec("warehouse_release").paper
    assert paper is not None
    Workers.synchronous = False  # the real pool, as in the application
    preview.send(make_printer(paper, profile, output_file=str(out)))
    qtbot.waitUntil(lambda: hasattr(preview, "last_printed"), timeout=30000)
    assert preview.last_printed.pages == 1
    assert not preview.last_printed.on_gui_thread
    assert "Sent 1 page" in preview.state.text()
    box = PdfReader(io.BytesIO(out.read_bytes())).pages[0].mediabox
    assert abs(float(box.width) / PT_PER_MM - 241) < 0.5
    assert abs(float(box.height) / PT_PER_MM - 140) < 0.5
    # At 100 %, from the paper's corner: the printed page looks like the page previewed.
    sent, = rasterise(out.read_bytes(), 40)
    shown, = rasterise(preview.print_pdf, 40)
    unshifted, = rasterise(pdf, 40)
    assert difference(sent, shown) < 1
    assert difference(sent, unshifted) > 4 * difference(sent, shown) + 1


@pytest.mark.qt_log_ignore("QPainter::begin")  # Qt says so too; the clerk reads ours
def test_a_failing_printer_is_said_plainly(qtbot: Any, tmp_path: Path) -> None:
    preview = preview_of(qtbot, calibration_pdf("warehouse_release"), PrintProfile(EPSON))
    paper = form_service.form_spec("warehouse_release").paper
    assert paper is not None
    nowhere = tmp_path / "no such folder" / "x.pdf"
    preview.send(make_printer(paper, PrintProfile(EPSON), output_file=str(nowhere)))
    assert "did not accept the job" in preview.state.text()
    assert preview.print_button.isEnabled()


def test_print_goes_straight_to_a_saved_printer_else_asks(qtbot: Any,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    asked: list[str] = []
    sent: list[object] = []
    pdf = calibration_pdf("warehouse_release")
    monkeypatch.setattr(FormPreview, "send", lambda self, printer: sent.append(printer))
    monkeypatch.setattr(form_preview, "printer_present", lambda name: name == EPSON)
    preview_of(qtbot, pdf, PrintProfile(), lambda: asked.append("new")).print_dialog()
    preview_of(qtbot, pdf, PrintProfile("Gone"), lambda: asked.append("gone")).print_dialog()
    assert asked == ["new", "gone"] and not sent
    preview_of(qtbot, pdf, PrintProfile(EPSON), lambda: asked.append("x")).print_dialog()
    assert len(sent) == 1 and asked == ["new", "gone"]


def on_white(image: QImage) -> QImage:
    """The page as paper shows it: QtPdf leaves the unprinted paper transparent."""
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(QColor("white"))
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def difference(a: QImage, b: QImage) -> float:
    """Mean absolute grey difference, 0-255."""
    a = on_white(a).convertToFormat(QImage.Format.Format_Grayscale8)
    b = on_white(b).convertToFormat(QImage.Format.Format_Grayscale8)
    assert a.size() == b.size()
    total = 0
    step = 3  # every third pixel each way: plenty for a whole-page shift
    for y in range(0, a.height(), step):
        for x in range(0, a.width(), step):
            total += abs(a.pixelColor(x, y).value() - b.pixelColor(x, y).value())
    return total / ((a.height() // step + 1) * (a.width() // step + 1))


def test_the_preview_is_the_rasterised_print_pdf(qtbot: Any) -> None:
    pdf = calibration_pdf("warehouse_release")
    profile = PrintProfile(EPSON, offset_x_mm=3, offset_y_mm=2)
    preview = preview_of(qtbot, pdf, profile)
    assert preview.print_pdf == shift(pdf, 3, 2)
    assert preview.pdf == pdf  # "Save as PDF" keeps the form itself
    printed, = rasterise(preview.print_pdf, 50)
    unshifted, = rasterise(pdf, 50)
    shown = preview.document.render(0, QSize(printed.width(), printed.height()))
    assert difference(shown, printed) < 2
    assert difference(shown, unshifted) > 4 * difference(shown, printed) + 5


def test_the_forms_bar_previews_through_the_saved_profile(qtbot: Any, db: Database,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    from app.services.cases import create_case
    from app.services.print_profiles import save_profile
    from app.ui.workspace import CaseWorkspace
    from tests.conftest import CONSULTANT, married_case

    number = create_case(db, CONSULTANT, married_case())
    save_profile(db, CONSULTANT, "warehouse_release",
                 {"printer": EPSON, "offset_x_mm": 2.5, "overlay": True})
    workspace = CaseWorkspace(db, CONSULTANT, number)
    qtbot.addWidget(workspace)
    workspace.show_step("warehouse_release")
    assert workspace.page is not None
    bar = workspace.page.forms
    bar.open_form("warehouse_release")
    preview = bar.preview
    assert preview is not None and preview.printing is not None
    assert preview.printing.profile.overlay and preview.printing.profile.offset_x_mm == 2.5
    assert preview.page_count() == 1  # 套打 on the carbonless set: one pass
    text = PdfReader(io.BytesIO(preview.print_pdf)).pages[0].extract_text()
    assert "车辆出库单" not in text  # values only
    assert preview.print_pdf == shift(preview.pdf, 2.5, 0)
    assert preview.setup_button.isVisibleTo(preview)
    # Changing the set-up shows the form again through the new profile.
    opened: list[PrintSetupDialog] = []
    monkeypatch.setattr(PrintSetupDialog, "open", lambda self: opened.append(self))
    preview.setup_button.click()
    dialog, = opened
    dialog.overlay_box.setChecked(False)
    dialog.offset_x.setValue(0)
    dialog.save()
    assert bar.preview is not preview and bar.preview is not None
    assert bar.preview.page_count() == 2  # the full form, red and green copies
    assert bar.preview.print_pdf == bar.preview.pdf


@pytest.mark.parametrize(("user", "offered"), [("chen.jing", True), ("sun.li", False),
                                               ("wang.fang", True)])
def test_tools_offers_print_set_up_to_those_who_print(qtbot: Any, demo_url: str, user: str,
                                                      offered: bool) -> None:
    from app.ui.main_window import MainWindow

    window = MainWindow(demo_url, user)
    qtbot.addWidget(window)
    window.show()
    window.start()
    tools = window.print_setup_action.associatedObjects()[0]
    tools.aboutToShow.emit()
    assert window.print_setup_action.isVisible() is offered
    if offered:
        window.open_print_setup()
        dialog = window.findChild(PrintSetupDialog)
        assert dialog is not None and dialog.form_box.isEnabled()
