"""The `loandesk` command: a served command goes to the user's command server
(app.cli_server), everything else, and anything unusual, runs here as it always did.

Standard library only until the command is known to run locally: a served command costs
the interpreter's start, this module, a connection and what the command itself does in
the server (the sign-in with argon2 included). After a servable command ran locally
because no server was there, one is started in the background for the next command.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from app import cli_serving as serving

if TYPE_CHECKING:
    import argparse
    from multiprocessing.connection import Connection

CONNECT_WAIT = 2.0  # seconds for a live server to answer the connection (it answers at once)
EXIT_UNEXPECTED = 3  # app.cli.EXIT_UNEXPECTED

# Why a command ran locally: only when no server (of this code) was there is one started.
NO_SERVER, STALE, BUSY, DECLINED = "no server", "stale", "busy", "declined"


def run() -> NoReturn:
    """The `loandesk` command (console script, `python -m app`, the bundle's executable)."""
    argv = sys.argv[1:]
    reason = DECLINED
    if serving.servable(argv, os.environ, _stdin_is_terminal()):
        outcome = served(argv)
        if isinstance(outcome, int):
            _leave(outcome)
        reason = outcome
    from app import cli

    code = cli.main()
    if reason in (NO_SERVER, STALE):
        start_server()
    cli.leave(code)


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


def _leave(code: int) -> NoReturn:
    raise SystemExit(code)


def served(argv: list[str]) -> int | str:
    """`argv` run by the command server: its exit status, or why it must run locally."""
    connected = connect()
    if isinstance(connected, str):
        return connected
    connection = connected
    try:
        request = {"kind": "run", "fingerprint": serving.fingerprint(), "argv": argv,
                   "cwd": os.getcwd(), "env": dict(os.environ), "umask": _umask(),
                   "terminals": [_is_terminal(0), _is_terminal(1), _is_terminal(2)],
                   "size": _terminal_size()}
        try:
            connection.send_bytes(json.dumps(request).encode("utf-8"))
            if connection.recv_bytes()[:1] == b"b":
                return BUSY
            tag = connection.recv_bytes()[:1]
        except (EOFError, OSError):
            return NO_SERVER  # gone before it began: nothing of the command ran there
        if tag == b"s":
            return STALE
        if tag != b"r":
            return DECLINED
        return _relay(connection)
    finally:
        connection.close()


def _relay(connection: Connection) -> int:
    """The command's output, to this process's stdout and stderr as it comes."""
    import signal

    closed: set[int] = set()
    pressed: list[int] = []

    def interrupt(_signum: int, _frame: object) -> None:
        """Ctrl-C: the server interrupts the command, which says so as a local one would
        (a frame half read goes on being read); a second Ctrl-C leaves at once."""
        pressed.append(_signum)
        if len(pressed) > 1:
            os._exit(130)
        with contextlib.suppress(OSError):
            connection.send_bytes(b"i")

    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        return _relayed(connection, closed)
    finally:
        signal.signal(signal.SIGINT, previous)


def _relayed(connection: Connection, closed: set[int]) -> int:
    while True:
        try:
            frame = connection.recv_bytes()
        except (EOFError, OSError):
            _write(2, b"loandesk: the command server ended during the command; run it again "
                   b"with LOANDESK_SERVER=off (what was saved is in the audit trail)\n",
                   closed)
            return EXIT_UNEXPECTED
        tag, payload = frame[:1], frame[1:]
        if tag == b"1":
            _write(1, payload, closed)
        elif tag == b"2":
            _write(2, payload, closed)
        elif tag == b"x":
            return int(payload)


def _write(fd: int, data: bytes, closed: set[int]) -> None:
    """All of `data` to `fd`; a reader that has had enough (`| head`) gets no more."""
    view = memoryview(data)
    while view and fd not in closed:
        try:
            view = view[os.write(fd, view):]
        except BrokenPipeError:
            closed.add(fd)
        except OSError:
            closed.add(fd)


def _umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _terminal_size() -> list[int] | None:
    """The width argparse wraps its usage lines to (shutil.get_terminal_size reads it off
    stdout, which in the server is no terminal)."""
    try:
        size = os.get_terminal_size(1)
    except (OSError, ValueError):
        return None
    return [size.columns, size.lines]


def _is_terminal(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


def connect() -> Connection | str:
    """A connection to this user's command server, both sides proven to hold the key; or
    why there is none."""
    folder = serving.server_folder()
    address = serving.socket_address(folder)
    if not serving.usable(address):
        return DECLINED  # no server could listen there: none is started
    if not serving.trusted(folder):
        return NO_SERVER if not folder.exists() else DECLINED
    try:
        key = bytes.fromhex(serving.key_file(folder).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return NO_SERVER
    from multiprocessing import AuthenticationError
    from multiprocessing.connection import Client, answer_challenge, deliver_challenge

    try:
        if sys.platform == "win32":
            return Client(address, family="AF_PIPE", authkey=key)
        connection = _unix_connection(address)
    except OSError:
        return NO_SERVER  # no socket, or nobody listening on it: a stale one
    except (AuthenticationError, EOFError):
        return DECLINED
    try:
        if not connection.poll(CONNECT_WAIT):
            connection.close()
            return DECLINED
        answer_challenge(connection, key)
        deliver_challenge(connection, key)
    except (AuthenticationError, EOFError, OSError):
        connection.close()
        return DECLINED
    return connection


def _unix_connection(address: str) -> Connection:
    """multiprocessing's SocketClient, with a time limit on connecting."""
    import socket
    from multiprocessing.connection import Connection

    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(CONNECT_WAIT)
        sock.connect(address)
        sock.setblocking(True)
        return Connection(sock.detach())


def start_server() -> None:
    """The command server, started for the next command: detached from this process's
    session and streams (it never holds a caller's pipe open) and not waited for."""
    import subprocess

    if getattr(sys, "frozen", False):
        command = [sys.executable, "server", "start"]
        folder = Path.home()
    else:
        command = [sys.executable, "-m", "app", "server", "start"]
        folder = Path(__file__).resolve().parent.parent  # where `-m app` finds this app
    env = {name: value for name, value in os.environ.items()
           if name not in (serving.PASSWORD_ENV, "LOANDESK_NEW_PASSWORD")}
    options: dict[str, Any] = {}
    if sys.platform == "win32":
        options["creationflags"] = (subprocess.DETACHED_PROCESS
                                    | subprocess.CREATE_NEW_PROCESS_GROUP
                                    | subprocess.CREATE_NO_WINDOW)
    else:
        options["start_new_session"] = True
    with contextlib.suppress(OSError):  # no server, then: commands run locally, as before
        subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, close_fds=True, cwd=folder, env=env,
                         **options)


def ask_server(kind: str) -> dict[str, Any] | None:
    """The server's answer to `status` or `stop`; None when no server answers."""
    connected = connect()
    if isinstance(connected, str):
        return None
    try:
        connected.send_bytes(json.dumps({"kind": kind}).encode("utf-8"))
        frame = connected.recv_bytes()
        if frame[:1] == b"k":
            frame = connected.recv_bytes()
    except (EOFError, OSError):
        return None
    finally:
        connected.close()
    if frame[:1] != b"a":
        return None
    answer: dict[str, Any] = json.loads(frame[1:].decode("utf-8"))
    return answer


# -- `loandesk server …` ---------------------------------------------------------------------

def add_commands(command: Callable[..., argparse.ArgumentParser],
                 help_of: Callable[[str], Callable[[argparse.Namespace], int]]) -> None:
    """`server start|stop|status` in app.cli's parser (`command` is its helper)."""
    server = command("server", help_of("server"), "the command server that keeps LoanDesk "
                     "loaded for quick commands: status, stop (LOANDESK_SERVER=off: none)")
    sub = server.add_subparsers(title="server commands", parser_class=type(server))
    p = command("start", _cmd_start, "run the command server here (a command starts it "
                "by itself in the background)", sub)
    p.add_argument("--idle-minutes", type=float, default=None,
                   help="stop after this many minutes without a command (default 10)")
    p.add_argument("--max-commands", type=int, default=None,
                   help="retire after this many commands (default 200)")
    command("stop", _cmd_stop, "stop the command server", sub)
    command("status", _cmd_status, "whether a command server runs: pid, since, commands "
            "served", sub)


def _cmd_start(args: argparse.Namespace) -> int:
    from app import cli_server

    minutes = args.idle_minutes if args.idle_minutes is not None else cli_server.IDLE_MINUTES
    most = args.max_commands if args.max_commands is not None else cli_server.MAX_COMMANDS
    return cli_server.serve(minutes, most)


def _cmd_stop(_args: argparse.Namespace) -> int:
    answer = ask_server("stop")
    print(f"command server stopped (pid {answer['pid']})" if answer else
          "no command server runs")
    return 0


def _cmd_status(_args: argparse.Namespace) -> int:
    answer = ask_server("status")
    if answer is None:
        print(f"no command server runs (it starts with the next command"
              f"{'' if not serving.switched_off(os.environ) else '; LOANDESK_SERVER=off'})")
        return 0
    other = "" if answer.get("fingerprint") == serving.fingerprint() else \
        "; it runs other code and stops at the next command"
    print(f"command server pid {answer['pid']}, since {answer['since']}, "
          f"{answer['served']} commands served, in {answer['folder']}{other}")
    return 0
