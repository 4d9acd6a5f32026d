"""Receipt by scan: the recipient scans the QR code of each copy handed to them.

A USB scanner types the code and presses Enter into the field; each code confirms its copy
through the forms service (the same permission as the "Confirm receipt" button: the copy's
recipient role, or a manager), and the field is ready for the next one. Also where a copy's
code scanned into the case-list search box lands, with the code filled in.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import qr
from app.domain.errors import InvalidInput
from app.services import forms as form_service
from app.store.db import Database
from app.ui import i18n
from app.ui.workers import run_in_pool


class ReceiptScanDialog(QDialog):
    confirmed = Signal(str)  # the case number of a copy just received

    def __init__(self, db: Database, actor: str, parent: QWidget | None = None,
                 code: str = "") -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setWindowTitle(self.tr("Confirm receipt by scan"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "Scan the QR code of each copy you received (or type it and press Enter).")))
        self.field = QLineEdit(code)
        self.field.setObjectName("receipt_code")
        self.field.setPlaceholderText("LD1|…")
        self.field.returnPressed.connect(self.scanned)
        layout.addWidget(self.field)
        self.results = QListWidget()
        self.results.setObjectName("receipt_results")
        layout.addWidget(self.results, 1)
        if code:
            self._say(self.tr("Press Enter to confirm the receipt of this copy."), "info")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # Enter belongs to the field (the scanner's Enter), never to a default button.
        for button in buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        layout.addWidget(buttons)
        self.resize(560, 320)
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _say(self, text: str, level: str) -> None:
        mark = {"info": "", "ok": "✓ ", "error": "✗ "}[level]
        self.results.insertItem(0, mark + text)

    def scanned(self) -> None:
        text = self.field.text()
        self.field.clear()
        if not text.strip():
            return
        try:
            code = qr.parse(text)
            if not isinstance(code, qr.FormCopyCode):
                raise InvalidInput("qr", "this is a cover sheet, not a copy of a form",
                                   zh="这是扫描封面页，不是表单的联")
            if code.draft:
                raise InvalidInput("qr", "this is a draft: it has no receipt",
                                   zh="这是草稿，无需签收")
        except InvalidInput as refused:
            self._say(i18n.error_text(refused), "error")
            return
        db, actor = self.db, self.actor

        def confirm() -> qr.FormCopyCode:
            form_service.confirm_receipt(db, actor, code.serial, code.copy_id)
            return code

        run_in_pool(confirm, on_result=self._confirmed, on_error=self._refused)

    def _confirmed(self, code: qr.FormCopyCode) -> None:
        if not shiboken6.isValid(self):
            return
        spec = form_service.form_spec(code.form_id)
        copy = next((c.label for c in spec.copies if c.id == code.copy_id), code.copy_id)
        title = spec.title if i18n.is_chinese() or not spec.title_en else spec.title_en
        self._say(self.tr("{0} {1} {2}: received").format(title, code.serial, copy), "ok")
        self.confirmed.emit(code.case_number)

    def _refused(self, error: Exception) -> None:
        if shiboken6.isValid(self):
            self._say(i18n.error_text(error), "error")


def open_scanned(window: QWidget, db: Database, actor: str, code: qr.SheetCode) -> None:
    """A sheet's code scanned into the case-list search: its case opens (on the form's step,
    for a form copy), and for an issued copy the receipt is offered."""
    from app.domain.procedure import FORM_STEPS

    opener = getattr(window, "_open_at_step", None)
    step = FORM_STEPS.get(code.form_id, "") if isinstance(code, qr.FormCopyCode) else ""
    if opener is not None:
        opener(code.case_number, step)
    if isinstance(code, qr.FormCopyCode) and not code.draft:
        dialog = ReceiptScanDialog(db, actor, window, code=code.text())
        dialog.confirmed.connect(lambda number: _reload_if_open(window, number))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.receipt_dialog = dialog  # type: ignore[attr-defined]  # the latest, for tests
        dialog.open()


def _reload_if_open(window: QWidget, number: str) -> None:
    """The open case shows the copy as received (another workspace may be open by now)."""
    workspace = getattr(window, "workspace", None)
    if workspace is not None and shiboken6.isValid(workspace) \
            and getattr(workspace, "number", None) == number:
        workspace.reload()
