"""The ten steps of a car loan (贷款流程) as data: tasks, documents, forms, roles and gates.

Everything here is a fact of the dealership's procedure (../shared/DOMAIN.md); the checklist
and the services read it, nobody re-states it. Ids are stable: code, CLI, tests and forms use
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from app.domain.errors import NotFound, Text

T = TypeVar("T")


class Role(StrEnum):
    CONSULTANT = "consultant"
    INFO_CLERK = "info_clerk"
    FINANCE = "finance"
    CREDIT_OFFICER = "credit_officer"
    INSURANCE = "insurance"
    WAREHOUSE = "warehouse"
    MANAGER = "manager"
    ADMIN = "admin"


ROLE_TITLES: dict[Role, Text] = {
    Role.CONSULTANT: Text("sales consultant", "销售顾问"),
    Role.INFO_CLERK: Text("information clerk", "信息员"),
    Role.FINANCE: Text("finance", "财务"),
    Role.CREDIT_OFFICER: Text("credit officer", "信贷专员"),
    Role.INSURANCE: Text("insurance specialist", "保险专员"),
    Role.WAREHOUSE: Text("warehouse keeper", "库管"),
    Role.MANAGER: Text("manager", "经理"),
    Role.ADMIN: Text("administrator", "管理员"),
}


def shown_name(display_name: str, *, zh: bool) -> str:
    """A person's name as read. The first administrator is seeded without a person's name
    (services.users.initialise names it by its role, 管理员): it reads as the role's title in
    the reader's language, never Chinese in the English UI."""
    admin = ROLE_TITLES[Role.ADMIN]
    if display_name in (admin.zh, admin.en):
        return admin.zh if zh else admin.en
    return display_name


class Party(StrEnum):
    CUSTOMER = "customer"
    SPOUSE = "spouse"
    NONE = "none"  # a document about the car or the deal, not a person


PARTY_TITLES: dict[Party, Text] = {
    Party.CUSTOMER: Text("customer", "客户"),
    Party.SPOUSE: Text("spouse", "配偶"),
    Party.NONE: Text("", ""),
}


class Condition(StrEnum):
    """When a requirement applies; evaluated by the checklist against the case's facts."""

    ALWAYS = "always"
    MARRIED = "married"


@dataclass(frozen=True)
class DocumentKind:
    id: str
    title: Text
    # Content a person enters beside the image, checked by the checklist.
    content_fields: tuple[str, ...] = ()
    # Who brings it to the case (named in a refusal): the consultant collects the customer's
    # papers; finance issues the invoice, the insurance specialist the policy.
    supplied_by: Role = Role.CONSULTANT


DOCUMENT_KINDS: dict[str, DocumentKind] = {
    k.id: k
    for k in (
        DocumentKind("id_card", Text("ID card (front and back)", "身份证(正反面)"),
                     ("id_number", "valid_until", "issuing_authority")),
        DocumentKind("marriage_certificate", Text("marriage certificate", "结婚证"),
                     ("names", "registered_on")),
        DocumentKind("driver_license", Text("driving licence", "驾驶证")),
        DocumentKind("bank_statement", Text("bank statement", "银行流水"),
                     ("bank", "account_tail", "income")),
        DocumentKind("residence_proof", Text("proof of residence", "居住证明")),
        DocumentKind("income_certificate", Text("income certificate", "收入证明")),
        DocumentKind("household_register", Text("household register", "户口本")),
        DocumentKind("sales_contract_signed", Text("signed sales contract", "销售合同(签字)")),
        DocumentKind("loan_application_signed",
                     Text("signed loan application", "贷款申请表(签字)")),
        DocumentKind("vehicle_invoice", Text("vehicle invoice", "购车发票"),
                     ("vin", "engine_number", "invoice_number", "amount"),
                     supplied_by=Role.FINANCE),
        DocumentKind("insurance_policy", Text("insurance policy", "保险单"),
                     ("insurer", "policy_number", "period_start", "period_end",
                      "first_beneficiary"), supplied_by=Role.INSURANCE),
        DocumentKind("bank_card", Text("bank card", "银行卡")),
        DocumentKind("loan_contract_signed", Text("signed loan contract", "贷款合同(签字)")),
        DocumentKind("conformity_certificate", Text("certificate of conformity", "合格证"),
                     ("vin", "engine_number"), supplied_by=Role.INFO_CLERK),
        DocumentKind("purchase_tax_certificate",
                     Text("purchase-tax certificate", "购置税完税证明")),
        DocumentKind("mortgage_contract", Text("mortgage contract", "抵押合同")),
        DocumentKind("registration_certificate",
                     Text("vehicle registration certificate", "机动车登记证书")),
        DocumentKind("delivery_photo", Text("delivery photo", "交车合影")),
    )
}


