"""Tasks and decisions through the services: roles, gates, overrides, undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.checklist import State
from app.domain.errors import GateClosed, InvalidInput, NotFound, PermissionDenied
from app.domain.procedure import TASKS
from app.services.cases import get_case
from app.services.forms import confirm_receipt, issue_form
from app.services.listing import CaseQuery, list_cases
from app.services.settlement import settlement_of
from app.services.tasks import complete_task, override_gate, undo_task
from app.store.db import Database
from app.store.models import AuditEntry, Case, GateOverride
from tests.conftest import (
    CONSULTANT,
    CREDIT,
    FINANCE,
    INFO,
    INSURANCE,
    LENDER,
    MANAGER,
    OTHER_CONSULTANT,
    WAREHOUSE,
)
from tests.helpers import PLATE, advancer, dump, new_case
from tests.services.conftest import template

REASON = "银行书面同意先放款，保单明日补交"


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """Cases at useful points: fresh, after step 5 (no insurance), after step 8."""

    def build(db: Database) -> dict[str, str]:
        fresh, _ = new_case(db)
        approved, data5 = new_case(db)
        driver = advancer(db, approved, data5)
        for step in ("contract", "documents", "application", "credit_review",
                     "approval_invoice"):
            driver.step(step)
        registered, _ = new_case(db, 8)
        return {"fresh": fresh, "approved": approved, "registered": registered}

    return template(tmp_path_factory, "tasks", build)


@pytest.fixture
def cases(staged: tuple[Path, dict[str, str]],
          copy_of: Callable[[Path], Database]) -> tuple[Database, dict[str, str]]:
    path, numbers = staged
    return copy_of(path), numbers


def item_state(db: Database, number: str, id_: str, what: str = "task") -> State:
    checklist = get_case(db, MANAGER, number).checklist
    return next(i for i in checklist.items if i.id == id_ and i.what == what).state


def current_step(db: Database, number: str) -> str:
    with db.reading() as session:
        step = session.scalar(select(Case.current_step).where(Case.number == number))
        assert step is not None
        return step


def test_completing_tasks_moves_the_case(db: Database) -> None:
    number, _ = new_case(db)
    result = complete_task(db, CONSULTANT, number, "draft_contract", note="<b>初稿</b> & 定稿")
    item = next(i for i in result.items if i.id == "draft_contract")
    assert item.state is State.SATISFIED
    assert "王芳" in item.reason.zh
    assert result.current_step == "contract"
    driver = advancer(db, number, {})
    driver.doc("sales_contract_signed", "customer")
    complete_task(db, CONSULTANT, number, "sign_contract")
    result = complete_task(db, CONSULTANT, number, "draft_accessory_list")
    assert result.step_status("contract").state.value == "done"
    assert result.current_step == "documents"
    assert current_step(db, number) == "documents"
    rows = list_cases(db, MANAGER, CaseQuery(step="documents"))
    assert [r.number for r in rows] == [number]
    detail = get_case(db, CONSULTANT, number)
    assert detail.tasks["draft_contract"].note == "<b>初稿</b> & 定稿"


def test_task_audit_row(db: Database) -> None:
    number, _ = new_case(db)
    complete_task(db, CONSULTANT, number, "draft_contract", note="ok")
    with db.reading() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last is not None
    assert (last.action, last.user_name, last.case_number) == ("task.done", CONSULTANT, number)
    # Beside what the service says, the row carries the task row written (issue 11: every
    # change with its values before and after).
    rows = last.detail.pop("rows")
    assert last.detail == {"task": "draft_contract", "values": {}, "note": "ok"}
    assert [(r["table"], r["op"], r["after"]["task_id"]) for r in rows
            if r["table"] == "tasks"] == [("tasks", "insert", "draft_contract")]


def test_a_finance_task_by_a_consultant_is_refused_naming_who_may(
        cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    before = dump(db)
    with pytest.raises(PermissionDenied) as caught:
        complete_task(db, CONSULTANT, numbers["approved"], "settlement",
                      values={"total": "200000"})
    assert caught.value.field == "user"
    assert caught.value.expected == "the finance or a manager"
    assert "财务或经理" in caught.value.zh
    assert dump(db) == before


@pytest.mark.parametrize(("actor", "task_id", "values"), [
    (WAREHOUSE, "credit_decision", {"result": "approved"}),
    (INSURANCE, "released", {}),
    (OTHER_CONSULTANT, "upload_dossier", {}),
    (CREDIT, "down_payment", {"amount": "1"}),
])
def test_roles_are_enforced(db: Database, actor: str, task_id: str,
                            values: dict[str, str]) -> None:
    number, _ = new_case(db)
    with pytest.raises(PermissionDenied):
        complete_task(db, actor, number, task_id, values=values)


@pytest.mark.parametrize(("task_id", "values", "field", "words"), [
    ("no_such_task", {}, "task", "unknown task"),
    ("credit_decision", {"result": "maybe"}, "result", "not a choice"),
    ("credit_decision", {}, "result", "required"),
    ("credit_decision", {"result": "approved", "colour": "red"}, "colour", "not a value"),
    ("down_payment", {"amount": "-5"}, "amount", "positive"),
    ("down_payment", {"amount": "lots"}, "amount", "not an amount"),
    ("plate", {"plate": "京O12345"}, "plate", ""),
    ("mortgage_registered", {"registered_on": "yesterday"}, "registered_on", "not a date"),
])
def test_bad_task_values(db: Database, task_id: str, values: dict[str, str], field: str,
                         words: str) -> None:
    number, _ = new_case(db)
    before = dump(db)
    with pytest.raises(InvalidInput) as caught:
        complete_task(db, MANAGER, number, task_id, values=values)
    assert caught.value.field == field
    assert words in caught.value.problem
    assert dump(db) == before


def test_a_task_is_done_once(db: Database) -> None:
    number, _ = new_case(db)
    complete_task(db, CONSULTANT, number, "draft_contract")
    with pytest.raises(InvalidInput) as caught:
        complete_task(db, CONSULTANT, number, "draft_contract")
    assert caught.value.field == "task" and "undo it first" in caught.value.expected


def test_down_payment_waits_for_approval(db: Database) -> None:
    number, _ = new_case(db, 3)
    complete_task(db, CREDIT, number, "upload_dossier")
    with pytest.raises(GateClosed) as caught:
        complete_task(db, FINANCE, number, "down_payment", values={"amount": "60000"})
    assert "first: Record the lender's decision (the credit officer does it)" \
        in caught.value.problem
    assert "登记审批结果（由信贷专员完成）" in caught.value.zh
    complete_task(db, CREDIT, number, "credit_decision", values={"result": "rejected"})
    with pytest.raises(GateClosed, match="has not approved"):
        complete_task(db, FINANCE, number, "down_payment", values={"amount": "60000"})
    assert get_case(db, MANAGER, number).status == "rejected"


def bank_card_and_loan_contract(db: Database, number: str) -> None:
    """Step 7 up to the request: the card opened, the loan contract signed, both on file."""
    driver = advancer(db, number, {})
    driver.doc("bank_card", "customer")
    driver.doc("loan_contract_signed", "customer")
    complete_task(db, CONSULTANT, number, "open_bank_card")
    complete_task(db, CONSULTANT, number, "sign_loan_contract")


def test_disbursement_needs_a_policy_naming_the_lender(
        cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    number = numbers["approved"]
    before = dump(db)
    with pytest.raises(GateClosed) as caught:
        complete_task(db, CREDIT, number, "request_disbursement")
    assert caught.value.field == "task"
    assert LENDER in caught.value.problem and "first beneficiary" in caught.value.problem
    assert "manager may override" in caught.value.problem
    assert dump(db) == before
    # A policy naming the customer does not open it either.
    advancer(db, number, {}).doc("insurance_policy", None, {
        "period_end": "2099-01-01", "first_beneficiary": "张三"})
    with pytest.raises(GateClosed, match="first beneficiary is 张三"):
        complete_task(db, CREDIT, number, "request_disbursement")
    assert item_state(db, number, "insurance_policy", "document") is State.INVALID
    bank_card_and_loan_contract(db, number)
    with pytest.raises(GateClosed, match="first beneficiary is 张三"):
        complete_task(db, CREDIT, number, "request_disbursement")
    # The lender named: allowed.
    advancer(db, number, {}).doc("insurance_policy", None, {
        "period_end": "2099-01-01", "first_beneficiary": LENDER})
    complete_task(db, CREDIT, number, "request_disbursement")
    assert item_state(db, number, "request_disbursement") is State.SATISFIED


def test_disbursed_needs_the_request_first(cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    with pytest.raises(GateClosed, match="first: Request the disbursement"):
        complete_task(db, CREDIT, numbers["approved"], "disbursed", values={"amount": "1"})


def test_manager_override_with_a_reason_opens_the_gate(
        cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    number = numbers["approved"]
    for actor in (CREDIT, CONSULTANT):
        with pytest.raises(PermissionDenied):
            override_gate(db, actor, number, "beneficiary_before_disbursement", reason=REASON)
    with pytest.raises(InvalidInput) as caught:
        override_gate(db, MANAGER, number, "beneficiary_before_disbursement", reason="ok")
    assert caught.value.field == "reason"
    with pytest.raises(InvalidInput) as caught:
        override_gate(db, MANAGER, number, "no_gate", reason=REASON)
    assert caught.value.field == "gate"
    override_gate(db, MANAGER, number, "beneficiary_before_disbursement", reason=REASON)
    with pytest.raises(InvalidInput, match="already overridden"):
        override_gate(db, MANAGER, number, "beneficiary_before_disbursement", reason=REASON)
    # The override opens the gate, not the other prerequisites: card and contract first.
    with pytest.raises(GateClosed) as caught:
        complete_task(db, CREDIT, number, "request_disbursement")
    assert "bank card" in caught.value.problem and "first beneficiary" not in \
        caught.value.problem
    bank_card_and_loan_contract(db, number)
    complete_task(db, CREDIT, number, "request_disbursement")
    detail = get_case(db, MANAGER, number)
    assert detail.overrides["beneficiary_before_disbursement"].reason == REASON
    with db.reading() as session:
        override = session.scalar(select(GateOverride))
        audit = session.scalar(select(AuditEntry).where(AuditEntry.action == "gate.override"))
    assert override is not None and override.by.name == MANAGER
    assert audit is not None and audit.detail["reason"] == REASON


def test_release_form_before_the_mortgage_is_registered(
        cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    with pytest.raises(GateClosed) as caught:
        complete_task(db, CONSULTANT, numbers["fresh"], "release_form")
    assert "the mortgage is not registered yet" in caught.value.problem
    assert "抵押登记" in caught.value.zh
    # Seed order ⑨: the form, red copy → info clerk, green → warehouse keeper, then finance
    # settles; the car leaves with both copies received and the deal settled.
    number = numbers["registered"]
    with pytest.raises(GateClosed, match=r"warehouse-release form .* is not issued yet"):
        complete_task(db, CONSULTANT, number, "release_form")
    # Issue 10: finance records the amount due the domain computes, not the car's price.
    due = str(settlement_of(db, FINANCE, number).total)
    with pytest.raises(GateClosed, match="first: Fill the warehouse-release form"):
        complete_task(db, FINANCE, number, "settlement", values={"total": due})
    serial = issue_form(db, CONSULTANT, number, "warehouse_release").serial
    complete_task(db, CONSULTANT, number, "release_form")
    with pytest.raises(GateClosed) as caught:
        complete_task(db, WAREHOUSE, number, "released")
    for missing in ("red copy", "green copy", "first: Settle at finance"):
        assert missing in caught.value.problem
    confirm_receipt(db, INFO, serial, "red")
    with pytest.raises(GateClosed) as caught:
        complete_task(db, FINANCE, number, "settlement", values={"total": due})
    assert "green copy" in caught.value.problem and "red copy" not in caught.value.problem
    assert "库管" in caught.value.zh  # who has to confirm it
    confirm_receipt(db, WAREHOUSE, serial, "green")
    with pytest.raises(GateClosed, match="first: Settle at finance"):
        complete_task(db, WAREHOUSE, number, "released")
    complete_task(db, FINANCE, number, "settlement", values={"total": due})
    with pytest.raises(GateClosed, match="warehouse"):
        complete_task(db, CONSULTANT, number, "delivered")
    complete_task(db, WAREHOUSE, number, "released")
    advancer(db, number, {}).doc("delivery_photo")
    result = complete_task(db, CONSULTANT, number, "delivered",
                           values={"service_advisor": "郑师傅"})
    assert result.step_status("warehouse_release").state.value == "done"
    assert result.current_step == "delivery"


def test_delivered_before_released(cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    before = dump(db)
    with pytest.raises(GateClosed) as caught:
        complete_task(db, CONSULTANT, numbers["fresh"], "delivered")
    assert "has not been released" in caught.value.problem
    assert dump(db) == before
    override_gate(db, MANAGER, numbers["fresh"], "release_before_delivery", reason=REASON)
    with pytest.raises(GateClosed) as caught:  # the override does not stand for the photo
        complete_task(db, CONSULTANT, numbers["fresh"], "delivered")
    assert "delivery photo" in caught.value.problem
    assert "has not been released" not in caught.value.problem
    advancer(db, numbers["fresh"], {}).doc("delivery_photo")
    complete_task(db, CONSULTANT, numbers["fresh"], "delivered")


def test_plate_task_sets_the_cases_plate(cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    detail = get_case(db, MANAGER, numbers["registered"])
    assert detail.data.vehicle.plate == PLATE
    number = numbers["approved"]  # invoiced; the 合格证 and the purchase tax come first
    vehicle = get_case(db, MANAGER, number).data.vehicle
    driver = advancer(db, number, {})
    driver.doc("conformity_certificate", None, {"vin": vehicle.vin,
                                                "engine_number": vehicle.engine_number})
    driver.doc("purchase_tax_certificate")
    complete_task(db, CONSULTANT, number, "purchase_tax")
    complete_task(db, CONSULTANT, number, "plate", values={"plate": "粤b·d12345"})
    assert get_case(db, MANAGER, number).data.vehicle.plate == "粤BD12345"


def test_undo_task(db: Database) -> None:
    number, _ = new_case(db)
    complete_task(db, CONSULTANT, number, "draft_contract")
    with pytest.raises(InvalidInput) as caught:
        undo_task(db, CONSULTANT, number, "draft_contract", reason="")
    assert caught.value.field == "reason"
    with pytest.raises(PermissionDenied):
        undo_task(db, OTHER_CONSULTANT, number, "draft_contract", reason="wrong case")
    undo_task(db, CONSULTANT, number, "draft_contract", reason="recorded by mistake")
    assert item_state(db, number, "draft_contract") is State.MISSING
    with pytest.raises(InvalidInput, match="is not done"):
        undo_task(db, CONSULTANT, number, "draft_contract", reason="again")
    complete_task(db, CONSULTANT, number, "draft_contract")  # may be recorded again
    undo_task(db, MANAGER, number, "draft_contract", reason="manager takes it back")
    with db.reading() as session:
        undos = list(session.scalars(select(AuditEntry).where(AuditEntry.action == "task.undo")))
    assert [u.user_name for u in undos] == [CONSULTANT, MANAGER]
    assert undos[0].detail["was"]["by"] == CONSULTANT
    assert undos[0].detail["reason"] == "recorded by mistake"


def test_undo_moves_the_case_back(cases: tuple[Database, dict[str, str]]) -> None:
    db, numbers = cases
    number = numbers["approved"]
    assert current_step(db, number) == "insurance"
    # What rests on the approval goes first (issue 10: every task rests on its prerequisites).
    with pytest.raises(GateClosed, match="Receive the down payment"):
        undo_task(db, MANAGER, number, "credit_decision", reason="the bank withdrew approval")
    for task_id in ("conformity_application", "invoice", "invoice_notice", "down_payment",
                    "credit_decision"):
        undo_task(db, MANAGER, number, task_id, reason="the bank withdrew its approval")
    assert current_step(db, number) == "credit_review"


def test_unknown_case_or_user(db: Database) -> None:
    with pytest.raises(NotFound) as caught:
        complete_task(db, CONSULTANT, "LD2026-424242", "draft_contract")
    assert caught.value.field == "number"
    number, _ = new_case(db)
    with pytest.raises(NotFound) as caught:
        complete_task(db, "ghost", number, "draft_contract")
    assert caught.value.field == "user"


def test_a_task_others_rest_on_is_undone_only_after_them(db: Database) -> None:
    number, _ = new_case(db, 1)  # the contract drafted, signed, the accessory list drafted
    before = dump(db)
    with pytest.raises(GateClosed) as caught:
        undo_task(db, MANAGER, number, "draft_contract", reason="recorded by mistake")
    assert "first undo what rests on it" in caught.value.problem
    assert TASKS["sign_contract"].title.en in caught.value.problem
    assert TASKS["sign_contract"].title.zh in caught.value.zh
    assert dump(db) == before
    for task_id in ("draft_accessory_list", "sign_contract", "draft_contract"):
        undo_task(db, MANAGER, number, task_id, reason="the whole contract is redone")
    assert item_state(db, number, "draft_contract") is State.MISSING
