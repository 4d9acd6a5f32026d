from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

import pytest
from PIL import Image, ImageFilter
from pypdf import PdfReader, PdfWriter

from app.documents.imaging import (
    BLUR_THRESHOLD,
    BLURRED,
    MAX_LONG_EDGE,
    THUMBNAIL_EDGE,
    TOO_SMALL,
    DocumentRejected,
    ImportedFile,
    import_file,
    read_upload,
    sha256_hex,
    sharpness,
    strip_jpeg_metadata,
)
from tests.unit.documents.samples import document_image, encode, marked_image, statement_pdf

# How a camera stores an upright picture for each EXIF orientation: the inverse of the
# transposition that makes it upright again.
STORED = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def decode(jpeg: bytes) -> Image.Image:
    with Image.open(io.BytesIO(jpeg)) as im:
        assert im.format == "JPEG"
        return im.convert("RGB")


def only_page(result: ImportedFile) -> Image.Image:
    assert len(result.pages) == 1
    return decode(result.pages[0].rendition)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_comes_out_upright(orientation: int) -> None:
    upright = marked_image()
    method = STORED[orientation]
    stored = upright if method is None else upright.transpose(method)
    exif = Image.Exif()
    exif[0x0112] = orientation
    rendition = only_page(import_file("photo.jpg", encode(stored, exif=exif.tobytes())))
    assert rendition.size == upright.size
    red = rendition.getpixel((20, 20))
    grey = rendition.getpixel((upright.width - 20, upright.height - 20))
    assert isinstance(red, tuple) and isinstance(grey, tuple)
    assert red[0] > 200 and red[1] < 60, red
    assert abs(grey[0] - 128) < 20, grey


def test_small_upright_jpeg_is_passed_on_without_metadata_or_reencoding() -> None:
    exif = Image.Exif()
    exif[0x0112] = 1
    exif[0x010F] = "PhoneMaker"  # stands in for the GPS block a phone writes
    original = encode(document_image((2000, 1500)), exif=exif.tobytes(), quality=85)
    result = import_file("photo.jpg", original)
    rendition = result.pages[0].rendition
    assert result.original == original
    assert b"Exif" in original and b"Exif" not in rendition
    assert rendition == strip_jpeg_metadata(original)
    assert decode(rendition).tobytes() == decode(original).tobytes()  # same pixels


def test_large_image_is_scaled_to_2400_with_a_256_thumbnail() -> None:
    result = import_file("scan.png", encode(document_image((5000, 3000)), "PNG"))
    page = result.pages[0]
    assert (page.width, page.height) == (MAX_LONG_EDGE, 1440)
    assert decode(page.rendition).size == (MAX_LONG_EDGE, 1440)
    assert decode(page.thumbnail).size == (THUMBNAIL_EDGE, 154)
    assert result.mime == "image/png"
    assert page.pdf_page is None


def test_rendition_carries_no_exif() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    big = encode(document_image((4000, 3000)), exif=exif.tobytes())
    rendition = import_file("big.jpg", big).pages[0].rendition
    assert b"Exif" not in rendition
    assert decode(rendition).size == (1800, 2400)


def test_png_with_alpha_is_flattened_on_white() -> None:
    im = Image.new("RGBA", (1200, 900), (0, 0, 0, 0))
    im.paste((0, 0, 255, 255), (0, 0, 100, 100))
    rendition = only_page(import_file("clear.png", encode(im, "PNG")))
    assert rendition.getpixel((600, 600)) == pytest.approx((255, 255, 255), abs=3)
    assert rendition.getpixel((50, 50))[2] > 200  # type: ignore[index]


def test_palette_with_transparency() -> None:
    im = Image.new("P", (1200, 900), 0)
    im.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    im.paste(1, (0, 0, 100, 100))
    rendition = only_page(import_file("pal.png", encode(im, "PNG", transparency=0)))
    assert rendition.getpixel((600, 600)) == pytest.approx((255, 255, 255), abs=3)
    assert rendition.getpixel((50, 50))[0] > 200  # type: ignore[index]


