"""`loandesk` end to end on a temporary SQLite database: output, exit codes, nothing written
when input is refused, and never a traceback for a user's mistake."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.cli import main
from app.services.common import now
from app.store.db import Database
from tests.conftest import LENDER, married_case
from tests.helpers import advance, dump, write_jpeg

YEAR = now().astimezone().year
ROOT = Path(__file__).resolve().parents[2]
CUSTOMER_ID = "11010519491231002X"


class Cli:
    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.path = tmp_path / "x.sqlite3"
        self.url = f"sqlite:///{self.path}"
        self.tmp = tmp_path
        self.capsys = capsys

    def __call__(self, *args: str, user: str | None = None) -> tuple[int, str, str]:
        argv = ["--db", self.url, *(["--user", user] if user else []), *args]
        self.capsys.readouterr()
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse: usage errors and --help
            code = int(exit_.code or 0)
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err, err
        return code, out, err

    def ok(self, *args: str, user: str | None = None) -> str:
        code, out, err = self(*args, user=user)
        assert code == 0, err
        return out

    def json(self, *args: str, user: str | None = None) -> Any:
        return json.loads(self.ok(*args, user=user))

    def dump(self) -> list[str]:
        database = Database(self.url)
        try:
            return dump(database)
        finally:
            database.dispose()

    def refused(self, *args: str, field: str, user: str | None = None) -> str:
        """Exit 1, exactly one line on stderr naming the field, and nothing written."""
        before = self.dump()
        code, out, err = self(*args, user=user)
        assert code == 1, (out, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith(f"loandesk: refused: {field}: "), lines[0]
        assert self.dump() == before
        return lines[0]

    def usage(self, *args: str) -> str:
        before = self.dump() if self.path.exists() else None
        code, _out, err = self(*args)
        assert code == 2, err
        assert "usage" in err
        if before is not None:
            assert self.dump() == before
        return err

    def case_file(self, data: Any, name: str = "case.json") -> str:
        path = self.tmp / name
        path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False),
                        encoding="utf-8")
        return str(path)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path, capsys)


@pytest.fixture
def ready(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """An initialised database with a lender and a consultant, who then acts by default
    (the administrator does no loan work)."""
    cli.ok("init")
    cli.ok("lender", "add", LENDER)
    cli.ok("user", "add", "wang.fang", "王芳", "consultant")
    cli.ok("user", "add", "liu.yang", "刘洋", "credit_officer")
    monkeypatch.setenv("LOANDESK_USER", "wang.fang")
    return cli


@pytest.fixture
def number(ready: Cli) -> str:
    created = ready.json("case", "new", "--json", ready.case_file(married_case()))
    return str(created["number"])


def test_init_is_idempotent(cli: Cli) -> None:
    first = cli.ok("init")
    assert "database ready" in first and "first user: admin" in first
    before = cli.dump()
    second = cli.ok("init")
    assert "database ready" in second and "first user" not in second
    assert cli.dump() == before


def test_help_documents_the_commands(cli: Cli) -> None:
    code, out, _ = cli("--help")
    assert code == 0
    for command in ("init", "demo", "case", "doc", "task", "schedule", "lender", "form",
                    "dossier", "--db", "--user"):
        assert command in out


def test_lender_add_and_list(cli: Cli) -> None:
    cli.ok("init")
    out = cli.ok("lender", "add", LENDER)
    assert LENDER in out and "0.80" in out
    cli.ok("lender", "add", "招商银行", "--max-ltv", "0.7", "--max-term", "48")
    lenders = {lender["name"]: lender for lender in cli.json("lender", "list", "--json")}
    assert set(lenders) == {LENDER, "招商银行"}
    assert lenders["招商银行"]["max_ltv_self_use"] == "0.7"
    assert lenders["招商银行"]["max_term_months"] == "48"
    assert lenders[LENDER]["max_ltv_self_use_new_energy"] == "0.85"
    assert "招商银行" in cli.ok("lender", "list")
    cli.refused("lender", "add", LENDER, field="name")
    cli.refused("lender", "add", "农业银行", "--max-ltv", "1.5", field="max_ltv")
    cli.refused("lender", "add", "农业银行", "--max-term", "600", field="max_term")
    cli.usage("lender", "add", "农业银行", "--max-term", "five")


def test_case_new_from_a_file(ready: Cli) -> None:
    created = ready.json("case", "new", "--json", ready.case_file(married_case()))
    assert created["number"] == f"LD{YEAR}-000001"
    assert created["customer"]["id_number"] in (CUSTOMER_ID, "110105********002X")
    assert created["spouse"]["name"] == "李四"
    assert created["loan"]["amount"] == "140000.00"
    assert created["loan"]["ltv"] == "0.7000"
    assert created["checklist"]["current_step"] == "contract"


def test_case_new_from_stdin(ready: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(married_case())))
    created = ready.json("case", "new", "--json", "-")
    assert created["number"] == f"LD{YEAR}-000001"


def test_case_list(ready: Cli, number: str) -> None:
    data = married_case()
    data["customer"]["name"] = "欧阳娜娜"
    other = ready.json("case", "new", "--json", ready.case_file(data, "b.json"))["number"]
    rows = ready.json("case", "list", "--json")
    assert [r["number"] for r in rows] == [other, number]
    assert rows[1]["id_number"] == "110105********002X"
    assert [r["number"] for r in ready.json("case", "list", "--json", "--search", "欧阳")] == [
        other]
    assert ready.json("case", "list", "--json", "--search", "%") == []
    assert len(ready.json("case", "list", "--json", "--step", "contract")) == 2
    assert ready.json("case", "list", "--json", "--step", "delivery") == []
    ready.refused("case", "list", "--step", "payday", field="step")
    text = ready.ok("case", "list")
    assert number in text and "110105********002X" in text
    assert CUSTOMER_ID not in text


def test_case_show(ready: Cli, number: str) -> None:
    shown = ready.json("case", "show", number, "--json")
    assert shown["number"] == number
    steps = shown["checklist"]["steps"]
    assert [s["id"] for s in steps][:2] == ["contract", "documents"]
    assert steps[0]["state"] == "current"
    card = next(i for i in shown["checklist"]["items"]
                if i["id"] == "id_card" and i["party"] == "spouse")
    assert card["state"] == "missing"
    assert card["reason"] and card["reason_zh"]
    assert all(i["reason"] and i["reason_zh"] for i in shown["checklist"]["items"])
    text = ready.ok("case", "show", number.lower())
    assert number in text and "[missing]" in text


def test_case_set(ready: Cli, number: str) -> None:
    out = ready.ok("case", "set", number, "customer.phone=13912345678", "vehicle.color=曜石黑")
    assert out.strip() == f"{number}: customer.phone, vehicle.color changed"
    assert "no change" in ready.ok("case", "set", number, "vehicle.color=曜石黑")
    assert ready.json("case", "show", number, "--json")["customer"]["phone"] == "13912345678"
    line = ready.refused("case", "set", number, "customer.id_number=110105194912310020",
                         field="customer.id_number")
    assert "check character" in line and "expected" in line
    ready.refused("case", "set", number, "loan.amount=190000", "loan.down_payment=10000",
                  field="loan.amount")
    ready.refused("case", "set", number, "customer.shoe=42", field="customer.shoe")
    ready.refused("case", "set", number, "customer.name=" + "张" * 200, field="customer.name")


def test_doc_add_and_list(ready: Cli, number: str) -> None:
    front = write_jpeg(ready.tmp / "front.jpg", 1)
    back = write_jpeg(ready.tmp / "back.jpg", 2)
    out = ready.ok("doc", "add", number, "id_card", str(front), str(back), "--party",
                   "customer", "--set", f"id_number={CUSTOMER_ID}",
                   "--set", "valid_until=2036-01-01")
    assert "2 page(s) from 2 file(s)" in out
    [document] = ready.json("doc", "list", number, "--json")
    assert document["kind"] == "id_card" and document["pages"] == 2
    # doc list shows what the card says with the number masked (issue 11)
    assert document["content"] == {"id_number": "110105********002X",
                                   "valid_until": "2036-01-01"}
    assert document["files"] == ["back.jpg", "front.jpg"]
    shown = ready.json("case", "show", number, "--json")
    card = next(i for i in shown["checklist"]["items"]
                if i["id"] == "id_card" and i["party"] == "customer")
    assert card["state"] == "satisfied"
    # Bank statement income through --set income.MONTH=AMOUNT
    statement = write_jpeg(ready.tmp / "statement.jpg", 3)
    ready.ok("doc", "add", number, "bank_statement", str(statement),
             "--set", "income.2026-05=8500", "--set", "account_tail=6688")
    listed = ready.json("doc", "list", number, "--json")
    assert listed[1]["content"]["income"] == {"2026-05": "8500.00"}


def test_doc_add_bad_files(ready: Cli, number: str) -> None:
    text = ready.tmp / "notes.jpg"
    text.write_text("hello", encoding="utf-8")
    before = ready.dump()
    code, _out, err = ready("doc", "add", number, "driver_license", str(text))
    assert code == 1
    assert "notes.jpg" in err and "text file" in err
    assert ready.dump() == before
    good = write_jpeg(ready.tmp / "licence.jpg", 4)
    code, out, err = ready("doc", "add", number, "driver_license", str(text), str(good))
    assert code == 0 and "1 page(s) from 1 file(s)" in out and "notes.jpg" in err
    code, _out, err = ready("doc", "add", number, "household_register", str(good))
    assert code == 1 and "already in" in err and number in err
    ready.refused("doc", "add", number, "passport", str(good), field="kind")
    ready.refused("doc", "add", number, "id_card", str(good), "--set", "id_number=123",
                  field="id_number")


def test_task_done_with_values(ready: Cli, number: str) -> None:
    out = ready.ok("task", "done", number, "draft_contract", "--note", "<b>ok</b>")
    assert "draft_contract done" in out and "current step contract" in out
    line = ready.refused("task", "done", number, "credit_decision", "--set",
                         "result=approved", user="liu.yang", field="task")
    assert "Fill in the loan application" in line and "Upload the dossier" in line
    # A case whose application was filled (through the services): the decision may be
    # recorded once the dossier is up.
    data = married_case()
    second = str(ready.json("case", "new", "--json", ready.case_file(data))["number"])
    database = Database(ready.url)
    try:
        advance(database, second, data, 3)
    finally:
        database.dispose()
    ready.ok("task", "done", second, "upload_dossier", user="liu.yang")
    out = ready.ok("task", "done", second, "credit_decision", "--set", "result=approved",
                   user="liu.yang")
    assert "credit_decision done" in out
    tasks = {t["task_id"]: t for t in ready.json("case", "show", second, "--json")["tasks"]}
    assert tasks["credit_decision"]["values"] == {"result": "approved"}
    tasks = {t["task_id"]: t for t in ready.json("case", "show", number, "--json")["tasks"]}
    assert tasks["draft_contract"]["note"] == "<b>ok</b>"
    ready.refused("task", "done", second, "credit_decision", "--set", "result=approved",
                  user="liu.yang", field="task")
    ready.refused("task", "done", number, "upload_dossier", field="user")  # not his task
    ready.refused("task", "done", number, "down_payment", "--set", "amount=-1",
                  field="amount")
    line = ready.refused("task", "done", number, "release_form", field="task")
    assert "mortgage" in line
    ready.refused("task", "done", number, "request_disbursement", user="liu.yang",
                  field="task")
    ready.refused("task", "done", number, "fly_to_the_moon", field="task")
    # An unknown user is refused like a wrong password; only the failed sign-in is recorded.
    code, _out, err = ready("task", "done", number, "down_payment", "--set", "amount=60000",
                            user="nobody")
    assert code == 1 and err.startswith("loandesk: refused: password: unknown user or wrong")
    ready.usage("task", "done", number, "down_payment", "--set", "amount")


def test_schedule(ready: Cli) -> None:
    data = married_case()
    data["loan"].update(amount="100000", down_payment="100000", annual_rate="0.05",
                        term_months=36, fees="0")
    number = ready.json("case", "new", "--json", ready.case_file(data))["number"]
    schedule = ready.json("schedule", number, "--json")
    assert schedule["monthly_payment"] == "2997.09"
    assert schedule["total_interest"] == "7895.23"
    assert schedule["principal"] == "100000.00"
    assert schedule["apr"] == "0.0500"
    assert len(schedule["installments"]) == 36
    assert schedule["installments"][-1]["balance"] == "0.00"
    text = ready.ok("schedule", number)
    assert "total interest ¥7,895.23" in text  # text output: thousands separated (issue 14)
    assert "¥100,000.00 over 36 months" in text
    data["loan"]["method"] = "equal_principal"
    other = ready.json("case", "new", "--json", ready.case_file(data, "p.json"))["number"]
    schedule = ready.json("schedule", other, "--json")
    assert (schedule["first_payment"], schedule["last_payment"]) == ("3194.44", "2789.35")
    assert schedule["total_interest"] == "7708.33"


def test_forms(ready: Cli, number: str) -> None:
    lines = ready.ok("form", "list").strip().splitlines()
    assert len(lines) == 11
    assert any(line.startswith("warehouse_release") and "copies: 2" in line for line in lines)
    out_pdf = ready.tmp / "contract.pdf"
    out = ready.ok("form", "render", number, "sales_contract", "-o", str(out_pdf))
    assert f"SC{YEAR}-000001" in out and "reprint" not in out
    assert len(PdfReader(out_pdf).pages) == 3
    # Issue 11: an existing file is replaced only with --force
    out = ready.ok("form", "render", number, "sales_contract", "-o", str(out_pdf), "--force")
    assert f"SC{YEAR}-000001" in out and "补打" in out
    draft = ready.tmp / "release.pdf"
    ready.ok("form", "render", number, "warehouse_release", "--draft", "-o", str(draft))
    assert len(PdfReader(draft).pages) == 2
    line = ready.refused("form", "render", number, "warehouse_release", "-o",
                         str(ready.tmp / "no.pdf"), field="form")
    assert "mortgage" in line
    assert not (ready.tmp / "no.pdf").exists()
    ready.refused("form", "render", number, "love_letter", "-o", str(draft), "--force",
                  field="form")
    ready.refused("form", "render", number, "sales_contract", "--copy", "purple", "--draft",
                  "-o", str(draft), "--force", field="copy")


def test_dossier(ready: Cli, number: str) -> None:
    target = ready.tmp / "dossier.pdf"
    line = ready.refused("dossier", number, "-o", str(target), field="dossier")
    assert "ID card" in line
    assert not target.exists()
    out = ready.ok("dossier", number, "--draft", "-o", str(target))
    assert "draft" in out
    reader = PdfReader(target)
    assert len(reader.pages) >= 1 and number in reader.pages[0].extract_text()


def test_rejected_new_case_writes_nothing(ready: Cli) -> None:
    bad_id = married_case()
    bad_id["customer"]["id_number"] = "110105194912310020"
    ready.refused("case", "new", "--json", ready.case_file(bad_id), field="customer.id_number")
    unknown = married_case()
    unknown["loan"]["lender"] = "火星银行"
    line = ready.refused("case", "new", "--json", ready.case_file(unknown),
                         field="loan.lender")
    assert LENDER in line
    over = married_case()
    over["loan"].update(amount="190000", down_payment="10000")
    ready.refused("case", "new", "--json", ready.case_file(over), field="loan.amount")
    minor = married_case()
    minor["customer"]["id_number"] = "44011320141005001X"
    ready.refused("case", "new", "--json", ready.case_file(minor), field="customer.id_number")
    ready.refused("case", "new", "--json", ready.case_file("[1, 2]"), field="case")
    assert ready.json("case", "list", "--json") == []


def test_malformed_json_names_the_line(ready: Cli) -> None:
    broken = '{\n  "customer": {\n    "name": "张三",,\n  }\n}\n'
    line = ready.refused("case", "new", "--json", ready.case_file(broken), field="--json")
    assert "line 3" in line
    ready.refused("case", "new", "--json", ready.case_file(""), field="--json")
    missing = str(ready.tmp / "missing.json")
    ready.refused("case", "new", "--json", missing, field=missing)


def test_unknown_case_number(ready: Cli) -> None:
    for args in (("case", "show", "LD2026-999999"), ("schedule", "LD2026-999999"),
                 ("case", "set", "LD2026-999999", "vehicle.color=红"),
                 ("task", "done", "LD2026-999999", "draft_contract"),
                 ("doc", "list", "LD2026-999999")):
        line = ready.refused(*args, field="number")
        assert "LD2026-999999" in line


@pytest.mark.parametrize("args", [
    ("frobnicate",),
    ("case",),
    ("case", "show"),
    ("case", "new"),
    ("case", "set", "LD2026-000001"),
    ("case", "set", "LD2026-000001", "customer.phone"),
    ("case", "set", "LD2026-000001", "=13912345678"),
    ("case", "list", "--stuck-days", "many"),
    ("doc", "add", "LD2026-000001"),
    ("doc", "add", "LD2026-000001", "id_card", "--party", "cousin"),
    ("task", "done", "LD2026-000001"),
    ("task", "undo", "LD2026-000001", "draft_contract"),
    ("form", "render", "LD2026-000001", "fee_details"),
    ("lender", "add"),
])
def test_usage_errors_exit_2(ready: Cli, args: tuple[str, ...]) -> None:
    ready.usage(*args)


def test_subprocess_exit_codes_and_no_traceback(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", "--db", url, *args], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=60,
                              check=False)

    assert run("init").returncode == 0
    shown = run("case", "show", "LD2026-000001")
    assert shown.returncode == 1
    assert shown.stderr.strip().startswith("loandesk: refused: number: ")
    assert "Traceback" not in shown.stderr
    usage = run("case", "bogus")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_sign_in_needs_the_right_password_and_locks_after_five_failures(
        ready: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOANDESK_PASSWORD", "wrong-password")
    for _ in range(5):
        code, _out, err = ready("case", "list")
        assert code == 1 and "wrong password" in err
    monkeypatch.setenv("LOANDESK_PASSWORD", "test-password-1")
    code, _out, err = ready("case", "list")
    assert code == 1 and "locked until" in err
    monkeypatch.delenv("LOANDESK_PASSWORD")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    code, _out, err = ready("case", "list", user="liu.yang")
    assert code == 1 and err.startswith("loandesk: refused: password: none given")


def test_init_has_no_default_password(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOANDESK_PASSWORD")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    code, _out, err = cli("init")
    assert code == 1 and "password" in err
    short = cli.tmp / "short.txt"
    short.write_text("abc\n")
    code, _out, err = cli("--password-file", str(short), "init")
    assert code == 1 and "at least 8 characters" in err
    good = cli.tmp / "good.txt"
    good.write_text("a-good-password\n")
    assert "first user: admin" in cli.ok("--password-file", str(good), "init")
    assert "admin" in cli.ok("--password-file", str(good), "user", "list")
