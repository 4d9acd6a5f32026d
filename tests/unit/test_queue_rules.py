"""The queue's two small rules (domain.queues): whose paper a prerequisite is, and since when
a task has waited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.domain.checklist import TaskFacts
from app.domain.errors import Text
from app.domain.procedure import (
    TASKS,
    CopyReceived,
    DocumentValid,
    FormIssued,
    GateOpen,
    OriginalsOut,
    Role,
    StepComplete,
    StepDocuments,
    TaskDone,
)
from app.domain.queues import supplied_by, waiting_since

OPENED = datetime(2026, 9, 1, 9, tzinfo=UTC)


@pytest.mark.parametrize(("need", "role"), [
    (DocumentValid("insurance_policy"), Role.INSURANCE),
    (DocumentValid("vehicle_invoice"), Role.FINANCE),
    (DocumentValid("conformity_certificate"), Role.INFO_CLERK),
    (DocumentValid("bank_card"), Role.CONSULTANT),
    (StepDocuments("documents"), Role.CONSULTANT),
    (FormIssued("warehouse_release", Text("", ""), Role.CONSULTANT), Role.CONSULTANT),
    (OriginalsOut(("id_card",), Text("", "")), Role.CONSULTANT),
    # What another step of the procedure makes true is nobody's paper.
    (TaskDone("draft_contract"), None),
    (StepComplete("contract"), None),
    (GateOpen("mortgage_before_release"), None),
    (CopyReceived("warehouse_release", "red", Text("", ""), Role.INFO_CLERK), None),
])
def test_whose_paper_a_prerequisite_is(need: object, role: Role | None) -> None:
    assert supplied_by(need) is role  # type: ignore[arg-type]


def done(task_id: str, at: datetime, by: str = "王芳") -> TaskFacts:
    return TaskFacts(task_id, at, by, {})


def test_a_task_waits_since_the_latest_task_it_rests_on() -> None:
    early, late = OPENED + timedelta(days=2), OPENED + timedelta(days=5)
    tasks = {"open_bank_card": done("open_bank_card", late),
             "sign_loan_contract": done("sign_loan_contract", early)}
    since, after = waiting_since(TASKS["request_disbursement"], tasks, OPENED)
    assert since == late
    assert after.en.startswith("after: Customer opens the bank card")
    assert "客户办理银行卡" in after.zh


def test_a_task_resting_on_nothing_waits_since_the_case_opened() -> None:
    since, after = waiting_since(TASKS["draft_contract"], {}, OPENED)
    assert since == OPENED and after.en == "new case" and after.zh == "新案件"


def test_a_task_held_by_a_gate_waits_since_the_step_before_it_ended() -> None:
    released = OPENED + timedelta(days=30)
    tasks = {"release_form": done("release_form", released - timedelta(days=2)),
             "settlement": done("settlement", released - timedelta(days=1), "陈静"),
             "released": done("released", released, "周刚")}
    since, after = waiting_since(TASKS["delivered"], tasks, OPENED)
    assert since == released and "周刚" in after.en


def test_a_step_it_needs_complete_counts_all_its_tasks() -> None:
    last = OPENED + timedelta(days=6)
    tasks = {"draft_contract": done("draft_contract", OPENED + timedelta(days=1)),
             "sign_contract": done("sign_contract", OPENED + timedelta(days=2)),
             "draft_accessory_list": done("draft_accessory_list", OPENED + timedelta(days=3)),
             "collect_documents": done("collect_documents", last)}
    assert waiting_since(TASKS["fill_application"], tasks, OPENED)[0] == last
