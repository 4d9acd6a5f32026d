"""The command server: a LoanDesk process with the code of the served commands loaded,
running each served command's `app.cli.main(argv)` for a client (app.cli_client) of the
same user, as Mercurial's chg or mypy's dmypy do. See app.cli_serving for what is served.

One request at a time, on the main thread; a thread of its own accepts connections (the
HMAC challenge of multiprocessing.connection with the key in a 0600 file) and answers
"busy" at once while a command runs, so that client runs the command itself. Per request
the client's folder, environment, umask and standard streams are put in place and taken
away again; the database engines the command opened are disposed of, so no SQLite file
stays open between commands (a restore or a backup by another process must work).
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import queue
import secrets
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.connection import Connection, Listener
from pathlib import Path
from typing import Any

from app import cli_serving as serving

# A person's next command usually comes within minutes; after ten idle minutes the
# server's memory (SQLAlchemy, ReportLab, the font: ~150 MB) goes back to the machine.
IDLE_MINUTES = 10.0
REQUEST_WAIT = 10.0  # seconds for a connected client to send its request
QUIET = 0.5  # seconds without a command before the garbage is collected (not in a burst)
# A server retires (the next command starts a new one) after this many commands or this
# much growth: nothing that might leak may grow without bound in a process that lives for
# hours (each command's Database is closed, app.cli.close_databases, and freed).
MAX_COMMANDS = 200
MAX_GROWTH_MB = 128

# Frames, server to client: one tag byte and a payload.
# READY comes first from the main thread (or BUSY from the accepting one): once a client
# has read it, the server is busy with that client until it closes the connection.
OUT, ERR, EXIT, READY, BUSY, STALE, LOCAL, STARTED, ANSWER = (
    b"1", b"2", b"x", b"k", b"b", b"s", b"l", b"r", b"a")
INTERRUPT = b"i"  # client to server: Ctrl-C

# What the served commands load, loaded once when the server starts.
_PRELOAD = ("app.cli", "app.services.auth", "app.services.backup", "app.services.settings",
            "app.services.users", "app.services.listing", "app.services.views",
            "app.services.cases", "app.services.forms", "app.printing.engine",
            "app.services.outputs", "app.store.first_look", "app.errorlog")


@dataclass
class _State:
    since: datetime = field(default_factory=lambda: datetime.now().astimezone())
    served: int = 0
    leaving: bool = False
    answering: bool = False  # the main thread is with a client
    busy: threading.Event = field(default_factory=threading.Event)
    waiting: queue.Queue[Connection] = field(default_factory=queue.Queue)


def serve(idle_minutes: float = IDLE_MINUTES, max_commands: int = MAX_COMMANDS) -> int:
    """Listen until idle for `idle_minutes`, told to stop, asked by a client of other
    code, or retired after `max_commands`; 0 also when another server already listens
    (it goes on serving)."""
    folder = serving.server_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if sys.platform != "win32":
            os.chmod(folder, 0o700)
    except OSError:
        return 0  # nowhere private to listen: the commands run locally, as before
    address = serving.socket_address(folder)
    if not serving.trusted(folder) or not serving.usable(address):
        return 0
    lock = _exclusive(serving.lock_file(folder))
    if lock is None:
        return 0  # another server runs (one of other code has had LOCK_WAIT to end)
    own = serving.fingerprint()
    key = secrets.token_bytes(32)
    with contextlib.suppress(FileNotFoundError):
        serving.key_file(folder).unlink()  # a stale key: no server holds the lock
    if sys.platform != "win32":
        with contextlib.suppress(FileNotFoundError):
            os.unlink(address)  # a stale socket, likewise
    try:
        listener = Listener(address, family=serving.socket_family(), authkey=key)
    except OSError:
        lock.close()
        return 0
    _preload()
    # The key last: a client that finds it finds a server ready to answer.
    try:
        _write_key(serving.key_file(folder), key)
    except OSError:  # the folder went away meanwhile (a throwaway home removed)
        with contextlib.suppress(OSError):
            listener.close()
        lock.close()
        return 0
    state = _State()
    _stop_on_terminate(state)
    threading.Thread(target=_accept, args=(listener, state), name="accept",
                     daemon=True).start()
    baseline = _peak_mb()
    untidy = False
    try:
        while not state.leaving:
            try:
                connection = state.waiting.get(timeout=QUIET if untidy else idle_minutes * 60)
            except queue.Empty:
                if untidy:  # quiet now: the commands' garbage, while nobody waits
                    gc.collect()
                    untidy = False
                    continue
                break  # idle: the next command starts a new server
            state.answering = True
            try:
                _answer(connection, state, own, folder)
            except BaseException:  # nothing a command did may end the server
                _log_own_failure()
            finally:
                state.answering = False
                with contextlib.suppress(OSError):
                    connection.close()
                state.busy.clear()
            untidy = True
            if state.served >= max_commands or _peak_mb() - baseline > MAX_GROWTH_MB:
                break  # retired: the next command runs locally and starts a new server
    finally:
        state.leaving = True
        with contextlib.suppress(OSError):
            serving.key_file(folder).unlink()
        with contextlib.suppress(OSError):
            listener.close()  # removes the socket file
        lock.close()
    return 0


def _peak_mb() -> float:
    """The process's peak resident memory (0 where the OS does not say: Windows)."""
    try:
        import resource
    except ImportError:
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


