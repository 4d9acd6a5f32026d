"""Shared test set-up: offscreen Qt, a fresh SQLite database per test, demo staff."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.services.demo import ensure_staff  # noqa: E402
from app.services.users import initialise  # noqa: E402
from app.store.db import Database  # noqa: E402

CONSULTANT = "wang.fang"
OTHER_CONSULTANT = "li.qiang"
CREDIT = "liu.yang"
FINANCE = "chen.jing"
INSURANCE = "sun.li"
WAREHOUSE = "zhou.gang"
INFO = "zhao.min"
MANAGER = "wu.lei"
LENDER = "中国工商银行"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'test.sqlite3'}")
    initialise(database)
    ensure_staff(database)
    yield database
    database.dispose()


def married_case(**changes: Any) -> dict[str, Any]:
    """A valid case of a married customer; `changes` replace whole sections."""
    data: dict[str, Any] = {
        "customer": {"name": "张三", "id_number": "11010519491231002X", "phone": "13800138000",
                     "marital_status": "married", "address": "北京市朝阳区建国路 1 号"},
        "spouse": {"name": "李四", "id_number": "360426199101010071", "phone": "13900139000"},
        "vehicle": {"brand": "大众", "model": "帕萨特 380TSI", "vin": "LVSHCAMB1CE054249",
                    "engine_number": "E1234567", "color": "珍珠白", "price": "200000",
                    "new_energy": False},
        "loan": {"lender": LENDER, "amount": "140000", "down_payment": "60000",
                 "term_months": 36, "annual_rate": "0.0499", "method": "equal_installment",
                 "fees": "1500"},
    }
    data.update(changes)
    return data
