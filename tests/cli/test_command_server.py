"""The command server (app.cli_server) as processes: a real server in a throwaway runtime
folder, real `python -m app` clients, each served result compared byte for byte with the
same command run locally (LOANDESK_SERVER=off). No timing: whether a command was served is
read off the server's own count of commands served."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app import cli_client, cli_server
from app import cli_serving as serving
from app.store.db import Database
from app.store.models import User
from tests.conftest import CONSULTANT
from tests.helpers import new_case

ROOT = Path(__file__).resolve().parents[2]
WAIT = 120  # seconds a server may take to start or stop on a busy machine (not a measure)


@dataclass
class Desk:
    db: Database
    folder: Path  # the server's private folder
    work: Path  # the clients' current folder

    def run(self, *args: str, served: bool = True,
            **env: str) -> subprocess.CompletedProcess[bytes]:
        environ = {**os.environ, **env}
        if not served:
            environ[serving.SERVER_ENV] = "off"
        return subprocess.run([sys.executable, "-m", "app", *args], cwd=self.work, env=environ,
                              capture_output=True, timeout=WAIT, check=False)

    def served_count(self) -> int:
        # The client has its answer before the server has tidied up after the command (its
        # databases closed, its memory looked at): until then it says it is busy.
        deadline = time.monotonic() + WAIT
        while (answer := cli_client.ask_server("status")) is None:
            assert time.monotonic() < deadline, "the server does not answer"
            time.sleep(0.05)
        return int(answer["served"])


def _runtime(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db: Database) -> Path:
    """A private runtime folder short enough for a socket path (AF_UNIX: 108 bytes), and the
    environment every client of the test inherits."""
    runtime = Path(tempfile.mkdtemp(prefix="ld-", dir="/tmp"))
    os.chmod(runtime, 0o700)
    for name, value in {"XDG_RUNTIME_DIR": runtime, "LOANDESK_DB": db.url,
                        "LOANDESK_USER": CONSULTANT, "LOANDESK_LOG_DIR": tmp_path / "log",
                        "XDG_DATA_HOME": tmp_path / "data",
                        "XDG_CONFIG_HOME": tmp_path / "config",
                        "XDG_STATE_HOME": tmp_path / "state"}.items():
        monkeypatch.setenv(name, str(value))
    monkeypatch.delenv(serving.SERVER_ENV, raising=False)
    return runtime


def _start(idle_minutes: float, *more: str) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([sys.executable, "-m", "app", "server", "start",
                               "--idle-minutes", str(idle_minutes), *more], cwd=ROOT,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    _wait_for_answer(lambda: server.poll() is not None)
    return server


def _wait_for_answer(gave_up: Any) -> None:
    import time

    deadline = time.monotonic() + WAIT
    while cli_client.ask_server("status") is None:
        if gave_up() or time.monotonic() > deadline:
            raise AssertionError("the command server did not start")
        time.sleep(0.05)


def _stopped(server: subprocess.Popen[bytes]) -> None:
    cli_client.ask_server("stop")
    try:
        server.wait(timeout=WAIT)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@pytest.fixture
def desk(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desk]:
    runtime = _runtime(monkeypatch, tmp_path, db)
    work = tmp_path / "work"
    work.mkdir()
    server = _start(cli_server.IDLE_MINUTES)
    try:
        yield Desk(db, serving.server_folder(), work)
    finally:
        _stopped(server)
        shutil.rmtree(runtime, ignore_errors=True)


def _same(a: subprocess.CompletedProcess[bytes], b: subprocess.CompletedProcess[bytes]) -> None:
    assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)


def test_the_case_list_served_is_the_local_one_byte_for_byte(desk: Desk) -> None:
    new_case(desk.db)
    new_case(desk.db, customer={"name": "王𠮷", "id_number": "360426199101010071",
                                "phone": "13800138000", "marital_status": "single",
                                "address": "上海市"}, spouse=None)
    local = desk.run("case", "list", "--limit", "20", served=False)
    before = desk.served_count()
    served = desk.run("case", "list", "--limit", "20")
    assert desk.served_count() == before + 1
    _same(served, local)
    assert local.returncode == 0 and local.stdout.count(b"\n") == 2, local
    assert "王𠮷" in local.stdout.decode("utf-8")


def test_a_form_rendered_by_the_server_is_the_local_one(desk: Desk) -> None:
    number, _ = new_case(desk.db)
    command = ("form", "render", number, "sales_contract", "-o", "contract.pdf", "--force")
    first = desk.run(*command, served=False)  # issued; the two below are reprints
    assert first.returncode == 0, first.stderr
    local = desk.run(*command, served=False)
    local_text = _pdf_text(desk.work / "contract.pdf")
    (desk.work / "contract.pdf").unlink()
    before = desk.served_count()
    served = desk.run(*command)
    assert desk.served_count() == before + 1
    _same(served, local)
    assert b"reprint" in served.stdout
    assert _pdf_text(desk.work / "contract.pdf") == local_text  # written in the client's folder
    assert number in local_text


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _failures(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(User.failed_logins).where(User.name == CONSULTANT)))


def test_a_wrong_password_is_refused_served_as_locally_and_counted_once(desk: Desk) -> None:
    assert _failures(desk.db) == 0
    local = desk.run("case", "list", served=False, LOANDESK_PASSWORD="not-the-password")
    assert _failures(desk.db) == 1
    before = desk.served_count()
    served = desk.run("case", "list", LOANDESK_PASSWORD="not-the-password")
    assert desk.served_count() == before + 1
    assert _failures(desk.db) == 2
    _same(served, local)
    assert local.returncode == 1 and b"refused" in local.stderr and not local.stdout


def test_a_refusal_under_a_chinese_locale_is_the_local_one(desk: Desk) -> None:
    zh = {"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8", "LANGUAGE": "zh_CN"}
    local = desk.run("case", "show", "LD2099-999999", served=False, **zh)
    before = desk.served_count()
    served = desk.run("case", "show", "LD2099-999999", **zh)
    assert desk.served_count() == before + 1
    _same(served, local)
    assert local.returncode == 1 and b"LD2099-999999" in local.stderr


def test_a_usage_error_is_said_as_argparse_says_it(desk: Desk) -> None:
    local = desk.run("case", "list", "--limit", "many", served=False)
    served = desk.run("case", "list", "--limit", "many")
    _same(served, local)
    assert local.returncode == 2 and b"invalid int value" in local.stderr


def test_a_busy_server_leaves_the_command_to_the_client(desk: Desk) -> None:
    new_case(desk.db)
    before = desk.served_count()
    holder = cli_client.connect()
    assert not isinstance(holder, str)
    try:
        assert holder.recv_bytes() == cli_server.READY  # the server now waits for this one
        busy = desk.run("case", "list")
    finally:
        holder.close()
    local = desk.run("case", "list", served=False)
    _same(busy, local)
    assert local.returncode == 0 and local.stdout
    assert desk.served_count() == before  # run by the client itself


def test_switched_off_the_client_runs_the_command_itself(desk: Desk) -> None:
    new_case(desk.db)
    before = desk.served_count()
    off = desk.run("case", "list", LOANDESK_SERVER="off")
    assert off.returncode == 0 and off.stdout
    assert desk.served_count() == before


def test_a_client_without_the_key_is_refused(desk: Desk) -> None:
    address = serving.socket_address(desk.folder)
    with pytest.raises(AuthenticationError):
        Client(address, family=serving.socket_family(), authkey=b"0" * 32)
    assert desk.served_count() == 0  # still serving, nothing run
    assert oct(os.stat(serving.key_file(desk.folder)).st_mode & 0o777) == "0o600"
    assert oct(os.stat(desk.folder).st_mode & 0o777) == "0o700"


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc/PID/fd")
def test_no_database_file_stays_open_between_commands(desk: Desk) -> None:
    if not desk.db.is_sqlite:
        pytest.skip("a SQLite file")
    number, _ = new_case(desk.db)
    assert desk.run("case", "list").returncode == 0
    assert desk.run("form", "render", number, "sales_contract", "--draft", "-o",
                    "d.pdf").returncode == 0
    answer = cli_client.ask_server("status")
    assert answer is not None and answer["served"] == 2
    database = str(desk.db.sqlite_path)
    opened = [os.readlink(entry) for entry in Path(f"/proc/{answer['pid']}/fd").iterdir()]
    assert not [path for path in opened if path.startswith(database)], opened
    assert any(path.endswith("/lock") for path in opened)  # the probe does see open files


def test_a_client_of_other_code_ends_the_server_and_runs_locally(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = cli_client.ask_server("status")
    assert answer is not None
    monkeypatch.setattr(serving, "fingerprint", lambda: "another version|of the code|1")
    assert cli_client.served(["case", "list"]) == cli_client.STALE
    _gone(int(answer["pid"]))
    assert not serving.key_file(desk.folder).exists()
    assert not Path(serving.socket_address(desk.folder)).exists()


def _gone(pid: int) -> None:
    import time

    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        try:  # our own child: reap it
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return
        except ChildProcessError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"process {pid} still runs")


def test_an_idle_server_ends_by_itself(db: Database, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    runtime = _runtime(monkeypatch, tmp_path, db)
    server = _start(idle_minutes=0.005)  # 0.3 s without a command
    try:
        assert server.wait(timeout=WAIT) == 0
        folder = serving.server_folder()
        assert not serving.key_file(folder).exists()
        assert not Path(serving.socket_address(folder)).exists()
    finally:
        if server.poll() is None:
            _stopped(server)
        shutil.rmtree(runtime, ignore_errors=True)


def test_without_a_server_the_command_runs_locally_and_starts_one_detached(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runtime = _runtime(monkeypatch, tmp_path, db)
    work = tmp_path / "work"
    work.mkdir()
    desk = Desk(db, serving.server_folder(), work)
    new_case(db)
    pid = 0
    try:
        assert cli_client.ask_server("status") is None
        # capture_output: were the new server holding the client's pipe, this would wait
        # for the server's end (ten idle minutes) and the time-out would fail the test
        first = desk.run("case", "list")
        local = desk.run("case", "list", served=False)
        _same(first, local)
        _wait_for_answer(lambda: False)
        answer = cli_client.ask_server("status")
        assert answer is not None
        pid = int(answer["pid"])
        assert answer["served"] == 0
        if hasattr(os, "getsid"):  # a session of its own: no terminal's signals reach it
            assert os.getsid(pid) == pid
        second = desk.run("case", "list")
        _same(second, local)
        assert desk.served_count() == 1
        environ = Path(f"/proc/{pid}/environ")
        if environ.exists():  # the password is sent with each command, never kept
            assert b"LOANDESK_PASSWORD=" not in environ.read_bytes()
    finally:
        if cli_client.ask_server("stop") is not None and pid:
            _gone(pid)
        shutil.rmtree(runtime, ignore_errors=True)


def test_server_status_and_stop_say_what_runs(desk: Desk) -> None:
    status = desk.run("server", "status")
    assert status.returncode == 0
    assert b"commands served" in status.stdout and b"other code" not in status.stdout
    stop = desk.run("server", "stop")
    assert stop.returncode == 0 and stop.stdout.startswith(b"command server stopped (pid ")
    after = desk.run("server", "status")
    assert after.stdout.startswith(b"no command server runs")


def test_ctrl_c_at_the_client_interrupts_the_served_command(desk: Desk) -> None:
    """The client sends INTERRUPT as Ctrl-C comes; here it comes with the request, so the
    command is interrupted before it could record anything: no serial, no file."""
    number, _ = new_case(desk.db)
    connection = cli_client.connect()
    assert not isinstance(connection, str)
    request = {"kind": "run", "fingerprint": serving.fingerprint(), "cwd": str(desk.work),
               "argv": ["form", "render", number, "sales_contract", "-o", "c.pdf"],
               "env": dict(os.environ), "umask": 0o022, "terminals": [False, False, False]}
    frames: list[bytes] = []
    try:
        connection.send_bytes(json.dumps(request).encode())
        connection.send_bytes(cli_server.INTERRUPT)
        while not frames or frames[-1][:1] != cli_server.EXIT:
            frames.append(connection.recv_bytes())
    finally:
        connection.close()
    assert frames[:2] == [cli_server.READY, cli_server.STARTED]
    assert frames[-1] == cli_server.EXIT + b"130"
    said = b"".join(f[1:] for f in frames if f[:1] == cli_server.ERR)
    assert said == b"loandesk: interrupted; nothing half-done was saved\n"
    assert not (desk.work / "c.pdf").exists()
    issued = desk.run("form", "render", number, "sales_contract", "-o", "c.pdf", served=False)
    assert issued.returncode == 0 and b"reprint" not in issued.stdout  # the first issue


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_a_terminated_server_removes_its_socket_and_key(db: Database, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    runtime = _runtime(monkeypatch, tmp_path, db)
    server = _start(cli_server.IDLE_MINUTES)
    try:
        folder = serving.server_folder()
        assert serving.key_file(folder).exists()
        server.terminate()
        assert server.wait(timeout=WAIT) == 0
        assert not serving.key_file(folder).exists()
        assert not Path(serving.socket_address(folder)).exists()
        assert cli_client.connect() == cli_client.NO_SERVER
    finally:
        if server.poll() is None:
            _stopped(server)
        shutil.rmtree(runtime, ignore_errors=True)


def test_a_server_retires_after_its_commands(db: Database, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """What a command leaves behind (app.cli_server.MAX_COMMANDS) is bounded: a server
    told to retire after two commands serves two and ends; the third runs locally."""
    runtime = _runtime(monkeypatch, tmp_path, db)
    work = tmp_path / "work"
    work.mkdir()
    desk = Desk(db, serving.server_folder(), work)
    server = _start(cli_server.IDLE_MINUTES, "--max-commands", "2")
    try:
        new_case(db)
        local = desk.run("case", "list", served=False)
        for _ in range(2):
            _same(desk.run("case", "list"), local)
        assert server.wait(timeout=WAIT) == 0
        assert cli_client.connect() == cli_client.NO_SERVER
        third = desk.run("case", "list", LOANDESK_SERVER="off")  # no new server left behind
        _same(third, local)
    finally:
        if server.poll() is None:
            _stopped(server)
        shutil.rmtree(runtime, ignore_errors=True)


def _served_raw(desk: Desk, argv: list[str], **extra: Any) -> tuple[int, bytes, bytes]:
    """A request sent as the client sends it, with `extra` fields changed."""
    connection = cli_client.connect()
    assert not isinstance(connection, str)
    request = {"kind": "run", "fingerprint": serving.fingerprint(), "cwd": str(desk.work),
               "argv": argv, "env": dict(os.environ), "umask": 0o022,
               "terminals": [False, False, False], **extra}
    frames: list[bytes] = []
    try:
        connection.send_bytes(json.dumps(request).encode())
        while not frames or frames[-1][:1] != cli_server.EXIT:
            frames.append(connection.recv_bytes())
    finally:
        connection.close()
    out = b"".join(f[1:] for f in frames if f[:1] == cli_server.OUT)
    err = b"".join(f[1:] for f in frames if f[:1] == cli_server.ERR)
    return int(frames[-1][1:]), out, err


def test_usage_lines_are_wrapped_to_the_client_terminal(desk: Desk) -> None:
    """argparse wraps to the terminal of stdout, which the server has not: the client's
    width comes with the request."""
    argv = ["case", "list", "--limit", "many"]
    wide = _served_raw(desk, argv, size=[200, 50], terminals=[False, True, False])
    local = desk.run(*argv, served=False, COLUMNS="200", LINES="50")
    assert wide == (local.returncode, local.stdout, local.stderr)
    narrow = desk.run(*argv, served=False, COLUMNS="60", LINES="50")
    assert narrow.stderr != local.stderr  # the width does show in the usage lines
    assert "COLUMNS" not in os.environ or os.environ["COLUMNS"] != "200"
