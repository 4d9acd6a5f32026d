"""The PDF that goes to the printer: the form's pages moved by the printer's offset.

The offset is applied to the PDF itself, not to the printer, so the preview shows the very
page the printer gets (app.ui.form_preview) and a file saved for another machine still carries
it. The page size is untouched: the content moves on the sheet, the sheet does not change.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter, Transformation
from reportlab.lib.units import mm


def shift(pdf: bytes, offset_x_mm: float, offset_y_mm: float) -> bytes:
    """Every page's content moved right by x and down by y millimetres."""
    if not offset_x_mm and not offset_y_mm:
        return pdf
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    # PDF's y axis points up: down on the paper is negative.
    move = Transformation().translate(tx=offset_x_mm * mm, ty=-offset_y_mm * mm)
    for page in writer.pages:
        page.add_transformation(move)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
