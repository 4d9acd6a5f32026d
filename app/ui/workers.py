"""Run slow work off the GUI thread and hear back on it.

`run_in_pool(fn, on_result=..., on_error=..., on_progress=...)` runs `fn` on the global
QThreadPool. `fn` runs on a pool thread and must not touch widgets; the callbacks run on the
GUI thread (they are delivered through queued signals of a QObject living there). If `fn`
accepts a `progress` keyword, it gets a callable `progress(done, total, text)` and may check
`task.cancelled` through the returned Task. Tests set `Workers.synchronous = True` to run
everything inline and deterministically.
"""

from __future__ import annotations

import inspect
import traceback
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Signals(QObject):
    result = Signal(object)
    error = Signal(object)
    progress = Signal(int, int, str)


class Task(QRunnable):
    def __init__(self, fn: Callable[..., Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.cancelled = False
        self.wants_progress = "progress" in inspect.signature(fn).parameters
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self.cancelled = True

    @Slot()
    def run(self) -> None:
        try:
            value = self.fn(progress=self._progress) if self.wants_progress else self.fn()
        except Exception as error:  # delivered to on_error; never lost on a pool thread
            error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.error.emit(error)
        else:
            self.signals.result.emit(value)

    def _progress(self, done: int, total: int, text: str = "") -> None:
        self.signals.progress.emit(done, total, text)


class Workers:
    synchronous = False
    _alive: ClassVar[set[Task]] = set()  # Python keeps the task (and its signals) until it reports


def run_in_pool(fn: Callable[..., Any], *, on_result: Callable[[Any], None] | None = None,
                on_error: Callable[[Exception], None] | None = None,
                on_progress: Callable[[int, int, str], None] | None = None) -> Task:
    task = Task(fn)

    def finished() -> None:
        Workers._alive.discard(task)

    if on_result is not None:
        task.signals.result.connect(on_result)
    if on_error is not None:
        task.signals.error.connect(on_error)
    if on_progress is not None:
        task.signals.progress.connect(on_progress)
    task.signals.result.connect(finished)
    task.signals.error.connect(finished)
    Workers._alive.add(task)
    if Workers.synchronous:
        task.run()
    else:
        QThreadPool.globalInstance().start(task)
    return task


def run_in_pool_next_turn(fn: Callable[..., Any], *,
                          on_result: Callable[[Any], None] | None = None,
                          on_error: Callable[[Exception], None] | None = None) -> None:
    """`run_in_pool` once the event loop has turned: what is already queued on the GUI
    thread (a frame just painted, a click waiting) is handled before `fn` takes the
    interpreter on the pool (inline, as ever, when tests run everything synchronously)."""
    if Workers.synchronous:
        run_in_pool(fn, on_result=on_result, on_error=on_error)
        return
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: run_in_pool(fn, on_result=on_result, on_error=on_error))
