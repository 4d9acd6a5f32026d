"""Find and register a Chinese TrueType font that can be embedded in a PDF.

Chinese text is always embedded as a TrueType subset: a PDF that relies on the reader's
fonts prints boxes at the bank's counter. ReportLab embeds only TrueType outlines (`glyf`),
so CFF-flavoured OpenType fonts (most Noto CJK files) are skipped, not failed on later.

LoanDesk ships its own CJK font (WenQuanYi Micro Hei, resources/fonts/) and prefers it to the
system's, so a form prints the same on a Windows desk without YaHei as on the developer's
Debian; only a font named in the settings (or LOANDESK_FONT) comes before it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from app import resources
from app.printing.font_cache import load_ttfont

INSTALL_HINT = (
    "No embeddable Chinese TrueType font was found. "
    "Debian/Ubuntu: sudo apt-get install fonts-wqy-microhei; "
    "Fedora: sudo dnf install wqy-microhei-fonts; "
    "Windows and macOS ship one (Microsoft YaHei / SimSun, STHeiti / Songti). "
    "Or set the font setting to a .ttf/.ttc file with Chinese glyphs "
    "(append #N to pick face N of a .ttc). "
    "未找到可嵌入的中文 TrueType 字体：Debian/Ubuntu 请执行 apt-get install fonts-wqy-microhei，"
    "或在设置中指定字体文件。"
)


FONT_ENV = "LOANDESK_FONT"


class FontMissing(RuntimeError):
    """No embeddable CJK TrueType font: the message says how to install one."""


@dataclass(frozen=True)
class FontFile:
    path: Path
    subfont_index: int


def _windows_fonts() -> list[Path]:
    root = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    return [root / name for name in ("msyh.ttc", "msyh.ttf", "simsun.ttc", "simhei.ttf",
                                     "simkai.ttf", "simfang.ttf")]


_MAC_FONTS = [
    Path("/System/Library/Fonts/PingFang.ttc"),
    Path("/System/Library/Fonts/STHeiti Light.ttc"),
    Path("/System/Library/Fonts/STHeiti Medium.ttc"),
    Path("/System/Library/Fonts/Supplemental/Songti.ttc"),
    Path("/Library/Fonts/Songti.ttc"),
    Path("/System/Library/Fonts/Hiragino Sans GB.ttc"),
]

_LINUX_FONTS = [
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),  # Fedora
    Path("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    Path("/usr/share/fonts/truetype/arphic/ukai.ttc"),
    Path("/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),  # usually CFF: skipped
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
]


def bundled_font_candidates() -> list[Path]:
    """The font that travels with LoanDesk (none in a broken install; tests monkeypatch this)."""
    try:
        return [resources.bundled_font()]
    except resources.ResourceMissing:
        return []


def system_font_candidates() -> list[Path]:
    """The usual CJK fonts of this platform, best first (tests monkeypatch this)."""
    if sys.platform.startswith("win"):
        return _windows_fonts()
    if sys.platform == "darwin":
        return _MAC_FONTS + _LINUX_FONTS
    return _LINUX_FONTS + _MAC_FONTS


def _parse_setting(setting: str) -> FontFile:
    """'path/to/font.ttc#2' → face 2; a bare path → face 0."""
    path, sep, index = setting.strip().rpartition("#")
    if sep and index.isdigit():
        return FontFile(Path(path).expanduser(), int(index))
    return FontFile(Path(setting.strip()).expanduser(), 0)


def _face_offsets(data: bytes) -> list[int]:
    if data[:4] == b"ttcf":
        (count,) = struct.unpack(">I", data[8:12])
        return list(struct.unpack(f">{count}I", data[12:12 + 4 * count]))
    return [0]


def _tables(data: bytes, offset: int) -> dict[bytes, int]:
    (count,) = struct.unpack(">H", data[offset + 4:offset + 6])
    tables = {}
    for i in range(count):
        rec = offset + 12 + 16 * i
        tag = data[rec:rec + 4]
        (table_offset,) = struct.unpack(">I", data[rec + 8:rec + 12])
        tables[tag] = table_offset
    return tables


def embeddable_reason(font: FontFile) -> str | None:
    """Why this face cannot be embedded as Chinese TrueType, or None when it can.

    Reads only the table directory and the OS/2 table, so it is cheap enough to run on
    every candidate (the full parse happens once, at registration).
    """
    try:
        data = font.path.read_bytes()
    except OSError as exc:
        return f"cannot read {font.path}: {exc.strerror or exc}"
    try:
        offsets = _face_offsets(data)
        if not 0 <= font.subfont_index < len(offsets):
            return f"{font.path} has {len(offsets)} face(s), not #{font.subfont_index}"
        tables = _tables(data, offsets[font.subfont_index])
        if b"glyf" not in tables:
            return f"{font.path} has CFF/PostScript outlines, which ReportLab cannot embed"
        os2 = tables.get(b"OS/2")
        if os2 is None:
            return f"{font.path} has no OS/2 table"
        (fs_type,) = struct.unpack(">H", data[os2 + 8:os2 + 10])
        # ReportLab refuses restricted-licence fonts and those forbidding subsetting.
        if fs_type == 0x0002 or fs_type & 0x0300:
            return f"{font.path} forbids embedding (fsType {fs_type:#06x})"
        (range2,) = struct.unpack(">I", data[os2 + 46:os2 + 50])
        (codepages,) = struct.unpack(">I", data[os2 + 78:os2 + 82])
        cjk_ideographs = bool(range2 & (1 << 27))  # Unicode range bit 59
        chinese_codepage = bool(codepages & ((1 << 18) | (1 << 20)))  # GB2312, Big5
        if not (cjk_ideographs or chinese_codepage):
            return f"{font.path} has no Chinese characters"
    except (struct.error, IndexError):
        return f"{font.path} is not a TrueType font"
    return None


def find_cjk_font_file(setting: str | None = None) -> FontFile:
    """The configured font if it works, else the bundled one, else the first usable system one.

    Raises FontMissing (with install instructions) when nothing usable is found. Without a
    setting, the LOANDESK_FONT environment variable is the setting.
    """
    setting = setting if setting is not None else os.environ.get(FONT_ENV)
    problems: list[str] = []
    candidates: list[FontFile] = []
    if setting and setting.strip():
        candidates.append(_parse_setting(setting))
    candidates += [FontFile(path, 0)
                   for path in bundled_font_candidates() + system_font_candidates()]
    for font in candidates:
        if not font.path.is_file():
            if setting and font == candidates[0]:
                problems.append(f"font setting {setting!r}: no such file")
            continue
        reason = embeddable_reason(font)
        if reason is None:
            return font
        problems.append(reason)
    detail = ("\nTried: " + "; ".join(problems)) if problems else ""
    raise FontMissing(INSTALL_HINT + detail)


@functools.cache
def _register(font: FontFile) -> str:
    # One ReportLab name per file and face, so two settings never overwrite each other.
    digest = hashlib.sha1(f"{font.path}#{font.subfont_index}".encode()).hexdigest()[:8]
    name = f"LoanDeskCJK-{digest}"
    ttf = load_ttfont(name, font.path, font.subfont_index)  # parsed once per font file
    if ord("中") not in ttf.face.charToGlyph:
        raise FontMissing(INSTALL_HINT + f"\nTried: {font.path} has no glyph for 中")
    pdfmetrics.registerFont(ttf)
    return name


@functools.cache
def register_cjk_font(setting: str | None = None) -> str:
    """Register the CJK font with ReportLab once and return its font name."""
    return _register(find_cjk_font_file(setting))
