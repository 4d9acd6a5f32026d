"""The procedure walked over its prerequisite DATA (procedure.Task.needs), pure and fast.

For every task and each one of its prerequisites: a case where everything else is present and
only that one is missing is refused, the refusal names exactly that one (what, and the role who
can supply it, in both languages); and the whole walk in the seed's order (步骤①-⑩) succeeds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta

import pytest

from app.domain.checklist import (
    DocumentFacts,
    Evidence,
    IssuedFormFacts,
    OriginalFacts,
    Override,
    TaskFacts,
    applies,
    evaluate,
    form_refusal,
    task_refusal,
    undo_refusal,
    unmet_prerequisites,
)
from app.domain.errors import InvalidInput, Text
from app.domain.procedure import (
    DOCUMENT_KINDS,
    GATES,
    MORTGAGE_ORIGINALS,
    MORTGAGE_STEP,
    ROLE_TITLES,
    STEPS_BY_ID,
    TASKS,
    CopyReceived,
    DocumentValid,
    FormIssued,
    GateOpen,
    OriginalsOut,
    Party,
    Prerequisite,
    StepComplete,
    StepDocuments,
    TaskDone,
    default_party,
    task,
)
from app.domain.task_values import validate_task_values
from tests.unit.test_checklist import (
    ENGINE,
    LENDER,
    MONTHS,
    TODAY,
    VIN,
    all_documents,
    doc,
    done,
    facts,
    good_policy,
    statement,
)

C, N = Party.CUSTOMER, Party.NONE
RELEASE_COPIES = frozenset({"red", "green"})


@dataclass
class World:
    """A case's facts as the checklist reads them, changed one fact at a time."""

    documents: list[DocumentFacts]
    tasks: dict[str, TaskFacts]
    forms: dict[str, IssuedFormFacts] = field(default_factory=dict)
    originals: list[OriginalFacts] = field(default_factory=list)
    overrides: dict[str, Override] = field(default_factory=dict)

    def copy(self) -> World:
        return World(list(self.documents), dict(self.tasks), dict(self.forms),
                     list(self.originals), dict(self.overrides))

    def evidence(self) -> Evidence:
        return Evidence(self.forms, self.originals)

    def refusal(self, task_id: str) -> Text | None:
        return task_refusal(task(task_id), facts(), self.documents, self.tasks, TODAY,
                            self.overrides, self.evidence())

    def unmet(self, task_id: str) -> list[Prerequisite]:
        return [n for n, _why in unmet_prerequisites(
            task(task_id).needs, facts(), self.documents, self.tasks, TODAY, self.overrides,
            self.evidence())]


def complete_world() -> World:
    """Everything of the ten steps on file: every task done (the loan approved), every
    document valid, the 出库单 issued with both copies received, the five originals out."""
    tasks = done(*TASKS)
    tasks.update(done(credit_decision={"result": "approved"}))
    return World(all_documents(), tasks,
                 {"warehouse_release": IssuedFormFacts("warehouse_release", RELEASE_COPIES)},
                 [OriginalFacts(k, default_party(k)) for k in MORTGAGE_ORIGINALS])


def _without_documents(world: World, kind: str, party: Party) -> None:
    world.documents = [d for d in world.documents
                       if not (d.kind == kind and (party is N or d.party is party))]


@dataclass(frozen=True)
class Removal:
    """One way of making a prerequisite false, and the words its refusal must carry."""

    label: str
    apply: Callable[[World], None]
    names: tuple[Text, ...]


def _role(role: object) -> Text:
    return ROLE_TITLES[role]  # type: ignore[index]


