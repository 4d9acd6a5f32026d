"""Files into the case as one document: read off the GUI thread, with progress and Cancel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.domain.procedure import document_kind
from app.services import documents
from app.ui import i18n
from app.ui.workspace.context import CaseContext


class DocumentImport(QObject):
    """One import of many files as the pages of one new document of `kind` for `party`."""

    finished = Signal(object)  # the AddResult, or None when cancelled or refused

    def __init__(self, ctx: CaseContext, kind: str, party: str, paths: Sequence[Path],
                 parent: QWidget, replaces: int | None = None) -> None:
        super().__init__(parent)
        self.replaces = replaces
        self.ctx = ctx
        self.kind = kind
        self.party = party
        self.paths = [Path(p) for p in paths]
        self.cancelled = False  # read by the pool thread between files: a plain flag will do
        self.progress = QProgressDialog(
            self.tr("Importing {0}…").format(i18n.text(document_kind(kind).title)),
            self.tr("Cancel"), 0, max(len(self.paths), 1), parent)
        self.progress.setWindowTitle(self.tr("Import"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)  # a single photo imports without a flash
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self._cancel)

    def start(self) -> None:
        self.progress.setValue(0)
        self.ctx.run(self._work, self._done, changes=True, on_error=self._failed,
                     on_progress=self._progressed)

    def _cancel(self) -> None:
        self.cancelled = True

    def _work(self, progress: Callable[[int, int, str], None]) -> documents.AddResult | None:
        files, rejected = documents.import_files(self.paths, progress=progress,
                                                 cancelled=lambda: self.cancelled)
        if self.cancelled:
            return None
        return documents.add_document(self.ctx.db, self.ctx.actor, self.ctx.number, self.kind,
                                      files, party=self.party, rejected=rejected,
                                      replaces=self.replaces)

    def _progressed(self, done: int, total: int, name: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        if name:
            self.progress.setLabelText(self.tr("Reading {0} ({1} of {2})").format(
                name, done + 1, total))

    def _failed(self, error: Exception) -> None:
        self.progress.close()
        self.ctx.tell(i18n.error_text(error), "error")
        self.finished.emit(None)

    def _done(self, result: documents.AddResult | None) -> None:
        self.progress.close()
        if result is None:
            self.ctx.tell(self.tr("Import cancelled: nothing was added."), "warning")
        else:
            text, level = self.summary(result)
            self.ctx.tell(text, level)
        self.finished.emit(result)

    def summary(self, result: documents.AddResult) -> tuple[str, str]:
        """What happened to every file: added, refused and why, already there and where."""
        kind = i18n.text(document_kind(self.kind).title)
        lines = []
        if result.imported:
            lines.append(self.tr("Added {0} page(s) to {1}: {2}").format(
                result.pages, kind, ", ".join(result.imported)))
        for name, why in result.rejected:
            lines.append(self.tr("Refused {0}: {1}").format(name, i18n.text(why)))
        for name, where in result.duplicates:
            lines.append(self.tr("{0} is already in the case files: {1}").format(
                name, i18n.text(where)))
        for name, warning in result.warnings:
            lines.append(self.tr("Check {0}: {1}").format(name, i18n.text(warning)))
        if not lines:
            lines.append(self.tr("Nothing was added."))
        if not result.imported:
            level = "error"
        elif result.rejected or result.duplicates or result.warnings:
            level = "warning"
        else:
            level = "info"
        return "\n".join(lines), level
