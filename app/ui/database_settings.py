"""Settings → Database: which database this workstation uses, and backups from the desktop.

The tab describes a database (a shared PostgreSQL server, or a file on this computer), tests
the connection off the GUI thread and says in words what failed, and switches this
workstation to it from the next start (app.services.database_choice: the password goes to
the OS credential store, never into a file). Backup and restore go through the same service
functions as `loandesk backup` / `loandesk restore`, with the same checks and refusals; a
restore first asks, naming the database it replaces.

Who may: switching is the administrator's (Action.SWITCH_DATABASE); backups and restores are
for those the permission matrix allows (Action.BACKUP / Action.RESTORE). The widgets the
person may not use are shown disabled, and the services refuse regardless.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import config
from app.domain.errors import InvalidInput
from app.domain.permissions import Action, allowed
from app.services.backup import STAGES
from app.services.database_choice import (
    POSTGRESQL,
    SQLITE,
    Switched,
    Target,
    check_connection,
    may_copy,
    switch_database,
)
from app.services.pg_tools import PG_BIN_SETTING
from app.store.db import Database
from app.ui import i18n, style
from app.ui.workers import run_in_pool

DEFAULT_PORT = 5432


class DatabaseTab(QWidget):
    """Emits `restored` after a restore replaced the database (the window reloads its lists)."""

    restored = Signal()

    def __init__(self, db: Database, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._actor = db, actor
        self._role = ""
        self.busy: QProgressDialog | None = None
        self.stages_seen: list[tuple[int, int]] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self._choice_box())
        layout.addWidget(self._backup_box())
        layout.addStretch(1)
        self._permit("")
        self._load_role()

    # -- layout -------------------------------------------------------------------------------

    def _choice_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Database of this workstation"))
        self._form = form = QFormLayout(box)
        current = QLineEdit(config.shown_url(self._db.url))
        current.setReadOnly(True)
        form.addRow(self.tr("In use"), current)
        if config.url_override():
            fixed = QLabel(self.tr("Set for this session by %1: a choice made here applies "
                                   "when it is not set.").replace("%1", config.url_override()))
            fixed.setObjectName(style.HINT)
            fixed.setWordWrap(True)
            form.addRow("", fixed)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Shared server (PostgreSQL)"), POSTGRESQL)
        self.kind.addItem(self.tr("File on this computer (SQLite)"), SQLITE)
        form.addRow(self.tr("Kind"), self.kind)
        self.kind_pages = QStackedWidget()
        server_page = QWidget()
        server = QFormLayout(server_page)
        server.setContentsMargins(0, 0, 0, 0)
        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("e.g. 192.168.1.10 or loan-server"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit("loandesk")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        for label, widget in ((self.tr("Server"), self.host), (self.tr("Port"), self.port),
                              (self.tr("Database name"), self.database),
                              (self.tr("User"), self.user),
                              (self.tr("Password"), self.password)):
            server.addRow(label, widget)
        kept = QLabel(self.tr("The password is kept in this computer's credential store "
                              "(Windows Credential Manager), never in a file."))
        kept.setObjectName(style.HINT)
        kept.setWordWrap(True)
        server.addRow("", kept)
        file_page = QWidget()
        file_row = QHBoxLayout(file_page)
        file_row.setContentsMargins(0, 0, 0, 0)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("a .sqlite3 file"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose_file)
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.kind_pages.addWidget(server_page)
        self.kind_pages.addWidget(file_page)
        form.addRow(self.kind_pages)
        self.copy = QCheckBox(self.tr("Copy the current data into the new file"))
        self.copy_note = QLabel(self.tr("The server database must be new and empty. Every "
                                        "table is copied in one go and checked there (rows "
                                        "of each table, the audit trail) before the switch "
                                        "is saved. Without a copy LoanDesk sets up an empty "
                                        "database."))
        self.copy_note.setObjectName(style.HINT)
        self.copy_note.setWordWrap(True)
        form.addRow("", self.copy)
        form.addRow("", self.copy_note)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test)
        self.switch_button = QPushButton(self.tr("Switch"))
        self.switch_button.clicked.connect(self.switch)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.test_button)
        row.addWidget(self.switch_button)
        form.addRow(row)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)  # quotes what was typed
        form.addRow(self.outcome)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        return box

    def _backup_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Backups"))
        form = QFormLayout(box)
        self.backup_button = QPushButton(self.tr("Back up…"))
        self.backup_button.clicked.connect(self._choose_backup)
        self.restore_button = QPushButton(self.tr("Restore…"))
        self.restore_button.clicked.connect(self._choose_restore)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        form.addRow(row)
        self.pg_bin = QLineEdit()
        self.pg_bin.setPlaceholderText(self.tr("found by itself when empty"))
        save = QPushButton(self.tr("Save"))
        save.clicked.connect(self.save_pg_bin)
        self.pg_bin_save = save
        tools = QHBoxLayout()
        tools.addWidget(self.pg_bin, 1)
        tools.addWidget(save)
        form.addRow(self.tr("PostgreSQL tools folder"), tools)
        hint = QLabel(self.tr("Backups of a server database need pg_dump and pg_restore: "
                              "LoanDesk looks on PATH and in C:\\Program Files\\PostgreSQL; "
                              "name their folder here if they are elsewhere."))
        hint.setObjectName(style.HINT)
        hint.setWordWrap(True)
        form.addRow("", hint)
        return box

    # -- who may ------------------------------------------------------------------------------

    def _load_role(self) -> None:
        from app.services.settings import get_settings
        from app.services.users import list_users

        db, actor = self._db, self._actor

        def load() -> tuple[str, str]:
            role = next((u.role for u in list_users(db) if u.name == actor), "")
            return role, get_settings(db).get(PG_BIN_SETTING, "")

        run_in_pool(load, on_result=self._role_loaded, on_error=self._failed)

    def _role_loaded(self, result: tuple[str, str]) -> None:
        if shiboken6.isValid(self):
            role, pg_bin = result
            self.pg_bin.setText(pg_bin)
            self._permit(role)

    def _permit(self, role: str) -> None:
        self._role = role
        may_switch = allowed(role, Action.SWITCH_DATABASE)
        for widget in (self.kind, self.kind_pages, self.test_button, self.switch_button):
            widget.setEnabled(may_switch)
        self.copy.setEnabled(may_switch and self._copy_possible())
        self.backup_button.setEnabled(allowed(role, Action.BACKUP))
        self.restore_button.setEnabled(allowed(role, Action.RESTORE))
        for field in (self.pg_bin, self.pg_bin_save):
            field.setEnabled(allowed(role, Action.SETTINGS))

    # -- choosing -----------------------------------------------------------------------------

    def target(self) -> Target:
        if self.kind.currentData() == SQLITE:
            return Target(SQLITE, path=self.path.text().strip())
        return Target(POSTGRESQL, host=self.host.text().strip(), port=self.port.value(),
                      database=self.database.text().strip(), user=self.user.text().strip())

    def _copy_possible(self) -> bool:
        return may_copy(self._db, Target(self.kind.currentData() or POSTGRESQL))

    def _kind_changed(self) -> None:
        self.kind_pages.setCurrentIndex(0 if self.kind.currentData() == POSTGRESQL else 1)
        possible = self._copy_possible()
        self._form.setRowVisible(self.copy, possible)  # the row, not only the box: no gap
        self.copy.setEnabled(possible and allowed(self._role, Action.SWITCH_DATABASE))
        if not possible:
            self.copy.setChecked(False)
        server = self.kind.currentData() == POSTGRESQL
        self.copy.setText(self.tr("Copy the current data into the new server database")
                          if server else self.tr("Copy the current data into the new file"))
        self._form.setRowVisible(self.copy_note, server)
        self.outcome.clear()

    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Database file"), str(config.data_dir()),
            self.tr("LoanDesk database (*.sqlite3)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.path.setText(path)

    def _say(self, text: str, ok: bool) -> None:
        if shiboken6.isValid(self):
            self.outcome.setObjectName("" if ok else style.REFUSAL)
            self.outcome.style().unpolish(self.outcome)  # the style sheet reads the name
            self.outcome.style().polish(self.outcome)
            self.outcome.setText(text)
            may_switch = allowed(self._role, Action.SWITCH_DATABASE)
            self.test_button.setEnabled(may_switch)
            self.switch_button.setEnabled(may_switch)

    def test(self) -> None:
        target, password = self.target(), self.password.text()
        self.outcome.setText(self.tr("Connecting…"))
        self.test_button.setEnabled(False)
        run_in_pool(lambda: check_connection(target, password),
                    on_result=lambda found: self._say(i18n.text(found.words), True),
                    on_error=self._refused)

    def _refused(self, error: Exception) -> None:
        if isinstance(error, InvalidInput):
            self._say(i18n.error_text(error), False)
        else:
            self._say("", False)
            self._failed(error)

    def switch(self) -> None:
        target, password = self.target(), self.password.text()
        copy = self.copy.isChecked() and self.copy.isEnabled()
        db, actor = self._db, self._actor
        self.switch_button.setEnabled(False)
        self.outcome.setText(self.tr("Connecting…"))
        if copy and target.kind == POSTGRESQL:
            self._copy_across(target, password)
            return
        run_in_pool(lambda: switch_database(db, actor, target, password, copy=copy),
                    on_result=self._switched, on_error=self._refused)

    def _copy_across(self, target: Target, password: str) -> None:
        """Copy into the server with a bar over every row; the switch is saved only once the
        copy verified there (app.services.copy_across)."""
        db, actor = self._db, self._actor
        self._working(self.tr("Copying the current data into the server database…"))
        self.stages_seen = []

        def copy(progress: Any) -> Switched:
            return switch_database(db, actor, target, password, copy=True,
                                   progress=lambda table, done, total:
                                   progress(done, total, table))

        def finished(done: Switched) -> None:
            self._done_working()
            self._switched(done)

        def refused(error: Exception) -> None:
            self._done_working()
            self._refused(error)

        run_in_pool(copy, on_result=finished, on_error=refused, on_progress=self._copying)

    def _copying(self, done: int, total: int, table: str) -> None:
        self._stage(done, total)
        if self.busy is not None and shiboken6.isValid(self.busy):
            self.busy.setLabelText(self.tr("Copying %1: %2 of %3 rows…").replace(
                "%1", table).replace("%2", str(done)).replace("%3", str(total)))

    def _switched(self, done: Switched) -> None:
        if not shiboken6.isValid(self):
            return
        self.password.clear()
        text = self.tr("From the next start this workstation uses %1.").replace(
            "%1", done.shown_url)
        if done.copied_to is not None:
            text += " " + self.tr("The current data was copied there and checked.")
        if done.copied_across is not None:
            rows = sum(done.copied_across.rows.values())
            text += " " + self.tr("The current data (%1 rows) was copied there and checked; "
                                  "the other workstations need its audit key file %2.").replace(
                "%1", str(rows)).replace("%2", str(done.copied_across.key_path or "—"))
        self._say(text + " " + self.tr("Close LoanDesk and open it again to switch."), True)

    # -- the PostgreSQL tools folder --------------------------------------------------------

    def save_pg_bin(self) -> None:
        from app.services.settings import set_setting

        db, actor, value = self._db, self._actor, self.pg_bin.text().strip()
        run_in_pool(lambda: set_setting(db, actor, PG_BIN_SETTING, value),
                    on_error=self._failed)

    # -- backups ----------------------------------------------------------------------------

    def _choose_backup(self) -> None:
        from app.services.common import now

        folder = (self._db.sqlite_path.parent / "backups") if self._db.sqlite_path \
            else config.data_dir()
        suggested = folder / f"loandesk-{now().astimezone():%Y%m%d-%H%M}.sqlite3"
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Back up to"),
                                                    str(suggested))
        if path:
            self.backup_to(Path(path))

    def _choose_restore(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Restore from"),
                                                    str(config.data_dir()))
        if path:
            self.restore_from(Path(path))

    def _working(self, text: str) -> None:
        """A bar over the service's stages (written, checked, kept / checked, replaced,
        recorded); no cancel: a half-written backup or restore is never left behind."""
        self.busy = QProgressDialog(text, "", 0, STAGES, self)
        self.busy.setCancelButton(None)
        self.busy.setWindowModality(Qt.WindowModality.WindowModal)
        self.busy.setMinimumDuration(0)
        self.busy.show()

    def _stage(self, done: int, total: int, _text: str = "") -> None:
        self.stages_seen.append((done, total))
        if self.busy is not None and shiboken6.isValid(self.busy):
            self.busy.setMaximum(total)
            self.busy.setValue(done)

    def _done_working(self) -> None:
        if self.busy is not None and shiboken6.isValid(self.busy):
            self.busy.close()
            self.busy.deleteLater()
        self.busy = None

    def backup_to(self, path: Path) -> None:
        from app.services.backup import backup

        db, actor = self._db, self._actor
        self.backup_button.setEnabled(False)
        self._working(self.tr("Writing the backup and checking it…"))
        self.stages_seen = []

        def write(progress: Any) -> Any:
            return backup(db, actor, path, progress=lambda done, total: progress(done, total))

        run_in_pool(write, on_result=self._backed_up, on_error=self._backup_failed,
                    on_progress=self._stage)

    def _backed_up(self, report: Any) -> None:
        self._done_working()
        if not shiboken6.isValid(self):
            return
        self.backup_button.setEnabled(allowed(self._role, Action.BACKUP))
        self._inform(self.tr("Backup written and checked: %1 (%2 audit rows intact).")
                     .replace("%1", str(report.path)).replace("%2", str(report.audit_rows)))

    def _backup_failed(self, error: Exception) -> None:
        self._done_working()
        if shiboken6.isValid(self):
            self.backup_button.setEnabled(allowed(self._role, Action.BACKUP))
            self.restore_button.setEnabled(allowed(self._role, Action.RESTORE))
            self._failed(error)

    def confirm(self, question: str) -> bool:
        """Ask before replacing everything (tests answer for the person)."""
        answer = QMessageBox.warning(
            self, self.tr("Restore"), question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def restore_question(self, path: Path) -> str:
        return self.tr("Restoring replaces everything in the database %1 — every case, "
                       "document and user — with the contents of %2. A copy of the "
                       "current database is kept. Restore?").replace(
            "%1", config.shown_url(self._db.url)).replace("%2", str(path))

    def restore_from(self, path: Path) -> None:
        from app.services.backup import restore

        if not self.confirm(self.restore_question(path)):
            return
        db, actor = self._db, self._actor
        self.restore_button.setEnabled(False)
        self._working(self.tr("Checking the backup and restoring it…"))
        self.stages_seen = []

        def replace(progress: Any) -> Any:
            return restore(db, actor, path, progress=lambda done, total: progress(done, total))

        run_in_pool(replace, on_result=self._restored, on_error=self._backup_failed,
                    on_progress=self._stage)

    def _restored(self, kept: str | None) -> None:
        self._done_working()
        if not shiboken6.isValid(self):
            return
        self.restore_button.setEnabled(allowed(self._role, Action.RESTORE))
        self._inform(self.tr("Restored. The replaced database was kept as %1.")
                     .replace("%1", kept or "—"))
        self.restored.emit()

    # -- messages ---------------------------------------------------------------------------

    def _inform(self, text: str) -> None:
        self.last_message = text
        box = QMessageBox(QMessageBox.Icon.Information, "LoanDesk", text, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _failed(self, error: Exception) -> None:
        if shiboken6.isValid(self):
            self.last_message = i18n.error_text(error) if isinstance(error, InvalidInput) \
                else ""
            i18n.report_error(self, error)
