"""What a case still needs, and why: every requirement of the ten steps with its state.

The GUI, the CLI, the dossier and the case list all ask this module; none re-implements a rule.
Pure: the services turn database rows into the facts below and pass `today` in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from app.domain.errors import Text
from app.domain.income import HouseholdIncome, Statement, household_income, household_parties
from app.domain.income import statement_months as statement_months  # where others look
from app.domain.money import format_money
from app.domain.procedure import (
    DOCUMENT_KINDS,
    FORM_PREREQUISITES,
    GATES,
    PARTY_TITLES,
    ROLE_TITLES,
    STEPS,
    STEPS_BY_ID,
    TASKS,
    Condition,
    CopyReceived,
    DocumentRequirement,
    DocumentValid,
    FormIssued,
    GateOpen,
    OriginalsOut,
    Party,
    Prerequisite,
    Role,
    Step,
    StepComplete,
    StepDocuments,
    Task,
    TaskDone,
    default_party,
)


@dataclass(frozen=True)
class PartyFacts:
    name: str
    id_number: str
    phone: str = ""


@dataclass(frozen=True)
class CaseFacts:
    number: str
    marital_status: str
    customer: PartyFacts
    spouse: PartyFacts | None
    lender: str
    vin: str
    engine_number: str
    monthly_payment: Decimal  # the highest instalment of the schedule
    income_multiple: Decimal  # the lender's rule: average income ≥ multiple × payment


@dataclass(frozen=True)
class DocumentFacts:
    kind: str
    party: Party
    pages: int
    content: Mapping[str, object]


@dataclass(frozen=True)
class TaskFacts:
    task_id: str
    done_at: datetime
    done_by: str
    values: Mapping[str, str]


@dataclass(frozen=True)
class Override:
    gate: str
    by: str
    reason: str


@dataclass(frozen=True)
class IssuedFormFacts:
    """A form issued with a serial, and which of its copies their recipients confirmed."""

    form_id: str
    copies_received: frozenset[str] = frozenset()


@dataclass(frozen=True)
class OriginalFacts:
    """An original checked out of the dealership (custody), returned or not."""

    kind: str
    party: Party
    returned: bool = False


@dataclass(frozen=True)
class Evidence:
    """What the procedure leaves besides tasks and documents: forms and originals."""

    forms: Mapping[str, IssuedFormFacts] = field(default_factory=dict)
    originals: Sequence[OriginalFacts] = ()


class State(StrEnum):
    SATISFIED = "satisfied"
    MISSING = "missing"
    INVALID = "invalid"
    WAITING = "waiting"


# An item's state as a person reads it (the dossier's checklist, the workspace).
STATE_TITLES: dict[State, Text] = {
    State.SATISFIED: Text("satisfied", "已满足"), State.MISSING: Text("missing", "缺少"),
    State.INVALID: Text("not valid", "不合格"), State.WAITING: Text("waiting", "待办"),
}


class StepState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    OPEN = "open"
    WAITING = "waiting"
    BLOCKED = "blocked"


@dataclass(frozen=True)
class Item:
    step: str
    what: str  # "document" or "task"
    id: str  # the document kind or the task id
    party: Party
    title: Text
    state: State
    reason: Text
    held_by_gate: str | None = None  # a task that waits for a closed hard gate


@dataclass(frozen=True)
class StepStatus:
    step: str
    state: StepState
    reason: Text


@dataclass(frozen=True)
class Checklist:
    items: tuple[Item, ...]
    steps: tuple[StepStatus, ...]
    current_step: str | None  # None once every step is done
    rejected: bool = False  # the lender turned the application down

    @property
    def open_items(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.state is not State.SATISFIED)

    def step_status(self, step_id: str) -> StepStatus:
        return next(s for s in self.steps if s.step == step_id)

    def summary(self, limit: int = 3) -> Text:
        """A short line for the case list: the first few open items."""
        items = [i for i in self.open_items if i.state is not State.WAITING] or list(
            self.open_items)
        if not items:
            return Text("", "")
        head = items[:limit]
        more = len(items) - len(head)
        en = ", ".join(i.title.en for i in head) + (f" +{more}" if more else "")
        zh = "、".join(i.title.zh for i in head) + (f" 等{len(items)}项" if more else "")
        return Text(en, zh)


@dataclass(frozen=True)
class _Facts:
    case: CaseFacts
    documents: Sequence[DocumentFacts]
    tasks: Mapping[str, TaskFacts]
    overrides: Mapping[str, Override]
    today: date


def applies(req: DocumentRequirement, case: CaseFacts) -> bool:
    if req.condition is Condition.MARRIED:
        return case.marital_status == "married"
    return True


def _party_facts(case: CaseFacts, party: Party) -> PartyFacts | None:
    return case.spouse if party is Party.SPOUSE else case.customer


def _title(req: DocumentRequirement) -> Text:
    kind = DOCUMENT_KINDS[req.kind].title
    party = PARTY_TITLES[req.party]
    if req.party is Party.SPOUSE:
        return Text(f"{kind.en} of the {party.en}", f"{party.zh}{kind.zh}")
    return kind


def _parse_date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _check_id_card(doc: DocumentFacts, f: _Facts) -> Text | None:
    person = _party_facts(f.case, doc.party)
    number = str(doc.content.get("id_number", "")).strip().upper()
    if not number:
        return Text("enter the ID number shown on the card", "请录入身份证上的号码")
    if person is not None and number != person.id_number.upper():
        return Text(f"the card's number {number} is not the {doc.party}'s number in the case",
                    f"证件号码 {number} 与案件中{PARTY_TITLES[doc.party].zh}的号码不一致")
    valid_until = str(doc.content.get("valid_until", "")).strip()
    if valid_until in ("长期", "long-term", "long_term"):
        return None
    until = _parse_date(valid_until)
    if until is None:
        return Text("enter the valid-until date (YYYY-MM-DD or 长期)",
                    "请录入有效期至(YYYY-MM-DD 或 长期)")
    if until < f.today:
        return Text(f"the card expired on {until}", f"身份证已于 {until} 过期")
    return None


def _check_vehicle_match(doc: DocumentFacts, f: _Facts) -> Text | None:
    vin = str(doc.content.get("vin", "")).strip().upper()
    engine = str(doc.content.get("engine_number", "")).strip().upper()
    if not vin or not engine:
        return Text("enter the VIN and engine number shown on the document",
                    "请录入单据上的车架号和发动机号")
    if vin != f.case.vin.upper():
        return Text(f"VIN {vin} is not the car's VIN {f.case.vin}",
                    f"车架号 {vin} 与车辆车架号 {f.case.vin} 不一致")
    if f.case.engine_number and engine != f.case.engine_number.upper():
        return Text(f"engine number {engine} is not the car's {f.case.engine_number}",
                    f"发动机号 {engine} 与车辆发动机号 {f.case.engine_number} 不一致")
    return None


def beneficiary_problem(doc: DocumentFacts, case: CaseFacts, today: date) -> Text | None:
    """Why this policy does not protect the lender, or None when it does."""
    beneficiary = str(doc.content.get("first_beneficiary", "")).strip()
    if not beneficiary:
        return Text("enter the policy's first beneficiary", "请录入保单第一受益人")
    if beneficiary != case.lender.strip():
        return Text(f"first beneficiary is {beneficiary}, must be the lender {case.lender}",
                    f"第一受益人为{beneficiary}，应为贷款机构{case.lender}")
    end = _parse_date(doc.content.get("period_end", ""))
    if end is None:
        return Text("enter the policy's end date", "请录入保险止期")
    if end < today:
        return Text(f"the policy ended on {end}", f"保单已于 {end} 到期")
    return None


def _check_policy(doc: DocumentFacts, f: _Facts) -> Text | None:
    return beneficiary_problem(doc, f.case, f.today)


def _check_marriage(doc: DocumentFacts, f: _Facts) -> Text | None:
    names = str(doc.content.get("names", ""))
    if not names.strip():
        return Text("enter the names on the certificate", "请录入结婚证上的姓名")
    wanted = [f.case.customer.name] + ([f.case.spouse.name] if f.case.spouse else [])
    absent = [n for n in wanted if n and n not in names]
    if absent:
        return Text(f"the certificate does not name {', '.join(absent)}",
                    f"结婚证上没有{'、'.join(absent)}")
    return None


_CONTENT_CHECKS = {
    "id_card": _check_id_card,
    "vehicle_invoice": _check_vehicle_match,
    "conformity_certificate": _check_vehicle_match,
    "insurance_policy": _check_policy,
    "marriage_certificate": _check_marriage,
}


def _check_statements(f: _Facts) -> tuple[State, Text]:
    parties = household_parties(f.case.marital_status)
    statements = [Statement(d.party, d.content) for d in f.documents
                  if d.kind == "bank_statement" and d.party in parties]
    if not statements:
        return State.MISSING, Text("bring bank statements of the last 6 months",
                                   "请提供最近6个月的银行流水")
    income = household_income(statements, statement_months(f.today))
    state, reason = _statement_verdict(income, f.case)
    notes = [n for n in (income.duplicates_text(), _unidentified_text(income.unidentified))
             if n is not None]
    return state, Text(" · ".join([reason.en, *(n.en for n in notes)]),
                       "；".join([reason.zh, *(n.zh for n in notes)]))


def _unidentified_text(count: int) -> Text | None:
    if not count:
        return None
    return Text(f"{count} statement(s) without bank and account tail not counted: enter them",
                f"{count} 份流水未录入银行和账号尾号，未计入，请补录")


def _statement_verdict(income: HouseholdIncome, case: CaseFacts) -> tuple[State, Text]:
    months, period = income.months, income.period
    if income.gaps:
        gaps = income.gaps
        return State.INVALID, Text(
            f"no income recorded for {', '.join(gaps)} (each of {months[0]}…{months[-1]} "
            "needs income)",
            f"{'、'.join(gaps)} 无进账(需 {months[0]} 至 {months[-1]} 每月都有进账)")
    average = income.average
    needed = (case.monthly_payment * case.income_multiple).quantize(Decimal("0.01"))
    # Amounts read as everywhere else (the dossier prints this reason for the lender).
    shown, payment, bar = (format_money(average), format_money(case.monthly_payment),
                           format_money(needed))
    if average < needed:
        return State.INVALID, Text(
            f"average monthly income {shown} ({period.en}) is below "
            f"{case.income_multiple} × the monthly payment {payment} = {bar}",
            f"月均收入 {shown}({period.zh})低于月供 {payment} 的 "
            f"{case.income_multiple} 倍({bar})")
    return State.SATISFIED, Text(f"average monthly income {shown} ({period.en}) ≥ {bar}",
                                 f"月均收入 {shown}({period.zh})≥ {bar}")


def _document_item(req: DocumentRequirement, f: _Facts, waiting: Text | None) -> Item:
    title = _title(req)

    def item(state: State, reason: Text) -> Item:
        return Item(STEP_OF_REQUIREMENT[req], "document", req.kind, req.party, title, state,
                    reason)

    if req.kind == "bank_statement":
        state, reason = _check_statements(f)
        if state is State.MISSING and waiting is not None:
            return item(State.WAITING, waiting)
        return item(state, reason)
    docs = [d for d in f.documents if d.kind == req.kind
            and (req.party is Party.NONE or d.party is req.party)]
    if not docs:
        if waiting is not None:
            return item(State.WAITING, waiting)
        return item(State.MISSING, Text(f"{title.en} not yet received", f"尚未收到{title.zh}"))
    check = _CONTENT_CHECKS.get(req.kind)
    problems = [p for p in (check(d, f) for d in docs) if p is not None] if check else []
    if check and len(problems) == len(docs):
        return item(State.INVALID, problems[0])
    pages = sum(d.pages for d in docs)
    if pages == 0:
        return item(State.MISSING, Text(f"{title.en} has no pages yet", f"{title.zh}尚无页面"))
    return item(State.SATISFIED, Text(f"{pages} page(s) received", f"已收到 {pages} 页"))


def gate_problem(gate_id: str, case: CaseFacts, documents: Sequence[DocumentFacts],
                 tasks: Mapping[str, TaskFacts], today: date,
                 overrides: Mapping[str, Override] | None = None) -> Text | None:
    """Why a hard gate is closed, or None when it is open (or a manager overrode it)."""
    if overrides and gate_id in overrides:
        return None
    if gate_id == "beneficiary_before_disbursement":
        policies = [d for d in documents if d.kind == "insurance_policy"]
        if not policies:
            return Text(f"no insurance policy naming {case.lender} as first beneficiary yet",
                        f"尚无第一受益人为{case.lender}的保单")
        problems = [beneficiary_problem(d, case, today) for d in policies]
        if all(p is not None for p in problems):
            first = problems[0]
            assert first is not None
            return first
        return None
    if gate_id == "mortgage_before_release":
        if "mortgage_registered" not in tasks:
            return Text("the mortgage is not registered yet", "尚未办理抵押登记")
        # Settlement comes after the release form (seed step ⑨), so it is a prerequisite
        # of the car leaving (task `released`), not of this gate.
        return None
    if gate_id == "release_before_delivery":
        if "released" not in tasks:
            return Text("the car has not been released from the warehouse",
                        "车辆尚未出库")
        return None
    raise KeyError(gate_id)


def _task_done(task_: Task, f: _Facts) -> tuple[bool, Text]:
    done = f.tasks.get(task_.id)
    if done is None:
        return False, Text("", "")
    if task_.id == "credit_decision":
        result = done.values.get("result", "")
        if result == "rejected":
            return False, Text("the lender rejected the application", "贷款机构已拒绝申请")
        if result == "more_documents":
            return False, Text("the lender asks for more documents", "贷款机构要求补充资料")
    when = done.done_at.strftime("%Y-%m-%d %H:%M")
    return True, Text(f"done by {done.done_by} on {when}", f"{done.done_by} 于 {when} 完成")


def _task_item(task_: Task, f: _Facts, waiting: Text | None) -> Item:
    done, detail = _task_done(task_, f)
    if done:
        return Item(task_.step, "task", task_.id, Party.NONE, task_.title, State.SATISFIED,
                    detail)
    if detail.en:  # done, but with an outcome that holds the case (rejected, more documents)
        return Item(task_.step, "task", task_.id, Party.NONE, task_.title, State.INVALID,
                    detail)
    if waiting is not None:
        return Item(task_.step, "task", task_.id, Party.NONE, task_.title, State.WAITING,
                    waiting)
    if task_.gate is not None:
        closed = gate_problem(task_.gate, f.case, f.documents, f.tasks, f.today, f.overrides)
        if closed is not None:
            return Item(task_.step, "task", task_.id, Party.NONE, task_.title, State.WAITING,
                        Text(f"blocked: {closed.en}", f"受阻：{closed.zh}"), task_.gate)
    role = ROLE_TITLES[task_.role]
    return Item(task_.step, "task", task_.id, Party.NONE, task_.title, State.MISSING,
                Text(f"to be done by the {role.en}", f"待{role.zh}完成"))


STEP_OF_REQUIREMENT: dict[DocumentRequirement, str] = {
    req: s.id for s in STEPS for req in s.documents
}


def _waiting_reason(step_: Step, done: set[str]) -> Text | None:
    pending = [STEPS_BY_ID[a] for a in step_.after if a not in done]
    if not pending:
        return None
    first = pending[0]
    return Text(f"waits for step {first.number} {first.title.en}",
                f"等待第{first.number}步「{first.title.zh}」完成")


def evaluate(case: CaseFacts, documents: Sequence[DocumentFacts],
             tasks: Mapping[str, TaskFacts], today: date,
             overrides: Mapping[str, Override] | None = None) -> Checklist:
    """Every requirement of the case across the ten steps, and each step's state."""
    f = _Facts(case, documents, tasks, overrides or {}, today)
    items: list[Item] = []
    statuses: list[StepStatus] = []
    done_steps: set[str] = set()
    current: str | None = None
    for step_ in STEPS:  # in order: a step's `after` always names earlier steps
        waiting = _waiting_reason(step_, done_steps)
        step_items = [_document_item(r, f, waiting) for r in step_.documents if applies(r, case)]
        step_items += [_task_item(t, f, waiting) for t in step_.tasks]
        items += step_items
        open_items = [i for i in step_items if i.state is not State.SATISFIED]
        if not open_items:
            done_steps.add(step_.id)
            statuses.append(StepStatus(step_.id, StepState.DONE, Text("done", "已完成")))
            continue
        # Blocked means nobody can move the step now: every open item is held by a gate or
        # by the lender's answer, none is simply waiting for someone to do it.
        actionable = [i for i in open_items if i.state is State.MISSING
                      or (i.state is State.INVALID and i.what == "document")]
        blocked = None if actionable else next(
            (i for i in open_items if i.state is not State.WAITING
             or i.held_by_gate is not None), None)
        if waiting is not None:
            statuses.append(StepStatus(step_.id, StepState.WAITING, waiting))
        elif blocked is not None:
            statuses.append(StepStatus(step_.id, StepState.BLOCKED, blocked.reason))
        else:
            state = StepState.OPEN if current is not None else StepState.CURRENT
            first = open_items[0]
            statuses.append(StepStatus(step_.id, state, Text(
                f"next: {first.title.en}", f"下一项：{first.title.zh}")))
        if current is None:
            current = step_.id
    decision = tasks.get("credit_decision")
    rejected = decision is not None and decision.values.get("result") == "rejected"
    return Checklist(tuple(items), tuple(statuses), current, rejected)


