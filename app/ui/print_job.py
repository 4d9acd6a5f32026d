"""Send a PDF to a printer at 100 %, page for page, off the GUI thread.

QPrinter is a paint device, not a widget, so painting on it from a pool thread is allowed
(Qt's thread rules forbid widgets, not printers); the printer is made on the GUI thread,
handed to the job and not touched by the GUI until the job reports. Each page is rasterised
with pypdfium2 at the printer's resolution (capped: a 1200 dpi laser would otherwise get half
a gigabyte per A4 page) and drawn at its own size from the paper's corner (full page, no
margins), so a 241 × 140 mm form lands 241 × 140 mm on the paper, never fitted to A4.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, QThread
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from app.documents.imaging import PDFIUM_LOCK
from app.printing.paper import NAMED_PAPERS, Paper
from app.printing.profile import PrintProfile

POINTS_PER_INCH = 72
MAX_RENDER_DPI = 300
# The trays a driver may offer, as Qt names them; "Tractor" is the pin feed of continuous
# paper. MaxPageSource, LastPaperSource and CustomSource are not trays; Upper = OnlyOne.
TRAYS = tuple(name for name in QPrinter.PaperSource.__members__
              if name not in {"MaxPageSource", "CustomSource", "LastPaperSource", "Upper"})
Progress = Callable[[int, int, str], None]


class PrinterFailed(RuntimeError):
    """The printer refused the job (offline, no such printer, no paper)."""


@dataclass(frozen=True)
class Printed:
    pages: int
    on_gui_thread: bool  # always False from the pool; tests check it


def page_size_of(paper: Paper) -> QPageSize:
    """The form's paper as Qt names it: ISO sheets by id, the rest exactly in mm, upright
    (the orientation turns it)."""
    if paper.name in NAMED_PAPERS:
        return QPageSize(getattr(QPageSize.PageSizeId, paper.name))
    upright = QSizeF(min(paper.width_mm, paper.height_mm), max(paper.width_mm, paper.height_mm))
    return QPageSize(upright, QPageSize.Unit.Millimeter, paper.name,
                     QPageSize.SizeMatchPolicy.ExactMatch)


def make_printer(paper: Paper, profile: PrintProfile, *,
                 output_file: str | None = None) -> QPrinter:
    """A QPrinter set up from the profile (on the GUI thread). `output_file` prints to a PDF
    file instead: what the tests and a machine without printers use."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    size: QPageSize | None = None  # the printer's own paper of that name, if the profile chose
    if output_file is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(output_file)
    else:
        printer.setPrinterName(profile.printer)
        size = next((s for s in QPrinterInfo.printerInfo(profile.printer).supportedPageSizes()
                     if profile.paper and s.name() == profile.paper), None)
        if profile.tray in TRAYS:
            printer.setPaperSource(QPrinter.PaperSource[profile.tray])
    size = size if size is not None else page_size_of(paper)
    orientation = (QPageLayout.Orientation.Landscape if paper.width_mm > paper.height_mm
                   else QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # (0, 0) is the paper's corner: offsets are from the edge
    printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0),
                                      QPageLayout.Unit.Millimeter))
    return printer


def _qimage(doc: pdfium.PdfDocument, index: int, dpi: float) -> tuple[QImage, float, float]:
    """Page `index` as an image, and its size in points. PDFium is not thread-safe and the
    documents pipeline uses it on the pool too: one caller at a time, page by page."""
    with PDFIUM_LOCK:
        page = doc[index]
        width, height = page.get_size()
        bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format.Format_RGB888 if bitmap.n_channels == 3
                       else QImage.Format.Format_RGBA8888)
        return image.copy(), width, height  # own the pixels: the bitmap's buffer goes


def rasterise(pdf: bytes, dpi: float) -> list[QImage]:
    """Every page as an image at `dpi`: what the printer gets, and what the tests compare."""
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pdf)
    try:
        return [_qimage(doc, i, dpi)[0] for i in range(len(doc))]
    finally:
        with PDFIUM_LOCK:
            doc.close()


def print_pdf(printer: QPrinter, pdf: bytes, progress: Progress | None = None) -> Printed:
    """Every page of `pdf` on `printer`, each at its own size from the paper's corner.
    Runs on a pool thread; raises PrinterFailed when the printer will not start."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterFailed(printer.printerName() or printer.outputFileName())
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pdf)
    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    device = printer.resolution() / POINTS_PER_INCH  # printer pixels per PDF point
    # A printer that cannot make copies itself gets each copy sent again.
    copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
    try:
        total = len(doc) * copies
        for i in range(total):
            if progress is not None:
                progress(i, total, "")
            if i and not printer.newPage():
                raise PrinterFailed(printer.printerName())
            image, width, height = _qimage(doc, i % len(doc), dpi)
            painter.drawImage(QRectF(0, 0, width * device, height * device), image)
        if progress is not None:
            progress(total, total, "")
    finally:
        painter.end()
        with PDFIUM_LOCK:
            doc.close()
    app = QCoreApplication.instance()
    return Printed(total, app is not None and QThread.currentThread() is app.thread())
