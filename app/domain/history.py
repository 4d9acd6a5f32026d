"""A case's history in words: each audit row the services write, as a sentence in the
reader's language ("王芳 recorded the payout: ¥126,600.00" / "王芳 记录了放款：¥126,600.00").

The phrases are data (one per audit action, one noun per task, one title per case field);
the workspace only renders what `history_line` returns. Internal keys (`visit_on=`, `total=`,
`follow_up.schedule`) never reach the reader: a value without a title here is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from app.domain.case_input import MARITAL_TITLES
from app.domain.errors import Text
from app.domain.money import format_money
from app.domain.procedure import (
    APPROVAL_RESULT_TITLES,
    COPY_TITLES,
    DOCUMENT_KINDS,
    GATES,
    PARTY_TITLES,
    TASKS,
    Party,
)

# One sentence per audit action written on a case; {who} is the person, the other
# placeholders are filled from the row's detail (each already in the reader's language).
ACTION_PHRASES: dict[str, Text] = {
    "case.create": Text("{who} opened the case", "{who} 新建了案件"),
    "case.update": Text("{who} changed the case", "{who} 修改了案件"),
    "case.dealership": Text("{who} filed the case under another dealership",
                            "{who} 将案件转到其他门店"),
    "dealership.add": Text("{who} added a dealership", "{who} 新增了门店"),
    "id.reveal": Text("{who} looked at the full ID numbers", "{who} 查看了完整身份证号"),
    "task.done": Text("{who} recorded {task}", "{who} 记录了{task}"),
    "task.undo": Text("{who} took back {task}", "{who} 撤回了{task}"),
    "gate.override": Text("{who} overrode a gate: {gate}", "{who} 越过关卡：{gate}"),
    "document.add": Text("{who} added the {document}", "{who} 添加了{document}"),
    "document.content": Text("{who} entered the details of the {document}",
                             "{who} 填写了{document}的内容"),
    "document.remove": Text("{who} removed the {document}", "{who} 删除了{document}"),
    "document.export": Text("{who} exported the {document}", "{who} 导出了{document}"),
    "custody.out": Text("{who} took out the original {document}", "{who} 取出了{document}原件"),
    "custody.in": Text("{who} brought back the original {document}",
                       "{who} 交回了{document}原件"),
    "dossier.build": Text("{who} built the credit dossier", "{who} 生成了贷款资料包"),
    "form.issue": Text("{who} issued the {form}", "{who} 出具了{form}"),
    "form.reprint": Text("{who} reprinted the {form}", "{who} 补打了{form}"),
    "form.receipt": Text("{who} received the {copy_of} of the {form}",
                         "{who} 签收了{form}{copy_of}"),
    "follow_up.schedule": Text("{who} scheduled the follow-up visit", "{who} 安排了回访"),
    "follow_up.done": Text("{who} recorded the follow-up visit", "{who} 记录了回访"),
}
UNKNOWN_ACTION = Text("{who} made a change", "{who} 做了修改")

# What recording each task is called in a sentence: "recorded the payout".
TASK_NOUNS: dict[str, Text] = {
    "draft_contract": Text("the contract draft", "销售合同草拟"),
    "sign_contract": Text("the contract signing", "销售合同签字"),
    "draft_accessory_list": Text("the accessory list", "装具清单"),
    "collect_documents": Text("the customer's documents", "客户资料收齐"),
    "fill_application": Text("the loan application", "贷款申请"),
    "upload_dossier": Text("the dossier upload", "资料上传"),
    "credit_decision": Text("the lender's decision", "审批结果"),
    "down_payment": Text("the down payment", "首付款"),
    "invoice_notice": Text("the invoice notice", "开票通知"),
    "invoice": Text("the invoice", "开票"),
    "conformity_application": Text("the conformity application", "合格证申请"),
    "insurance_policy": Text("the insurance", "保险"),
    "open_bank_card": Text("the bank card", "银行卡办理"),
    "sign_loan_contract": Text("the loan contract signing", "贷款合同签字"),
    "request_disbursement": Text("the payout request", "放款申请"),
    "disbursed": Text("the payout", "放款"),
    "purchase_tax": Text("the purchase tax", "购置税"),
    "plate": Text("the plate", "挂牌"),
    "mortgage_registered": Text("the mortgage registration", "抵押登记"),
    "release_form": Text("the warehouse-release form", "出库单"),
    "settlement": Text("the settlement", "结算"),
    "released": Text("the release from the warehouse", "车辆出库"),
    "delivered": Text("the delivery", "交车"),
    "follow_up_scheduled": Text("the follow-up visit date", "回访日期"),
}

# The case's fields as `case.update` names them (the JSON shape, flattened with dots).
CASE_FIELD_TITLES: dict[str, Text] = {
    "customer.name": Text("customer's name", "客户姓名"),
    "customer.id_number": Text("customer's ID number", "客户身份证号"),
    "customer.phone": Text("customer's phone", "客户电话"),
    "customer.marital_status": Text("marital status", "婚姻状况"),
    "customer.address": Text("address", "地址"),
    "customer.employer": Text("employer", "工作单位"),
    "customer.self_employed": Text("self-employed", "个体经营"),
    "spouse": Text("spouse", "配偶"),
    "spouse.name": Text("spouse's name", "配偶姓名"),
    "spouse.id_number": Text("spouse's ID number", "配偶身份证号"),
    "spouse.phone": Text("spouse's phone", "配偶电话"),
    "vehicle.brand": Text("brand", "品牌"),
    "vehicle.model": Text("model", "车型"),
    "vehicle.vin": Text("VIN", "车架号"),
    "vehicle.price": Text("price", "车价"),
    "vehicle.engine_number": Text("engine number", "发动机号"),
    "vehicle.color": Text("colour", "颜色"),
    "vehicle.new_energy": Text("new energy", "新能源"),
    "vehicle.used": Text("used car", "二手车"),
    "vehicle.commercial": Text("commercial use", "营运"),
    "vehicle.plate": Text("plate", "车牌号"),
    "vehicle.warehouse": Text("warehouse", "仓库"),
    "loan.lender": Text("lender", "贷款机构"),
    "loan.amount": Text("loan amount", "贷款金额"),
    "loan.down_payment": Text("down payment", "首付款"),
    "loan.term_months": Text("term in months", "期限(月)"),
    "loan.annual_rate": Text("annual rate", "年利率"),
    "loan.method": Text("repayment method", "还款方式"),
    "loan.fees": Text("fees", "费用"),
    "loan.start": Text("loan start", "起始日"),
    "accessories": Text("accessories", "装具"),
    "fee_items": Text("fee items", "费用项目"),
}
_MONEY_FIELDS = frozenset({"vehicle.price", "loan.amount", "loan.down_payment", "loan.fees"})
METHOD_TITLES: dict[str, Text] = {
    "equal_installment": Text("level payment", "等额本息"),
    "equal_principal": Text("equal principal", "等额本金"),
}
YES_NO = (Text("no", "否"), Text("yes", "是"))


def _pick(text: Text, zh: bool) -> str:
    return text.zh if zh else text.en


def _amount(value: Any) -> str:
    try:
        return format_money(Decimal(str(value).replace(",", "")))
    except (InvalidOperation, ValueError):
        return str(value)


def _task_values(task_id: str, values: Mapping[str, Any], zh: bool) -> str:
    """The values recorded with a task, by their titles; a single value needs no title."""
    task = TASKS.get(task_id)
    if task is None:
        return ""
    shown: list[tuple[str, str]] = []
    for spec in task.fields:
        raw = values.get(spec.name)
        if raw in (None, ""):
            continue
        if spec.type == "money":
            value = _amount(raw)
        elif spec.type == "choice":
            title = APPROVAL_RESULT_TITLES.get(str(raw))
            value = _pick(title, zh) if title is not None else str(raw)
        else:
            value = str(raw)
        shown.append((_pick(spec.title, zh), value))
    if len(shown) == 1:
        return shown[0][1]
    return ("，" if zh else ", ").join(f"{t} {v}" for t, v in shown)


def _case_value(name: str, value: Any, zh: bool) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _pick(YES_NO[value], zh)
    if name in _MONEY_FIELDS:
        return _amount(value)
    if name == "customer.marital_status" and str(value) in MARITAL_TITLES:
        return _pick(MARITAL_TITLES[str(value)], zh)
    if name == "loan.method" and str(value) in METHOD_TITLES:
        return _pick(METHOD_TITLES[str(value)], zh)
    if isinstance(value, dict | list):
        return ""  # a whole list (accessories): named, not dumped
    return str(value)


def _changes(changes: Mapping[str, Any], zh: bool) -> str:
    parts = []
    for name, change in changes.items():
        title = CASE_FIELD_TITLES.get(name)
        if title is None or not isinstance(change, Mapping):
            continue
        before = _case_value(name, change.get("from"), zh)
        after = _case_value(name, change.get("to"), zh)
        parts.append(f"{_pick(title, zh)} {before} → {after}" if after else _pick(title, zh))
    return ("；" if zh else "; ").join(parts)


def _document(detail: Mapping[str, Any], zh: bool) -> str:
    kind = DOCUMENT_KINDS.get(str(detail.get("kind", "")))
    if kind is None:
        return _pick(Text("document", "资料"), zh)
    title = _pick(kind.title, zh)
    if detail.get("party") == Party.SPOUSE.value:
        spouse = _pick(PARTY_TITLES[Party.SPOUSE], zh)
        return f"{spouse}{title}" if zh else f"{spouse}'s {title}"
    return title


def history_line(who: str, action: str, detail: Mapping[str, Any], *, zh: bool,
                 form_titles: Mapping[str, Text] | None = None) -> str:
    """One audit row as a sentence. `form_titles` names the forms (they live in forms/*.toml,
    which the domain does not read); a copy's receipt names its form when the caller adds
    `form` to the detail (the row itself keeps only the serial)."""
    forms = form_titles or {}
    task_id = str(detail.get("task", ""))
    noun = TASK_NOUNS.get(task_id)
    gate = GATES.get(str(detail.get("gate", "")))
    form = forms.get(str(detail.get("form", "")))
    copy = COPY_TITLES.get(str(detail.get("copy", "")))
    serial = str(detail.get("serial") or "")

    def numbered(name: str) -> str:  # a form or copy with its serial, if the row has one
        if not serial:
            return name
        return f"{name}（{serial}）" if zh else f"{name} ({serial})"

    fills = {
        "who": who,
        "task": _pick(noun, zh) if noun is not None else _pick(Text("a task", "任务"), zh),
        "gate": _pick(gate.title, zh) if gate is not None else "",
        "document": _document(detail, zh),
        "form": numbered(_pick(form or Text("form", "单据"), zh)),
        "copy": numbered(_pick(copy or Text("copy", "单据"), zh)),
        "copy_of": _pick(copy or Text("copy", "单据"), zh),
    }
    sentence = _pick(ACTION_PHRASES.get(action, UNKNOWN_ACTION), zh).format(**fills)
    extra = ""
    if action == "task.done" and isinstance(detail.get("values"), Mapping):
        extra = _task_values(task_id, detail["values"], zh)
    elif action == "case.update" and isinstance(detail.get("changes"), Mapping):
        extra = _changes(detail["changes"], zh)
    elif action == "follow_up.done" and detail.get("result"):
        extra = str(detail["result"])  # what the customer said, in their words
    elif action == "follow_up.schedule" and detail.get("due_on"):
        extra = str(detail["due_on"])
    elif action == "custody.out" and detail.get("to"):
        extra = str(detail["to"])
    if detail.get("draft"):
        extra = _pick(Text("draft", "草稿"), zh)
    if extra:
        sentence += f"：{extra}" if zh else f": {extra}"
    if detail.get("reason"):
        sentence += ("；原因：" if zh else "; reason: ") + str(detail["reason"])
    return sentence
