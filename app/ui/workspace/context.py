"""What the workspace's widgets share: the case being worked on, the language, worker calls.

One `CaseContext` per open workspace. Widgets ask it to run service calls on the thread pool;
it turns refusals into readable notices and tells the workspace to reload after a change, so
no widget talks to another directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from app.domain.permissions import Action, allowed
from app.store.db import Database
from app.ui import i18n
from app.ui.workers import Task, run_in_pool


class CaseContext(QObject):
    """The open case: who works on it, and the one way its widgets reach the services."""

    changed = Signal()  # a service call changed the case: reload and tell the main window
    notice = Signal(str, str)  # text, level ("info", "warning", "error")

    def __init__(self, db: Database, actor: str, number: str) -> None:
        super().__init__()
        self.db = db
        self.actor = actor
        self.number = number
        self.role = ""  # filled in by the first load
        self.own = False  # whether the signed-in user is the case's consultant (idem)
        self.shown = ""  # the notice on screen now ("" when none)

    def may(self, action: Action) -> bool:
        """What the permission matrix lets the signed-in role do on this case: the
        workspace offers only that (no button that ends in "refused")."""
        return allowed(self.role, action, self.own)

    def run(self, fn: Callable[..., Any], on_result: Callable[[Any], None] | None = None, *,
            owner: QObject | None = None, changes: bool = False,
            on_error: Callable[[Exception], None] | None = None,
            on_progress: Callable[[int, int, str], None] | None = None,
            working: str = "") -> Task:
        """Run `fn` on the pool; `on_result` runs on the GUI thread unless `owner` is gone
        meanwhile (a page rebuilt by a reload must not receive a late answer). `working` is
        a notice ("Preparing the sales contract…") shown while it runs and gone when it ends,
        unless another notice took its place meanwhile."""
        if working:
            self.tell(working)

        def finished() -> None:
            if working and self.shown == working:
                self.tell("")

        def alive() -> bool:
            return owner is None or shiboken6.isValid(owner)

        def done(value: Any) -> None:
            finished()
            if alive() and on_result is not None:
                on_result(value)
            if changes:
                self.changed.emit()

        def failed(error: Exception) -> None:
            finished()
            if on_error is not None and alive():
                on_error(error)
            else:
                self.tell(i18n.error_text(error), "error")

        return run_in_pool(fn, on_result=done, on_error=failed, on_progress=on_progress)

    def tell(self, text: str, level: str = "info") -> None:
        self.shown = text
        self.notice.emit(text, level)
