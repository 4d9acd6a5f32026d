"""Quick commands (issue 15): the CLI imports only what its command needs, the schema check
of a current database imports no Alembic, and a command signs in with one argon2
verification. Structural checks only: the timings are benchmarks/bench_cli.py's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from app.cli import main
from app.services import passwords
from app.store.db import Database
from tests.conftest import CONSULTANT
from tests.helpers import new_case

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "reportlab", "PIL", "alembic", "pypdf", "cn2an", "argon2")


def _loaded_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """The top-level packages a fresh interpreter has imported after running `code`."""
    probe = (f"{code}\nimport json, sys\n"
             "print(json.dumps(sorted({m.partition('.')[0] for m in sys.modules})))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_importing_the_cli_loads_no_database_pdf_or_image_library() -> None:
    loaded = _loaded_after("import app.cli")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
    assert "argparse" in loaded  # the probe sees what the CLI did import


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_load_no_database_pdf_or_image_library(flag: str) -> None:
    loaded = _loaded_after(
        "import contextlib, io\nfrom app.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        f"    main([{flag!r}])")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_the_parser_names_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    from app import config

    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"loandesk {config.version()}"


def test_a_current_schema_is_checked_without_alembic(db: Database) -> None:
    if not db.is_sqlite:
        pytest.skip("the probe opens the SQLite file of the test database")
    code = ("from app.store.db import Database\n"
            f"d = Database({db.url!r})\nassert d.upgrade() is None\nd.dispose()")
    assert "alembic" not in _loaded_after(code)


def test_a_database_behind_the_head_is_still_upgraded_by_alembic(tmp_path: Path) -> None:
    """The cheap check only short-cuts a current schema: an empty file gets every table."""
    fresh = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        assert fresh.current_revision() is None
        fresh.upgrade()
        assert fresh.current_revision() == fresh.head_revision() is not None
        assert "alembic" in sys.modules
    finally:
        fresh.dispose()


def test_reading_the_queue_and_the_list_loads_no_form_engine() -> None:
    """The pages a person lands on read form specs, never render: ReportLab's layout engine,
    its barcodes and cn2an come with the first form printed."""
    modules = set(json.loads(subprocess.run(
        [sys.executable, "-c", "import json, sys\nimport app.services.queues\n"
         "import app.services.listing\nimport app.services.forms\n"
         "print(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, cwd=ROOT, check=True).stdout))
    assert "cn2an" not in modules
    assert "app.printing.engine" not in modules
    assert "reportlab.graphics.barcode" not in modules
    assert "reportlab.platypus" not in modules


def test_a_command_signs_in_with_one_argon2_verification(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], counting: _Checks) -> None:
    calls = counting.made
    hashes: list[str] = []
    cheap = passwords.hasher  # the suite's cheap parameters (tests/conftest.py)

    class Counting(PasswordHasher):
        def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
            hashes.append(str(password))
            return super().hash(password, salt=salt)

    monkeypatch.setattr(passwords, "hasher", Counting(
        time_cost=cheap.time_cost, memory_cost=cheap.memory_cost,
        parallelism=cheap.parallelism))
    assert main(["--db", db.url, "--user", CONSULTANT, "case", "list", "--limit", "20"]) == 0
    capsys.readouterr()
    assert len(calls) == 1
    assert hashes == []  # a current hash is not hashed again
    # form render checks the password while it loads the form engine: still one check.
    number, _ = new_case(db)
    out = tmp_path / "draft.pdf"
    assert main(["--db", db.url, "--user", CONSULTANT, "form", "render", number,
                 "delivery_confirmation", "--draft", "-o", str(out)]) == 0
    capsys.readouterr()
    assert len(calls) == 2 and hashes == []
    assert out.read_bytes().startswith(b"%PDF")


def test_a_wrong_password_refuses_the_form_before_anything_is_written(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The sign-in runs beside the engine's loading: a refusal still comes first and alone."""
    number, _ = new_case(db)
    monkeypatch.setenv("LOANDESK_PASSWORD", "not-the-password")
    out = tmp_path / "x.pdf"
    assert main(["--db", db.url, "--user", CONSULTANT, "form", "render", number,
                 "delivery_confirmation", "--draft", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "refused: password: unknown user or wrong password" in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_the_head_read_from_the_files_is_alembics_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from app.store import db as db_module

    config = Config()
    config.set_main_option("script_location", str(db_module.MIGRATIONS))
    assert db_module.read_head_revision() == ScriptDirectory.from_config(
        config).get_current_head() is not None


def _write_revision(folder: Path, revision: str, parent: str | None) -> None:
    down = repr(parent) if parent else "None"
    (folder / f"{revision}_x.py").write_text(
        f'"""x\n\nRevision ID: {revision}\n"""\nrevision: str = {revision!r}\n'
        f"down_revision: str | None = {down}\n", encoding="utf-8")


def test_the_head_is_the_revision_no_other_revises(tmp_path: Path) -> None:
    from app.store.db import read_head_revision

    for revision, parent in (("0001", None), ("0003", "0002"), ("0002", "0001")):
        _write_revision(tmp_path, revision, parent)
    assert read_head_revision(tmp_path) == "0003"
    _write_revision(tmp_path, "0004", "0003")
    assert read_head_revision(tmp_path) == "0004"


def test_two_heads_or_an_unreadable_file_leave_the_answer_to_alembic(tmp_path: Path) -> None:
    from app.store.db import read_head_revision

    _write_revision(tmp_path, "0001", None)
    _write_revision(tmp_path, "0002", "0001")
    _write_revision(tmp_path, "0002b", "0001")
    assert read_head_revision(tmp_path) is None
    single = tmp_path / "single"
    single.mkdir()
    _write_revision(single, "0001", None)
    (single / "0002_odd.py").write_text("revision = make_id()\n", encoding="utf-8")
    assert read_head_revision(single) is None


# -- the password checked ahead (app.store.first_look, passwords.verify_ahead) ------------


@dataclass
class _Checks:
    """The password checks this process made (their hashes), able to fail them."""

    made: list[str] = field(default_factory=list)
    fail_with: Exception | None = None


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> _Checks:
    checks = _Checks()
    real = passwords._verify

    def counted(stored: str, password: str) -> bool:
        checks.made.append(stored)
        if checks.fail_with is not None:
            raise checks.fail_with
        return real(stored, password)

    monkeypatch.setattr(passwords, "_verify", counted)
    # on a thread, to be counted here (a check in a child process is its own)
    monkeypatch.setattr(passwords, "may_fork", lambda: False)
    return checks


def test_a_check_started_ahead_is_the_one_check(counting: _Checks) -> None:
    stored = passwords.hasher.hash("the-password-1")
    passwords.verify_ahead(stored, "the-password-1")
    assert passwords.matches(stored, "the-password-1") is True
    assert len(counting.made) == 1
    # taken once: the next question is checked afresh
    assert passwords.matches(stored, "the-password-1") is True
    assert len(counting.made) == 2


def test_a_wrong_password_checked_ahead_is_still_wrong(counting: _Checks) -> None:
    stored = passwords.hasher.hash("the-password-1")
    passwords.verify_ahead(stored, "not-it")
    assert passwords.matches(stored, "not-it") is False
    assert len(counting.made) == 1


def test_a_check_ahead_of_another_hash_or_password_is_not_taken(counting: _Checks) -> None:
    """The sign-in decides on the hash it read in its transaction: a password changed
    between the peek and the sign-in is checked against the new hash."""
    old, new = passwords.hasher.hash("old-password-1"), passwords.hasher.hash("new-password-1")
    passwords.verify_ahead(old, "old-password-1")
    assert passwords.matches(new, "old-password-1") is False
    passwords.verify_ahead(new, "new-password-1")
    assert passwords.matches(new, "old-password-1") is False  # another password
    assert passwords.matches(new, "new-password-1") is True  # the one checked ahead
    assert counting.made == [old, new, new, new]


def test_a_check_ahead_that_failed_is_made_again_and_raises_there(counting: _Checks) -> None:
    counting.fail_with = RuntimeError("argon2 broke")
    stored = passwords.hasher.hash("pw-123456")
    passwords.verify_ahead(stored, "pw-123456")
    with pytest.raises(RuntimeError, match="argon2 broke"):
        passwords.matches(stored, "pw-123456")
    assert len(counting.made) == 2


def _sqlite_file(db: Database) -> Path:
    if not db.is_sqlite or db.sqlite_path is None:
        pytest.skip("the peek reads SQLite files only")
    return db.sqlite_path


def test_the_peek_reads_the_stored_hash_as_the_sign_in_names_the_user(db: Database) -> None:
    from sqlalchemy import select

    from app.store.first_look import stored_password_hash
    from app.store.models import User

    _sqlite_file(db)
    with db.reading() as session:
        stored = session.scalar(select(User.password_hash).where(User.name == CONSULTANT))
    assert stored is not None
    assert stored_password_hash(db.url, CONSULTANT) == stored
    assert stored_password_hash(db.url, f"  {CONSULTANT.upper()} ") == stored
    assert stored_password_hash(db.url, "nobody") is None


def test_the_peek_finds_nothing_for_a_switched_off_user(db: Database) -> None:
    from app.services.users import change_user
    from app.store.first_look import stored_password_hash

    _sqlite_file(db)
    change_user(db, "admin", CONSULTANT, active=False)
    assert stored_password_hash(db.url, CONSULTANT) is None


def test_the_peek_reads_a_closed_database_without_its_wal_files(
        tmp_path: Path) -> None:
    """After the last connection closed, SQLite may have removed -wal and -shm: a read-only
    open must still read, and change nothing (SQLite makes its -wal and -shm beside the
    file again, as any reader of a WAL database does)."""
    from app.services.users import initialise
    from app.store.first_look import stored_password_hash

    file = tmp_path / "closed.sqlite3"
    fresh = Database(f"sqlite:///{file}")
    initialise(fresh, "first-password-1")
    fresh.dispose()
    for side in (file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm")):
        side.unlink(missing_ok=True)
    before = file.read_bytes()
    assert str(stored_password_hash(f"sqlite:///{file}", "admin")).startswith("$argon2")
    assert file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) <= sorted(
        ["closed.audit-key", "closed.sqlite3", "closed.sqlite3-shm", "closed.sqlite3-wal"])
    assert all(p.stat().st_size == 0 for p in tmp_path.glob("closed.sqlite3-wal"))


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://loandesk:secret@localhost/loandesk",
    "sqlite://", "sqlite:///:memory:", "sqlite:///{file}?mode=ro", "mysql:///{file}",
    "sqlite:///{missing}", "sqlite:///{junk}", "sqlite:///{empty}", "sqlite:///{other}",
])
def test_the_peek_gives_up_quietly_on_anything_else(tmp_path: Path, url: str) -> None:
    import sqlite3

    from app.store.first_look import stored_password_hash

    file = tmp_path / "loandesk.sqlite3"
    file.write_bytes(b"")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all " * 100)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE people (name TEXT)")
    connection.close()
    missing = tmp_path / "missing" / "nothing.sqlite3"
    named = url.format(file=file, missing=missing, junk=junk, empty=file, other=other)
    assert stored_password_hash(named, "admin") is None
    assert not missing.parent.exists()  # nothing made where nothing was


