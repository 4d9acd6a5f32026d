from __future__ import annotations

import io
from datetime import date

from PIL import Image, ImageChops, ImageDraw, ImageStat

from app.documents.watermark import watermark_jpeg, watermark_text
from tests.unit.documents.samples import encode


def test_text_names_lender_and_date() -> None:
    assert watermark_text("中国工商银行", date(2026, 3, 1)) == (
        "仅供办理中国工商银行车贷使用，他用无效 2026-03-01"
    )


def card() -> Image.Image:
    """A pale card with a solid black block where the ID number would be."""
    im = Image.new("RGB", (2400, 1500), (230, 236, 240))
    ImageDraw.Draw(im).rectangle((300, 1100, 2100, 1250), fill=(0, 0, 0))
    return im


def test_watermark_marks_the_image_but_keeps_dark_text_dark() -> None:
    original = card()
    text = watermark_text("建设银行", date(2026, 1, 5))
    marked_bytes = watermark_jpeg(encode(original, quality=95), text)
    with Image.open(io.BytesIO(marked_bytes)) as im:
        assert im.format == "JPEG"
        marked = im.convert("RGB")
    assert marked.size == original.size
    # Visible: a good share of the paper is tinted (red up, green down).
    paper = (0, 0, 2400, 1000)
    diff = ImageChops.difference(marked.crop(paper), original.crop(paper)).convert("L")
    tinted = sum(diff.point(lambda v: 255 if v > 20 else 0).histogram()[255:]) / (2400 * 1000)
    assert 0.03 < tinted < 0.6, tinted
    r, g, _ = ImageStat.Stat(marked.crop(paper)).mean
    r0, g0, _ = ImageStat.Stat(original.crop(paper)).mean
    assert g0 - g > r0 - r > -1  # reddish: green falls, red barely moves
    # Readable: the black block under the watermark stays near black everywhere.
    block = marked.crop((300, 1100, 2100, 1250)).convert("L")
    assert ImageStat.Stat(block).mean[0] < 40
    _, lightest = block.getextrema()
    assert isinstance(lightest, int) and lightest < 90


def test_watermark_on_a_small_grey_image() -> None:
    out = watermark_jpeg(encode(Image.new("L", (300, 200), 200)), "仅供办理车贷使用")
    with Image.open(io.BytesIO(out)) as im:
        assert im.size == (300, 200) and im.mode == "RGB"
