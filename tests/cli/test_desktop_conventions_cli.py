"""Issue 12, items 4-5 on the command line: `--version`, `--json` on every list command,
UTF-8 output whatever the console's code page, progress lines only on a terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from app.services.forms import form_list
from tests.cli.test_cli import Cli
from tests.conftest import LENDER, married_case

ROOT = Path(__file__).resolve().parents[2]
RARE = "𠮷"  # U+20BB7: outside GBK (and outside the BMP)


@pytest.fixture
def desk(tmp_path: Path, capsys: pytest.CaptureFixture[str],
         monkeypatch: pytest.MonkeyPatch) -> tuple[Cli, str]:
    cli = Cli(tmp_path, capsys)
    cli.ok("init")
    cli.ok("lender", "add", LENDER)
    cli.ok("user", "add", "wang.fang", "王芳", "consultant")
    monkeypatch.setenv("LOANDESK_USER", "wang.fang")
    data = married_case()
    data["customer"]["name"] = f"{RARE}田"
    number = str(cli.json("case", "new", "--json", cli.case_file(data))["number"])
    return cli, number


def test_version_is_the_installed_distributions(cli_plain: Cli) -> None:
    code, out, _err = cli_plain("--version")
    assert code == 0
    assert out.strip() == f"loandesk {version('loandesk')}"


@pytest.fixture
def cli_plain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path, capsys)


def test_every_list_command_has_json(desk: tuple[Cli, str]) -> None:
    cli, number = desk
    cases = cli.json("case", "list", "--json")
    assert [c["number"] for c in cases] == [number]
    assert cases[0]["customer"] == f"{RARE}田"
    assert isinstance(cli.json("doc", "list", number, "--json"), list)
    lenders = cli.json("lender", "list", "--json", user="admin")
    assert [lender["name"] for lender in lenders] == [LENDER]
    users = cli.json("user", "list", "--json", user="admin")
    assert {"name": "wang.fang", "display_name": "王芳", "role": "consultant", "phone": "",
            "active": True} in users
    assert set(users[0]) == {"name", "display_name", "role", "phone", "active"}
    forms = cli.json("form", "list", "--json")
    assert [(f["id"], f["title"], f["step"], f["copies"]) for f in forms] == [
        tuple(row) for row in form_list()]
    history = cli.json("audit", "list", number, "--json")
    assert [h["action"] for h in history] == ["case.create"]
    assert set(history[0]) == {"at", "user", "action", "case", "detail"}
    assert history[0]["user"] == "wang.fang" and history[0]["case"] == number
    assert isinstance(cli.json("custody", "list", "--json"), list)
    assert isinstance(cli.json("reminders", "--json"), dict)


def test_board_json(desk: tuple[Cli, str]) -> None:
    cli, _number = desk
    cli.ok("user", "add", "wu.lei", "吴磊", "manager", user="admin")
    board = cli.json("board", "--json", user="wu.lei")
    assert "originals_out" in board


def _run(url: str, *args: str, encoding: str = "gbk") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": encoding,
           "PYTHONUTF8": "0"}
    return subprocess.run([sys.executable, "-m", "app", "--db", url, *args], cwd=ROOT,
                          env=env, capture_output=True, timeout=120, check=False)


def test_a_rare_character_prints_as_utf8_on_a_gbk_console(desk: tuple[Cli, str]) -> None:
    cli, number = desk
    listed = _run(cli.url, "case", "list")
    assert listed.returncode == 0, listed.stderr.decode("utf-8", "replace")
    assert f"{number}  {RARE}田".encode() in listed.stdout
    as_json = _run(cli.url, "case", "list", "--json")
    assert as_json.returncode == 0
    rows: list[dict[str, Any]] = json.loads(as_json.stdout.decode("utf-8"))
    assert rows[0]["customer"] == f"{RARE}田"
    # A refusal on stderr, with Chinese in it, is UTF-8 too (not GBK, not escaped).
    refused = _run(cli.url, "case", "show", f"{RARE}")
    assert refused.returncode == 1
    assert RARE.encode() in refused.stderr


def test_the_gbk_console_really_would_have_failed() -> None:
    """The set-up above is a real GBK stream: without the reconfiguring, the name fails."""
    probe = subprocess.run([sys.executable, "-c", f"print({RARE!r})"],
                           env={**os.environ, "PYTHONIOENCODING": "gbk"},
                           capture_output=True, timeout=60, check=False)
    assert probe.returncode != 0 and b"UnicodeEncodeError" in probe.stderr


def test_no_progress_lines_when_stderr_is_not_a_terminal(cli_plain: Cli) -> None:
    cli_plain.ok("init")
    code, out, err = cli_plain("demo", "--cases", "2")
    assert code == 0, err
    assert "\r" not in err and "cases" not in err
    assert "added 2 demo cases" in out


def test_progress_on_a_terminal_is_one_line_that_ends(
        cli_plain: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    cli_plain.ok("init")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, _out, err = cli_plain("demo", "--cases", "2")
    assert code == 0
    assert err == "\r1/2 cases\r2/2 cases\n"
