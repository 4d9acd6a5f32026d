"""The desktop's first look at a SQLite database, with the stdlib sqlite3 module only.

Loading SQLAlchemy costs a quarter of a second at every start, more than the whole budget
of the first screen (issue 15). Before it is loaded, this module opens the file read-only,
checks that its schema is the one this program's migrations end at, and reads the users,
as plain frozen values. Anything it is not sure of (a PostgreSQL URL, a file that does not
exist, a schema to upgrade, an error while reading) answers None, and the start takes the
normal path through the database layer, which upgrades, creates or reports.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from app.store.revisions import read_head_revision

# The spellings of a SQLite file URL that SQLAlchemy reads as a plain path (the driver named
# or not); anything else (query options, another driver, :memory:) is the normal path's.
_SQLITE_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")


@dataclass(frozen=True)
class Person:
    """One row of `users`, as the sign-in and the first screen need it."""

    id: int
    name: str
    display_name: str
    role: str
    phone: str
    active: bool
    password_hash: str | None
    failed_logins: int
    locked_until: datetime | None  # aware UTC, as app.store.models.UTCDateTime gives it


@dataclass(frozen=True)
class FirstLook:
    path: Path
    revision: str
    people: tuple[Person, ...]  # every user, active or not, in the order list_users gives

    def person(self, name: str) -> Person | None:
        clean = name.strip().lower()
        return next((p for p in self.people if p.name == clean), None)


def sqlite_file(url: str) -> Path | None:
    """The existing file a plain `sqlite:///PATH` URL names; None for anything else."""
    prefix = next((p for p in _SQLITE_PREFIXES if url.startswith(p)), None)
    if prefix is None:
        return None
    path = url[len(prefix):]
    if not path or path == ":memory:" or "?" in path or path.startswith("file:"):
        return None
    file = Path(path)
    return file if file.is_file() else None


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write (SQLite's URI mode=ro), whatever the caller runs."""
    connection = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True,
                                 check_same_thread=False)
    connection.execute("PRAGMA busy_timeout=2000")
    return connection


def first_look(url: str) -> FirstLook | None:
    """The users of the database at `url` when it is a SQLite file whose schema is current;
    None when the normal path must decide (see the module's docstring)."""
    path = sqlite_file(url)
    head = read_head_revision()
    if path is None or head is None:
        return None
    try:
        with closing(read_only(path)) as connection:
            return _look(connection, path, head)
    except (sqlite3.Error, ValueError):  # a locked, damaged or foreign file: not ours to judge
        return None


def _look(connection: sqlite3.Connection, path: Path, head: str) -> FirstLook | None:
    versions = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    if versions != [(head,)]:
        return None  # older (to upgrade), newer (to refuse) or odd: the normal path says
    rows = connection.execute(
        "SELECT id, name, display_name, role, phone, active, password_hash, failed_logins, "
        "locked_until FROM users ORDER BY role, name").fetchall()
    people = tuple(Person(int(id_), str(name), str(shown), str(role), str(phone or ""),
                          bool(active), None if hashed is None else str(hashed),
                          int(failures or 0), _moment(locked))
                   for id_, name, shown, role, phone, active, hashed, failures, locked in rows)
    return FirstLook(path, head, people) if people else None  # none: the first administrator


def _moment(stored: object) -> datetime | None:
    """A UTCDateTime column as SQLAlchemy's SQLite dialect wrote it (naive ISO text, UTC)."""
    if stored is None:
        return None
    if not isinstance(stored, str):
        raise ValueError(f"not a stored moment: {stored!r}")
    moment = datetime.fromisoformat(stored)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def stored_password_hash(url: str, name: str) -> str | None:
    """The password hash of the active user `name`, or None: only a head start for an argon2
    check (app.services.passwords.verify_ahead), read with one statement before anything
    else. The sign-in still reads the user in its own transaction and decides there, so
    nothing this returns, or fails to, lets anyone in or keeps anyone out."""
    path = sqlite_file(url)
    if path is None:
        return None
    try:
        with closing(read_only(path)) as connection:
            row = connection.execute(
                "SELECT password_hash FROM users WHERE name = ? AND active",
                (name.strip().lower(),)).fetchone()
    except (sqlite3.Error, ValueError):  # a locked, damaged or foreign file: no head start
        return None
    return row[0] if row is not None and isinstance(row[0], str) else None
