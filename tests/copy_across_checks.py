"""What a copy across must keep, read with plain SQL beside the service (not through the
metadata it copies by): every table's row count, and a case as the services show it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

from app.services.cases import get_case
from app.services.demo import run_demo
from app.services.users import initialise
from app.store.db import Database
from tests.conftest import MANAGER, PASSWORD

DEMO_CASES = 12


def demo_source(folder: Path) -> Database:
    """A single workstation's SQLite file holding the demo dealership."""
    source = Database(f"sqlite:///{folder / 'workstation.sqlite3'}",
                      audit_key_path=folder / "workstation.audit-key")
    initialise(source, PASSWORD)
    run_demo(source, "admin", DEMO_CASES, staff_password=PASSWORD)
    return source


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows of every table the database has (Alembic's own bookkeeping aside)."""
    with engine.connect() as connection:
        names = [n for n in inspect(connection).get_table_names() if n != "alembic_version"]
        return {name: int(connection.scalar(text(f'SELECT count(*) FROM "{name}"')) or 0)
                for name in names}


def top_id(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(text(f"SELECT max(id) FROM {table}")) or 0)


def case_numbers(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(text("SELECT number FROM cases ORDER BY number")))


def same_case_seen(source: Database, target: Database, number: str) -> None:
    """The case as a person sees it, read through the services on each database."""
    here = get_case(source, MANAGER, number)
    there = get_case(target, MANAGER, number)
    assert there.data == here.data
    assert (there.version, there.status, there.consultant.name) == (
        here.version, here.status, here.consultant.name)
    assert (there.created_at, there.step_since) == (here.created_at, here.step_since)
    assert there.schedule == here.schedule and there.ltv == here.ltv
    assert there.checklist == here.checklist
