"""Turn an uploaded file (bytes) into pages a person can view and a dossier can embed.

Every page gets a *rendition* (upright RGB JPEG, long edge ≤ 2400 px, no metadata: phone
EXIF carries GPS positions that must not travel to the lender) and a 256 px thumbnail.
The original bytes are kept untouched beside them; the lead stores all three.

Untrusted input: the format is read from the bytes, never the name; only the decoder for
that format is allowed to run; sizes and pixel counts are checked before anything is
decoded; and any decoder failure becomes a `DocumentRejected` naming the file.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pillow_heif
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from app.documents.pdf_safety import sanitize_pdf
from app.domain.errors import InvalidInput, Text

pillow_heif.register_heif_opener()

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_LONG_EDGE = 2400
THUMBNAIL_EDGE = 256
JPEG_QUALITY = 85
THUMBNAIL_QUALITY = 80
# Pillow's own ceiling (≈ 89 MP): far above a 48 MP phone or a 600-dpi A4 scan (35 MP).
# Keeping it equal to Pillow's means its DecompressionBombWarning and our refusal agree.
MAX_PIXELS = 89_478_485
MAX_PAGES = 300  # a year of daily bank statements fits; a PDF of 10⁵ pages does not
PDF_DPI = 200  # A4 at 200 dpi is 1654 × 2339 px: fits the 2400 px rendition as is
MIN_READABLE_EDGE = 1000
# Sharpness is judged on a copy this big: blur that vanishes at this scale does not
# hurt reading on screen, blur that survives it does.
SHARPNESS_EDGE = 800
BLUR_THRESHOLD = 0.25  # calibrated in tests/unit/documents/test_imaging.py (sharp ≫, blurred ≪)
# A JPEG heavier than this per pixel (quality ≈ 98) is re-encoded rather than passed on.
FAST_PATH_MAX_BYTES_PER_PIXEL = 1.0

# PDFium is not thread-safe and the desktop imports on a thread pool: one caller at a time.
PDFIUM_LOCK = threading.Lock()

ACCEPTED = Text("JPEG, PNG, HEIC, TIFF or PDF", "JPEG、PNG、HEIC、TIFF 或 PDF")
TOO_SMALL = Text(
    "The picture is small (long edge under 1000 px) and may be unreadable: photograph closer.",
    "图片分辨率过低（长边不足 1000 像素），可能看不清：请靠近重拍。",
)
BLURRED = Text(
    "The picture looks blurred and may be unreadable: hold steady and photograph again.",
    "图片模糊，可能看不清：请拿稳后重拍。",
)

_ORIENTATION_TAG = 0x0112
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs",
                b"mif1", b"msf1", b"mif2"}
_RESAMPLE = Image.Resampling.LANCZOS
_REDUCING_GAP = 2.0  # Pillow's thumbnail() default: integer reduce first, then Lanczos


class DocumentRejected(InvalidInput):
    """An upload that cannot be used: `field` is the file name, the message says why."""

    def __init__(self, filename: str, problem: str, *, zh: str) -> None:
        super().__init__(filename, problem, zh=zh)


@dataclass(frozen=True)
class ImportedPage:
    rendition: bytes
    thumbnail: bytes
    width: int
    height: int
    pdf_page: int | None
    warnings: tuple[Text, ...]


@dataclass(frozen=True)
class ImportedFile:
    filename: str
    original: bytes
    sha256: str
    mime: str
    pages: tuple[ImportedPage, ...]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _too_large(filename: str, size: int, max_bytes: int) -> DocumentRejected:
    return DocumentRejected(
        filename,
        f"is too large ({_megabytes(size)}; the limit is {_megabytes(max_bytes)})",
        zh=f"文件过大（{_megabytes(size)}，上限 {_megabytes(max_bytes)}）",
    )


def read_upload(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, or a DocumentRejected saying why they cannot be had."""
    name = path.name or str(path)
    try:
        # O_NONBLOCK and a look at what was opened before reading: a FIFO or a device
        # would otherwise block the import forever (or read without end).
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as fh:
            mode = os.fstat(fh.fileno()).st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError(path)
            if not stat.S_ISREG(mode):
                raise DocumentRejected(name, "is not a regular file (a device, pipe or socket)",
                                       zh="不是普通文件（设备、管道或套接字）")
            # Read one byte past the limit: the file may grow between stat() and read().
            data = fh.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise DocumentRejected(
            name, "no longer exists (moved or deleted?)", zh="文件不存在（已被移动或删除？）"
        ) from exc
    except IsADirectoryError as exc:
        raise DocumentRejected(name, "is a folder, not a file", zh="这是文件夹，不是文件") from exc
    except PermissionError as exc:
        raise DocumentRejected(
            name, "cannot be read: permission denied", zh="没有读取该文件的权限"
        ) from exc
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DocumentRejected(
            name, f"cannot be read: {reason}", zh=f"无法读取文件：{reason}"
        ) from exc
    if len(data) > max_bytes:
        try:
            size = path.stat().st_size
        except OSError:
            size = len(data)
        raise _too_large(name, max(size, len(data)), max_bytes)
    return data