LOCK_WAIT = 5.0  # seconds: a server of other code, told so by a client, is on its way out


def _exclusive(path: Path) -> Any:
    """The lock file held for the server's life (the OS lets it go when the process ends),
    or None when another process still holds it after LOCK_WAIT."""
    handle = open(path, "a+b")  # noqa: SIM115 (held until the server ends)
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except OSError:
            if time.monotonic() > deadline:
                handle.close()
                return None
            time.sleep(0.05)


def _write_key(path: Path, key: bytes) -> None:
    """The key as hex in a file only this user may read, replaced in one step."""
    partial = path.with_name(path.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.hex())
    os.replace(partial, path)


def _preload() -> None:
    import importlib

    for name in _PRELOAD:
        with contextlib.suppress(Exception):  # a command that needs it says what is wrong
            importlib.import_module(name)
    with contextlib.suppress(Exception):
        from app.printing.fonts import register_cjk_font

        register_cjk_font()
    with contextlib.suppress(Exception):
        from sqlalchemy.orm import configure_mappers

        configure_mappers()
    _reuse_the_parser()


def _reuse_the_parser() -> None:
    """One argument parser for every command, as tests/cli/test_hostile_inputs.py does:
    building it costs 60-80 ms of CPU (argparse asks gettext for every help text),
    and parse_args leaves it as it was (the answers go to a new Namespace each time). Its
    texts depend on nothing a request changes."""
    import functools

    from app import cli

    cli.build_parser = functools.cache(cli.build_parser)


def _stop_on_terminate(state: _State) -> None:
    """SIGTERM leaves through the `finally` of serve, which removes the socket and key; a
    command under way is finished first (its client waits for it)."""
    import signal

    def leave(_signum: int, _frame: object) -> None:
        state.leaving = True
        if not state.answering:
            raise SystemExit(0)

    with contextlib.suppress(ValueError, OSError, AttributeError):
        signal.signal(signal.SIGTERM, leave)


def _accept(listener: Listener, state: _State) -> None:
    while not state.leaving:
        try:
            connection = listener.accept()  # the HMAC challenge, both ways
        except OSError:
            if state.leaving:
                return
            time.sleep(0.05)
            continue
        except Exception:  # a wrong key (AuthenticationError): keep serving
            continue
        if state.busy.is_set() or state.leaving:
            with contextlib.suppress(OSError, ValueError):
                connection.send_bytes(BUSY)
                connection.close()
            continue
        state.busy.set()
        state.waiting.put(connection)


