"""`loandesk` without a command: the desktop application.

Start-up order matters for how fast LoanDesk feels: the window is shown first, and the
database (imports, schema upgrade, users) opens on the thread pool behind it.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.ui import i18n, style
from app.ui.main_window import MainWindow


def start(database_url: str, user: str | None) -> tuple[QApplication, MainWindow]:
    """The application and its window, shown, with the database opening behind it."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("LoanDesk")
    app.setOrganizationName("LoanDesk")
    i18n.install(app, i18n.chosen_language())
    style.apply(app)
    set_application_icon(app)
    window = MainWindow(database_url, user)
    window.show()
    # Open the database (and sign in) once the window has painted its first frame: the work
    # behind it would otherwise compete with drawing the window for the GIL and the cores.
    # A zero-time timer alone ran before that first paint.
    AfterFirstPaint(window, window.start)
    return app, window


class AfterFirstPaint(QObject):
    """Calls `then` on the next turn of the event loop after `window`'s first paint, or after
    FALLBACK_MS if it is not painted by then (a window started minimised)."""

    FALLBACK_MS = 300

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._window, self._then, self._done = window, then, False
        window.installEventFilter(self)
        QTimer.singleShot(self.FALLBACK_MS, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Paint and not self._done:
            QTimer.singleShot(0, self._fire)  # not inside the paint itself
        return False

    def _fire(self) -> None:
        if self._done or not shiboken6.isValid(self._window):
            return
        self._done = True
        self._window.removeEventFilter(self)
        self._then()


def set_application_icon(app: QApplication) -> None:
    """The LoanDesk icon on every window and in the taskbar (a missing file, in a broken
    install, leaves Qt's default rather than stopping the start)."""
    from PySide6.QtGui import QIcon

    from app.resources import ResourceMissing, icon_file

    with contextlib.suppress(ResourceMissing):
        app.setWindowIcon(QIcon(str(icon_file("loandesk.png"))))


def run(database_url: str, user: str | None) -> int:
    app, _window = start(database_url, user)  # the window lives as long as the loop
    i18n.install_excepthook()  # here, not in start(): tests keep pytest-qt's own hook
    code = app.exec()
    QThreadPool.globalInstance().waitForDone(10_000)  # let a write in flight commit
    return code
