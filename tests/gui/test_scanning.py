"""A USB scanner types a sheet's QR code and Enter: into the case list, the receipt dialog;
the cover-sheet button; the scanner folder's tab and watcher."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.domain.procedure import FORM_STEPS
from app.services import forms as form_service
from app.services.listing import CaseQuery, list_cases
from app.store.db import Database
from app.ui import scan_folder
from app.ui.main_window import MainWindow
from app.ui.scan_receipt import ReceiptScanDialog
from tests.conftest import INFO, MANAGER


def open_copy(db: Database, recipient: str | None = None) -> tuple[str, str, str, str]:
    """(case, form, serial, copy) of an issued copy nobody has received yet: a form the
    demo has not issued yet is issued for it (by the manager, as the service allows)."""
    for row in list_cases(db, MANAGER, CaseQuery(), limit=50):
        records = form_service.issued_forms(db, MANAGER, row.number)
        for record in records:  # a copy the demo left in transit serves as well
            for c in record.copies:
                if c.received_by is None and recipient in (None, c.recipient_role):
                    return row.number, record.form_id, record.serial, c.copy_id
        issued = {r.form_id for r in records}
        for form_id in FORM_STEPS:
            spec = form_service.form_spec(form_id)
            if form_id in issued or not any(recipient in (None, c.recipient_role)
                                            for c in spec.copies):
                continue
            if form_service.form_refusal(db, MANAGER, row.number, form_id) is not None:
                continue
            serial = form_service.issue_form(db, MANAGER, row.number, form_id).serial
            copy = next(c for c in spec.copies if recipient in (None, c.recipient_role))
            return row.number, form_id, serial, copy.id
    raise AssertionError("the demo has no form left to issue")


def received(db: Database, number: str, serial: str, copy_id: str) -> str | None:
    record = next(r for r in form_service.issued_forms(db, MANAGER, number)
                  if r.serial == serial)
    return next(c.received_by for c in record.copies if c.copy_id == copy_id)


@pytest.fixture
def manager(qtbot, demo_url: str) -> MainWindow:
    shown = MainWindow(demo_url, MANAGER)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    shown.start()
    assert shown.case_list is not None
    return shown


def scan(qtbot, field, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_a_copy_scanned_into_the_search_opens_its_case_step_and_receipt(
        qtbot, manager: MainWindow) -> None:
    assert manager.db is not None and manager.case_list is not None
    number, form_id, serial, copy_id = open_copy(manager.db)
    scan(qtbot, manager.case_list.search, f"LD1|{number}|F|{form_id}|{serial}|{copy_id}")
    assert manager.open_number == number
    assert manager.workspace is not None and manager.workspace.step_id == FORM_STEPS[form_id]
    dialog = manager.receipt_dialog
    assert isinstance(dialog, ReceiptScanDialog) and dialog.isVisible()
    assert received(manager.db, number, serial, copy_id) is None  # offered, not yet done
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)  # the person confirms with Enter
    assert received(manager.db, number, serial, copy_id) is not None
    assert dialog.results.item(0).text().startswith("✓ ")
    # The same copy again: refused, said in the list, nothing more recorded.
    scan(qtbot, dialog.field, f"LD1|{number}|F|{form_id}|{serial}|{copy_id}")
    assert "already confirmed" in dialog.results.item(0).text()


def test_a_cover_sheet_or_draft_scanned_into_the_search_only_opens_the_case(
        qtbot, manager: MainWindow) -> None:
    assert manager.db is not None and manager.case_list is not None
    number = manager.case_list.model.row_at(3).number
    scan(qtbot, manager.case_list.search, f"LD1|{number}|D|id_card|customer")
    assert manager.open_number == number
    assert getattr(manager, "receipt_dialog", None) is None
    manager.show_list(focus=True)
    scan(qtbot, manager.case_list.search, f"LD1|{number}|F|fee_details|DRAFT|main")
    assert manager.open_number == number and getattr(manager, "receipt_dialog", None) is None


def test_a_bad_code_in_the_search_is_refused_and_opens_nothing(
        qtbot, manager: MainWindow) -> None:
    assert manager.case_list is not None
    scan(qtbot, manager.case_list.search, "LD1|LD2026-000001|F|sales_contract")
    boxes = [w for w in manager.case_list.findChildren(QMessageBox)]
    assert boxes and "not a LoanDesk code" in boxes[-1].text()
    assert manager.workspace is None
    for box in boxes:  # answered, as the person would: no box left over for later tests
        box.done(QMessageBox.StandardButton.Ok)


def test_receipt_by_scan_keeps_the_recipients_permission(qtbot, demo_db: Database) -> None:
    number, form_id, serial, copy_id = open_copy(demo_db, recipient="finance")
    dialog = ReceiptScanDialog(demo_db, INFO)  # the info clerk may not take finance's copy
    qtbot.addWidget(dialog)
    scan(qtbot, dialog.field, f"LD1|{number}|F|{form_id}|{serial}|{copy_id}")
    assert dialog.results.item(0).text().startswith("✗ ")
    assert received(demo_db, number, serial, copy_id) is None
    scan(qtbot, dialog.field, f"LD1|{number}|D|id_card|customer")
    assert "cover sheet" in dialog.results.item(0).text()
    scan(qtbot, dialog.field, "hello")
    assert "not a LoanDesk code" in dialog.results.item(0).text()


def test_a_missing_document_offers_its_cover_sheet(qtbot, manager: MainWindow) -> None:
    assert manager.db is not None and manager.case_list is not None
    from app.ui.form_preview import FormPreview

    number = next(r.number for r in list_cases(manager.db, MANAGER, CaseQuery(step="documents"),
                                               limit=1))
    manager.open_case(number)
    assert manager.workspace is not None
    manager.workspace.show_step("documents")
    covers = [b for b in manager.workspace.findChildren(QPushButton)
              if b.objectName().startswith("cover_")]
    assert covers, "no cover-sheet button beside a missing document"
    covers[0].click()
    preview = covers[0].property("preview")
    assert isinstance(preview, FormPreview) and preview.isVisible()


def test_the_scanner_folder_is_set_in_settings_and_watched(
        qtbot, manager: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert manager.db is not None
    tab = scan_folder.ScanFolderTab()
    qtbot.addWidget(tab)
    tab.folder.setText(str(tmp_path))
    tab.folder.editingFinished.emit()
    assert scan_folder.scan_folder() == tmp_path
    seen: list[object] = []
    import app.services.inbox as inbox

    def fake(db, actor, folder):  # type: ignore[no-untyped-def]
        seen.append((actor, folder))
        report = inbox.InboxReport()
        report.filed.append(inbox.Filed(manager.case_list.model.row_at(0).number,
                                        "driver_license", "customer", 1, 2, ("s.pdf",)))
        return report

    monkeypatch.setattr(inbox, "run_inbox", fake)
    watcher = manager.inbox_watcher
    watcher.refresh()
    assert watcher.folder == tmp_path and watcher.poll.isActive()
    watcher.run_once()
    assert seen == [(MANAGER, tmp_path)]
    assert "arrived" in manager.statusBar().currentMessage()
    scan_folder.set_scan_folder("")
    watcher.refresh()
    assert watcher.folder is None and not watcher.poll.isActive()


def test_a_scanned_code_typed_into_the_search_lists_its_case(qtbot, demo_db: Database) -> None:
    from app.ui.case_list import CaseListPage

    page = CaseListPage(demo_db, MANAGER, "manager")
    qtbot.addWidget(page)
    number = page.model.row_at(2).number
    page.search.setText(f"LD1|{number}|D|id_card|customer")
    page.apply_filters()
    assert page.model.query.search == number
    assert [page.model.row_at(i).number for i in range(page.model.rowCount())] == [number]
    page.search.setText("LD1|not a code")  # the wrong side: searched as typed
    page.apply_filters()
    assert page.model.query.search == "LD1|not a code"
