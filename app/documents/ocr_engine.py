"""The OCR engine behind `loandesk[ocr]`: RapidOCR on ONNX Runtime, fully offline.

The `rapidocr` wheel carries its detection, direction and recognition models (PP-OCR, a few
tens of MB), so nothing is downloaded when it runs; we hand it decoded Pillow images only,
never a path or a URL. Without the extra the rest of LoanDesk works as before and whoever
asks for a reading is told how to add it.
"""

from __future__ import annotations

import importlib.util
import io
import threading
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image

from app.documents.id_card_ocr import CardReading, Side, TextBox, read_card
from app.documents.imaging import import_file, read_upload
from app.domain.errors import InvalidInput

INSTALL_HINT = 'pip install "loandesk[ocr]"'
# Card photos are read at this long edge: the card's smallest print (the address) is still
# ~20 px high, and the detector's time grows with the pixel count.
READ_EDGE = 1280

Engine = Callable[[Image.Image], Sequence[TextBox]]


def ocr_available() -> bool:
    """True when the `ocr` extra (rapidocr and onnxruntime) is installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("rapidocr", "onnxruntime"))


def not_installed() -> InvalidInput:
    return InvalidInput(
        "ocr", "reading ID cards needs the optional OCR component, which is not installed",
        INSTALL_HINT, zh=f"读取身份证需要可选的文字识别组件，尚未安装：请运行 {INSTALL_HINT}")


_LOCK = threading.Lock()  # one reading at a time: the engine is not documented thread-safe


@cache
def _rapid() -> Any:
    from rapidocr import RapidOCR  # the optional extra: imported only when asked for

    # No text-direction classifier: it doubles the time per card, and a card lying the other
    # way round is caught whole instead (read_id_card turns the picture and reads it again).
    return RapidOCR(params={"Global.log_level": "error", "Global.use_cls": False})


def rapid_engine(image: Image.Image) -> list[TextBox]:
    """Run RapidOCR on one image; its boxes as `TextBox`es."""
    if not ocr_available():
        raise not_installed()
    rgb = image.convert("RGB")
    scale = min(1.0, READ_EDGE / max(rgb.size))
    if scale < 1.0:
        rgb = rgb.resize((round(rgb.width * scale), round(rgb.height * scale)),
                         Image.Resampling.LANCZOS)
    with _LOCK:
        result = _rapid()(rgb)
    if result.boxes is None or result.txts is None:
        return []
    boxes = []
    for corners, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
        points = tuple((float(x) / scale, float(y) / scale) for x, y in corners[:4])
        boxes.append(TextBox(str(text), points, float(score)))  # type: ignore[arg-type]
    return boxes


def load_image(path: Path) -> Image.Image:
    """A photo, scan or one-page PDF of the card, through the import pipeline (format sniffed
    from the bytes, upright, size limits), as an image."""
    imported = import_file(path.name, read_upload(path))
    return Image.open(io.BytesIO(imported.pages[0].rendition)).convert("RGB")


# A card photographed upside down or sideways: the turns tried when the picture as it is
# shows no card (a phone held the other way, a card laid the other way under the camera).
TURNS = (180, 90, 270)


def read_id_card(image: Image.Image, side: Side, engine: Engine | None = None) -> CardReading:
    """The fields of one side of an ID card in `image`, turned upright if need be."""
    read = engine or rapid_engine
    reading = read_card(read(image), side)
    for angle in TURNS:
        if reading.is_card:
            break
        turned = read_card(read(image.rotate(angle, expand=True)), side)
        if turned.is_card:
            reading = turned
    return reading
