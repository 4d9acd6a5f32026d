"""A case's history in words (issue 14): every action the services write has a phrase in
both languages, values read as amounts and titles, and no internal key reaches the reader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.domain.errors import Text
from app.domain.history import (
    ACTION_PHRASES,
    CASE_FIELD_TITLES,
    TASK_NOUNS,
    UNKNOWN_ACTION,
    history_line,
)
from app.domain.procedure import TASKS

SERVICES = Path(__file__).resolve().parents[2] / "app" / "services"
# `audit(session, user, "task.done", case.number, ...)`: the action of a row about a case
# (the fourth argument is the case; None for rows about users, lenders, the database).
CASE_AUDIT = re.compile(r'audit\(\s*session,\s*\w+,\s*(?:"([\w.]+)"|"([\w.]+)" if \w+ else '
                        r'"([\w.]+)"),\s*(?!\s|None)')
KEY_VALUE = re.compile(r"\w+=")
DOTTED_ID = re.compile(r"\w+\.\w+_\w+|\b[a-z]+_[a-z_]+\b")
CJK = re.compile(r"[\u4e00-\u9fff]")


def case_actions() -> set[str]:
    """The actions written on a case, read off the services' source (not off the table)."""
    found: set[str] = set()
    for source in SERVICES.glob("*.py"):
        for match in CASE_AUDIT.finditer(source.read_text(encoding="utf-8")):
            found.update(a for a in match.groups() if a)
    return found


def test_the_source_scan_finds_the_case_actions() -> None:
    actions = case_actions()
    # Spot checks that the scan itself works (a broken regex would make the next test vacuous).
    assert {"task.done", "form.reprint", "form.issue", "follow_up.schedule",
            "custody.out"} <= actions
    assert "lender.add" not in actions and "sign_in" not in actions


@pytest.mark.parametrize("action", sorted(case_actions()))
def test_every_case_action_has_a_phrase_in_both_languages(action: str) -> None:
    phrase = ACTION_PHRASES[action]
    assert phrase.en.startswith("{who} ") and phrase.zh.startswith("{who} ")
    assert CJK.search(phrase.zh) and not CJK.search(phrase.en)


def test_every_task_has_a_noun_in_both_languages() -> None:
    assert set(TASK_NOUNS) == set(TASKS)
    for noun in TASK_NOUNS.values():
        assert noun.en and CJK.search(noun.zh) and not CJK.search(noun.en)


def test_the_payout_reads_as_the_issue_asks() -> None:
    detail = {"task": "disbursed", "values": {"amount": "126600.00"}}
    assert history_line("王芳", "task.done", detail, zh=False) == \
        "王芳 recorded the payout: ¥126,600.00"
    assert history_line("王芳", "task.done", detail, zh=True) == "王芳 记录了放款：¥126,600.00"


def test_values_read_by_their_titles_and_choices_in_words() -> None:
    invoice = {"task": "invoice", "values": {"number": "No.0042", "amount": "1234567.8"}}
    assert history_line("陈静", "task.done", invoice, zh=False).endswith(
        "invoice number No.0042, amount ¥1,234,567.80")
    assert history_line("陈静", "task.done", invoice, zh=True).endswith(
        "发票号 No.0042，金额 ¥1,234,567.80")
    decision = {"task": "credit_decision", "values": {"result": "more_documents"}}
    assert history_line("刘洋", "task.done", decision, zh=True).endswith("：需补充资料")
    assert history_line("刘洋", "task.done", decision, zh=False).endswith(
        ": more documents needed")


def test_a_case_change_names_the_field_not_its_key() -> None:
    detail = {"changes": {"vehicle.price": {"from": "200000.00", "to": "198000.00"},
                          "customer.marital_status": {"from": "single", "to": "married"},
                          "internal.unknown_key": {"from": "a", "to": "b"}}}
    en = history_line("王芳", "case.update", detail, zh=False)
    assert en == ("王芳 changed the case: price ¥200,000.00 → ¥198,000.00; "
                  "marital status single → married")
    zh = history_line("王芳", "case.update", detail, zh=True)
    assert zh == "王芳 修改了案件：车价 ¥200,000.00 → ¥198,000.00；婚姻状况 未婚 → 已婚"


def test_a_form_and_a_copy_by_their_titles() -> None:
    forms = {"warehouse_release": Text("Warehouse Release", "车辆出库单")}
    issued = {"form": "warehouse_release", "serial": "WR2026-000002", "copies": ["red"]}
    assert history_line("李强", "form.issue", issued, zh=True, form_titles=forms) == \
        "李强 出具了车辆出库单（WR2026-000002）"
    receipt = {"serial": "WR2026-000002", "copy": "green", "form": "warehouse_release"}
    assert history_line("周刚", "form.receipt", receipt, zh=False, form_titles=forms) == \
        "周刚 received the green copy of the Warehouse Release (WR2026-000002)"
    assert history_line("周刚", "form.receipt", receipt, zh=True, form_titles=forms) == \
        "周刚 签收了车辆出库单（WR2026-000002）绿联"


def test_an_unknown_action_still_reads_as_words() -> None:
    line = history_line("某人", "weird.internal_action", {"x": "1"}, zh=False)
    assert line == UNKNOWN_ACTION.en.format(who="某人")


def test_the_reason_follows_the_sentence() -> None:
    line = history_line("王芳", "task.undo", {"task": "plate", "reason": "挂错了"}, zh=True)
    assert line == "王芳 撤回了挂牌；原因：挂错了"


def test_every_case_field_title_is_bilingual() -> None:
    for title in CASE_FIELD_TITLES.values():
        assert title.en and CJK.search(title.zh) and not CJK.search(title.en)


def assert_no_internals(line: str) -> None:
    assert not KEY_VALUE.search(line), line
    assert not DOTTED_ID.search(line), line


def test_no_line_shows_an_internal_key() -> None:
    samples = [
        ("follow_up.schedule", {"due_on": "2026-12-01", "before": None}),
        ("follow_up.done", {"result": "满意", "review_given": True, "due_on": "2026-12-01"}),
        ("task.done", {"task": "follow_up_scheduled", "values": {"visit_on": "2026-12-01"}}),
        ("task.done", {"task": "settlement", "values": {"total": "0", "reason": "已结清"}}),
        ("task.done", {"task": "plate", "values": {"plate": "京A12345"}}),
        ("document.add", {"kind": "id_card", "party": "spouse", "files": ["a_b.jpg"]}),
        ("custody.in", {"kind": "vehicle_invoice", "holder": "车管所", "days_out": 2}),
        ("dossier.build", {"draft": True, "bytes": 1234}),
        ("case.create", {"case": {"customer": {"name": "x"}}}),
    ]
    for zh in (False, True):
        for action, detail in samples:
            assert_no_internals(history_line("王芳", action, detail, zh=zh))


def test_a_follow_up_visit_reads_with_its_result_or_its_date() -> None:
    done = {"result": "很满意，已推荐朋友", "review_given": True, "due_on": "2026-12-01"}
    assert history_line("王芳", "follow_up.done", done, zh=True) == \
        "王芳 记录了回访：很满意，已推荐朋友"
    planned = {"due_on": "2026-12-01", "before": None}
    assert history_line("王芳", "follow_up.schedule", planned, zh=False) == \
        "王芳 scheduled the follow-up visit: 2026-12-01"