def _command_probe(argv: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `loandesk ARGV` in a fresh interpreter; report whether SQLAlchemy was loaded when
    the password check started, how many checks ran, and which modules were loaded."""
    probe = f"""
import gc, json, sys
from app.services import passwords
ahead, checks = [], []
real_ahead, real_verify = passwords.verify_ahead, passwords._verify
def spy_ahead(stored, password):
    ahead.append("sqlalchemy" in sys.modules)
    real_ahead(stored, password)
def spy_verify(stored, password):
    checks.append(1)
    return real_verify(stored, password)
passwords.verify_ahead, passwords._verify = spy_ahead, spy_verify
class CountedChild(passwords.InChild):  # its check is made in a process of its own
    def __init__(self, work):
        checks.append(1)
        super().__init__(work)
passwords.InChild = CountedChild
import app.cli
collected = []
real_collect = app.cli._collect_again
def spy_collect():
    before = gc.isenabled()
    real_collect()
    collected.append([before, gc.isenabled(), gc.get_freeze_count() > 0])
app.cli._collect_again = spy_collect
code = app.cli.main({argv!r})
print(json.dumps({{"code": code, "ahead": ahead, "checks": len(checks),
                  "modules": sorted(sys.modules), "collected": collected}}))
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _render_argv(db: Database, tmp_path: Path) -> list[str]:
    number, _ = new_case(db)
    return ["--db", db.url, "--user", CONSULTANT, "form", "render", number,
            "delivery_confirmation", "--draft", "-o", str(tmp_path / "draft.pdf")]


def test_case_list_checks_the_password_before_sqlalchemy_loads_and_once(db: Database) -> None:
    _sqlite_file(db)
    argv = ["--db", db.url, "--user", CONSULTANT, "case", "list", "--limit", "20"]
    assert main(argv) == 0  # the day's first command also makes the day's backup
    seen = _command_probe(argv)
    assert seen["code"] == 0
    assert seen["ahead"] == [False]  # started before SQLAlchemy was imported
    assert seen["checks"] == 1
    # loaded without the cycle collector, which is back (the start frozen) once signed in
    assert seen["collected"] == [[False, True, True]]
    tops = {m.partition(".")[0] for m in seen["modules"]}
    assert not tops & {"reportlab", "PIL", "alembic", "pypdf", "cn2an", "stdnum"}, (
        tops & {"reportlab", "PIL", "alembic", "pypdf", "cn2an", "stdnum"})
    assert "sqlalchemy" in tops  # the probe sees what the command did load


def test_form_render_checks_the_password_before_sqlalchemy_loads_and_once(
        db: Database, tmp_path: Path) -> None:
    _sqlite_file(db)
    argv = _render_argv(db, tmp_path)
    assert main([*argv, "--force"]) == 0  # the day's backup
    seen = _command_probe([*argv, "--force"])
    assert seen["code"] == 0
    assert seen["ahead"] == [False]
    assert seen["checks"] == 1
    assert seen["collected"] == [[False, True, True]]
    modules = set(seen["modules"])
    tops = {m.partition(".")[0] for m in modules}
    assert not tops & {"alembic", "pypdf", "cn2an"}, tops
    assert "stdnum.numdb" not in modules  # a form prints no ID warnings
    assert "pypdf" not in tops  # ReportLab draws the PDF; pypdf only joins dossiers
    assert (tmp_path / "draft.pdf").read_bytes().startswith(b"%PDF")


def test_a_password_typed_at_the_terminal_is_not_checked_ahead(
        db: Database, tmp_path: Path) -> None:
    """No password in the environment or a file: nothing is peeked at (the prompt comes
    once the database is open, as before); a pipe on stdin cannot be typed into, so the
    command is refused for want of a password, after one look at nobody's hash."""
    _sqlite_file(db)
    env = {k: v for k, v in os.environ.items() if k != "LOANDESK_PASSWORD"}
    probe = ("import json, sys\nfrom app.services import passwords\nahead = []\n"
             "passwords.verify_ahead = lambda s, p: ahead.append(1)\n"
             "from app.cli import main\n"
             f"code = main(['--db', {db.url!r}, 'case', 'list'])\n"
             "print(json.dumps([code, ahead]))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, env=env, stdin=subprocess.DEVNULL, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [1, []]
    assert "password: none given" in done.stderr


def test_a_wrong_password_checked_ahead_is_refused_and_counted(
        db: Database, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The refusal is the sign-in's own: the failure is counted and audited as ever."""
    from sqlalchemy import select

    from app.store.models import User

    _sqlite_file(db)
    monkeypatch.setenv("LOANDESK_PASSWORD", "not-the-password")
    assert main(["--db", db.url, "--user", CONSULTANT, "case", "list"]) == 1
    assert "unknown user or wrong password" in capsys.readouterr().err
    with db.reading() as session:
        assert session.scalar(select(User.failed_logins).where(
            User.name == CONSULTANT)) == 1


@pytest.mark.parametrize("collecting", [True, False])
def test_main_leaves_the_cycle_collector_as_it_found_it(
        db: Database, tmp_path: Path, collecting: bool,
        capsys: pytest.CaptureFixture[str]) -> None:
    import gc

    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        assert main(["--db", db.url, "--user", CONSULTANT, "case", "list"]) == 0
        assert gc.isenabled() is collecting
        assert gc.get_freeze_count() == 0
        # refused before the database was opened: the collector is still put back
        assert main(["--db", db.url, "--user", CONSULTANT, "form", "render", "LD-NONE",
                     "delivery_confirmation", "-o", str(tmp_path)]) == 1
        assert gc.isenabled() is collecting
        assert gc.get_freeze_count() == 0
    finally:
        (gc.enable if was else gc.disable)()
    capsys.readouterr()


# -- leaving without the interpreter's tear-down (app.cli.leave) ------------------------------


def test_the_command_leaves_with_its_code_output_and_exit_handlers(
        db: Database, tmp_path: Path) -> None:
    """`loandesk` (app.cli.run) skips freeing every object at exit, but not the output, the
    exit code or what was registered to run at exit (logging, temporary files)."""
    number, _ = new_case(db)
    marker = tmp_path / "atexit-ran"
    probe = ("import atexit, sys\n"
             f"atexit.register(lambda: open({str(marker)!r}, 'w').write('yes'))\n"
             "from app.cli import run\n"
             "sys.argv = ['loandesk', *sys.argv[1:]]\nrun()")
    listed = subprocess.run(
        [sys.executable, "-c", probe, "--db", db.url, "--user", CONSULTANT, "case", "list"],
        capture_output=True, text=True, cwd=ROOT, check=False)
    assert listed.returncode == 0, listed.stderr
    assert number in listed.stdout
    assert marker.read_text(encoding="utf-8") == "yes"
    marker.unlink()
    refused = subprocess.run(
        [sys.executable, "-c", probe, "--db", db.url, "--user", CONSULTANT, "case", "show",
         "LD1999-999999"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert refused.returncode == 1
    assert "refused" in refused.stderr
    assert marker.exists()


def test_after_qt_or_beside_a_running_thread_python_exits_the_usual_way(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from app.cli import leave

    monkeypatch.setitem(sys.modules, "PySide6.QtCore", sys.modules.get("PySide6.QtCore", sys))
    with pytest.raises(SystemExit) as qt:
        leave(3)
    assert qt.value.code == 3
    monkeypatch.delitem(sys.modules, "PySide6.QtCore")
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)  # not a daemon: Python waits for it
    worker.start()
    try:
        with pytest.raises(SystemExit) as threaded:
            leave(4)
        assert threaded.value.code == 4
    finally:
        stop.set()
        worker.join()
