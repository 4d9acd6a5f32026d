"""Personal data masked by default in every output (issue 11), asked for from the wrong role
and from the right one without --reveal; revealing is a right, and it is audited."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.cli import main
from app.domain.privacy import mask_id
from app.services.common import now
from app.services.demo import ensure_staff
from app.services.users import initialise
from app.store.db import Database
from app.store.models import AuditEntry
from tests.conftest import (
    CONSULTANT,
    CREDIT,
    FINANCE,
    INFO,
    INSURANCE,
    MANAGER,
    OTHER_CONSULTANT,
    PASSWORD,
    WAREHOUSE,
    married_case,
)
from tests.helpers import new_case

DATA = married_case()
SECRETS = (DATA["customer"]["id_number"], DATA["spouse"]["id_number"])
PHONES = (DATA["customer"]["phone"], DATA["spouse"]["phone"])
EVERYONE = (CONSULTANT, OTHER_CONSULTANT, INFO, FINANCE, CREDIT, INSURANCE, WAREHOUSE, MANAGER)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("masking") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    initialise(db, PASSWORD)
    ensure_staff(db, PASSWORD)
    number, _ = new_case(db, steps=3)  # ID cards with their numbers as content
    db.dispose()
    return path, number


@dataclass
class Desk:
    url: str
    number: str
    tmp: Path
    capsys: pytest.CaptureFixture[str]

    def __call__(self, user: str, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--db", self.url, "--user", user, *args])
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    def ok(self, user: str, *args: str) -> str:
        code, out, err = self(user, *args)
        assert code == 0, err
        return out

    def audit_rows(self, action: str) -> list[AuditEntry]:
        db = Database(self.url)
        try:
            with db.reading() as session:
                return list(session.scalars(select(AuditEntry).where(
                    AuditEntry.action == action)))
        finally:
            db.dispose()


@pytest.fixture
def desk(template: tuple[Path, str], tmp_path: Path,
         capsys: pytest.CaptureFixture[str]) -> Desk:
    path, number = template
    target = tmp_path / "db.sqlite3"
    source = Database(f"sqlite:///{path}")
    source.backup_sqlite(target)
    source.dispose()
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / f"loandesk-auto-{now().astimezone():%Y%m%d}.sqlite3").touch()
    return Desk(f"sqlite:///{target}", number, tmp_path, capsys)


def assert_no_full_numbers(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text
        assert secret[::-1] not in text


@pytest.mark.parametrize("user", EVERYONE)
def test_case_show_json_masks_ids_and_document_content(desk: Desk, user: str) -> None:
    out = desk.ok(user, "case", "show", desk.number, "--json")
    assert_no_full_numbers(out)
    shown = json.loads(out)
    assert shown["customer"]["id_number"] == mask_id(SECRETS[0])
    assert shown["spouse"]["id_number"] == mask_id(SECRETS[1])
    cards = [d["content"]["id_number"] for d in shown["documents"] if d["kind"] == "id_card"]
    assert sorted(cards) == sorted(mask_id(s) for s in SECRETS)


@pytest.mark.parametrize("user", EVERYONE)
def test_lists_and_document_lists_are_masked(desk: Desk, user: str) -> None:
    listed = desk.ok(user, "case", "list", "--json")
    assert_no_full_numbers(listed)
    assert json.loads(listed)[0]["id_number"] == mask_id(SECRETS[0])
    documents = desk.ok(user, "doc", "list", desk.number, "--json")
    assert_no_full_numbers(documents)
    assert mask_id(SECRETS[0]) in documents
    assert_no_full_numbers(desk.ok(user, "doc", "list", desk.number))


@pytest.mark.parametrize("user", EVERYONE)
def test_the_case_history_masks_ids_and_phones(desk: Desk, user: str) -> None:
    out = desk.ok(user, "audit", "list", desk.number)
    assert "case.create" in out and "document.add" in out
    assert_no_full_numbers(out)
    for phone in PHONES:
        assert phone not in out and phone[::-1] not in out  # the search columns too
    assert mask_id(SECRETS[0]) in out


def test_the_audit_rows_keep_the_full_values(desk: Desk) -> None:
    """Masked when shown, never when stored: the trail can still undo a change."""
    [created] = desk.audit_rows("case.create")
    assert created.detail["case"]["customer"]["id_number"] == SECRETS[0]


def test_reveal_is_a_right_and_audited(desk: Desk) -> None:
    for user in (WAREHOUSE, INFO, INSURANCE, OTHER_CONSULTANT):
        code, _out, err = desk(user, "case", "show", desk.number, "--reveal")
        assert code == 1 and "reveal" in err, err
    assert desk.audit_rows("id.reveal") == []
    out = desk.ok(CONSULTANT, "case", "show", desk.number, "--reveal", "--json")
    assert json.loads(out)["customer"]["id_number"] == SECRETS[0]
    [row] = desk.audit_rows("id.reveal")
    assert row.user_name == CONSULTANT and row.case_number == desk.number


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes()))
                   .pages)


@pytest.mark.parametrize("user", [INFO, WAREHOUSE, CONSULTANT, MANAGER])
def test_draft_forms_show_masked_numbers(desk: Desk, user: str) -> None:
    pdf = desk.tmp / "draft.pdf"
    desk.ok(user, "form", "render", desk.number, "loan_application", "-o", str(pdf), "--draft")
    text = _pdf_text(pdf).replace(" ", "")
    assert_no_full_numbers(text)
    assert mask_id(SECRETS[0]) in text


def test_issuing_a_form_with_the_full_number_is_an_audited_reveal(desk: Desk) -> None:
    pdf = desk.tmp / "issued.pdf"
    desk.ok(CONSULTANT, "form", "render", desk.number, "loan_application", "-o", str(pdf))
    assert SECRETS[0] in _pdf_text(pdf).replace(" ", "")
    [issued] = desk.audit_rows("form.issue")
    assert issued.detail["id_revealed"] is True
    desk.ok(CONSULTANT, "form", "render", desk.number, "fee_details", "-o",
            str(desk.tmp / "fees.pdf"))
    masked_form = [r for r in desk.audit_rows("form.issue") if r.detail["form"] == "fee_details"]
    assert masked_form[0].detail["id_revealed"] is False


@pytest.mark.parametrize("user", [WAREHOUSE, INFO, FINANCE, INSURANCE, OTHER_CONSULTANT])
def test_id_cards_are_not_exported_to_the_wrong_role(desk: Desk, user: str) -> None:
    target = desk.tmp / "export"
    code, _out, err = desk(user, "doc", "export", desk.number, "id_card", "-o", str(target))
    assert (code == 1 and "may not" in err) or "belongs to" in err, err
    assert not target.exists()  # not even the folder
    assert desk.audit_rows("document.export") == []


def test_an_exported_id_card_is_watermarked_and_audited(desk: Desk) -> None:
    target = desk.tmp / "export"
    out = desk.ok(CREDIT, "doc", "export", desk.number, "id_card", "-o", str(target))
    assert len(out.splitlines()) == 2  # customer's and spouse's card
    [row] = desk.audit_rows("document.export")
    assert row.detail["watermarked"] is True and row.user_name == CREDIT


def test_a_number_quoted_in_a_task_note_is_masked(desk: Desk) -> None:
    desk.ok(CREDIT, "task", "done", desk.number, "upload_dossier", "--note",
            f"上传 {SECRETS[0]}，客户电话 {PHONES[0]}")
    out = desk.ok(MANAGER, "case", "show", desk.number, "--json")
    assert_no_full_numbers(out)
    [note] = [t["note"] for t in json.loads(out)["tasks"] if t["task_id"] == "upload_dossier"]
    assert note == f"上传 {mask_id(SECRETS[0])}，客户电话 138****8000"
