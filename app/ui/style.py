"""The look: one small style sheet and the few object names it keys on.

Widgets say what they are with `setObjectName`/properties; colours live here only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

FIELD_ERROR = "fieldError"  # the small red line under a field that is wrong
FIGURE = "figure"  # a live loan figure (monthly payment, APR): large and plain
FIGURE_CAPTION = "figureCaption"
REFUSAL = "refusal"  # why a loan or an action is refused
HINT = "hint"
WAITING = "waiting"  # "Opening the database…" while the window waits for it

STYLE_SHEET = """
QLabel#fieldError { color: #c62828; font-size: 11px; }
QLabel#refusal { color: #c62828; font-weight: bold; }
QLabel#figure { font-size: 18px; font-weight: bold; }
QLabel#figureCaption { color: #555555; }
QLabel#hint { color: #666666; }
QLabel#waiting { color: #666666; font-size: 16px; qproperty-alignment: AlignCenter; }
QLineEdit[invalid="true"], QComboBox[invalid="true"] { border: 1px solid #c62828; }
QTableView { gridline-color: #e0e0e0; }
QTableView::item { padding: 0 4px; }
QHeaderView::section { padding: 4px; font-weight: bold; }
"""


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")  # the same look on every workstation, offscreen included
    app.setStyleSheet(STYLE_SHEET)
