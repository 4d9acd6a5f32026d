"""Sign-in, lockout, passwords, and who may do what (issue 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.errors import InvalidInput, PermissionDenied
from app.services import auth, common
from app.services.auth import SignInRefused, set_password, sign_in
from app.services.cases import create_case, get_case, update_case
from app.services.listing import CaseQuery, list_cases
from app.services.tasks import complete_task
from app.store.db import Database
from tests.conftest import (
    CONSULTANT,
    CREDIT,
    FINANCE,
    MANAGER,
    OTHER_CONSULTANT,
    PASSWORD,
    married_case,
)
from tests.helpers import advance


def test_sign_in_with_the_right_password(db: Database) -> None:
    assert sign_in(db, CONSULTANT, PASSWORD).role == "consultant"
    with pytest.raises(SignInRefused, match="unknown user or wrong password"):
        sign_in(db, CONSULTANT, "not-the-password")
    with pytest.raises(SignInRefused, match="unknown user or wrong password"):
        sign_in(db, "nobody", PASSWORD)


def test_five_failures_lock_the_user_for_a_while(db: Database,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(SignInRefused):
            sign_in(db, CONSULTANT, "wrong-password")
    with pytest.raises(SignInRefused, match="locked until"):
        sign_in(db, CONSULTANT, PASSWORD)
    later = common.now() + auth.LOCKOUT + timedelta(seconds=1)
    monkeypatch.setattr(auth, "now", lambda: later)
    assert sign_in(db, CONSULTANT, PASSWORD).name == CONSULTANT


def test_passwords_are_set_by_an_administrator_or_oneself(db: Database) -> None:
    with pytest.raises(InvalidInput, match="at least 8"):
        set_password(db, "admin", CONSULTANT, "short")
    with pytest.raises(PermissionDenied):
        set_password(db, CONSULTANT, OTHER_CONSULTANT, "another-password")
    set_password(db, CONSULTANT, CONSULTANT, "my-new-password")
    assert sign_in(db, CONSULTANT, "my-new-password").name == CONSULTANT
    set_password(db, "admin", CONSULTANT, "reset-by-admin")
    assert sign_in(db, CONSULTANT, "reset-by-admin").name == CONSULTANT


def test_roles_are_enforced_in_the_services(db: Database) -> None:
    data = married_case()
    number = create_case(db, CONSULTANT, data)
    with pytest.raises(PermissionDenied, match="may not"):
        create_case(db, "admin", married_case())  # the administrator does no loan work
    with pytest.raises(PermissionDenied, match="belongs to"):
        update_case(db, OTHER_CONSULTANT, number, {"customer.phone": "13912345678"})
    with pytest.raises(PermissionDenied, match="finance") as refused:
        complete_task(db, CONSULTANT, number, "settlement", values={"total": "1000"})
    assert "财务" in refused.value.zh
    advance(db, number, data, 3)  # the application filled: the dossier may go up
    with pytest.raises(PermissionDenied, match="credit officer"):
        complete_task(db, FINANCE, number, "upload_dossier")
    complete_task(db, CREDIT, number, "upload_dossier")
    complete_task(db, MANAGER, number, "credit_decision",  # the manager supervises
                  values={"result": "approved"})


def test_full_id_numbers_are_masked_unless_revealed(db: Database) -> None:
    number = create_case(db, CONSULTANT, married_case())
    assert get_case(db, CONSULTANT, number).data.customer.id_number == "110105********002X"
    assert get_case(db, CONSULTANT, number, reveal=True).data.customer.id_number == \
        "11010519491231002X"
    with pytest.raises(PermissionDenied):
        get_case(db, "zhou.gang", number, reveal=True)  # the warehouse keeper needs no ID
    assert list_cases(db, MANAGER, CaseQuery())[0].id_masked == "110105********002X"


@pytest.mark.parametrize("hostile", ["'; DROP TABLE cases; --", "王' OR '1'='1",
                                     "Robert'); DELETE FROM users;--"])
def test_sql_looking_input_is_stored_literally(db: Database, hostile: str) -> None:
    data = married_case()
    data["customer"]["address"] = hostile
    number = create_case(db, CONSULTANT, data)
    assert get_case(db, CONSULTANT, number).data.customer.address == hostile
    assert list_cases(db, MANAGER, CaseQuery(search=hostile)) == []
    with pytest.raises(SignInRefused):
        sign_in(db, hostile, hostile)
    assert len(list_cases(db, MANAGER, CaseQuery())) == 1


def test_an_administrator_changes_roles_and_switches_accounts_off(db: Database) -> None:
    from app.services.users import change_user

    with pytest.raises(PermissionDenied):
        change_user(db, CONSULTANT, OTHER_CONSULTANT, active=False)
    with pytest.raises(InvalidInput, match="lock themselves out"):
        change_user(db, "admin", "admin", active=False)
    assert change_user(db, "admin", CONSULTANT, role="finance").role == "finance"
    change_user(db, "admin", OTHER_CONSULTANT, active=False)
    with pytest.raises(SignInRefused):
        sign_in(db, OTHER_CONSULTANT, PASSWORD)
    with pytest.raises(InvalidInput, match="not a role"):
        change_user(db, "admin", CONSULTANT, role="boss")


def test_an_administrator_changes_a_lenders_limits(db: Database) -> None:
    from decimal import Decimal

    from app.services.lenders import list_lenders, update_lender
    from tests.conftest import LENDER

    with pytest.raises(PermissionDenied):
        update_lender(db, CONSULTANT, LENDER, max_ltv="0.5")
    with pytest.raises(InvalidInput, match="fraction"):
        update_lender(db, "admin", LENDER, max_ltv="1.5")
    view = update_lender(db, "admin", LENDER, max_ltv="0.6", max_term=36)
    assert view.limits.max_ltv_self_use == Decimal("0.6")
    with pytest.raises(InvalidInput, match="loan-to-value"):
        create_case(db, CONSULTANT, married_case())  # 70 % is now above the 60 % limit
    update_lender(db, "admin", LENDER, active=False)
    assert LENDER not in {lender.name for lender in list_lenders(db)}
