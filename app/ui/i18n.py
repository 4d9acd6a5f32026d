"""The language a person reads: Qt translations for our strings, zh/en for the domain's Text.

Source strings are English (`tr()`); the Simplified Chinese catalogue is built by
`make translations` from resources/translations/loandesk_zh_CN.ts. The choice is kept in
QSettings per workstation (not in the database: two people at two desks may differ) and is
applied at start-up, and at once when changed in Settings (MainWindow.apply_language).
Chinese is the default when the system locale is Chinese.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import resources

if TYPE_CHECKING:  # only names here: this module loads before the window shows
    from app.domain.errors import Text

CHINESE = "zh_CN"
ENGLISH = "en"
LANGUAGES = (ENGLISH, CHINESE)
SETTINGS_KEY = "ui/language"
log = logging.getLogger(__name__)
TRANSLATIONS = resources.translations_dir()  # in the checkout, a wheel or a bundle alike

_language = ENGLISH
_installed: list[QTranslator] = []  # kept alive: Qt does not own installed translators


def settings() -> QSettings:
    return QSettings("LoanDesk", "LoanDesk")


def system_default() -> str:
    return CHINESE if QLocale.system().language() == QLocale.Language.Chinese else ENGLISH


def chosen_language() -> str:
    value = settings().value(SETTINGS_KEY, "")
    return value if value in LANGUAGES else system_default()


def remember_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(language)
    settings().setValue(SETTINGS_KEY, language)


def install(app: QCoreApplication, language: str) -> str:
    """Load the catalogues for `language` into `app`; returns the language in effect."""
    global _language
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _language = ENGLISH
    if language != CHINESE:
        return _language
    ours = QTranslator(app)
    if not ours.load(str(TRANSLATIONS / f"loandesk_{CHINESE}.qm")):
        return _language  # no catalogue built (`make translations`): English rather than a mix
    qt_own = QTranslator(app)  # OK / Cancel / Yes in the standard dialogs
    if qt_own.load(f"qtbase_{CHINESE}",
                   QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    app.installTranslator(ours)
    _installed.append(ours)
    _language = CHINESE
    return _language


def is_chinese() -> bool:
    return _language == CHINESE


def text(value: Text) -> str:
    """A domain Text in the language in effect."""
    return value.zh if is_chinese() else value.en


def error_text(error: BaseException) -> str:
    """What went wrong, in the person's language, without the dotted field name; anything
    but a refusal is a short message (the traceback goes to the log, never on screen)."""
    from app.domain.errors import InvalidInput

    if not isinstance(error, InvalidInput):
        from app.errorlog import log_path, log_unexpected

        log_unexpected(error)
        return QCoreApplication.translate(
            "CaseContext", "Something went wrong ({0}). The details are in the log: {1}").format(
            type(error).__name__, log_path())
    if is_chinese():
        return error.zh
    return f"{error.problem}; expected {error.expected}" if error.expected else error.problem


def report_error(parent: QWidget | None, error: Exception, title: str = "") -> None:
    """A refusal says what is wrong; anything else says so briefly (the details go to the
    log, never a traceback in the person's face)."""
    from PySide6.QtCore import Qt  # not at start-up: see app/ui/main_window.py

    from app.domain.errors import InvalidInput

    box = QMessageBox(parent)
    box.setWindowTitle(title or QCoreApplication.translate("Errors", "LoanDesk"))
    box.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what was typed: never markup
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if isinstance(error, InvalidInput):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(error_text(error))
        box.open()
        return
    box.setIcon(QMessageBox.Icon.Critical)
    box.setText(error_text(error))  # one line and where the log is; the traceback is in it
    box.open()


def install_excepthook() -> None:
    """An exception nobody caught (a slot, a timer): logged with its traceback, and one line
    with the log's place on screen, instead of a console nobody reads."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: Any) -> None:
        if not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit: as before
            previous(kind, error, tb)
            return
        if error.__traceback__ is None:
            error = error.with_traceback(tb)
        try:
            report_error(QApplication.activeWindow(), error)
        except Exception:  # no window to show it in: the log still has it
            from app.errorlog import log_unexpected

            print(f"loandesk: {log_unexpected(error)}", file=sys.stderr)

    sys.excepthook = hook
