"""A document's pages, one at a time: zoom, fit, rotate, previous and next."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut, QTransform
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services import documents
from app.store.db import Database
from app.ui.workers import run_in_pool

ZOOM_STEP = 1.25


class PageViewer(QDialog):
    """`pages` are (rendition sha256, file name); images load off the GUI thread."""

    def __init__(self, db: Database, actor: str, pages: Sequence[tuple[str, str]], *,
                 title: str = "", start: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.pages = list(pages)
        self.index = min(max(start, 0), max(len(self.pages) - 1, 0))
        self.images: dict[str, QPixmap] = {}
        self.zoom = 1.0
        self.fit = True
        self.rotation = 0
        self.setWindowTitle(title or self.tr("Pages"))
        self.resize(900, 700)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.previous = self._button(bar, self.tr("◀ Previous"), self.show_previous,
                                     QKeySequence.StandardKey.MoveToPreviousPage)
        self.next = self._button(bar, self.tr("Next ▶"), self.show_next,
                                 QKeySequence.StandardKey.MoveToNextPage)
        self.where = QLabel(self)
        bar.addWidget(self.where)
        bar.addStretch(1)
        self._button(bar, self.tr("Zoom out"), self.zoom_out, QKeySequence.StandardKey.ZoomOut)
        self._button(bar, self.tr("Zoom in"), self.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self._button(bar, self.tr("Fit"), self.fit_to_window, None)
        self._button(bar, self.tr("Rotate ⟲"), lambda: self.rotate(-90), None)
        self._button(bar, self.tr("Rotate ⟳"), lambda: self.rotate(90), None)
        layout.addLayout(bar)
        self.area = QScrollArea(self)
        self.area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image = QLabel(self.tr("Loading…"), self)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.area.setWidget(self.image)
        self.area.setWidgetResizable(False)
        layout.addWidget(self.area, 1)
        self.area.viewport().installEventFilter(self)
        self.show_page(self.index)

    def _button(self, bar: QHBoxLayout, text: str, slot: Callable[[], None],
                key: QKeySequence.StandardKey | None) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        if key is not None:
            QShortcut(QKeySequence(key), self, slot)
        bar.addWidget(button)
        return button

    def show_page(self, index: int) -> None:
        if not self.pages:
            self.image.setText(self.tr("This document has no pages."))
            self.where.setText("")
            return
        self.index = index
        self.rotation = 0
        sha, name = self.pages[index]
        self.where.setText(self.tr("Page {0} of {1} · {2}").format(
            index + 1, len(self.pages), name))
        self.previous.setEnabled(index > 0)
        self.next.setEnabled(index < len(self.pages) - 1)
        if sha in self.images:
            self._paint()
            return
        self.image.setText(self.tr("Loading…"))
        self.image.adjustSize()
        run_in_pool(lambda: documents.blob(self.db, self.actor, sha),
                    on_result=lambda data: self._loaded(sha, data),
                    on_error=self._failed)

    def _loaded(self, sha: str, data: bytes) -> None:
        if not shiboken6.isValid(self):
            return
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        self.images[sha] = pixmap
        if self.pages[self.index][0] == sha:
            self._paint()

    def _failed(self, error: Exception) -> None:
        if shiboken6.isValid(self):
            self.image.setText(self.tr("This page cannot be shown: {0}").format(error))
            self.image.adjustSize()

    def current(self) -> QPixmap | None:
        return self.images.get(self.pages[self.index][0]) if self.pages else None

    def _paint(self) -> None:
        pixmap = self.current()
        if pixmap is None or pixmap.isNull():
            return
        turned = pixmap.transformed(QTransform().rotate(self.rotation),
                                    Qt.TransformationMode.SmoothTransformation)
        if self.fit:
            room = self.area.viewport().size()
            scale = min(room.width() / max(turned.width(), 1),
                        room.height() / max(turned.height(), 1))
            self.zoom = max(min(scale, 4.0), 0.05)
        shown = turned.scaled(int(turned.width() * self.zoom), int(turned.height() * self.zoom),
                              Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
        self.image.setPixmap(shown)
        self.image.resize(shown.size())

    def show_next(self) -> None:
        if self.index < len(self.pages) - 1:
            self.show_page(self.index + 1)

    def show_previous(self) -> None:
        if self.index > 0:
            self.show_page(self.index - 1)

    def zoom_in(self) -> None:
        self.fit = False
        self.zoom = min(self.zoom * ZOOM_STEP, 8.0)
        self._paint()

    def zoom_out(self) -> None:
        self.fit = False
        self.zoom = max(self.zoom / ZOOM_STEP, 0.05)
        self._paint()

    def fit_to_window(self) -> None:
        self.fit = True
        self._paint()

    def rotate(self, degrees: int) -> None:
        self.rotation = (self.rotation + degrees) % 360
        self._paint()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Fit follows the room the picture really has, known only after the layout settles.
        if watched is self.area.viewport() and event.type() == QEvent.Type.Resize and self.fit:
            self._paint()
        return super().eventFilter(watched, event)
