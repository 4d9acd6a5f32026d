"""The newest migration's id, read from the migration files without Alembic or SQLAlchemy:
the schema check at every start (app.store.db) and the desktop's first look at the database
(app.store.first_look) compare the database's `alembic_version` with it."""

from __future__ import annotations

import re
from pathlib import Path

from app import resources

# `revision = '0003'` and `down_revision = '0002'` as Alembic writes them in a migration file.
_REVISION_LINE = re.compile(
    r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:['"]([^'"]+)['"]|None)\s*$""",
    re.MULTILINE)


def read_head_revision(versions: Path | None = None) -> str | None:
    """The newest migration's id, read from the migration files' own `revision` and
    `down_revision` lines without importing Alembic (a third of a second at every start,
    when the schema is almost always current). None when the files do not name exactly one
    head plainly: then Alembic itself is asked (Database.head_revision)."""
    folder = versions or resources.migrations_dir() / "versions"
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in folder.glob("*.py"):
        found = dict((m.group(1), m.group(2)) for m in _REVISION_LINE.finditer(
            path.read_text(encoding="utf-8")))
        if not found.get("revision"):
            return None  # a file written another way: let Alembic read it
        revisions.add(found["revision"] or "")
        if found.get("down_revision"):
            parents.add(found["down_revision"] or "")
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None
