"""One required document of a step: its state, its pages, its content; files drop onto it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.checklist import Item, State
from app.domain.permissions import Action
from app.domain.privacy import REVEALING_KINDS
from app.domain.procedure import DOCUMENT_KINDS, Party
from app.services import documents
from app.services.case_records import DocumentRecord as Document
from app.ui import i18n
from app.ui.page_viewer import PageViewer
from app.ui.workspace.content_editor import ContentEditor
from app.ui.workspace.context import CaseContext
from app.ui.workspace.cover_button import cover_button
from app.ui.workspace.document_import import DocumentImport
from app.ui.workspace.loading import CaseView

STATE_COLOURS = {State.SATISFIED: "#2e7d32", State.MISSING: "#ef6c00",
                 State.INVALID: "#c62828", State.WAITING: "#757575"}
THUMB = 84
FILE_FILTER = "*.jpg *.jpeg *.png *.heic *.heif *.tif *.tiff *.pdf"


def local_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


def documents_of(item: Item, view: CaseView) -> list[Document]:
    return [d for d in view.detail.documents if d.kind == item.id
            and (item.party is Party.NONE or d.party == item.party.value)]


class DocumentSlot(QFrame):
    def __init__(self, item: Item, view: CaseView, ctx: CaseContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.view = view
        self.ctx = ctx
        self.importer: DocumentImport | None = None
        self.setObjectName(f"slot_{item.id}_{item.party.value}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(ctx.may(Action.EDIT_DOCUMENTS))
        self.setToolTip(self.tr("Drop photos, scans or PDFs here"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        head = QHBoxLayout()
        self.state = QLabel(self.state_title(item.state), self)
        colour = STATE_COLOURS[item.state]
        self.state.setStyleSheet(f"color: white; background: {colour}; padding: 1px 6px; "
                                 "border-radius: 3px")
        head.addWidget(self.state)
        title = QLabel(i18n.text(item.title), self)
        title.setStyleSheet("font-weight: bold")
        head.addWidget(title)
        # The reason sits beside the title: a slot is one line until it has pages.
        self.reason = QLabel(i18n.text(item.reason), self)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet(f"color: {colour}")
        head.addWidget(self.reason, 1)
        self.add_button = QPushButton(self.tr("Add files…"), self)
        self.add_button.clicked.connect(self.choose_files)
        self.add_button.setVisible(ctx.may(Action.EDIT_DOCUMENTS))
        head.addWidget(self.add_button)
        self.capture_button = QPushButton(self.tr("Capture…"), self)
        self.capture_button.setToolTip(self.tr("Photograph the pages with a document camera"))
        self.capture_button.clicked.connect(self.capture_pages)
        self.capture_button.setVisible(ctx.may(Action.EDIT_DOCUMENTS))
        head.addWidget(self.capture_button)
        self.cover = cover_button(item, ctx, self)
        if self.cover is not None:
            head.addWidget(self.cover)
        layout.addLayout(head)
        for document in documents_of(item, view):
            layout.addWidget(self._document_card(document))

    def state_title(self, state: State) -> str:
        return {State.SATISFIED: self.tr("present"), State.MISSING: self.tr("missing"),
                State.INVALID: self.tr("invalid"), State.WAITING: self.tr("waiting")}[state]

    def _document_card(self, document: Document) -> QWidget:
        card = QFrame(self)
        card.setObjectName(f"document_{document.id}")
        row = QHBoxLayout(card)
        row.setContentsMargins(0, 4, 0, 0)
        left = QVBoxLayout()
        thumbs = QHBoxLayout()
        shown_pages = document.pages[:4] if document.kind not in REVEALING_KINDS \
            or self.ctx.may(Action.REVEAL_ID) else []
        for index, page in enumerate(shown_pages):
            button = QToolButton(card)
            pixmap = QPixmap()
            pixmap.loadFromData(self.view.thumbnails.get(page.thumbnail_sha256, b""))
            button.setIcon(QIcon(pixmap))
            button.setIconSize(QSize(THUMB, THUMB))
            button.setToolTip(self.tr("{0}, page {1}: click to view").format(
                page.filename, page.seq))
            button.clicked.connect(lambda _=False, d=document, i=index: self.view_pages(d, i))
            thumbs.addWidget(button)
        if len(document.pages) > 4:
            thumbs.addWidget(QLabel(self.tr("+{0} more").format(len(document.pages) - 4), card))
        thumbs.addStretch(1)
        left.addLayout(thumbs)
        files = sorted({p.filename for p in document.pages})
        info = QLabel(self.tr("{0} page(s) · {1} · added {2}").format(
            len(document.pages), ", ".join(files) or self.tr("no file"),
            document.created_at.astimezone().strftime("%Y-%m-%d %H:%M")), card)
        info.setTextFormat(Qt.TextFormat.PlainText)
        info.setWordWrap(True)
        info.setStyleSheet("color: #616161")
        left.addWidget(info)
        warnings = sorted({w for p in document.pages for w in p.warnings})
        if warnings:
            warn = QLabel("\n".join(warnings), card)
            warn.setWordWrap(True)
            warn.setStyleSheet("color: #ef6c00")
            left.addWidget(warn)
        buttons = QHBoxLayout()
        view_button = QPushButton(self.tr("View pages"), card)
        # An ID card's image shows the full number: only for the roles that may reveal it.
        seen = document.kind not in REVEALING_KINDS or self.ctx.may(Action.REVEAL_ID)
        view_button.setEnabled(bool(document.pages) and seen)
        view_button.setVisible(seen)
        view_button.clicked.connect(lambda _=False, d=document: self.view_pages(d, 0))
        remove = QPushButton(self.tr("Remove…"), card)
        remove.setObjectName(f"remove_{document.id}")
        remove.clicked.connect(lambda _=False, d=document: self.remove(d))
        replace = QPushButton(self.tr("Replace…"), card)
        replace.setObjectName(f"replace_{document.id}")
        replace.clicked.connect(lambda _=False, d=document: self.replace(d))
        buttons.addWidget(view_button)
        if self.ctx.may(Action.EDIT_DOCUMENTS):
            buttons.addWidget(replace)
            buttons.addWidget(remove)
        else:  # only the case's consultant or a manager change its documents
            replace.hide()
            remove.hide()
        buttons.addStretch(1)
        left.addLayout(buttons)
        row.addLayout(left, 1)
        if DOCUMENT_KINDS[document.kind].content_fields:
            row.addWidget(ContentEditor(document, self.view, self.ctx, card), 1)
        return card

    # -- adding files -------------------------------------------------------------------

    def _pick_files(self) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add {0}").format(i18n.text(self.item.title)), "",
            self.tr("Photos, scans and PDFs ({0});;All files (*)").format(FILE_FILTER))
        return [Path(n) for n in names]

    def choose_files(self) -> None:
        paths = self._pick_files()
        if paths:
            self.add_files(paths)

    def capture_pages(self) -> None:
        """Pages from the document camera, imported like dropped files (one document)."""
        from app.ui.camera_capture import CameraCaptureDialog  # QtMultimedia: on first use

        dialog = CameraCaptureDialog(i18n.text(self.item.title), self.window())
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.pages:
            discard = dialog.discard_files
            self.add_files(dialog.page_files(), on_finished=lambda _result: discard())
        dialog.deleteLater()

    def add_files(self, paths: Sequence[Path], replaces: int | None = None,
                  on_finished: Callable[[object], None] | None = None) -> DocumentImport:
        """Import `paths` as the pages of one new document in this slot (in place of
        document `replaces`, when given)."""
        self.importer = DocumentImport(self.ctx, self.item.id, self.item.party.value, paths,
                                       self.window(), replaces=replaces)
        if on_finished is not None:
            self.importer.finished.connect(on_finished)
        self.importer.start()
        return self.importer

    def replace(self, document: Document) -> None:
        """A better photo of the same paper: the new files take the old document's place
        (what was entered about it is kept); the history keeps the old one."""
        confirm = QMessageBox.question(
            self, self.tr("Replace document"),
            self.tr("Replace this {0} ({1} page(s)) with new files? The case history keeps "
                    "a record of the old one.").format(i18n.text(self.item.title),
                                                       len(document.pages)))
        if confirm != QMessageBox.StandardButton.Yes:
            return
        paths = self._pick_files()
        if paths:
            self.add_files(paths, replaces=document.id)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_files(event):
            event.acceptProposedAction()
            self.setStyleSheet("DocumentSlot { border: 2px dashed #1565c0; }")
        else:
            event.ignore()

    def dragLeaveEvent(self, event: object) -> None:
        self.setStyleSheet("")

    def dropEvent(self, event: QDropEvent) -> None:
        self.setStyleSheet("")
        paths = local_files(event)
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    # -- one document ---------------------------------------------------------------------

    def view_pages(self, document: Document, index: int) -> PageViewer:
        pages = [(p.rendition_sha256, p.filename) for p in document.pages]
        viewer = PageViewer(self.ctx.db, self.ctx.actor, pages,
                            title=i18n.text(self.item.title), start=index, parent=self.window())
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        return viewer

    def remove(self, document: Document) -> None:
        reason, ok = QInputDialog.getText(
            self, self.tr("Remove document"),
            self.tr("Remove this {0} ({1} page(s)) from the case? Why:").format(
                i18n.text(self.item.title), len(document.pages)))
        if not ok:
            return
        confirm = QMessageBox.question(
            self, self.tr("Remove document"),
            self.tr("Really remove it? The case history keeps a record."))
        if confirm != QMessageBox.StandardButton.Yes:
            return
        self.ctx.run(lambda: documents.remove_document(self.ctx.db, self.ctx.actor,
                                                       document.id, reason=reason.strip()),
                     lambda _: self.ctx.tell(self.tr("Document removed.")), changes=True)

    def highlight(self, on: bool) -> None:
        self.setStyleSheet("DocumentSlot { border: 2px solid #ffb300; background: #fff8e1; }"
                           if on else "")