def test_16_bit_grey_is_scaled_not_clipped() -> None:
    im = Image.new("I;16", (1200, 900), 32768)
    rendition = only_page(import_file("deep.png", encode(im, "PNG")))
    value = rendition.getpixel((10, 10))
    assert isinstance(value, tuple) and 118 < value[0] < 138


@pytest.mark.parametrize("fmt", ["JPEG", "TIFF"])
def test_cmyk_becomes_rgb(fmt: str) -> None:
    im = Image.new("CMYK", (1200, 900), (0, 255, 255, 0))  # red in CMYK
    rendition = only_page(import_file(f"cmyk.{fmt.lower()}", encode(im, fmt)))
    red = rendition.getpixel((10, 10))
    assert isinstance(red, tuple) and red[0] > 200 and red[1] < 60


def test_multi_page_tiff_gives_one_page_per_frame() -> None:
    frames = [document_image((1700, 2200), seed=n) for n in range(3)]
    data = encode(frames[0], "TIFF", save_all=True, append_images=frames[1:],
                  compression="tiff_deflate")
    result = import_file("scan.tif", data)
    assert result.mime == "image/tiff"
    assert [p.pdf_page for p in result.pages] == [None, None, None]
    assert all(decode(p.rendition).size == (1700, 2200) for p in result.pages)


def test_pdf_pages_are_rendered() -> None:
    data = statement_pdf(pages=2)
    result = import_file("statement.pdf", data)
    assert result.mime == "application/pdf"
    assert result.original == data
    assert [p.pdf_page for p in result.pages] == [0, 1]
    page = result.pages[0]
    assert (page.width, page.height) == (1654, 2339)  # A4 at 200 dpi
    assert page.warnings == ()  # a nearly empty page is neither small nor blurred


