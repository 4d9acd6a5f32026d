"""The scanner's folder: the Settings tab that names it, and the watcher that files its scans.

The folder is this workstation's own (a network scanner's "scan to folder" share is mounted
where this PC mounts it), so it lives in QSettings, not in the dealership's database. The
watcher looks when the folder changes (QFileSystemWatcher) and every few seconds anyway (a
network share does not always report changes), and runs the inbox service on the thread
pool with the signed-in user's permissions, one pass at a time.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.domain import inbox as rules
from app.store.db import Database
from app.ui import i18n, style
from app.ui.workers import run_in_pool

FOLDER_KEY = "inbox/folder"
# Besides change notices: a pass this often, and one this long after a change (when the
# scanner's file should have settled).
POLL_MS = 15_000
AFTER_CHANGE_MS = int((rules.SETTLE_SECONDS + 2 * rules.RECHECK_SECONDS) * 1000)


def scan_folder() -> Path | None:
    value = str(i18n.settings().value(FOLDER_KEY, "") or "").strip()
    return Path(value) if value else None


def set_scan_folder(folder: str) -> None:
    i18n.settings().setValue(FOLDER_KEY, folder.strip())


class ScanFolderTab(QWidget):
    """Settings → Scanner: which folder this workstation files scans from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        row = QHBoxLayout()
        self.folder = QLineEdit(str(scan_folder() or ""))
        self.folder.setObjectName("scan_folder")
        self.folder.setPlaceholderText(self.tr("No folder: scans are not filed automatically"))
        self.folder.editingFinished.connect(lambda: set_scan_folder(self.folder.text()))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self.choose)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Scanner folder"), row)
        note = QLabel(self.tr(
            "Point the scanner's \"scan to folder\" here. Each scan that starts with a LoanDesk "
            "cover sheet is filed into its case; finished files move to done/, files that "
            "cannot be filed to unsorted/ with the reason. Nothing is deleted."))
        note.setObjectName(style.HINT)
        note.setWordWrap(True)
        form.addRow("", note)

    def choose(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Scanner folder"),
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)
            set_scan_folder(chosen)


class InboxWatcher(QObject):
    """Files the scanner folder's scans while the desktop is open; emits what it filed."""

    arrived = Signal(object)  # the InboxReport of a pass that filed or set aside something

    def __init__(self, db: Database, actor: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.folder: Path | None = None
        self.busy = False
        self.soon = QTimer(self, singleShot=True, interval=AFTER_CHANGE_MS)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _path: self.soon.start())
        self.soon.timeout.connect(self.run_once)
        self.poll = QTimer(self, interval=POLL_MS)
        self.poll.timeout.connect(self.run_once)
        self.refresh()

    def refresh(self) -> None:
        """Take up the folder named in Settings (called again after the dialog closes)."""
        folder = scan_folder()
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        self.folder = folder if folder is not None and folder.is_dir() else None
        if self.folder is None:
            self.poll.stop()
            return
        self.watcher.addPath(str(self.folder))
        self.poll.start()
        self.soon.start()

    def stop(self) -> None:
        """No more passes: the person it files for has signed out."""
        self.folder = None
        self.soon.stop()
        self.poll.stop()
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())

    def run_once(self) -> None:
        if self.busy or self.folder is None:
            return
        from app.services.inbox import run_inbox

        self.busy = True
        db, actor, folder = self.db, self.actor, self.folder
        run_in_pool(lambda: run_inbox(db, actor, folder), on_result=self._done,
                    on_error=self._failed)

    def _done(self, report: object) -> None:
        if not shiboken6.isValid(self):
            return
        self.busy = False
        from app.services.inbox import InboxReport

        assert isinstance(report, InboxReport)
        if report.filed or report.unsorted:
            self.arrived.emit(report)
        if report.waiting:
            self.soon.start()

    def _failed(self, error: Exception) -> None:
        if shiboken6.isValid(self):
            self.busy = False
            self.arrived.emit(error)


def describe(report: object) -> list[tuple[str | None, str, str]]:
    """(case number or None, text, level) lines for what a pass did, in the UI language."""
    from app.domain.procedure import DOCUMENT_KINDS
    from app.services.inbox import InboxReport

    if not isinstance(report, InboxReport):
        text = i18n.error_text(report) if isinstance(report, Exception) else str(report)
        line = QCoreApplication.translate("ScanFolder", "Scanner folder: {0}")
        return [(None, line.format(text), "error")]
    lines: list[tuple[str | None, str, str]] = []
    for filed in report.filed:
        kind = i18n.text(DOCUMENT_KINDS[filed.kind].title)
        files = ", ".join(filed.files)
        if filed.document_id is None:
            line = QCoreApplication.translate(
                "ScanFolder", "Scanned {0}: already in the case files ({1})")
            lines.append((filed.case_number, line.format(kind, files), "warning"))
        else:
            line = QCoreApplication.translate(
                "ScanFolder", "Scanned {0} arrived: {1} page(s) from {2}")
            lines.append((filed.case_number, line.format(kind, filed.pages, files), "info"))
    for item in report.unsorted:
        line = QCoreApplication.translate(
            "ScanFolder", "Scan {0} could not be filed (moved to unsorted/): {1}")
        lines.append((None, line.format(item.file, i18n.text(item.reason)), "warning"))
    return lines
