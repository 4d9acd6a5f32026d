"""The press's scenarios, each run by test_press.py in a fresh interpreter: the press forks,
and the test process has Qt loaded (pytest-qt), where app.printing.press rightly refuses to
fork. Each function raises AssertionError when the press misbehaves."""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

from app.printing import press
from app.printing.engine import render_form
from app.printing.forms import load_forms
from tests.unit.printing.conftest import PRINTED_AT, load_context


def _request(**changes: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "spec": load_forms()["delivery_confirmation"], "context": load_context("form_context"),
        "serial": "DC2026-000001", "printed_by": "王芳", "printed_at": PRINTED_AT}
    request.update(changes)
    return request


def _cannot_render(**request: Any) -> bytes:
    raise AssertionError("rendered in the command's process")


def renders_the_engines_bytes_in_another_process() -> None:
    here = render_form(**_request())
    reprint_here = render_form(**_request(reprint=True, copy_id="dealership"))
    real = press._render_here
    with press.running() as started:
        assert started and press.started()
        # From now on this process cannot render: the bytes can only come from the press.
        press._render_here = _cannot_render  # type: ignore[assignment]
        try:
            there = press.render_form(**_request())
            reprint = press.render_form(**_request(reprint=True, copy_id="dealership"))
        finally:
            press._render_here = real
    assert there == here
    assert reprint == reprint_here
    assert there != reprint
    assert not press.started()


def raises_an_engine_error_as_the_engine_raised_it() -> None:
    try:
        render_form(**_request(copy_id="no-such-copy"))
    except ValueError as error:
        direct = str(error)
    with press.running():
        try:
            press.render_form(**_request(copy_id="no-such-copy"))
        except ValueError as error:
            assert str(error) == direct
        else:
            raise AssertionError("no error")


def replaces_a_dead_press_by_rendering_here() -> None:
    with press.running():
        running = press._running
        assert running is not None
        os.kill(running.pid, signal.SIGKILL)
        os.waitpid(running.pid, 0)
        assert press.render_form(**_request()) == render_form(**_request())
        assert running.broken


def renders_here_a_context_that_cannot_travel() -> None:
    context = load_context("form_context")
    context["unused"] = lambda: None  # cannot be pickled
    with press.running():
        running = press._running
        assert running is not None
        pdf = press.render_form(**_request(context=context))
        assert not running.broken  # the press stays for what can travel
    assert pdf == render_form(**_request(context=context))


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def leaves_no_process_behind_after_use() -> None:
    with press.running():
        running = press._running
        assert running is not None
        press.render_form(**_request())  # used: it ends when the command closes its pipe
    assert _reaped(running.pid)


def ends_a_press_still_loading() -> None:
    """A command refused at once (a bad -o, a wrong password) ends the press it started,
    even one still loading ReportLab."""
    with press.running():
        running = press._running
        assert running is not None
    assert _reaped(running.pid)


def forks_no_press_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        with press.running() as started:
            assert started is False
            assert not press.started()
            assert press.render_form(**_request()) == render_form(**_request())
    finally:
        stop.set()
        thread.join()
