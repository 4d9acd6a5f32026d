"""Every printed form's QR code reads back as its documented text, also off a phone photo."""

from __future__ import annotations

import io
import math

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageFilter

from app.documents.qr_decode import read_qr_texts
from app.domain import qr
from app.printing.engine import render_form
from app.printing.forms import load_forms
from tests.unit.printing import conftest as h

FORMS = load_forms()
SERIAL = "SC2026-000123"


def page_images(pdf: bytes, dpi: int) -> list[Image.Image]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72).to_pil() for i in range(len(doc))]
    finally:
        doc.close()


def first_pages_of_copies(form_id: str, dpi: int) -> list[tuple[str, Image.Image]]:
    spec = FORMS[form_id]
    out = []
    for copy in spec.copies:
        pdf = render_form(spec, h.load_context("form_context"), serial=SERIAL,
                          printed_by="王小明", printed_at=h.PRINTED_AT, copy_id=copy.id)
        out.append((copy.id, page_images(pdf, dpi)[0]))
    return out


@pytest.mark.parametrize("form_id", sorted(f for f in FORMS if FORMS[f].qr))
def test_every_copy_of_every_form_carries_its_code(form_id: str) -> None:
    case = h.load_context("form_context")["case"]["number"]
    for copy_id, image in first_pages_of_copies(form_id, 150):
        expected = f"LD1|{case}|F|{form_id}|{SERIAL}|{copy_id}"  # the documented shape
        assert read_qr_texts(image) == [expected]
        assert qr.parse(expected) == qr.FormCopyCode(case, form_id, SERIAL, copy_id)


def photographed(page: Image.Image, *, angle: float = 7, blur: float = 1.6,
                 skew: float = 0.04, quality: int = 60) -> Image.Image:
    """A phone photo of the sheet: on a grey desk, turned, tilted (perspective), soft, JPEG."""
    w, h = page.size
    desk = Image.new("RGB", (int(w * 1.25), int(h * 1.2)), (120, 115, 105))
    desk.paste(page.convert("RGB"), (int(w * 0.12), int(h * 0.1)))
    turned = desk.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True,
                         fillcolor=(120, 115, 105))
    tw, th = turned.size
    # Perspective: the top edge looks shorter than the bottom one (camera held below).
    d = skew * tw
    coeffs = _perspective([(d, 0), (tw - d, 0), (tw, th), (0, th)],
                          [(0, 0), (tw, 0), (tw, th), (0, th)])
    tilted = turned.transform((tw, th), Image.Transform.PERSPECTIVE, coeffs,
                              Image.Resampling.BICUBIC, fillcolor=(120, 115, 105))
    soft = tilted.filter(ImageFilter.GaussianBlur(blur))
    buffer = io.BytesIO()
    soft.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def _perspective(src: list[tuple[float, float]], dst: list[tuple[float, float]]) -> list[float]:
    """The 8 coefficients PIL wants, mapping output (dst) points to input (src) points."""
    rows: list[list[float]] = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y, v])
    n = 8  # Gauss-Jordan with partial pivoting (no numpy in the environment)
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [rows[i][n] / rows[i][i] for i in range(n)]


@pytest.mark.parametrize("form_id", ["sales_contract", "delivery_confirmation", "fee_details"])
def test_a_phone_photo_of_a_form_reads(form_id: str) -> None:
    case = h.load_context("form_context")["case"]["number"]
    copy_id, page = first_pages_of_copies(form_id, 250)[0]
    photo = photographed(page)
    assert photo.format == "JPEG" and max(photo.size) > 2500
    assert read_qr_texts(photo) == [f"LD1|{case}|F|{form_id}|{SERIAL}|{copy_id}"]


def test_the_distortion_is_real() -> None:
    """The photo helper does what it says: the sheet's edge is no longer axis-aligned."""
    page = Image.new("L", (400, 600), 255)
    photo = photographed(page, blur=0).convert("L")
    # Along the top, the white sheet starts at different columns in different rows.
    def first_white(row: int) -> int:
        return next(x for x in range(photo.width) if photo.getpixel((x, row)) > 200)
    ys = [int(photo.height * f) for f in (0.3, 0.7)]
    assert abs(first_white(ys[0]) - first_white(ys[1])) > math.tan(math.radians(3)) * 100


def test_a_page_without_a_code_reads_as_nothing() -> None:
    assert read_qr_texts(Image.new("RGB", (1200, 1600), "white")) == []
