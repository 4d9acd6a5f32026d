"""Work that waits for a window's first frame (the start-up's database, the landing page's
rows behind it): started before that paint, it competes with drawing for the GIL."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


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


def paint_now(window: QWidget) -> None:
    """`window` laid out and painted at once, not at the event loop's next turn: what the
    person waits for reaches the screen before the work queued behind it starts (pages
    just added are laid out first, so they are drawn at their size)."""
    for kind in (QEvent.Type.PolishRequest, QEvent.Type.LayoutRequest,
                 QEvent.Type.UpdateLater):
        # Sent now, not at the next turn: the repaint below then draws everything in its
        # final place, and no second paint of the same follows.
        QCoreApplication.sendPostedEvents(None, kind)
    window.repaint()
