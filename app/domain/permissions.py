"""Who may do what, on whose case: the one permission matrix (role × action × whose case).

Every service checks it (services.common.require), the desktop offers only what it allows,
and the README prints it (scripts/permissions_table.py). "Own case" means the signed-in user
is the case's consultant; only consultants own cases, so for every other role a case is
always another's. The rules (issue 11): only a case's consultant or a manager change a case's
facts and documents; each role records its own tasks (Task.role), a manager any; the
administrator does no loan work and alone manages administrators; full ID numbers are for the
roles whose work needs them (PIPL art. 28-29), and revealing one is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.errors import Text
from app.domain.procedure import ROLE_TITLES, Role, Task


class Reach(StrEnum):
    """How far a role's right goes."""

    NONE = "none"
    OWN = "own"  # only on cases whose consultant the user is
    ANY = "any"  # on every case (or, for an action without a case, simply allowed)


class Action(StrEnum):
    CREATE_CASE = "create_case"
    VIEW_CASE = "view_case"
    CHANGE_CASE = "change_case"
    EDIT_DOCUMENTS = "edit_documents"
    REVEAL_ID = "reveal_id"
    SEARCH_ID_TAIL = "search_id_tail"
    RECORD_OWN_TASK = "record_own_task"
    RECORD_ANY_TASK = "record_any_task"
    UNDO_OWN_TASK = "undo_own_task"
    UNDO_ANY_TASK = "undo_any_task"
    OVERRIDE_GATE = "override_gate"
    PREVIEW_FORM = "preview_form"
    ISSUE_FORM = "issue_form"
    CONFIRM_RECEIPT = "confirm_receipt"
    EXPORT_DOCUMENTS = "export_documents"
    BUILD_DOSSIER = "build_dossier"
    CUSTODY = "custody"
    SEE_CUSTODY = "see_custody"
    FOLLOW_UP = "follow_up"
    BOARD = "board"
    TODAY = "today"
    QUEUE = "queue"
    CASE_HISTORY = "case_history"
    MANAGE_USERS = "manage_users"
    MANAGE_ADMINS = "manage_admins"
    LENDERS = "lenders"
    SETTINGS = "settings"
    BACKUP = "backup"
    RESTORE = "restore"
    AUDIT_VERIFY = "audit_verify"
    DEMO = "demo"
    SWITCH_DATABASE = "switch_database"


@dataclass(frozen=True)
class Rule:
    """One row of the matrix: what the action is, whether it concerns a case, who may."""

    action: Action
    title: Text
    on_case: bool
    reach: dict[Role, Reach]


_N, _O, _A = Reach.NONE, Reach.OWN, Reach.ANY
# Column order of the table below (and of the README's).
COLUMNS: tuple[Role, ...] = (Role.CONSULTANT, Role.INFO_CLERK, Role.FINANCE,
                             Role.CREDIT_OFFICER, Role.INSURANCE, Role.WAREHOUSE, Role.MANAGER,
                             Role.ADMIN)


def _rule(action: Action, en: str, zh: str, on_case: bool, *cells: Reach) -> Rule:
    assert len(cells) == len(COLUMNS), action
    return Rule(action, Text(en, zh), on_case, dict(zip(COLUMNS, cells, strict=True)))