@dataclass(frozen=True)
class DocumentRequirement:
    kind: str
    party: Party = Party.NONE
    condition: Condition = Condition.ALWAYS


@dataclass(frozen=True)
class TaskField:
    """A value recorded with a task (an approval's result, a down payment's amount)."""

    name: str
    type: str  # "money", "date", "text", "choice", "plate"
    title: Text
    choices: tuple[str, ...] = ()
    required: bool = True
    zero_allowed: bool = False  # money: 0 is a real figure (nothing left to pay at settlement)
    # A date of something that happened (the mortgage registered on): never after today. A
    # plan (the follow-up visit) leaves it False and may lie ahead.
    past_only: bool = False


# -- prerequisites: what must be true before a task is recorded ------------------------------
# Each is a fact of the case the checklist can test (checklist.task_refusal evaluates them, one
# function for every task) and names who can make it true when it is not.

@dataclass(frozen=True)
class TaskDone:
    """An earlier task recorded; with `field`/`value`, recorded with that value."""

    task: str
    field: str = ""
    value: str = ""
    unmet: Text | None = None  # what a person reads when done with another value


@dataclass(frozen=True)
class DocumentValid:
    """A document of this kind (and party) present, with pages, and passing its checks."""

    kind: str
    party: Party = Party.NONE


@dataclass(frozen=True)
class StepDocuments:
    """Every document the step requires of this case present and valid."""

    step: str


@dataclass(frozen=True)
class StepComplete:
    """Every document and task of the step done."""

    step: str


@dataclass(frozen=True)
class FormIssued:
    """The form issued with its serial (not a draft preview)."""

    form: str
    title: Text
    by: Role


@dataclass(frozen=True)
class CopyReceived:
    """A copy of an issued form confirmed by its recipient (forms/<form>.toml copies)."""

    form: str
    copy: str
    title: Text
    recipient: Role


@dataclass(frozen=True)
class OriginalsOut:
    """These originals checked out of the dealership (custody) for the purpose."""

    kinds: tuple[str, ...]
    purpose: Text
    by: Role = Role.CONSULTANT


@dataclass(frozen=True)
class GateOpen:
    """A hard gate open (GATES): the only kind of prerequisite a manager may override."""

    gate: str


Prerequisite = (TaskDone | DocumentValid | StepDocuments | StepComplete | FormIssued
                | CopyReceived | OriginalsOut | GateOpen)


@dataclass(frozen=True)
class Task:
    id: str
    step: str
    title: Text
    role: Role
    fields: tuple[TaskField, ...] = ()
    # What must be true before this task may be recorded, in the order a person reads it.
    needs: tuple[Prerequisite, ...] = ()

    @property
    def gate(self) -> str | None:
        """The hard gate this task waits for (see GATES), if any."""
        return next((n.gate for n in self.needs if isinstance(n, GateOpen)), None)


@dataclass(frozen=True)
class Step:
    number: int
    id: str
    title: Text
    tasks: tuple[Task, ...]
    documents: tuple[DocumentRequirement, ...] = ()
    forms: tuple[str, ...] = ()
    # Steps that must be done before this one starts; an empty tuple means "any time".
    after: tuple[str, ...] = ()
    # The originals taken out of the dealership in this step (step ⑧: to the vehicle
    # administration for the mortgage), in the seed's order; the workspace shows their
    # custody here and the mortgage packet lists them.
    originals: tuple[str, ...] = ()
    # The originals still out are shown on this step's page (registration and release: a
    # car should not leave while its papers are elsewhere).
    shows_originals_out: bool = False
    # The credit dossier (one PDF of every document for the lender) is made in this step.
    makes_dossier: bool = False


@dataclass(frozen=True)
class Gate:
    """A hard rule of the procedure; only a manager may override it, with a written reason."""

    id: str
    title: Text
    by: Role  # who opens it in the ordinary course (named in the refusal)


GATES: dict[str, Gate] = {
    g.id: g
    for g in (
        Gate("beneficiary_before_disbursement",
             Text("no disbursement without a policy naming the lender as first beneficiary",
                  "保单第一受益人须为贷款机构，方可申请放款"), Role.INSURANCE),
        Gate("mortgage_before_release",
             Text("no warehouse release before the mortgage is registered",
                  "抵押登记完成后，方可出库"), Role.CONSULTANT),
        Gate("release_before_delivery",
             Text("no delivery before the warehouse release", "出库后方可交车"), Role.WAREHOUSE),
    )
}

