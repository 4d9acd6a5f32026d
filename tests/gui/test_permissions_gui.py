"""The desktop offers only what the signed-in role may do (issue 11): the permission matrix
decides which menus, buttons, document actions, task buttons and form actions exist."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit, QPushButton, QToolButton

from app.domain.permissions import Action, allowed_anywhere, may_record
from app.domain.privacy import mask_id
from app.domain.procedure import TASKS, Role
from app.services.cases import get_case
from app.store.db import Database
from app.ui.main_window import MainWindow
from app.ui.workspace import CaseWorkspace
from app.ui.workspace.step_page import StepPage
from tests.conftest import CONSULTANT, MANAGER, OTHER_CONSULTANT, WAREHOUSE, married_case
from tests.helpers import new_case

CUSTOMER_ID = married_case()["customer"]["id_number"]


def open_case(qtbot: Any, db: Database, actor: str, number: str) -> CaseWorkspace:
    workspace = CaseWorkspace(db, actor, number)
    qtbot.addWidget(workspace)
    workspace.resize(1366, 768)
    workspace.show()
    return workspace


def page(workspace: CaseWorkspace, step_id: str) -> StepPage:
    workspace.show_step(step_id)
    assert workspace.page is not None and workspace.page.step.id == step_id
    return workspace.page


def offered(button: QPushButton) -> bool:
    return button.isVisibleTo(button.window()) and button.isEnabled()


def document_buttons(workspace: CaseWorkspace, step_id: str) -> list[QPushButton]:
    step = page(workspace, step_id)
    return [b for b in step.findChildren(QPushButton)
            if b.objectName().startswith(("remove_", "replace_"))]


@pytest.mark.parametrize(("actor", "own"), [(CONSULTANT, True), (OTHER_CONSULTANT, False),
                                            (WAREHOUSE, False), (MANAGER, False)])
def test_the_workspace_offers_what_the_matrix_allows(qtbot: Any, db: Database, actor: str,
                                                     own: bool) -> None:
    number, _ = new_case(db, steps=3)
    workspace = open_case(qtbot, db, actor, number)
    role = workspace.ctx.role
    assert workspace.ctx.own is own
    may_edit = role == Role.MANAGER or (role == Role.CONSULTANT and own)
    documents = page(workspace, "documents")
    assert documents.slots
    for slot in documents.slots:
        assert offered(slot.add_button) is may_edit
        assert slot.acceptDrops() is may_edit
    buttons = document_buttons(workspace, "documents")
    assert buttons and all(offered(b) is may_edit for b in buttons)
    saves = [b for b in page(workspace, "documents").findChildren(QPushButton)
             if b.objectName() == "save_content"]
    assert saves and all(offered(b) is may_edit for b in saves)
    for step_id in ("credit_review", "approval_invoice", "warehouse_release", "delivery"):
        for task_id, row in page(workspace, step_id).task_rows.items():
            expected = may_record(role, TASKS[task_id], own)
            assert offered(row.button) is expected, (actor, task_id)
            if not expected:
                assert "may do this" in row.detail.text()
    credit = page(workspace, "credit_review")
    dossier = [b for b in credit.findChildren(QPushButton) if b.objectName() == "credit_dossier"]
    assert bool(dossier) is (role == Role.MANAGER or own)


def test_only_a_manager_is_offered_the_gate_override(qtbot: Any, db: Database) -> None:
    number, _ = new_case(db, steps=3)
    for actor, expected in ((CONSULTANT, False), (WAREHOUSE, False), (MANAGER, True)):
        workspace = open_case(qtbot, db, actor, number)
        release = page(workspace, "warehouse_release")
        assert bool(release.override_buttons) is expected, actor


def test_the_id_number_field_is_masked_and_saving_other_fields_keeps_it(
        qtbot: Any, db: Database) -> None:
    number, _ = new_case(db, steps=3)
    workspace = open_case(qtbot, db, CONSULTANT, number)
    fields = [e for e in page(workspace, "documents").findChildren(QLineEdit)
              if e.objectName() == "content_id_number"]
    assert fields and all("*" in f.text() for f in fields)
    assert mask_id(CUSTOMER_ID) in [f.text() for f in fields]
    editor = next(f for f in fields if f.text() == mask_id(CUSTOMER_ID)).parent()
    editor.edits["valid_until"].setText("2040-01-01")
    editor.send()
    revealed = get_case(db, CONSULTANT, number, reveal=True)
    card = next(d for d in revealed.documents if d.kind == "id_card" and d.party == "customer")
    assert card.content == {"id_number": CUSTOMER_ID, "valid_until": "2040-01-01"}


def test_the_warehouse_keeper_sees_the_fields_read_only(qtbot: Any, db: Database) -> None:
    number, _ = new_case(db, steps=3)
    workspace = open_case(qtbot, db, WAREHOUSE, number)
    fields = [e for e in page(workspace, "documents").findChildren(QLineEdit)
              if e.objectName().startswith("content_")]
    assert fields and all(f.isReadOnly() for f in fields)
    assert CUSTOMER_ID not in [f.text() for f in fields]
    # The card's image shows the full number: no thumbnail, no viewer for this role.
    assert not any(d.kind == "id_card" and d.pages[0].thumbnail_sha256 in
                   workspace.view.thumbnails for d in workspace.view.detail.documents)
    assert any(d.kind == "driver_license" and d.pages[0].thumbnail_sha256 in
               workspace.view.thumbnails for d in workspace.view.detail.documents)
    card = next(s for s in page(workspace, "documents").slots
                if s.item.id == "id_card" and s.item.party.value == "customer")
    assert not card.findChildren(QToolButton)
    views = [b for b in card.findChildren(QPushButton) if b.text() == "View pages"]
    assert views and not any(offered(b) for b in views)


def window_for(qtbot: Any, url: str, user: str) -> MainWindow:
    window = MainWindow(url, user)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    return window


@pytest.mark.parametrize("user", ["admin", "zhou.gang", "wang.fang", "wu.lei", "chen.jing"])
def test_the_menus_offer_what_the_role_may_do(qtbot: Any, demo_url: str, user: str) -> None:
    window = window_for(qtbot, demo_url, user)
    role = window.role()
    for action, right in ((window.new_action, Action.CREATE_CASE),
                          (window.search_action, Action.VIEW_CASE),
                          (window.today_action, Action.TODAY),
                          (window.board_action, Action.BOARD),
                          (window.queue_action, Action.QUEUE)):
        assert action.isVisible() is allowed_anywhere(role, right), (user, action.text())
    assert window.settings_action.isVisible()  # the language is everyone's
    if role == Role.ADMIN:
        assert window.case_list is None  # no case list: the administrator does no loan work
        assert "Settings" in window.pages.currentWidget().text()
    else:
        assert window.case_list is not None
        window.show_list()  # the landing page is the queue (issue 14); the list is a menu away
        new_button = window.case_list.new_button
        assert new_button.isVisibleTo(window) is allowed_anywhere(role, Action.CREATE_CASE)
        hint = window.case_list.search.placeholderText()
        assert ("ID" in hint) is allowed_anywhere(role, Action.SEARCH_ID_TAIL)


def test_a_manager_is_not_offered_the_administrator_role(qtbot: Any, demo_url: str) -> None:
    from app.ui.settings_dialog import SettingsDialog

    for user, offers_admin in (("wu.lei", False), ("admin", True)):
        window = window_for(qtbot, demo_url, user)
        window.open_settings()
        dialog = window.findChild(SettingsDialog)
        assert dialog is not None
        roles = [dialog.users_tab.role.itemData(i)
                 for i in range(dialog.users_tab.role.count())]
        assert ("admin" in roles) is offers_admin
        tab = dialog.users_tab
        admin_row = next(i for i, u in enumerate(tab.users) if u.name == "admin")
        tab.table.selectRow(admin_row)
        assert tab.password_button.isEnabled() is offers_admin
        dialog.close()


def test_revealing_in_the_header_is_offered_by_role_and_audited(qtbot: Any,
                                                                 db: Database) -> None:
    from sqlalchemy import select

    from app.store.models import AuditEntry

    number, _ = new_case(db, steps=1)
    for actor in (WAREHOUSE, OTHER_CONSULTANT):
        workspace = open_case(qtbot, db, actor, number)
        assert not workspace.header.reveal.isVisibleTo(workspace)
        assert CUSTOMER_ID not in workspace.header.customer.text()
    workspace = open_case(qtbot, db, CONSULTANT, number)
    assert mask_id(CUSTOMER_ID) in workspace.header.customer.text()
    assert workspace.header.reveal.isVisibleTo(workspace)
    with db.reading() as session:
        assert not list(session.scalars(select(AuditEntry).where(
            AuditEntry.action == "id.reveal")))
    workspace.header.reveal.click()
    assert CUSTOMER_ID in workspace.header.customer.text()
    with db.reading() as session:
        [row] = session.scalars(select(AuditEntry).where(AuditEntry.action == "id.reveal"))
    assert row.user_name == CONSULTANT and row.case_number == number
