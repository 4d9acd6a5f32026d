"""The permission matrix (issue 11): its rules, its messages, and the README's copy of it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from app.domain.permissions import (
    COLUMNS,
    MATRIX,
    Action,
    Reach,
    allowed,
    allowed_anywhere,
    may_confirm,
    may_record,
    table_markdown,
    who_may,
)
from app.domain.privacy import is_masked, mask_phone, masked
from app.domain.procedure import TASKS, Role

ROOT = Path(__file__).resolve().parents[2]
LOAN_ROLES = [r for r in Role if r is not Role.ADMIN]
FULL_ID = "11010519491231002X"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("permissions_table",
                                                  ROOT / "scripts" / "permissions_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_table_is_the_generated_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Who may do what" in readme
    assert _script().readme_table(readme) == table_markdown()


def test_the_table_has_a_row_per_action_and_a_column_per_role() -> None:
    lines = table_markdown().splitlines()
    assert len(lines) == 2 + len(Action)
    assert all(line.count("|") == len(COLUMNS) + 2 for line in lines)
    assert set(COLUMNS) == set(Role)
    row = next(line for line in lines if line.startswith("| change a case's facts"))
    assert row.split("|")[2:-1] == [" own cases ", " — ", " — ", " — ", " — ", " — ", " ✓ ",
                                    " — "]


@pytest.mark.parametrize("action", [Action.CHANGE_CASE, Action.EDIT_DOCUMENTS])
def test_only_the_case_consultant_or_a_manager_change_a_case(action: Action) -> None:
    for role in Role:
        for own in (True, False):
            expected = role is Role.MANAGER or (role is Role.CONSULTANT and own)
            assert allowed(role, action, own) is expected, (role, own)


def test_the_administrator_does_no_loan_work_and_alone_manages_administrators() -> None:
    for rule in MATRIX.values():
        if rule.on_case:
            assert rule.reach[Role.ADMIN] is Reach.NONE, rule.action
    assert [r for r in Role if allowed(r, Action.MANAGE_ADMINS)] == [Role.ADMIN]
    assert allowed(Role.MANAGER, Action.MANAGE_USERS)
    assert not allowed(Role.MANAGER, Action.MANAGE_ADMINS)


def test_each_role_records_its_own_tasks_and_a_manager_any() -> None:
    for task_ in TASKS.values():
        for role in Role:
            for own in (True, False):
                expected = role is Role.MANAGER or (
                    role is task_.role and role is not Role.ADMIN
                    and (own or role is not Role.CONSULTANT))
                assert may_record(role, task_, own) is expected, (task_.id, role, own)


def test_a_consultant_may_not_work_on_a_colleagues_case() -> None:
    for action in (Action.RECORD_OWN_TASK, Action.ISSUE_FORM, Action.CHANGE_CASE,
                   Action.EDIT_DOCUMENTS, Action.CUSTODY, Action.REVEAL_ID,
                   Action.FOLLOW_UP, Action.BUILD_DOSSIER, Action.EXPORT_DOCUMENTS):
        assert allowed(Role.CONSULTANT, action, own_case=True), action
        assert not allowed(Role.CONSULTANT, action, own_case=False), action
        assert allowed_anywhere(Role.CONSULTANT, action)


def test_only_a_manager_overrides_a_gate() -> None:
    assert [r for r in Role if allowed(r, Action.OVERRIDE_GATE)] == [Role.MANAGER]


def test_whoever_sees_full_numbers_may_reveal_them() -> None:
    """Issuing a form that prints the number, exporting an ID card, building the dossier and
    searching by ID tail all show a full number: nobody has them without the reveal right."""
    for action in (Action.ISSUE_FORM, Action.EXPORT_DOCUMENTS, Action.BUILD_DOSSIER,
                   Action.SEARCH_ID_TAIL):
        for role in Role:
            for own in (True, False):
                if allowed(role, action, own):
                    assert allowed(role, Action.REVEAL_ID, own), (action, role, own)
    assert {r for r in Role if allowed_anywhere(r, Action.REVEAL_ID)} == {
        Role.CONSULTANT, Role.FINANCE, Role.CREDIT_OFFICER, Role.MANAGER}


def test_copies_are_confirmed_by_their_recipient_or_a_manager() -> None:
    assert may_confirm(Role.INFO_CLERK, "info_clerk", own_case=False)
    assert not may_confirm(Role.FINANCE, "info_clerk", own_case=False)
    assert may_confirm(Role.MANAGER, "warehouse", own_case=False)
    assert may_confirm(Role.CONSULTANT, "consultant", own_case=True)
    assert not may_confirm(Role.CONSULTANT, "consultant", own_case=False)
    assert may_confirm(Role.FINANCE, "customer", own_case=False)  # not a staff role
    assert not may_confirm(Role.INSURANCE, "customer", own_case=False)
    assert not may_confirm(Role.ADMIN, "admin", own_case=False)


def test_an_unknown_role_may_do_nothing() -> None:
    assert not any(allowed("cashier", action, True) for action in Action)


def test_who_may_names_the_roles_and_how_far() -> None:
    who = who_may(Action.REVEAL_ID)
    assert who.en == "the sales consultant (own cases), finance, credit officer or manager"
    assert who.zh == "销售顾问(仅本人案件)、财务、信贷专员、经理"
    assert who_may(Action.MANAGE_ADMINS).en == "the administrator"


def test_every_role_may_do_something() -> None:
    for role in Role:
        assert any(allowed_anywhere(role, action) for action in Action), role
    assert all(allowed(r, Action.VIEW_CASE) for r in LOAN_ROLES)


def test_masked_hides_ids_and_phones_by_name_and_by_shape() -> None:
    data = {"customer": {"id_number": FULL_ID, "phone": "13800138000", "name": "张三"},
            "changes": {"spouse.id_number": {"from": "360426199101010071", "to": ""}},
            "note": f"客户 {FULL_ID} 电话 13900139000", "pages": ["ab13912345678cd"],
            "amount": 140000, "old_id": "110105491231002"}
    shown = masked(data)
    assert shown["customer"] == {"id_number": "110105********002X", "phone": "138****8000",
                                 "name": "张三"}
    assert shown["changes"]["spouse.id_number"]["from"] == "360426********0071"
    assert shown["note"] == "客户 110105********002X 电话 139****9000"
    assert shown["pages"] == ["ab13912345678cd"]  # a hash is not a phone number
    assert shown["amount"] == 140000
    assert shown["old_id"] == "110105*****1002"  # a 15-digit number of the old cards
    assert data["customer"]["id_number"] == FULL_ID  # a copy: the original is untouched
    assert mask_phone("13800138000") == "138****8000"
    assert is_masked("110105********002X") and not is_masked(FULL_ID)