# A form's copies by their id in forms/*.toml (the colour of the carbonless sheet, or whose
# copy it is), in words for the screen; the paper prints the form's own Chinese label.
COPY_TITLES: dict[str, Text] = {
    "red": Text("red copy", "红联"), "white": Text("white copy", "白联"),
    "green": Text("green copy", "绿联"), "customer": Text("customer's copy", "客户联"),
    "dealership": Text("dealership's copy", "经销商联"), "main": Text("copy", "单据"),
}

APPROVAL_RESULTS = ("approved", "rejected", "more_documents")
APPROVAL_RESULT_TITLES: dict[str, Text] = {
    "approved": Text("approved", "已获批"), "rejected": Text("rejected", "已拒绝"),
    "more_documents": Text("more documents needed", "需补充资料"),
}

# Step ⑧: what goes to the vehicle administration office for the mortgage registration.
MORTGAGE_ORIGINALS = ("insurance_policy", "conformity_certificate", "id_card",
                      "vehicle_invoice", "mortgage_contract")

_APPROVED = TaskDone("credit_decision", "result", "approved",
                     Text("the lender has not approved the loan", "贷款尚未获批"))
_RELEASE_FORM = Text("warehouse-release form (出库单)", "出库单")
_RELEASE_RED = CopyReceived("warehouse_release", "red",
                            Text("red copy of the warehouse-release form", "出库单红联"),
                            Role.INFO_CLERK)
_RELEASE_GREEN = CopyReceived("warehouse_release", "green",
                              Text("green copy of the warehouse-release form", "出库单绿联"),
                              Role.WAREHOUSE)
_ORIGINALS_OUT = OriginalsOut(MORTGAGE_ORIGINALS,
                              Text("for the mortgage registration", "办理抵押登记"))

# What a form needs before it is issued with a serial (a draft preview is always possible).
FORM_PREREQUISITES: dict[str, tuple[Prerequisite, ...]] = {
    "warehouse_release": (GateOpen("mortgage_before_release"),),
    "delivery_confirmation": (GateOpen("release_before_delivery"),),
}


def _money(name: str, en: str, zh: str) -> TaskField:
    return TaskField(name, "money", Text(en, zh))


def _date(name: str, en: str, zh: str, required: bool = False, *,
          past_only: bool = False) -> TaskField:
    return TaskField(name, "date", Text(en, zh), required=required, past_only=past_only)