def override_note(reason: str, by: str, on: date) -> Text:
    """What a printed form says where a gate was overridden instead of ticking the check."""
    return Text(f"manager's override: {reason}, {by}, {on.isoformat()}",
                f"经理放行：{reason}，{by}，{on.isoformat()}")


def gate_title(gate_id: str) -> Text:
    return GATES[gate_id].title


def _who(role: Role, en: str, zh: str) -> Text:
    """The part of a refusal that says who can make it right."""
    title = ROLE_TITLES[role]
    return Text(f" (the {title.en} {en})", f"（由{title.zh}{zh}）")


def _join(parts: Sequence[Text], en: str = "; ", zh: str = "；") -> Text:
    return Text(en.join(p.en for p in parts), zh.join(p.zh for p in parts))


def _plus(text: Text, more: Text) -> Text:
    return Text(text.en + more.en, text.zh + more.zh)


def _document_problem(item: Item) -> Text:
    """A document item that is not satisfied, said with who brings it."""
    reason = item.reason
    if item.state is not State.MISSING:  # invalid: the reason alone does not name the paper
        reason = Text(f"{item.title.en}: {reason.en}", f"{item.title.zh}：{reason.zh}")
    return _plus(reason, _who(DOCUMENT_KINDS[item.id].supplied_by, "provides it", "提供"))