def _answer(connection: Connection, state: _State, own: str, folder: Path) -> None:
    connection.send_bytes(READY)
    try:
        if not connection.poll(REQUEST_WAIT):
            return
        request = json.loads(connection.recv_bytes().decode("utf-8"))
    except EOFError:
        return  # the client went away without asking anything
    kind = request.get("kind")
    if kind == "run" and request.get("fingerprint") != own:
        state.leaving = True  # other code: the client runs locally and starts a new server
        with contextlib.suppress(OSError):
            serving.key_file(folder).unlink()
        connection.send_bytes(STALE)
        return
    if kind == "status":
        answer = {"pid": os.getpid(), "since": state.since.isoformat(timespec="seconds"),
                  "served": state.served, "folder": str(folder), "fingerprint": own}
        connection.send_bytes(ANSWER + json.dumps(answer).encode())
    elif kind == "stop":
        state.leaving = True
        connection.send_bytes(ANSWER + json.dumps({"pid": os.getpid()}).encode())
    elif kind == "run":
        code = _run(connection, request)
        if code is not None:
            state.served += 1
            with contextlib.suppress(OSError):  # a client gone has nobody to tell
                connection.send_bytes(EXIT + str(code).encode())


def _run(connection: Connection, request: Mapping[str, Any]) -> int | None:
    """The command of `request` as the client would run it; None when it could not even
    be set up (the client then runs it locally)."""
    try:
        argv = [str(word) for word in request["argv"]]
        terminals = request.get("terminals", [False, False, False])
        with _client_context(request, connection, terminals) as streams:
            connection.send_bytes(STARTED)
            try:
                with _interruptible(connection):
                    code = _main(argv)
            except KeyboardInterrupt:  # Ctrl-C as the command was starting or ending
                print(INTERRUPTED_TEXT, file=sys.stderr)
                code = INTERRUPTED
            finally:
                for stream in streams:
                    with contextlib.suppress(Exception):
                        stream.flush()
        return code
    except _CannotSetUp:
        connection.send_bytes(LOCAL)
        return None


INTERRUPTED = 130  # app.cli's status for Ctrl-C, and what it says
INTERRUPTED_TEXT = "loandesk: interrupted; nothing half-done was saved"


