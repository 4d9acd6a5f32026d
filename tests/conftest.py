"""Shared test set-up: offscreen Qt, a fresh SQLite database per test, demo staff."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LOANDESK_SERVER"] = "off"  # no command server (tests/cli/test_command_server*)

from argon2 import PasswordHasher

from app.services import passwords
from app.services.demo import ensure_staff
from app.services.users import initialise
from app.store.audit_key import KEY_ENV
from app.store.db import Database

CONSULTANT = "wang.fang"
OTHER_CONSULTANT = "li.qiang"
CREDIT = "liu.yang"
FINANCE = "chen.jing"
INSURANCE = "sun.li"
WAREHOUSE = "zhou.gang"
INFO = "zhao.min"
MANAGER = "wu.lei"
LENDER = "中国工商银行"


PG_ENV = "LOANDESK_TEST_PG"
PASSWORD = "test-password-1"


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing() -> Iterator[None]:
    """argon2's real parameters cost ~0.4 s a hash; the tests sign in hundreds of times."""
    original = passwords.hasher
    passwords.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords.hasher = original


@pytest.fixture(autouse=True, scope="session")
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """What LoanDesk keeps in the user's cache (the parsed font) goes to the run's own."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(autouse=True)
def cli_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI signs in with $LOANDESK_PASSWORD: every test user has PASSWORD."""
    monkeypatch.setenv("LOANDESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("LOANDESK_NEW_PASSWORD", PASSWORD)


@contextmanager
def fresh_database(tmp_path: Path) -> Iterator[Database]:
    """A new, migrated, empty database: SQLite in tmp_path, or, when LOANDESK_TEST_PG names a
    PostgreSQL server, a database of its own on that server (dropped afterwards)."""
    server = os.environ.get(PG_ENV)
    if not server:
        database = Database(f"sqlite:///{tmp_path / 'test.sqlite3'}")
        try:
            yield database
        finally:
            database.dispose()
        return
    name = f"loandesk_test_{uuid.uuid4().hex[:12]}"
    # The audit key of a server database lives in the user data directory: the test's
    # own directory instead (inherited by the CLI run in a subprocess).
    key_env = os.environ.get(KEY_ENV)
    os.environ[KEY_ENV] = str(tmp_path / f"{name}.audit-key")
    # NullPool: a test may restart the server, so no connection is kept between uses.
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database = Database(make_url(server).set(database=name).render_as_string(
        hide_password=False))
    try:
        yield database
    finally:
        database.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        if key_env is None:
            os.environ.pop(KEY_ENV, None)
        else:
            os.environ[KEY_ENV] = key_env


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with fresh_database(tmp_path) as database:
        initialise(database, PASSWORD)
        ensure_staff(database, PASSWORD)
        yield database


def married_case(**changes: Any) -> dict[str, Any]:
    """A valid case of a married customer; `changes` replace whole sections."""
    data: dict[str, Any] = {
        "customer": {"name": "张三", "id_number": "11010519491231002X", "phone": "13800138000",
                     "marital_status": "married", "address": "北京市朝阳区建国路 1 号"},
        "spouse": {"name": "李四", "id_number": "360426199101010071", "phone": "13900139000"},
        "vehicle": {"brand": "大众", "model": "帕萨特 380TSI", "vin": "LVSHCAMB1CE054249",
                    "engine_number": "E1234567", "color": "珍珠白", "price": "200000",
                    "new_energy": False},
        "loan": {"lender": LENDER, "amount": "140000", "down_payment": "60000",
                 "term_months": 36, "annual_rate": "0.0499", "method": "equal_installment",
                 "fees": "1500"},
    }
    data.update(changes)
    return data