def _item_role(item: Item) -> Role:
    return TASKS[item.id].role if item.what == "task" else DOCUMENT_KINDS[item.id].supplied_by


class _Prerequisites:
    """One case's facts, asked prerequisite by prerequisite (the checklist computed once)."""

    def __init__(self, f: _Facts, evidence: Evidence) -> None:
        self.f = f
        self.evidence = evidence
        self._checklist: Checklist | None = None

    def checklist(self) -> Checklist:
        if self._checklist is None:
            f = self.f
            self._checklist = evaluate(f.case, f.documents, f.tasks, f.today, f.overrides)
        return self._checklist

    def problem(self, need: Prerequisite) -> Text | None:
        """Why `need` is not met (what is missing, who can supply it), or None when it is."""
        if isinstance(need, TaskDone):
            return self._task_done(need)
        if isinstance(need, DocumentValid):
            req = DocumentRequirement(need.kind, need.party)
            item = _document_item(req, self.f, None)
            return None if item.state is State.SATISFIED else _document_problem(item)
        if isinstance(need, StepDocuments):
            items = [i for i in self.checklist().items if i.step == need.step
                     and i.what == "document" and i.state is not State.SATISFIED]
            return _join([_document_problem(i) for i in items]) if items else None
        if isinstance(need, StepComplete):
            return self._step_complete(need)
        if isinstance(need, FormIssued):
            if need.form in self.evidence.forms:
                return None
            return _plus(Text(f"the {need.title.en} is not issued yet",
                              f"{need.title.zh}尚未出具"), _who(need.by, "issues it", "出具"))
        if isinstance(need, CopyReceived):
            issued = self.evidence.forms.get(need.form)
            if issued is not None and need.copy in issued.copies_received:
                return None
            who = ROLE_TITLES[need.recipient]
            return Text(f"the {need.title.en} has not been confirmed by the {who.en}",
                        f"{need.title.zh}尚未由{who.zh}签收")
        if isinstance(need, OriginalsOut):
            return self._originals(need)
        return self._gate(need)

    def _task_done(self, need: TaskDone) -> Text | None:
        task_ = TASKS[need.task]
        record = self.f.tasks.get(need.task)
        if record is None:
            return _plus(Text(f"first: {task_.title.en}", f"须先完成：{task_.title.zh}"),
                         _who(task_.role, "does it", "完成"))
        if need.field and record.values.get(need.field) != need.value:
            unmet = need.unmet or Text(f"{task_.title.en} is not {need.value}",
                                       f"{task_.title.zh}不是 {need.value}")
            return _plus(unmet, _who(task_.role, "records it", "登记"))
        return None

    def _step_complete(self, need: StepComplete) -> Text | None:
        checklist = self.checklist()
        if checklist.step_status(need.step).state is StepState.DONE:
            return None
        step_ = STEPS_BY_ID[need.step]
        open_items = [i for i in checklist.items if i.step == need.step
                      and i.state is not State.SATISFIED]
        titles = Text(", ".join(i.title.en for i in open_items),
                      "、".join(i.title.zh for i in open_items))
        who = _who(_item_role(open_items[0]), "sees to it", "办理") if open_items else \
            Text("", "")
        return _plus(Text(f"first: step {step_.number} {step_.title.en} complete "
                          f"(open: {titles.en})",
                          f"须先完成第{step_.number}步「{step_.title.zh}」(未完成：{titles.zh})"),
                     who)

    def _originals(self, need: OriginalsOut) -> Text | None:
        out = {(o.kind, o.party) for o in self.evidence.originals}
        absent = [k for k in need.kinds if (k, default_party(k)) not in out]
        if not absent:
            return None
        titles = [DOCUMENT_KINDS[k].title for k in absent]
        return _plus(Text(f"originals not checked out {need.purpose.en}: "
                          + ", ".join(t.en for t in titles),
                          f"原件未登记外借({need.purpose.zh})：" + "、".join(t.zh for t in titles)),
                     _who(need.by, "checks them out", "登记外借"))

    def _gate(self, need: GateOpen) -> Text | None:
        f = self.f
        closed = gate_problem(need.gate, f.case, f.documents, f.tasks, f.today, f.overrides)
        if closed is None:
            return None
        who = ROLE_TITLES[GATES[need.gate].by]
        return Text(f"{closed.en} (the {who.en} sees to it; a manager may override the gate "
                    "with a written reason)",
                    f"{closed.zh}（由{who.zh}办理；经理可填写理由后放行）")