@contextlib.contextmanager
def _interruptible(connection: Connection) -> Iterator[None]:
    """Ctrl-C at the client (INTERRUPT), or the client gone, interrupts the command as
    Ctrl-C interrupts a local one: KeyboardInterrupt in the main thread, so the command's
    transaction is rolled back and it says "interrupted" as it would locally."""
    import _thread

    running = threading.Lock()
    over = threading.Event()

    def watch() -> None:
        while not over.is_set():
            try:
                if not connection.poll(0.1):
                    continue
                what = connection.recv_bytes()
            except (EOFError, OSError):
                what = INTERRUPT
            if what == INTERRUPT:
                with running:
                    if not over.is_set():
                        _thread.interrupt_main()
                return

    watcher = threading.Thread(target=watch, name="interrupt", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        with running:
            over.set()
        watcher.join()


class _CannotSetUp(Exception):
    pass


def _main(argv: list[str]) -> int:
    """app.cli.main, with what a process would do at its end done here: argparse's exit
    (usage errors, which it has printed) becomes the exit status, and nothing else that
    escapes may end the server."""
    from app import cli

    try:
        return cli.main(argv)
    except KeyboardInterrupt:  # came outside the command's own handler
        print(INTERRUPTED_TEXT, file=sys.stderr)
        return INTERRUPTED
    except SystemExit as leaving:
        if leaving.code is None or isinstance(leaving.code, int):
            return leaving.code or 0
        print(leaving.code, file=sys.stderr)
        return 1
    except BaseException as error:  # main catches Exception; this is the rest
        from app.errorlog import log_unexpected

        print(f"loandesk: {log_unexpected(error, cli._shown_argv(argv))}", file=sys.stderr)
        return cli.EXIT_UNEXPECTED


@contextlib.contextmanager
def _client_context(request: Mapping[str, Any], connection: Connection,
                    terminals: list[bool]) -> Iterator[tuple[io.TextIOWrapper, ...]]:
    """The client's folder, environment, umask, arguments and streams for one command, and
    afterwards the server's own again, with the command's database engines disposed of."""
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_argv = sys.argv
    try:
        os.chdir(str(request["cwd"]))
    except (OSError, KeyError, TypeError):
        raise _CannotSetUp from None
    saved_umask = os.umask(int(request.get("umask", 0o022)))
    os.environ.clear()
    os.environ.update({str(k): str(v) for k, v in dict(request.get("env", {})).items()})
    size = request.get("size")
    if size and "COLUMNS" not in os.environ:  # the client's terminal, as argparse sees it
        os.environ["COLUMNS"], os.environ["LINES"] = str(size[0]), str(size[1])
    _zone_changed()
    out = _stream(connection, OUT, terminals[1], errors="strict")
    err = _stream(connection, ERR, terminals[2], errors="backslashreplace")
    stdin = io.TextIOWrapper(io.BufferedReader(_Raw(None, b"", terminals[0])),
                             encoding="utf-8")
    sys.stdin, sys.stdout, sys.stderr = stdin, out, err
    sys.argv = [saved_argv[0], *[str(word) for word in request["argv"]]]
    try:
        yield out, err
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        sys.argv = saved_argv
        _forget_command_state()
        os.environ.clear()
        os.environ.update(saved_env)
        _zone_changed()
        os.umask(saved_umask)
        with contextlib.suppress(OSError):
            os.chdir(saved_cwd)


def _zone_changed() -> None:
    if hasattr(time, "tzset"):
        time.tzset()  # TZ as the client has it: date.today() is the client's day


def _forget_command_state() -> None:
    """What a command leaves in the process: its database engines (no file stays open),
    a password check started ahead and never taken (the password in memory), the error
    log's open file."""
    from app import cli

    cli.close_databases()
    with contextlib.suppress(Exception):
        from app.services import passwords

        passwords.forget_ahead()
    with contextlib.suppress(Exception):
        from app.errorlog import log

        for handler in list(log.handlers):
            log.removeHandler(handler)
            handler.close()


class _Raw(io.RawIOBase):
    """One of the client's standard streams: what is written goes to it as one frame."""

    def __init__(self, connection: Connection | None, tag: bytes, terminal: bool) -> None:
        super().__init__()
        self._connection = connection
        self._tag = tag
        self._terminal = terminal

    def readable(self) -> bool:
        return self._connection is None

    def readinto(self, buffer: Any) -> int:
        return 0  # nothing to read: a served command never reads standard input

    def writable(self) -> bool:
        return self._connection is not None

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        if self._connection is None:
            raise io.UnsupportedOperation("not writable")
        if self._gone:
            return len(chunk)  # as the null device the command pointed its stdout at
        try:
            self._connection.send_bytes(self._tag + chunk)
        except (OSError, ValueError):
            self._gone = True
            raise BrokenPipeError("the client is gone") from None
        return len(chunk)

    _gone = False

    def isatty(self) -> bool:
        return self._terminal

    def fileno(self) -> int:
        """The null device: what app.cli points stdout at when its reader has gone."""
        return _null_device()


_null: list[int] = []


def _null_device() -> int:
    if not _null:
        _null.append(os.open(os.devnull, os.O_WRONLY))
    return _null[0]


def _stream(connection: Connection, tag: bytes, terminal: bool,
            errors: str) -> io.TextIOWrapper:
    raw = _Raw(connection, tag, terminal)
    return io.TextIOWrapper(io.BufferedWriter(raw, 1 << 16), encoding="utf-8", errors=errors,
                            line_buffering=terminal or tag == ERR)


def _log_own_failure() -> None:
    with contextlib.suppress(Exception):
        from app.errorlog import log_unexpected

        error = sys.exc_info()[1]
        if error is not None:
            log_unexpected(error, "the command server")

