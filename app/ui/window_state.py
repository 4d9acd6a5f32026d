"""Window geometry and splitter sizes kept in QSettings, per workstation and per screen.

Qt's own saveGeometry/restoreGeometry handle a screen that is gone (the window comes back on
one that exists) and a maximised window; a splitter's state is restored only when it has
the same number of panes (a new pane would otherwise start at zero width).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QSplitter, QWidget

from app.ui import i18n

GEOMETRY = "geometry/"
SPLITTER = "splitter/"


def restore_geometry(window: QWidget, name: str) -> bool:
    """Put `window` where it was last closed; False (left as it is) the first time."""
    saved = i18n.settings().value(GEOMETRY + name)
    return isinstance(saved, QByteArray) and not saved.isEmpty() \
        and window.restoreGeometry(saved)


def save_geometry(window: QWidget, name: str) -> None:
    i18n.settings().setValue(GEOMETRY + name, window.saveGeometry())


def keep_splitter(splitter: QSplitter, name: str) -> None:
    """Restore the sizes the person last gave `splitter`, and remember each change."""
    saved = i18n.settings().value(SPLITTER + name)
    if isinstance(saved, QByteArray) and not saved.isEmpty():
        sizes_before = splitter.sizes()
        if not splitter.restoreState(saved) or len(splitter.sizes()) != len(sizes_before):
            splitter.setSizes(sizes_before)
    splitter.splitterMoved.connect(
        lambda _pos, _index: i18n.settings().setValue(SPLITTER + name, splitter.saveState()))
