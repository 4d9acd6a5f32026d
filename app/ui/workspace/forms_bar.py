"""A step's printable forms: preview, print, issue; where each issued copy is; the dossier."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import InvalidInput, Text
from app.domain.permissions import Action, may_confirm
from app.domain.procedure import COPY_TITLES, ROLE_TITLES, Role, Step
from app.printing.profile import PrintProfile
from app.services import dossier, print_profiles
from app.services import forms as form_service
from app.services.outputs import protected_paths
from app.ui import i18n
from app.ui.form_preview import FormPreview, FormPrinting
from app.ui.workspace.context import CaseContext
from app.ui.workspace.loading import CaseView


def form_title(form_id: str) -> str:
    spec = form_service.form_spec(form_id)
    return spec.title if i18n.is_chinese() or not spec.title_en else spec.title_en


def copy_label(copy_id: str, printed: str, recipient: str) -> str:
    """A copy as the screen names it: the paper's own label in Chinese; in English the
    domain's words (the printed label is Chinese, for the paper)."""
    if i18n.is_chinese():
        return printed
    title = COPY_TITLES.get(copy_id)
    role = ROLE_TITLES.get(Role(recipient)) if recipient in tuple(Role) else None
    words = i18n.text(title) if title is not None else copy_id
    return f"{words} ({i18n.text(role)})" if role is not None else words


