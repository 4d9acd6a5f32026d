"""Settings → Database without the widgets: connection failures in words, the password in
the credential store (never in a file), the switch and who may make it."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail
from sqlalchemy import func, select

from app import config
from app.domain.errors import InvalidInput, PermissionDenied
from app.services.backup import verify_sqlite_file
from app.services.database_choice import (
    POSTGRESQL,
    SQLITE,
    Target,
    _connection_refusal,
    check_connection,
    store_password,
    switch_database,
)
from app.store.db import Database
from app.store.models import AuditEntry
from tests.conftest import MANAGER
from tests.helpers import new_case
from tests.memory_keyring import MemoryKeyring, using

SERVER = Target(POSTGRESQL, host="db.local", port=5433, database="loandesk", user="ld")
pytestmark = pytest.mark.skipif(bool(os.environ.get("LOANDESK_TEST_PG")),
                                reason="switches away from a SQLite database")


@pytest.fixture(autouse=True)
def workstation_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "database.json"
    monkeypatch.setenv(config.WORKSTATION_ENV, str(path))
    monkeypatch.delenv(config.DB_ENV, raising=False)
    return path


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    with using(MemoryKeyring()) as backend:
        assert isinstance(backend, MemoryKeyring)
        yield backend


@pytest.mark.parametrize(("driver_says", "field", "words"), [
    ('connection failed: FATAL:  password authentication failed for user "ld"', "password",
     "refused the password of ld"),
    ("fe_sendauth: no password supplied", "password", "refused the password"),
    ('connection failed: FATAL:  database "loandesk" does not exist', "database",
     "there is no database 'loandesk' on db.local:5433"),
    ('FATAL:  role "ld" does not exist', "user", "has no user 'ld'"),
    ('could not translate host name "db.local" to address: Name or service not known',
     "server", "is not known on this network"),
    ('connection failed: connection to server at "10.0.0.9", port 5433 failed: Connection '
     "refused", "server", "no PostgreSQL server answers at db.local:5433"),
    ("connection timeout expired", "server", "no PostgreSQL server answers"),
])
def test_the_drivers_message_in_words(driver_says: str, field: str, words: str) -> None:
    refused = _connection_refusal(SERVER, RuntimeError(driver_says))
    assert refused.field == field
    assert words in refused.problem


def test_an_unreachable_port_is_said_in_words() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_connection(Target(POSTGRESQL, host="127.0.0.1", port=1, database="x", user="u"),
                        "pw")
    assert refused.value.field == "server"
    assert "no PostgreSQL server answers at 127.0.0.1:1" in refused.value.problem
    assert "pw" not in str(refused.value)


@pytest.mark.parametrize(("target", "field"), [
    (Target(POSTGRESQL, host="", database="d", user="u"), "server"),
    (Target(POSTGRESQL, host="h", database="", user="u"), "database"),
    (Target(POSTGRESQL, host="h", database="d", user=""), "user"),
    (Target(POSTGRESQL, host="h", port=0, database="d", user="u"), "port"),
    (Target(POSTGRESQL, host="h", port=65536, database="d", user="u"), "port"),
    (Target(SQLITE, path="  "), "file"),
])
def test_an_incomplete_description_is_refused_before_connecting(target: Target,
                                                                field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_connection(target)
    assert refused.value.field == field


def test_sqlite_files(tmp_path: Path, db: Database) -> None:
    assert not check_connection(Target(SQLITE, path=str(tmp_path / "new.sqlite3"))) \
        .has_loandesk_data
    assert db.sqlite_path is not None
    assert check_connection(Target(SQLITE, path=str(db.sqlite_path))).has_loandesk_data
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
    with pytest.raises(InvalidInput, match="another program"):
        check_connection(Target(SQLITE, path=str(other)))
    with pytest.raises(InvalidInput, match="does not exist or is read-only"):
        check_connection(Target(SQLITE, path=str(tmp_path / "no" / "folder.sqlite3")))


def test_the_password_goes_to_the_credential_store_not_the_file(
        memory: MemoryKeyring, workstation_file: Path) -> None:
    url = SERVER.url("s3cret-pw")
    store_password(url, "s3cret-pw")
    config.remember_database_url(url)
    written = workstation_file.read_text(encoding="utf-8")
    assert "s3cret" not in written
    assert json.loads(written) == {"url": "postgresql+psycopg://ld@db.local:5433/loandesk"}
    assert memory.entries == {("LoanDesk", "ld@db.local:5433/loandesk"): "s3cret-pw"}
    # At the next start the URL comes back with its password, from the store.
    assert config.database_url() == url
    assert config.database_url("sqlite:///elsewhere.sqlite3") == "sqlite:///elsewhere.sqlite3"


def test_no_credential_store_is_said_and_nothing_is_written(
        workstation_file: Path) -> None:
    with using(fail.Keyring()), pytest.raises(InvalidInput) as refused:
        store_password(SERVER.url("pw"), "pw")
    assert "no credential store" in refused.value.problem
    assert "not saved anywhere" in refused.value.problem
    assert not workstation_file.exists()


def test_an_unreadable_choice_falls_back_to_the_default(workstation_file: Path) -> None:
    workstation_file.parent.mkdir(parents=True)
    workstation_file.write_text("{not json", encoding="utf-8")
    assert config.database_url() == config.default_database_url()


def test_switch_into_a_new_sqlite_file_with_the_data_copied(
        db: Database, tmp_path: Path, workstation_file: Path) -> None:
    number, _data = new_case(db)
    target = tmp_path / "moved" / "loandesk.sqlite3"
    target.parent.mkdir()
    done = switch_database(db, "admin", Target(SQLITE, path=str(target)), copy=True)
    assert done.copied_to == target
    assert verify_sqlite_file(target) > 0
    moved = Database(config.database_url())
    try:
        assert moved.sqlite_path == target
        from app.services.cases import get_case

        assert get_case(moved, MANAGER, number).number == number
    finally:
        moved.dispose()
    with db.reading() as session:
        assert session.scalar(select(func.count()).where(
            AuditEntry.action == "database.switch")) == 1


def test_switch_refusals_write_nothing(db: Database, tmp_path: Path,
                                       workstation_file: Path, memory: MemoryKeyring) -> None:
    with pytest.raises(PermissionDenied):
        switch_database(db, MANAGER, Target(SQLITE, path=str(tmp_path / "m.sqlite3")))
    assert db.sqlite_path is not None
    with pytest.raises(InvalidInput, match="in use already"):
        switch_database(db, "admin", Target(SQLITE, path=str(db.sqlite_path)))
    with pytest.raises(InvalidInput, match="no PostgreSQL server answers"):
        # Copying into a server is offered now (app.services.copy_across); an unreachable
        # one is refused before anything is copied.
        switch_database(db, "admin", Target(POSTGRESQL, host="127.0.0.1", port=1,
                                            database="d", user="u"), "pw", copy=True)
    with pytest.raises(InvalidInput, match="no PostgreSQL server answers"):
        switch_database(db, "admin", Target(POSTGRESQL, host="127.0.0.1", port=1,
                                            database="d", user="u"), "pw")
    existing = tmp_path / "existing.sqlite3"
    existing.touch()  # an empty file: a database, but the copy needs a new one
    with pytest.raises(InvalidInput, match="new file"):
        switch_database(db, "admin", Target(SQLITE, path=str(existing)), copy=True)
    assert not workstation_file.exists()
    assert memory.entries == {}


def test_postgresql_support_missing_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services import database_choice

    def no_driver(*_args: object, **_kwargs: object) -> None:
        raise ModuleNotFoundError("No module named 'psycopg'")

    monkeypatch.setattr(database_choice, "create_engine", no_driver)
    with pytest.raises(InvalidInput) as refused:
        check_connection(SERVER, "pw")
    assert "PostgreSQL support is not installed" in refused.value.problem
    assert "loandesk[postgres]" in refused.value.expected
