"""The landing page made ready while the password is checked (issue 15).

With `--user NAME` and $LOANDESK_PASSWORD the GUI thread has nothing to do between the
window's first frame and the end of the argon2 verification (a fifth of a second on its own
core). That time builds what the first screen needs and costs on first use: the queue page,
empty (its table, header and style polished, laid out at the window's size), PySide6's
wrappers of the view's parts, and the glyphs of the words its rows are made of, drawn once
into an image no one sees. Only the rows are left for after the check.

Privacy: nothing here reads the database. The page is built with no rows and no person; the
sign-in gives it both (`QueueView.assign`), and a role without a queue never sees it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStackedWidget, QWidget

from app.domain.procedure import STEPS, TASKS
from app.ui.queue import QueueView


def empty_queue_page(pages: QStackedWidget, parent: QWidget) -> QueueView:
    """An empty queue page, in `pages` but not shown, laid out at their size."""
    page = QueueView(None, "", parent)
    pages.addWidget(page)  # not current: the waiting page stays on screen
    page.resize(pages.size())
    layout = page.layout()
    if layout is not None:
        layout.activate()
    return page


def draw_once(page: QueueView) -> None:
    """The page drawn into an image no one sees: its style polish, PySide6's wrappers of the
    view's parts (built on first use) and the glyphs its rows will need, all done now."""
    page.table.viewport()  # PySide6 builds the scroll area's wrappers on this first call
    canvas = QImage(page.size(), QImage.Format.Format_ARGB32_Premultiplied)
    page.render(canvas)
    warm_glyphs(page.table, canvas)


def warm_glyphs(view: QWidget, canvas: QImage) -> None:
    """Draw the words of the procedure in both languages with the rows' font: the CJK
    fallback font is looked up and its glyphs rasterised now, not during the first rows."""
    titles = [step.title for step in STEPS] + [task.title for task in TASKS.values()]
    words = " ".join(f"{title.en} {title.zh}" for title in titles)
    painter = QPainter(canvas)
    try:
        painter.setFont(view.font())
        painter.drawText(canvas.rect(), Qt.TextFlag.TextWordWrap, words)  # all on the image
    finally:
        painter.end()
