"""Custody of originals: out to a person and back, refusals, audit, the board's list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.domain.errors import InvalidInput, NotFound, PermissionDenied
from app.services import common
from app.services.board import get_board
from app.services.custody import check_in, check_out, list_out, originals_out
from app.store.db import Database
from app.store.models import AuditEntry, CustodyRecord
from tests.conftest import CONSULTANT, INFO, MANAGER, OTHER_CONSULTANT, WAREHOUSE
from tests.helpers import dump, new_case
from tests.services.conftest import template

AGENT = "车管所代办 老张"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    return template(tmp_path_factory, "custody", lambda db: new_case(db)[0])


@pytest.fixture
def case(built: tuple[Path, str], copy_of: Callable[[Path], Database]) -> tuple[Database, str]:
    path, number = built
    return copy_of(path), number


def test_out_and_back_in_with_audit(case: tuple[Database, str]) -> None:
    db, number = case
    check_out(db, CONSULTANT, number, "conformity_certificate", to=AGENT, purpose="抵押登记")
    (out,) = originals_out(db, number)
    assert (out.kind, out.holder, out.purpose, out.out_by) == (
        "conformity_certificate", AGENT, "抵押登记", "王芳")
    assert out.title.zh == "合格证"
    with db.reading() as session:  # the workspace may pass its own session
        assert originals_out(session, number) == [out]
    assert check_in(db, INFO, number, "conformity_certificate") == 0
    assert originals_out(db, number) == []
    with db.reading() as session:
        actions = [(a.action, a.detail.get("kind")) for a in session.scalars(
            select(AuditEntry).where(AuditEntry.case_number == number,
                                     AuditEntry.action.like("custody.%")))]
        record = session.scalar(select(CustodyRecord))
    assert actions == [("custody.out", "conformity_certificate"),
                       ("custody.in", "conformity_certificate")]
    assert record is not None and record.returned_at is not None


def test_days_out_counted_from_the_hand_over(case: tuple[Database, str]) -> None:
    db, number = case
    check_out(db, CONSULTANT, number, "vehicle_invoice", to=AGENT)
    with db.transaction() as session:
        session.execute(update(CustodyRecord).values(
            out_at=common.now() - timedelta(days=6, hours=1)))
    board = get_board(db, MANAGER)
    (out,) = board.originals_out
    assert out.number == number and out.days_out(board.at) == 6
    assert [o.number for o in list_out(db, WAREHOUSE)] == [number]
    assert check_in(db, CONSULTANT, number, "vehicle_invoice") == 6


def test_both_spouses_id_cards_are_tracked_apart(case: tuple[Database, str]) -> None:
    db, number = case
    check_out(db, CONSULTANT, number, "id_card", to=AGENT)
    check_out(db, CONSULTANT, number, "id_card", to=AGENT, party="spouse")
    titles = sorted(o.title.zh for o in originals_out(db, number))
    assert titles == ["身份证(正反面)", "配偶身份证(正反面)"]
    check_in(db, CONSULTANT, number, "id_card", party="spouse")
    assert [o.party for o in originals_out(db, number)] == ["customer"]


def test_refusals_change_nothing(case: tuple[Database, str]) -> None:
    db, number = case
    check_out(db, CONSULTANT, number, "conformity_certificate", to=AGENT)
    before = dump(db)
    with pytest.raises(InvalidInput) as twice:
        check_out(db, CONSULTANT, number, "conformity_certificate", to="另一个人")
    assert AGENT in str(twice.value) and "请先登记归还" in twice.value.zh
    with pytest.raises(InvalidInput) as not_out:
        check_in(db, CONSULTANT, number, "vehicle_invoice")
    assert "not checked out" in str(not_out.value) and "未登记外借" in not_out.value.zh
    with pytest.raises(NotFound) as unknown:
        check_out(db, CONSULTANT, number, "passport", to=AGENT)
    assert "conformity_certificate" in str(unknown.value) and "合格证" in unknown.value.zh
    with pytest.raises(InvalidInput) as stays:
        check_out(db, CONSULTANT, number, "driver_license", to=AGENT)
    assert "不外借" in stays.value.zh
    with pytest.raises(InvalidInput):
        check_out(db, CONSULTANT, number, "vehicle_invoice", to="   ")
    with pytest.raises(InvalidInput):
        check_out(db, CONSULTANT, number, "vehicle_invoice", to=AGENT, party="spouse")
    with pytest.raises(InvalidInput):
        check_out(db, CONSULTANT, number, "id_card", to=AGENT, party="none")
    with pytest.raises(NotFound):
        check_out(db, CONSULTANT, "LD2026-999999", "vehicle_invoice", to=AGENT)
    assert dump(db) == before


def test_who_may_hand_originals_over(case: tuple[Database, str]) -> None:
    db, number = case
    with pytest.raises(PermissionDenied):
        check_out(db, WAREHOUSE, number, "vehicle_invoice", to=AGENT)
    with pytest.raises(PermissionDenied):  # not their customer
        check_out(db, OTHER_CONSULTANT, number, "vehicle_invoice", to=AGENT)
    check_out(db, MANAGER, number, "vehicle_invoice", to=AGENT)
    with pytest.raises(PermissionDenied):
        list_out(db, "admin")


def test_hostile_holder_text_is_kept_as_typed(case: tuple[Database, str]) -> None:
    db, number = case
    holder = "<b>老张</b> & \"代办\""
    check_out(db, CONSULTANT, number, "vehicle_invoice", to=holder)
    assert originals_out(db, number)[0].holder == holder
    with pytest.raises(InvalidInput):
        check_out(db, CONSULTANT, number, "conformity_certificate", to="张" * 101)
