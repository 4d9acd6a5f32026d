"""My queue (issue 14): the work waiting for each person, from the procedure's own data.

The expectations are taken from other doors than the queue's: the workspace's refusals
(tasks.task_blockers), the permission matrix and the forms' copies; a task that may be done
now is in exactly the queues of those who may do it, leaves them when done, and is in none
while an earlier task is missing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from app.domain.errors import InvalidInput, PermissionDenied
from app.domain.permissions import may_confirm, may_record
from app.domain.procedure import STEP_IDS, TASKS, Role
from app.services import common
from app.services.forms import confirm_receipt, form_spec, issue_form
from app.services.listing import CaseQuery, list_cases
from app.services.queues import COPY, TASK, VISIT, my_queue
from app.services.tasks import complete_task, task_blockers
from app.services.users import list_users
from app.store.db import Database
from app.store.models import CLOCK
from tests.conftest import (
    CONSULTANT,
    CREDIT,
    FINANCE,
    INFO,
    INSURANCE,
    MANAGER,
    OTHER_CONSULTANT,
    WAREHOUSE,
)
from tests.helpers import new_case

STAFF = (CONSULTANT, OTHER_CONSULTANT, INFO, FINANCE, CREDIT, INSURANCE, WAREHOUSE, MANAGER)


def tasks_waiting(db: Database, actor: str, number: str) -> set[str]:
    return {e.task_id for e in my_queue(db, actor).entries
            if e.kind == TASK and e.number == number}


def roles(db: Database) -> dict[str, str]:
    return {u.name: u.role for u in list_users(db)}


@pytest.mark.parametrize("steps", range(len(STEP_IDS)))
def test_a_task_free_to_do_is_in_exactly_the_queues_of_who_may_do_it(db: Database,
                                                                      steps: int) -> None:
    number, _ = new_case(db, steps=steps)
    blockers = task_blockers(db, MANAGER, number)
    recorded = _recorded(db, number)
    free = {t for t in TASKS if t not in blockers.refusals and t not in recorded}
    if steps in (0, 3, 4):  # drafting, the dossier, the down payment: someone can act now
        assert free, f"the case after {steps} steps has nothing to do"
    role_of = roles(db)
    for actor in STAFF:
        queued = tasks_waiting(db, actor, number)
        own = actor == CONSULTANT
        for task_id in free:
            assert (task_id in queued) is may_record(role_of[actor], TASKS[task_id], own), \
                (actor, task_id)
        assert not queued & recorded  # nothing recorded is ever waiting


def _recorded(db: Database, number: str) -> set[str]:
    from app.services.cases import get_case

    return set(get_case(db, MANAGER, number).tasks)


def test_a_task_leaves_the_queue_when_done_and_the_next_one_arrives(db: Database) -> None:
    number, _ = new_case(db, steps=3)  # the application is filled: the dossier goes up
    assert tasks_waiting(db, CREDIT, number) == {"upload_dossier"}
    complete_task(db, CREDIT, number, "upload_dossier")
    assert tasks_waiting(db, CREDIT, number) == {"credit_decision"}
    complete_task(db, CREDIT, number, "credit_decision", values={"result": "approved"})
    assert tasks_waiting(db, CREDIT, number) == set()  # payouts wait for the bank card
    assert "down_payment" in tasks_waiting(db, FINANCE, number)


def test_a_task_whose_earlier_task_is_missing_is_in_no_queue(db: Database) -> None:
    number, _ = new_case(db, steps=3)
    for actor in STAFF:
        waiting = tasks_waiting(db, actor, number)
        # credit_decision rests on upload_dossier; the down payment on the approval.
        assert not waiting & {"credit_decision", "down_payment", "insurance_policy",
                              "request_disbursement", "released"}, actor


def test_a_refused_decision_holds_the_approval_tasks_back(db: Database) -> None:
    number, _ = new_case(db, steps=3)
    complete_task(db, CREDIT, number, "upload_dossier")
    complete_task(db, CREDIT, number, "credit_decision", values={"result": "rejected"})
    for actor in STAFF:
        assert not tasks_waiting(db, actor, number) & {"down_payment", "invoice_notice",
                                                        "insurance_policy"}


def test_the_role_that_brings_the_paper_sees_the_task_before_the_paper(db: Database) -> None:
    """The insurance specialist attaches the policy, then records the sale: the task is
    theirs as soon as the loan is approved, with the policy named as what to bring."""
    number, _ = new_case(db, steps=4)
    assert "insurance_policy" in task_blockers(db, INSURANCE, number).refusals
    entry = next(e for e in my_queue(db, INSURANCE).entries if e.number == number)
    assert entry.task_id == "insurance_policy"
    assert "insurance policy" in entry.why.en and "保险单" in entry.why.zh
    # Another role's missing paper keeps the task out: the 合格证 application waits for the
    # invoice finance issues, so the info clerk sees nothing of this case yet.
    assert tasks_waiting(db, INFO, number) == set()


def test_a_consultant_sees_only_their_own_cases(db: Database) -> None:
    mine, _ = new_case(db, steps=0)
    theirs, _ = new_case(db, steps=0, actor=OTHER_CONSULTANT)
    numbers = {e.number for e in my_queue(db, CONSULTANT).entries}
    assert mine in numbers and theirs not in numbers
    assert {mine, theirs} <= {e.number for e in my_queue(db, MANAGER).entries}


def test_copies_wait_for_their_recipients_until_confirmed(db: Database) -> None:
    number, _ = new_case(db, steps=1)
    issued = issue_form(db, CONSULTANT, number, "sales_contract")
    role_of = roles(db)
    spec = form_spec("sales_contract")
    for actor in STAFF:
        copies = {e.copy_id for e in my_queue(db, actor).entries
                  if e.kind == COPY and e.number == number}
        expected = {c.id for c in spec.copies
                    if may_confirm(role_of[actor], c.recipient_role, actor == CONSULTANT)}
        assert copies == expected, actor
    assert {e.serial for e in my_queue(db, INFO).entries if e.kind == COPY} == {issued.serial}
    confirm_receipt(db, INFO, issued.serial, "red")
    assert not [e for e in my_queue(db, INFO).entries if e.kind == COPY]
    assert "red" not in {e.copy_id for e in my_queue(db, MANAGER).entries}


def test_the_queue_is_oldest_first_and_says_why_in_both_languages(db: Database) -> None:
    early = common.now() - timedelta(days=9)
    token = CLOCK.set(lambda: early)
    try:
        old, _ = new_case(db, steps=0)
    finally:
        CLOCK.reset(token)
    new, _ = new_case(db, steps=0)
    entries = [e for e in my_queue(db, CONSULTANT).entries if e.kind == TASK]
    assert [e.since for e in entries] == sorted(e.since for e in entries)
    assert entries[0].number == old and entries[-1].number == new
    assert all(e.why.en and e.why.zh and e.what.en and e.what.zh for e in entries)
    assert all("*" in e.phone for e in entries)  # lists mask the phone


def test_visits_due_are_the_consultants(db: Database, monkeypatch: Any) -> None:
    number, _ = new_case(db, steps=10)  # delivered; the visit is planned days ahead
    assert not [e for e in my_queue(db, CONSULTANT).entries if e.kind == VISIT]
    later = common.now() + timedelta(days=10)
    monkeypatch.setattr("app.services.queues.today", lambda: later.date())
    visits = [e for e in my_queue(db, CONSULTANT).entries if e.kind == VISIT]
    assert [v.number for v in visits] == [number]
    assert not [e for e in my_queue(db, OTHER_CONSULTANT).entries if e.kind == VISIT]
    assert not [e for e in my_queue(db, FINANCE).entries if e.kind == VISIT]


def test_the_administrator_has_no_queue(db: Database) -> None:
    with pytest.raises(PermissionDenied):
        my_queue(db, "admin")


def test_the_case_list_filters_by_whom_a_case_waits_for(db: Database) -> None:
    fresh, _ = new_case(db, steps=0)
    filled, _ = new_case(db, steps=3)

    def listed(role: Role) -> set[str]:
        rows = list_cases(db, FINANCE, CaseQuery(waiting_for=role.value))
        return {r.number for r in rows}

    assert listed(Role.CREDIT_OFFICER) == {filled}
    assert fresh in listed(Role.CONSULTANT)
    assert listed(Role.WAREHOUSE) == set()
    with pytest.raises(InvalidInput):
        list_cases(db, FINANCE, CaseQuery(waiting_for="boss"))


def test_looking_at_a_queue_writes_nothing(db: Database) -> None:
    """The queue is a read: it writes no audit row (the poll would announce it)."""
    from app.services.audit import last_change_id

    new_case(db, steps=2)
    before = last_change_id(db)
    for actor in STAFF:
        my_queue(db, actor)
    assert last_change_id(db) == before


def test_the_command_line_prints_the_queue(db: Database, capsys: Any) -> None:
    import json

    from app.cli import main

    number, _ = new_case(db, steps=3)
    url = str(db.engine.url.render_as_string(hide_password=False))
    assert main(["--db", url, "--user", CREDIT, "queue", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(e["number"], e["task_id"]) for e in data["entries"]] == [(number, "upload_dossier")]
    assert main(["--db", url, "--user", CREDIT, "case", "list", "--waiting-for",
                 "credit_officer", "--json"]) == 0
    assert [r["number"] for r in json.loads(capsys.readouterr().out)] == [number]
