"""Counting the SQL statements a call makes (an SQLAlchemy event): keeps read models honest."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from app.store.db import Database


@contextmanager
def statements(db: Database) -> Iterator[list[tuple[str, Any]]]:
    """Every statement sent to the database meanwhile, as (SQL, parameters)."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        seen.append((sql, parameters))

    # On SQLite, reading sessions have an engine of their own (app.store.db): every engine.
    engines = list({id(e): e for e in (db.engine, getattr(db, "_read_engine", db.engine))}
                   .values())
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
