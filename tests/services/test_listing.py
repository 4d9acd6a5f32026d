"""The case list: search by name, phone/ID/VIN tails, number, plate; filters; sort."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import update

from app.domain.errors import InvalidInput
from app.services.cases import create_case, update_case
from app.services.common import now
from app.services.listing import CaseQuery, count_cases, list_cases
from app.store.db import Database
from app.store.models import Case
from tests.conftest import CONSULTANT, MANAGER, OTHER_CONSULTANT, married_case
from tests.helpers import advance
from tests.services.conftest import template

YEAR = now().astimezone().year


def single(name: str, id_number: str, phone: str, vin: str) -> dict[str, object]:
    data = married_case()
    data["customer"] = {"name": name, "id_number": id_number, "phone": phone,
                        "marital_status": "single"}
    data.pop("spouse")
    data["vehicle"]["vin"] = vin
    return data


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, list[str]]]:
    def build(db: Database) -> list[str]:
        a_data = married_case()  # 张三, phone …8000, ID …002X, VIN …054249
        a = create_case(db, CONSULTANT, a_data)
        advance(db, a, a_data, 1)  # now at step 2
        b = create_case(db, OTHER_CONSULTANT, single(
            "李小龙", "360426199101010071", "13912345678", "LFWADRJF011002346"))
        c = create_case(db, CONSULTANT, single(
            "欧阳娜娜", "110105197001010011", "15000000071", "1M8GDM9AXKP042788"))
        # The plate task waits for the 合格证 and the invoice: the plate is entered on the case.
        update_case(db, CONSULTANT, c, {"vehicle.plate": "粤B12345D"})
        with db.transaction() as session:
            session.execute(update(Case).where(Case.number == a).values(
                step_since=now() - timedelta(days=10)))
        return [a, b, c]

    path, numbers = template(tmp_path_factory, "listing", build)
    db = Database(f"sqlite:///{path}")
    yield db, numbers  # type: ignore[misc]
    db.dispose()


def found(db: Database, **query: object) -> list[str]:
    rows = list_cases(db, MANAGER, CaseQuery(**query), limit=50)  # type: ignore[arg-type]
    assert count_cases(db, MANAGER, CaseQuery(**query)) == len(rows)  # type: ignore[arg-type]
    return sorted(r.number for r in rows)


def test_all_cases_newest_first(listed: tuple[Database, list[str]]) -> None:
    db, (a, b, c) = listed
    assert [r.number for r in list_cases(db, MANAGER, CaseQuery())] == [c, b, a]
    assert [r.number for r in list_cases(db, MANAGER, CaseQuery(descending=False))] == [a, b, c]
    assert [r.number for r in list_cases(db, MANAGER, CaseQuery(), offset=1, limit=1)] == [b]


@pytest.mark.parametrize(("search", "which"), [
    ("张", "a"), ("张三", "a"), ("小龙", "b"), ("欧阳", "c"), ("李", "b"),
    ("8000", "a"), ("45678", "b"), ("00071", "c"),  # phone tails
    ("002X", "a"), ("002x", "a"), ("010011", "c"),  # ID tails
    ("054249", "a"), ("F011002346", "b"), ("kp042788", "c"),  # VIN tails
    ("粤B12345D", "c"), ("粤B", "c"), ("粤b12345d", "c"),  # plate
])
def test_search(listed: tuple[Database, list[str]], search: str, which: str) -> None:
    db, numbers = listed
    expected = numbers["abc".index(which)]
    assert found(db, search=search) == [expected]


def test_search_by_case_number(listed: tuple[Database, list[str]]) -> None:
    db, (_a, b, _c) = listed
    assert found(db, search=b) == [b]
    assert found(db, search=b.lower()) == [b]
    assert found(db, search=f"  {b}  ") == [b]
    assert found(db, search=f"LD{YEAR}") == sorted(listed[1])


def test_search_by_case_number_without_prefix(listed: tuple[Database, list[str]]) -> None:
    db, (_a, b, _c) = listed
    assert found(db, search=b.removeprefix("LD")) == [b]


def test_search_by_plate_without_province(listed: tuple[Database, list[str]]) -> None:
    db, (_a, _b, c) = listed
    assert found(db, search="B12345D") == [c]


def test_no_match(listed: tuple[Database, list[str]]) -> None:
    db, _ = listed
    for search in ("王五", "99999", "ZZZZ", "LD1999"):
        assert found(db, search=search) == []


@pytest.mark.parametrize("search", ["%", "_", "%%", "'", '"', "' OR '1'='1", "<b>", "&",
                                    "张%", "%张", "_三", "\\", "--", "😀", "a" * 500, " "])
def test_hostile_search_neither_errors_nor_matches_everything(
        listed: tuple[Database, list[str]], search: str) -> None:
    db, numbers = listed
    result = found(db, search=search)
    if search.strip():
        assert len(result) < len(numbers)
    else:
        assert result == sorted(numbers)  # an empty box lists everything


def test_step_filter(listed: tuple[Database, list[str]]) -> None:
    db, (a, b, c) = listed
    assert found(db, step="documents") == [a]
    assert found(db, step="contract") == sorted([b, c])
    assert found(db, step="delivery") == []
    assert found(db, step="done") == []
    assert found(db, step="contract", search="李") == [b]
    with pytest.raises(InvalidInput) as caught:
        found(db, step="payday")
    assert caught.value.field == "step" and "contract" in caught.value.expected


def test_consultant_filter(listed: tuple[Database, list[str]]) -> None:
    db, (a, b, c) = listed
    assert found(db, consultant=OTHER_CONSULTANT) == [b]
    assert found(db, consultant=CONSULTANT) == sorted([a, c])
    assert found(db, consultant="nobody") == []
    rows = list_cases(db, MANAGER, CaseQuery(consultant=OTHER_CONSULTANT))
    assert rows[0].consultant == "李强"


def test_stuck_days(listed: tuple[Database, list[str]]) -> None:
    db, (a, _b, _c) = listed
    assert found(db, stuck_days=5) == [a]
    assert found(db, stuck_days=11) == []
    assert len(found(db, stuck_days=0)) == 3
    with pytest.raises(InvalidInput) as caught:
        found(db, stuck_days=-1)
    assert caught.value.field == "stuck_days"


def test_sort(listed: tuple[Database, list[str]]) -> None:
    db, (a, _b, _c) = listed
    by_since = list_cases(db, MANAGER, CaseQuery(sort="since", descending=False))
    assert by_since[0].number == a  # the oldest step first
    by_step = [r.step for r in list_cases(db, MANAGER, CaseQuery(sort="step", descending=False))]
    assert by_step == sorted(by_step)
    by_customer = [r.customer for r in list_cases(db, MANAGER, CaseQuery(sort="customer"))]
    assert by_customer == sorted(by_customer, reverse=True)
    with pytest.raises(InvalidInput) as caught:
        list_cases(db, MANAGER, CaseQuery(sort="salary"))
    assert caught.value.field == "sort"


def test_rows_show_masked_ids_and_the_open_items(listed: tuple[Database, list[str]]) -> None:
    db, (a, _b, c) = listed
    rows = {r.number: r for r in list_cases(db, MANAGER, CaseQuery())}
    assert rows[a].id_masked == "110105********002X"
    assert "11010519491231002X" not in repr(rows[a])
    assert rows[a].step == "documents"
    assert rows[a].missing_count > 0 and rows[a].missing_zh
    assert rows[c].plate == "粤B12345D"
    assert rows[c].vehicle == "大众 帕萨特 380TSI"
