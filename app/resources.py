"""Where the files that travel with LoanDesk are: forms, translations, icons, font, migrations.

The repository keeps them at the top level (forms/, resources/) where people edit them; an
installed LoanDesk finds them inside the package, so one lookup serves every way it runs:

- wheel (`pip install .`): setup.py's build step copies forms/*.toml and resources/ into
  app/_data/ (the .qm catalogue compiled from the .ts first; see setup.py);
- PyInstaller bundle: packaging/loandesk.spec puts the same folders at app/_data/;
- source tree and editable install: there is no app/_data/, so the repository's own
  top-level folders are used, and an edited form shows at the next start.

The Alembic migrations are an ordinary part of the package (app/store/migrations) in all
three. Everything is reached through importlib.resources; the *_dir/_file functions give a
real filesystem path for the libraries that need one (Alembic, ReportLab, Qt).
"""

from __future__ import annotations

import atexit
import contextlib
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

PACKAGED = "_data"  # app/_data/ in a wheel or a bundle
CHINESE_CATALOGUE = "loandesk_zh_CN.qm"
FONT_FILE = "wqy-microhei.ttc"  # WenQuanYi Micro Hei, Apache-2.0 (resources/fonts/)
FONT_LICENCE_FILE = "wqy-microhei.LICENSE.txt"
ICON_NAMES = ("loandesk.svg", "loandesk.png", "loandesk.ico")

_SOURCE_ROOT = Path(__file__).resolve().parent.parent  # the repository, when run from it
_extracted = contextlib.ExitStack()  # files copied out of a zip import, removed at exit
atexit.register(_extracted.close)


class ResourceMissing(FileNotFoundError):
    """A file that ships with LoanDesk is not there: a broken install or build."""


def data_root() -> Traversable:
    """The folder holding forms/ and resources/: app/_data/ when installed, else the repo."""
    packaged = files("app") / PACKAGED
    if packaged.is_dir():
        return packaged
    if (_SOURCE_ROOT / "forms").is_dir():
        return _SOURCE_ROOT
    raise ResourceMissing(
        f"LoanDesk's data files are missing: neither {packaged} nor {_SOURCE_ROOT / 'forms'} "
        "exists (reinstall LoanDesk; a wheel must be built by setup.py, see README)")


def real_path(resource: Traversable) -> Path:
    """A filesystem path for `resource` (copied out once if it sits in a zip archive)."""
    if isinstance(resource, Path):
        return resource
    return _extracted.enter_context(as_file(resource))


def _existing(resource: Traversable) -> Path:
    path = real_path(resource)
    if not path.exists():
        raise ResourceMissing(f"LoanDesk file missing: {path}")
    return path


# -- forms ---------------------------------------------------------------------------------

def forms() -> Traversable:
    return data_root() / "forms"


def forms_dir() -> Path:
    """The folder of forms/*.toml, one file per printable form."""
    return _existing(forms())


# -- translations --------------------------------------------------------------------------

def translations() -> Traversable:
    return data_root() / "resources" / "translations"


def translations_dir() -> Path:
    return real_path(translations())


def chinese_catalogue() -> Path:
    """The compiled Simplified Chinese catalogue; it may be absent in a source tree where
    `make translations` has not run (the caller then shows English)."""
    return real_path(translations() / CHINESE_CATALOGUE)


# -- icons ---------------------------------------------------------------------------------

def icons() -> Traversable:
    return data_root() / "resources" / "icons"


def icon_file(name: str = "loandesk.png") -> Path:
    """The application icon: loandesk.svg, loandesk.png (256 px) or loandesk.ico (Windows)."""
    if name not in ICON_NAMES:
        raise ValueError(f"unknown icon {name!r}; one of {', '.join(ICON_NAMES)}")
    return _existing(icons() / name)


# -- the bundled CJK font --------------------------------------------------------------------

def fonts() -> Traversable:
    return data_root() / "resources" / "fonts"


def bundled_font() -> Path:
    """The CJK TrueType collection the forms embed, so paper looks the same on every desk."""
    return _existing(fonts() / FONT_FILE)


def bundled_font_licence() -> Path:
    return _existing(fonts() / FONT_LICENCE_FILE)


# -- database migrations -------------------------------------------------------------------

def migrations() -> Traversable:
    return files("app.store") / "migrations"


def migrations_dir() -> Path:
    """Alembic's script location (it needs a real folder)."""
    return _existing(migrations())
