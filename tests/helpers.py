"""Shared test helpers: advancing a case through the steps, dumping the database, images."""

from __future__ import annotations

import copy
import io
import sqlite3
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy import select, text

from app.domain.procedure import STEP_IDS, Role
from app.services.cases import create_case
from app.services.demo import _Advance
from app.store.db import Database
from app.store.models import Base
from tests.conftest import (
    CONSULTANT,
    CREDIT,
    FINANCE,
    INFO,
    INSURANCE,
    MANAGER,
    WAREHOUSE,
    married_case,
)

STAFF: dict[Role, str] = {
    Role.CONSULTANT: CONSULTANT,
    Role.CREDIT_OFFICER: CREDIT,
    Role.FINANCE: FINANCE,
    Role.INSURANCE: INSURANCE,
    Role.WAREHOUSE: WAREHOUSE,
    Role.INFO_CLERK: INFO,
    Role.MANAGER: MANAGER,
}
PLATE = "京A12345"


def advancer(db: Database, number: str, data: dict[str, Any], *,
             consultant: str = CONSULTANT) -> _Advance:
    """The demo's step-by-step driver (real services) for one case."""
    data = copy.deepcopy(data)
    data.setdefault("plate", PLATE)
    staff = dict(STAFF)
    staff[Role.CONSULTANT] = consultant
    return _Advance(db, number, data, staff)


def advance(db: Database, number: str, data: dict[str, Any], steps: int, *,
            consultant: str = CONSULTANT) -> _Advance:
    """Complete the first `steps` steps of the case through the services."""
    driver = advancer(db, number, data, consultant=consultant)
    for step_id in STEP_IDS[:steps]:
        driver.step(step_id)
    return driver


def new_case(db: Database, steps: int = 0, *, actor: str = CONSULTANT,
             **changes: Any) -> tuple[str, dict[str, Any]]:
    """A married customer's case created (and advanced `steps` steps) through the services."""
    data = married_case(**changes)
    number = create_case(db, actor, data)
    if steps:
        advance(db, number, data, steps, consultant=actor)
    return number, data


def dump(db: Database) -> list[str]:
    """Every table's rows, to prove a failed call changed nothing: SQLite's own dump (schema
    and rows), or on PostgreSQL every row of every table, ordered by primary key."""
    if db.sqlite_path is not None:
        connection = sqlite3.connect(db.sqlite_path)
        try:
            return list(connection.iterdump())
        finally:
            connection.close()
    lines: list[str] = []
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns)
            for row in connection.execute(select(table).order_by(*order)):
                lines.append(f"{table.name} {tuple(row)!r}")
        lines += [f"alembic {row!r}" for row in connection.execute(
            text("SELECT version_num FROM alembic_version"))]
    return lines


def jpeg(seed: int = 0, size: tuple[int, int] = (1400, 1000)) -> bytes:
    """A distinct, readable JPEG photo of a 'document' (different seed, different bytes)."""
    image = Image.new("RGB", size, (240, 238, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, size[0] - 30, size[1] - 30), outline=(40, 40, 40), width=6)
    draw.text((80, 80), f"DOCUMENT {seed}", fill=(10, 10, 10), font_size=72)
    for y in range(240, size[1] - 80, 40):
        draw.line((80, y, size[0] - 80 - (seed * 37 + y) % 300, y), fill=(60, 60, 60),
                  width=4)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def write_jpeg(path: Path, seed: int = 0) -> Path:
    path.write_bytes(jpeg(seed))
    return path
