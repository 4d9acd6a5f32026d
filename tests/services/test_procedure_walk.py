"""The procedure walked through the services on SQLite, in the seed's order (步骤①-⑩).

Before each task: every later task that rests on it is refused (naming it) and writes
nothing; where a task needs evidence brought just before it, it is refused without it. Then
the evidence is brought by the people who bring it (documents, the 出库单 and its copies, the
originals checked out) and the task is recorded by its role.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from pypdf import PdfReader

from app.domain.checklist import statement_months
from app.domain.errors import GateClosed, InvalidInput
from app.domain.procedure import MORTGAGE_ORIGINALS, ROLE_TITLES, TASKS, Role, TaskDone
from app.services import custody, forms
from app.services.cases import get_case
from app.services.common import today
from app.services.demo import _Advance
from app.services.tasks import complete_task, override_gate, task_blockers
from app.store.db import Database
from tests.conftest import CONSULTANT, MANAGER
from tests.helpers import STAFF, advancer, dump, new_case


@dataclass
class Walker:
    db: Database
    number: str
    data: dict[str, object]
    driver: _Advance
    serial: str = ""

    def as_(self, role: Role) -> str:
        return STAFF[role]


def _nothing(_w: Walker) -> None:
    return None


def _docs(*kinds: tuple[str, str | None]) -> Callable[[Walker], None]:
    def bring(w: Walker) -> None:
        for kind, party in kinds:
            w.driver.doc(kind, party)
    return bring


def _contract_signed(w: Walker) -> None:
    w.driver.doc("sales_contract_signed", "customer")


def _customer_documents(w: Walker) -> None:
    c = w.driver.data["customer"]
    spouse = w.driver.data["spouse"]
    w.driver.doc("id_card", "customer", {"id_number": c["id_number"],
                                         "valid_until": "2036-01-01"})
    w.driver.doc("id_card", "spouse", {"id_number": spouse["id_number"], "valid_until": "长期"})
    w.driver.doc("marriage_certificate", "customer", {"names": f"{c['name']} {spouse['name']}"})
    for kind in ("driver_license", "residence_proof", "income_certificate",
                 "household_register"):
        w.driver.doc(kind, "customer")
    w.driver.doc("bank_statement", "customer", {
        "bank": "中国银行", "account_tail": "6688",
        "income": {m: "30000" for m in statement_months(today())}})


def _vehicle(w: Walker, kind: str) -> None:
    v = w.driver.data["vehicle"]
    content = {"vin": v["vin"], "engine_number": v["engine_number"]}
    if kind == "vehicle_invoice":
        content |= {"invoice_number": "26440000100", "amount": v["price"]}
    w.driver.doc(kind, None, content)


def _policy(w: Walker) -> None:
    w.driver.doc("insurance_policy", None, {
        "insurer": "中国人民财产保险", "policy_number": "PDAA2026000001",
        "period_start": today().isoformat(),
        "period_end": (today() + timedelta(days=365)).isoformat(),
        "first_beneficiary": w.driver.data["loan"]["lender"]})


def _tax(w: Walker) -> None:
    _vehicle(w, "conformity_certificate")
    w.driver.doc("purchase_tax_certificate")


def _mortgage_papers(w: Walker) -> None:
    w.driver.doc("mortgage_contract")
    for kind in MORTGAGE_ORIGINALS:
        custody.check_out(w.db, w.as_(Role.CONSULTANT), w.number, kind, to="车管所",
                          purpose="抵押登记")
    w.driver.doc("registration_certificate")


def _release_form(w: Walker) -> None:
    w.serial = forms.issue_form(w.db, w.as_(Role.CONSULTANT), w.number,
                                "warehouse_release").serial


def _copies(w: Walker) -> None:
    forms.confirm_receipt(w.db, w.as_(Role.INFO_CLERK), w.serial, "red")
    forms.confirm_receipt(w.db, w.as_(Role.WAREHOUSE), w.serial, "green")


# (task, values, what is brought just before it) in the seed's order.
WALK: list[tuple[str, dict[str, str], Callable[[Walker], None]]] = [
    ("draft_contract", {}, _nothing),
    ("sign_contract", {}, _contract_signed),
    ("draft_accessory_list", {}, _nothing),
    ("collect_documents", {}, _customer_documents),
    ("fill_application", {}, _docs(("loan_application_signed", "customer"))),
    ("upload_dossier", {}, _nothing),
    ("credit_decision", {"result": "approved"}, _nothing),
    ("down_payment", {"amount": "60000"}, _nothing),
    ("invoice_notice", {}, _nothing),
    ("invoice", {"number": "26440000100", "amount": "200000"}, _nothing),
    ("conformity_application", {}, lambda w: _vehicle(w, "vehicle_invoice")),
    ("insurance_policy", {}, _policy),
    ("open_bank_card", {}, _docs(("bank_card", "customer"))),
    ("sign_loan_contract", {}, _docs(("loan_contract_signed", "customer"))),
    ("request_disbursement", {}, _nothing),
    ("disbursed", {"amount": "140000"}, _nothing),
    ("purchase_tax", {}, _tax),
    ("plate", {"plate": "京A12345"}, _nothing),
    ("mortgage_registered", {"registered_on": "TODAY"}, _mortgage_papers),
    ("release_form", {}, _release_form),
    # Due: price 200000 − loan 140000 − down payment 60000 (no accessories, no fee items).
    ("settlement", {"total": "0.00"}, _copies),
    ("released", {}, _nothing),
    ("delivered", {"service_advisor": "郑师傅"}, _docs(("delivery_photo", None))),
    ("follow_up_scheduled", {"visit_on": "TODAY+3"}, _nothing),
]


def _values(values: dict[str, str]) -> dict[str, str]:
    day = {"TODAY": today(), "TODAY+3": today() + timedelta(days=3)}
    return {k: day[v].isoformat() if v in day else v for k, v in values.items()}


def _refused_writing_nothing(w: Walker, task_id: str, values: dict[str, str]) -> GateClosed:
    before = dump(w.db)
    with pytest.raises(GateClosed) as caught:
        complete_task(w.db, STAFF[TASKS[task_id].role], w.number, task_id,
                      values=_values(values))
    assert dump(w.db) == before
    blockers = task_blockers(w.db, MANAGER, w.number)  # what the GUI shows by the button
    assert blockers.refusals[task_id].en in caught.value.problem
    assert blockers.refusals[task_id].zh in caught.value.zh
    return caught.value


def test_the_procedure_walked_through_the_services(db: Database) -> None:
    assert sorted(t for t, _v, _b in WALK) == sorted(TASKS)
    number, data = new_case(db)
    walker = Walker(db, number, data, advancer(db, number, data))
    position = {t: i for i, (t, _v, _b) in enumerate(WALK)}
    for index, (task_id, values, bring) in enumerate(WALK):
        title = TASKS[task_id].title
        # Every later task resting on this one is refused, naming it; nothing is written.
        for later, later_values, _b in WALK[index + 1:]:
            if any(isinstance(n, TaskDone) and n.task == task_id for n in TASKS[later].needs):
                refused = _refused_writing_nothing(walker, later, later_values)
                assert title.en in refused.problem and title.zh in refused.zh
                assert refused.problem.startswith(f"{TASKS[later].title.en} ({later})")
        if bring is not _nothing:  # what is brought just before is needed
            refused = _refused_writing_nothing(walker, task_id, values)
            # ...and the refusal says who supplies it
            assert any(r.en in refused.problem for r in ROLE_TITLES.values())
            assert any(r.zh in refused.zh for r in ROLE_TITLES.values())
            bring(walker)
        assert position[task_id] == index
        complete_task(db, STAFF[TASKS[task_id].role], number, task_id, values=_values(values))
        assert task_id not in task_blockers(db, MANAGER, number).refusals
    detail = get_case(db, MANAGER, number)
    assert detail.checklist.current_step is None and detail.status == "done"


def test_a_future_registration_date_is_refused_and_writes_nothing(db: Database) -> None:
    number, _ = new_case(db)
    before = dump(db)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    with pytest.raises(InvalidInput) as caught:
        complete_task(db, MANAGER, number, "mortgage_registered",
                      values={"registered_on": tomorrow})
    assert caught.value.field == "registered_on" and "future" in caught.value.problem
    assert dump(db) == before


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


OVERRIDE_REASON = "客户全款提车，银行已电话确认抵押手续"


def test_a_managers_override_is_printed_instead_of_the_tick(db: Database) -> None:
    number, _ = new_case(db)
    override_gate(db, MANAGER, number, "mortgage_before_release", reason=OVERRIDE_REASON)
    text = _pdf_text(forms.issue_form(db, CONSULTANT, number, "warehouse_release").pdf)
    manager = get_case(db, MANAGER, number).overrides["mortgage_before_release"].by
    expected = f"经理放行：{OVERRIDE_REASON}，{manager.display_name}，{today().isoformat()}"
    assert expected in text
    override_gate(db, MANAGER, number, "release_before_delivery", reason=OVERRIDE_REASON)
    text = _pdf_text(forms.issue_form(db, CONSULTANT, number, "delivery_confirmation").pdf)
    assert expected in text


def test_a_registered_mortgage_prints_no_override(db: Database) -> None:
    number, _ = new_case(db, 8)
    text = _pdf_text(forms.issue_form(db, CONSULTANT, number, "warehouse_release").pdf)
    assert "抵押登记已办理" in text and "经理放行" not in text
