"""Cases through the services: create, change, permissions, and failures that change nothing."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from app.domain import checklist as cl
from app.domain.errors import InvalidInput, NotFound, PermissionDenied
from app.services import cases as case_service
from app.services.cases import create_case, get_case, preview_loan, update_case
from app.services.common import now
from app.store.db import Database
from app.store.models import AuditEntry, Case
from tests.conftest import (
    CONSULTANT,
    CREDIT,
    FINANCE,
    LENDER,
    MANAGER,
    OTHER_CONSULTANT,
    married_case,
)
from tests.helpers import dump, new_case


def audit_rows(db: Database) -> list[AuditEntry]:
    with db.reading() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def with_loan(**loan: Any) -> dict[str, Any]:
    data = married_case()
    data["loan"].update(loan)
    return data


def test_case_numbers_count_up_per_year(db: Database) -> None:
    year = now().astimezone().year
    first = create_case(db, CONSULTANT, married_case())
    second = create_case(db, CONSULTANT, married_case())
    assert first == f"LD{year}-000001"
    assert second == f"LD{year}-000002"


def test_created_case_holds_the_facts(db: Database) -> None:
    number = create_case(db, CONSULTANT, married_case())
    detail = get_case(db, MANAGER, number)
    assert detail.data.customer.name == "张三"
    assert detail.data.spouse is not None and detail.data.spouse.name == "李四"
    assert detail.consultant.name == CONSULTANT
    assert detail.ltv == Decimal("0.7000")
    assert detail.checklist.current_step == "contract"
    assert detail.status == "open"
    with db.reading() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case is not None
        assert case.current_step == "contract"
        assert case.customer_phone_rev == "00083100831"
        assert case.missing_count > 0 and case.missing_summary


def test_lookup_is_case_insensitive(db: Database) -> None:
    number = create_case(db, CONSULTANT, married_case())
    assert get_case(db, CONSULTANT, f"  {number.lower()} ").number == number


def test_manager_opens_a_case_for_a_consultant(db: Database) -> None:
    number = create_case(db, MANAGER, married_case(), consultant=OTHER_CONSULTANT)
    assert get_case(db, MANAGER, number).consultant.name == OTHER_CONSULTANT


def test_finance_may_not_open_a_case(db: Database) -> None:
    before = dump(db)
    with pytest.raises(PermissionDenied) as caught:
        create_case(db, FINANCE, married_case())
    assert "sales consultant" in caught.value.expected
    assert dump(db) == before


@pytest.mark.parametrize(("data", "field", "words"), [
    (with_loan(amount="170000", down_payment="30000"), "loan.amount", "above"),
    (with_loan(term_months=72), "loan.term_months", "limit"),
    (with_loan(down_payment="50000"), "loan.down_payment", "not the price"),
    (with_loan(amount="-140000", down_payment="340000"), "loan.amount", "not above zero"),
    (with_loan(down_payment="-1", amount="200001"), "loan.down_payment", "negative"),
    (with_loan(fees="140000"), "loan.fees", "not between"),
])
def test_loans_the_lender_would_refuse(db: Database, data: dict[str, Any], field: str,
                                       words: str) -> None:
    before = dump(db)
    with pytest.raises(InvalidInput) as caught:
        create_case(db, CONSULTANT, data)
    assert caught.value.field == field, str(caught.value)
    assert words in caught.value.problem
    assert dump(db) == before


def test_ltv_message_gives_the_most_the_lender_lends(db: Database) -> None:
    with pytest.raises(InvalidInput) as caught:
        create_case(db, CONSULTANT, with_loan(amount="170000", down_payment="30000"))
    assert "85.00 %" in caught.value.problem and "80 %" in caught.value.problem
    assert caught.value.expected == "at most ¥160,000.00"


def test_new_energy_cars_may_borrow_more(db: Database) -> None:
    data = with_loan(amount="170000", down_payment="30000")
    data["vehicle"]["new_energy"] = True
    number = create_case(db, CONSULTANT, data)
    assert get_case(db, CONSULTANT, number).ltv == Decimal("0.8500")


@pytest.mark.parametrize("price", ["-200000", "0", "1000000000"])
def test_bad_price_names_the_vehicle_price(db: Database, price: str) -> None:
    data = married_case()
    data["vehicle"]["price"] = price
    with pytest.raises(InvalidInput) as caught:
        create_case(db, CONSULTANT, data)
    assert caught.value.field == "vehicle.price"


def test_absurd_amount_is_refused(db: Database) -> None:
    with pytest.raises(InvalidInput) as caught:
        create_case(db, CONSULTANT, with_loan(amount="1e20"))
    assert caught.value.field == "loan.amount"


def test_unknown_lender_lists_the_known_ones(db: Database) -> None:
    with pytest.raises(NotFound) as caught:
        create_case(db, CONSULTANT, with_loan(lender="火星银行"))
    assert caught.value.field == "loan.lender"
    assert "火星银行" in caught.value.problem
    for known in (LENDER, "中国建设银行", "平安银行"):
        assert known in caught.value.expected


def test_preview_loan_gives_the_figures_or_refuses(db: Database) -> None:
    data = with_loan(amount="100000", down_payment="100000", annual_rate="0.05",
                     term_months=36, fees="0")
    schedule, ltv = preview_loan(db, data)
    assert schedule.first_payment == Decimal("2997.09")
    assert schedule.total_interest == Decimal("7895.23")
    assert ltv == Decimal("0.5000")
    with pytest.raises(InvalidInput):
        preview_loan(db, with_loan(term_months=72))


# --- update ----------------------------------------------------------------------------------

def test_update_changes_and_audits(db: Database) -> None:
    number, _ = new_case(db)
    version = get_case(db, CONSULTANT, number).version
    changed = update_case(db, CONSULTANT, number, {"customer.phone": "139-1234-5678",
                                                   "vehicle.color": "曜石黑"})
    assert changed == ["customer.phone", "vehicle.color"]
    detail = get_case(db, CONSULTANT, number)
    assert detail.data.customer.phone == "13912345678"
    assert detail.version > version
    last = audit_rows(db)[-1]
    assert (last.action, last.user_name, last.case_number) == ("case.update", CONSULTANT,
                                                               number)
    assert last.detail["changes"]["customer.phone"] == {"from": "13800138000",
                                                        "to": "13912345678"}


def test_update_without_a_change_writes_nothing(db: Database) -> None:
    number, _ = new_case(db)
    before = dump(db)
    assert update_case(db, CONSULTANT, number, {"customer.phone": "13800138000"}) == []
    assert dump(db) == before


def test_update_keeps_search_columns_current(db: Database) -> None:
    number, _ = new_case(db)
    update_case(db, CONSULTANT, number, {"vehicle.vin": "LFWADRJF011002346",
                                         "customer.id_number": "360426199101010071",
                                         "spouse.id_number": "11010519491231002X"})
    with db.reading() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case is not None
        assert case.vin_rev == "LFWADRJF011002346"[::-1]
        assert case.customer_id_rev == "360426199101010071"[::-1]


def test_update_to_single_clears_the_spouse(db: Database) -> None:
    number, _ = new_case(db)
    before = dump(db)
    with pytest.raises(InvalidInput) as caught:  # issue 11: never erased in passing
        update_case(db, CONSULTANT, number, {"customer.marital_status": "divorced"})
    assert caught.value.field == "customer.marital_status"
    assert dump(db) == before
    update_case(db, CONSULTANT, number, {"customer.marital_status": "divorced"},
                clear_spouse=True)
    detail = get_case(db, CONSULTANT, number)
    assert detail.data.spouse is None
    assert not [i for i in detail.checklist.items if i.id == "marriage_certificate"]


def test_update_switching_lender_checks_its_limits(db: Database) -> None:
    number, _ = new_case(db)
    assert update_case(db, CONSULTANT, number, {"loan.lender": "平安银行"}) == ["loan.lender"]
    assert get_case(db, CONSULTANT, number).data.loan.lender == "平安银行"


def test_switching_lender_reopens_insurance_in_the_stored_list_fields(db: Database) -> None:
    # The policy of step 6 names the old lender: switching lenders sends the case back to
    # insurance, and what the case list shows (stored by the save) must say so at once.
    number, _ = new_case(db, steps=6)
    update_case(db, CONSULTANT, number, {"loan.lender": "平安银行"})
    detail = get_case(db, CONSULTANT, number)
    assert detail.checklist.current_step == "insurance"
    with db.reading() as session:
        stored = session.execute(select(Case.current_step, Case.missing_count).where(
            Case.number == number)).one()
    assert tuple(stored) == ("insurance", len([
        i for i in detail.checklist.open_items if i.state is not cl.State.WAITING]))


def test_stale_version_is_refused(db: Database) -> None:
    number, _ = new_case(db)
    opened = get_case(db, CONSULTANT, number).version
    update_case(db, MANAGER, number, {"vehicle.color": "曜石黑"})
    before = dump(db)
    with pytest.raises(InvalidInput) as caught:
        update_case(db, CONSULTANT, number, {"vehicle.color": "极地蓝"},
                    expected_version=opened)
    assert caught.value.field == "case"
    assert MANAGER in caught.value.problem  # who changed it meanwhile
    assert dump(db) == before
    current = get_case(db, CONSULTANT, number).version
    assert update_case(db, CONSULTANT, number, {"vehicle.color": "极地蓝"},
                       expected_version=current) == ["vehicle.color"]


def test_consultant_may_not_change_another_consultants_case(db: Database) -> None:
    number, _ = new_case(db)
    with pytest.raises(PermissionDenied) as caught:
        update_case(db, OTHER_CONSULTANT, number, {"vehicle.color": "曜石黑"})
    assert caught.value.field == "case"
    assert CONSULTANT in caught.value.problem
    assert update_case(db, MANAGER, number, {"vehicle.color": "曜石黑"}) == ["vehicle.color"]


Call = Callable[[Database, str], object]
FAILING_CALLS: dict[str, tuple[Call, type[InvalidInput], str]] = {
    "bad id": (lambda db, n: update_case(db, CONSULTANT, n, {
        "customer.id_number": "110105194912310020"}), InvalidInput, "customer.id_number"),
    "ltv": (lambda db, n: update_case(db, CONSULTANT, n, {
        "loan.amount": "190000", "loan.down_payment": "10000"}), InvalidInput, "loan.amount"),
    "term": (lambda db, n: update_case(db, CONSULTANT, n, {"loan.term_months": "61"}),
             InvalidInput, "loan.term_months"),
    "unknown field": (lambda db, n: update_case(db, CONSULTANT, n, {"customer.age": "30"}),
                      InvalidInput, "customer.age"),
    "unknown case": (lambda db, n: update_case(db, CONSULTANT, "LD1999-000001", {
        "vehicle.color": "红"}), NotFound, "number"),
    "unknown user": (lambda db, n: update_case(db, "nobody", n, {"vehicle.color": "红"}),
                     NotFound, "user"),
    "permission": (lambda db, n: update_case(db, OTHER_CONSULTANT, n, {
        "vehicle.color": "红"}), PermissionDenied, "case"),
    "gate": (lambda db, n: __import__("app.services.tasks", fromlist=["x"]).complete_task(
        db, CONSULTANT, n, "release_form"), InvalidInput, "task"),
    "role": (lambda db, n: __import__("app.services.tasks", fromlist=["x"]).complete_task(
        db, CONSULTANT, n, "down_payment", values={"amount": "60000"}), PermissionDenied,
        "user"),
    "create over ltv": (lambda db, n: create_case(db, CONSULTANT, with_loan(
        amount="180000", down_payment="20000")), InvalidInput, "loan.amount"),
}


@pytest.mark.parametrize("name", list(FAILING_CALLS))
def test_a_failed_call_leaves_the_database_exactly_as_it_was(db: Database, name: str) -> None:
    number, _ = new_case(db)
    call, error, field = FAILING_CALLS[name]
    before = dump(db)
    with pytest.raises(error) as caught:
        call(db, number)
    assert caught.value.field == field, str(caught.value)
    assert dump(db) == before


def test_failure_after_the_first_write_rolls_back(db: Database,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit row is written last: if it fails, the case row must not stay changed."""
    number, _ = new_case(db)
    before = dump(db)

    def broken_audit(*args: object, **kwargs: object) -> None:
        raise InvalidInput("audit", "simulated failure")

    monkeypatch.setattr(case_service, "audit", broken_audit)
    with pytest.raises(InvalidInput):
        update_case(db, CONSULTANT, number, {"vehicle.color": "曜石黑"})
    with pytest.raises(InvalidInput):
        create_case(db, CONSULTANT, married_case())
    assert dump(db) == before


