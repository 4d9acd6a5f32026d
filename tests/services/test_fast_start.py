"""The desktop's start-up fast path without the database layer (issue 15): app.store.first_look
reads what the normal path would, read-only; app.services.fast_start only ever accepts, on
the same rule as app.services.auth.sign_in, and writes nothing; app.services.auth
.record_sign_in records the accepted sign-in once, asking the rule again."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from app.services import passwords
from app.services.auth import SignInRefused, record_sign_in, set_password, sign_in
from app.services.fast_start import early_sign_in
from app.services.users import add_user, change_user, list_users
from app.store import first_look as first_look_module
from app.store.db import Database
from app.store.first_look import first_look, read_only, sqlite_file
from tests.conftest import CONSULTANT, MANAGER, OTHER_CONSULTANT, PASSWORD

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "reportlab", "PIL")


def actions(url: str) -> list[str]:
    """The audit trail's actions, read past the database layer."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return [a for (a,) in connection.execute("SELECT action FROM audit_log ORDER BY seq")]


def failures_of(url: str, name: str) -> int:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        row = connection.execute("SELECT failed_logins FROM users WHERE name = ?", (name,))
        return int(row.fetchone()[0])


# -- first_look ----------------------------------------------------------------------------------


def test_first_look_lists_the_users_as_the_services_do(staffed: tuple[Database, str]) -> None:
    db, url = staffed
    change_user(db, "admin", OTHER_CONSULTANT, active=False)
    look = first_look(url)
    assert look is not None and look.revision == db.current_revision()
    active = [(p.name, p.display_name, p.role, p.phone) for p in look.people if p.active]
    assert active == [(u.name, u.display_name, u.role, u.phone) for u in list_users(db)]
    everyone = list_users(db, include_inactive=True)
    assert [p.name for p in look.people] == [u.name for u in everyone]
    assert look.person(OTHER_CONSULTANT) is not None
    assert not look.person(OTHER_CONSULTANT).active  # type: ignore[union-attr]
    assert look.person("  Wang.Fang ") == look.person(CONSULTANT)  # as sign_in cleans names


def test_first_look_reads_the_lock_as_the_orm_stored_it(staffed: tuple[Database, str]) -> None:
    db, url = staffed
    for _ in range(5):
        with pytest.raises(SignInRefused):
            sign_in(db, CONSULTANT, "wrong-password")
    from sqlalchemy import select

    from app.store.models import User

    with db.reading() as session:
        stored = session.scalar(select(User.locked_until).where(User.name == CONSULTANT))
    person = (first_look(url) or pytest.fail("no look")).person(CONSULTANT)
    assert person is not None and stored is not None and person.locked_until == stored


def test_the_connection_cannot_write(staffed: tuple[Database, str]) -> None:
    _db, url = staffed
    path = sqlite_file(url)
    assert path is not None
    connection = read_only(path)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        connection.execute("UPDATE users SET failed_logins = 9")
    connection.close()
    assert failures_of(url, CONSULTANT) == 0


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://loandesk@localhost/loandesk",
    "postgresql://u:p@db.example/ld",
    "sqlite://",
    "sqlite:///:memory:",
    "mysql:///desk.sqlite3",
])
def test_anything_but_a_sqlite_file_takes_the_normal_path(url: str) -> None:
    assert sqlite_file(url) is None and first_look(url) is None
    assert early_sign_in(url, CONSULTANT, PASSWORD) is None


def test_a_missing_file_or_url_options_take_the_normal_path(staffed: tuple[Database, str],
                                                           tmp_path: Path) -> None:
    _db, url = staffed
    assert first_look(f"sqlite:///{tmp_path / 'not-there.sqlite3'}") is None
    assert first_look(url + "?timeout=5") is None
    assert first_look(url) is not None  # the same file, plainly named


def test_a_schema_to_upgrade_takes_the_normal_path(staffed: tuple[Database, str],
                                                   tmp_path: Path) -> None:
    db, url = staffed
    older = tmp_path / "older.sqlite3"
    db.backup_sqlite(older)
    with sqlite3.connect(older) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0004'")
    assert first_look(f"sqlite:///{older}") is None
    assert early_sign_in(f"sqlite:///{older}", CONSULTANT, PASSWORD) is None
    assert first_look(url) is not None