def test_pdf_with_owner_password_only_is_accepted() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(statement_pdf(1))))
    writer.encrypt(user_password="", owner_password="bank", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    assert len(import_file("protected.pdf", buf.getvalue()).pages) == 1


def test_heic_from_a_phone() -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    try:
        data = encode(document_image((2000, 1500)), "HEIF", quality=80)
    except (OSError, KeyError, ValueError) as exc:
        pytest.skip(f"pillow-heif cannot encode HEIC here: {exc}")
    assert pillow_heif.is_supported(data)
    result = import_file("IMG_0001.HEIC", data)
    assert result.mime == "image/heic"
    assert decode(result.pages[0].rendition).size == (2000, 1500)


def test_same_bytes_same_sha256() -> None:
    data = encode(marked_image())
    first, second = import_file("a.jpg", data), import_file("b.jpg", data)
    assert first.sha256 == second.sha256 == sha256_hex(data)
    assert len(sha256_hex(data)) == 64


# --- warnings ------------------------------------------------------------------------------


def test_sharp_large_photo_has_no_warnings() -> None:
    assert import_file("sharp.jpg", encode(document_image((3000, 2000)))).pages[0].warnings == ()


def test_small_picture_warns() -> None:
    warnings = import_file("small.jpg", encode(document_image((800, 600)))).pages[0].warnings
    assert TOO_SMALL in warnings


def test_blurred_picture_warns() -> None:
    blurred = document_image((3000, 2000)).filter(ImageFilter.GaussianBlur(12))
    warnings = import_file("shaky.jpg", encode(blurred)).pages[0].warnings
    assert warnings == (BLURRED,)


def test_sharpness_separates_sharp_from_blurred_documents() -> None:
    # Calibration of BLUR_THRESHOLD: blur that keeps 40-px text legible stays above it,
    # blur that smears it stays below (radii are on a 2400-px long edge).
    im = document_image((2400, 1600))
    scores = {}
    for radius in (0, 2, 4, 8, 16):
        score = sharpness(im.filter(ImageFilter.GaussianBlur(radius)) if radius else im)
        assert score is not None
        scores[radius] = score
    assert min(scores[0], scores[2], scores[4]) > BLUR_THRESHOLD * 1.4
    assert max(scores[8], scores[16]) < BLUR_THRESHOLD * 0.9
    assert sharpness(Image.new("RGB", (1000, 1000), "white")) is None  # blank ≠ blurred


# --- bad input -----------------------------------------------------------------------------


def rejected(filename: str, data: bytes, **kwargs: int) -> DocumentRejected:
    with pytest.raises(DocumentRejected) as info:
        import_file(filename, data, **kwargs)
    exc = info.value
    assert exc.field == filename
    assert filename in str(exc)
    assert exc.zh and exc.zh != exc.problem  # a Chinese message, not the English one
    return exc


def test_truncated_jpeg() -> None:
    data = encode(document_image((2000, 1500)))
    assert "damaged" in rejected("cut.jpg", data[: len(data) // 2]).problem


def test_truncated_large_jpeg() -> None:
    data = encode(document_image((4000, 3000)))
    assert "damaged" in rejected("cut.jpg", data[: len(data) * 2 // 3]).problem


def test_zero_byte_file() -> None:
    assert "empty" in rejected("empty.jpg", b"").problem


def test_text_file_named_jpg() -> None:
    assert "text" in rejected("notes.jpg", "客户电话 13800138000\n".encode()).problem


def test_unsupported_format() -> None:
    exc = rejected("anim.gif", encode(marked_image(), "GIF"))
    assert "GIF" in exc.problem and "JPEG" in exc.problem


def test_garbage_with_a_jpeg_header() -> None:
    assert "damaged" in rejected("x.jpg", b"\xff\xd8\xff\xe0" + os.urandom(2000)).problem


def test_decompression_bomb_over_twice_the_limit() -> None:
    # 200 MP of one colour compresses to a few kilobytes: the classic bomb.
    data = encode(Image.new("1", (20000, 10000)), "PNG")
    assert len(data) < 100_000
    assert "megapixels" in rejected("bomb.png", data).problem


def test_decompression_bomb_just_over_the_limit() -> None:
    # Pillow only warns between 1× and 2× its limit; the warning must not slip through.
    data = encode(Image.new("1", (10000, 9500)), "PNG")
    assert "megapixels" in rejected("bomb.png", data).problem


def test_decompression_bomb_when_warnings_are_only_printed() -> None:
    # In the desktop app Pillow's warning is just printed: our own pixel check refuses.
    data = encode(Image.new("1", (10000, 9500)), "PNG")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        assert "megapixels" in rejected("bomb.png", data).problem


def test_bomb_hidden_in_a_later_tiff_page() -> None:
    frames = [Image.new("1", (100, 100)), Image.new("1", (10000, 9500))]
    data = encode(frames[0], "TIFF", save_all=True, append_images=frames[1:],
                  compression="group4")
    assert "megapixels" in rejected("scan.tif", data).problem


def test_password_protected_pdf() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(statement_pdf(1))))
    writer.encrypt(user_password="110105", owner_password="bank", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    assert "password" in rejected("locked.pdf", buf.getvalue()).problem


def test_broken_pdf() -> None:
    assert "damaged" in rejected("broken.pdf", b"%PDF-1.7\n" + os.urandom(3000)).problem


def test_truncated_pdf_header_only() -> None:
    rejected("cut.pdf", statement_pdf()[:40])


def test_over_the_size_limit() -> None:
    data = encode(marked_image())
    exc = rejected("huge.jpg", data, max_bytes=len(data) - 1)
    assert "too large" in exc.problem


# --- reading files -------------------------------------------------------------------------


def test_read_upload_reads_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "身份证.jpg"
    path.write_bytes(b"\xff\xd8\xff data")
    assert read_upload(path) == b"\xff\xd8\xff data"


def test_read_upload_file_gone(tmp_path: Path) -> None:
    with pytest.raises(DocumentRejected) as info:
        read_upload(tmp_path / "gone.jpg")
    assert info.value.field == "gone.jpg" and "no longer exists" in info.value.problem


def test_read_upload_folder(tmp_path: Path) -> None:
    (tmp_path / "photos.jpg").mkdir()
    with pytest.raises(DocumentRejected) as info:
        read_upload(tmp_path / "photos.jpg")
    assert info.value.field == "photos.jpg"


def test_read_upload_too_large(tmp_path: Path) -> None:
    path = tmp_path / "video.jpg"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(DocumentRejected) as info:
        read_upload(path, max_bytes=1024)
    assert info.value.field == "video.jpg" and "too large" in info.value.problem
