""""Cover sheet…" beside a missing document: the sheet the scanner inbox routes by."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton, QWidget

from app.domain.checklist import Item, State
from app.domain.permissions import Action
from app.services import inbox
from app.services.outputs import protected_paths
from app.ui import i18n
from app.ui.form_preview import FormPreview
from app.ui.workspace.context import CaseContext


def cover_button(item: Item, ctx: CaseContext, parent: QWidget) -> QPushButton | None:
    """The button, for a document still to come that the user may add; else None."""
    if item.state is State.SATISFIED or not ctx.may(Action.EDIT_DOCUMENTS):
        return None
    button = QPushButton(QCoreApplication.translate("CoverButton", "Cover sheet…"), parent)
    button.setObjectName(f"cover_{item.id}_{item.party.value}")
    button.setToolTip(QCoreApplication.translate(
        "CoverButton", "Print a cover sheet, put it on top of the pages in the scanner: the "
        "scan is filed here by itself"))
    party = item.party.value if item.party.value != "none" else None

    def render() -> bytes:
        return inbox.cover_sheet(ctx.db, ctx.actor, ctx.number, item.id, party)

    def show(pdf: bytes) -> None:
        title = QCoreApplication.translate("CoverButton", "Cover sheet: {0}")
        preview = FormPreview(
            pdf, title.format(i18n.text(item.title)), file_name=f"{ctx.number}-{item.id}-cover.pdf",
            draft=False, describe_error=i18n.error_text,
            protected=protected_paths(ctx.db.sqlite_path), parent=parent.window())
        button.setProperty("preview", preview)  # kept alive with the button; tests find it
        preview.open()

    button.clicked.connect(lambda: ctx.run(render, show, owner=button))
    return button
