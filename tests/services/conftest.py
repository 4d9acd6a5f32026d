"""Service-test fixtures: databases built once per module and copied per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.services.demo import ensure_staff
from app.services.users import initialise
from app.store.db import Database
from tests.conftest import PASSWORD

Builder = Callable[[Database], object]


def template(tmp_path_factory: pytest.TempPathFactory, name: str, build: Builder
             ) -> tuple[Path, object]:
    """Build a database once; tests copy it (SQLite online backup, WAL included)."""
    path = tmp_path_factory.mktemp(name) / "template.sqlite3"
    database = Database(f"sqlite:///{path}")
    initialise(database, PASSWORD)
    ensure_staff(database, PASSWORD)
    info = build(database)
    database.dispose()
    return path, info


@pytest.fixture
def copy_of(tmp_path: Path) -> Iterator[Callable[[Path], Database]]:
    opened: list[Database] = []

    def open_copy(source: Path) -> Database:
        target = tmp_path / f"copy{len(opened)}.sqlite3"
        original = Database(f"sqlite:///{source}")
        original.backup_sqlite(target)
        original.dispose()
        database = Database(f"sqlite:///{target}")
        opened.append(database)
        return database

    yield open_copy
    for database in opened:
        database.dispose()


@pytest.fixture
def staffed(tmp_path: Path) -> Iterator[tuple[Database, str]]:
    """A SQLite database with the demo staff (the fast path is SQLite's only)."""
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    database = Database(url)
    initialise(database, PASSWORD)
    ensure_staff(database, PASSWORD)
    yield database, url
    database.dispose()
