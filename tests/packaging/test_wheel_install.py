"""The wheel, installed NON-editable into a fresh venv, works without the checkout: every form
renders, the Chinese catalogue loads, the migrations run, the bundled font is embedded.

Kept quick and offline-friendly: the wheel is built once (`pip wheel --no-deps`, pip's cache),
and the fresh venv gets only LoanDesk (`--no-deps`); its dependencies are seen through a .pth
line naming the project's .venv site-packages, which comes after the venv's own, so `app` is
the installed copy and never the checkout (the .venv's editable finder is a .pth *inside*
that folder, which Python does not read for a folder named by a .pth line).
"""

from __future__ import annotations

import json
import os
import re
import site
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.wheel

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "wheel-test-pw-1"


@dataclass(frozen=True)
class Installed:
    python: Path
    loandesk: Path
    home: Path
    env: dict[str, str]

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([str(self.loandesk), *args], capture_output=True, text=True,
                              env=self.env, cwd=self.home, timeout=300)
        if check and done.returncode != 0:
            raise AssertionError(f"loandesk {' '.join(args)}: rc {done.returncode}\n"
                                 f"{done.stdout}\n{done.stderr}")
        return done

    def python_code(self, code: str) -> str:
        done = subprocess.run([str(self.python), "-c", code], capture_output=True, text=True,
                              env=self.env, cwd=self.home, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    work = tmp_path_factory.mktemp("wheel")
    qm = REPO / "resources" / "translations" / "loandesk_zh_CN.qm"
    if not qm.is_file():
        pytest.fail("run `make translations` first: the wheel must carry the catalogue")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(work / "dist"), str(REPO)],
                   check=True, capture_output=True, cwd=work)
    (wheel,) = (work / "dist").glob("loandesk-*.whl")
    venv = work / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(venv)],
                   check=True)
    python = venv / "bin" / "python"
    purelib = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True).stdout.strip())
    (purelib / "zz_project_dependencies.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True)
    home = work / "home"
    home.mkdir()
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_STATE_HOME": str(home / "state"), "LOANDESK_LOG_DIR": str(home / "log"),
           "LOANDESK_DB": f"sqlite:///{home / 'loandesk.sqlite3'}",
           "LOANDESK_PASSWORD": PASSWORD, "QT_QPA_PLATFORM": "offscreen",
           "LANG": "C.UTF-8", "LOANDESK_SERVER": "off"}
    yield Installed(python, venv / "bin" / "loandesk", home, env)


def test_the_installed_copy_is_used_not_the_checkout(installed: Installed) -> None:
    where = json.loads(installed.python_code(
        "import json, app, app.resources as r; print(json.dumps("
        "[app.__file__, str(r.data_root()), str(r.bundled_font()), str(r.migrations_dir())]))"))
    for path in where:
        assert str(installed.python.parents[1]) in path, path
        assert not path.startswith(str(REPO / "app")), path
    assert where[1].endswith("app/_data")


def test_every_form_is_listed_and_renders(installed: Installed) -> None:
    installed.run("init")
    installed.run("demo", "--cases", "3")
    listed = installed.run("form", "list").stdout.split("\n")
    ids = [line.split()[0] for line in listed if line.strip()]
    assert sorted(ids) == sorted(p.stem for p in (REPO / "forms").glob("*.toml"))
    manager = next(line.split()[0] for line in installed.run("user", "list").stdout.split("\n")
                   if line.split()[1:2] == ["manager"])
    case_number = re.search(r"^LD\d{4}-\d{6}", installed.run(
        "--user", manager, "case", "list").stdout, re.M)
    assert case_number is not None
    # One process renders them all through the CLI's own entry point (one start, not eleven).
    out = installed.home / "forms"
    out.mkdir()
    installed.python_code(
        "from app.cli import main\n"
        f"for form in {ids!r}:\n"
        f"    code = main(['--user', {manager!r}, 'form', 'render', {case_number[0]!r}, form,"
        f" '--draft', '-o', {str(out)!r} + '/' + form + '.pdf'])\n"
        "    assert code == 0, form\n")
    for form_id in ids:
        pdf = out / f"{form_id}.pdf"
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        title = _title(form_id)
        assert title in text, (form_id, title)
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout
        assert "WenQuanYiMicroHei" in fonts, form_id


def _title(form_id: str) -> str:
    import tomllib
    data = tomllib.loads((REPO / "forms" / f"{form_id}.toml").read_text(encoding="utf-8"))
    return str(data["title"])


def test_the_migrations_bring_a_new_database_to_the_head(installed: Installed) -> None:
    installed.env["LOANDESK_DB"] = f"sqlite:///{installed.home / 'fresh.sqlite3'}"
    assert "database ready" in installed.run("init").stdout
    newest = sorted(p.name.split("_")[0] for p in
                    (REPO / "app" / "store" / "migrations" / "versions").glob("0*.py"))[-1]
    revision = installed.python_code(
        "import os; from app.store.db import Database\n"
        "db = Database(os.environ['LOANDESK_DB']); print(db.current_revision(), "
        "db.head_revision())").split()
    assert revision[0] == revision[1]
    assert revision[0].startswith(newest) or newest in revision[0]


def test_the_chinese_catalogue_loads_from_the_wheel(installed: Installed) -> None:
    context, source, translation = _a_finished_translation()
    shown = installed.python_code(
        "from PySide6.QtWidgets import QApplication\n"
        "from app.ui import i18n\n"
        "qt = QApplication([])\n"
        "assert i18n.install(qt, i18n.CHINESE) == i18n.CHINESE\n"
        f"print(QApplication.translate({context!r}, {source!r}))\n")
    assert shown.strip() == translation


def _a_finished_translation() -> tuple[str, str, str]:
    tree = ET.parse(REPO / "resources" / "translations" / "loandesk_zh_CN.ts")
    for context in tree.getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            source = message.findtext("source")
            if (translation is not None and translation.text and source
                    and translation.get("type") is None and "\n" not in source):
                return context.findtext("name") or "", source, translation.text
    raise AssertionError("no finished translation in the .ts")
