"""app.resources from the source tree: every file that must travel is found, through the
same functions a wheel or a bundle uses, and a missing one is refused by name."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from app import resources

REPO = Path(__file__).resolve().parents[2]


def test_in_a_checkout_the_repository_folders_are_used() -> None:
    # No app/_data/ in a checkout (only a built wheel or bundle has one).
    assert not (REPO / "app" / resources.PACKAGED).exists()
    assert Path(str(resources.data_root())) == REPO
    assert resources.forms_dir() == REPO / "forms"
    assert resources.translations_dir() == REPO / "resources" / "translations"


def test_every_form_in_the_repository_is_reachable() -> None:
    found = sorted(p.name for p in resources.forms_dir().glob("*.toml"))
    expected = sorted(p.name for p in (REPO / "forms").glob("*.toml"))
    assert found == expected and len(found) >= 11
    # ...and as a Traversable, the way importlib.resources hands them out of a wheel.
    assert sorted(t.name for t in resources.forms().iterdir()
                  if t.name.endswith(".toml")) == expected
    for item in resources.forms().iterdir():
        if item.name.endswith(".toml"):
            assert "title" in tomllib.loads(item.read_text(encoding="utf-8"))


def test_the_migrations_are_inside_the_package() -> None:
    folder = resources.migrations_dir()
    assert folder == REPO / "app" / "store" / "migrations"
    assert (folder / "env.py").is_file()
    assert any(folder.joinpath("versions").glob("0*.py"))


def test_the_bundled_font_is_an_embeddable_chinese_truetype_font() -> None:
    from app.printing.fonts import FontFile, embeddable_reason

    font = resources.bundled_font()
    assert font == REPO / "resources" / "fonts" / "wqy-microhei.ttc"
    assert embeddable_reason(FontFile(font, 0)) is None
    assert "Apache" in resources.bundled_font_licence().read_text(encoding="utf-8")


def test_the_bundled_font_is_preferred_to_the_systems() -> None:
    from app.printing.fonts import find_cjk_font_file

    assert find_cjk_font_file("").path == resources.bundled_font()


def test_a_named_font_setting_still_wins(tmp_path: Path) -> None:
    from app.printing.fonts import find_cjk_font_file

    copy = tmp_path / "mine.ttc"
    copy.write_bytes(resources.bundled_font().read_bytes())
    assert find_cjk_font_file(str(copy)).path == copy


def test_the_icons_exist_in_three_formats() -> None:
    from PIL import Image

    with Image.open(resources.icon_file("loandesk.png")) as png:
        assert png.size == (256, 256)
    with Image.open(resources.icon_file("loandesk.ico")) as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    assert resources.icon_file("loandesk.svg").read_text(encoding="utf-8").startswith("<svg")
    assert resources.icon_file() == resources.icon_file("loandesk.png")


def test_an_unknown_icon_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=re.escape("loandesk.svg, loandesk.png, loandesk.ico")):
        resources.icon_file("loandesk.bmp")


def test_a_missing_file_names_its_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resources, "FONT_FILE", "nowhere.ttf")
    with pytest.raises(resources.ResourceMissing, match=re.escape("nowhere.ttf")):
        resources.bundled_font()


def test_without_any_data_folder_the_install_is_called_broken(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(resources, "_SOURCE_ROOT", tmp_path)
    with pytest.raises(resources.ResourceMissing, match="reinstall"):
        resources.data_root()


def test_a_packaged_data_folder_wins_over_the_checkout(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    package = tmp_path / "app"
    (package / resources.PACKAGED / "forms").mkdir(parents=True)

    monkeypatch.setattr(resources, "files", lambda name: package)
    assert resources.forms_dir() == package / resources.PACKAGED / "forms"
