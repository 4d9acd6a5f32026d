"""Help → About: the version, where the data and the log are, and whose work LoanDesk ships.

The version is the installed distribution's (importlib.metadata), the folders are the ones
the program really uses (app.config, app.errorlog), and each library's installed version is
read at the moment the dialog opens, so what it says is true of this workstation.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import config


@dataclass(frozen=True)
class Component:
    name: str  # as people know it
    distribution: str  # for its installed version ("" for a file, not a package)
    licence: str


# What a LoanDesk installation carries, and under which licence (the bundle ships their
# licence texts; the font's is resources/fonts/wqy-microhei.LICENSE.txt).
COMPONENTS: tuple[Component, ...] = (
    Component("Qt 6 and Qt for Python (PySide6)", "PySide6-Essentials", "LGPL-3.0"),
    Component("WenQuanYi Micro Hei (font)", "", "Apache-2.0 (or GPL-3.0 with font exception)"),
    Component("SQLAlchemy", "SQLAlchemy", "MIT"),
    Component("Alembic", "alembic", "MIT"),
    Component("ReportLab", "reportlab", "BSD"),
    Component("Pillow", "Pillow", "MIT-CMU (HPND)"),
    Component("pillow-heif", "pillow-heif", "BSD-3-Clause (libheif: LGPL-3.0)"),
    Component("pypdfium2 (PDFium)", "pypdfium2", "Apache-2.0 / BSD-3-Clause"),
    Component("pypdf", "pypdf", "BSD-3-Clause"),
    Component("python-stdnum", "python-stdnum", "LGPL-2.1-or-later"),
    Component("cn2an", "cn2an", "MIT"),
    Component("platformdirs", "platformdirs", "MIT"),
    Component("argon2-cffi", "argon2-cffi", "MIT"),
    Component("PyNaCl (libsodium)", "PyNaCl", "Apache-2.0 (libsodium: ISC)"),
    Component("keyring", "keyring", "MIT"),
    Component("psycopg (PostgreSQL)", "psycopg", "LGPL-3.0"),
)


def installed_version(distribution: str) -> str:
    if not distribution:
        return ""
    for name in (distribution, distribution.split("-")[0]):  # PySide6-Essentials or PySide6
        try:
            return version(name)
        except PackageNotFoundError:
            continue
    return "—"  # not installed here (an optional part, e.g. PostgreSQL support)


class AboutDialog(QDialog):
    def __init__(self, database_url: str, parent: QWidget | None = None) -> None:
        from app.errorlog import log_path

        super().__init__(parent)
        self.setWindowTitle(self.tr("About LoanDesk"))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("LoanDesk %1").replace("%1", config.version()))
        title.setObjectName("aboutTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(QLabel(self.tr("Car loans at the dealership desk.")))
        form = QFormLayout()
        self.places: dict[str, QLineEdit] = {}
        for key, label, value in (
                ("version", self.tr("Version"), config.version()),
                ("database", self.tr("Database"), config.shown_url(database_url)),
                ("data", self.tr("Data folder"), str(config.data_dir())),
                ("log", self.tr("Error log"), str(log_path()))):
            shown = QLineEdit(value)  # selectable, so it can be pasted into a support mail
            shown.setReadOnly(True)
            shown.setCursorPosition(0)
            self.places[key] = shown
            form.addRow(label, shown)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("LoanDesk is built on the work of others:")))
        self.components = QTableWidget(len(COMPONENTS), 3)
        self.components.setHorizontalHeaderLabels(
            [self.tr("Component"), self.tr("Version"), self.tr("Licence")])
        for row, component in enumerate(COMPONENTS):
            for column, text in enumerate((component.name,
                                           installed_version(component.distribution),
                                           component.licence)):
                self.components.setItem(row, column, QTableWidgetItem(text))
        header = self.components.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.components.verticalHeader().hide()
        self.components.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.components, 1)
        note = QLabel(self.tr("Qt and PySide6 are used under the GNU LGPL version 3: you may "
                              "replace them with your own build of the same version."))
        note.setWordWrap(True)
        note.setObjectName("hint")
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(640, 560)
