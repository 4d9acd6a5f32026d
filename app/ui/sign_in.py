"""Sign in: who is at the desk.

Today a person picks their name; the security issue adds a password field here and a check
in the users service. The rest of the application only ever sees the sign-in name this
dialog returns, so that change stays inside this file and the service.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.services.users import UserView, role_title
from app.ui import i18n, style


class SignIn(QDialog):
    def __init__(self, users: list[UserView], parent: QWidget | None = None,
                 last_user: str = "", unknown_user: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in to LoanDesk"))
        self.user = QComboBox()
        for user in users:
            self.user.addItem(f"{user.display_name}  ·  {i18n.text(role_title(user.role))}",
                              user.name)
        index = self.user.findData(last_user)
        if index >= 0:
            self.user.setCurrentIndex(index)
        hint = QLabel(self.tr("Choose your name. Everything you do is recorded under it."))
        hint.setObjectName(style.HINT)
        hint.setWordWrap(True)
        if unknown_user:  # `loandesk --user NAME` with a name that is not (or no longer) here
            hint.setText(self.tr("There is no active user called %1. Choose your name.")
                         .replace("%1", unknown_user))
            hint.setObjectName(style.REFUSAL)
            hint.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        form.addRow(self.tr("User"), self.user)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def user_name(self) -> str:
        return str(self.user.currentData() or "")
