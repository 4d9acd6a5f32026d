"""The checklist, pure: hand-built facts and a fixed `today`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest

from app.domain import checklist as cl
from app.domain.checklist import (
    CaseFacts,
    DocumentFacts,
    Item,
    Override,
    PartyFacts,
    State,
    StepState,
    TaskFacts,
    evaluate,
    gate_problem,
    statement_months,
    task_refusal,
)
from app.domain.procedure import STEP_IDS, STEPS, TASKS, Party, task

TODAY = date(2026, 7, 15)
LENDER = "中国工商银行"
VIN = "LVSHCAMB1CE054249"
ENGINE = "E1234567"
CUSTOMER = PartyFacts("张三", "11010519491231002X", "13800138000")
SPOUSE = PartyFacts("李四", "360426199101010071", "13900139000")
MONTHS = ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06")
C, S, N = Party.CUSTOMER, Party.SPOUSE, Party.NONE


def facts(married: bool = True, **changes: object) -> CaseFacts:
    base = CaseFacts(number="LD2026-000001", marital_status="married" if married else "single",
                     customer=CUSTOMER, spouse=SPOUSE if married else None, lender=LENDER,
                     vin=VIN, engine_number=ENGINE, monthly_payment=Decimal("4000.00"),
                     income_multiple=Decimal(2))
    return replace(base, **changes)  # type: ignore[arg-type]


def doc(kind: str, party: Party = C, pages: int = 1, **content: object) -> DocumentFacts:
    return DocumentFacts(kind, party, pages, content)


def done(*task_ids: str, **values: Mapping[str, str]) -> dict[str, TaskFacts]:
    when = datetime(2026, 7, 1, 9, 30)
    result = {t: TaskFacts(t, when, "王芳", {}) for t in task_ids}
    for t, v in values.items():
        result[t] = TaskFacts(t, when, "王芳", v)
    return result


def statement(income: Mapping[str, object], party: Party = C) -> DocumentFacts:
    return doc("bank_statement", party, 2, bank="中国银行", account_tail="6688",
               income=dict(income))


def good_policy(**changes: object) -> DocumentFacts:
    content: dict[str, object] = {"insurer": "人保", "policy_number": "P1",
                                  "period_start": "2026-07-01", "period_end": "2027-06-30",
                                  "first_beneficiary": LENDER}
    content.update(changes)
    return DocumentFacts("insurance_policy", N, 1, content)


def documents_complete(married: bool = True) -> list[DocumentFacts]:
    """Every document of steps 1-3, valid."""
    docs = [doc("sales_contract_signed"),
            doc("id_card", C, 2, id_number=CUSTOMER.id_number, valid_until="2036-01-01"),
            doc("driver_license"), doc("residence_proof"), doc("income_certificate"),
            doc("household_register"), statement({m: "10000" for m in MONTHS}),
            doc("loan_application_signed")]
    if married:
        docs += [doc("id_card", S, 2, id_number=SPOUSE.id_number, valid_until="长期"),
                 doc("marriage_certificate", C, 1, names="张三 李四")]
    return docs


def all_documents() -> list[DocumentFacts]:
    return [
        *documents_complete(),
        doc("vehicle_invoice", N, vin=VIN, engine_number=ENGINE), good_policy(),
        doc("bank_card"), doc("loan_contract_signed"),
        doc("conformity_certificate", N, vin=VIN, engine_number=ENGINE),
        doc("purchase_tax_certificate", N), doc("mortgage_contract", N),
        doc("registration_certificate", N), doc("delivery_photo", N)]


def tasks_of(*step_ids: str, decision: str = "approved") -> dict[str, TaskFacts]:
    ids = [t.id for s in STEPS if s.id in step_ids for t in s.tasks]
    result = done(*ids)
    if "credit_decision" in result:
        result.update(done(credit_decision={"result": decision}))
    return result


def item(checklist: cl.Checklist, id_: str, party: Party | None = None, what: str = "") -> Item:
    if id_ == "insurance_policy" and not what:
        what = "document"  # a document kind and a task share this id
    found = [i for i in checklist.items if i.id == id_ and (party is None or i.party is party)
             and (not what or i.what == what)]
    assert len(found) == 1, found
    return found[0]


# --- statement months ----------------------------------------------------------------------

@pytest.mark.parametrize(("today", "months"), [
    (date(2026, 7, 15), MONTHS),
    (date(2026, 7, 1), MONTHS),
    (date(2026, 1, 3), ("2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12")),
    (date(2026, 3, 31), ("2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02")),
    (date(2026, 12, 31), ("2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11")),
])
def test_statement_months_are_the_six_before_this_month(today: date,
                                                        months: tuple[str, ...]) -> None:
    assert statement_months(today) == months


# --- documents -----------------------------------------------------------------------------

def test_fresh_married_case_misses_documents_with_reasons_in_both_languages() -> None:
    result = evaluate(facts(), [], {}, TODAY)
    card = item(result, "id_card", C)
    assert card.state is State.MISSING
    assert card.reason.en == "ID card (front and back) not yet received"
    assert card.reason.zh == "尚未收到身份证(正反面)"
    spouse = item(result, "id_card", S)
    assert spouse.state is State.MISSING
    assert spouse.title.en == "ID card (front and back) of the spouse"
    assert spouse.title.zh == "配偶身份证(正反面)"
    assert item(result, "marriage_certificate").state is State.MISSING


def test_single_customer_needs_no_spouse_card_nor_marriage_certificate() -> None:
    result = evaluate(facts(married=False), [], {}, TODAY)
    assert not [i for i in result.items if i.party is S]
    assert not [i for i in result.items if i.id == "marriage_certificate"]
    assert item(result, "id_card").party is C


def test_valid_id_card_is_satisfied_with_page_count() -> None:
    result = evaluate(facts(), [doc("id_card", C, 2, id_number=CUSTOMER.id_number.lower(),
                                    valid_until="2030-01-01")], {}, TODAY)
    card = item(result, "id_card", C)
    assert card.state is State.SATISFIED
    assert card.reason == cl.Text("2 page(s) received", "已收到 2 页")


@pytest.mark.parametrize("valid_until", ["长期", "long-term", TODAY.isoformat()])
def test_id_card_valid_until_today_or_long_term_is_fine(valid_until: str) -> None:
    result = evaluate(facts(), [doc("id_card", id_number=CUSTOMER.id_number,
                                    valid_until=valid_until)], {}, TODAY)
    assert item(result, "id_card", C).state is State.SATISFIED


def test_id_card_number_mismatch_is_invalid() -> None:
    result = evaluate(facts(), [doc("id_card", C, 2, id_number=SPOUSE.id_number,
                                    valid_until="2030-01-01")], {}, TODAY)
    card = item(result, "id_card", C)
    assert card.state is State.INVALID
    assert SPOUSE.id_number in card.reason.en
    assert "customer" in card.reason.en
    assert "不一致" in card.reason.zh and "客户" in card.reason.zh


def test_spouse_card_is_checked_against_the_spouse_number() -> None:
    result = evaluate(facts(), [doc("id_card", S, 2, id_number=CUSTOMER.id_number,
                                    valid_until="长期")], {}, TODAY)
    card = item(result, "id_card", S)
    assert card.state is State.INVALID
    assert "配偶" in card.reason.zh
    assert item(result, "id_card", C).state is State.MISSING


def test_expired_id_card_is_invalid() -> None:
    result = evaluate(facts(), [doc("id_card", id_number=CUSTOMER.id_number,
                                    valid_until="2026-07-14")], {}, TODAY)
    card = item(result, "id_card", C)
    assert card.state is State.INVALID
    assert card.reason == cl.Text("the card expired on 2026-07-14", "身份证已于 2026-07-14 过期")


def test_id_card_without_number_or_date_asks_for_them() -> None:
    no_number = evaluate(facts(), [doc("id_card")], {}, TODAY)
    assert item(no_number, "id_card", C).state is State.INVALID
    assert "ID number" in item(no_number, "id_card", C).reason.en
    no_date = evaluate(facts(), [doc("id_card", id_number=CUSTOMER.id_number)], {}, TODAY)
    assert item(no_date, "id_card", C).state is State.INVALID
    assert "valid-until" in item(no_date, "id_card", C).reason.en


def test_one_good_card_among_bad_ones_satisfies() -> None:
    docs = [doc("id_card", id_number=CUSTOMER.id_number, valid_until="2020-01-01"),
            doc("id_card", id_number=CUSTOMER.id_number, valid_until="2030-01-01")]
    assert item(evaluate(facts(), docs, {}, TODAY), "id_card", C).state is State.SATISFIED


def test_document_without_pages_is_missing() -> None:
    result = evaluate(facts(), [doc("driver_license", C, 0)], {}, TODAY)
    assert item(result, "driver_license").state is State.MISSING
    assert "no pages" in item(result, "driver_license").reason.en


def test_marriage_certificate_must_name_both() -> None:
    result = evaluate(facts(), [doc("marriage_certificate", names="张三 王五")], {}, TODAY)
    cert = item(result, "marriage_certificate")
    assert cert.state is State.INVALID
    assert "李四" in cert.reason.en and "李四" in cert.reason.zh


@pytest.mark.parametrize("kind", ["vehicle_invoice", "conformity_certificate"])
def test_vin_and_engine_must_match_the_car(kind: str) -> None:
    wrong_vin = evaluate(facts(), [doc(kind, N, vin="LFWADRJF011002346",
                                       engine_number=ENGINE)], {}, TODAY)
    it = item(wrong_vin, kind)
    assert it.state is State.INVALID
    assert "LFWADRJF011002346" in it.reason.en and VIN in it.reason.en
    wrong_engine = evaluate(facts(), [doc(kind, N, vin=VIN, engine_number="E999")], {}, TODAY)
    assert item(wrong_engine, kind).state is State.INVALID
    assert "E999" in item(wrong_engine, kind).reason.en
    right = evaluate(facts(), [doc(kind, N, vin=VIN.lower(), engine_number=ENGINE)], {}, TODAY)
    assert item(right, kind).state is State.SATISFIED


# --- bank statements -----------------------------------------------------------------------

def test_statements_missing() -> None:
    it = item(evaluate(facts(), [], {}, TODAY), "bank_statement")
    assert it.state is State.MISSING
    assert it.reason.zh == "请提供最近6个月的银行流水"


def test_statements_with_income_every_month_and_enough_satisfy() -> None:
    it = item(evaluate(facts(), [statement({m: "8000" for m in MONTHS})], {}, TODAY),
              "bank_statement")
    assert it.state is State.SATISFIED  # exactly 2 × 4000 is enough
    # The average names the months it covers (issue 10: the dossier prints the same).
    assert it.reason.en == "average monthly income ¥8,000.00 (2026-01 to 2026-06) ≥ ¥8,000.00"


def test_month_without_income_is_invalid_and_named() -> None:
    income = {m: "10000" for m in MONTHS if m != "2026-03"}
    it = item(evaluate(facts(), [statement(income)], {}, TODAY), "bank_statement")
    assert it.state is State.INVALID
    assert "2026-03" in it.reason.en and "2026-03" in it.reason.zh
    assert "2026-01" in it.reason.en and "2026-06" in it.reason.en  # the window it needs


def test_zero_income_month_and_current_month_do_not_count() -> None:
    income = {m: "10000" for m in MONTHS}
    income["2026-05"] = "0"
    income["2026-07"] = "90000"  # the running month is outside the window
    it = item(evaluate(facts(), [statement(income)], {}, TODAY), "bank_statement")
    assert it.state is State.INVALID
    assert "2026-05" in it.reason.en
    assert "2026-07" not in it.reason.en.split("(")[0]


def test_statements_a_month_late_do_not_cover_january_rollover() -> None:
    today = date(2026, 1, 10)
    income = {m: "10000" for m in MONTHS}  # 2026-01 … 2026-06: the wrong window
    it = item(evaluate(facts(), [statement(income)], {}, today), "bank_statement")
    assert it.state is State.INVALID
    assert "2025-07" in it.reason.en and "2025-12" in it.reason.en
    good = {m: "10000" for m in statement_months(today)}
    assert item(evaluate(facts(), [statement(good)], {}, today),
                "bank_statement").state is State.SATISFIED


def test_average_income_below_multiple_of_payment_is_invalid() -> None:
    it = item(evaluate(facts(), [statement({m: "7999.99" for m in MONTHS})], {}, TODAY),
              "bank_statement")
    assert it.state is State.INVALID
    # Amounts thousands-separated, as everywhere money shows (issue 14).
    assert it.reason.en == ("average monthly income ¥7,999.99 (2026-01 to 2026-06) is below "
                            "2 × the monthly payment ¥4,000.00 = ¥8,000.00")
    assert "低于" in it.reason.zh


def test_self_employed_multiple_is_the_case_fact() -> None:
    case = facts(income_multiple=Decimal(3))
    it = item(evaluate(case, [statement({m: "10000" for m in MONTHS})], {}, TODAY),
              "bank_statement")
    assert it.state is State.INVALID
    assert "= ¥12,000.00" in it.reason.en  # 3 × 4000.00, thousands separated


def test_spouse_statements_count_when_married() -> None:
    first, last = MONTHS[:3], MONTHS[3:]
    docs = [statement({m: "9000" for m in first}),
            statement({m: "9000" for m in last}, S)]
    assert item(evaluate(facts(), docs, {}, TODAY), "bank_statement").state is State.SATISFIED
    # Two people's income in the same month adds up.
    docs = [statement({m: "5000" for m in MONTHS}), statement({m: "4000" for m in MONTHS}, S)]
    assert item(evaluate(facts(), docs, {}, TODAY), "bank_statement").state is State.SATISFIED


def test_spouse_statements_do_not_count_for_a_single_customer() -> None:
    docs = [statement({m: "9000" for m in MONTHS}, S)]
    assert item(evaluate(facts(married=False), docs, {}, TODAY),
                "bank_statement").state is State.MISSING


def test_garbage_income_amounts_are_ignored() -> None:
    income: dict[str, object] = {m: "10000" for m in MONTHS}
    income["2026-02"] = "lots"
    it = item(evaluate(facts(), [statement(income)], {}, TODAY), "bank_statement")
    assert it.state is State.INVALID
    assert "2026-02" in it.reason.en


def test_the_same_statement_twice_counts_once_and_is_reported() -> None:
    # Issue 10: 8000 a month entered twice must not pass a 10000 requirement.
    case = facts(monthly_payment=Decimal("5000.00"))
    once = statement({m: "8000" for m in MONTHS})
    it = item(evaluate(case, [once, once], {}, TODAY), "bank_statement")
    assert it.state is State.INVALID
    assert "average monthly income ¥8,000.00 (2026-01 to 2026-06) is below" in it.reason.en
    assert "entered 2 times, counted once" in it.reason.en
    assert "只计一次" in it.reason.zh
    # Two different accounts of the customer do add up.
    other = doc("bank_statement", C, 1, bank="中国银行", account_tail="1234",
                income={m: "2000" for m in MONTHS})
    it = item(evaluate(case, [once, other], {}, TODAY), "bank_statement")
    assert it.state is State.SATISFIED
    assert "¥10,000.00" in it.reason.en and "counted once" not in it.reason.en


def test_statement_without_account_is_not_counted_and_said_so() -> None:
    anonymous = doc("bank_statement", C, 1, income={m: "90000" for m in MONTHS})
    it = item(evaluate(facts(), [anonymous], {}, TODAY), "bank_statement")
    assert it.state is State.INVALID
    assert "without bank and account tail not counted" in it.reason.en


# --- insurance and the gates ---------------------------------------------------------------

def test_policy_naming_someone_else_is_invalid_and_closes_the_gate() -> None:
    policy = good_policy(first_beneficiary="张三")
    result = evaluate(facts(), [policy], {}, TODAY)
    it = item(result, "insurance_policy")
    assert it.state is State.INVALID
    assert it.reason.en == f"first beneficiary is 张三, must be the lender {LENDER}"
    assert it.reason.zh == f"第一受益人为张三，应为贷款机构{LENDER}"
    closed = gate_problem("beneficiary_before_disbursement", facts(), [policy], {}, TODAY)
    assert closed == it.reason


def test_no_policy_closes_the_disbursement_gate() -> None:
    closed = gate_problem("beneficiary_before_disbursement", facts(), [], {}, TODAY)
    assert closed is not None
    assert LENDER in closed.en and "受益人" in closed.zh


def test_expired_policy_closes_the_gate_and_a_good_one_opens_it() -> None:
    expired = good_policy(period_end="2026-07-14")
    closed = gate_problem("beneficiary_before_disbursement", facts(), [expired], {}, TODAY)
    assert closed is not None and "ended on 2026-07-14" in closed.en
    assert gate_problem("beneficiary_before_disbursement", facts(), [expired, good_policy()],
                        {}, TODAY) is None
    assert item(evaluate(facts(), [good_policy()], {}, TODAY),
                "insurance_policy").state is State.SATISFIED


def test_mortgage_gate_needs_the_registration() -> None:
    # Seed step ⑨: the 出库单 is filled once the mortgage is registered, finance settles
    # after it; so settlement is a prerequisite of the car leaving, not of this gate.
    gate = "mortgage_before_release"
    closed = gate_problem(gate, facts(), [], {}, TODAY)
    assert closed == cl.Text("the mortgage is not registered yet", "尚未办理抵押登记")
    closed = gate_problem(gate, facts(), [], done("settlement"), TODAY)
    assert closed == cl.Text("the mortgage is not registered yet", "尚未办理抵押登记")
    assert gate_problem(gate, facts(), [], done("mortgage_registered"), TODAY) is None


def test_release_before_delivery() -> None:
    closed = gate_problem("release_before_delivery", facts(), [], {}, TODAY)
    assert closed == cl.Text("the car has not been released from the warehouse", "车辆尚未出库")
    assert gate_problem("release_before_delivery", facts(), [], done("released"), TODAY) is None


@pytest.mark.parametrize("gate", ["beneficiary_before_disbursement", "mortgage_before_release",
                                  "release_before_delivery"])
def test_an_override_opens_a_gate(gate: str) -> None:
    assert gate_problem(gate, facts(), [], {}, TODAY) is not None
    overrides = {gate: Override(gate, "吴磊", "银行书面同意先行放款，保单次日补齐")}
    assert gate_problem(gate, facts(), [], {}, TODAY, overrides) is None


def test_unknown_gate_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        gate_problem("no_such_gate", facts(), [], {}, TODAY)


# --- tasks and steps -----------------------------------------------------------------------

def test_fresh_case_step_states() -> None:
    result = evaluate(facts(), [], {}, TODAY)
    states = {s.step: s.state for s in result.steps}
    assert [s.step for s in result.steps] == list(STEP_IDS)
    assert states["contract"] is StepState.CURRENT
    assert states["documents"] is StepState.OPEN  # may run beside the contract
    for later in STEP_IDS[2:]:
        assert states[later] is StepState.WAITING
    assert result.current_step == "contract"
    application = result.step_status("application")
    assert application.reason == cl.Text("waits for step 2 Customer documents",
                                         "等待第2步「客户资料」完成")
    assert item(result, "fill_application").state is State.WAITING
    assert result.step_status("contract").reason.en.startswith("next: ")


def test_task_item_says_who_does_it() -> None:
    result = evaluate(facts(), [], {}, TODAY)
    it = item(result, "draft_contract")
    assert it.state is State.MISSING
    assert it.reason == cl.Text("to be done by the sales consultant", "待销售顾问完成")


def test_done_task_says_who_and_when() -> None:
    result = evaluate(facts(), [], done("draft_contract"), TODAY)
    assert item(result, "draft_contract").reason == cl.Text(
        "done by 王芳 on 2026-07-01 09:30", "王芳 于 2026-07-01 09:30 完成")


def test_steps_one_to_three_done_make_credit_review_current() -> None:
    tasks = tasks_of("contract", "documents", "application")
    result = evaluate(facts(), documents_complete(), tasks, TODAY)
    states = {s.step: s.state for s in result.steps}
    assert states["contract"] is states["documents"] is states["application"] is StepState.DONE
    assert states["credit_review"] is StepState.CURRENT
    assert states["approval_invoice"] is StepState.WAITING
    assert result.current_step == "credit_review"


@pytest.mark.parametrize(("decision", "reason"), [
    ("rejected", "the lender rejected the application"),
    ("more_documents", "the lender asks for more documents")])
def test_a_decision_other_than_approval_blocks_the_step(decision: str, reason: str) -> None:
    tasks = tasks_of("contract", "documents", "application", "credit_review",
                     decision=decision)
    result = evaluate(facts(), documents_complete(), tasks, TODAY)
    decision_item = item(result, "credit_decision")
    assert decision_item.state is State.INVALID
    assert decision_item.reason.en == reason
    status = result.step_status("credit_review")
    assert status.state is StepState.BLOCKED
    assert status.reason.en == reason
    assert result.step_status("approval_invoice").state is StepState.WAITING
    assert result.current_step == "credit_review"


def test_gated_task_waits_with_the_gates_reason() -> None:
    result = evaluate(facts(), [], {}, TODAY)
    # Later steps wait for earlier ones first; the gate shows once the step may start.
    assert item(result, "request_disbursement").reason.en.startswith("waits for step")
    docs = all_documents()
    tasks = tasks_of(*STEP_IDS[:8])  # through registration: the mortgage is registered
    result = evaluate(facts(), docs, tasks, TODAY)
    # The gate is open: the release form (seed order ⑨, before the settlement) is to do.
    assert item(result, "release_form").state is State.MISSING
    assert item(result, "release_form").reason.en == "to be done by the sales consultant"
    assert item(result, "settlement").state is State.MISSING
    assert result.step_status("warehouse_release").state is StepState.CURRENT
    assert result.current_step == "warehouse_release"
    # With the step open but the mortgage not on record, the gate holds the form.
    del tasks["mortgage_registered"]
    result = evaluate(facts(), docs, tasks, TODAY)
    assert item(result, "mortgage_registered").state is State.MISSING


def test_policy_expiring_sends_disbursement_back_to_waiting() -> None:
    # Everything up to insurance done; the policy then turns out to name the customer, so
    # the disbursement tasks are held by the gate, the documents of step 7 are in.
    steps = STEP_IDS[:6]
    docs = [d for d in all_documents() if d.kind != "insurance_policy"]
    docs.append(good_policy())
    tasks = tasks_of(*steps)
    tasks.update(done("open_bank_card", "sign_loan_contract"))
    before = evaluate(facts(), docs, tasks, TODAY)
    assert before.step_status("disbursement").state is StepState.CURRENT
    assert item(before, "request_disbursement").state is State.MISSING
    # Now the policy expires: insurance becomes invalid, so disbursement waits for step 6.
    later = date(2027, 7, 15)
    months = statement_months(later)
    docs = [d if d.kind != "bank_statement" else statement({m: "10000" for m in months})
            for d in docs]
    after = evaluate(facts(), docs, tasks, later)
    assert item(after, "insurance_policy").state is State.INVALID
    assert after.step_status("disbursement").state is StepState.WAITING


def test_everything_done_means_no_current_step() -> None:
    result = evaluate(facts(), all_documents(), tasks_of(*STEP_IDS), TODAY)
    assert [i for i in result.items if i.state is not State.SATISFIED] == []
    assert all(s.state is StepState.DONE for s in result.steps)
    assert result.current_step is None
    assert result.summary() == cl.Text("", "")


def test_summary_lists_the_first_open_items() -> None:
    result = evaluate(facts(), [], {}, TODAY)
    summary = result.summary(limit=2)
    first = [i for i in result.open_items if i.state is not State.WAITING]
    assert summary.en == f"{first[0].title.en}, {first[1].title.en} +{len(first) - 2}"
    assert summary.zh.endswith(f"等{len(first)}项")


# --- task refusal --------------------------------------------------------------------------

def test_task_refusal_prerequisites() -> None:
    case = facts()
    refusal = task_refusal(task("down_payment"), case, [], {}, TODAY)
    assert refusal == cl.Text("first: Record the lender's decision (the credit officer does it)",
                              "须先完成：登记审批结果（由信贷专员完成）")
    for decision in ("rejected", "more_documents"):
        refusal = task_refusal(task("down_payment"), case, [],
                               done(credit_decision={"result": decision}), TODAY)
        assert refusal == cl.Text(
            "the lender has not approved the loan (the credit officer records it)",
            "贷款尚未获批（由信贷专员登记）")
    assert task_refusal(task("down_payment"), case, [],
                        done(credit_decision={"result": "approved"}), TODAY) is None
    refusal = task_refusal(task("disbursed"), case, [good_policy()], {}, TODAY)
    assert refusal == cl.Text("first: Request the disbursement (the credit officer does it)",
                              "须先完成：申请放款（由信贷专员完成）")
    refusal = task_refusal(task("released"), case, [], {}, TODAY)
    assert refusal is not None and "warehouse-release form" in refusal.en


def test_task_refusal_gates() -> None:
    case = facts()
    refusal = task_refusal(task("request_disbursement"), case,
                           [good_policy(first_beneficiary="平安银行")], {}, TODAY)
    assert refusal is not None and "平安银行" in refusal.en
    card_and_contract = [doc("bank_card"), doc("loan_contract_signed")]
    signed = done("open_bank_card", "sign_loan_contract")
    assert task_refusal(task("request_disbursement"), case,
                        [good_policy(), *card_and_contract], signed, TODAY) is None
    assert task_refusal(task("release_form"), case, [], {}, TODAY) is not None
    photo = [doc("delivery_photo", N)]
    assert task_refusal(task("delivered"), case, photo, done("released"), TODAY) is None
    overrides = {"release_before_delivery": Override("release_before_delivery", "吴磊",
                                                     "客户急需用车，经理批准")}
    assert task_refusal(task("delivered"), case, photo, {}, TODAY, overrides) is None


def test_ungated_tasks_are_never_refused() -> None:
    free = [t for t in TASKS.values() if not t.needs]
    assert [t.id for t in free] == ["draft_contract"]  # the first thing of all
    for t in free:
        assert task_refusal(t, facts(), [], {}, TODAY) is None
