"""PostgreSQL stops while LoanDesk is open: a clear message, no crash, and work resumes."""

from __future__ import annotations

import os
import shlex
import subprocess

import pytest

from app.domain.errors import DatabaseUnavailable
from app.services.cases import create_case, get_case
from app.services.listing import CaseQuery, count_cases
from app.store.db import Database
from tests.conftest import CONSULTANT, MANAGER, married_case

pytestmark = pytest.mark.pg
CTL = os.environ.get("LOANDESK_TEST_PG_CTL")


def _ctl(action: str) -> None:
    assert CTL is not None
    owner = shlex.split(os.environ.get("LOANDESK_TEST_PG_OWNER_RUN", ""))
    # The restarted server must not inherit our pipes (run() would wait for it to exit).
    log = ["-l", os.environ.get("LOANDESK_TEST_PG_LOG", os.devnull)] if action == "start" else []
    subprocess.run([*owner, *shlex.split(CTL), "-m", "fast", "-w", *log, action], check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


@pytest.mark.skipif(not CTL or not os.environ.get("LOANDESK_TEST_PG"),
                    reason="needs the server started by scripts/with-test-postgres.sh")
def test_server_stops_and_comes_back(db: Database) -> None:
    assert db.url.startswith("postgresql")
    number = create_case(db, CONSULTANT, married_case())
    _ctl("stop")
    try:
        with pytest.raises(DatabaseUnavailable) as refused:
            create_case(db, CONSULTANT, married_case())
        assert "cannot be reached" in str(refused.value)
        assert "无法连接数据库" in refused.value.zh
        with pytest.raises(DatabaseUnavailable):
            count_cases(db, MANAGER, CaseQuery())
    finally:
        _ctl("start")
    assert count_cases(db, MANAGER, CaseQuery()) == 1  # the refused save left nothing behind
    assert get_case(db, CONSULTANT, number).number == number
    create_case(db, CONSULTANT, married_case())
    assert count_cases(db, MANAGER, CaseQuery()) == 2