class FormsBar(QWidget):
    def __init__(self, step: Step, view: CaseView, ctx: CaseContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.view = view
        self.ctx = ctx
        self.preview: FormPreview | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        for form_id in step.forms if ctx.may(Action.PREVIEW_FORM) else ():
            button = QPushButton(form_title(form_id) + "…", self)
            button.setObjectName(f"form_{form_id}")
            button.clicked.connect(lambda _=False, f=form_id: self.open_form(f))
            buttons.addWidget(button)
        if step.makes_dossier and ctx.may(Action.BUILD_DOSSIER):
            button = QPushButton(self.tr("Credit dossier…"), self)
            button.setObjectName("credit_dossier")
            button.setToolTip(self.tr("One PDF of every document for the lender"))
            button.clicked.connect(self.open_dossier)
            buttons.addWidget(button)
        issued = [r for r in view.issued if r.form_id in step.forms]
        if any(not c.received_by and may_confirm(ctx.role, c.recipient_role, ctx.own)
               for r in issued for c in r.copies):
            scan = QPushButton(self.tr("Scan receipts…"), self)
            scan.setObjectName("scan_receipts")
            scan.setToolTip(self.tr("Confirm copies by scanning their QR codes"))
            scan.clicked.connect(self.scan_receipts)
            buttons.addWidget(scan)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        if issued:
            layout.addLayout(self._issued_grid(issued))

    def _issued_grid(self, records: list[form_service.IssuedRecord]) -> QGridLayout:
        grid = QGridLayout()
        row = 0
        for record in records:
            reprints = self.tr(", reprinted {0}×").format(record.reprints) \
                if record.reprints else ""
            grid.addWidget(QLabel(self.tr("{0} {1}: issued by {2} on {3}{4}").format(
                form_title(record.form_id), record.serial, record.issued_by,
                record.issued_at.astimezone().strftime("%Y-%m-%d %H:%M"), reprints), self),
                row, 0, 1, 2)
            row += 1
            for copy in record.copies:
                label = copy_label(copy.copy_id, copy.label, copy.recipient_role)
                if copy.received_by:
                    state = self.tr("received by {0} on {1}").format(
                        copy.received_by, copy.received_at.astimezone().strftime(
                            "%Y-%m-%d %H:%M") if copy.received_at else "")
                    grid.addWidget(QLabel(f"    {label} · ✓ {state}", self), row, 0)
                else:
                    grid.addWidget(QLabel(f"    {label} · " + self.tr("not yet received"),
                                          self), row, 0)
                    if not may_confirm(self.ctx.role, copy.recipient_role, self.ctx.own):
                        row += 1
                        continue
                    confirm = QPushButton(self.tr("Confirm receipt"), self)
                    confirm.setObjectName(f"receipt_{record.serial}_{copy.copy_id}")
                    confirm.clicked.connect(
                        lambda _=False, s=record.serial, c=copy.copy_id: self.confirm(s, c))
                    grid.addWidget(confirm, row, 1)
                row += 1
        grid.setColumnStretch(0, 1)
        return grid

    def confirm(self, serial: str, copy_id: str) -> None:
        self.ctx.run(lambda: form_service.confirm_receipt(self.ctx.db, self.ctx.actor, serial,
                                                          copy_id), changes=True)

    def scan_receipts(self) -> None:
        from app.ui.scan_receipt import ReceiptScanDialog

        ctx = self.ctx  # lives with the workspace; this bar is rebuilt by every reload
        dialog = ReceiptScanDialog(ctx.db, ctx.actor, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.confirmed.connect(
            lambda _number: ctx.changed.emit() if shiboken6.isValid(ctx) else None)
        self.receipts = dialog
        dialog.open()

    def open_form(self, form_id: str) -> None:
        ctx = self.ctx

        # The form's printer profile decides the page: values only (套打) or the full form.
        profile = PrintProfile()

        def draft() -> tuple[bytes, Text | None, PrintProfile]:
            chosen = print_profiles.get_profile(ctx.db, form_id)
            refusal = form_service.form_refusal(ctx.db, ctx.actor, ctx.number, form_id)
            return form_service.preview_form(ctx.db, ctx.actor, ctx.number, form_id,
                                             overlay=chosen.overlay), refusal, chosen

        def issue() -> form_service.IssuedPdf:
            return form_service.issue_form(ctx.db, ctx.actor, ctx.number, form_id,
                                           overlay=profile.overlay)

        def set_up() -> None:
            from app.ui.print_setup import PrintSetupDialog

            dialog = PrintSetupDialog(ctx.db, ctx.actor, form_id, parent=self.window())
            dialog.finished.connect(dialog.deleteLater)

            def saved(_result: int) -> None:
                if dialog.saved is not None and self.preview is not None:
                    self.preview.reject()  # shown again with the new profile's page
                    self.open_form(form_id)
            dialog.finished.connect(saved)
            dialog.open()

        def show(answer: tuple[bytes, Text | None, PrintProfile]) -> None:
            nonlocal profile
            pdf, refusal, profile = answer
            why = i18n.text(refusal) if refusal is not None else None
            paper = form_service.form_spec(form_id).paper
            self.preview = FormPreview(
                pdf, form_title(form_id), file_name=f"{ctx.number}-{form_id}.pdf",
                issue=None if why or not ctx.may(Action.ISSUE_FORM) else issue,
                refusal=why if ctx.may(Action.ISSUE_FORM) else None,
                describe_error=i18n.error_text,
                protected=protected_paths(ctx.db.sqlite_path), parent=self.window(),
                printing=FormPrinting(paper, profile, set_up) if paper else None)
            self.preview.finished.connect(lambda _: ctx.changed.emit()
                                          if self.preview and self.preview.issued else None)
            self.preview.open()

        ctx.run(draft, show, owner=self,
                working=self.tr("Preparing {0}…").format(form_title(form_id)))

    def open_dossier(self) -> None:
        """The final dossier when the documents are complete; otherwise a draft that says
        what is missing, so the officer can still look at what is there."""
        ctx = self.ctx

        def build() -> tuple[bytes, str | None]:
            try:
                return dossier.build_case_dossier(ctx.db, ctx.actor, ctx.number,
                                                  draft=False), None
            except InvalidInput as refused:
                return dossier.build_case_dossier(ctx.db, ctx.actor, ctx.number,
                                                  draft=True), i18n.error_text(refused)

        def show(answer: tuple[bytes, str | None]) -> None:
            pdf, missing = answer
            self.preview = FormPreview(pdf, self.tr("Credit dossier {0}").format(ctx.number),
                                       file_name=f"{ctx.number}-dossier.pdf",
                                       draft=missing is not None, describe_error=i18n.error_text,
                                       protected=protected_paths(ctx.db.sqlite_path),
                                       parent=self.window())
            if missing:
                self.preview.show_note(self.tr("Draft: {0}").format(missing), error=True)
            else:
                self.preview.show_note(self.tr("Complete dossier, ready for the lender."))
            self.preview.open()

        ctx.run(build, show, owner=self, changes=True,
                working=self.tr("Building the credit dossier…"))
