"""The main window: sign in, the list, Enter opens a case, Esc goes back, Ctrl+N, settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.services.lenders import list_lenders
from app.ui import i18n
from app.ui.main_window import MainWindow
from app.ui.new_case import NewCaseDialog
from app.ui.settings_dialog import SettingsDialog
from app.ui.sign_in import FirstAdministrator, SignIn
from tests.conftest import CONSULTANT, PASSWORD


@pytest.fixture
def window(qtbot, demo_url: str) -> MainWindow:
    shown = MainWindow(demo_url, CONSULTANT)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    shown.start()
    assert shown.case_list is not None
    return shown


def test_the_window_opens_on_the_users_queue_for_the_given_user(window: MainWindow) -> None:
    assert window.actor == CONSULTANT
    # Issue 14: every role lands on its queue (it used to be the case list).
    assert window.queue is not None and window.pages.currentWidget() is window.queue
    assert window.case_list is not None and window.case_list.model.rowCount() == 11
    assert "王芳" in window.who.text()
    assert window.new_action.shortcut().toString() == "Ctrl+N"
    assert window.search_action.shortcut().toString() == "Ctrl+F"


def test_without_a_user_the_person_signs_in_first(qtbot, demo_url: str) -> None:
    window = MainWindow(demo_url, None)
    qtbot.addWidget(window)
    window.show()
    window.start()
    dialog = window.findChild(SignIn)
    assert dialog is not None and window.case_list is None
    dialog.user.setCurrentIndex(dialog.user.findData("li.qiang"))
    dialog.password.setText("not-his-password")
    dialog.try_sign_in()
    assert window.case_list is None and "wrong password" in dialog.hint.text()
    dialog.password.setText(PASSWORD)
    dialog.try_sign_in()
    assert window.actor == "li.qiang" and window.case_list is not None


def test_a_new_database_asks_for_the_administrator_password_first(qtbot, tmp_path) -> None:
    window = MainWindow(f"sqlite:///{tmp_path}/new.sqlite3", None)
    qtbot.addWidget(window)
    window.show()
    window.start()
    first = window.findChild(FirstAdministrator)
    assert first is not None
    first.password.setText("short")
    first.again.setText("short")
    first.try_create()
    assert "at least 8" in first.hint.text()
    first.password.setText("a-good-password")
    first.again.setText("a-good-password")
    first.try_create()
    dialog = window.findChild(SignIn)
    assert dialog is not None and dialog.user_name() == "admin"
    dialog.password.setText("a-good-password")
    dialog.try_sign_in()
    assert window.actor == "admin"


def test_an_unknown_user_is_asked_to_sign_in(qtbot, demo_url: str) -> None:
    window = MainWindow(demo_url, "nobody")
    qtbot.addWidget(window)
    window.show()
    window.start()
    dialog = window.findChild(SignIn)
    assert dialog is not None and "nobody" in dialog.findChildren(QLabel)[0].text()


def test_enter_on_a_scanned_number_opens_the_case_and_esc_goes_back(qtbot,
                                                                    window: MainWindow) -> None:
    assert window.case_list is not None
    number = window.case_list.model.row_at(4).number
    qtbot.keyClicks(window.case_list.search, number)
    qtbot.keyClick(window.case_list.search, Qt.Key.Key_Enter)
    assert window.open_number == number
    assert window.pages.currentWidget() is window.workspace
    assert number in window.windowTitle()
    window.back_shortcut.activated.emit()  # Esc
    assert window.pages.currentWidget() is window.case_list and window.workspace is None
    window.search_action.trigger()  # Ctrl+F
    assert window.case_list.focusWidget() is window.case_list.search


def test_ctrl_n_creates_a_case_and_opens_it(qtbot, window: MainWindow) -> None:
    from tests.gui.test_new_case import MARRIED, fill, settle

    window.new_action.trigger()
    dialog = window.findChild(NewCaseDialog)
    assert dialog is not None and dialog.isVisible()
    fill(qtbot, dialog, MARRIED)
    settle(qtbot, dialog)
    dialog.submit()
    assert window.open_number.startswith("LD")
    assert window.case_list is not None
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 12, timeout=2000)


def test_settings_show_lenders_add_one_and_keep_the_language(qtbot, window: MainWindow,
                                                             monkeypatch) -> None:
    window.actor = "admin"
    window.users = [*window.users]
    monkeypatch.setattr(window, "role", lambda: "admin")
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    assert dialog.lenders.rowCount() == len(list_lenders(window.db))
    assert dialog.fields["dealership.name"].text()
    dialog.lender_name.setText("测试银行")
    dialog.lender_ltv.setValue(75)
    dialog.add_lender()
    assert window.db is not None
    added = {v.name: v for v in list_lenders(window.db)}["测试银行"]
    assert str(added.limits.max_ltv_self_use) == "0.75"
    dialog.lenders.selectRow(0)
    picked = dialog.lender_name.text()
    dialog.lender_term.setValue(48)
    dialog.update_lender()
    assert {v.name: v for v in list_lenders(window.db)}[picked].limits.max_term_months == 48
    dialog.fields["dealership.phone"].setText("010-12345678")
    dialog.save_dealership()
    dialog.language.setCurrentIndex(dialog.language.findData(i18n.CHINESE))
    assert i18n.chosen_language() == i18n.CHINESE
    # Issue 14: the language applies at once (it used to wait for the next start).
    assert i18n.is_chinese() and window.menuBar().actions()[0].text() == "案件(&C)"
    dialog.language.setCurrentIndex(dialog.language.findData(i18n.ENGLISH))
    assert not i18n.is_chinese() and window.menuBar().actions()[0].text() == "&Case"
    assert i18n.chosen_language() == i18n.ENGLISH


def test_the_administrator_manages_users_in_settings(qtbot, window: MainWindow,
                                                     monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    from app.services.auth import sign_in
    from app.services.users import list_users

    window.actor = "admin"
    monkeypatch.setattr(window, "role", lambda: "admin")
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and window.db is not None
    tab = dialog.users_tab
    assert tab.table.rowCount() == len(list_users(window.db))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("a-new-password", True))
    tab.login.setText("qian.duo")
    tab.display.setText("钱多")
    tab.role.setCurrentIndex(tab.role.findData("finance"))
    tab.add()
    assert sign_in(window.db, "qian.duo", "a-new-password").role == "finance"
    tab.table.selectRow(next(i for i, u in enumerate(tab.users) if u.name == "qian.duo"))
    tab.toggle_active()
    assert "qian.duo" not in {u.name for u in list_users(window.db)}
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("short", True))
    shown: list[str] = []
    monkeypatch.setattr(i18n, "report_error", lambda _parent, error: shown.append(str(error)))
    tab.table.selectRow(0)
    tab.new_password()
    assert shown and "at least 8" in shown[0]


def test_a_consultant_may_look_at_settings_but_not_change_them(qtbot,
                                                               window: MainWindow) -> None:
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    assert dialog.fields["dealership.name"].isReadOnly()
    assert not dialog.add_button.isEnabled()


def test_a_database_that_cannot_be_opened_is_said_plainly(qtbot, tmp_path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(i18n, "report_error", lambda _parent, error: shown.append(str(error)))
    (tmp_path / "x.sqlite3").write_bytes(b"not a database, just bytes " * 100)
    window = MainWindow(f"sqlite:///{tmp_path}/x.sqlite3", CONSULTANT)
    qtbot.addWidget(window)
    window.show()
    window.start()
    assert window.case_list is None and shown
    assert window.waiting.text() == "The database could not be opened."
    QApplication.processEvents()


def test_the_list_fits_a_1366_by_768_screen(window: MainWindow) -> None:
    assert window.case_list is not None
    assert window.width() <= 1366 and window.height() <= 768
    table = window.case_list.table
    assert table.viewport().width() >= sum(table.columnWidth(c) for c in range(7))


def test_changes_from_another_workstation_appear(qtbot, window: MainWindow) -> None:
    from app.services.cases import update_case

    assert window.case_list is not None and window.db is not None
    row = window.case_list.model.row_at(0)
    window.open_case(row.number)
    update_case(window.db, "wu.lei", row.number, {"customer.name": "欧阳娜娜"})
    window.poll_changes()
    assert window.case_list.model.row_at(0).customer == "欧阳娜娜"
    assert "wu.lei" in window.workspace.notice.text()  # type: ignore[union-attr]


def test_today_and_board_open_from_the_view_menu(qtbot, demo_url: str) -> None:
    from app.ui.board import BoardView
    from app.ui.today import TodayView

    manager = MainWindow(demo_url, "wu.lei")
    qtbot.addWidget(manager)
    manager.resize(1366, 768)
    manager.show()
    manager.start()
    manager.today_action.trigger()
    today = manager.pages.currentWidget()
    assert isinstance(today, TodayView) and today.today is not None
    assert "everyone" in today.heading.text()  # a manager sees every consultant's day
    assert today.stuck.rowCount() == len(today.today.stuck)
    if today.stuck.rowCount():
        number = today.stuck.item(0, 0).text()
        today.stuck.cellDoubleClicked.emit(0, 0)
        assert manager.open_number == number
    manager.board_action.trigger()
    assert isinstance(manager.pages.currentWidget(), BoardView)
    manager.back_shortcut.activated.emit()  # Esc
    assert manager.pages.currentWidget() is manager.case_list


def test_release_step_lists_the_originals_still_out(qtbot, window: MainWindow) -> None:
    from app.services.custody import check_out
    from app.ui.workspace import CaseWorkspace

    assert window.case_list is not None and window.db is not None
    row = next(window.case_list.model.row_at(i) for i in range(11)
               if window.case_list.model.row_at(i).step == "warehouse_release")
    owner = {"王芳": "wang.fang", "李强": "li.qiang", "张伟": "zhang.wei"}[row.consultant]
    check_out(window.db, owner, row.number, "conformity_certificate", to="车管所 代办员 老刘")
    window.open_case(row.number)
    assert isinstance(window.workspace, CaseWorkspace)
    window.workspace.show_step("warehouse_release")
    page = window.workspace.page
    assert page is not None and "老刘" in page.originals.text()
