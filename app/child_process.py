"""Work done in a child process beside this one, its answer pickled down a pipe (Linux);
where no child may be forked (may_fork), on a thread with the same done() and answer().

Two things a process does before it has loaded anything else go better there than on a
thread (app.services.passwords, app.services.fast_start):
- checking a password: libsodium maps its 64 MiB with MAP_POPULATE, one system call that
  holds the process's memory map for about 30 ms, and a thread started or a library loaded
  meanwhile waits for it;
- the desktop's early sign-in: its imports and SQLite reads on a thread took the one
  interpreter lock from the thread building the window. A child has its own, on the other
  core.
The child is forked twice, so that it is nobody's child to wait for (a process that never
asks for the answer leaves no zombie), and keeps no file of ours open but its end of the
pipe. Only a process running one thread forks: a thread holding a lock at the fork would
leave that lock held in the child forever. And only before this process has opened a
SQLite file that the child reads: SQLite keeps one table of its open files and their locks
per process, and a child inheriting it misreads that file (both callers fork first thing).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import sys
import threading
from collections.abc import Callable
from typing import Generic, NoReturn, TypeVar

T = TypeVar("T")

MAX_FILES = 65536  # os.closerange's upper end: the descriptors a child may have inherited


def may_fork() -> bool:
    """On Linux (the MAP_POPULATE stall is Linux's), with no thread but this one: Python's
    own count, and no Qt loaded (Qt starts threads Python does not count). The desktop and
    a command ask first thing; the command server, with its accepting thread, and the test
    suite's Qt application use threads."""
    return (sys.platform.startswith("linux") and threading.active_count() == 1
            and "PySide6.QtCore" not in sys.modules)


class InChild(Generic[T]):
    """`work()` in a child process from now on; `answer()` is what it returned, or None
    when it raised or the child died (the caller then does the work itself)."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._read, write = os.pipe()
        child = os.fork()
        if child == 0:
            _work_in_grandchild(write, work)  # never returns
        os.close(write)
        os.waitpid(child, 0)  # it forked the one that works and left at once

    def done(self) -> bool:
        """Whether the answer is there (or the child is gone): answer() will not wait."""
        waiting = select.poll()  # not select(): a descriptor may be numbered above 1023
        waiting.register(self._read, select.POLLIN)
        return bool(waiting.poll(0))

    def answer(self) -> T | None:
        said = bytearray()
        try:
            while chunk := os.read(self._read, 1 << 16):
                said += chunk
        finally:
            os.close(self._read)
        if not said:
            return None
        answer: T = pickle.loads(said)  # from our own child, through our own pipe
        return answer


def _work_in_grandchild(write: int, work: Callable[[], T]) -> NoReturn:
    code = 1
    try:
        if os.fork() == 0:
            quiet = os.open(os.devnull, os.O_RDWR)
            for standard in (0, 1, 2):  # nothing it says reaches the parent's terminal
                os.dup2(quiet, standard)
            sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (till its _exit)
            os.closerange(3, write)  # whatever the parent had open (its database files)
            os.closerange(write + 1, MAX_FILES)
            said = memoryview(pickle.dumps(work()))
            while said:
                said = said[os.write(write, said):]
        code = 0
    finally:
        os._exit(code)  # no Python clean-up: the parent's objects are the parent's


class OnThread(Generic[T]):
    """`work()` on a thread of its own, answered as InChild answers: where no child may be
    forked (Windows, a process already running threads). Worth it for work that leaves the
    interpreter lock free (a password check is one C call)."""

    def __init__(self, work: Callable[[], T], name: str = "work-beside") -> None:
        self._answer: list[T] = []
        self._thread = threading.Thread(target=self._work, args=(work,), name=name,
                                        daemon=True)
        self._thread.start()

    def _work(self, work: Callable[[], T]) -> None:
        with contextlib.suppress(Exception):  # answered None: the caller does it itself
            self._answer.append(work())

    def done(self) -> bool:
        return not self._thread.is_alive()

    def answer(self) -> T | None:
        self._thread.join()
        return self._answer[0] if self._answer else None
