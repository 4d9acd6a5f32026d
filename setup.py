"""The build step that puts LoanDesk's data files inside the wheel (see app/resources.py).

The repository keeps forms/ and resources/ at the top level, where people edit them. A wheel
must carry them inside the package, so build_py copies them to app/_data/: every
forms/*.toml, the bundled font and its licence, the icons, and the Chinese catalogue (.qm)
compiled from resources/translations/*.ts. The .qm is not committed (it is built, and a
stale one would ship old wording): it is compiled here when pyside6-lrelease is at hand
(`make wheel` / `make dist` run `make translations` first), and a missing or out-of-date one
stops the build with the command to run. An editable install copies nothing: app.resources
then reads the checkout's own folders.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
PACKAGED = Path("app") / "_data"  # app.resources.PACKAGED
RESOURCE_FILES = {  # source folder -> the file patterns that travel
    "forms": ("*.toml",),
    "resources/fonts": ("*.ttc", "*.ttf", "*.txt"),
    "resources/icons": ("*.svg", "*.png", "*.ico"),
}
TRANSLATIONS = Path("resources") / "translations"


def _lrelease() -> str | None:
    beside_python = Path(sys.executable).with_name("pyside6-lrelease")
    if beside_python.is_file():
        return str(beside_python)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def _catalogues(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    tool = _lrelease()
    for ts in sorted((ROOT / TRANSLATIONS).glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if tool and subprocess.run([tool, "-silent", str(ts), "-qm", str(target / qm.name)],
                                   capture_output=True).returncode == 0:
            continue
        # No working lrelease here (an isolated build cannot import PySide6's wrapper): the
        # catalogue `make translations` compiled will do, if it is not older than its source.
        if not qm.is_file() or qm.stat().st_mtime < ts.stat().st_mtime:
            raise SystemExit(
                f"{qm.relative_to(ROOT)} is missing or older than {ts.name}: run "
                "`make translations` (pyside6-lrelease) before building the wheel")
        shutil.copy2(qm, target / qm.name)


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        packaged = Path(self.build_lib) / PACKAGED
        shutil.rmtree(packaged, ignore_errors=True)
        for folder, patterns in RESOURCE_FILES.items():
            target = packaged / folder
            target.mkdir(parents=True, exist_ok=True)
            for pattern in patterns:
                for source in sorted((ROOT / folder).glob(pattern)):
                    shutil.copy2(source, target / source.name)
        _catalogues(packaged / TRANSLATIONS)


setup(cmdclass={"build_py": BuildPyWithData})