def removals(need: Prerequisite) -> Iterator[Removal]:
    """Every way the test takes `need` away; the names come from the data, not the code."""
    if isinstance(need, TaskDone):
        t = TASKS[need.task]

        def drop(w: World) -> None:
            del w.tasks[need.task]

        yield Removal(f"{need.task} not done", drop, (t.title, _role(t.role)))
        if need.field:
            spec = next(f for f in t.fields if f.name == need.field)
            for other in (c for c in spec.choices if c != need.value):
                def wrong(w: World, other: str = other) -> None:
                    w.tasks.update(done(**{need.task: {need.field: other}}))

                assert need.unmet is not None
                yield Removal(f"{need.task} {other}", wrong, (need.unmet, _role(t.role)))
    elif isinstance(need, DocumentValid):
        kind = DOCUMENT_KINDS[need.kind]

        def drop_doc(w: World) -> None:
            _without_documents(w, need.kind, need.party)

        yield Removal(f"{need.kind} absent", drop_doc, (kind.title, _role(kind.supplied_by)))
    elif isinstance(need, StepDocuments):
        for req in STEPS_BY_ID[need.step].documents:
            if not applies(req, facts()):
                continue
            kind = DOCUMENT_KINDS[req.kind]

            def drop_req(w: World, kind_id: str = req.kind, party: Party = req.party) -> None:
                _without_documents(w, kind_id, party)

            yield Removal(f"{req.kind}/{req.party} absent", drop_req,
                          (kind.title, _role(kind.supplied_by)))
    elif isinstance(need, StepComplete):
        step_ = STEPS_BY_ID[need.step]
        for t in step_.tasks:
            def drop_task(w: World, task_id: str = t.id) -> None:
                del w.tasks[task_id]

            yield Removal(f"{t.id} not done", drop_task,
                          (step_.title, t.title, _role(t.role)))
    elif isinstance(need, FormIssued):
        def unissued(w: World) -> None:
            del w.forms[need.form]

        yield Removal(f"{need.form} not issued", unissued, (need.title, _role(need.by)))
    elif isinstance(need, CopyReceived):
        def unreceived(w: World) -> None:
            issued = w.forms[need.form]
            w.forms[need.form] = replace(
                issued, copies_received=issued.copies_received - {need.copy})

        yield Removal(f"{need.copy} copy not received", unreceived,
                      (need.title, _role(need.recipient)))
    elif isinstance(need, OriginalsOut):
        for kind_id in need.kinds:
            def kept(w: World, kind_id: str = kind_id) -> None:
                w.originals = [o for o in w.originals if o.kind != kind_id]

            yield Removal(f"{kind_id} original not out", kept,
                          (DOCUMENT_KINDS[kind_id].title, _role(need.by)))
    else:
        assert isinstance(need, GateOpen)
        yield Removal(f"gate {need.gate} closed", GATE_CLOSERS[need.gate],
                      (_role(GATES[need.gate].by),
                       Text("a manager may override", "经理可填写理由后放行")))


def _other_beneficiary(w: World) -> None:
    w.documents = [d for d in w.documents if d.kind != "insurance_policy"]
    w.documents.append(good_policy(first_beneficiary="平安银行"))


def _unregistered(w: World) -> None:
    del w.tasks["mortgage_registered"]


def _not_released(w: World) -> None:
    del w.tasks["released"]


GATE_CLOSERS: dict[str, Callable[[World], None]] = {
    "beneficiary_before_disbursement": _other_beneficiary,
    "mortgage_before_release": _unregistered,
    "release_before_delivery": _not_released,
}


def _cases() -> Iterator[tuple[str, int, Removal]]:
    for t in TASKS.values():
        for index, need in enumerate(t.needs):
            for removal in removals(need):
                yield t.id, index, removal


CASES = list(_cases())


def test_every_task_but_the_first_has_prerequisites_and_every_kind_is_used() -> None:
    assert [t.id for t in TASKS.values() if not t.needs] == ["draft_contract"]
    kinds = {type(n) for t in TASKS.values() for n in t.needs}
    assert kinds == {TaskDone, DocumentValid, StepDocuments, StepComplete, FormIssued,
                     CopyReceived, OriginalsOut, GateOpen}
    assert len(CASES) > 70  # the table below is the whole procedure, not a sample


def test_the_complete_world_refuses_nothing() -> None:
    world = complete_world()
    for task_id in TASKS:
        assert world.refusal(task_id) is None, task_id


@pytest.mark.parametrize(("task_id", "index", "removal"), CASES,
                         ids=[f"{t}-{r.label}" for t, _i, r in CASES])
def test_each_prerequisite_missing_is_refused_naming_it(task_id: str, index: int,
                                                         removal: Removal) -> None:
    world = complete_world()
    del world.tasks[task_id]  # the task itself is what is being recorded
    removal.apply(world)
    need = task(task_id).needs[index]
    assert world.unmet(task_id) == [need]  # that one, and nothing else
    refusal = world.refusal(task_id)
    assert refusal is not None
    for name in removal.names:  # what is missing and who can supply it, in both languages
        assert name.en in refusal.en, (name.en, refusal.en)
        assert name.zh in refusal.zh, (name.zh, refusal.zh)