def unmet_prerequisites(needs: Sequence[Prerequisite], case: CaseFacts,
                        documents: Sequence[DocumentFacts], tasks: Mapping[str, TaskFacts],
                        today: date, overrides: Mapping[str, Override] | None = None,
                        evidence: Evidence | None = None) -> list[tuple[Prerequisite, Text]]:
    """Each prerequisite of `needs` that the case does not meet, with what a person reads."""
    asked = _Prerequisites(_Facts(case, documents, tasks, overrides or {}, today),
                           evidence or Evidence())
    return [(need, why) for need in needs if (why := asked.problem(need)) is not None]


def task_refusal(task_: Task, case: CaseFacts, documents: Sequence[DocumentFacts],
                 tasks: Mapping[str, TaskFacts], today: date,
                 overrides: Mapping[str, Override] | None = None,
                 evidence: Evidence | None = None) -> Text | None:
    """Why `task_` may not be recorded now (everything missing, and who can supply it), or
    None. The services refuse with it; the GUI shows it beside the button."""
    unmet = unmet_prerequisites(task_.needs, case, documents, tasks, today, overrides, evidence)
    return _join([why for _need, why in unmet]) if unmet else None


def undo_refusal(task_id: str, done: Iterable[str]) -> Text | None:
    """Why a recorded task may not be taken back: later tasks already recorded rest on it
    (the car cannot stay released once the release form is withdrawn). Undo those first."""
    recorded = set(done)
    resting = [TASKS[t] for t in TASKS if t in recorded and any(
        isinstance(n, TaskDone) and n.task == task_id for n in TASKS[t].needs)]
    if not resting:
        return None
    return Text("first undo what rests on it: " + ", ".join(t.title.en for t in resting),
                "须先撤销以其为前提的任务：" + "、".join(t.title.zh for t in resting))


def form_refusal(form_id: str, case: CaseFacts, documents: Sequence[DocumentFacts],
                 tasks: Mapping[str, TaskFacts], today: date,
                 overrides: Mapping[str, Override] | None = None,
                 evidence: Evidence | None = None) -> Text | None:
    """Why the form may not be issued with a serial yet, or None (FORM_PREREQUISITES)."""
    unmet = unmet_prerequisites(FORM_PREREQUISITES.get(form_id, ()), case, documents, tasks,
                                today, overrides, evidence)
    return _join([why for _need, why in unmet]) if unmet else None
