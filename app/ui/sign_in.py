"""Sign in: who is at the desk, proven by their password.

On a brand-new database the same dialog first asks for the administrator's password (there
is no default password). The check itself is the auth service's (lockout included); this
dialog only collects the name and password and shows the service's answer beside them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.procedure import shown_name
from app.services.users import UserView, role_title
from app.ui import i18n, style
from app.ui.workers import run_in_pool


class SignIn(QDialog):
    """Emits `signed_in(name)` once the service accepted the password."""

    signed_in = Signal(str)

    def __init__(self, users: list[UserView], check: Callable[[str, str], object],
                 parent: QWidget | None = None, last_user: str = "",
                 unknown_user: str = "") -> None:
        super().__init__(parent)
        self._check = check
        self.setWindowTitle(self.tr("Sign in to LoanDesk"))
        self.user = QComboBox()
        for user in users:
            name = shown_name(user.display_name, zh=i18n.is_chinese())
            role = i18n.text(role_title(user.role))
            self.user.addItem(name if name == role else f"{name}  ·  {role}",
                              user.name)
        index = self.user.findData(last_user)
        if index >= 0:
            self.user.setCurrentIndex(index)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLabel(self.tr("Choose your name and type your password. Everything you do "
                                   "is recorded under your name."))
        self.hint.setObjectName(style.HINT)
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        if unknown_user:  # `loandesk --user NAME` with a name that is not (or no longer) here
            self._refuse(self.tr("There is no active user called %1. Choose your name.")
                         .replace("%1", unknown_user))
        form = QFormLayout()
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Password"), self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(400)
        self.password.setFocus()

    def user_name(self) -> str:
        return str(self.user.currentData() or "")

    def _refuse(self, message: str) -> None:
        self.hint.setText(message)
        self.hint.setObjectName(style.REFUSAL)
        self.hint.style().polish(self.hint)

    def try_sign_in(self) -> None:
        name, password = self.user_name(), self.password.text()
        self.buttons.setEnabled(False)
        run_in_pool(lambda: self._check(name, password), on_result=lambda _: self._accepted(name),
                    on_error=self._refused)

    def _accepted(self, name: str) -> None:
        self.signed_in.emit(name)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self._refuse(i18n.error_text(error))


class FirstAdministrator(QDialog):
    """A new database: the administrator's password, typed twice. Emits `chosen(password)`
    once the service accepted it (length rules are the domain's)."""

    chosen = Signal(str)

    def __init__(self, create: Callable[[str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._create = create
        self.setWindowTitle(self.tr("A new LoanDesk database"))
        self.hint = QLabel(self.tr("This database has no users yet. Choose the password of the "
                                   "administrator (user name: admin), who then adds the staff."))
        self.hint.setWordWrap(True)
        self.hint.setObjectName(style.HINT)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.password = QLineEdit()
        self.again = QLineEdit()
        for edit in (self.password, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Again"), self.again)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_create)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def try_create(self) -> None:
        password = self.password.text()
        if password != self.again.text():
            self.hint.setText(self.tr("The two passwords differ."))
            self.hint.setObjectName(style.REFUSAL)
            self.hint.style().polish(self.hint)
            return
        self.buttons.setEnabled(False)
        run_in_pool(lambda: self._create(password), on_result=lambda _: self._created(password),
                    on_error=self._refused)

    def _created(self, password: str) -> None:
        self.chosen.emit(password)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        self.hint.setText(i18n.error_text(error))
        self.hint.setObjectName(style.REFUSAL)
        self.hint.style().polish(self.hint)
