"""Which commands the client sends to the command server, where the server listens and
which code it is: app.cli_serving's rules, without a server."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, cast

import pytest

from app import cli_client, cli_server
from app import cli_serving as serving
from app.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("argv", "words"), [
    (["case", "list", "--limit", "20"], ("case", "list")),
    (["--user", "wang.fang", "--db", "sqlite:///x", "form", "render", "N", "f", "-o", "x"],
     ("form", "render")),
    (["--user=wang.fang", "queue", "--json"], ("queue", "")),
    (["board", "--json"], ("board", "")),
    (["board", "export", "--csv", "d"], ("board", "export")),
    (["audit", "list", "N"], ("audit", "list")),
])
def test_served_commands_are_recognised_behind_the_global_options(
        argv: list[str], words: tuple[str, str]) -> None:
    assert serving.command_words(argv) == words


@pytest.mark.parametrize("argv", [
    [], ["gui"], ["init"], ["demo"], ["restore", "f", "--yes"], ["backup", "f"],
    ["copy-to", "sqlite:///y"], ["case", "new", "--json", "-"], ["user", "add", "a", "b", "c"],
    ["user", "password", "a"], ["user", "list"], ["ocr", "f", "--kind", "id_card_front"],
    ["server", "start"], ["lender", "add", "x"], ["--version"], ["--help"],
    ["case", "list", "--help"], ["form", "render", "-h"], ["--verbose", "case", "list"],
    ["case"], ["queue", "list"],
])
def test_the_rest_runs_locally(argv: list[str]) -> None:
    assert serving.command_words(argv) is None


def test_every_served_command_is_one_the_cli_has() -> None:
    """A renamed subcommand must leave the served list too (it would never be served)."""
    parser = build_parser()
    for command, subs in serving.SERVED.items():
        for sub in subs:
            words = [command, sub] if sub else [command]
            with pytest.raises(SystemExit) as leaving:  # its own --help: it exists
                parser.parse_args([*words, "--help"])
            assert leaving.value.code == 0, words


def test_the_password_must_come_without_typing(tmp_path: Path) -> None:
    argv = ["case", "list"]
    assert serving.servable(argv, {"LOANDESK_PASSWORD": "pw"}, stdin_is_terminal=True)
    assert not serving.servable(argv, {}, stdin_is_terminal=True)  # typed at the terminal
    assert serving.servable(argv, {}, stdin_is_terminal=False)  # refused there, as locally
    file = tmp_path / "pw"
    file.write_text("pw\n", encoding="utf-8")
    assert serving.servable(["--password-file", str(file), *argv], {}, stdin_is_terminal=True)
    assert serving.servable([f"--password-file={file}", *argv], {}, stdin_is_terminal=True)
    # `<(pass show …)` is a pipe of the client's: the server could not open it
    read, write = os.pipe()
    try:
        fifo = f"/dev/fd/{read}"
        assert not serving.servable(["--password-file", fifo, *argv], {"LOANDESK_PASSWORD": "x"},
                                    stdin_is_terminal=False)
    finally:
        os.close(read)
        os.close(write)
    assert not serving.servable(["--password-file", str(tmp_path / "missing"), *argv],
                                {"LOANDESK_PASSWORD": "x"}, stdin_is_terminal=False)


@pytest.mark.parametrize("value", ["off", "OFF", "0", "no", "false"])
def test_loandesk_server_off_runs_everything_locally(value: str) -> None:
    assert not serving.servable(["case", "list"], {"LOANDESK_SERVER": value,
                                                   "LOANDESK_PASSWORD": "pw"}, False)
    assert serving.servable(["case", "list"], {"LOANDESK_SERVER": "on",
                                               "LOANDESK_PASSWORD": "pw"}, False)


def test_the_client_imports_only_the_standard_library() -> None:
    probe = ("import sys\nbefore = set(sys.modules)\nimport app.cli_client\n"
             "import json\nprint(json.dumps(sorted(set(sys.modules) - before)))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    foreign = [m for m in loaded if m.partition(".")[0] not in sys.stdlib_module_names
               and m.partition(".")[0] != "app"]
    assert not foreign, foreign
    assert "app.cli_serving" in loaded  # the probe sees what the client imports
    assert not [m for m in loaded if m.startswith("app.") and m not in
                ("app.cli_client", "app.cli_serving")]


def test_the_version_read_cheaply_is_the_installed_one() -> None:
    from app import config

    assert serving.installed_version() == config.version() != "0+unknown"


def test_the_folder_is_in_the_private_runtime_directory(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_runtime_dir

    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    if sys.platform.startswith("linux"):
        assert serving.server_folder() == Path(user_runtime_dir("LoanDesk", appauthor=False)) \
            / "server" == runtime / "LoanDesk" / "server"
        runtime.chmod(0o755)  # others may enter: not a runtime directory by the XDG rule
        fallback = serving.server_folder()
        assert not fallback.is_relative_to(runtime)
        if not Path(f"/run/user/{os.getuid()}").is_dir():
            assert fallback == tmp_path / "cache" / "LoanDesk" / "server"


def test_a_folder_others_may_enter_is_not_trusted(tmp_path: Path) -> None:
    folder = tmp_path / "server"
    folder.mkdir(mode=0o700)
    folder.chmod(0o700)
    assert serving.trusted(folder)
    if sys.platform != "win32":
        folder.chmod(0o770)
        assert not serving.trusted(folder)


def test_a_newer_file_changes_the_newest_change(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("a", encoding="utf-8")
    before = serving._newest_change(tmp_path)
    later = tmp_path / "sub" / "b.py"
    later.parent.mkdir()
    later.write_text("b", encoding="utf-8")
    os.utime(later, ns=(before + 10**12, before + 10**12))
    assert serving._newest_change(tmp_path) == before + 10**12
    cache = tmp_path / "__pycache__"
    cache.mkdir()
    (cache / "a.pyc").write_text("c", encoding="utf-8")
    os.utime(cache / "a.pyc", ns=(before + 10**13, before + 10**13))
    assert serving._newest_change(tmp_path) == before + 10**12  # compiled files do not count


def test_a_socket_path_too_long_is_never_listened_on(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    deep = tmp_path / ("d" * 100)
    deep.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    address = serving.socket_address(serving.server_folder())
    assert not serving.usable(address)
    assert serving.usable(address[:103])
    assert cli_client.connect() == cli_client.DECLINED  # run locally, start no server


class _Frames:
    """A connection that keeps what is sent (the server's side of a client's streams)."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def send_bytes(self, data: bytes) -> None:
        self.sent.append(bytes(data))


