"""Capture pages with a document camera (高拍仪, any UVC camera): live view, one press per
page, several pages make one document.

Each press takes the newest frame the camera showed, finds the paper on it on the thread
pool (app/documents/capture.py: cropped and made upright where the paper is visible, else
the whole frame) and adds it to the strip of pages. "Store" writes the pages as JPEG files to
a temporary folder and hands their paths to the slot, which imports them through the same
pipeline as dropped files. The camera chosen is remembered on this workstation (QSettings).

QtMultimedia ships in PySide6-Addons; where it is missing (a PySide6-Essentials install),
or no camera is connected, the dialog says so instead of the live view.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.documents.capture import Capture, capture_page
from app.ui import i18n
from app.ui.workers import run_in_pool

CAMERA_SETTING = "capture/camera"
CROP_SETTING = "capture/crop"
THUMB = 96
PAGE_QUALITY = 90

FrameSource = Callable[[], Image.Image | None]


def _multimedia() -> Any | None:
    """The QtMultimedia modules, or None where PySide6-Addons is not installed."""
    try:
        from PySide6 import QtMultimedia, QtMultimediaWidgets
    except ImportError:
        return None
    return (QtMultimedia, QtMultimediaWidgets)


def qimage_to_pil(image: QImage) -> Image.Image:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    data = bytes(rgb.constBits())[: rgb.bytesPerLine() * rgb.height()]
    return Image.frombuffer("RGB", (rgb.width(), rgb.height()), data, "raw", "RGB",
                            rgb.bytesPerLine(), 1).copy()


def _thumbnail(page: Image.Image) -> QIcon:
    small = page.copy()
    small.thumbnail((THUMB * 2, THUMB * 2))
    data = small.convert("RGB").tobytes()
    image = QImage(data, small.width, small.height, small.width * 3,
                   QImage.Format.Format_RGB888).copy()
    return QIcon(QPixmap.fromImage(image))


class CameraCaptureDialog(QDialog):
    """Live view and a strip of captured pages; `page_files()` after it is accepted."""

    def __init__(self, title: str, parent: QWidget | None = None,
                 frame_source: FrameSource | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Capture {0}").format(title))
        self.pages: list[Capture] = []
        self._folder: Path | None = None
        self._busy = False
        self._camera: Any = None
        self._session: Any = None
        self._last_frame: Any = None
        self._media = _multimedia()
        self._fake_camera = frame_source is not None  # tests: frames without hardware
        self.frame_source: FrameSource = frame_source or self._newest_frame
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Camera:")))
        self.cameras = QComboBox()
        self.cameras.setObjectName("camera_choice")
        top.addWidget(self.cameras, 1)
        self.crop = QCheckBox(self.tr("Crop to the paper and straighten it"))
        self.crop.setChecked(str(i18n.settings().value(CROP_SETTING, "true")) == "true")
        self.crop.toggled.connect(
            lambda on: i18n.settings().setValue(CROP_SETTING, "true" if on else "false"))
        top.addWidget(self.crop)
        layout.addLayout(top)
        self.message = QLabel()
        self.message.setObjectName("camera_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMinimumHeight(120)
        layout.addWidget(self.message)
        self.view: Any = None  # a QVideoWidget when QtMultimedia is there
        if self._media is not None:
            self.view = self._media[1].QVideoWidget()
            self.view.setMinimumSize(640, 420)
            layout.addWidget(self.view, 1)
        self.strip = QListWidget()
        self.strip.setViewMode(QListWidget.ViewMode.IconMode)
        self.strip.setIconSize(QSize(THUMB, THUMB))
        self.strip.setFixedHeight(THUMB + 40)
        self.strip.setFlow(QListWidget.Flow.LeftToRight)
        layout.addWidget(self.strip)
        row = QHBoxLayout()
        self.capture_button = QPushButton(self.tr("Capture page"))
        self.capture_button.setObjectName("capture_page")
        self.capture_button.setDefault(True)
        self.capture_button.clicked.connect(self.capture)
        self.remove_button = QPushButton(self.tr("Remove last page"))
        self.remove_button.clicked.connect(self.remove_last)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self.capture_button)
        row.addWidget(self.remove_button)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.store_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._fill_cameras()
        self.cameras.currentIndexChanged.connect(self._camera_chosen)
        self._camera_chosen()
        self._update()

    # -- cameras ------------------------------------------------------------------------------

    def _fill_cameras(self) -> None:
        if self._media is None:
            return
        remembered = str(i18n.settings().value(CAMERA_SETTING, ""))
        for device in self._media[0].QMediaDevices.videoInputs():
            key = bytes(device.id().data()).hex()
            self.cameras.addItem(device.description(), key)
            if key == remembered:
                self.cameras.setCurrentIndex(self.cameras.count() - 1)

    def has_camera(self) -> bool:
        return self.cameras.count() > 0

    def _camera_chosen(self) -> None:
        self._stop()
        if self._media is None:
            self.message.setText(self.tr(
                "Camera support is not installed on this computer (Qt Multimedia, part of "
                "PySide6-Addons). Add the pages as files instead."))
            return
        if not self.has_camera():
            self.message.setText(self.tr(
                "No camera found. Connect the document camera (USB) and open this window "
                "again, or add the pages as files."))
            return
        multimedia = self._media[0]
        key = self.cameras.currentData()
        device = next((d for d in multimedia.QMediaDevices.videoInputs()
                       if bytes(d.id().data()).hex() == key), None)
        if device is None:
            return
        i18n.settings().setValue(CAMERA_SETTING, key)
        self._camera = multimedia.QCamera(device)
        self._session = multimedia.QMediaCaptureSession()
        self._session.setCamera(self._camera)
        self._session.setVideoOutput(self.view)
        assert self.view is not None
        self.view.videoSink().videoFrameChanged.connect(self._frame_arrived)
        self._camera.errorOccurred.connect(
            lambda _e, text: self.message.setText(self.tr("Camera error: {0}").format(text)))
        self.message.setText(self.tr("Lay the page under the camera and press Capture page "
                                     "(or Space) for each page."))
        self._camera.start()

    def use_frames(self, source: FrameSource) -> None:
        """Take frames from `source` instead of the camera (tests, a still-image source)."""
        self.frame_source = source
        self._fake_camera = True
        self._update()

    def _frame_arrived(self, frame: Any) -> None:
        self._last_frame = frame

    def _newest_frame(self) -> Image.Image | None:
        if self._last_frame is None or not self._last_frame.isValid():
            return None
        image = self._last_frame.toImage()
        return None if image.isNull() else qimage_to_pil(image)

    def _stop(self) -> None:
        if self._camera is not None:
            self._camera.stop()
            self._camera = None
        self._last_frame = None

    # -- pages --------------------------------------------------------------------------------

    def capture(self) -> None:
        """Take the newest frame; find the page on it off the GUI thread."""
        if self._busy:
            return
        frame = self.frame_source()
        if frame is None:
            self.status.setText(self.tr("The camera has not shown a picture yet."))
            return
        self._busy = True
        self._update()
        crop = self.crop.isChecked()
        run_in_pool(lambda: capture_page(frame) if crop else Capture(frame.convert("RGB"), None),
                    on_result=self._captured, on_error=self._failed)

    def _captured(self, page: Capture) -> None:
        self._busy = False
        self.pages.append(page)
        item = QListWidgetItem(_thumbnail(page.page), str(len(self.pages)))
        item.setToolTip(self.tr("Cropped to the paper") if page.cropped
                        else self.tr("Whole picture kept: no paper edges found"))
        self.strip.addItem(item)
        self.strip.scrollToItem(item)
        self.status.setText(self.tr("Page {0} captured.").format(len(self.pages)) if page.cropped
                            else self.tr("Page {0} captured (whole picture: no paper edges "
                                         "found).").format(len(self.pages)))
        self._update()

    def _failed(self, error: Exception) -> None:
        self._busy = False
        self.status.setText(i18n.error_text(error))
        self._update()

    def remove_last(self) -> None:
        if self.pages:
            self.pages.pop()
            self.strip.takeItem(self.strip.count() - 1)
            self._update()

    def _update(self) -> None:
        live = self._fake_camera or self._camera is not None
        self.capture_button.setEnabled(live and not self._busy)
        self.remove_button.setEnabled(bool(self.pages))
        self.store_button.setEnabled(bool(self.pages) and not self._busy)
        self.store_button.setText(self.tr("Store {0} page(s) as one document").format(
            len(self.pages)))

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Space and self.capture_button.isEnabled():
            self.capture()
            return
        super().keyPressEvent(event)

    def page_files(self) -> list[Path]:
        """The captured pages as JPEG files in a fresh temporary folder (removed by
        `discard_files` once they are imported)."""
        self._folder = Path(tempfile.mkdtemp(prefix="loandesk-capture-"))
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        paths = []
        for number, page in enumerate(self.pages, start=1):
            path = self._folder / f"camera-{stamp}-{number:02d}.jpg"
            page.page.save(path, "JPEG", quality=PAGE_QUALITY)
            paths.append(path)
        return paths

    def discard_files(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def done(self, result: int) -> None:
        self._stop()
        super().done(result)