def test_a_managers_override_opens_only_the_gate() -> None:
    for t in TASKS.values():
        gate = t.gate
        if gate is None:
            continue
        world = complete_world()
        del world.tasks[t.id]
        GATE_CLOSERS[gate](world)
        assert world.refusal(t.id) is not None
        world.overrides[gate] = Override(gate, "吴磊", "银行书面同意，经理担保放行")
        assert world.refusal(t.id) is None, t.id
    # ...and nothing else: a task prerequisite is a fact to be made true, not waived.
    world = complete_world()
    del world.tasks["released"]
    del world.tasks["settlement"]
    world.overrides = {g: Override(g, "吴磊", "银行书面同意，经理担保放行") for g in GATES}
    refusal = world.refusal("released")
    assert refusal is not None and "Settle at finance" in refusal.en


# --- the walk in the seed's order ----------------------------------------------------------

def _add(*documents: DocumentFacts) -> Callable[[World], None]:
    def add(w: World) -> None:
        w.documents.extend(documents)
    return add


def _customer_documents(w: World) -> None:
    w.documents += [
        doc("id_card", C, 2, id_number="11010519491231002X", valid_until="2036-01-01"),
        doc("id_card", Party.SPOUSE, 2, id_number="360426199101010071", valid_until="长期"),
        doc("marriage_certificate", C, 1, names="张三 李四"), doc("driver_license"),
        doc("residence_proof"), doc("income_certificate"), doc("household_register"),
        statement({m: "10000" for m in MONTHS})]


def _originals_out(w: World) -> None:
    w.documents.append(doc("mortgage_contract", N))
    w.originals += [OriginalFacts(k, C if k == "id_card" else N) for k in
                    ("insurance_policy", "conformity_certificate", "id_card",
                     "vehicle_invoice", "mortgage_contract")]
    w.documents.append(doc("registration_certificate", N))


def _release_form_issued(w: World) -> None:
    assert form_refusal("warehouse_release", facts(), w.documents, w.tasks, TODAY,
                        w.overrides, w.evidence()) is None
    w.forms["warehouse_release"] = IssuedFormFacts("warehouse_release")


def _copies_received(w: World) -> None:
    w.forms["warehouse_release"] = IssuedFormFacts("warehouse_release", RELEASE_COPIES)


def _nothing(_w: World) -> None:
    return None


# Seed 001 steps ①-⑩, task by task, with what is brought just before each task (written out
# here, not read from the code, so a reordered procedure fails this walk).
WALK: list[tuple[str, Callable[[World], None]]] = [
    ("draft_contract", _nothing),
    ("sign_contract", _add(doc("sales_contract_signed"))),
    ("draft_accessory_list", _nothing),
    ("collect_documents", _customer_documents),
    ("fill_application", _add(doc("loan_application_signed"))),
    ("upload_dossier", _nothing),
    ("credit_decision", _nothing),
    ("down_payment", _nothing),
    ("invoice_notice", _nothing),
    ("invoice", _nothing),
    ("conformity_application", _add(doc("vehicle_invoice", N, vin=VIN, engine_number=ENGINE))),
    ("insurance_policy", _add(good_policy())),
    ("open_bank_card", _add(doc("bank_card"))),
    ("sign_loan_contract", _add(doc("loan_contract_signed"))),
    ("request_disbursement", _nothing),
    ("disbursed", _nothing),
    ("purchase_tax", _add(doc("conformity_certificate", N, vin=VIN, engine_number=ENGINE),
                          doc("purchase_tax_certificate", N))),
    ("plate", _nothing),
    ("mortgage_registered", _originals_out),
    ("release_form", _release_form_issued),
    ("settlement", _copies_received),
    ("released", _nothing),
    ("delivered", _add(doc("delivery_photo", N))),
    ("follow_up_scheduled", _nothing),
]


def test_the_whole_walk_in_seed_order_succeeds() -> None:
    assert sorted(t for t, _ in WALK) == sorted(TASKS)
    world = World([], {})
    assert all(world.refusal(t) is not None for t in TASKS if t != "draft_contract")
    for task_id, bring in WALK:
        before = world.copy()
        bring(world)
        if before.documents != world.documents or before.originals != world.originals \
                or before.forms != world.forms:
            # What was just brought is needed: without it the task is refused.
            assert before.refusal(task_id) is not None, task_id
        assert world.refusal(task_id) is None, (task_id, world.refusal(task_id))
        world.tasks.update(done(task_id))
        if task_id == "credit_decision":
            world.tasks.update(done(credit_decision={"result": "approved"}))
    result = evaluate(facts(), world.documents, world.tasks, TODAY)
    assert result.current_step is None  # all ten steps done


