"""A form or dossier PDF on screen: print it (copies chosen), save it, or issue it.

A form shows the very PDF its printer gets (the profile's offset applied, values only in
overlay mode) and prints straight through its saved profile; the first time, or on
"Printer set-up…", the set-up dialog asks. Printing runs on the pool (app.ui.print_job).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
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
from app.printing.paper import Paper
from app.printing.profile import PrintProfile
from app.services.outputs import write_output
from app.services.print_profiles import printable
from app.ui.print_job import Printed, make_printer, print_pdf
from app.ui.workers import run_in_pool

# Issuing runs on the pool and returns the issued form: `.pdf`, `.serial`, `.reprint`.
Issue = Callable[[], Any]


@dataclass(frozen=True)
class FormPrinting:
    """How this form goes to paper: its paper, its saved profile, and how to change it."""

    paper: Paper
    profile: PrintProfile
    set_up: Callable[[], None]  # opens the print set-up for this form


def printer_present(name: str) -> bool:
    return name in QPrinterInfo.availablePrinterNames()


class FormPreview(QDialog):
    def __init__(self, pdf: bytes, title: str, *, file_name: str = "form.pdf",
                 issue: Issue | None = None, refusal: str | None = None,
                 draft: bool = True, describe_error: Callable[[Exception], str] = str,
                 protected: tuple[Path, ...] = (), printing: FormPrinting | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.printing = printing
        self.printer: QPrinter | None = None  # the job's, alive until it reports
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
        self.paper_note = QLabel(self)  # what the page is printed on, as the preview shows
        self.paper_note.setWordWrap(True)
        self.paper_note.setVisible(printing is not None)
        if printing is not None:
            self.paper_note.setText(self._paper_text(printing))
        layout.addWidget(self.paper_note)
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
        self.setup_button = QPushButton(self.tr("Printer set-up…"), self)
        self.setup_button.setVisible(printing is not None)
        if printing is not None:
            self.setup_button.clicked.connect(printing.set_up)
            profile = printing.profile
            self.print_button.setToolTip(self.tr("Straight to {0}").format(profile.printer)
                                         if profile.chosen else self.tr("Choose the printer"))
        self.save_button = QPushButton(self.tr("Save as PDF…"), self)
        self.save_button.clicked.connect(self.save_dialog)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.reject)
        for button in (self.issue_button, self.print_button, self.setup_button,
                       self.save_button):
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

    def _paper_text(self, printing: FormPrinting) -> str:
        paper, profile = printing.paper, printing.profile
        if not profile.chosen:
            text = self.tr("{0} × {1} mm at 100 %. Not set up yet: Print asks for the printer "
                           "first.")
        else:
            text = self.tr("Shown as printed: {0} × {1} mm at 100 %, moved {2} mm right and "
                           "{3} mm down, on {4}.")
        text = text.format(f"{paper.width_mm:g}", f"{paper.height_mm:g}",
                           f"{profile.offset_x_mm:.1f}", f"{profile.offset_y_mm:.1f}",
                           profile.printer)
        if profile.overlay:
            text += " " + self.tr("Overlay: only the values, for pre-printed stationery.")
        return text

    def show_note(self, text: str, *, error: bool = False) -> None:
        self.state.setText(text)
        self.state.setStyleSheet("color: #c62828" if error else "")

    def load(self, pdf: bytes) -> None:
        self.pdf = pdf  # the form as issued: what "Save as PDF" writes
        # What the printer gets, and so what the preview shows: the offset applied.
        profile = self.printing.profile if self.printing else PrintProfile()
        self.print_pdf = printable(pdf, profile)
        # QPdfDocument reads from the device lazily: the buffer lives as long as the dialog.
        buffer = QBuffer(self)
        buffer.setData(QByteArray(self.print_pdf))
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
        """A form with a saved profile prints straight away; without one, the set-up asks
        first; a dossier (no profile) gets the system's print dialog."""
        if self.printing is not None:
            profile = self.printing.profile
            if profile.chosen and printer_present(profile.printer):
                self.send(make_printer(self.printing.paper, profile))
            else:
                self.printing.set_up()
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        printer.setFullPage(True)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print {0}").format(self.windowTitle()))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.send(printer)

    def send(self, printer: QPrinter) -> None:
        """Print on the pool: progress in the note, a failure said plainly."""
        from app.ui.print_setup import describe_print_failure

        printer.setDocName(self.windowTitle())
        self.printer = printer
        pdf = self.print_pdf
        self.print_button.setEnabled(False)
        self.show_note(self.tr("Printing…"))

        def progress(done: int, total: int, _text: str) -> None:
            if shiboken6.isValid(self):
                self.show_note(self.tr("Printing page {0} of {1}…").format(
                    min(done + 1, total), total))

        def done(result: Printed) -> None:
            self.last_printed = result
            if shiboken6.isValid(self):
                self.print_button.setEnabled(True)
                self.show_note(self.tr("Sent {0} page(s) to {1}.").format(
                    result.pages, printer.printerName() or printer.outputFileName()))

        def failed(error: Exception) -> None:
            if shiboken6.isValid(self):
                self.print_button.setEnabled(True)
                self.show_note(describe_print_failure(error), error=True)

        run_in_pool(lambda progress: print_pdf(printer, pdf, progress), on_result=done,
                    on_error=failed, on_progress=progress)

    def print_to(self, printer: QPrinter) -> int:
        """Every page into the printer, here and now (the caller's thread); pages sent."""
        return print_pdf(printer, self.print_pdf).pages

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