def test_credit_officer_reads_any_case(db: Database) -> None:
    number, _ = new_case(db)
    assert get_case(db, CREDIT, number).number == number


def test_unknown_case_number(db: Database) -> None:
    with pytest.raises(NotFound) as caught:
        get_case(db, CONSULTANT, "LD2026-999999")
    assert caught.value.field == "number" and "LD2026-999999" in caught.value.problem


def test_case_data_is_not_shared_between_calls(db: Database) -> None:
    data = married_case()
    original = copy.deepcopy(data)
    create_case(db, CONSULTANT, data)
    assert data == original


def test_id_numbers_are_masked_unless_revealed_and_revealing_is_audited(db: Database) -> None:
    from app.services.audit import case_history
    from tests.conftest import WAREHOUSE

    number, _ = new_case(db)
    before = dump(db)
    masked = get_case(db, WAREHOUSE, number)
    assert masked.data.customer.id_number == "110105********002X"
    assert masked.data.spouse is not None
    assert masked.data.spouse.id_number == "360426********0071"
    assert dump(db) == before  # looking is not audited
    with pytest.raises(PermissionDenied):
        get_case(db, WAREHOUSE, number, reveal=True)
    assert dump(db) == before
    full = get_case(db, CREDIT, number, reveal=True)
    assert full.data.customer.id_number == "11010519491231002X"
    last = case_history(db, MANAGER, number)[0]
    assert (last.action, last.user_name) == ("id.reveal", CREDIT)


