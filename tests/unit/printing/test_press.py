"""The press (app.printing.press): a forked process that renders a form as the engine does
here, byte for byte; anything wrong with it falls back to rendering here. Each scenario runs
in a fresh interpreter (press_scenarios.py): this test process has Qt loaded, where the press
rightly refuses to fork (test_no_press_where_qt_is_loaded)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.printing import press

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the press forks on Linux")
@pytest.mark.parametrize("scenario", [
    "renders_the_engines_bytes_in_another_process",
    "raises_an_engine_error_as_the_engine_raised_it",
    "replaces_a_dead_press_by_rendering_here",
    "renders_here_a_context_that_cannot_travel",
    "leaves_no_process_behind_after_use",
    "ends_a_press_still_loading",
    "forks_no_press_while_another_thread_runs",
])
def test_the_press(scenario: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import tests.unit.printing.press_scenarios as s\n"
         f"assert 'PySide6.QtCore' not in __import__('sys').modules\ns.{scenario}()"],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=120)
    assert done.returncode == 0, done.stderr


def test_no_press_where_qt_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's threads are not Python's: a process that loaded Qt (the desktop, this test
    run) never forks, and renders here."""
    monkeypatch.setitem(sys.modules, "PySide6.QtCore", sys.modules.get("PySide6.QtCore", sys))
    assert press.can_fork() is False
    with press.running() as started:
        assert started is False
        assert not press.started()


def test_without_a_press_the_engine_renders_here() -> None:
    from app.printing.engine import render_form
    from tests.unit.printing.press_scenarios import _request

    assert not press.started()
    assert press.render_form(**_request()) == render_form(**_request())
