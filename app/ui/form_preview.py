"""A form or dossier PDF on screen: print it (copies chosen), save it, or issue it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import InvalidInput
from app.services.outputs import write_output
from app.ui.workers import run_in_pool

# Issuing runs on the pool and returns the issued form: `.pdf`, `.serial`, `.reprint`.
Issue = Callable[[], Any]
POINTS_PER_INCH = 72
# Forms are text and lines: 300 dpi prints them crisply; a 1200 dpi printer would otherwise
# get a half-gigabyte image per A4 page.
MAX_RENDER_DPI = 300


class FormPreview(QDialog):
    def __init__(self, pdf: bytes, title: str, *, file_name: str = "form.pdf",
                 issue: Issue | None = None, refusal: str | None = None,
                 draft: bool = True, describe_error: Callable[[Exception], str] = str,
                 protected: tuple[Path, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.protected = protected  # the database's files: never a place to save a PDF
        self.setWindowTitle(title)
        self.file_name = file_name
        self.issue_fn = issue
        self.describe_error = describe_error
        self.issued: Any = None
        self.document = QPdfDocument(self)
        self.buffer: QBuffer | None = None
        layout = QVBoxLayout(self)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.state)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout.addWidget(self.view, 1)
        bar = QHBoxLayout()
        self.issue_button = QPushButton(self.tr("Issue"), self)
        self.issue_button.setToolTip(self.tr("Give the form its serial number and record it"))
        self.issue_button.clicked.connect(self.issue)
        self.issue_button.setVisible(issue is not None or refusal is not None)
        self.issue_button.setEnabled(issue is not None)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.clicked.connect(self.print_dialog)
        self.save_button = QPushButton(self.tr("Save as PDF…"), self)
        self.save_button.clicked.connect(self.save_dialog)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.reject)
        for button in (self.issue_button, self.print_button, self.save_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(close)
        layout.addLayout(bar)
        self.resize(900, 700)
        self.load(pdf)
        if refusal:
            self.state.setText(self.tr("Draft only, nothing is recorded. Not issuable yet: "
                                       "{0}").format(refusal))
            self.state.setStyleSheet("color: #c62828")
        elif draft:
            self.state.setText(self.tr("Draft preview: nothing is recorded until you issue "
                                       "it.") if issue else self.tr("Draft preview."))

    def show_note(self, text: str, *, error: bool = False) -> None:
        self.state.setText(text)
        self.state.setStyleSheet("color: #c62828" if error else "")

    def load(self, pdf: bytes) -> None:
        self.pdf = pdf
        # QPdfDocument reads from the device lazily: the buffer lives as long as the dialog.
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self.buffer is not None:
            self.buffer.deleteLater()
        self.buffer = buffer

    def page_count(self) -> int:
        return int(self.document.pageCount())

    # -- issue ------------------------------------------------------------------------------

    def issue(self) -> None:
        if self.issue_fn is None:
            return
        self.issue_button.setEnabled(False)
        run_in_pool(self.issue_fn, on_result=self._issued, on_error=self._issue_failed)

    def _issued(self, issued: Any) -> None:
        if not shiboken6.isValid(self):
            return
        self.issued = issued
        self.load(issued.pdf)
        text = self.tr("Issued as {0}.") if not issued.reprint else \
            self.tr("Reprinted as {0} (marked 补打).")
        self.state.setText(text.format(issued.serial))
        self.state.setStyleSheet("color: #2e7d32")
        self.file_name = f"{issued.serial}.pdf"

    def _issue_failed(self, error: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self.issue_button.setEnabled(True)
        self.state.setText(self.describe_error(error) if isinstance(error, InvalidInput)
                           else self.tr("The form could not be issued: {0}").format(
                               self.describe_error(error)))
        self.state.setStyleSheet("color: #c62828")

    # -- print and save ---------------------------------------------------------------------

    def print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print {0}").format(self.windowTitle()))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Render every page into the printer at its resolution; returns the pages sent."""
        # A printer that cannot make copies itself gets each copy sent again.
        copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, self.tr("Print"), self.tr("The printer is not ready."))
            return 0
        sent = 0
        dpi = min(printer.resolution(), MAX_RENDER_DPI)
        try:
            for _copy in range(copies):
                for page in range(self.page_count()):
                    if sent:
                        printer.newPage()
                    size = self.document.pagePointSize(page)
                    pixels = QSize(int(size.width() * dpi / POINTS_PER_INCH),
                                   int(size.height() * dpi / POINTS_PER_INCH))
                    image = self.document.render(page, pixels)
                    area = painter.viewport()
                    scale = min(area.width() / max(image.width(), 1),
                                area.height() / max(image.height(), 1))
                    target = QRectF(0, 0, image.width() * scale, image.height() * scale)
                    painter.drawImage(target, image)
                    sent += 1
        finally:
            painter.end()
        return sent

    def save_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"), self.file_name,
                                              self.tr("PDF files (*.pdf)"))
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> None:
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            # force: the file dialog has already asked before replacing a file.
            write_output(path, self.pdf, force=True, protected=self.protected, field="file")
        except InvalidInput as error:
            QMessageBox.warning(self, self.tr("Save as PDF"),
                                self.tr("Could not save {0}: {1}").format(
                                    path, self.describe_error(error)))
            return
        self.state.setText(self.tr("Saved {0}").format(path))
