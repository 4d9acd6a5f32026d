from __future__ import annotations

from pathlib import Path

import pytest

from app.printing import fonts
from app.printing.fonts import FontFile, FontMissing, find_cjk_font_file, register_cjk_font

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "system_font_candidates", lambda: [])
    monkeypatch.setattr(fonts, "bundled_font_candidates", lambda: [])


def test_a_system_font_is_found() -> None:
    found = find_cjk_font_file()
    assert found.path.is_file()
    assert fonts.embeddable_reason(found) is None


def test_registration_happens_once() -> None:
    assert register_cjk_font() == register_cjk_font()


@pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei not installed")
def test_the_setting_wins_and_may_name_a_face(no_system_fonts: None) -> None:
    assert find_cjk_font_file(f"{WQY}#1") == FontFile(WQY, 1)
    assert find_cjk_font_file(str(WQY)) == FontFile(WQY, 0)


@pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei not installed")
def test_a_face_beyond_the_collection_is_refused(no_system_fonts: None) -> None:
    with pytest.raises(FontMissing, match="face"):
        find_cjk_font_file(f"{WQY}#9")


def test_a_setting_pointing_nowhere_without_system_fonts_says_how_to_install(
        no_system_fonts: None) -> None:
    with pytest.raises(FontMissing) as err:
        find_cjk_font_file("/nowhere/font.ttf")
    assert "apt-get install fonts-wqy-microhei" in str(err.value)
    assert "/nowhere/font.ttf" in str(err.value)


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu not installed")
def test_a_latin_only_font_is_not_taken_for_chinese(no_system_fonts: None) -> None:
    with pytest.raises(FontMissing, match="no Chinese characters"):
        find_cjk_font_file(str(DEJAVU))


def test_a_file_that_is_no_font_is_refused(no_system_fonts: None, tmp_path: Path) -> None:
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"\x00\x01\x00\x00" + b"garbage")
    with pytest.raises(FontMissing, match="not a TrueType font"):
        find_cjk_font_file(str(junk))


def test_a_cff_font_is_skipped(no_system_fonts: None, tmp_path: Path) -> None:
    # An OpenType/CFF table directory: 'OTTO', one table, 'CFF '.
    cff = tmp_path / "cff.otf"
    cff.write_bytes(b"OTTO" + b"\x00\x01" + b"\x00" * 6 + b"CFF " + b"\x00" * 12)
    with pytest.raises(FontMissing, match="CFF"):
        find_cjk_font_file(str(cff))
