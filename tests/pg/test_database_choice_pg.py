"""Settings → Database against a real PostgreSQL server: a wrong password and a missing
database said in words, and a switch whose password lands in the credential store."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from app import config
from app.domain.errors import InvalidInput
from app.services.database_choice import POSTGRESQL, Target, check_connection, switch_database
from app.services.users import initialise
from app.store.db import Database
from tests.conftest import PASSWORD
from tests.memory_keyring import MemoryKeyring, using

SERVER = os.environ.get("LOANDESK_TEST_PG", "")
pytestmark = [pytest.mark.pg, pytest.mark.skipif(not SERVER, reason="needs LOANDESK_TEST_PG")]


def target(database: str | None = None) -> tuple[Target, str]:
    url = make_url(SERVER)
    return Target(POSTGRESQL, host=url.host or "localhost", port=url.port or 5432,
                  database=database or url.database or "", user=url.username or ""), \
        str(url.password or "")


def test_a_wrong_password_and_a_missing_database_in_words() -> None:
    server, password = target()
    assert check_connection(server, password).shown_url.endswith(
        f"{server.host}:{server.port}/{server.database}")
    with pytest.raises(InvalidInput) as wrong:
        check_connection(server, password + "-wrong")
    assert wrong.value.field == "password" and "refused the password" in wrong.value.problem
    missing, _ = target(f"no_such_db_{uuid.uuid4().hex[:8]}")
    with pytest.raises(InvalidInput) as absent:
        check_connection(missing, password)
    assert absent.value.field == "database" and "there is no database" in absent.value.problem


@pytest.fixture
def empty_server_database() -> Iterator[str]:
    name = f"loandesk_switch_{uuid.uuid4().hex[:10]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_switch_from_a_file_to_the_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          empty_server_database: str) -> None:
    monkeypatch.setenv(config.WORKSTATION_ENV, str(tmp_path / "database.json"))
    monkeypatch.delenv(config.DB_ENV, raising=False)
    monkeypatch.setenv("LOANDESK_AUDIT_KEY_FILE", str(tmp_path / "server.audit-key"))
    here = Database(f"sqlite:///{tmp_path / 'here.sqlite3'}",
                    audit_key_path=tmp_path / "here.audit-key")
    initialise(here, PASSWORD)
    server, password = target(empty_server_database)
    with using(MemoryKeyring()) as store:
        assert isinstance(store, MemoryKeyring)
        done = switch_database(here, "admin", server, password)
        assert password not in (tmp_path / "database.json").read_text(encoding="utf-8")
        assert list(store.entries.values()) == [password]
        url = config.database_url()
        assert make_url(url).password == password
        assert done.copied_to is None
        moved = Database(url)
        try:
            initialise(moved, PASSWORD)  # the empty server database is set up
            assert check_connection(server, password).has_loandesk_data
        finally:
            moved.dispose()
    here.dispose()
