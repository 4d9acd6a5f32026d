"""Copy across from one workstation's SQLite file into a new, empty PostgreSQL database (a
dealership growing from one PC to several): every row, the trail verifying on the server,
the server's sequences past the copied ids, and a server that holds data left alone."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from app.domain.errors import InvalidInput, PermissionDenied
from app.services.audit import verify_chain
from app.services.cases import create_case
from app.services.copy_across import ACTION, copy_across
from app.services.users import initialise
from app.store.audit_key import read_key
from app.store.db import Database
from app.store.models import AuditEntry
from tests.conftest import CONSULTANT, PASSWORD, married_case
from tests.copy_across_checks import (
    case_numbers,
    demo_source,
    same_case_seen,
    table_counts,
    top_id,
)

SERVER = os.environ.get("LOANDESK_TEST_PG", "")
pytestmark = [pytest.mark.pg, pytest.mark.skipif(not SERVER, reason="needs LOANDESK_TEST_PG")]


@pytest.fixture
def empty_server_url() -> Iterator[str]:
    name = f"loandesk_copy_{uuid.uuid4().hex[:10]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    demo_source(folder).dispose()
    return folder / "workstation.sqlite3"


@pytest.fixture
def source(demo_file: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{demo_file}")  # read only by these tests: shared
    yield database
    database.dispose()


def test_a_workstation_moves_onto_the_server(source: Database, empty_server_url: str,
                                             tmp_path: Path) -> None:
    before = table_counts(source.engine)
    key_file = tmp_path / "server.audit-key"
    done = copy_across(source, "admin", empty_server_url, key_path=key_file, batch=100)
    assert read_key(key_file) == source.audit_key()
    server = Database(empty_server_url, audit_key_path=key_file)
    try:
        after = table_counts(server.engine)
        assert set(after) == set(before)
        assert {n: c for n, c in after.items() if n != "audit_log"} == {
            n: c for n, c in before.items() if n != "audit_log"}
        assert after["audit_log"] == before["audit_log"] + 1
        check = verify_chain(server)
        assert check.intact, check.tampers
        # PostgreSQL returns each case and user row in other shapes than SQLite: the copy's
        # own entry records every one of their digests as the server computes them.
        assert done.digests_recorded == before["cases"] + before["users"]
        with server.reading() as session:
            last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert last is not None and (last.action, last.user_name) == (ACTION, "admin")
        assert {t: len(d) for t, d in last.detail["digests"].items()} == {
            "cases": before["cases"], "users": before["users"]}
        for number in case_numbers(source.engine):
            same_case_seen(source, server, number)

        # New work on the server: fresh ids past the copied ones, the next case number.
        numbers = case_numbers(source.engine)
        number = create_case(server, CONSULTANT, married_case())
        serial = max(int(re.sub(r"\D", "", n[-6:])) for n in numbers)
        assert number.endswith(f"-{serial + 1:06d}") and number not in numbers
        with server.engine.connect() as connection:
            ident = connection.scalar(text("SELECT id FROM cases WHERE number = :n"),
                                      {"n": number})
            entry = connection.scalar(text("SELECT max(id) FROM audit_log"))
        assert ident == top_id(source.engine, "cases") + 1
        assert entry is not None and entry > top_id(source.engine, "audit_log") + 1
        assert verify_chain(server).intact
    finally:
        server.dispose()


def test_a_server_database_with_data_is_refused(source: Database, empty_server_url: str,
                                                tmp_path: Path) -> None:
    key_file = tmp_path / "server.audit-key"
    used = Database(empty_server_url, audit_key_path=key_file)
    initialise(used, PASSWORD)  # set up on its own: its first administrator
    before = table_counts(used.engine)
    used.dispose()
    with pytest.raises(InvalidInput) as refused:
        copy_across(source, "admin", empty_server_url, key_path=key_file)
    assert refused.value.field == "database" and "is not empty" in refused.value.problem
    used = Database(empty_server_url, audit_key_path=key_file)
    try:
        assert table_counts(used.engine) == before
        assert verify_chain(used).intact  # its own key was not replaced
    finally:
        used.dispose()


def test_a_wrong_role_writes_nothing_to_the_server(source: Database, empty_server_url: str,
                                                   tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        copy_across(source, CONSULTANT, empty_server_url, key_path=tmp_path / "k")
    engine = create_engine(empty_server_url, poolclass=NullPool)
    try:
        assert table_counts(engine) == {}
    finally:
        engine.dispose()
    assert not (tmp_path / "k").exists()


def test_settings_database_copies_into_the_server_with_a_bar(
        qtbot: Any, demo_file: Path, empty_server_url: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings → Database: kind server, copy ticked, Switch: a bar over every row, and the
    switch saved once the copy verified."""
    from app import config
    from app.services.database_choice import POSTGRESQL
    from app.ui.database_settings import DatabaseTab
    from app.ui.workers import Workers
    from tests.memory_keyring import MemoryKeyring, using

    here = tmp_path / "here.sqlite3"
    template = Database(f"sqlite:///{demo_file}")
    template.backup_sqlite(here)
    template.dispose()
    source = Database(f"sqlite:///{here}", audit_key_path=tmp_path / "here.audit-key")
    monkeypatch.setenv(config.WORKSTATION_ENV, str(tmp_path / "database.json"))
    monkeypatch.delenv(config.DB_ENV, raising=False)
    monkeypatch.setenv("LOANDESK_AUDIT_KEY_FILE", str(tmp_path / "server.audit-key"))
    url = make_url(empty_server_url)
    Workers.synchronous = True
    try:
        tab = DatabaseTab(source, "admin")
        qtbot.addWidget(tab)
        tab.kind.setCurrentIndex(tab.kind.findData(POSTGRESQL))
        tab.host.setText(url.host or "")
        tab.port.setValue(url.port or 5432)
        tab.database.setText(url.database or "")
        tab.user.setText(url.username or "")
        tab.password.setText(str(url.password or ""))
        assert tab.copy.isEnabled()
        tab.copy.setChecked(True)
        total = sum(n for name, n in table_counts(source.engine).items()
                    if name != "audit_head")
        with using(MemoryKeyring()):
            tab.switch_button.click()
        assert "copied there and checked" in tab.outcome.text(), tab.outcome.text()
        assert str(tmp_path / "server.audit-key") in tab.outcome.text()
        assert tab.stages_seen and tab.stages_seen[-1] == (total, total)
        assert make_url(config.database_url()).database == url.database
        # The saved choice holds no password (that is in the credential store): given here.
        server = Database(make_url(config.database_url()).set(password=url.password)
                          .render_as_string(hide_password=False))
        try:
            assert verify_chain(server).intact
            assert case_numbers(server.engine) == case_numbers(source.engine)
        finally:
            server.dispose()
    finally:
        Workers.synchronous = False
        source.dispose()