def _sniff(data: bytes) -> tuple[str, str] | None:
    """(Pillow format or "PDF", MIME type) from the magic bytes, None if not accepted."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG", "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG", "image/png"
    if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "TIFF", "image/tiff"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "HEIF", "image/heic"
    if b"%PDF-" in data[:1024]:  # the PDF spec tolerates junk before the header
        return "PDF", "application/pdf"
    return None


def _describe(data: bytes) -> Text:
    """What an unaccepted file seems to be, for the rejection message."""
    known = {b"GIF8": "GIF", b"BM": "BMP", b"PK\x03\x04": "ZIP/Office",
             b"\xd0\xcf\x11\xe0": "Office"}
    for magic, kind in known.items():
        if data.startswith(magic):
            return Text(f"a {kind} file", f"{kind} 文件")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Text("a WebP image", "WebP 图片")
    if data[4:8] == b"ftyp":
        return Text("a video or AVIF file", "视频或 AVIF 文件")
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return Text("of an unknown format", "格式无法识别")
    return Text("a text file, not a picture", "文本文件，不是图片")


def import_file(
    filename: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> ImportedFile:
    """Check and normalise one upload; raises DocumentRejected naming `filename`."""
    if len(data) > max_bytes:
        raise _too_large(filename, len(data), max_bytes)
    if not data:
        raise DocumentRejected(filename, "is empty (0 bytes)", zh="文件为空（0 字节）")
    sniffed = _sniff(data)
    if sniffed is None:
        what = _describe(data)
        raise DocumentRejected(
            filename,
            f"is {what.en}; LoanDesk accepts {ACCEPTED.en}",
            zh=f"是{what.zh}；只支持 {ACCEPTED.zh}",
        )
    kind, mime = sniffed
    if kind == "PDF":  # stored without its JavaScript and actions (see pdf_safety)
        data = sanitize_pdf(data)
    pages = _pdf_pages(filename, data) if kind == "PDF" else _raster_pages(filename, data, kind)
    return ImportedFile(filename, data, sha256_hex(data), mime, tuple(pages))


# --- raster images -----------------------------------------------------------------------


def _damaged(filename: str, exc: BaseException | None = None) -> DocumentRejected:
    detail = f" ({exc})" if exc is not None and str(exc) else ""
    return DocumentRejected(
        filename,
        f"is damaged or incomplete and cannot be opened{detail}",
        zh="文件已损坏或不完整，无法打开",
    )


def _bomb(filename: str, pixels: int) -> DocumentRejected:
    mp = f"{pixels / 1e6:.0f}"
    limit = f"{MAX_PIXELS / 1e6:.0f}"
    return DocumentRejected(
        filename,
        f"is {mp} megapixels, over the safe limit of {limit}: scan at a lower resolution",
        zh=f"图片有 {mp} 百万像素，超过安全上限 {limit}：请降低扫描分辨率",
    )


def _raster_pages(filename: str, data: bytes, kind: str) -> list[ImportedPage]:
    try:
        # formats=: only the decoder the magic bytes named may look at hostile input.
        im = Image.open(io.BytesIO(data), formats=[kind])
    except Image.DecompressionBombError as exc:
        raise _bomb(filename, 2 * MAX_PIXELS + 1) from exc
    except Image.DecompressionBombWarning as exc:  # raised when warnings are errors
        raise _bomb(filename, MAX_PIXELS + 1) from exc
    except Exception as exc:  # any decoder failure means an unusable file
        raise _damaged(filename, exc) from exc
    with im:
        # Scanners write multi-page TIFFs; for other formats extra frames (MPO depth
        # maps, APNG animation) are not pages of the document.
        frames = getattr(im, "n_frames", 1) if kind == "TIFF" else 1
        if frames > MAX_PAGES:
            raise _too_many_pages(filename, frames)
        pages = []
        for index in range(frames):
            try:
                im.seek(index)
                pixels = im.size[0] * im.size[1]
                if pixels > MAX_PIXELS:
                    raise _bomb(filename, pixels)
                pages.append(_image_page(im, data if kind == "JPEG" else None))
            except DocumentRejected:
                raise
            except Exception as exc:
                raise _damaged(filename, exc) from exc
        return pages


def _too_many_pages(filename: str, pages: int) -> DocumentRejected:
    return DocumentRejected(
        filename,
        f"has {pages} pages; at most {MAX_PAGES} can be imported at once",
        zh=f"共 {pages} 页，单个文件最多 {MAX_PAGES} 页",
    )


def _orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:  # a broken EXIF block only loses the rotation hint
        return 1
    return value if isinstance(value, int) and value in _TRANSPOSE else 1


def _fit(size: tuple[int, int], edge: int) -> tuple[int, int]:
    """`size` scaled down so the long edge is at most `edge` (never scaled up)."""
    w, h = size
    scale = edge / max(w, h)
    if scale >= 1:
        return size
    return max(1, round(w * scale)), max(1, round(h * scale))


def _draft_request(size: tuple[int, int], edge: int) -> tuple[int, int]:
    # draft() picks the largest DCT scaling whose result is still at least this big.
    w, h = size
    scale = min(1.0, edge / max(w, h))
    return max(1, math.ceil(w * scale)), max(1, math.ceil(h * scale))


def _to_rgb(im: Image.Image) -> Image.Image:
    """RGB for any mode: alpha flattened onto white (a transparent PNG of a scan would
    otherwise turn black), 16-bit scaled rather than clipped."""
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info:
        rgba = im.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if im.mode.startswith("I"):
        wide = im.convert("I")
        high = wide.getextrema()[1]
        if isinstance(high, int) and high > 255:
            wide = wide.point(lambda v: v * (255 / 65535))
        return wide.convert("L").convert("RGB")
    return im if im.mode == "RGB" else im.convert("RGB")


def _encode(im: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)  # no exif=/icc_profile=: nothing rides along
    return buf.getvalue()


def _image_page(im: Image.Image, jpeg: bytes | None) -> ImportedPage:
    orientation = _orientation(im)
    width, height = im.size
    fast = (
        jpeg is not None
        and orientation == 1
        and im.mode == "RGB"
        and max(width, height) <= MAX_LONG_EDGE
        and len(jpeg) <= width * height * FAST_PATH_MAX_BYTES_PER_PIXEL
    )
    if jpeg is not None:
        edge = SHARPNESS_EDGE if fast else MAX_LONG_EDGE
        im.draft("RGB", _draft_request(im.size, edge))
    im.load()  # decoding errors (truncation) surface here, inside the caller's try
    rgb = _to_rgb(im)
    warnings = []
    if max(width, height) < MIN_READABLE_EDGE:
        warnings.append(TOO_SMALL)
    if fast and jpeg is not None:
        # Fast path: the JPEG is already upright and small enough; pass its compressed
        # data on unchanged (no generation loss, no encode) minus the metadata segments.
        rendition = strip_jpeg_metadata(jpeg)
    else:
        if rgb.size != _fit(rgb.size, MAX_LONG_EDGE):
            rgb = rgb.resize(_fit(rgb.size, MAX_LONG_EDGE), _RESAMPLE, reducing_gap=_REDUCING_GAP)
        if orientation != 1:
            rgb = rgb.transpose(_TRANSPOSE[orientation])  # after the resize: fewer pixels
        width, height = rgb.size
        rendition = _encode(rgb, JPEG_QUALITY)
    if _looks_blurred(rgb):
        warnings.append(BLURRED)
    thumb = rgb.resize(_fit(rgb.size, THUMBNAIL_EDGE), _RESAMPLE, reducing_gap=_REDUCING_GAP)
    return ImportedPage(
        rendition=rendition,
        thumbnail=_encode(thumb, THUMBNAIL_QUALITY),
        width=width,
        height=height,
        pdf_page=None,
        warnings=tuple(warnings),
    )


def _percentile(histogram: list[int], fraction: float) -> int:
    """The grey level below which `fraction` of the pixels lie."""
    target = fraction * sum(histogram)
    seen = 0
    for level, count in enumerate(histogram):
        seen += count
        if seen >= target:
            return level
    return len(histogram) - 1


def sharpness(im: Image.Image) -> float | None:
    """Strength of the strongest edges relative to the picture's contrast; None when the
    picture is nearly uniform (a blank page is not "blurred").

    A Laplacian (FIND_EDGES) on a small grayscale copy: a crisp black-on-white edge gives
    a response near the full contrast, a blurred one a small fraction. The 99.9th
    percentile rather than the variance, so a card with lots of plain background or a
    page with a few lines of text is not mistaken for a blurred one.
    """
    small = im.convert("L")
    small = small.resize(_fit(small.size, SHARPNESS_EDGE), Image.Resampling.BOX,
                         reducing_gap=_REDUCING_GAP)
    grey = small.histogram()
    contrast = _percentile(grey, 0.999) - _percentile(grey, 0.001)
    if contrast < 32 or min(small.size) < 8:
        return None
    edges = small.filter(ImageFilter.FIND_EDGES)
    # Pillow leaves the outermost pixels unfiltered: they are not edges.
    edges = edges.crop((2, 2, edges.width - 2, edges.height - 2))
    return _percentile(edges.histogram(), 0.999) / contrast


def _looks_blurred(im: Image.Image) -> bool:
    score = sharpness(im)
    return score is not None and score < BLUR_THRESHOLD


def _segments(jpeg: bytes) -> Iterator[tuple[int, bytes]]:
    """(marker, bytes) of each header segment up to and including the image data."""
    pos = 2
    while pos < len(jpeg):
        if jpeg[pos] != 0xFF:
            raise ValueError("JPEG marker expected")
        marker = jpeg[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA:  # start of scan: entropy data up to end of image follows
            end = jpeg.find(b"\xff\xd9", pos)
            yield marker, jpeg[pos:] if end < 0 else jpeg[pos:end + 2]
            return
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            yield marker, jpeg[pos:pos + 2]
            pos += 2
            continue
        length = int.from_bytes(jpeg[pos + 2:pos + 4], "big")
        yield marker, jpeg[pos:pos + 2 + length]
        pos += 2 + length


# APP0 (JFIF) and APP14 (Adobe: says how to read the colours) stay; other APPn (EXIF with
# GPS, XMP, ICC, MPF pointing at appended images) and comments go.
_KEEP_APP = {0xE0, 0xEE}


def strip_jpeg_metadata(jpeg: bytes) -> bytes:
    """The same compressed image without metadata segments or trailing appended data."""
    kept = [b"\xff\xd8"]
    for marker, segment in _segments(jpeg):
        if (0xE0 <= marker <= 0xEF and marker not in _KEEP_APP) or marker == 0xFE:
            continue
        kept.append(segment)
    return b"".join(kept)


# --- PDF -----------------------------------------------------------------------------------


def _pdf_pages(filename: str, data: bytes) -> list[ImportedPage]:
    with PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise DocumentRejected(
                    filename,
                    "is password-protected: open it, print it to an unprotected PDF, "
                    "and import that",
                    zh="PDF 有密码保护：请打开后另存（打印）为无密码的 PDF 再导入",
                ) from exc
            raise _damaged(filename, exc) from exc
        try:
            count = len(doc)
            if count == 0:
                raise DocumentRejected(filename, "has no pages", zh="PDF 没有页面")
            if count > MAX_PAGES:
                raise _too_many_pages(filename, count)
            pages = []
            for index in range(count):
                page = doc[index]
                try:
                    w, h = page.get_size()
                    # 200 dpi, unless the page is so big that would exceed the rendition.
                    scale = min(PDF_DPI / 72, MAX_LONG_EDGE / max(w, h, 1.0))
                    bitmap = page.render(scale=scale)
                    # Encoded page by page (a long statement would not fit in memory
                    # as bitmaps); convert() copies out of PDFium's buffer first.
                    pages.append(_pdf_page(bitmap.to_pil().convert("RGB"), index))
                    bitmap.close()
                finally:
                    page.close()
        except pdfium.PdfiumError as exc:
            raise _damaged(filename, exc) from exc
        finally:
            doc.close()
    return pages


def _pdf_page(im: Image.Image, index: int) -> ImportedPage:
    # No "too small" warning: we chose the resolution. A scanned page can be blurred.
    thumb = im.resize(_fit(im.size, THUMBNAIL_EDGE), _RESAMPLE, reducing_gap=_REDUCING_GAP)
    return ImportedPage(
        rendition=_encode(im, JPEG_QUALITY),
        thumbnail=_encode(thumb, THUMBNAIL_QUALITY),
        width=im.width,
        height=im.height,
        pdf_page=index,
        warnings=(BLURRED,) if _looks_blurred(im) else (),
    )
