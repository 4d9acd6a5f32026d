"""The rotating error log: every unexpected error with its traceback, in the user log
directory, so a person sees one line and support sees everything (CLI and GUI alike)."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path

from app import config

LOG_NAME = "loandesk.log"
MAX_BYTES = 1_000_000
KEEP = 5

log = logging.getLogger("loandesk.errors")
log.propagate = False  # the file is the place; nothing of it on the person's terminal


class _RotatingLog(logging.handlers.RotatingFileHandler):
    """Remembers a failed write instead of printing logging's own traceback on stderr."""

    failure: BaseException | None = None

    def handleError(self, record: logging.LogRecord) -> None:
        self.failure = sys.exc_info()[1]


def log_path() -> Path:
    return config.log_dir() / LOG_NAME


def _handler(path: Path) -> _RotatingLog:
    for handler in list(log.handlers):
        if isinstance(handler, _RotatingLog) and handler.baseFilename == str(path.absolute()):
            return handler
        log.removeHandler(handler)  # the log directory changed (tests): follow it
        handler.close()
    # Tracebacks may quote a customer's data: the folder is the user's alone.
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handler = _RotatingLog(path, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return handler


def log_unexpected(error: BaseException, context: str = "") -> str:
    """Write `error` with its traceback to the log; returns the one line a person reads:
    what happened and where the details are (or why they could not be written)."""
    path = log_path()
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    try:
        handler = _handler(path)
        handler.failure = None
        log.error("unexpected error%s:\n%s", f" in {context}" if context else "", details)
        handler.flush()
        if handler.failure is not None:
            raise handler.failure
    except Exception as problem:  # a full disk or a read-only home must not hide the error
        reason = getattr(problem, "strerror", None) or problem
        return (f"unexpected error ({type(error).__name__}); the log {path} could not be "
                f"written ({reason})")
    return f"unexpected error ({type(error).__name__}); details are in {path}"
