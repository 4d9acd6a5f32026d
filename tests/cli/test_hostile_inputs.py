"""Hostile input through `loandesk`, as a careless or malicious user would type it (issue 11).

Every input below is refused: exit 1 (2 for wrong usage), exactly one line on stderr, never a
traceback, nothing written to the database (SQLite's own dump compared) and no file left
where an output was refused. The inputs are generated: each field of the case JSON and of
`case set` crossed with a list of hostile values, then files for `doc add`, targets for `-o`,
database URLs and search strings.

Fast by construction: one template database per module, copied per test, and `main()` run in
the test's own process.
"""

from __future__ import annotations

import functools
import json
import os
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from app import cli as cli_module
from app.cli import main
from app.domain.case_input import CustomerInput, LoanInput, SpouseInput, VehicleInput
from app.domain.money import MAX_TERM_MONTHS
from app.services.backup import AUTO_PREFIX
from app.services.cases import create_case
from app.services.common import now
from app.services.listing import MAX_PAGE, MAX_SEARCH_TYPED, MAX_STUCK_DAYS
from app.store.db import Database
from tests.conftest import CONSULTANT, MANAGER, married_case
from tests.helpers import dump, write_jpeg
from tests.services.conftest import template

# -- the template and the runner ----------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    def build(database: Database) -> str:
        return create_case(database, CONSULTANT, married_case())

    path, number = template(tmp_path_factory, "hostile", build)
    return path, str(number)


@dataclass
class Outcome:
    code: int
    out: str
    err: str