def _steps() -> tuple[Step, ...]:
    c, s = Party.CUSTOMER, Party.SPOUSE
    R = Role
    D, V = TaskDone, DocumentValid
    return (
        Step(1, "contract", Text("Sales contract", "销售合同"), (
            Task("draft_contract", "contract", Text("Draft the contract and fee details",
                                                    "拟好销售合同与费用明细"), R.CONSULTANT),
            Task("sign_contract", "contract", Text("Both parties sign; red copy to the info "
                                                   "clerk, white to finance, green kept",
                                                   "双方签字；红联交信息员，白联交财务，绿联留存"),
                 R.CONSULTANT, needs=(D("draft_contract"), V("sales_contract_signed", c))),
            Task("draft_accessory_list", "contract", Text("Draft the accessory list",
                                                          "拟好装具清单"), R.CONSULTANT,
                 needs=(D("sign_contract"),)),
        ), (DocumentRequirement("sales_contract_signed", c),),
            ("sales_contract", "fee_details", "accessory_list")),
        Step(2, "documents", Text("Customer documents", "客户资料"), (
            Task("collect_documents", "documents", Text("Collect the customer's documents",
                                                        "收齐客户资料"), R.CONSULTANT,
                 needs=(StepDocuments("documents"),)),
        ), (
            DocumentRequirement("id_card", c),
            DocumentRequirement("id_card", s, Condition.MARRIED),
            DocumentRequirement("marriage_certificate", c, Condition.MARRIED),
            DocumentRequirement("driver_license", c),
            DocumentRequirement("bank_statement", c),
            DocumentRequirement("residence_proof", c),
            DocumentRequirement("income_certificate", c),
            DocumentRequirement("household_register", c),
        ), ("income_certificate",)),
        Step(3, "application", Text("Loan application", "贷款申请"), (
            Task("fill_application", "application", Text("Fill in the loan application",
                                                         "填写贷款申请表"), R.CONSULTANT,
                 needs=(StepComplete("contract"), StepComplete("documents"),
                        V("loan_application_signed", c))),
        ), (DocumentRequirement("loan_application_signed", c),), ("loan_application",),
            ("documents",)),
        Step(4, "credit_review", Text("Credit review", "信贷审批"), (
            Task("upload_dossier", "credit_review", Text("Upload the dossier to the lender",
                                                         "资料上传金融机构"), R.CREDIT_OFFICER,
                 needs=(D("fill_application"),)),
            Task("credit_decision", "credit_review", Text("Record the lender's decision",
                                                          "登记审批结果"), R.CREDIT_OFFICER,
                 (TaskField("result", "choice", Text("result", "结果"), APPROVAL_RESULTS),
                  TaskField("note", "text", Text("note", "备注"), required=False)),
                 needs=(D("fill_application"), D("upload_dossier"))),
        ), (), (), ("application",), makes_dossier=True),
        Step(5, "approval_invoice", Text("Approval and invoice", "审批通过与开票"), (
            Task("down_payment", "approval_invoice", Text("Receive the down payment",
                                                          "收取首付款"), R.FINANCE,
                 (_money("amount", "amount", "金额"),), needs=(_APPROVED,)),
            Task("invoice_notice", "approval_invoice", Text("Send the invoice notice to finance",
                                                            "开票通知交财务"), R.CONSULTANT,
                 needs=(_APPROVED,)),
            Task("invoice", "approval_invoice", Text("Issue the vehicle invoice", "开具发票"),
                 R.FINANCE, (TaskField("number", "text", Text("invoice number", "发票号")),
                             _money("amount", "amount", "金额")),
                 needs=(D("down_payment"), D("invoice_notice"))),
            Task("conformity_application", "approval_invoice",
                 Text("Apply for the certificate of conformity", "合格证申请"), R.INFO_CLERK,
                 needs=(D("invoice"), V("vehicle_invoice"))),
        ), (DocumentRequirement("vehicle_invoice"),),
            ("invoice_notice", "conformity_application"), ("credit_review",)),
        # Insurance runs beside step 5: it needs the approval, not the invoice.
        Step(6, "insurance", Text("Insurance", "保险"), (
            Task("insurance_policy", "insurance",
                 Text("Sell the insurance, lender as first beneficiary",
                      "购买保险，第一受益人为贷款机构"), R.INSURANCE,
                 needs=(_APPROVED, V("insurance_policy"))),
        ), (DocumentRequirement("insurance_policy"),), (), ("credit_review",)),
        Step(7, "disbursement", Text("Disbursement", "放款"), (
            Task("open_bank_card", "disbursement", Text("Customer opens the bank card",
                                                        "客户办理银行卡"), R.CONSULTANT,
                 needs=(_APPROVED, V("bank_card", c))),
            Task("sign_loan_contract", "disbursement",
                 Text("Loan contract signed in three colour copies", "贷款合同三联彩印签字"),
                 R.CONSULTANT, needs=(_APPROVED, V("loan_contract_signed", c))),
            Task("request_disbursement", "disbursement", Text("Request the disbursement",
                                                              "申请放款"), R.CREDIT_OFFICER,
                 needs=(D("open_bank_card"), D("sign_loan_contract"), V("bank_card", c),
                        V("loan_contract_signed", c),
                        GateOpen("beneficiary_before_disbursement"))),
            Task("disbursed", "disbursement", Text("Loan disbursed", "已放款"),
                 R.CREDIT_OFFICER, (_money("amount", "amount", "金额"),),
                 needs=(D("request_disbursement"),
                        GateOpen("beneficiary_before_disbursement"))),
        ), (DocumentRequirement("bank_card", c), DocumentRequirement("loan_contract_signed", c)),
            (), ("approval_invoice", "insurance")),
        # Registration waits for the 合格证 and the invoice; the mortgage for its originals.
        Step(8, "registration", Text("Registration and mortgage", "上牌与抵押"), (
            Task("purchase_tax", "registration", Text("Pay the purchase tax", "缴纳购置税"),
                 R.CONSULTANT, needs=(D("invoice"), V("vehicle_invoice"),
                                      V("conformity_certificate"),
                                      V("purchase_tax_certificate"))),
            Task("plate", "registration", Text("Register the plate", "挂牌"), R.CONSULTANT,
                 (TaskField("plate", "plate", Text("plate number", "车牌号")),),
                 needs=(D("invoice"), V("conformity_certificate"), D("purchase_tax"))),
            Task("mortgage_registered", "registration", Text("Mortgage registered",
                                                             "抵押登记完成"), R.CONSULTANT,
                 (_date("registered_on", "registered on", "登记日期", past_only=True),),
                 needs=(D("invoice"), V("conformity_certificate"), D("plate"), _ORIGINALS_OUT,
                        V("mortgage_contract"), V("registration_certificate"))),
        ), (
            DocumentRequirement("conformity_certificate"),
            DocumentRequirement("purchase_tax_certificate"),
            DocumentRequirement("mortgage_contract"),
            DocumentRequirement("registration_certificate"),
        ), ("mortgage_packet",), ("approval_invoice",),
            originals=MORTGAGE_ORIGINALS, shows_originals_out=True),
        # The seed's order: the 出库单, red copy → info clerk, green → warehouse keeper, then
        # finance settles; the car leaves with both copies received and the deal settled.
        Step(9, "warehouse_release", Text("Warehouse release", "出库"), (
            Task("release_form", "warehouse_release", Text("Fill the warehouse-release form; "
                                                           "red copy to the info clerk, green "
                                                           "to the warehouse keeper",
                                                           "填写出库单；红联交信息员，绿联交库管"),
                 R.CONSULTANT, needs=(GateOpen("mortgage_before_release"),
                                      FormIssued("warehouse_release", _RELEASE_FORM,
                                                 R.CONSULTANT))),
            Task("settlement", "warehouse_release", Text("Settle at finance", "财务结算"),
                 R.FINANCE, (TaskField("total", "money", Text("total", "结算金额"),
                                       zero_allowed=True),
                             TaskField("reason", "text", Text("reason for a different total",
                                                              "金额差异原因"), required=False)),
                 needs=(D("release_form"), _RELEASE_RED, _RELEASE_GREEN)),
            Task("released", "warehouse_release", Text("Car released from the warehouse",
                                                       "车辆出库"), R.WAREHOUSE,
                 needs=(GateOpen("mortgage_before_release"), D("release_form"), _RELEASE_RED,
                        _RELEASE_GREEN, D("settlement"))),
        ), (), ("warehouse_release", "settlement_list"), ("registration",),
            shows_originals_out=True),
        Step(10, "delivery", Text("Delivery", "交车"), (
            Task("delivered", "delivery", Text("Hand over the car, photo together, introduce "
                                               "the service advisor",
                                               "交车、合影、介绍售后顾问"), R.CONSULTANT,
                 (TaskField("service_advisor", "text", Text("service advisor", "售后顾问"),
                            required=False),),
                 needs=(GateOpen("release_before_delivery"), V("delivery_photo"))),
            Task("follow_up_scheduled", "delivery", Text("Schedule the follow-up visit",
                                                         "安排回访"), R.CONSULTANT,
                 (_date("visit_on", "visit on", "回访日期"),), needs=(D("delivered"),)),
        ), (DocumentRequirement("delivery_photo"),), ("delivery_confirmation",),
            ("warehouse_release",)),
    )