@pytest.mark.parametrize(("position", "task_id"), list(enumerate(t for t, _ in WALK)))
def test_no_task_may_come_before_the_ones_it_rests_on(position: int, task_id: str) -> None:
    """Walked up to (not including) an earlier task it needs: refused."""
    needed = {n.task for n in task(task_id).needs if isinstance(n, TaskDone)}
    earlier = [i for i, (t, _b) in enumerate(WALK[:position]) if t in needed]
    for stop in earlier:
        world = World([], {})
        for walked, bring in WALK[:stop]:
            bring(world)
            world.tasks.update(done(walked))
            if walked == "credit_decision":
                world.tasks.update(done(credit_decision={"result": "approved"}))
        for _t, bring in WALK[stop:position + 1]:  # everything brought, the tasks not done
            bring_safely(bring, world)
        refusal = world.refusal(task_id)
        assert refusal is not None and TASKS[WALK[stop][0]].title.en in refusal.en


def bring_safely(bring: Callable[[World], None], world: World) -> None:
    """Bring what a walk entry brings; the 出库单 is issued even where the gate is shut (a
    manager could have), so only the task order is under test."""
    if bring is _release_form_issued:
        world.forms["warehouse_release"] = IssuedFormFacts("warehouse_release")
    else:
        bring(world)


# --- completed events are not dated in the future ------------------------------------------

def test_a_registration_dated_after_today_is_refused() -> None:
    registered = task("mortgage_registered")
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    with pytest.raises(InvalidInput) as caught:
        validate_task_values(registered, {"registered_on": tomorrow}, TODAY)
    assert caught.value.field == "registered_on"
    assert "future" in caught.value.problem and TODAY.isoformat() in caught.value.expected
    assert "晚于今天" in caught.value.zh
    assert validate_task_values(registered, {"registered_on": TODAY.isoformat()}, TODAY) == {
        "registered_on": TODAY.isoformat()}
    with pytest.raises(InvalidInput):
        validate_task_values(registered, {"registered_on": "2031-05-01"}, TODAY)


def test_a_planned_visit_may_lie_ahead() -> None:
    ahead = (TODAY + timedelta(days=30)).isoformat()
    assert validate_task_values(task("follow_up_scheduled"), {"visit_on": ahead}, TODAY) == {
        "visit_on": ahead}


def test_which_dates_are_events_is_data() -> None:
    flagged = {(t.id, f.name) for t in TASKS.values() for f in t.fields if f.past_only}
    assert flagged == {("mortgage_registered", "registered_on")}
    dates = {(t.id, f.name) for t in TASKS.values() for f in t.fields if f.type == "date"}
    assert dates - flagged == {("follow_up_scheduled", "visit_on")}


def test_the_release_forms_copies_agree_with_the_printed_form() -> None:
    from app.printing.forms import load_forms

    specs = load_forms()
    copies = {n for t in TASKS.values() for n in t.needs if isinstance(n, CopyReceived)}
    assert copies
    for need in copies:
        spec = specs[need.form].copy(need.copy)
        assert spec.recipient_role == need.recipient.value
    issued = {n.form for t in TASKS.values() for n in t.needs if isinstance(n, FormIssued)}
    assert issued <= set(specs)


def test_the_five_originals_of_step_eight_are_tracked_kinds() -> None:
    assert set(MORTGAGE_ORIGINALS) == {"insurance_policy", "conformity_certificate",
                                       "id_card", "vehicle_invoice", "mortgage_contract"}
    assert MORTGAGE_STEP.originals == MORTGAGE_ORIGINALS  # custody tracks these kinds
    assert LENDER  # the policy of the complete world names the case's lender


# --- the prerequisites themselves, pinned to the seed (a change to the data fails here) -------

