"""The parsed CJK font kept between processes (app.printing.font_cache): used only when it is
this very font file's parse by this ReportLab, remade when damaged or stale, and a PDF made
with it is byte for byte the PDF made from a fresh parse."""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from app import resources
from app.printing import font_cache, fonts

TEXT = "交车确认单 王芳 车架号 LVSHCAMB1CE054249 ¥126,600.00 第一联 客户留存"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setattr(font_cache, "cache_folder", lambda: cache)
    return cache


@pytest.fixture
def font(tmp_path: Path) -> Path:
    """A copy of the bundled font: tests may change or replace it."""
    copy = tmp_path / "fonts" / "wqy.ttc"
    copy.parent.mkdir()
    shutil.copyfile(resources.bundled_font(), copy)
    return copy


class Parses:
    """Counts ReportLab's full parses made through the cache module."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = font_cache.parse

        def parse(name: str, path: Path, subfont_index: int) -> TTFont:
            self.count += 1
            return real(name, path, subfont_index)

        monkeypatch.setattr(font_cache, "parse", parse)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Parses:
    return Parses(monkeypatch)


def _same_value(a: Any, b: Any) -> bool:
    if callable(a) and callable(b):  # the face's unit scale: a function made per parse
        return bool(a(1000) == b(1000) and a(2048) == b(2048) and a(-7) == b(-7))
    return type(a) is type(b) and bool(a == b)


def assert_same_face(got: TTFont, fresh: TTFont) -> None:
    """Every attribute of the face as ReportLab's own parse has it."""
    mine, theirs = vars(got.face), vars(fresh.face)
    assert sorted(mine) == sorted(theirs)
    different = [name for name in theirs if not _same_value(mine[name], theirs[name])]
    assert different == []
    assert got.face.charToGlyph[ord("中")] == fresh.face.charToGlyph[ord("中")]


def test_the_second_load_reads_the_cache_and_makes_the_same_face(
        folder: Path, font: Path, parses: Parses) -> None:
    first = font_cache.load_ttfont("LoanDeskTest-a", font, 0)
    assert parses.count == 1
    assert len(list(folder.iterdir())) == 1
    second = font_cache.load_ttfont("LoanDeskTest-b", font, 0)
    assert parses.count == 1  # no parse: the cache was read
    assert second.fontName == "LoanDeskTest-b"
    assert second.face is not first.face
    assert_same_face(second, TTFont("LoanDeskTest-fresh", str(font)))
    assert_same_face(first, TTFont("LoanDeskTest-fresh", str(font)))


def _pdf(font: TTFont) -> bytes:
    pdfmetrics.registerFont(font)
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)  # no date or random id: two runs compare byte for byte
    canvas.setFont(font.fontName, 12)
    canvas.drawString(40, 700, TEXT)
    canvas.setFont(font.fontName, 9)
    canvas.drawString(40, 680, "客户签字：＿＿＿＿　销售顾问签字：＿＿＿＿ ☐ 漆面 ☐ 玻璃")
    canvas.save()
    return out.getvalue()


def test_a_pdf_from_the_cached_font_is_the_pdf_of_a_fresh_parse(
        folder: Path, font: Path, parses: Parses) -> None:
    font_cache.load_ttfont("LoanDeskTest-cache", font, 0)
    cached = font_cache.load_ttfont("LoanDeskTest-cache", font, 0)
    assert parses.count == 1
    fresh = TTFont("LoanDeskTest-cache", str(font))
    with_cache, without = _pdf(cached), _pdf(fresh)
    assert b"FontFile2" in with_cache  # the subset is embedded
    assert with_cache == without


