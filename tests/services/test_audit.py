"""The audit trail: one row per service call with the acting user, and a hash chain."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.domain.errors import InvalidInput
from app.services import dossier, forms, lenders, settings, tasks, users
from app.services.audit import case_history, verify_chain
from app.services.cases import create_case, get_case, update_case
from app.services.documents import add_document, import_files, remove_document, set_content
from app.services.listing import CaseQuery, list_cases
from app.store.db import Database
from app.store.models import AuditEntry
from tests.audit_tampers import TAMPERS, check_tamper, raw
from tests.conftest import CONSULTANT, CREDIT, INFO, MANAGER, married_case
from tests.helpers import advancer, new_case, write_jpeg

Tamper = Callable[[Database], tuple[str, int | None]]


def rows(db: Database) -> list[AuditEntry]:
    with db.reading() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_every_service_call_writes_one_row_with_the_acting_user(db: Database,
                                                                tmp_path: Path) -> None:
    number, _ = new_case(db, 3)
    files, _ = import_files([write_jpeg(tmp_path / "a.jpg", 11)])
    state: dict[str, object] = {}

    def add() -> None:
        result = add_document(db, CONSULTANT, number, "bank_card", files)
        state["doc"] = result.document_id

    def issue() -> None:
        state["serial"] = forms.issue_form(db, CONSULTANT, number, "sales_contract").serial

    calls: list[tuple[str, str, Callable[[], object]]] = [
        ("case.create", CONSULTANT, lambda: create_case(db, CONSULTANT, married_case())),
        ("case.update", CONSULTANT, lambda: update_case(db, CONSULTANT, number,
                                                        {"vehicle.color": "曜石黑"})),
        ("task.done", CREDIT, lambda: tasks.complete_task(db, CREDIT, number,
                                                          "upload_dossier")),
        ("task.undo", MANAGER, lambda: tasks.undo_task(db, MANAGER, number, "upload_dossier",
                                                       reason="uploaded to the wrong bank")),
        ("gate.override", MANAGER, lambda: tasks.override_gate(
            db, MANAGER, number, "release_before_delivery", reason="客户急需用车，经理担保")),
        ("document.add", CONSULTANT, add),
        ("document.content", CONSULTANT, lambda: set_content(
            db, CONSULTANT, state["doc"], {})),  # type: ignore[arg-type]
        ("document.remove", CONSULTANT, lambda: remove_document(
            db, CONSULTANT, state["doc"], reason="duplicate")),  # type: ignore[arg-type]
        ("form.issue", CONSULTANT, issue),
        ("form.reprint", CONSULTANT, issue),
        ("form.receipt", INFO, lambda: forms.confirm_receipt(db, INFO, str(state["serial"]),
                                                             "red")),
        ("dossier.build", CREDIT, lambda: dossier.build_case_dossier(db, CREDIT, number)),
        ("document.export", CREDIT, lambda: dossier.export_documents(
            db, CREDIT, number, "id_card", tmp_path / "export")),
        ("lender.add", "admin", lambda: lenders.add_lender(db, "admin", "招商银行")),
        ("user.add", "admin", lambda: users.add_user(db, "admin", "qian.duo", "钱多",
                                                     "finance")),
        ("setting.set", "admin", lambda: settings.set_setting(db, "admin", "dealership.name",
                                                              "<b>星光</b> & 4S店")),
    ]
    for action, actor, call in calls:
        before = len(rows(db))
        call()
        after = rows(db)
        assert len(after) == before + 1, action
        assert (after[-1].action, after[-1].user_name) == (action, actor)
    # Reading writes nothing.
    before = len(rows(db))
    get_case(db, MANAGER, number)
    list_cases(db, MANAGER, CaseQuery(search="张"))
    forms.preview_form(db, CONSULTANT, number, "fee_details")
    forms.issued_forms(db, CONSULTANT, number)
    case_history(db, MANAGER, number)
    assert len(rows(db)) == before
    assert verify_chain(db).broken_at is None


def test_failed_calls_write_no_row(db: Database) -> None:
    number, _ = new_case(db)
    before = len(rows(db))
    for call in (lambda: update_case(db, CONSULTANT, number, {"vehicle.vin": "X"}),
                 lambda: tasks.complete_task(db, CONSULTANT, number, "released"),
                 lambda: lenders.add_lender(db, CONSULTANT, "招商银行")):
        with pytest.raises(InvalidInput):
            call()
    assert len(rows(db)) == before


def test_chain_links_every_row(db: Database) -> None:
    new_case(db)
    entries = rows(db)
    assert entries[0].action == "database.init"
    assert entries[0].prev_hash == "0" * 64
    for previous, entry in itertools.pairwise(entries):
        assert entry.prev_hash == previous.hash
    check = verify_chain(db)
    assert check.rows == len(entries) and check.broken_at is None


def test_tampering_with_a_detail_is_found(db: Database) -> None:
    number, _ = new_case(db)
    update_case(db, CONSULTANT, number, {"loan.annual_rate": "0.0450"})
    tasks.complete_task(db, CONSULTANT, number, "draft_contract")
    target = next(r for r in rows(db) if r.action == "case.update")
    detail = dict(target.detail)
    detail["changes"]["loan.annual_rate"]["to"] = "0.0399"
    raw(db, "UPDATE audit_log SET detail = :d WHERE id = :i",
        {"d": json.dumps(detail, ensure_ascii=False), "i": target.id})
    check = verify_chain(db)
    assert check.broken_at == target.id
    assert "content was changed" in check.problem


def test_tampering_with_the_user_or_removing_a_row_is_found(db: Database) -> None:
    number, data = new_case(db)
    advancer(db, number, data).step("contract")  # its tasks in the procedure's order
    entries = rows(db)
    raw(db, "UPDATE audit_log SET user_name = 'li.qiang' WHERE id = :i", {"i": entries[-1].id})
    assert verify_chain(db).broken_at == entries[-1].id
    raw(db, "UPDATE audit_log SET user_name = :u WHERE id = :i",
        {"u": CONSULTANT, "i": entries[-1].id})
    assert verify_chain(db).broken_at is None
    raw(db, "DELETE FROM audit_log WHERE id = :i", {"i": entries[-2].id})
    check = verify_chain(db)
    assert check.broken_at == entries[-1].id
    assert "removed or changed" in check.problem


def test_verify_in_small_batches(db: Database) -> None:
    number, data = new_case(db)
    advancer(db, number, data).step("contract")  # its tasks in the procedure's order
    assert verify_chain(db, batch=1).rows == len(rows(db))


def test_case_history_newest_first(db: Database) -> None:
    number, _ = new_case(db)
    tasks.complete_task(db, CONSULTANT, number, "draft_contract")
    history = case_history(db, MANAGER, number)
    assert [h.action for h in history] == ["task.done", "case.create"]
    assert history[-1].detail["case"]["customer"]["name"] == "张三"


@pytest.mark.parametrize("tamper", TAMPERS, ids=lambda t: t.__name__)
def test_every_tamper_is_found_by_row(db: Database, tamper: Tamper) -> None:
    check_tamper(db, tamper)


def test_every_change_keeps_its_values_before_and_after(db: Database) -> None:
    """Going single erases the spouse from the case; the audit keeps the name, ID number and
    phone, so the change can be undone from the trail alone."""
    number, data = new_case(db)
    update_case(db, CONSULTANT, number, {"customer.marital_status": "single"},
                clear_spouse=True)
    entry = rows(db)[-1]
    assert entry.action == "case.update"
    change = next(r for r in entry.detail["rows"] if r["table"] == "cases")
    assert change["op"] == "update"
    for column, field in (("spouse_name", "name"), ("spouse_id_number", "id_number"),
                          ("spouse_phone", "phone")):
        assert change["before"][column] == data["spouse"][field]
        assert change["after"][column] == ""
    assert change["before"]["marital_status"] == "married"
    with db.reading() as session:
        stored = session.scalar(text("SELECT digest FROM cases WHERE number = :n"),
                                {"n": number})
    assert change["digest"] == stored and stored is not None


def test_changes_made_without_an_audit_call_are_still_recorded(db: Database) -> None:
    """A service that forgot to call audit() cannot change a row unrecorded."""
    from app.store.models import Lender

    with db.transaction() as session:
        lender = session.scalar(select(Lender).where(Lender.name == "中国工商银行"))
        assert lender is not None
        lender.max_term_months = 48
    entry = rows(db)[-1]
    assert (entry.action, entry.user_name) == ("data.change", "system")
    assert entry.detail["rows"][0]["before"]["max_term_months"] == 60
    assert entry.detail["rows"][0]["after"]["max_term_months"] == 48
    assert verify_chain(db).intact


def test_password_hashes_are_recorded_as_changed_never_their_value(db: Database) -> None:
    from app.services.auth import set_password

    set_password(db, "admin", CONSULTANT, "another-password-9")
    change = next(r for r in rows(db)[-1].detail["rows"] if r["table"] == "users")
    assert change["before"]["password_hash"] == change["after"]["password_hash"] == "(changed)"


def test_sequence_numbers_have_no_gaps_and_the_head_follows(db: Database) -> None:
    from app.store.models import AuditHead

    new_case(db)
    entries = rows(db)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    with db.reading() as session:
        head = session.get(AuditHead, 1)
        assert head is not None
        assert (head.seq, head.hash) == (entries[-1].seq, entries[-1].hash)


def test_a_foreign_key_file_is_refused_for_writing_and_reported(db: Database) -> None:
    from app.store.audit_chain import AuditTrailRefused

    assert db.audit_key_path is not None
    original = db.audit_key_path.read_text()
    db.audit_key_path.write_text("11" * 32 + "\n")
    try:
        with pytest.raises(AuditTrailRefused):
            settings.set_setting(db, "admin", "backup.keep", "9")
        check = verify_chain(db)
        assert "another key" in "\n".join(str(t) for t in check.tampers)
    finally:
        db.audit_key_path.write_text(original)
    assert verify_chain(db).intact


def test_the_history_masks_the_numbers_the_trail_keeps_in_full(db: Database) -> None:
    """The trail records each changed row before and after, the reversed search columns
    (customer_id_rev, customer_phone_rev) included; the history shows none of them in full."""
    number, data = new_case(db)
    update_case(db, CONSULTANT, number, {"customer.phone": "13912345678"})
    stored = json.dumps([r.detail for r in rows(db)], ensure_ascii=False)
    shown = json.dumps([e.detail for e in case_history(db, MANAGER, number)],
                       ensure_ascii=False)
    numbers = [data["customer"]["id_number"], data["spouse"]["id_number"],
               data["customer"]["phone"], "13912345678"]
    for value in numbers:
        assert value in stored or value[::-1] in stored  # kept, so a change can be undone
        assert value not in shown and value[::-1] not in shown
