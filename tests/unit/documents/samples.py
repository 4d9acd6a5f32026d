"""Test files made on the fly with Pillow and ReportLab: nothing binary is committed."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.printing.fonts import find_cjk_font_file, register_cjk_font


def encode(im: Image.Image, fmt: str = "JPEG", **options: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **options)
    return buf.getvalue()


def document_image(size: tuple[int, int] = (2400, 1600), seed: int = 1) -> Image.Image:
    """A page of dark text on off-white paper, the kind of thing people photograph."""
    rnd = random.Random(seed)
    width, height = size
    im = Image.new("RGB", size, (235, 230, 220))
    draw = ImageDraw.Draw(im)
    text_size = max(12, height // 30)
    cjk = find_cjk_font_file()
    font = ImageFont.truetype(str(cjk.path), text_size, index=cjk.subfont_index)
    line = "姓名 张三 公民身份号码 11010519491231002X 住址 北京市朝阳区建国路"
    y = height // 10
    while y < height * 0.9:
        draw.text((width // 12, y), line[: rnd.randint(12, len(line))], fill=(20, 20, 20),
                  font=font)
        y += int(text_size * 1.6)
    return im


def marked_image(size: tuple[int, int] = (1200, 800)) -> Image.Image:
    """Grey, with a red block in the top-left corner: shows which way is up."""
    im = Image.new("RGB", size, (128, 128, 128))
    ImageDraw.Draw(im).rectangle((0, 0, size[0] // 5, size[1] // 5), fill=(255, 0, 0))
    return im


def statement_pdf(pages: int = 2) -> bytes:
    """A bank-statement-like PDF with one recognisable line per page."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    font = register_cjk_font()
    for number in range(1, pages + 1):
        canvas.setFont(font, 14)
        canvas.drawString(72, 760, f"银行流水 statement page {number}")
        canvas.rect(36, 36, A4[0] - 72, A4[1] - 72)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()