#                                                               con in fin cre ins war man adm
MATRIX: dict[Action, Rule] = {r.action: r for r in (
    _rule(Action.CREATE_CASE, "open a case", "新建案件", False,
          _A, _N, _N, _N, _N, _N, _A, _N),
    _rule(Action.VIEW_CASE, "see cases, lists and documents (ID numbers masked)",
          "查看案件、列表与资料(身份证号脱敏)", True,
          _A, _A, _A, _A, _A, _A, _A, _N),
    _rule(Action.CHANGE_CASE, "change a case's facts", "修改案件信息", True,
          _O, _N, _N, _N, _N, _N, _A, _N),
    _rule(Action.EDIT_DOCUMENTS, "add, replace, correct or remove documents",
          "添加、替换、更正或删除资料", True,
          _O, _N, _N, _N, _N, _N, _A, _N),
    _rule(Action.REVEAL_ID, "reveal full ID numbers (audited)", "查看完整身份证号(留痕)", True,
          _O, _N, _A, _A, _N, _N, _A, _N),
    _rule(Action.SEARCH_ID_TAIL, "find a case by the tail of an ID number",
          "按身份证尾号查找案件", True,
          _O, _N, _A, _A, _N, _N, _A, _N),
    _rule(Action.RECORD_OWN_TASK, "record the tasks of their own role", "完成本岗位的任务",
          True, _O, _A, _A, _A, _A, _A, _A, _N),
    _rule(Action.RECORD_ANY_TASK, "record any role's task", "完成任何岗位的任务", True,
          _N, _N, _N, _N, _N, _N, _A, _N),
    _rule(Action.UNDO_OWN_TASK, "undo a task they recorded", "撤销本人完成的任务", True,
          _O, _A, _A, _A, _A, _A, _A, _N),
    _rule(Action.UNDO_ANY_TASK, "undo another person's task", "撤销他人完成的任务", True,
          _N, _N, _N, _N, _N, _N, _A, _N),
    _rule(Action.OVERRIDE_GATE, "override a hard gate (with a reason)", "放行关卡(须写理由)",
          True, _N, _N, _N, _N, _N, _N, _A, _N),
    _rule(Action.PREVIEW_FORM, "preview a draft form (ID numbers masked)",
          "预览表单草稿(身份证号脱敏)", True,
          _A, _A, _A, _A, _A, _A, _A, _N),
    _rule(Action.ISSUE_FORM, "issue or reprint a form (full ID numbers: audited)",
          "出具或补打表单(含完整身份证号的留痕)", True,
          _O, _N, _A, _N, _N, _N, _A, _N),
    _rule(Action.CONFIRM_RECEIPT, "confirm receipt of a copy addressed to their role "
          "(a manager: any copy)", "签收交给本岗位的联(经理可签收任何联)", True,
          _O, _A, _A, _A, _N, _A, _A, _N),
    _rule(Action.EXPORT_DOCUMENTS, "export document pages (ID cards watermarked)",
          "导出资料图片(身份证加水印)", True,
          _O, _N, _N, _A, _N, _N, _A, _N),
    _rule(Action.BUILD_DOSSIER, "build the credit dossier", "生成贷款资料包", True,
          _O, _N, _N, _A, _N, _N, _A, _N),
    _rule(Action.CUSTODY, "check originals out and in", "登记原件外借与归还", True,
          _O, _A, _A, _N, _N, _N, _A, _N),
    _rule(Action.SEE_CUSTODY, "see the originals out", "查看外借原件", False,
          _A, _A, _A, _N, _N, _A, _A, _N),
    _rule(Action.FOLLOW_UP, "record a follow-up visit", "登记回访", True,
          _O, _N, _N, _N, _N, _N, _A, _N),
    _rule(Action.BOARD, "see and export the dealership's board", "查看和导出业务看板", False,
          _N, _A, _A, _A, _N, _N, _A, _N),
    _rule(Action.TODAY, "see the day's list (a consultant: their own)",
          "查看今日待办(销售顾问只看本人的)", False,
          _A, _N, _N, _N, _N, _N, _A, _N),
    _rule(Action.QUEUE, "see the work waiting for them (a consultant: on their own cases)",
          "查看待办队列(销售顾问只看本人案件)", False,
          _A, _A, _A, _A, _A, _A, _A, _N),
    _rule(Action.CASE_HISTORY, "read a case's history (personal data masked)",
          "查看案件历史(个人信息脱敏)", True,
          _A, _A, _A, _A, _A, _A, _A, _N),
    _rule(Action.MANAGE_USERS, "add staff, change roles, set others' passwords",
          "添加员工、修改角色、设置他人密码", False,
          _N, _N, _N, _N, _N, _N, _A, _A),
    _rule(Action.MANAGE_ADMINS, "create administrators or change an administrator's account",
          "创建管理员或修改管理员账户", False,
          _N, _N, _N, _N, _N, _N, _N, _A),
    _rule(Action.LENDERS, "add and change lenders", "添加和修改贷款机构", False,
          _N, _N, _N, _N, _N, _N, _A, _A),
    _rule(Action.SETTINGS, "change settings", "修改设置", False,
          _N, _N, _N, _N, _N, _N, _A, _A),
    _rule(Action.BACKUP, "back up the database", "备份数据库", False,
          _N, _N, _N, _N, _N, _N, _A, _A),
    _rule(Action.RESTORE, "restore the database from a backup", "从备份恢复数据库", False,
          _N, _N, _N, _N, _N, _N, _A, _A),
    _rule(Action.AUDIT_VERIFY, "verify the audit trail", "校验审计记录", False,
          _N, _N, _N, _N, _N, _N, _A, _A),
    _rule(Action.DEMO, "fill the database with demo cases", "填充演示数据", False,
          _N, _N, _N, _N, _N, _N, _A, _A),
    _rule(Action.SWITCH_DATABASE, "choose the database a workstation uses",
          "选择工作站使用的数据库", False,
          _N, _N, _N, _N, _N, _N, _N, _A),
)}