def test_a_newer_program_head_takes_the_normal_path(staffed: tuple[Database, str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _db, url = staffed
    monkeypatch.setattr(first_look_module, "read_head_revision", lambda: "0099")
    assert first_look(url) is None
    monkeypatch.setattr(first_look_module, "read_head_revision", lambda: None)
    assert first_look(url) is None


# -- early_sign_in: only ever accepts, writes nothing --------------------------------------------


def test_the_right_password_is_accepted_without_writing(staffed: tuple[Database, str]) -> None:
    db, url = staffed
    before = actions(url)
    fast = early_sign_in(url, CONSULTANT, PASSWORD)
    assert fast is not None
    assert fast.user == next(u for u in list_users(db) if u.name == CONSULTANT)
    assert list(fast.users) == list_users(db)
    assert passwords.matches(fast.verified_hash, PASSWORD)
    assert actions(url) == before  # the services record the sign-in, later, once


@pytest.mark.parametrize("password", ["not-the-password", "", PASSWORD + " "])
def test_a_wrong_password_is_left_to_the_normal_path(staffed: tuple[Database, str],
                                                     password: str) -> None:
    _db, url = staffed
    before = actions(url)
    assert early_sign_in(url, CONSULTANT, password) is None
    assert actions(url) == before and failures_of(url, CONSULTANT) == 0  # counted there


def test_an_unknown_or_inactive_user_is_left_to_the_normal_path(
        staffed: tuple[Database, str]) -> None:
    db, url = staffed
    assert early_sign_in(url, "nobody", PASSWORD) is None
    change_user(db, "admin", OTHER_CONSULTANT, active=False)
    assert early_sign_in(url, OTHER_CONSULTANT, PASSWORD) is None
    assert early_sign_in(url, CONSULTANT, PASSWORD) is not None


def test_a_locked_user_is_left_to_the_normal_path(staffed: tuple[Database, str]) -> None:
    db, url = staffed
    for _ in range(5):
        with pytest.raises(SignInRefused):
            sign_in(db, CONSULTANT, "wrong-password")
    assert early_sign_in(url, CONSULTANT, PASSWORD) is None
    with pytest.raises(SignInRefused, match="locked until"):
        sign_in(db, CONSULTANT, PASSWORD)


def test_four_failures_do_not_lock_and_the_fast_path_accepts(
        staffed: tuple[Database, str]) -> None:
    db, url = staffed
    for _ in range(4):
        with pytest.raises(SignInRefused):
            sign_in(db, CONSULTANT, "wrong-password")
    fast = early_sign_in(url, CONSULTANT, PASSWORD)
    assert fast is not None and failures_of(url, CONSULTANT) == 4
    record_sign_in(db, CONSULTANT, fast.verified_hash)
    assert failures_of(url, CONSULTANT) == 0  # reset as sign_in resets it


def test_a_user_without_a_password_is_left_to_the_normal_path(
        staffed: tuple[Database, str]) -> None:
    db, url = staffed
    add_user(db, "admin", "new.hire", "新员工", "consultant")
    assert early_sign_in(url, "new.hire", PASSWORD) is None
    with pytest.raises(SignInRefused, match="no password yet"):
        sign_in(db, "new.hire", PASSWORD)


def test_a_hash_to_renew_is_left_to_the_normal_path(staffed: tuple[Database, str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    db, url = staffed
    session_hasher = passwords.hasher
    monkeypatch.setattr(passwords, "hasher", PasswordHasher(time_cost=2, memory_cost=1024,
                                                            parallelism=1))
    set_password(db, CONSULTANT, CONSULTANT, PASSWORD)
    monkeypatch.setattr(passwords, "hasher", session_hasher)
    assert early_sign_in(url, CONSULTANT, PASSWORD) is None
    sign_in(db, CONSULTANT, PASSWORD)  # renews the hash with the password
    assert early_sign_in(url, CONSULTANT, PASSWORD) is not None


# -- record_sign_in -----------------------------------------------------------------------------


def test_the_accepted_sign_in_is_recorded_once(staffed: tuple[Database, str]) -> None:
    db, url = staffed
    fast = early_sign_in(url, MANAGER, PASSWORD)
    assert fast is not None
    before = actions(url)
    assert record_sign_in(db, MANAGER, fast.verified_hash) == fast.user
    assert actions(url) == [*before, "sign_in"]


def test_a_password_changed_meanwhile_refuses_and_writes_nothing(
        staffed: tuple[Database, str]) -> None:
    db, url = staffed
    fast = early_sign_in(url, CONSULTANT, PASSWORD)
    assert fast is not None
    set_password(db, "admin", CONSULTANT, "changed-meanwhile")
    before = actions(url)
    with pytest.raises(SignInRefused, match="wrong password"):
        record_sign_in(db, CONSULTANT, fast.verified_hash)
    assert actions(url) == before and failures_of(url, CONSULTANT) == 0


def test_a_lock_set_meanwhile_refuses(staffed: tuple[Database, str]) -> None:
    db, url = staffed
    fast = early_sign_in(url, CONSULTANT, PASSWORD)
    assert fast is not None
    for _ in range(5):
        with pytest.raises(SignInRefused):
            sign_in(db, CONSULTANT, "wrong-password")
    before = actions(url)
    with pytest.raises(SignInRefused, match="locked until"):
        record_sign_in(db, CONSULTANT, fast.verified_hash)
    assert actions(url) == before


# -- no database layer on the first screen's path -----------------------------------------------

PROBE = """
import json, sys
from argon2 import PasswordHasher
from app.services import passwords
passwords.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
import app.store.first_look, app.services.fast_start
import app.ui.main, app.ui.main_window, app.ui.queue, app.ui.case_list
fast = app.services.fast_start.early_sign_in(sys.argv[1], sys.argv[2], sys.argv[3])
print(json.dumps({"accepted": fast is not None and fast.user.name == sys.argv[2],
                  "loaded": sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[4:])}))
"""


def test_the_first_screen_loads_no_database_layer(staffed: tuple[Database, str],
                                                  tmp_path: Path) -> None:
    db, _url = staffed
    copy = db.backup_sqlite(tmp_path / "probe.sqlite3")  # the WAL's rows included
    done = subprocess.run([sys.executable, "-c", PROBE, f"sqlite:///{copy}", CONSULTANT,
                           PASSWORD, *HEAVY], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
                               "PATH": "/usr/bin:/bin"}, check=True, timeout=120)
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer == {"accepted": True, "loaded": []}


def test_the_probe_sees_a_database_layer_when_one_is_loaded(tmp_path: Path) -> None:
    """The check above can fail: the same probe, with the services' sign-in imported too."""
    probe = PROBE.replace("import app.store.first_look,", "import app.services.auth, "
                          "app.store.first_look,")
    done = subprocess.run([sys.executable, "-c", probe, "postgresql://x/y", CONSULTANT,
                           PASSWORD, *HEAVY], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
                               "PATH": "/usr/bin:/bin"}, check=True, timeout=120)
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["accepted"] is False and "sqlalchemy" in answer["loaded"]
