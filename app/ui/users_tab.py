"""Settings → Users: the administrator adds staff, changes roles, switches accounts off and
sets passwords. Every rule (who may, password length, not locking oneself out) is the
users and auth services'; this tab shows their answers."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.procedure import ROLE_TITLES, Role, shown_name
from app.services.auth import set_password
from app.services.users import UserView, add_user, change_user, list_users
from app.store.db import Database
from app.ui import i18n, style
from app.ui.workers import run_in_pool

COL_NAME, COL_DISPLAY, COL_ROLE, COL_ACTIVE = range(4)


class UsersTab(QWidget):
    def __init__(self, db: Database, actor: str, *, may_administer: bool,
                 may_manage_admins: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._actor = db, actor
        self._may_administer, self._may_manage_admins = may_administer, may_manage_admins
        self.users: list[UserView] = []
        self.table = QTableWidget(0, 4)  # a dealership's staff: a few dozen rows at most
        self.table.setHorizontalHeaderLabels([self.tr("Sign-in name"), self.tr("Name"),
                                              self.tr("Role"), self.tr("Active")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.login = QLineEdit()
        self.login.setPlaceholderText(self.tr("sign-in name, e.g. wang.fang"))
        self.display = QLineEdit()
        self.display.setPlaceholderText(self.tr("name, e.g. 王芳"))
        self.role = QComboBox()
        # Administrators are made by an administrator only (the permission matrix).
        for role in (r for r in Role if may_manage_admins or r is not Role.ADMIN):
            self.role.addItem(i18n.text(ROLE_TITLES[role]), role.value)
        self.add_button = QPushButton(self.tr("Add user…"))
        self.add_button.clicked.connect(self.add)
        self.role_button = QPushButton(self.tr("Give the selected user this role"))
        self.role_button.clicked.connect(self.change_role)
        self.active_button = QPushButton(self.tr("Switch the selected account off / on"))
        self.active_button.clicked.connect(self.toggle_active)
        self.password_button = QPushButton(self.tr("Set a new password…"))
        self.password_button.clicked.connect(self.new_password)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName(style.HINT)
        add_row = QHBoxLayout()
        for widget in (self.login, self.display, self.role, self.add_button):
            add_row.addWidget(widget)
        change_row = QHBoxLayout()
        for widget in (self.role_button, self.active_button, self.password_button):
            change_row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(add_row)
        layout.addLayout(change_row)
        layout.addWidget(self.message)
        for widget in (self.login, self.display, self.role, self.add_button, self.role_button,
                       self.active_button, self.password_button):
            widget.setEnabled(may_administer)
        self.table.itemSelectionChanged.connect(self._offer_for_selection)

    def _offer_for_selection(self) -> None:
        """An administrator's account is changed by an administrator only."""
        user = self._selected()
        editable = self._may_administer and (
            self._may_manage_admins or user is None or user.role != Role.ADMIN)
        for widget in (self.role_button, self.active_button, self.password_button):
            widget.setEnabled(editable)

    def load(self) -> None:
        db = self._db
        run_in_pool(lambda: list_users(db, include_inactive=True), on_result=self._loaded,
                    on_error=self._failed)

    def _loaded(self, users: list[UserView]) -> None:
        if not shiboken6.isValid(self):
            return
        self.users = users
        self.table.setRowCount(len(users))
        for row, user in enumerate(users):
            values = (user.name, shown_name(user.display_name, zh=i18n.is_chinese()),
                      i18n.text(ROLE_TITLES[Role(user.role)]),
                      self.tr("yes") if user.active else self.tr("no"))
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def _selected(self) -> UserView | None:
        row = self.table.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def _run(self, work: Callable[[], object], done: str) -> None:
        run_in_pool(work, on_result=lambda _: self._done(done), on_error=self._failed)

    def _done(self, text: str) -> None:
        if shiboken6.isValid(self):
            self.message.setText(text)
            self.load()

    def _failed(self, error: Exception) -> None:
        if shiboken6.isValid(self):
            i18n.report_error(self, error)

    def _ask_password(self, who: str) -> str | None:
        password, ok = QInputDialog.getText(
            self, self.tr("Password"), self.tr("Password for %1 (at least 8 characters):")
            .replace("%1", who), QLineEdit.EchoMode.Password)
        return password if ok else None

    def add(self) -> None:
        login, display, role = self.login.text(), self.display.text(), self.role.currentData()
        password = self._ask_password(login)
        if password is None:
            return
        db, actor = self._db, self._actor
        self._run(lambda: add_user(db, actor, login, display, role, password=password),
                  self.tr("%1 added.").replace("%1", login))

    def change_role(self) -> None:
        user, role = self._selected(), self.role.currentData()
        if user is not None:
            db, actor = self._db, self._actor
            self._run(lambda: change_user(db, actor, user.name, role=role),
                      self.tr("%1's role changed.").replace("%1", user.display_name))

    def toggle_active(self) -> None:
        user = self._selected()
        if user is not None:
            db, actor = self._db, self._actor
            self._run(lambda: change_user(db, actor, user.name, active=not user.active),
                      self.tr("%1 switched off.").replace("%1", user.display_name)
                      if user.active else
                      self.tr("%1 switched on.").replace("%1", user.display_name))

    def new_password(self) -> None:
        user = self._selected()
        password = self._ask_password(user.display_name) if user is not None else None
        if user is not None and password is not None:
            db, actor = self._db, self._actor
            self._run(lambda: set_password(db, actor, user.name, password),
                      self.tr("New password set for %1.").replace("%1", user.display_name))