class Loandesk:
    """`loandesk --db <a copy of the template> ...`, in this process."""

    def __init__(self, folder: Path, number: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.folder = folder
        self.db_path = folder / "loandesk.sqlite3"
        self.url = f"sqlite:///{self.db_path}"
        self.number = number
        self.capsys = capsys
        self.log = folder.parent / "log" / "loandesk.log"

    def run(self, *args: str, user: str = CONSULTANT, db: str | None = None) -> Outcome:
        where = ["--db", self.url if db is None else db] if db != "" else []
        argv = [*where, "--user", user, *args]
        self.capsys.readouterr()
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse's own usage errors
            code = int(exit_.code or 0)
        out, err = self.capsys.readouterr()
        return Outcome(code, out, err)

    def dump(self) -> list[str]:
        database = Database(self.url)
        try:
            return dump(database)
        finally:
            database.dispose()

    def refused(self, *args: str, user: str = CONSULTANT, code: int = 1,
                field: str | None = None, db: str | None = None) -> str:
        """The one line of the refusal; asserts everything the issue asks of it."""
        before = self.dump()
        outcome = self.run(*args, user=user, db=db)
        assert "Traceback" not in outcome.err + outcome.out, outcome.err
        assert outcome.code == code, (outcome.code, outcome.out, outcome.err)
        lines = [line for line in outcome.err.splitlines() if line.strip()]
        if code == 1:
            assert len(lines) == 1, outcome.err
            assert lines[0].startswith(("loandesk: refused: ", "refused ")), lines[0]
            if field is not None:
                assert lines[0].startswith(f"loandesk: refused: {field}: "), lines[0]
        else:  # usage: argparse prints its usage line, then one line saying what is wrong
            assert lines and "usage error" in lines[-1], outcome.err
        assert self.dump() == before
        assert not self.log.exists(), "a refusal is not an unexpected error"
        return lines[-1]


_PARSER = functools.cache(cli_module.build_parser)


@pytest.fixture
def cli(built: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Iterator[Loandesk]:
    source, number = built
    # One parser for the module's ~650 runs (building it is a third of each run); parsing
    # does not change it.
    monkeypatch.setattr(cli_module, "build_parser", _PARSER)
    folder = tmp_path / "data"
    folder.mkdir()
    original = Database(f"sqlite:///{source}")
    original.backup_sqlite(folder / "loandesk.sqlite3")
    original.dispose()
    # Today's automatic backup exists already: no test pays for one.
    (folder / "backups").mkdir()
    (folder / "backups" / f"{AUTO_PREFIX}{now().astimezone():%Y%m%d}.sqlite3").write_bytes(b"")
    monkeypatch.setenv("LOANDESK_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.delenv("LOANDESK_DB", raising=False)
    yield Loandesk(folder, number, capsys)


# -- hostile values -----------------------------------------------------------------------

# Each is wrong for every field of a case: text fields refuse the characters, the others
# refuse anything that is not their kind of value.
HOSTILE_TEXT: dict[str, str] = {
    "nul": "张\x00三",
    "escape": "a\x1b[31mb",
    "bell": "a\x07b",
    "rlo": "张\u202e三",
    "lre": "张\u202a三",
    "pdf-mark": "张\u202c三",
    "isolate": "张\u2066三",
    "zero-width-space": "张\u200b三",
    "zero-width-joiner": "张\u200d三",
    "bom": "\ufeff张三",
    "line-separator": "张\u2028三",
    "surrogate": "张\ud800三",
    "5000-digits": "9" * 5000,
}
# The case JSON crosses every field with a representative of each kind (control, bidi
# override and isolate, zero-width, byte-order mark, separator, surrogate, size, structure).
HOSTILE_JSON: dict[str, Any] = {
    **{name: HOSTILE_TEXT[name] for name in (
        "nul", "escape", "rlo", "isolate", "zero-width-space", "bom", "line-separator",
        "surrogate", "5000-digits")},
    "object": {"x": "1"}, "list": ["1"]}


def _fields(section: str, cls: type) -> list[str]:
    return [f"{section}.{name}" for name in cls.__dataclass_fields__]


CASE_FIELDS = (_fields("customer", CustomerInput) + _fields("spouse", SpouseInput)
               + _fields("vehicle", VehicleInput) + _fields("loan", LoanInput))


def _with(field: str, value: Any) -> dict[str, Any]:
    data = married_case()
    section, key = field.split(".")
    data[section][key] = value
    return data


def _case_new(cli: Loandesk, data: Any, field: str | None = None) -> str:
    path = cli.folder.parent / "case.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return cli.refused("case", "new", "--json", str(path), field=field)


# -- the case JSON --------------------------------------------------------------------------


@pytest.mark.parametrize("value_name", list(HOSTILE_JSON))
@pytest.mark.parametrize("field", CASE_FIELDS)
def test_case_json_field(cli: Loandesk, field: str, value_name: str) -> None:
    _case_new(cli, _with(field, HOSTILE_JSON[value_name]), field=field)


def test_the_valid_case_is_accepted(cli: Loandesk) -> None:
    """The base every hostile case above differs from by one value."""
    path = cli.folder.parent / "case.json"
    path.write_text(json.dumps(married_case()), encoding="utf-8")
    assert cli.run("case", "new", "--json", str(path)).code == 0


UNKNOWN_KEYS = [
    ("customer.adress", lambda d: d["customer"].update(adress="北京")),
    ("spouse.nmae", lambda d: d["spouse"].update(nmae="李四")),
    ("vehicle.vim", lambda d: d["vehicle"].update(vim="LVSHCAMB1CE054249")),
    ("loan.amont", lambda d: d["loan"].update(amont="1")),
    ("custmer", lambda d: d.update(custmer={})),
    ("accessories[0].nme", lambda d: d.update(accessories=[{"name": "脚垫", "nme": "x"}])),
    ("fee_items[0].amout", lambda d: d.update(fee_items=[{"item": "上牌", "amout": "1"}])),
]


@pytest.mark.parametrize(("field", "change"), UNKNOWN_KEYS, ids=[k for k, _ in UNKNOWN_KEYS])
def test_unknown_keys_are_named(cli: Loandesk, field: str,
                                change: Callable[[dict[str, Any]], None]) -> None:
    data = married_case()
    change(data)
    line = _case_new(cli, data, field=field)
    assert "unknown field" in line


TODAY = date.today()
BAD_VALUES = [
    ("loan.start", "9999-12-01"), ("loan.start", "0001-01-01"), ("loan.start", "2026-02-30"),
    ("loan.start", (TODAY + timedelta(days=367)).isoformat()),
    ("loan.start", (TODAY - timedelta(days=367)).isoformat()),
    ("loan.term_months", MAX_TERM_MONTHS + 1), ("loan.term_months", 0),
    ("loan.term_months", 10**6), ("loan.amount", "1e999999"), ("loan.amount", "NaN"),
    ("loan.amount", "-Infinity"), ("vehicle.price", "0"), ("vehicle.price", "1e16"),
    ("loan.annual_rate", "1"), ("loan.annual_rate", "inf"), ("loan.fees", "-1"),
    ("customer.self_employed", "perhaps"), ("customer.marital_status", "它"),
]


@pytest.mark.parametrize(("field", "value"), BAD_VALUES, ids=[f"{f}={v}" for f, v in BAD_VALUES])
def test_case_json_out_of_bounds(cli: Loandesk, field: str, value: Any) -> None:
    _case_new(cli, _with(field, value), field=field)


def test_loan_start_window_edges_are_accepted(cli: Loandesk) -> None:
    """The boundary from the right side: a year (366 days) either way is a loan start."""
    path = cli.folder.parent / "case.json"
    for days in (366, -366):
        data = _with("loan.start", (TODAY + timedelta(days=days)).isoformat())
        path.write_text(json.dumps(data), encoding="utf-8")
        outcome = cli.run("case", "new", "--json", str(path))
        assert outcome.code == 0, outcome.err


DEEP = "[" * 100_000 + "]" * 100_000
STRUCTURES = {
    "deeply-nested": DEEP,
    "deeply-nested-object": '{"a":' * 50_000 + "1" + "}" * 50_000,
    "5000-digit-integer": '{"customer": ' + "9" * 5000 + "}",
    "5000-digit-amount": json.dumps(_with("loan.amount", 0)).replace(
        '"amount": 0', '"amount": ' + "1" * 5000),
    "array": "[]",
    "string": '"case"',
    "null": "null",
    "number": "1",
    "empty": "",
    "over-a-megabyte": json.dumps({**married_case(), "padding": "x" * 1_000_000}),
    "not-json": "customer: 张三",
    "truncated": json.dumps(married_case())[:-10],
    "nan-literal": json.dumps(_with("loan.amount", 0)).replace('"amount": 0', '"amount": NaN'),
    "infinity-literal": json.dumps(_with("vehicle.price", 0)).replace('"price": 0',
                                                                      '"price": Infinity'),
}


@pytest.mark.parametrize("name", list(STRUCTURES))
def test_case_json_structure(cli: Loandesk, name: str) -> None:
    _case_new(cli, STRUCTURES[name])


def test_case_json_not_utf8_and_not_a_file(cli: Loandesk) -> None:
    binary = cli.folder.parent / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00\x01" * 10)
    cli.refused("case", "new", "--json", str(binary))
    cli.refused("case", "new", "--json", str(cli.folder.parent / "missing.json"))
    cli.refused("case", "new", "--json", str(cli.folder))  # a folder
    cli.refused("case", "new", "--json", "/dev/null")  # empty: not JSON


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_case_json_fifo_does_not_hang(cli: Loandesk) -> None:
    fifo = cli.folder.parent / "case.fifo"
    os.mkfifo(fifo)
    line = cli.refused("case", "new", "--json", str(fifo))
    assert "not a regular file" in line


def test_password_may_come_through_a_pipe(cli: Loandesk) -> None:
    """Pipes are refused for case files, not for `--password-file <(pass show …)`."""
    read, write = os.pipe()
    os.write(write, b"test-password-1\n")
    os.close(write)
    try:
        outcome = cli.run("--password-file", f"/proc/self/fd/{read}", "case", "list")
    finally:
        os.close(read)
    assert outcome.code == 0, outcome.err


# -- case set -------------------------------------------------------------------------------

SET_VALUES = ["escape", "pdf-mark", "zero-width-joiner", "5000-digits"]


@pytest.mark.parametrize("value_name", SET_VALUES)
@pytest.mark.parametrize("field", CASE_FIELDS)
def test_case_set_field(cli: Loandesk, field: str, value_name: str) -> None:
    cli.refused("case", "set", cli.number, f"{field}={HOSTILE_TEXT[value_name]}", field=field)


SET_PAIRS = [
    ("customer.adress=北京", "customer.adress"), ("car.vin=x", "car.vin"),
    ("customer=x", "customer"), ("spouse.nmae=x", "spouse.nmae"),
    ("loan.start=9999-12-01", "loan.start"), ("loan.term_months=1000000", "loan.term_months"),
    ("loan.amount=" + "9" * 5000, "loan.amount"), ("vehicle.price=1e999999", "vehicle.price"),
    ("vehicle.price=NaN", "vehicle.price"), ("loan.annual_rate=inf", "loan.annual_rate"),
    ("customer.marital_status=single", "customer.marital_status"),
    ("customer.marital_status=divorced", "customer.marital_status"),
    ("customer.marital_status=widowed", "customer.marital_status"),
]


@pytest.mark.parametrize(("pair", "field"), SET_PAIRS, ids=[p[:40] for p, _ in SET_PAIRS])
def test_case_set_pairs(cli: Loandesk, pair: str, field: str) -> None:
    cli.refused("case", "set", cli.number, pair, field=field)


@pytest.mark.parametrize("pair", ["no-equals", "=value", " =x"])
def test_case_set_usage(cli: Loandesk, pair: str) -> None:
    cli.refused("case", "set", cli.number, pair, code=2)


def test_marital_change_erases_the_spouse_only_when_asked(cli: Loandesk) -> None:
    line = cli.refused("case", "set", cli.number, "customer.marital_status=single",
                       field="customer.marital_status")
    assert "--clear-spouse" in line
    outcome = cli.run("case", "set", cli.number, "customer.marital_status=single",
                      "--clear-spouse")
    assert outcome.code == 0, outcome.err
    shown = json.loads(cli.run("case", "show", cli.number, "--json").out)
    assert shown["customer"]["marital_status"] == "single"
    assert not shown.get("spouse")


# -- doc add ----------------------------------------------------------------------------------


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims width × height pixels (a decompression bomb's calling card)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def _file(content: bytes) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        path = folder / "upload.bin"
        path.write_bytes(content)
        return str(path)
    return make


def _fifo(folder: Path) -> str:
    path = folder / "upload.fifo"
    os.mkfifo(path)
    return str(path)


def _truncated_jpeg(folder: Path) -> str:
    path = write_jpeg(folder / "cut.jpg")
    path.write_bytes(path.read_bytes()[:600])
    return str(path)


UPLOADS: dict[str, Callable[[Path], str]] = {
    "fifo": _fifo,
    "folder": lambda folder: str(folder),
    "dev-null": lambda _folder: "/dev/null",
    "dev-zero": lambda _folder: "/dev/zero",
    "missing": lambda folder: str(folder / "missing.jpg"),
    "empty": _file(b""),
    "huge-dimensions": _file(_png_header(100_000, 100_000)),
    "text": _file(b"customer: \xe5\xbc\xa0\xe4\xb8\x89\n"),
    "gif": _file(b"GIF89a" + b"\x00" * 100),
    "fake-pdf": _file(b"%PDF-1.7\n" + b"garbage" * 100),
    "truncated-jpeg": _truncated_jpeg,
}


@pytest.mark.parametrize("name", list(UPLOADS))
def test_doc_add_file(cli: Loandesk, name: str) -> None:
    if name == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path = UPLOADS[name](cli.folder.parent)
    line = cli.refused("doc", "add", cli.number, "driver_license", path)
    assert line.startswith("refused ")


def test_doc_add_without_files_says_so(cli: Loandesk) -> None:
    line = cli.refused("doc", "add", cli.number, "driver_license", field="FILE")
    assert "no files" in line


@pytest.mark.parametrize("kind", ["love_letter", "id_card\u202e", ""])
def test_doc_add_unknown_kind(cli: Loandesk, kind: str) -> None:
    cli.refused("doc", "add", cli.number, kind, str(write_jpeg(cli.folder.parent / "a.jpg")))


# -- output paths ------------------------------------------------------------------------------

Target = Callable[[Loandesk], str]


def _existing(cli: Loandesk) -> str:
    path = cli.folder.parent / "existing.pdf"
    path.write_bytes(b"keep me")
    return str(path)


def _symlink_to_db(cli: Loandesk) -> str:
    link = cli.folder.parent / "report.pdf"
    link.symlink_to(cli.db_path)
    return str(link)


def _hardlink_to_db(cli: Loandesk) -> str:
    link = cli.folder.parent / "hard.pdf"
    os.link(cli.db_path, link)
    return str(link)


def _fifo_target(cli: Loandesk) -> str:
    path = cli.folder.parent / "out.fifo"
    os.mkfifo(path)
    return str(path)


def _read_only_folder(cli: Loandesk) -> str:
    return "/proc/loandesk-h6-test.pdf"  # a read-only file system, even for root


TARGETS: dict[str, Target] = {
    "existing-file": _existing,
    "database": lambda cli: str(cli.db_path),
    "database-wal": lambda cli: f"{cli.db_path}-wal",
    "database-shm": lambda cli: f"{cli.db_path}-shm",
    "database-journal": lambda cli: f"{cli.db_path}-journal",
    "database-relative": lambda cli: os.path.relpath(cli.db_path),
    "database-dotted": lambda cli: str(cli.folder / "." / ".." / "data" / "loandesk.sqlite3"),
    "backups-folder": lambda cli: str(cli.folder / "backups"),
    "in-backups-folder": lambda cli: str(cli.folder / "backups" / "x.pdf"),
    "symlink-to-database": _symlink_to_db,
    "hardlink-to-database": _hardlink_to_db,
    "folder": lambda cli: str(cli.folder.parent),
    "empty": lambda _cli: "",
    "blank": lambda _cli: "   ",
    "dev-full": lambda _cli: "/dev/full",
    "dev-null": lambda _cli: "/dev/null",
    "missing-folder": lambda cli: str(cli.folder.parent / "no" / "such" / "x.pdf"),
    "read-only-folder": _read_only_folder,
    "fifo": _fifo_target,
}
FORCE_REFUSED = ("database", "database-wal", "database-shm", "symlink-to-database",
                 "hardlink-to-database", "backups-folder", "in-backups-folder", "folder",
                 "dev-full", "dev-null", "read-only-folder", "empty")

Command = Callable[[Loandesk, str], tuple[list[str], str]]
COMMANDS: dict[str, Command] = {
    "form-draft": lambda cli, p: (["form", "render", cli.number, "sales_contract", "--draft",
                                   "-o", p], CONSULTANT),
    "form-issue": lambda cli, p: (["form", "render", cli.number, "sales_contract", "-o", p],
                                  CONSULTANT),
    "dossier": lambda cli, p: (["dossier", cli.number, "--draft", "-o", p], CONSULTANT),
    "board-pdf": lambda _cli, p: (["board", "export", "--pdf", p], MANAGER),
}


def _refused_output(cli: Loandesk, command: str, target: str, *extra: str) -> None:
    path = TARGETS[target](cli)
    args, user = COMMANDS[command](cli, path)
    before = _state(path)
    listing = sorted(os.listdir(cli.folder.parent))
    cli.refused(*args, *extra, user=user)
    assert _state(path) == before, "the target was changed"
    assert sorted(os.listdir(cli.folder.parent)) == listing, "a file was left behind"


def _state(path: str) -> bytes | None:
    try:
        if os.path.isfile(path) and not path.startswith("/dev"):
            return Path(path).read_bytes()
    except OSError:
        pass
    return None


@pytest.mark.parametrize("target", list(TARGETS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_output_refused(cli: Loandesk, command: str, target: str) -> None:
    _refused_output(cli, command, target)


@pytest.mark.parametrize("target", FORCE_REFUSED)
@pytest.mark.parametrize("command", ["form-draft", "form-issue", "board-pdf"])
def test_output_refused_even_with_force(cli: Loandesk, command: str, target: str) -> None:
    _refused_output(cli, command, target, "--force")


def test_issued_form_goes_to_a_new_file(cli: Loandesk) -> None:
    """The same command onto a fresh path works: the refusals above are about the path."""
    target = cli.folder.parent / "contract.pdf"
    outcome = cli.run("form", "render", cli.number, "sales_contract", "-o", str(target))
    assert outcome.code == 0, outcome.err
    assert target.read_bytes().startswith(b"%PDF")
    assert not [p for p in os.listdir(cli.folder.parent) if p.endswith(".part")]


@pytest.mark.parametrize("target", ["database", "backups-folder", "empty", "existing-file"])
def test_csv_and_export_folders_refused(cli: Loandesk, target: str) -> None:
    path = TARGETS[target](cli)
    cli.refused("board", "export", "--csv", path, user=MANAGER)
    cli.refused("doc", "export", cli.number, "driver_license", "-o", path)


# -- database URLs -----------------------------------------------------------------------------

URLS = {
    "mysql": "mysql://user:s3cret-pw@db.example/loandesk",
    "mariadb": "mariadb+pymysql://user:s3cret-pw@db.example/loandesk",
    "oracle": "oracle://user:s3cret-pw@db.example/loandesk",
    "mssql": "mssql+pyodbc://user:s3cret-pw@dsn",
    "asyncpg": "postgresql+asyncpg://user:s3cret-pw@db.example/loandesk",
    "psycopg2": "postgresql+psycopg2://user:s3cret-pw@db.example/loandesk",
    "not-a-url": "user:s3cret-pw at the server",
    "no-scheme": "://user:s3cret-pw@host/db",
    "unreachable": "postgresql+psycopg://user:s3cret-pw@127.0.0.1:1/loandesk",
    "sqlite-in-missing-root": "sqlite:////proc/no-such-dir/x.sqlite3",
    "sqlite-on-a-folder": "sqlite:////tmp",
}


@pytest.mark.parametrize("name", list(URLS))
def test_database_url(cli: Loandesk, name: str) -> None:
    line = cli.refused("case", "list", db=URLS[name])
    assert "s3cret-pw" not in line
    if name in ("mysql", "mariadb", "oracle", "mssql"):
        assert "sqlite" in line and "postgresql" in line  # the supported schemes named


def test_database_url_from_the_environment(cli: Loandesk,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOANDESK_DB", URLS["mysql"])
    before = cli.dump()
    outcome = cli.run("case", "list", db="")  # no --db: $LOANDESK_DB
    assert outcome.code == 1 and "s3cret-pw" not in outcome.err
    assert len(outcome.err.strip().splitlines()) == 1
    assert cli.dump() == before


# -- search and list bounds ---------------------------------------------------------------------

SEARCHES = {name: HOSTILE_TEXT[name] for name in
            ("nul", "escape", "rlo", "isolate", "zero-width-space", "bom", "surrogate")}
SEARCHES["too-long"] = "x" * (MAX_SEARCH_TYPED + 1)


@pytest.mark.parametrize("name", list(SEARCHES))
def test_search(cli: Loandesk, name: str) -> None:
    cli.refused("case", "list", "--search", SEARCHES[name], field="search")


LIST_BOUNDS = [
    (["--stuck-days", "1000000"], "stuck_days"), (["--stuck-days", str(MAX_STUCK_DAYS + 1)],
                                                  "stuck_days"),
    (["--stuck-days", "-1"], "stuck_days"), (["--limit", str(10**19)], "limit"),
    (["--limit", str(MAX_PAGE + 1)], "limit"), (["--limit", "0"], "limit"),
    (["--limit", "-1"], "limit"), (["--step", "contract\u202e"], "step"),
]


@pytest.mark.parametrize(("args", "field"), LIST_BOUNDS, ids=[" ".join(a) for a, _ in LIST_BOUNDS])
def test_list_bounds(cli: Loandesk, args: list[str], field: str) -> None:
    cli.refused("case", "list", *args, field=field)


def test_list_bounds_edges_are_accepted(cli: Loandesk) -> None:
    for args in (["--stuck-days", str(MAX_STUCK_DAYS)], ["--limit", str(MAX_PAGE)],
                 ["--limit", "1"], ["--stuck-days", "0"]):
        assert cli.run("case", "list", *args).code == 0, args


@pytest.mark.parametrize("args", [["--limit", "10**19"], ["--stuck-days", "1e6"],
                                  ["--limit", "9" * 5000]])
def test_list_numbers_that_are_not_numbers(cli: Loandesk, args: list[str]) -> None:
    cli.refused("case", "list", *args, code=2)


# -- what an accepted hostile input must not carry along -----------------------------------


def test_a_form_that_could_not_be_written_burns_no_serial(cli: Loandesk) -> None:
    """/proc passes every check (a folder; no such file) and then refuses the write: the
    serial is not recorded, so the first real print is 000001 and no 补打."""
    cli.refused("form", "render", cli.number, "sales_contract", "-o", "/proc/h6-contract.pdf")
    target = cli.folder.parent / "contract.pdf"
    outcome = cli.run("form", "render", cli.number, "sales_contract", "-o", str(target))
    assert outcome.code == 0, outcome.err
    assert f"SC{now().astimezone().year}-000001 written" in outcome.out
    assert "补打" not in outcome.out


def test_pdf_javascript_does_not_reach_the_dossier(cli: Loandesk) -> None:
    from tests.unit.documents.test_pdf_safety import active_pdf, markers

    statement = cli.folder.parent / "statement.pdf"
    statement.write_bytes(active_pdf())
    outcome = cli.run("doc", "add", cli.number, "bank_statement", str(statement),
                      "--set", f"income.{TODAY:%Y-%m}=9000")
    assert outcome.code == 0, outcome.err
    database = Database(cli.url)
    try:
        with database.reading() as session:
            from sqlalchemy import text
            stored = [row[0] for row in session.execute(text(
                "SELECT data FROM blobs JOIN document_pages "
                "ON document_pages.original_sha256 = blobs.sha256"))]
    finally:
        database.dispose()
    assert stored and all(markers(bytes(blob)) == [] for blob in stored)
    dossier = cli.folder.parent / "dossier.pdf"
    assert cli.run("dossier", cli.number, "--draft", "-o", str(dossier)).code == 0
    assert markers(dossier.read_bytes()) == []
