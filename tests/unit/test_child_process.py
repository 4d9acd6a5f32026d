"""app.child_process: work in a child forked twice, its answer down a pipe (Linux only)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.child_process import InChild, OnThread, may_fork

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux")
ROOT = Path(__file__).resolve().parents[2]


def _children() -> set[int]:
    """This process's child processes, as Linux lists them per thread."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found |= {int(pid) for pid in (task / "children").read_text().split()}
    return found


def test_the_answer_comes_back_and_leaves_no_child_to_wait_for() -> None:
    before = _children()
    child = InChild(lambda: {"pid": os.getpid(), "rows": [("王芳", 1)] * 5000})
    assert _children() <= before  # forked twice: nobody's child is left to reap
    answer = child.answer()
    assert answer is not None and answer["pid"] != os.getpid()
    assert answer["rows"] == [("王芳", 1)] * 5000  # more than a pipe's buffer


def test_done_says_whether_answer_would_wait(tmp_path: Path) -> None:
    go = tmp_path / "go"

    def waits() -> str:
        deadline = time.monotonic() + 60  # never a process left spinning, whatever fails
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.001)
        return "went"

    child = InChild(waits)
    try:
        assert not child.done()
    finally:
        go.touch()
    assert child.answer() == "went"


def test_a_failure_or_a_death_in_the_child_answers_none() -> None:
    def fails() -> int:
        raise RuntimeError("broken")

    assert InChild(fails).answer() is None
    assert InChild(lambda: os._exit(9)).answer() is None
    assert InChild(lambda: None).answer() is None


def test_the_child_keeps_none_of_our_files_and_says_nothing(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    with (tmp_path / "open.txt").open("w") as ours:
        def looks() -> list[str]:
            print("from the child")
            held = []
            for fd in os.listdir("/proc/self/fd"):
                with contextlib.suppress(FileNotFoundError):  # listdir's own, closed now
                    held.append(os.readlink(f"/proc/self/fd/{fd}"))
            return held

        held = InChild(looks).answer()
    assert held is not None
    assert str(tmp_path / "open.txt") not in held and ours.name not in held
    assert "from the child" not in capfd.readouterr().out


def _fresh(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return done.stdout.strip()


def test_only_a_process_of_one_thread_without_qt_forks() -> None:
    # the desktop and a command ask first thing, in one thread: a child
    assert _fresh("from app.child_process import may_fork; print(may_fork())") == "True"
    # Qt starts threads of its own that Python does not count
    assert _fresh("import PySide6.QtCore\nfrom app.child_process import may_fork\n"
                  "print(may_fork())") == "False"
    # a process with another thread (the command server accepting) uses threads
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert may_fork() is False
    finally:
        release.set()
        other.join()


def test_done_works_with_a_pipe_numbered_above_1023() -> None:
    """select() cannot watch such a descriptor; a long test run or a busy process has them."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("cannot open 1,200 descriptors here")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        child = InChild(lambda: "answered")
        assert child._read > 1023
        while not child.done():
            os.sched_yield()
        assert child.answer() == "answered"
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_on_a_thread_the_answer_comes_as_from_a_child() -> None:
    """Where no child may be forked: the same done() and answer(), None when it raised."""
    gate = threading.Event()
    waiting = OnThread(lambda: gate.wait(60) and threading.current_thread().name, "beside")
    assert not waiting.done()
    gate.set()
    assert waiting.answer() == "beside" and waiting.done()

    def fails() -> int:
        raise RuntimeError("broken")

    assert OnThread(fails).answer() is None
