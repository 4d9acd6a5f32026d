"""A Database closed for good is freed; one only disposed (a restore does it) still signs."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from app.services.audit import verify_chain
from app.services.cases import create_case, update_case
from app.services.demo import ensure_staff
from app.services.users import initialise
from app.store.db import Database
from tests.conftest import CONSULTANT, PASSWORD, married_case


def test_a_closed_database_is_freed(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'closed.sqlite3'}")
    initialise(db, PASSWORD)  # writes, so the audit chain's listeners have run
    gone = weakref.ref(db)
    db.close()
    del db
    gc.collect()
    assert gone() is None


def test_a_disposed_database_still_signs_its_audit_chain(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'disposed.sqlite3'}")
    initialise(db, PASSWORD)
    ensure_staff(db, PASSWORD)
    before = verify_chain(db).rows
    db.dispose()
    number = create_case(db, CONSULTANT, married_case())
    update_case(db, CONSULTANT, number, {"customer.address": "上海市浦东新区世纪大道1号"})
    check = verify_chain(db)
    assert check.intact and check.rows > before
    db.close()