SEED_PREREQUISITES: dict[str, set[str]] = {
    "draft_contract": set(),
    "sign_contract": {"task draft_contract", "doc sales_contract_signed/customer"},
    "draft_accessory_list": {"task sign_contract"},
    "collect_documents": {"documents of documents"},
    "fill_application": {"step contract", "step documents",
                         "doc loan_application_signed/customer"},
    "upload_dossier": {"task fill_application"},
    "credit_decision": {"task fill_application", "task upload_dossier"},
    "down_payment": {"task credit_decision=approved"},
    "invoice_notice": {"task credit_decision=approved"},
    "invoice": {"task down_payment", "task invoice_notice"},
    "conformity_application": {"task invoice", "doc vehicle_invoice/none"},
    "insurance_policy": {"task credit_decision=approved", "doc insurance_policy/none"},
    "open_bank_card": {"task credit_decision=approved", "doc bank_card/customer"},
    "sign_loan_contract": {"task credit_decision=approved",
                           "doc loan_contract_signed/customer"},
    "request_disbursement": {"task open_bank_card", "task sign_loan_contract",
                             "doc bank_card/customer", "doc loan_contract_signed/customer",
                             "gate beneficiary_before_disbursement"},
    "disbursed": {"task request_disbursement", "gate beneficiary_before_disbursement"},
    "purchase_tax": {"task invoice", "doc vehicle_invoice/none",
                     "doc conformity_certificate/none", "doc purchase_tax_certificate/none"},
    "plate": {"task invoice", "doc conformity_certificate/none", "task purchase_tax"},
    "mortgage_registered": {"task invoice", "doc conformity_certificate/none", "task plate",
                            "originals conformity_certificate,id_card,insurance_policy,"
                            "mortgage_contract,vehicle_invoice",
                            "doc mortgage_contract/none", "doc registration_certificate/none"},
    "release_form": {"gate mortgage_before_release", "form warehouse_release"},
    "settlement": {"task release_form", "copy warehouse_release/red->info_clerk",
                   "copy warehouse_release/green->warehouse"},
    "released": {"gate mortgage_before_release", "task release_form", "task settlement",
                 "copy warehouse_release/red->info_clerk",
                 "copy warehouse_release/green->warehouse"},
    "delivered": {"gate release_before_delivery", "doc delivery_photo/none"},
    "follow_up_scheduled": {"task delivered"},
}


def describe(need: Prerequisite) -> str:
    if isinstance(need, TaskDone):
        return f"task {need.task}" + (f"={need.value}" if need.field else "")
    if isinstance(need, DocumentValid):
        return f"doc {need.kind}/{need.party}"
    if isinstance(need, StepDocuments):
        return f"documents of {need.step}"
    if isinstance(need, StepComplete):
        return f"step {need.step}"
    if isinstance(need, FormIssued):
        return f"form {need.form}"
    if isinstance(need, CopyReceived):
        return f"copy {need.form}/{need.copy}->{need.recipient}"
    if isinstance(need, OriginalsOut):
        return "originals " + ",".join(sorted(need.kinds))
    assert isinstance(need, GateOpen)
    return f"gate {need.gate}"


def test_the_prerequisites_are_the_seeds() -> None:
    actual = {t.id: {describe(n) for n in t.needs} for t in TASKS.values()}
    assert actual == SEED_PREREQUISITES
    for t in TASKS.values():  # none listed twice
        assert len(t.needs) == len(set(t.needs)), t.id


def test_the_forms_prerequisites() -> None:
    from app.domain.procedure import FORM_PREREQUISITES

    assert {f: {describe(n) for n in needs} for f, needs in FORM_PREREQUISITES.items()} == {
        "warehouse_release": {"gate mortgage_before_release"},
        "delivery_confirmation": {"gate release_before_delivery"}}
    world = World([], {})
    for form_id, gate in (("warehouse_release", "mortgage_before_release"),
                          ("delivery_confirmation", "release_before_delivery")):
        refusal = form_refusal(form_id, facts(), [], {}, TODAY)
        assert refusal is not None and ROLE_TITLES[GATES[gate].by].en in refusal.en
        world.overrides[gate] = Override(gate, "吴磊", "银行书面同意，经理担保放行")
        assert form_refusal(form_id, facts(), [], {}, TODAY, world.overrides) is None
    assert form_refusal("fee_details", facts(), [], {}, TODAY) is None


@pytest.mark.parametrize("task_id", sorted(TASKS))
def test_undo_waits_for_every_task_resting_on_it(task_id: str) -> None:
    resting = [t for t in TASKS.values()
               if any(isinstance(n, TaskDone) and n.task == task_id for n in t.needs)]
    assert undo_refusal(task_id, []) is None
    assert undo_refusal(task_id, [task_id]) is None  # itself is no reason
    for later in resting:
        refusal = undo_refusal(task_id, iter([task_id, later.id]))  # read once, as a query
        assert refusal is not None
        assert later.title.en in refusal.en and later.title.zh in refusal.zh
