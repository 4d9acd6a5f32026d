"""Rendering a form in a second process that loaded the form engine in the meantime.

`loandesk form render` spends most of its time loading code: SQLAlchemy and the models to
sign in and read the case, ReportLab, the CJK font and the form files to draw it. Python
loads one module at a time per process, so on a machine with two cores the command forks
a press at its start (Linux, no other thread running yet): the press loads the engine, the
font and the forms while the command loads the database layer and signs in, then renders
the one PDF asked of it. Only the drawing moves: the case is read, the serial given and
the audit row written by the command itself, in its transaction, exactly as without one.

Whatever goes wrong with the press (it died, something cannot be sent) is answered by
rendering here, in this process, as if there were no press: the PDF is the same either way
(the engine is invariant: same spec, context and time, same bytes). An error of the engine
itself (an unknown copy, no Chinese font) is raised here as the engine raised it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.printing.forms import FormSpec

_RENDERED, _RAISED, _FAILED = "rendered", "raised", "failed"


@dataclass
class _Press:
    pid: int
    requests: IO[bytes]
    answers: IO[bytes]
    broken: bool = False


_running: _Press | None = None


def started() -> bool:
    """Whether a press is running for this command."""
    return _running is not None


def can_fork() -> bool:
    """Fork only where it is safe and cheap: Linux, no other thread of ours yet (a thread
    holding a lock at the fork would leave it held forever in the child), and no Qt loaded
    (its threads are not Python's, so `threading` cannot see them)."""
    return (sys.platform.startswith("linux") and hasattr(os, "fork")
            and threading.active_count() == 1 and "PySide6.QtCore" not in sys.modules)


@contextlib.contextmanager
def running() -> Iterator[bool]:
    """A press for what runs inside; yields whether one was started (else forms are
    rendered here as always). The press is ended and reaped on the way out."""
    global _running
    if _running is not None or not can_fork():
        yield False
        return
    press = _start()
    if press is None:
        yield False
        return
    _running = press
    try:
        yield True
    finally:
        _running = None
        _stop(press)


def _start() -> _Press | None:
    try:
        to_press_r, to_press_w = os.pipe()
        from_press_r, from_press_w = os.pipe()
    except OSError:
        return None
    for stream in (sys.stdout, sys.stderr):  # nothing written twice by two processes
        with contextlib.suppress(Exception):
            stream.flush()
    try:
        pid = os.fork()
    except OSError:
        for fd in (to_press_r, to_press_w, from_press_r, from_press_w):
            os.close(fd)
        return None
    if pid == 0:  # the press
        os.close(to_press_w)
        os.close(from_press_r)
        _serve(os.fdopen(to_press_r, "rb"), os.fdopen(from_press_w, "wb"))
    os.close(to_press_r)
    os.close(from_press_w)
    return _Press(pid, os.fdopen(to_press_w, "wb"), os.fdopen(from_press_r, "rb"))


def _serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """The press: load the engine, then render each request until the command is done.
    Leaves with os._exit: the command's atexit handlers, buffers and files are its own."""
    try:
        with contextlib.suppress(Exception):  # said by the render itself, should it fail
            _load_engine()
        while True:
            try:
                request = pickle.load(requests)
            except EOFError:
                break
            try:
                answer: tuple[str, Any] = (_RENDERED, _render_here(**request))
            except Exception as error:
                answer = (_RAISED, error)
            try:
                data = pickle.dumps(answer)
            except Exception:  # an error that cannot travel: the command renders itself
                data = pickle.dumps((_FAILED, None))
            answers.write(data)
            answers.flush()
    except BaseException:  # the command renders itself when the press is gone
        pass
    finally:
        os._exit(0)


def _load_engine() -> None:
    import importlib

    from app.printing.fonts import register_cjk_font

    importlib.import_module("app.printing.engine")

    register_cjk_font()


def _render_here(**request: Any) -> bytes:
    from app.printing.engine import render_form as engine_render

    return engine_render(**request)


def render_form(spec: FormSpec, context: Mapping[str, Any], *, serial: str, printed_by: str,
                printed_at: datetime, copy_id: str | None = None, draft: bool = False,
                reprint: bool = False) -> bytes:
    """app.printing.engine.render_form, by the press when one is running."""
    request = {"spec": spec, "context": context, "serial": serial, "printed_by": printed_by,
               "printed_at": printed_at, "copy_id": copy_id, "draft": draft,
               "reprint": reprint}
    press = _running
    if press is not None and not press.broken:
        answer = _ask(press, request)
        if answer is not None:
            kind, value = answer
            if kind == _RENDERED and isinstance(value, bytes):
                return value
            if kind == _RAISED and isinstance(value, Exception):
                raise value
    return _render_here(**request)


def _ask(press: _Press, request: dict[str, Any]) -> tuple[str, Any] | None:
    try:
        data = pickle.dumps(request)
    except Exception:  # e.g. a context value of a kind that cannot travel
        return None
    try:
        press.requests.write(data)
        press.requests.flush()
        answer = pickle.load(press.answers)
    except Exception:  # the press died or answered nonsense: render here from now on
        press.broken = True
        return None
    if not (isinstance(answer, tuple) and len(answer) == 2 and answer[0] != _FAILED):
        return None
    return answer


def _stop(press: _Press) -> None:
    """End the press (it may still be loading, should the command have been refused) and
    reap it: no process is left behind."""
    for stream in (press.requests, press.answers):
        with contextlib.suppress(OSError):
            stream.close()
    with contextlib.suppress(OSError):
        pid, _status = os.waitpid(press.pid, os.WNOHANG)
        if pid == 0:
            os.kill(press.pid, signal.SIGKILL)
            os.waitpid(press.pid, 0)