def _cache_file(folder: Path) -> Path:
    (only,) = folder.iterdir()
    return only


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "empty", "other magic"])
def test_a_damaged_cache_is_parsed_again_and_rewritten(
        folder: Path, font: Path, parses: Parses, damage: str) -> None:
    font_cache.load_ttfont("LoanDeskTest-a", font, 0)
    file = _cache_file(folder)
    whole = file.read_bytes()
    damaged = {
        "truncated": whole[: len(whole) // 2],
        "flipped": whole[:-100] + bytes([whole[-100] ^ 0x01]) + whole[-99:],
        "garbage": b"\x00\xff" * 1000,
        "empty": b"",
        "other magic": b"LoanDesk CJK face cache 0\n" + whole[len(font_cache.MAGIC):],
    }[damage]
    file.write_bytes(damaged)
    again = font_cache.load_ttfont("LoanDeskTest-a", font, 0)
    assert parses.count == 2
    assert_same_face(again, TTFont("LoanDeskTest-fresh", str(font)))
    assert file.read_bytes() == whole  # made again, whole
    font_cache.load_ttfont("LoanDeskTest-a", font, 0)
    assert parses.count == 2


def test_a_whole_file_of_another_shape_is_not_trusted(
        folder: Path, font: Path, parses: Parses) -> None:
    """A file whose digest holds but whose content is not what the writer writes (another
    program's, or an older layout) is ignored: only the key and the shape are read."""
    font_cache.load_ttfont("LoanDeskTest-a", font, 0)
    file = _cache_file(folder)
    key = font_cache.cache_key(font.read_bytes(), 0)
    for payload in (marshal.dumps([1, 2, 3]), marshal.dumps({"key": key, "kept": [1]}),
                    marshal.dumps({"key": {**key, "face": 1}, "kept": {"face": {}, "font": []}})):
        file.write_bytes(font_cache.MAGIC + hashlib.sha256(payload).digest() + payload)
        font_cache.load_ttfont("LoanDeskTest-a", font, 0)
    assert parses.count == 4


def test_another_reportlab_does_not_use_the_cache(
        folder: Path, font: Path, parses: Parses, monkeypatch: pytest.MonkeyPatch) -> None:
    font_cache.load_ttfont("LoanDeskTest-a", font, 0)
    monkeypatch.setattr(reportlab, "Version", reportlab.Version + ".other")
    font_cache.load_ttfont("LoanDeskTest-a", font, 0)
    assert parses.count == 2
    font_cache.load_ttfont("LoanDeskTest-a", font, 0)  # now made for this one
    assert parses.count == 2


def test_a_font_file_replaced_in_place_is_parsed_again(
        folder: Path, font: Path, parses: Parses) -> None:
    """Same path, other bytes (a font updated by the system, a setting re-pointed): the
    cache is keyed by the bytes, never by the name or the time of the file."""
    font_cache.load_ttfont("LoanDeskTest-a", font, 0)
    stat = font.stat()
    font.write_bytes(font.read_bytes() + b"\x00" * 4)  # trailing bytes: same glyphs
    os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old time
    font_cache.load_ttfont("LoanDeskTest-a", font, 0)
    assert parses.count == 2
    assert len(list(folder.iterdir())) == 2


def test_each_face_of_a_collection_has_its_own_entry(
        folder: Path, font: Path, parses: Parses) -> None:
    """A font setting of `file.ttc#1` (LOANDESK_FONT) never gets face 0's parse."""
    regular = font_cache.load_ttfont("LoanDeskTest-0", font, 0)
    mono = font_cache.load_ttfont("LoanDeskTest-1", font, 1)
    assert parses.count == 2
    assert regular.face.name != mono.face.name
    again = font_cache.load_ttfont("LoanDeskTest-1", font, 1)
    assert parses.count == 2
    assert_same_face(again, TTFont("LoanDeskTest-fresh", str(font), subfontIndex=1))


def test_the_font_setting_goes_through_the_cache_of_its_own_file(
        folder: Path, font: Path, parses: Parses, monkeypatch: pytest.MonkeyPatch) -> None:
    """LOANDESK_FONT names another file: that file is parsed (and cached), not the bundled
    font's entry taken."""
    fonts._register.cache_clear()
    fonts.register_cjk_font.cache_clear()
    try:
        fonts.register_cjk_font()  # the bundled font, cached
        before = parses.count
        fonts.register_cjk_font.cache_clear()  # a new process, as it were, with the setting
        monkeypatch.setenv(fonts.FONT_ENV, f"{font}#1")
        name = fonts.register_cjk_font()
        assert parses.count == before + 1
        assert pdfmetrics.getFont(name).face.name == TTFont(
            "LoanDeskTest-fresh", str(font), subfontIndex=1).face.name
    finally:
        fonts._register.cache_clear()
        fonts.register_cjk_font.cache_clear()


def test_an_unwritable_cache_only_costs_the_parse(
        tmp_path: Path, font: Path, parses: Parses, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setattr(font_cache, "cache_folder", lambda: blocker / "fonts")
    for _ in range(2):
        loaded = font_cache.load_ttfont("LoanDeskTest-a", font, 0)
        assert ord("中") in loaded.face.charToGlyph
    assert parses.count == 2
    assert blocker.is_file()


def test_a_rebuilt_font_that_differs_from_the_parse_is_never_written(
        folder: Path, font: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should ReportLab parse in a way the light parse plus the kept part does not rebuild,
    nothing is cached (the self-check before writing)."""
    real = font_cache.assemble

    def lossy(*args: Any) -> TTFont:
        made = real(*args)
        made.face.charWidths = dict(made.face.charWidths)
        made.face.charWidths.pop(ord("中"))
        return made

    monkeypatch.setattr(font_cache, "assemble", lossy)
    font_cache.load_ttfont("LoanDeskTest-a", font, 0)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_no_partial_file_is_left_behind(folder: Path, font: Path) -> None:
    font_cache.load_ttfont("LoanDeskTest-a", font, 0)
    assert [p.suffix for p in folder.iterdir()] == [".face"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are Linux's")
def test_the_cache_lives_in_the_users_cache_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert font_cache.cache_folder() == tmp_path / "xdg" / "LoanDesk" / "fonts"
