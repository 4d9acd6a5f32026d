"""The search box on a dealer group's scale: a name anywhere in the customer's name (on
PostgreSQL through the index of the names' characters, migration 0007) and a plate typed without
its province (through one index range per province), with the same answers on SQLite and
PostgreSQL as the plain LIKE they replace."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from app.domain.validators import PLATE_PROVINCES
from app.services.demo import bulk_seed
from app.services.listing import CaseQuery, list_cases, name_characters
from app.store.db import Database
from app.store.models import Case
from tests.conftest import MANAGER

# Five names hold every character of 张伟张, one holds the term itself.
NAMES = ("张伟", "张伟明", "李张伟", "伟张伟", "张伟张", "王芳", "张", "欧阳%伟", "欧阳_伟",
         "欧阳娜娜", "伟")
PLATES = ("粤B12345", "京AB1234", "沪A1B123", "琼B1234D", "使B12345", "", "", "", "", "", "")
VIN = "LVSHCAMB1CE054249"  # one VIN for all: no tail of it is searched below


@pytest.fixture
def named(db: Database) -> Database:
    bulk_seed(db, len(NAMES), seed=9)
    with db.transaction() as session:
        ids = list(session.scalars(select(Case.id).order_by(Case.id)))
        for case_id, name, plate in zip(ids, NAMES, PLATES, strict=True):
            session.execute(update(Case).where(Case.id == case_id).values(
                customer_name=name, plate=plate, vin=VIN, vin_rev=VIN[::-1]))
    return db


def found(db: Database, term: str) -> set[tuple[str, str]]:
    return {(r.customer, r.plate) for r in list_cases(db, MANAGER, CaseQuery(search=term))}


def test_the_characters_of_a_term() -> None:
    assert name_characters("张伟张") == ["伟", "张"]
    assert name_characters("欧阳%伟") == sorted("欧阳%伟")
    assert name_characters("张") == ["张"]


@pytest.mark.parametrize("term", ["张", "张伟", "伟张", "张伟张", "张伟明", "伟", "欧阳",
                                  "欧阳%伟", "欧阳_伟", "阳%", "明", "赵", "张伟明X"])
def test_a_name_is_found_wherever_it_stands_in_the_customer_name(named: Database,
                                                                  term: str) -> None:
    expected = {(n, p) for n, p in zip(NAMES, PLATES, strict=True) if term in n}
    assert found(named, term) == expected


def test_all_the_characters_without_the_term_itself_are_no_match(named: Database) -> None:
    # 张伟, 李张伟, 伟张伟 have every character of 张伟张 but not 张伟张: the index narrows,
    # LIKE decides.
    assert found(named, "张伟张") == {("张伟张", "使B12345")}


@pytest.mark.parametrize("term", ["B123", "B12345", "AB12", "A1B1", "B1234D", "B2345",
                                  "C1234"])
def test_a_plate_is_found_without_its_province(named: Database, term: str) -> None:
    expected = {(n, p) for n, p in zip(NAMES, PLATES, strict=True) if p[1:].startswith(term)}
    assert found(named, term) == expected


def test_every_province_of_a_plate_is_searched() -> None:
    # The plates validate_plate lets in start with one of these, and the search tries each.
    assert len(PLATE_PROVINCES) == len(set(PLATE_PROVINCES)) == 33
    assert {"京", "粤", "琼", "使", "领"} <= set(PLATE_PROVINCES)