def test_lender_max_term_beyond_60_months_is_refused_and_not_written(db: Database) -> None:
    from app.services.lenders import add_lender, list_lenders, update_lender

    add_lender(db, "admin", "测试银行", max_term=60)
    for call in (lambda: add_lender(db, "admin", "长贷银行", max_term=61),
                 lambda: update_lender(db, "admin", "测试银行", max_term=61)):
        with pytest.raises(InvalidInput) as info:
            call()
        assert info.value.field == "max_term"
        assert "61" in info.value.problem and "60" in info.value.expected
        assert "60" in info.value.zh
    lenders = {v.name: v for v in list_lenders(db)}
    assert "长贷银行" not in lenders
    assert lenders["测试银行"].limits.max_term_months == 60


def test_id_issued_after_the_birth_is_accepted_with_a_warning_in_case_show(db: Database) -> None:
    from app.services.views import case_json

    data = married_case()
    data["customer"]["id_number"] = "31011519800615123X"  # 浦东 code from 1992, born 1980
    number = create_case(db, CONSULTANT, data)
    shown = case_json(get_case(db, CONSULTANT, number))  # masked: the warning still shows
    [warning] = shown["warnings"]
    assert warning["field"] == "customer.id_number"
    assert "310115" in warning["warning"] and "1992" in warning["warning_zh"]
    plain = case_json(get_case(db, CONSULTANT, create_case(db, CONSULTANT, married_case())))
    assert plain["warnings"] == []
