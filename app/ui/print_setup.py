"""Print set-up: which printer, paper, tray and offset each form goes through, chosen once.

Reached from a form's preview (Print → the first time, or "Printer set-up…" to change it)
and from Tools → Print set-up. The choice is saved per form (app.services.print_profiles),
so the next print goes straight to the printer. The calibration page prints through the
printer, paper and tray shown here, with no offset, and says how to read the offset off it.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.printing.calibration import MARGIN_MM
from app.printing.forms import FormSpec
from app.printing.profile import MAX_OFFSET_MM, SCALE_PERCENT, PrintProfile
from app.services import forms as form_service
from app.services import print_profiles
from app.store.db import Database
from app.ui import i18n
from app.ui.print_job import TRAYS, Printed, PrinterFailed, make_printer, print_pdf
from app.ui.workers import run_in_pool


def printer_names() -> list[str]:
    return [str(name) for name in QPrinterInfo.availablePrinterNames()]


def form_title(spec: FormSpec) -> str:
    return spec.title if i18n.is_chinese() or not spec.title_en else spec.title_en


class PrintSetupDialog(QDialog):
    """One form's printer profile; `form_id` None offers every form in a list."""

    def __init__(self, db: Database, actor: str, form_id: str | None = None, *,
                 parent: QWidget | None = None,
                 printers: Callable[[], list[str]] = printer_names) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.saved: PrintProfile | None = None
        self.setWindowTitle(self.tr("Print set-up"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.form_box = QComboBox(self)
        for spec in sorted(form_service.forms().values(), key=lambda s: s.id):
            self.form_box.addItem(form_title(spec), spec.id)
        if form_id is not None:
            self.form_box.setCurrentIndex(self.form_box.findData(form_id))
            self.form_box.setEnabled(False)
        form.addRow(self.tr("Form"), self.form_box)
        self.paper_label = QLabel(self)
        form.addRow(self.tr("Form's paper"), self.paper_label)
        self.printer_box = QComboBox(self)
        self.printer_box.setObjectName("printer")
        names = printers()
        for name in names:
            self.printer_box.addItem(name, name)
        if not names:
            self.printer_box.addItem(self.tr("(no printer installed)"), "")
        form.addRow(self.tr("Printer"), self.printer_box)
        self.paper_box = QComboBox(self)
        form.addRow(self.tr("Paper"), self.paper_box)
        self.tray_box = QComboBox(self)
        self.tray_box.addItem(self.tr("Automatic"), "")
        for tray in TRAYS:
            if tray != "Auto":
                self.tray_box.addItem(self._tray_text(tray), tray)
        form.addRow(self.tr("Tray / paper source"), self.tray_box)
        self.offset_x = self._offset_box("offset_x")
        self.offset_y = self._offset_box("offset_y")
        form.addRow(self.tr("Offset right (mm)"), self.offset_x)
        form.addRow(self.tr("Offset down (mm)"), self.offset_y)
        form.addRow(self.tr("Scale"), QLabel(self.tr("{0} % (fixed: forms are never fitted to "
                                                     "the page)").format(SCALE_PERCENT), self))
        self.overlay_box = QCheckBox(self.tr("Overlay: print only the values, onto "
                                             "pre-printed stationery"), self)
        form.addRow("", self.overlay_box)
        layout.addLayout(form)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.state)
        bar = QHBoxLayout()
        self.calibrate_button = QPushButton(self.tr("Print calibration page"), self)
        self.calibrate_button.setToolTip(self.tr(
            "A millimetre grid on this paper: measure mark A and type the offset"))
        self.calibrate_button.clicked.connect(self.print_calibration)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        bar.addWidget(self.calibrate_button)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        bar.addWidget(cancel)
        layout.addLayout(bar)
        self.printer_box.currentIndexChanged.connect(self._papers)
        self.form_box.currentIndexChanged.connect(self._load)
        self._load()
        self.resize(620, 0)

    def _tray_text(self, tray: str) -> str:
        names = {
            "Tractor": self.tr("Tractor feed (continuous)"), "Lower": self.tr("Lower tray"),
            "Middle": self.tr("Middle tray"), "Manual": self.tr("Manual feed"),
            "Envelope": self.tr("Envelope"), "EnvelopeManual": self.tr("Envelope, manual feed"),
            "Cassette": self.tr("Cassette"), "FormSource": self.tr("Form source"),
            "LargeCapacity": self.tr("Large-capacity tray"),
            "LargeFormat": self.tr("Large format"), "SmallFormat": self.tr("Small format"),
            "OnlyOne": self.tr("Only tray"),
        }
        return names.get(tray, tray)

    def _offset_box(self, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setObjectName(name)
        box.setRange(-MAX_OFFSET_MM, MAX_OFFSET_MM)
        box.setDecimals(1)
        box.setSingleStep(0.5)
        box.setSuffix(" mm")
        return box

    @property
    def form_id(self) -> str:
        return str(self.form_box.currentData())

    def spec(self) -> FormSpec:
        return form_service.form_spec(self.form_id)

    def _load(self) -> None:
        spec = self.spec()
        paper = spec.paper
        if paper is not None:
            orientation = self.tr("landscape") if paper.orientation == "landscape" \
                else self.tr("portrait")
            kind = self.tr("continuous form") if paper.continuous else paper.name
            self.paper_label.setText(self.tr("{0}, {1} × {2} mm, {3}").format(
                kind, f"{paper.width_mm:g}", f"{paper.height_mm:g}", orientation))
        self.overlay_box.setEnabled(spec.overlay is not None)
        self.overlay_box.setToolTip("" if spec.overlay is not None else self.tr(
            "This form declares no overlay positions"))
        profile = print_profiles.get_profile(self.db, self.form_id)
        if profile.printer and self.printer_box.findData(profile.printer) < 0:
            # Saved on another workstation or since removed: shown, so nobody is surprised.
            self.printer_box.addItem(self.tr("{0} (not found here)").format(profile.printer),
                                     profile.printer)
        if profile.printer:
            self.printer_box.setCurrentIndex(self.printer_box.findData(profile.printer))
        self._papers()
        index = self.paper_box.findData(profile.paper)
        self.paper_box.setCurrentIndex(max(index, 0))
        self.tray_box.setCurrentIndex(max(self.tray_box.findData(profile.tray), 0))
        self.offset_x.setValue(profile.offset_x_mm)
        self.offset_y.setValue(profile.offset_y_mm)
        self.overlay_box.setChecked(profile.overlay and spec.overlay is not None)
        self.state.setText(self.tr("Saved set-up loaded.") if profile.chosen else self.tr(
            "Not set up yet: choose the printer once, then every print goes straight to it."))

    def _papers(self) -> None:
        self.paper_box.clear()
        self.paper_box.addItem(self.tr("The form's own size"), "")
        name = str(self.printer_box.currentData() or "")
        if name:
            for size in QPrinterInfo.printerInfo(name).supportedPageSizes():
                self.paper_box.addItem(size.name(), size.name())

    def profile(self) -> PrintProfile:
        return PrintProfile(printer=str(self.printer_box.currentData() or ""),
                            paper=str(self.paper_box.currentData() or ""),
                            tray=str(self.tray_box.currentData() or ""),
                            offset_x_mm=round(self.offset_x.value(), 1),
                            offset_y_mm=round(self.offset_y.value(), 1),
                            overlay=self.overlay_box.isChecked())

    def save(self) -> None:
        profile = self.profile()
        if not profile.printer:
            self.state.setText(self.tr("Choose a printer first."))
            return
        fields = {k: getattr(profile, k) for k in PrintProfile.__dataclass_fields__}
        form_id = self.form_id
        self.save_button.setEnabled(False)
        run_in_pool(lambda: print_profiles.save_profile(self.db, self.actor, form_id, fields),
                    on_result=self._saved, on_error=self._failed)

    def _saved(self, profile: PrintProfile) -> None:
        if not shiboken6.isValid(self):
            return
        self.saved = profile
        self.accept()

    def _failed(self, error: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self.save_button.setEnabled(True)
        self.state.setText(i18n.error_text(error))

    def print_calibration(self, *, output_file: str | None = None) -> None:
        """The grid through this printer, paper and tray (no offset); `output_file` = a PDF."""
        spec, profile = self.spec(), self.profile()
        if spec.paper is None or (not profile.printer and output_file is None):
            self.state.setText(self.tr("Choose a printer first."))
            return
        printer = make_printer(spec.paper, profile, output_file=output_file)
        pdf = print_profiles.calibration_pdf(spec.id, profile.printer)
        self.calibrate_button.setEnabled(False)
        self.state.setText(self.tr("Printing the calibration page…"))
        self._printer = printer  # alive until the job reports

        def done(result: Printed) -> None:
            if shiboken6.isValid(self):
                self.calibrate_button.setEnabled(True)
                self.state.setText(self.tr(
                    "Calibration page sent. Measure mark A from the paper's left and top "
                    "edges: offset = {0} mm − the measured distance.").format(MARGIN_MM))

        run_in_pool(lambda: print_pdf(printer, pdf), on_result=done, on_error=self._print_failed)

    def _print_failed(self, error: Exception) -> None:
        if shiboken6.isValid(self):
            self.calibrate_button.setEnabled(True)
            self.state.setText(describe_print_failure(error))


def describe_print_failure(error: Exception) -> str:
    """What the clerk reads when a job fails, from the set-up or from a preview."""
    if isinstance(error, PrinterFailed):
        return QCoreApplication.translate(
            "PrintSetupDialog", "The printer {0} did not accept the job: check that it is "
            "on, online and has paper, then print again.").format(error)
    return QCoreApplication.translate("PrintSetupDialog", "Printing failed: {0}").format(
        i18n.error_text(error))
