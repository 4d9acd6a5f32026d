"""`loandesk board`, `board export`, `reminders`, `custody` and `follow-up` end to end: output,
exit codes (0 done, 1 refused with nothing written, 2 usage)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.services.common import today
from app.services.demo import ensure_staff
from app.store.db import Database
from app.store.models import AuditEntry
from tests.cli.test_cli import Cli
from tests.conftest import CONSULTANT, FINANCE, MANAGER, PASSWORD, married_case


@pytest.fixture
def desk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Cli, str]:
    cli = Cli(tmp_path, capsys)
    cli.ok("init")
    database = Database(cli.url)
    try:
        ensure_staff(database, PASSWORD)
    finally:
        database.dispose()
    created = cli.json("case", "new", "--json", cli.case_file(married_case()), user=CONSULTANT)
    return cli, str(created["number"])


def test_board_as_text_and_json(desk: tuple[Cli, str]) -> None:
    cli, number = desk
    text = cli.ok("board", user=MANAGER)
    assert "各步骤案件数 Cases per step" in text and number in text and "张三" in text
    data = cli.json("board", "--json", user=FINANCE)
    assert data["counts"][0]["step"] == "contract"
    assert data["counts"][0]["cases"] == 1
    assert data["stuck"][0]["number"] == number and data["stuck"][0]["who"] == "consultant"
    assert data["in_transit_total"] == 0 and data["funding_all"] is None


def test_board_is_for_managers_and_the_back_office(desk: tuple[Cli, str]) -> None:
    cli, _ = desk
    line = cli.refused("board", field="user", user=CONSULTANT)
    assert "board" in line


def test_board_export_csv_and_pdf(desk: tuple[Cli, str], tmp_path: Path) -> None:
    cli, number = desk
    folder = tmp_path / "out"
    folder.mkdir()
    printed = cli.ok("board", "export", "--csv", str(folder), user=MANAGER).split()
    assert len(printed) == 7
    stuck = (folder / "board-stuck.csv").read_bytes()
    assert stuck.startswith(b"\xef\xbb\xbf") and number in stuck.decode("utf-8-sig")
    pdf = tmp_path / "board.pdf"
    assert "written" in cli.ok("board", "export", "--pdf", str(pdf), user=MANAGER)
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert number in text and "吴磊" in text
    database = Database(cli.url)
    try:
        with database.reading() as session:
            formats = [a.detail["format"] for a in session.scalars(
                select(AuditEntry).where(AuditEntry.action == "board.export"))]
    finally:
        database.dispose()
    assert formats == ["csv", "pdf"]


def test_board_export_usage_and_refusals(desk: tuple[Cli, str], tmp_path: Path) -> None:
    cli, _ = desk
    cli.usage("board", "export")
    cli.usage("board", "export", "--csv", str(tmp_path), "--pdf", str(tmp_path / "x.pdf"))
    cli.refused("board", "export", "--csv", str(tmp_path / "missing"), field="--csv",
                user=MANAGER)


def test_custody_out_list_in(desk: tuple[Cli, str]) -> None:
    cli, number = desk
    out = cli.ok("custody", "out", number, "conformity_certificate", "--to", "车管所代办 老张",
                 "--purpose", "抵押登记", user=CONSULTANT)
    assert "checked out" in out
    cli.ok("custody", "out", number, "id_card", "--party", "spouse", "--to", "老张",
           user=CONSULTANT)
    listed = cli.json("custody", "list", "--json", user=CONSULTANT)
    assert {(o["kind"], o["party"], o["days_out"]) for o in listed} == {
        ("conformity_certificate", "none", 0), ("id_card", "spouse", 0)}
    assert "合格证" in cli.ok("custody", "list", user=CONSULTANT)
    cli.refused("custody", "out", number, "conformity_certificate", "--to", "别人",
                field="kind", user=CONSULTANT)
    assert "back after 0 day(s)" in cli.ok("custody", "in", number, "conformity_certificate",
                                           user=CONSULTANT)
    cli.refused("custody", "in", number, "conformity_certificate", field="kind",
                user=CONSULTANT)
    cli.refused("custody", "out", number, "passport", "--to", "老张", field="kind",
                user=CONSULTANT)
    cli.usage("custody", "out", number, "id_card")  # --to is required
    cli.usage("custody", "out", number, "id_card", "--to", "x", "--party", "dog")
    assert cli("custody")[0] == 2


def test_reminders(desk: tuple[Cli, str]) -> None:
    cli, number = desk
    assert "nothing due" in cli.ok("reminders", user=CONSULTANT)
    later = (today() + timedelta(days=10)).isoformat()
    data = cli.json("reminders", "--date", later, "--json", user=MANAGER)
    assert data["on"] == later and data["who"] == ""
    assert [s["number"] for s in data["stuck"]] == [number]
    assert number in cli.ok("reminders", "--date", later, user=CONSULTANT)
    cli.usage("reminders", "--date", "2026-02-30")
    cli.refused("reminders", field="user", user=FINANCE)


def test_follow_up_done_without_a_visit_is_refused(desk: tuple[Cli, str]) -> None:
    cli, number = desk
    cli.refused("follow-up", "done", number, "--result", "好", field="number",
                user=CONSULTANT)
    cli.usage("follow-up", "done", number)
