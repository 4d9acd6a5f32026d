"""The cycle collector, paused while the desktop loads (as app.cli does for a command).

Loading PySide6, the pages and then SQLAlchemy on the pool makes hundreds of thousands of
objects that live as long as the process; the collector scanned them again and again before
the first rows were on screen (about 60 collections, 8-9 ms of a 250 ms start). It is
paused from app.ui.main.start until the database layer is open (or could not be), then
those objects are frozen out of its way and it runs as ever.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Collecting again, if pause() stopped it (a caller that disabled it keeps it so)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
