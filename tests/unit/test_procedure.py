"""The ten steps as data (DOMAIN.md): ids, forms, documents, gates, roles."""

from __future__ import annotations

import pytest

from app.domain.errors import NotFound
from app.domain.permissions import may_record, task_who_may
from app.domain.procedure import (
    DOCUMENT_KINDS,
    FORM_STEPS,
    GATES,
    STEP_IDS,
    STEPS,
    TASKS,
    Condition,
    Party,
    Role,
    document_kind,
    step,
    task,
)


def test_ten_step_ids_in_order() -> None:
    assert STEP_IDS == ("contract", "documents", "application", "credit_review",
                        "approval_invoice", "insurance", "disbursement", "registration",
                        "warehouse_release", "delivery")
    assert [s.number for s in STEPS] == list(range(1, 11))


@pytest.mark.parametrize(("step_id", "forms"), [
    ("contract", ("sales_contract", "fee_details", "accessory_list")),
    ("documents", ("income_certificate",)),
    ("application", ("loan_application",)),
    ("credit_review", ()),
    ("approval_invoice", ("invoice_notice", "conformity_application")),
    ("insurance", ()),
    ("disbursement", ()),
    ("registration", ("mortgage_packet",)),
    ("warehouse_release", ("warehouse_release", "settlement_list")),
    ("delivery", ("delivery_confirmation",)),
])
def test_each_steps_forms(step_id: str, forms: tuple[str, ...]) -> None:
    assert step(step_id).forms == forms


def test_every_form_of_domain_md_belongs_to_one_step() -> None:
    assert len(FORM_STEPS) == 11
    assert FORM_STEPS["warehouse_release"] == "warehouse_release"
    assert FORM_STEPS["delivery_confirmation"] == "delivery"


def test_document_kinds_of_domain_md() -> None:
    assert set(DOCUMENT_KINDS) == {
        "id_card", "marriage_certificate", "driver_license", "bank_statement",
        "residence_proof", "income_certificate", "household_register",
        "loan_application_signed", "sales_contract_signed", "vehicle_invoice",
        "insurance_policy", "bank_card", "loan_contract_signed", "conformity_certificate",
        "purchase_tax_certificate", "mortgage_contract", "registration_certificate",
        "delivery_photo"}
    assert DOCUMENT_KINDS["id_card"].title.zh.startswith("身份证")


def test_step_two_documents_and_marriage_conditions() -> None:
    reqs = {(r.kind, r.party): r.condition for r in step("documents").documents}
    assert reqs[("id_card", Party.CUSTOMER)] is Condition.ALWAYS
    assert reqs[("id_card", Party.SPOUSE)] is Condition.MARRIED
    assert reqs[("marriage_certificate", Party.CUSTOMER)] is Condition.MARRIED
    for kind in ("driver_license", "bank_statement", "residence_proof", "income_certificate",
                 "household_register"):
        assert reqs[(kind, Party.CUSTOMER)] is Condition.ALWAYS
    married_only = [r for s in STEPS for r in s.documents if r.condition is Condition.MARRIED]
    assert {(r.kind, r.party) for r in married_only} == {
        ("id_card", Party.SPOUSE), ("marriage_certificate", Party.CUSTOMER)}


def test_three_hard_gates_on_their_tasks() -> None:
    assert set(GATES) == {"beneficiary_before_disbursement", "mortgage_before_release",
                          "release_before_delivery"}
    gated = {t.id: t.gate for t in TASKS.values() if t.gate}
    assert gated == {
        "request_disbursement": "beneficiary_before_disbursement",
        "disbursed": "beneficiary_before_disbursement",
        "release_form": "mortgage_before_release",
        "released": "mortgage_before_release",
        "delivered": "release_before_delivery",
    }
    for gate in GATES.values():
        assert gate.title.en and gate.title.zh


def test_task_roles() -> None:
    assert task("credit_decision").role is Role.CREDIT_OFFICER
    assert task("down_payment").role is Role.FINANCE
    assert task("settlement").role is Role.FINANCE
    assert task("released").role is Role.WAREHOUSE
    assert task("insurance_policy").role is Role.INSURANCE
    assert task("conformity_application").role is Role.INFO_CLERK
    assert task("release_form").role is Role.CONSULTANT


def test_may_record_and_who_may() -> None:
    # Moved to the permission matrix (issue 11): the rule now also asks whose case it is.
    down = task("down_payment")
    assert may_record("finance", down, own_case=False)
    assert may_record("manager", down, own_case=False)
    assert not may_record("admin", down, own_case=False)  # the administrator does no loan work
    assert not may_record("consultant", down, own_case=True)
    assert not may_record("warehouse", down, own_case=False)
    contract = task("draft_contract")
    assert may_record("consultant", contract, own_case=True)
    assert not may_record("consultant", contract, own_case=False)  # a colleague's case
    assert task_who_may(down).en == "the finance or a manager"
    assert task_who_may(down).zh == "财务或经理"
    assert task_who_may(task("released")).zh == "库管或经理"


@pytest.mark.parametrize(("lookup", "bad", "field"), [
    (step, "payment", "step"), (task, "fly", "task"), (document_kind, "passport", "kind")])
def test_unknown_ids_name_the_choices(lookup: object, bad: str, field: str) -> None:
    with pytest.raises(NotFound) as caught:
        lookup(bad)  # type: ignore[operator]
    assert caught.value.field == field
    assert bad in caught.value.problem
    assert caught.value.expected  # lists what exists
