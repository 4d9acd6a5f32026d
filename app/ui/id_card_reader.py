""""Read ID card…" in the new-case dialog: the customer's or the spouse's fields from a photo
or scan of the card (the optional `loandesk[ocr]` extra).

The photo(s) are read on the thread pool; the front fills name, ID number and (for the
customer) address; the back's issuing authority and valid period are kept for the ID-card
document, which is attached with the photos once the case exists. Every field filled is
marked "read by OCR, please check" until the person edits it or ticks the mark; the dialog
does not create the case while a mark is left. Sex and birth date are not fields of the
form (the ID number carries them): they are shown beside the button, and the number is only
filled when they agree with it (app/documents/id_card_ocr.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.documents import ocr_engine
from app.documents.id_card_ocr import CardReading, Side
from app.services.documents import add_document, import_files
from app.ui import i18n, style
from app.ui.workers import run_in_pool

# Form field filled from each front field, per party (the spouse section has no address).
FILLS = {"customer": {"name": "customer.name", "id_number": "customer.id_number",
                      "address": "customer.address"},
         "spouse": {"name": "spouse.name", "id_number": "spouse.id_number"}}
FILE_FILTER = "*.jpg *.jpeg *.png *.heic *.heif *.tif *.tiff *.pdf"


def read_photos(paths: list[Path], engine: ocr_engine.Engine | None) -> list[CardReading]:
    """Each photo as the front; one that turns out to be the back is read as the back."""
    readings = []
    for path in paths:
        image = ocr_engine.load_image(path)
        reading = ocr_engine.read_id_card(image, Side.FRONT, engine)
        if not reading.is_card:
            back = ocr_engine.read_id_card(image, Side.BACK, engine)
            if back.is_card:
                reading = back
        readings.append(reading)
    return readings


class OcrMark(QCheckBox):
    """The tick under a field filled by OCR: 'read by OCR, please check'."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setText(self.tr("Read by OCR, please check (tick when checked)"))
        self.setObjectName("ocr_mark")
        self.setStyleSheet("color: #ef6c00")


