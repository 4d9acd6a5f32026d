"""Printer profiles per form (kept as settings), and overlay printing through the services."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.errors import InvalidInput, NotFound, PermissionDenied
from app.printing.profile import PrintProfile
from app.printing.values import lookup
from app.services.form_context import build_context
from app.services.forms import form_spec, issue_form, preview_form
from app.services.print_profiles import calibration_pdf, get_profile, printable, save_profile
from app.services.settings import settings_in
from app.store.db import Database
from tests.conftest import CONSULTANT, FINANCE, INSURANCE, MANAGER
from tests.helpers import dump, new_case
from tests.services.conftest import template

PT_PER_MM = 72 / 25.4
DOT_MATRIX = {"printer": "Epson LQ-630K", "paper": "", "tray": "Tractor",
              "offset_x_mm": 1.5, "offset_y_mm": -2.0, "overlay": True}


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    def build(db: Database) -> str:
        number, _ = new_case(db, 10)  # delivered: every form's values exist
        return number

    return template(tmp_path_factory, "profiles", build)


@pytest.fixture
def case(staged: tuple[Path, str], copy_of: Callable[[Path], Database]) -> tuple[Database, str]:
    path, number = staged
    return copy_of(path), number


def test_a_profile_is_saved_and_restored_per_form(case: tuple[Database, str]) -> None:
    db, _ = case
    assert get_profile(db, "warehouse_release") == PrintProfile()
    assert not get_profile(db, "warehouse_release").chosen
    saved = save_profile(db, FINANCE, "warehouse_release", DOT_MATRIX)
    assert saved == PrintProfile("Epson LQ-630K", "", "Tractor", 1.5, -2.0, True)
    assert get_profile(db, "warehouse_release") == saved
    assert get_profile(db, "settlement_list") == PrintProfile()  # another form: untouched
    save_profile(db, FINANCE, "settlement_list", {"printer": "HP LaserJet"})
    assert get_profile(db, "warehouse_release") == saved
    assert get_profile(db, "settlement_list").printer == "HP LaserJet"
    changed = save_profile(db, MANAGER, "warehouse_release", {**DOT_MATRIX, "offset_x_mm": 0})
    assert get_profile(db, "warehouse_release") == changed and changed.offset_x_mm == 0


@pytest.mark.parametrize(("change", "field"), [
    ({"offset_x_mm": 30.1}, "offset_x_mm"), ({"offset_y_mm": -30.1}, "offset_y_mm"),
    ({"offset_x_mm": "3"}, "offset_x_mm"), ({"offset_y_mm": True}, "offset_y_mm"),
    ({"offset_x_mm": float("nan")}, "offset_x_mm"), ({"printer": "a\nb"}, "printer"),
    ({"printer": "x" * 201}, "printer"), ({"overlay": "yes"}, "overlay"),
    ({"scale": 95}, "scale"),
])
def test_a_bad_profile_is_refused_naming_the_field_and_nothing_is_written(
        case: tuple[Database, str], change: dict[str, object], field: str) -> None:
    db, _ = case
    before = dump(db)
    with pytest.raises(InvalidInput) as err:
        save_profile(db, FINANCE, "warehouse_release", {**DOT_MATRIX, **change})
    assert err.value.field == field
    assert dump(db) == before


def test_offsets_at_the_limit_are_accepted(case: tuple[Database, str]) -> None:
    db, _ = case
    saved = save_profile(db, FINANCE, "warehouse_release",
                         {**DOT_MATRIX, "offset_x_mm": 30, "offset_y_mm": -30})
    assert (saved.offset_x_mm, saved.offset_y_mm) == (30, -30)


def test_overlay_only_for_a_form_that_declares_positions(case: tuple[Database, str]) -> None:
    db, _ = case
    with pytest.raises(InvalidInput) as err:
        save_profile(db, FINANCE, "settlement_list", DOT_MATRIX)
    assert err.value.field == "overlay"


def test_who_may_set_up_printers(case: tuple[Database, str]) -> None:
    db, _ = case
    before = dump(db)
    with pytest.raises(PermissionDenied):
        save_profile(db, INSURANCE, "warehouse_release", DOT_MATRIX)
    assert dump(db) == before
    save_profile(db, CONSULTANT, "warehouse_release", DOT_MATRIX)  # prints own forms
    with pytest.raises(NotFound):
        save_profile(db, FINANCE, "nope", DOT_MATRIX)


@pytest.mark.parametrize("form_id", ["warehouse_release", "delivery_confirmation"])
def test_every_overlay_position_names_a_value_of_a_real_case(
        case: tuple[Database, str], form_id: str) -> None:
    db, number = case
    spec = form_spec(form_id)
    assert spec.overlay is not None
    with db.reading() as session:
        context = build_context(session, number, settings_in(session), serial="CK-1")
    for where, path in spec.overlay.paths():
        assert lookup(context, path) is not None, (where, path)


def test_overlay_preview_and_issue_through_the_services(case: tuple[Database, str]) -> None:
    db, number = case
    draft = preview_form(db, FINANCE, number, "warehouse_release", overlay=True)
    reader = PdfReader(io.BytesIO(draft))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "车辆出库单" not in text and "草稿" in text  # a draft says so, even on stationery
    with pytest.raises(InvalidInput) as err:
        preview_form(db, FINANCE, number, "settlement_list", overlay=True)
    assert err.value.field == "overlay"
    issued = issue_form(db, FINANCE, number, "warehouse_release", overlay=True)
    text = PdfReader(io.BytesIO(issued.pdf)).pages[0].extract_text()
    assert "车辆出库单" not in text and "草稿" not in text
    assert issued.serial.startswith("WR")


def test_printable_applies_the_offset_and_keeps_the_paper() -> None:
    pdf = calibration_pdf("warehouse_release")
    moved = printable(pdf, PrintProfile("p", offset_x_mm=2, offset_y_mm=3))
    assert moved != pdf
    assert printable(pdf, PrintProfile("p")) == pdf
    box = PdfReader(io.BytesIO(moved)).pages[0].mediabox
    assert abs(float(box.width) / PT_PER_MM - 241) < 0.5
    assert abs(float(box.height) / PT_PER_MM - 140) < 0.5


def test_who_may_set_up_printers_by_role() -> None:
    from app.domain.permissions import may_set_up_printers
    from app.domain.procedure import Role

    # Those who issue forms (consultant, finance, manager) and the administrator.
    expected = {"consultant", "finance", "manager", "admin"}
    assert {r.value for r in Role if may_set_up_printers(r.value)} == expected
    assert not may_set_up_printers("janitor")