def reach(role: str, action: Action) -> Reach:
    try:
        return MATRIX[action].reach[Role(role)]
    except ValueError:  # a role this program does not know may do nothing
        return Reach.NONE


def allowed(role: str, action: Action, own_case: bool = False) -> bool:
    """May `role` do `action` (on a case that is, or is not, the user's own)?"""
    level = reach(role, action)
    return level is Reach.ANY or (level is Reach.OWN and own_case)


def allowed_anywhere(role: str, action: Action) -> bool:
    """May `role` do `action` on at least some case (what a menu asks before a case is
    chosen)?"""
    return reach(role, action) is not Reach.NONE


def _who(action: Action) -> list[tuple[Text, Reach]]:
    return [(ROLE_TITLES[role], level) for role, level in MATRIX[action].reach.items()
            if level is not Reach.NONE]


def who_may(action: Action) -> Text:
    """For refusals: 'the sales consultant (own cases) or manager'."""
    people = _who(action)
    en = [f"{t.en} (own cases)" if r is Reach.OWN else t.en for t, r in people]
    zh = [f"{t.zh}(仅本人案件)" if r is Reach.OWN else t.zh for t, r in people]
    if not en:
        return Text("nobody", "无人")
    listed = f"{', '.join(en[:-1])} or {en[-1]}" if len(en) > 1 else en[0]
    return Text(f"the {listed}", "、".join(zh))


def task_action(role: str, task_: Task) -> Action:
    """Which right recording `task_` needs: a role's own tasks, or any role's."""
    return Action.RECORD_OWN_TASK if task_.role == role else Action.RECORD_ANY_TASK


def may_record(role: str, task_: Task, own_case: bool) -> bool:
    return allowed(role, task_action(role, task_), own_case)


def task_who_may(task_: Task) -> Text:
    r = ROLE_TITLES[task_.role]
    return Text(f"the {r.en} or a manager", f"{r.zh}或经理")


STAFF_ROLES = frozenset(r.value for r in Role)


def may_confirm(role: str, recipient_role: str, own_case: bool) -> bool:
    """A copy addressed to a role is confirmed by that role (or a manager); a copy for the
    customer or the dealership by anyone who confirms receipts."""
    if not allowed(role, Action.CONFIRM_RECEIPT, own_case):
        return False
    return recipient_role not in STAFF_ROLES or recipient_role == role \
        or role == Role.MANAGER


def table_markdown() -> str:
    """The matrix as the README prints it (scripts/permissions_table.py)."""
    marks = {Reach.NONE: "—", Reach.OWN: "own cases", Reach.ANY: "✓"}
    head = "| action | " + " | ".join(f"{ROLE_TITLES[r].en} ({ROLE_TITLES[r].zh})"
                                     for r in COLUMNS) + " |"
    rows = [head, "|---|" + "---|" * len(COLUMNS)]
    for rule in MATRIX.values():
        rows.append(f"| {rule.title.en} ({rule.title.zh}) | "
                    + " | ".join(marks[rule.reach[r]] for r in COLUMNS) + " |")
    return "\n".join(rows) + "\n"


# A form's printer profile (app.services.print_profiles) is set by whoever prints forms (the
# finance clerk at the dot-matrix printer knows its tray), or by the administrator.
PRINTER_SET_UP = (Action.ISSUE_FORM, Action.SETTINGS)


def may_set_up_printers(role: str) -> bool:
    return any(allowed_anywhere(role, action) for action in PRINTER_SET_UP)