class IdCardReader(QObject):
    """The button and marks of one party's section of a NewCaseDialog."""

    def __init__(self, dialog: Any, party: str) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.party = party
        self.engine: ocr_engine.Engine | None = None  # None: RapidOCR; tests inject a fake
        self.marks: dict[str, OcrMark] = {}
        self.photos: list[Path] = []
        self.back: dict[str, str] = {}
        self.button = QPushButton(self.tr("Read ID card…"))
        self.button.setObjectName(f"read_id_card_{party}")
        self.button.setToolTip(self.tr("Fill these fields from a photo or scan of the ID card "
                                       "(front, and the back if you have it)"))
        self.button.clicked.connect(self.choose)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setObjectName(style.HINT)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.button)
        line.addWidget(self.summary, 1)
        box = dialog.rows[FILLS[party]["name"]].parentWidget()
        form = box.layout()
        assert isinstance(form, QFormLayout)
        form.insertRow(0, "", row)

    # -- reading ------------------------------------------------------------------------------

    def choose(self) -> None:
        if not ocr_engine.ocr_available():
            QMessageBox.information(
                self.dialog, self.tr("Read ID card"),
                self.tr("Reading ID cards needs the optional OCR component, which is not "
                        "installed on this computer. To add it, run:\n\n    {0}\n\nthen start "
                        "LoanDesk again. Until then, type the fields in.").format(
                            ocr_engine.INSTALL_HINT))
            return
        names, _ = QFileDialog.getOpenFileNames(
            self.dialog, self.tr("Photos or scans of the ID card (front, and back)"), "",
            self.tr("Photos, scans and PDFs ({0})").format(FILE_FILTER))
        if names:
            self.read([Path(n) for n in names[:2]])

    def read(self, paths: list[Path]) -> None:
        self.button.setEnabled(False)
        self.summary.setText(self.tr("Reading the ID card…"))
        engine = self.engine
        run_in_pool(lambda: read_photos(paths, engine),
                    on_result=lambda readings: self._read(paths, readings),
                    on_error=self._failed)

    def _failed(self, error: Exception) -> None:
        if shiboken6.isValid(self.button):
            self.button.setEnabled(True)
            self.summary.setText(i18n.error_text(error))

    def _read(self, paths: list[Path], readings: list[CardReading]) -> None:
        if not shiboken6.isValid(self.button):
            return
        self.button.setEnabled(True)
        cards = [(path, r) for path, r in zip(paths, readings, strict=True) if r.is_card]
        if not cards:
            problem = readings[0].problem if readings else None
            self.summary.setText(i18n.text(problem) if problem else "")
            return
        self.photos = [path for path, _ in cards]
        lines = []
        for _, reading in cards:
            if reading.side is Side.FRONT:
                lines += self._fill_front(reading)
            else:
                self.back = {k: reading.value(k) for k in ("issuing_authority", "valid_until")
                             if reading.value(k)}
                if self.back:
                    lines.append(self.tr("Back: issued by {0}, valid until {1}").format(
                        self.back.get("issuing_authority", "?"),
                        self.back.get("valid_until", "?")))
        self.summary.setText("\n".join(lines))

    def _fill_front(self, reading: CardReading) -> list[str]:
        lines = []
        for name, field in FILLS[self.party].items():
            read = reading.fields.get(name)
            if read is None:
                continue
            if not read.value:
                if read.problem is not None:
                    lines.append(self.tr("ID number not filled: {0}").format(
                        i18n.text(read.problem)))
                continue
            editor = self.dialog.rows[field].editor
            assert isinstance(editor, QLineEdit)
            editor.setText(read.value)
            self.dialog._edited(field)  # checked like typed text, figures refreshed
            self._mark(field)
        facts = [reading.value(k) for k in ("sex", "birth_date", "ethnicity") if reading.value(k)]
        if facts:
            lines.insert(0, self.tr("Read: {0}").format(", ".join(facts)))
        return lines

    # -- marks --------------------------------------------------------------------------------

    def _mark(self, field: str) -> None:
        row = self.dialog.rows[field]
        mark = self.marks.get(field)
        if mark is None:
            mark = OcrMark(row)
            row.layout().addWidget(mark)
            mark.toggled.connect(lambda on, f=field: self.confirm(f) if on else None)
            row.editor.textEdited.connect(lambda _t, f=field: self.confirm(f))
            self.marks[field] = mark
        mark.setChecked(False)
        mark.show()

    def confirm(self, field: str) -> None:
        mark = self.marks.get(field)
        if mark is not None:
            mark.hide()

    def unconfirmed(self) -> list[str]:
        """Fields filled by OCR that nobody has looked at yet (only those that apply)."""
        if self.party == "spouse" and not self.dialog.married():
            return []
        return [field for field, mark in self.marks.items() if not mark.isHidden()]

    # -- after the case exists ----------------------------------------------------------------

    def attach(self, number: str) -> None:
        """The photos read become the case's ID-card document for this party, with the
        number from the form (as checked by the person) and what the back said."""
        if not self.photos or (self.party == "spouse" and not self.dialog.married()):
            return
        db, actor, photos = self.dialog._db, self.dialog._actor, list(self.photos)
        content = {"id_number": self.dialog.text(FILLS[self.party]["id_number"]), **self.back}
        party = self.party

        def work() -> object:
            files, rejected = import_files(photos)
            return add_document(db, actor, number, "id_card", files, party=party,
                                content=content, rejected=rejected)

        parent = self.dialog.parentWidget()

        def failed(error: Exception) -> None:  # the case stands; say why the card is not in it
            i18n.report_error(parent if parent is not None and shiboken6.isValid(parent)
                              else None, error)

        run_in_pool(work, on_error=failed)


def add_id_card_readers(dialog: Any) -> dict[str, IdCardReader]:
    """Hook for NewCaseDialog: a reader per section, attached once the case is created."""
    readers = {party: IdCardReader(dialog, party) for party in FILLS}
    for reader in readers.values():
        dialog.created.connect(reader.attach)
    return readers


def unconfirmed_fields(readers: dict[str, IdCardReader]) -> list[str]:
    return [field for reader in readers.values() for field in reader.unconfirmed()]
