"""`loandesk` without a command: the desktop application.

Start-up order matters for how fast LoanDesk feels: the window is shown first, and the
database (imports, schema upgrade, users) opens on the thread pool behind it. With
`--user NAME` and $LOANDESK_PASSWORD the sign-in is checked on a thread started before Qt
is even imported (app.services.fast_start), so the landing page follows the window at once.
This module therefore imports no Qt at its top.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING

from app.config import PASSWORD_ENV

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import MainWindow


def start(database_url: str, user: str | None) -> tuple[QApplication, MainWindow]:
    """The application and its window, shown, with the database opening behind it."""
    from app import collector

    collector.pause()  # until the database layer is open (MainWindow._opened)
    early = None
    password = os.environ.get(PASSWORD_ENV, "")
    if user and password:
        from app.services.fast_start import begin

        # Before Qt is even imported: in a child process (or on a thread), the sign-in is
        # checked and the first page read on the other core while this one builds the window.
        early = begin(database_url, user, password)
    from PySide6.QtWidgets import QApplication

    from app.ui import i18n, style
    from app.ui.first_paint import AfterFirstPaint
    from app.ui.main_window import MainWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("LoanDesk")
    app.setOrganizationName("LoanDesk")
    i18n.install(app, i18n.chosen_language())
    style.apply(app)
    set_application_icon(app)
    window = MainWindow(database_url, user, early=early)
    window.show()
    # Open the database (and show the landing page) once the window has painted its first
    # frame: the work behind it would otherwise compete with drawing the window for the GIL.
    # A zero-time timer alone ran before that first paint.
    AfterFirstPaint(window, window.start)
    return app, window


def set_application_icon(app: QApplication) -> None:
    """The LoanDesk icon on every window and in the taskbar (a missing file, in a broken
    install, leaves Qt's default rather than stopping the start)."""
    from PySide6.QtGui import QIcon

    from app.resources import ResourceMissing, icon_file

    with contextlib.suppress(ResourceMissing):
        app.setWindowIcon(QIcon(str(icon_file("loandesk.png"))))


def run(database_url: str, user: str | None) -> int:
    from PySide6.QtCore import QThreadPool

    from app.ui import i18n

    app, _window = start(database_url, user)  # the window lives as long as the loop
    i18n.install_excepthook()  # here, not in start(): tests keep pytest-qt's own hook
    code = app.exec()
    QThreadPool.globalInstance().waitForDone(10_000)  # let a write in flight commit
    return code
