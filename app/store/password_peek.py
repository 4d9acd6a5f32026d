"""A user's stored password hash, read with the standard library before SQLAlchemy is loaded.

Only a head start (app.services.passwords.verify_ahead): the sign-in itself still reads the
user in its own transaction and decides there, so whatever this returns, or fails to, can
neither let anyone in nor keep anyone out. It opens a SQLite file read-only and gives up
quietly (None) on anything else: a PostgreSQL URL, a missing file or table, a lock.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

_SQLITE_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///PATH` URL; None for any other URL (in memory, with
    query options, another engine), which the full database layer reads as it always did."""
    for prefix in _SQLITE_PREFIXES:
        if url.startswith(prefix):
            rest = url[len(prefix):]
            if not rest or rest == ":memory:" or "?" in rest:
                return None
            return Path(rest)
    return None


def stored_password_hash(url: str, name: str) -> str | None:
    """The password hash of the active user `name` (named as sign_in names them), or None."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        location = f"{path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(location, uri=True, timeout=0.2)) as connection:
            row = connection.execute(
                "SELECT password_hash FROM users WHERE name = ? AND active",
                (name.strip().lower(),)).fetchone()
    except (sqlite3.Error, ValueError, OSError):
        return None
    return row[0] if row is not None and isinstance(row[0], str) else None
