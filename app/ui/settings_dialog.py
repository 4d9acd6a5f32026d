"""Settings: the dealership, its lenders and their limits, the language, where the data lives.

Dealership and lenders live in the database (every workstation sees the same) and only an
administrator may change them; the language is this workstation's own (QSettings).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import make_url

from app import config
from app.domain.money import MAX_TERM_MONTHS, LenderLimits
from app.services.lenders import LenderView, add_lender, list_lenders, update_lender
from app.services.settings import get_settings, set_setting
from app.store.db import Database
from app.ui import i18n, style
from app.ui.scan_folder import ScanFolderTab
from app.ui.users_tab import UsersTab
from app.ui.workers import run_in_pool

DEFAULT_LIMITS = LenderLimits()

DEALERSHIP_KEYS = ("dealership.name", "dealership.address", "dealership.phone")


def _percent(fraction: Decimal) -> str:
    return f"{fraction * 100:.0f} %"


class SettingsDialog(QDialog):
    language_changed = Signal(str)  # the main window applies it at once

    def __init__(self, db: Database, actor: str, *, may_administer: bool,
                 may_manage_admins: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._actor = db, actor
        self._may_administer = may_administer
        self._stored: dict[str, str] = {}
        self._lender_views: list[LenderView] = []
        self.setWindowTitle(self.tr("Settings"))
        tabs = QTabWidget()
        tabs.addTab(self._dealership_tab(), self.tr("Dealership"))
        tabs.addTab(self._lenders_tab(), self.tr("Lenders"))
        self.users_tab = UsersTab(db, actor, may_administer=may_administer,
                                  may_manage_admins=may_manage_admins)
        tabs.addTab(self.users_tab, self.tr("Users"))
        tabs.addTab(self._language_tab(), self.tr("Language"))
        tabs.addTab(self._data_tab(), self.tr("Data"))
        from app.ui.database_settings import DatabaseTab  # only when Settings opens

        self.database_tab = DatabaseTab(db, actor)
        tabs.addTab(self.database_tab, self.tr("Database"))
        tabs.addTab(ScanFolderTab(), self.tr("Scanner"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.resize(760, 480)
        self.load()

    # -- layout -------------------------------------------------------------------------------

    def _admin_note(self, layout: QVBoxLayout | QFormLayout) -> None:
        if not self._may_administer:
            note = QLabel(self.tr("Only an administrator can change these."))
            note.setObjectName(style.HINT)
            if isinstance(layout, QFormLayout):
                layout.addRow(note)
            else:
                layout.addWidget(note)

    def _dealership_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.fields = {key: QLineEdit() for key in DEALERSHIP_KEYS}
        labels = (self.tr("Name"), self.tr("Address"), self.tr("Phone"))
        for key, label in zip(DEALERSHIP_KEYS, labels, strict=True):
            self.fields[key].setReadOnly(not self._may_administer)
            form.addRow(label, self.fields[key])
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setEnabled(self._may_administer)
        self.save_button.clicked.connect(self.save_dealership)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        form.addRow(row)
        self._admin_note(form)
        return page

    def _lenders_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.lenders = QTableWidget(0, 5)  # a handful of lenders: no lazy model needed
        self.lenders.setHorizontalHeaderLabels([
            self.tr("Lender"), self.tr("Max loan-to-value"), self.tr("New-energy"),
            self.tr("Longest term"), self.tr("Income multiple")])
        self.lenders.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The limits' columns as wide as their headers ("Max loan-to-value" was cut to "ax
        # loan-to-valu" in English); the lender's name takes what is left.
        for column in range(1, 5):
            self.lenders.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents)
        self.lenders.verticalHeader().hide()
        self.lenders.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.lenders)
        self.lender_name = QLineEdit()
        self.lender_name.setPlaceholderText(self.tr("New lender's name"))
        self.lender_ltv = QSpinBox()
        # A new lender starts from the domain's defaults (LenderLimits), not from figures here.
        self.lender_ltv.setRange(1, 100)
        self.lender_ltv.setValue(int(DEFAULT_LIMITS.max_ltv_self_use * 100))
        self.lender_ltv.setSuffix(" %")
        self.lender_term = QSpinBox()
        self.lender_term.setRange(1, MAX_TERM_MONTHS)
        self.lender_term.setValue(DEFAULT_LIMITS.max_term_months)
        self.lender_term.setSuffix(self.tr(" months"))
        self.lender_multiple = QDoubleSpinBox()
        self.lender_multiple.setRange(1, 10)
        self.lender_multiple.setValue(float(DEFAULT_LIMITS.income_multiple))
        self.lender_multiple.setDecimals(1)
        self.lender_multiple.setSuffix(" ×")
        self.add_button = QPushButton(self.tr("Add lender"))
        self.add_button.clicked.connect(self.add_lender)
        # Picking a row fills the fields; "Save limits" then changes that lender.
        self.update_button = QPushButton(self.tr("Save limits"))
        self.update_button.clicked.connect(self.update_lender)
        self.lenders.itemSelectionChanged.connect(self._lender_picked)
        row = QHBoxLayout()
        for widget in (self.lender_name, self.lender_ltv, self.lender_term,
                       self.lender_multiple, self.add_button, self.update_button):
            widget.setEnabled(self._may_administer)
            row.addWidget(widget)
        row.setStretch(0, 1)
        layout.addLayout(row)
        self._admin_note(layout)
        return page

    def _language_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.language = QComboBox()
        self.language.addItem("English", i18n.ENGLISH)
        self.language.addItem("简体中文", i18n.CHINESE)
        self.language.setCurrentIndex(self.language.findData(i18n.chosen_language()))
        self.language.currentIndexChanged.connect(self._language_chosen)
        form.addRow(self.tr("Language"), self.language)
        note = QLabel(self.tr("The new language applies at once to the main window."))
        note.setObjectName(style.HINT)
        form.addRow("", note)
        return page

    def _data_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        for label, value in (
                (self.tr("Database"), make_url(self._db.url).render_as_string(
                    hide_password=True)),
                (self.tr("Data folder"), str(config.data_dir()))):
            shown = QLineEdit(value)
            shown.setReadOnly(True)
            shown.setCursorPosition(0)
            form.addRow(label, shown)
        note = QLabel(self.tr("Everything, documents included, is in this one database: "
                              "back it up and you have backed up LoanDesk."))
        note.setObjectName(style.HINT)
        note.setWordWrap(True)
        form.addRow("", note)
        return page

    # -- behaviour ----------------------------------------------------------------------------

    def load(self) -> None:
        self.users_tab.load()
        db = self._db
        run_in_pool(lambda: (get_settings(db), list_lenders(db)), on_result=self._loaded,
                    on_error=self._failed)

    def _loaded(self, result: tuple[dict[str, str], list[LenderView]]) -> None:
        if not shiboken6.isValid(self):
            return
        self._stored, lenders = result
        self._lender_views = lenders
        for key, field in self.fields.items():
            field.setText(self._stored.get(key, ""))
        self.lenders.setRowCount(len(lenders))
        for row, lender in enumerate(lenders):
            limits = lender.limits
            for column, value in enumerate((
                    lender.name, _percent(limits.max_ltv_self_use),
                    _percent(limits.max_ltv_self_use_new_energy),
                    self.tr("%n month(s)", "", limits.max_term_months),
                    f"{limits.income_multiple} ×")):
                self.lenders.setItem(row, column, QTableWidgetItem(value))

    def _failed(self, error: Exception) -> None:
        if shiboken6.isValid(self):
            self.save_button.setEnabled(self._may_administer)
            self.add_button.setEnabled(self._may_administer)
            i18n.report_error(self, error)

    def save_dealership(self) -> None:
        changed = {key: field.text() for key, field in self.fields.items()
                   if field.text() != self._stored.get(key, "")}
        db, actor = self._db, self._actor

        def save() -> None:
            for key, value in changed.items():
                set_setting(db, actor, key, value)

        self.save_button.setEnabled(False)
        run_in_pool(save, on_result=lambda _none: self._saved(), on_error=self._failed)

    def _saved(self) -> None:
        if shiboken6.isValid(self):
            self.save_button.setEnabled(True)
            self.load()

    def _save_lender(self, save: Callable[..., LenderView]) -> None:
        """Add or change the lender named in the fields, with the limits they show."""
        db, actor, name = self._db, self._actor, self.lender_name.text()
        limits = {"max_ltv": str(Decimal(self.lender_ltv.value()) / 100),
                  "max_term": self.lender_term.value(),
                  "income_multiple": f"{self.lender_multiple.value():.1f}"}
        run_in_pool(lambda: save(db, actor, name, **limits),
                    on_result=lambda _view: self._lender_added(), on_error=self._failed)

    def add_lender(self) -> None:
        self.add_button.setEnabled(False)
        self._save_lender(add_lender)

    def _lender_picked(self) -> None:
        row = self.lenders.currentRow()
        if not 0 <= row < len(self._lender_views):
            return
        lender = self._lender_views[row]
        self.lender_name.setText(lender.name)
        self.lender_ltv.setValue(int(lender.limits.max_ltv_self_use * 100))
        self.lender_term.setValue(lender.limits.max_term_months)
        self.lender_multiple.setValue(float(lender.limits.income_multiple))

    def update_lender(self) -> None:
        self._save_lender(update_lender)

    def _lender_added(self) -> None:
        if shiboken6.isValid(self):
            self.add_button.setEnabled(True)
            self.lender_name.clear()
            self.load()

    def _language_chosen(self) -> None:
        i18n.remember_language(self.language.currentData())
        self.language_changed.emit(self.language.currentData())