STEPS: tuple[Step, ...] = _steps()
STEP_IDS: tuple[str, ...] = tuple(s.id for s in STEPS)
STEPS_BY_ID: dict[str, Step] = {s.id: s for s in STEPS}
TASKS: dict[str, Task] = {t.id: t for s in STEPS for t in s.tasks}
FORM_STEPS: dict[str, str] = {f: s.id for s in STEPS for f in s.forms}
# The step whose originals go to the mortgage registration (⑧), and those originals: the
# custody box, the custody commands and the mortgage packet read them from here.
MORTGAGE_STEP: Step = next(s for s in STEPS if s.originals)
# A finished case, its follow-up visit and its repayments are shown at the last step.
LAST_STEP_ID: str = STEPS[-1].id


def _lookup(table: dict[str, T], key: str, field: str, en: str, zh: str) -> T:
    try:
        return table[key]
    except KeyError:
        raise NotFound(field, f"unknown {en} {key!r}", ", ".join(table),
                       zh=f"没有{zh} {key!r}，可选：{'、'.join(table)}") from None


def step(step_id: str) -> Step:
    return _lookup(STEPS_BY_ID, step_id, "step", "step", "步骤")


def task(task_id: str) -> Task:
    return _lookup(TASKS, task_id, "task", "task", "任务")


def document_kind(kind_id: str) -> DocumentKind:
    return _lookup(DOCUMENT_KINDS, kind_id, "kind", "document kind", "资料类型")


# A hard gate is opened only by the supervising manager, never silently: with a written
# reason of at least this many characters, kept, audited and printed.
OVERRIDE_REASON_MIN = 10


def default_party(kind_id: str) -> Party:
    """Whose a document is when nobody says: the party of its first requirement (the
    customer's ID card; the car's invoice belongs to nobody in particular)."""
    return next((r.party for s in STEPS for r in s.documents if r.kind == kind_id),
                Party.CUSTOMER)


# Who may do what is in permissions.py (the matrix the README prints).


