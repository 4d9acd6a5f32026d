"""The document-camera dialog: a clear message without a camera (CI has none), pages from
frames (a fake camera here), several pages stored as one document through the slot."""

from __future__ import annotations

from typing import Any

import pytest
from PIL import Image
from PySide6.QtWidgets import QDialog

import app.ui.camera_capture as camera_capture
from app.services.cases import get_case
from app.store.db import Database
from app.ui.camera_capture import CameraCaptureDialog
from tests.conftest import CONSULTANT, FINANCE
from tests.gui.conftest import OFFSCREEN_NOISE
from tests.gui.test_workspace import open_case, slot
from tests.helpers import new_case
from tests.unit.documents.test_capture import _desk, _lay, _page, _rotated

# QtMultimedia reports the hardware video decoders it did not find (VA-API, PipeWire) when it
# first loads: the machine's warning, not ours. On each test: the GUI conftest's own mark on
# every test would hide a module-wide one.
MULTIMEDIA_NOISE = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, "Couldn't (load|resolve) ",
                                             "Using Qt multimedia with FFmpeg")


class FakeCamera:
    """Frames in the order given, then None (a camera that stopped sending)."""

    def __init__(self, *frames: Image.Image) -> None:
        self.frames = list(frames)

    def __call__(self) -> Image.Image | None:
        return self.frames.pop(0) if self.frames else None


@MULTIMEDIA_NOISE
def test_without_a_camera_the_dialog_says_so_and_captures_nothing(qtbot: Any) -> None:
    dialog = CameraCaptureDialog("ID card")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.has_camera()  # offscreen: no cameras
    text = dialog.message.text()
    assert "No camera found" in text or "Camera support is not installed" in text
    assert not dialog.capture_button.isEnabled()
    assert not dialog.store_button.isEnabled()


@MULTIMEDIA_NOISE
def test_without_qt_multimedia_the_dialog_says_what_is_missing(qtbot: Any,
                                                                monkeypatch) -> None:
    monkeypatch.setattr(camera_capture, "_multimedia", lambda: None)
    dialog = CameraCaptureDialog("ID card")
    qtbot.addWidget(dialog)
    assert "Camera support is not installed" in dialog.message.text()
    assert dialog.view is None
    assert not dialog.capture_button.isEnabled()


@MULTIMEDIA_NOISE
def test_each_press_stores_a_page_cropped_where_paper_shows(qtbot: Any) -> None:
    page = _page()
    camera = FakeCamera(_lay(page, _rotated(9, 1.3), seed=5), _desk(8))
    dialog = CameraCaptureDialog("bank statement", frame_source=camera)
    qtbot.addWidget(dialog)
    assert dialog.capture_button.isEnabled()
    dialog.capture_button.click()
    dialog.capture_button.click()
    assert len(dialog.pages) == 2 and dialog.strip.count() == 2
    assert dialog.pages[0].cropped
    assert abs(dialog.pages[0].page.width / dialog.pages[0].page.height - 420 / 594) < 0.03
    assert not dialog.pages[1].cropped  # no paper: the whole frame
    assert "whole picture" in dialog.status.text()
    assert "2 page(s)" in dialog.store_button.text() and dialog.store_button.isEnabled()
    dialog.capture_button.click()  # the camera sent nothing new
    assert len(dialog.pages) == 2 and "not shown a picture" in dialog.status.text()
    dialog.remove_button.click()
    assert len(dialog.pages) == 1 and dialog.strip.count() == 1


@MULTIMEDIA_NOISE
def test_unticking_crop_keeps_the_whole_frame(qtbot: Any) -> None:
    frame = _lay(_page(), _rotated(9, 1.3), seed=5)
    dialog = CameraCaptureDialog("ID card", frame_source=FakeCamera(frame))
    qtbot.addWidget(dialog)
    dialog.crop.setChecked(False)
    dialog.capture_button.click()
    assert not dialog.pages[0].cropped and dialog.pages[0].page.size == frame.size
    again = CameraCaptureDialog("ID card", frame_source=FakeCamera(frame))
    qtbot.addWidget(again)
    assert not again.crop.isChecked()  # remembered on this workstation
    again.crop.setChecked(True)


@MULTIMEDIA_NOISE
def test_page_files_are_jpegs_in_capture_order_and_discarded_after(qtbot: Any) -> None:
    dialog = CameraCaptureDialog("ID card", frame_source=FakeCamera(
        Image.new("RGB", (640, 480), (10, 10, 10)), Image.new("RGB", (800, 600), "white")))
    qtbot.addWidget(dialog)
    dialog.capture_button.click()
    dialog.capture_button.click()
    files = dialog.page_files()
    sizes = []
    for file in files:
        with Image.open(file) as image:
            sizes.append(image.size)
    assert sizes == [(640, 480), (800, 600)]
    assert all(f.suffix == ".jpg" for f in files)
    dialog.discard_files()
    assert not any(f.exists() for f in files)


@MULTIMEDIA_NOISE
def test_the_slot_imports_captured_pages_as_one_document(qtbot: Any, db: Database,
                                                         monkeypatch) -> None:
    frames = [_lay(_page(), _rotated(a, 1.3), seed=a + 20) for a in (-6, 4, 11)]
    shown: list[CameraCaptureDialog] = []

    def fake_exec(self: CameraCaptureDialog) -> int:
        self.use_frames(FakeCamera(*frames))
        for _ in frames:
            self.capture_button.click()
        shown.append(self)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CameraCaptureDialog, "exec", fake_exec)
    workspace = open_case(qtbot, db)
    licence = slot(workspace, "documents", "driver_license")
    assert licence.capture_button.isVisible()
    licence.capture_button.click()
    statements = [d for d in get_case(db, CONSULTANT, workspace.number).documents
                  if d.kind == "driver_license"]
    assert len(statements) == 1 and len(statements[0].pages) == 3
    assert shown and shown[0]._folder is None  # the temporary files are gone after import
    assert "Added 3 page(s)" in workspace.notice.text()
    refreshed = slot(workspace, "documents", "driver_license")
    assert refreshed.state.text() == "present"


@MULTIMEDIA_NOISE
def test_a_role_that_may_not_add_documents_has_no_capture_button(qtbot: Any,
                                                                 db: Database) -> None:
    number, _ = new_case(db)
    workspace = open_case(qtbot, db, FINANCE, number)
    assert not slot(workspace, "documents", "driver_license").capture_button.isVisible()


@MULTIMEDIA_NOISE
def test_pages_survive_a_round_trip_through_qimage() -> None:
    from PySide6.QtGui import QImage

    image = QImage(7, 3, QImage.Format.Format_RGB32)  # odd width: padded lines
    image.fill(0x00112233)
    pil = camera_capture.qimage_to_pil(image)
    assert pil.size == (7, 3) and pil.getpixel((6, 2)) == (0x11, 0x22, 0x33)
