"""Every (role, command) pair through `loandesk`, in-process, against the permission matrix.

The expected outcome of each pair is read from app/domain/permissions.py (the table the
README prints, which test_permissions.py ties to the README): allowed → the command is not
refused for a permission reason (it may still be refused for another, e.g. a gate); denied →
exit 1, one line naming who may, and the database byte for byte as it was. One seeded
database is built per module and copied for each pair.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli import main
from app.domain.permissions import Action, allowed, may_confirm, may_record
from app.domain.procedure import Role, task
from app.services.common import now
from app.services.demo import ensure_staff
from app.services.documents import case_documents
from app.services.forms import issue_form
from app.services.users import add_user, initialise
from app.store.db import Database
from tests.conftest import (
    CONSULTANT,
    CREDIT,
    FINANCE,
    INFO,
    INSURANCE,
    MANAGER,
    OTHER_CONSULTANT,
    PASSWORD,
    WAREHOUSE,
    married_case,
)
from tests.helpers import dump, new_case, write_jpeg


@dataclass(frozen=True)
class Actor:
    """A signed-in person: their role, and whether case A (wang.fang's) is their own."""

    name: str
    role: Role
    own: bool


ACTORS = (
    Actor(CONSULTANT, Role.CONSULTANT, True),
    Actor(OTHER_CONSULTANT, Role.CONSULTANT, False),
    Actor(INFO, Role.INFO_CLERK, False),
    Actor(FINANCE, Role.FINANCE, False),
    Actor(CREDIT, Role.CREDIT_OFFICER, False),
    Actor(INSURANCE, Role.INSURANCE, False),
    Actor(WAREHOUSE, Role.WAREHOUSE, False),
    Actor(MANAGER, Role.MANAGER, False),
    Actor("admin", Role.ADMIN, False),
)
SECOND_ADMIN = "admin2"


@dataclass(frozen=True)
class Seeded:
    path: Path
    number: str  # case A, wang.fang's, steps 1-3 done
    id_card: int  # its customer's ID card (document id)
    licence: int  # its driving licence
    serial: str  # its sales contract, issued


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    path = tmp_path_factory.mktemp("matrix") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    initialise(db, PASSWORD)
    ensure_staff(db, PASSWORD)
    add_user(db, "admin", SECOND_ADMIN, "第二管理员", "admin", password=PASSWORD)
    number, _ = new_case(db, steps=3)
    documents = {d.kind: d.id for d in case_documents(db, CONSULTANT, number)
                 if d.party == "customer"}
    serial = issue_form(db, CONSULTANT, number, "sales_contract").serial
    db.dispose()
    return Seeded(path, number, documents["id_card"], documents["driver_license"], serial)


# A command as (its arguments, the right it needs). Arguments are built from the seeded case
# and the test's folder; `expected` may refine the plain matrix lookup (tasks, copies,
# passwords), always from the domain's own functions.
Build = Callable[[Seeded, Path], list[str]]


@dataclass(frozen=True)
class Command:
    id: str
    build: Build
    action: Action | None = None
    expected: Callable[[Actor], bool] | None = None

    def allowed_for(self, actor: Actor) -> bool:
        if self.expected is not None:
            return self.expected(actor)
        assert self.action is not None
        return allowed(actor.role, self.action, actor.own)


def _case_file(tmp: Path) -> str:
    path = tmp / "case.json"
    path.write_text(json.dumps(married_case(), ensure_ascii=False), encoding="utf-8")
    return str(path)


def _task(task_id: str, *values: str) -> Command:
    def build(s: Seeded, _tmp: Path) -> list[str]:
        return ["task", "done", s.number, task_id,
                *[a for v in values for a in ("--set", v)]]

    return Command(f"task-done-{task_id}", build,
                   expected=lambda a: may_record(a.role, task(task_id), a.own))


def _receipt(copy_id: str, recipient: str) -> Command:
    return Command(f"form-receipt-{copy_id}", lambda s, _t: ["form", "receipt", s.serial,
                                                             copy_id],
                   expected=lambda a: may_confirm(a.role, recipient, a.own))


def _password(target: str, target_role: Role) -> Command:
    def expected(actor: Actor) -> bool:
        if actor.name == target:  # everyone may change their own password
            return True
        manage = allowed(actor.role, Action.MANAGE_USERS)
        return manage and (target_role != Role.ADMIN
                           or allowed(actor.role, Action.MANAGE_ADMINS))

    return Command(f"user-password-{target}", lambda _s, _t: ["user", "password", target],
                   expected=expected)


COMMANDS = (
    Command("case-new", lambda _s, t: ["case", "new", "--json", _case_file(t)],
            Action.CREATE_CASE),
    Command("case-list", lambda _s, _t: ["case", "list"], Action.VIEW_CASE),
    Command("case-show", lambda s, _t: ["case", "show", s.number, "--json"], Action.VIEW_CASE),
    Command("case-show-reveal", lambda s, _t: ["case", "show", s.number, "--reveal"],
            expected=lambda a: allowed(a.role, Action.VIEW_CASE, a.own)
            and allowed(a.role, Action.REVEAL_ID, a.own)),
    Command("case-set", lambda s, _t: ["case", "set", s.number,
                                       "customer.address=上海市浦东新区世纪大道 100 号"],
            Action.CHANGE_CASE),
    Command("schedule", lambda s, _t: ["schedule", s.number], Action.VIEW_CASE),
    Command("doc-add", lambda s, t: ["doc", "add", s.number, "bank_card",
                                     str(write_jpeg(t / "card.jpg", 77))],
            Action.EDIT_DOCUMENTS),
    Command("doc-list", lambda s, _t: ["doc", "list", s.number, "--json"], Action.VIEW_CASE),
    Command("doc-set", lambda s, _t: ["doc", "set", str(s.id_card), "valid_until=2037-01-01"],
            Action.EDIT_DOCUMENTS),
    Command("doc-remove", lambda s, _t: ["doc", "remove", str(s.licence), "--reason", "blur"],
            Action.EDIT_DOCUMENTS),
    Command("doc-export-id-card", lambda s, t: ["doc", "export", s.number, "id_card", "-o",
                                                str(t / "export")],
            expected=lambda a: allowed(a.role, Action.EXPORT_DOCUMENTS, a.own)
            and allowed(a.role, Action.REVEAL_ID, a.own)),
    Command("doc-export-licence", lambda s, t: ["doc", "export", s.number, "driver_license",
                                                "-o", str(t / "export")],
            Action.EXPORT_DOCUMENTS),
    Command("dossier", lambda s, t: ["dossier", s.number, "-o", str(t / "d.pdf"), "--draft"],
            Action.BUILD_DOSSIER),
    Command("form-draft", lambda s, t: ["form", "render", s.number, "loan_application", "-o",
                                        str(t / "f.pdf"), "--draft"], Action.PREVIEW_FORM),
    Command("form-issue", lambda s, t: ["form", "render", s.number, "loan_application", "-o",
                                        str(t / "f.pdf")],
            expected=lambda a: allowed(a.role, Action.ISSUE_FORM, a.own)
            and allowed(a.role, Action.REVEAL_ID, a.own)),  # it prints the full ID number
    Command("form-issue-masked", lambda s, t: ["form", "render", s.number, "fee_details", "-o",
                                               str(t / "f.pdf")], Action.ISSUE_FORM),
    _receipt("red", Role.INFO_CLERK),
    _receipt("white", Role.FINANCE),
    _receipt("green", Role.CONSULTANT),
    _task("invoice_notice"),
    _task("upload_dossier"),
    _task("down_payment", "amount=60000"),
    _task("conformity_application"),
    _task("insurance_policy"),
    _task("released"),
    Command("task-undo-consultants", lambda s, _t: ["task", "undo", s.number, "draft_contract",
                                                    "--reason", "recorded by mistake"],
            expected=lambda a: allowed(a.role, Action.UNDO_OWN_TASK if a.name == CONSULTANT
                                       else Action.UNDO_ANY_TASK, a.own)),
    Command("gate-override", lambda s, _t: ["gate", "override", s.number,
                                            "mortgage_before_release", "--reason",
                                            "the lender confirmed by phone, papers follow"],
            Action.OVERRIDE_GATE),
    Command("custody-out", lambda s, _t: ["custody", "out", s.number, "id_card", "--to", "老李",
                                          "--purpose", "抵押登记"], Action.CUSTODY),
    Command("custody-in", lambda s, _t: ["custody", "in", s.number, "id_card"], Action.CUSTODY),
    Command("custody-list", lambda _s, _t: ["custody", "list"], Action.SEE_CUSTODY),
    Command("follow-up", lambda s, _t: ["follow-up", "done", s.number, "--result", "满意"],
            Action.FOLLOW_UP),
    Command("board", lambda _s, _t: ["board", "--json"], Action.BOARD),
    Command("board-export", lambda _s, t: ["board", "export", "--csv", str(t)], Action.BOARD),
    Command("reminders", lambda _s, _t: ["reminders"], Action.TODAY),
    Command("queue", lambda _s, _t: ["queue", "--json"], Action.QUEUE),
    Command("audit-list", lambda s, _t: ["audit", "list", s.number], Action.CASE_HISTORY),
    Command("audit-verify", lambda _s, _t: ["audit", "verify"], Action.AUDIT_VERIFY),
    Command("user-add", lambda _s, _t: ["user", "add", "new.clerk", "新员工", "info_clerk"],
            Action.MANAGE_USERS),
    Command("user-add-admin", lambda _s, _t: ["user", "add", "new.admin", "新管理员", "admin"],
            expected=lambda a: allowed(a.role, Action.MANAGE_USERS)
            and allowed(a.role, Action.MANAGE_ADMINS)),
    Command("user-change", lambda _s, _t: ["user", "change", "zhang.wei", "--active", "no"],
            Action.MANAGE_USERS),
    Command("user-change-admin", lambda _s, _t: ["user", "change", SECOND_ADMIN, "--active",
                                                 "no"],
            expected=lambda a: allowed(a.role, Action.MANAGE_USERS)
            and allowed(a.role, Action.MANAGE_ADMINS)),
    _password("sun.li", Role.INSURANCE),
    _password(SECOND_ADMIN, Role.ADMIN),
    _password("admin", Role.ADMIN),
    Command("lender-add", lambda _s, _t: ["lender", "add", "招商银行"], Action.LENDERS),
    Command("lender-set", lambda _s, _t: ["lender", "set", "中国工商银行", "--max-term", "48"],
            Action.LENDERS),
    Command("backup", lambda _s, t: ["backup", str(t / "b.sqlite3")], Action.BACKUP),
    Command("restore", lambda _s, t: ["restore", str(t / "missing.sqlite3"), "--yes"],
            Action.RESTORE),
    Command("demo", lambda _s, _t: ["demo", "--cases", "1"], Action.DEMO),
)
PERMISSION_REFUSAL = re.compile(r"^loandesk: refused: (user|case): .*(may not|belongs to)")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    _out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return code, err


@pytest.mark.parametrize("command", COMMANDS, ids=[c.id for c in COMMANDS])
@pytest.mark.parametrize("actor", ACTORS, ids=[f"{a.role.value}{'' if a.own else '-other'}"
                                               if a.role is Role.CONSULTANT else a.role.value
                                               for a in ACTORS])
def test_the_cli_follows_the_matrix(command: Command, actor: Actor, seeded: Seeded,
                                    tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "db.sqlite3"
    template = Database(f"sqlite:///{seeded.path}")
    template.backup_sqlite(target)
    template.dispose()
    # Today's automatic backup exists already: a call costs the command, not a copy.
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / f"loandesk-auto-{now().astimezone():%Y%m%d}.sqlite3").touch()
    db = Database(f"sqlite:///{target}")
    try:
        before = dump(db)
        args = command.build(seeded, tmp_path)
        code, err = run(["--db", f"sqlite:///{target}", "--user", actor.name, *args], capsys)
        line = err.strip().splitlines()[-1] if err.strip() else ""
        if command.allowed_for(actor):
            assert not PERMISSION_REFUSAL.match(line), (args, line)
            assert code in (0, 1), (args, err)
        else:
            assert code == 1, (args, err)
            assert len(err.strip().splitlines()) == 1, err
            assert PERMISSION_REFUSAL.match(line), (args, line)
            assert "expected the " in line  # who may, named
            assert dump(db) == before
    finally:
        db.dispose()


def test_every_action_with_a_command_is_exercised() -> None:
    """The matrix's actions the command line offers all appear above (settings and the
    reading of lenders and users have no command of their own)."""
    covered = {c.action for c in COMMANDS if c.action is not None}
    covered |= {Action.REVEAL_ID, Action.MANAGE_ADMINS, Action.SEARCH_ID_TAIL,
                Action.RECORD_OWN_TASK, Action.RECORD_ANY_TASK, Action.UNDO_OWN_TASK,
                Action.UNDO_ANY_TASK, Action.CONFIRM_RECEIPT}
    assert set(Action) - covered == {Action.SETTINGS, Action.SWITCH_DATABASE}  # GUI only


def _copy(seeded: Seeded, tmp_path: Path) -> str:
    target = tmp_path / "db.sqlite3"
    template = Database(f"sqlite:///{seeded.path}")
    template.backup_sqlite(target)
    template.dispose()
    return f"sqlite:///{target}"


@pytest.mark.parametrize("actor", ACTORS, ids=[a.name for a in ACTORS])
def test_an_id_tail_finds_the_case_only_for_those_who_may_reveal(
        actor: Actor, seeded: Seeded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The warehouse keeper's 41 searches (issue 11): without the right, an ID tail matches
    nothing; with it only on the cases it covers (a consultant: their own)."""
    url = _copy(seeded, tmp_path)
    tail = married_case()["customer"]["id_number"][-8:]
    capsys.readouterr()
    code = main(["--db", url, "--user", actor.name, "case", "list", "--search", tail,
                 "--json"])
    out, err = capsys.readouterr()
    if not allowed(actor.role, Action.VIEW_CASE):
        assert code == 1 and PERMISSION_REFUSAL.match(err.strip()), err
        return
    assert code == 0, err
    found = [row["number"] for row in json.loads(out)]
    assert found == ([seeded.number] if allowed(actor.role, Action.SEARCH_ID_TAIL, actor.own)
                     else [])
    # The same case is found by the customer's phone tail by everyone who sees cases.
    capsys.readouterr()
    main(["--db", url, "--user", actor.name, "case", "list", "--search",
          married_case()["customer"]["phone"][-4:], "--json"])
    assert [row["number"] for row in json.loads(capsys.readouterr().out)] == [seeded.number]


def test_allowed_pairs_really_happen(seeded: Seeded, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Not just 'not refused': a sample of allowed pairs succeed end to end."""
    target = tmp_path / "db.sqlite3"
    template = Database(f"sqlite:///{seeded.path}")
    template.backup_sqlite(target)
    template.dispose()
    url = f"sqlite:///{target}"
    for user, args in ((MANAGER, ["gate", "override", seeded.number, "mortgage_before_release",
                                  "--reason", "the lender confirmed by phone"]),
                       (INFO, ["form", "receipt", seeded.serial, "red"]),
                       (CONSULTANT, ["case", "set", seeded.number, "customer.address=北京"]),
                       (CREDIT, ["task", "done", seeded.number, "upload_dossier"]),
                       ("admin", ["user", "password", SECOND_ADMIN])):
        code, err = run(["--db", url, "--user", user, *args], capsys)
        assert code == 0, (user, args, err)
