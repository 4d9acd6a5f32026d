"""The press (app.printing.press): a forked process that renders a form as the engine does
here, byte for byte; anything wrong with it falls back to rendering here."""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

import pytest

from app.printing import press
from app.printing.engine import render_form
from app.printing.forms import load_forms
from tests.unit.printing.conftest import PRINTED_AT, load_context


@pytest.fixture(autouse=True)
def forking() -> None:
    if not press.can_fork():
        pytest.skip("the press forks: Linux, and no other thread running")


def _request(**changes: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "spec": load_forms()["delivery_confirmation"], "context": load_context("form_context"),
        "serial": "DC2026-000001", "printed_by": "王芳", "printed_at": PRINTED_AT}
    request.update(changes)
    return request


def test_the_press_renders_the_engines_bytes_in_another_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    here = render_form(**_request())
    with press.running() as started:
        assert started and press.started()
        # From now on this process cannot render: the bytes can only come from the press.
        monkeypatch.setattr(press, "_render_here", _cannot_render)
        there = press.render_form(**_request())
        reprint = press.render_form(**_request(reprint=True, copy_id="dealership"))
    assert there == here
    monkeypatch.undo()
    assert reprint == render_form(**_request(reprint=True, copy_id="dealership"))
    assert not press.started()


def _cannot_render(**request: Any) -> bytes:
    raise AssertionError("rendered in the command's process")


def test_an_engine_error_is_raised_here_as_the_engine_raised_it() -> None:
    with pytest.raises(ValueError) as direct:
        render_form(**_request(copy_id="no-such-copy"))
    with press.running(), pytest.raises(ValueError) as pressed:
        press.render_form(**_request(copy_id="no-such-copy"))
    assert str(pressed.value) == str(direct.value)


def test_a_dead_press_is_replaced_by_rendering_here() -> None:
    with press.running():
        running = press._running
        assert running is not None
        os.kill(running.pid, signal.SIGKILL)
        os.waitpid(running.pid, 0)
        assert press.render_form(**_request()) == render_form(**_request())
        assert running.broken


def test_a_context_that_cannot_travel_is_rendered_here() -> None:
    context = load_context("form_context")
    context["unused"] = lambda: None  # cannot be pickled
    with press.running():
        pdf = press.render_form(**_request(context=context))
    assert pdf == render_form(**_request(context=context))


def test_no_process_is_left_behind() -> None:
    with press.running():
        running = press._running
        assert running is not None
        pid = running.pid
        press.render_form(**_request())  # used: it ends when the command closes its pipe
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_a_press_refused_before_use_is_ended_while_it_loads() -> None:
    """A command refused at once (a bad -o, a wrong password) ends the press it started,
    even one still loading ReportLab."""
    with press.running():
        running = press._running
        assert running is not None
        pid = running.pid
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_no_press_while_another_thread_runs() -> None:
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


def test_without_a_press_the_engine_renders_here(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not press.started()
    assert press.render_form(**_request()) == render_form(**_request())