def test_bytes_written_to_stdout_reach_the_client_unchanged() -> None:
    frames = _Frames()
    stdout = cli_server._stream(cast(Any, frames), cli_server.OUT, False, errors="strict")
    every_byte = bytes(range(256)) * 300  # a PDF's worth, binary
    stdout.write("交车确认单 𠮷\n")
    stdout.flush()
    stdout.buffer.write(every_byte)
    stdout.flush()
    assert {f[:1] for f in frames.sent} == {cli_server.OUT}
    payload = b"".join(f[1:] for f in frames.sent)
    assert payload == "交车确认单 𠮷\n".encode() + every_byte
    read, write = os.pipe()
    try:
        closed: set[int] = set()
        with open(read, "rb") as reader:
            got: list[bytes] = []
            thread = threading.Thread(target=lambda: got.append(reader.read()))
            thread.start()
            for frame in frames.sent:
                cli_client._write(write, frame[1:], closed)
            os.close(write)
            thread.join()
        assert got == [payload] and not closed
    finally:
        with contextlib.suppress(OSError):
            os.close(write)


def test_the_client_names_the_password_variable_as_the_cli_does() -> None:
    # cli_serving keeps its own copy (it imports nothing beyond the standard library)
    from app import config

    assert serving.PASSWORD_ENV == config.PASSWORD_ENV
