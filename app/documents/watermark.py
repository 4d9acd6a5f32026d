"""The purpose watermark every ID-card copy carries when it leaves the application.

PIPL treats identity documents as sensitive: a copy says what it may be used for and when
it was made (DOMAIN.md, "ID copies"). The text is tiled diagonally across the whole image
so it cannot be cropped off, and drawn light enough that the name and number under it
stay readable.
"""

from __future__ import annotations

import functools
import io
import math
from datetime import date

from PIL import Image, ImageDraw, ImageFont

from app.printing.fonts import FontFile, find_cjk_font_file

# Red like a stamp, at about a quarter opacity: black text under it stays near-black,
# white paper turns pale pink.
COLOUR = (200, 30, 30)
ALPHA = 64
ANGLE = 30  # degrees, counter-clockwise
JPEG_QUALITY = 85


def watermark_text(lender: str, on: date) -> str:
    return f"仅供办理{lender}车贷使用，他用无效 {on.isoformat()}"


@functools.lru_cache(maxsize=8)
def _font(font: FontFile, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font.path), size, index=font.subfont_index)


def watermark_mask(size: tuple[int, int], text: str, font: ImageFont.FreeTypeFont) -> Image.Image:
    """Alpha mask of parallel diagonal lines of repeated text covering `size`.

    The lines are drawn level on a square as big as the image's diagonal, then the square
    is rotated and its centre cut out: every part of the image is crossed, so no clean
    corner (a name, a number) can be cropped out.
    """
    width, height = size
    side = math.ceil(math.hypot(width, height))
    left, top, right, bottom = (round(v) for v in font.getbbox(text))
    em = bottom - top
    pitch_x = right - left + 3 * em  # gap of three characters between copies
    pitch_y = 4 * em  # lines four text heights apart: room to read between them
    square = Image.new("L", (side, side), 0)
    draw = ImageDraw.Draw(square)
    for row, y in enumerate(range(-top, side, pitch_y)):
        # Each line shifted by half a copy, so copies do not stack into columns.
        for x in range(-left - (pitch_x // 2) * (row % 2), side, pitch_x):
            draw.text((x, y), text, fill=ALPHA, font=font)
    square = square.rotate(ANGLE, resample=Image.Resampling.BICUBIC)
    x0, y0 = (side - width) // 2, (side - height) // 2
    return square.crop((x0, y0, x0 + width, y0 + height))


def watermark_image(im: Image.Image, text: str, *, font_setting: str | None = None) -> Image.Image:
    """A copy of `im` (RGB) with `text` tiled across it."""
    out = im.convert("RGB")
    # Text height about 1/40 of the long edge: ~60 px on a 2400 px rendition, readable at
    # a glance and still repeated several times across a card.
    size = max(12, round(max(out.size) / 40))
    mask = watermark_mask(out.size, text, _font(find_cjk_font_file(font_setting), size))
    out.paste(Image.new("RGB", out.size, COLOUR), mask=mask)
    return out


def watermark_jpeg(jpeg: bytes, text: str, *, font_setting: str | None = None) -> bytes:
    """The JPEG re-encoded with the watermark (quality as the renditions)."""
    with Image.open(io.BytesIO(jpeg), formats=["JPEG"]) as im:
        marked = watermark_image(im, text, font_setting=font_setting)
    buf = io.BytesIO()
    marked.save(buf, "JPEG", quality=JPEG_QUALITY)
    return buf.getvalue()
