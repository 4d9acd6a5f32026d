"""Read the QR codes off a scan or a phone photo of a printed sheet (zxing-cpp).

zxing-cpp finds codes that are rotated, a little skewed, blurred or JPEG-noisy in one pass of
its own; what helps it further is size: a phone photo is 3000-4000 pixels wide, more than a
19 mm code needs and slower to search (and to decode), so a large image is first read scaled
down, and only when that finds nothing, at the size decoded (a JPEG is decoded at half or a
quarter of its size already, by the decoder itself).
What the codes *mean* is app.domain.qr's business.
"""

from __future__ import annotations

from PIL import Image, ImageOps

# Long side of the first, quick look: a 19 mm code on an A4 photo is then ~130 pixels wide,
# about 3.5 pixels a module, which zxing reads reliably.
QUICK_SIDE = 1600


def _read(image: Image.Image) -> list[str]:
    import zxingcpp  # imported here: the desktop's start-up does not pay for it

    only_qr = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    found = zxingcpp.read_barcodes(image, formats=only_qr, try_rotate=True, try_downscale=True)
    return [b.text for b in found if b.valid and b.text]


def read_qr_texts(image: Image.Image) -> list[str]:
    """The texts of every QR code in the image, top to bottom as zxing reports them; an
    empty list when there is none (a page without a code is not an error)."""
    side = max(image.size)
    if side > QUICK_SIDE and image.format == "JPEG":
        # Let the JPEG decoder scale down by 2, 4 or 8 as it decodes: a phone photo then
        # costs a quarter of the decoding (draft only works before the pixels are loaded;
        # an image already loaded is left as it is).
        scale = QUICK_SIDE / side
        image.draft("L", (round(image.width * scale), round(image.height * scale)))
    grey = ImageOps.exif_transpose(image).convert("L")
    side = max(grey.size)
    if side > QUICK_SIDE:
        scale = QUICK_SIDE / side
        small = grey.resize((max(1, round(grey.width * scale)), max(1, round(grey.height * scale))),
                            Image.Resampling.BILINEAR)
        texts = _read(small)
        if texts:
            return texts
    return _read(grey)
