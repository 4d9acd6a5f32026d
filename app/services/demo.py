"""Realistic demo data: staff, lenders and cases spread over all ten steps.

`fill_demo` goes through the real services (validation, documents pipeline, checklist, audit),
so a demo database is exactly what daily use would produce. `bulk_seed` writes many cases at
once for the benchmarks: realistic facts, a random step, a generic line of open items, and no
tasks or documents (those would only slow the seeding, not the list or the search).
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal
from functools import cache
from time import monotonic
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import insert, select

from app.documents.imaging import ImportedFile, import_file
from app.domain.checklist import statement_months
from app.domain.permissions import Action
from app.domain.procedure import MORTGAGE_ORIGINALS, STEPS, Role, document_kind
from app.domain.validators import vin_check_digit
from app.services import cases as case_service
from app.services import custody as custody_service
from app.services import documents as doc_service
from app.services import forms as form_service
from app.services import tasks as task_service
from app.services.common import acting_user, now, require, today
from app.services.lenders import DEFAULTS
from app.services.passwords import hash_password
from app.services.queue_store import refresh_stale_queue, store_new_cases
from app.services.settings import DEFAULTS as SETTING_DEFAULTS
from app.services.settings import get_settings, set_setting
from app.services.settlement import settlement_of
from app.store.db import Database
from app.store.models import CLOCK, Case, Lender, User

STAFF: tuple[tuple[str, str, Role, str], ...] = (
    ("wang.fang", "王芳", Role.CONSULTANT, "13800138001"),
    ("li.qiang", "李强", Role.CONSULTANT, "13800138002"),
    ("zhang.wei", "张伟", Role.CONSULTANT, "13800138003"),
    ("zhao.min", "赵敏", Role.INFO_CLERK, "13800138004"),
    ("chen.jing", "陈静", Role.FINANCE, "13800138005"),
    ("liu.yang", "刘洋", Role.CREDIT_OFFICER, "13800138006"),
    ("sun.li", "孙丽", Role.INSURANCE, "13800138007"),
    ("zhou.gang", "周刚", Role.WAREHOUSE, "13800138008"),
    ("wu.lei", "吴磊", Role.MANAGER, "13800138009"),
)


@dataclass(frozen=True)
class DemoLender:
    """A lender as a dealership knows it: what it finances, at what rates, how fast."""

    name: str
    brands: tuple[str, ...]  # () = a bank: any brand; a captive finance company: its own
    rates: tuple[str, ...]  # annual rates it offers
    max_ltv: Decimal
    max_term: int
    income_multiple: Decimal
    review_days: tuple[float, float]  # application to decision
    funding_days: tuple[float, float]  # contract signed to payout, beyond the review


DEMO_LENDERS: tuple[DemoLender, ...] = (
    DemoLender("中国工商银行", (), ("0.0450", "0.0475", "0.0499"), Decimal("0.80"), 60,
               Decimal("2"), (2, 5), (4, 9)),
    DemoLender("中国建设银行", (), ("0.0420", "0.0450"), Decimal("0.75"), 60, Decimal("2"),
               (3, 7), (5, 12)),
    DemoLender("平安银行", (), ("0.0560", "0.0620", "0.0690"), Decimal("0.80"), 48,
               Decimal("2"), (0.5, 2), (1, 4)),
    DemoLender("宝马汽车金融", ("宝马", "MINI"), ("0.0299", "0.0368", "0.0399"),
               Decimal("0.80"), 60, Decimal("2"), (1, 3), (2, 5)),
    DemoLender("丰田汽车金融", ("丰田", "雷克萨斯"), ("0.0199", "0.0288", "0.0350"),
               Decimal("0.70"), 60, Decimal("2"), (1, 3), (2, 6)),
)
LENDERS = tuple(lender.name for lender in DEMO_LENDERS)
LENDERS_BY_NAME = {lender.name: lender for lender in DEMO_LENDERS}
# The demo dealership's letterhead: printed on every form.
DEALERSHIP = {
    "dealership.name": "北京博远汽车销售服务有限公司",
    "dealership.address": "北京市朝阳区东四环中路 88 号 博远汽车城 A 座",
    "dealership.phone": "010-8457 6600",
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋"
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明",
         "超", "秀英", "华", "慧", "建国", "志强", "晓东", "雪梅", "海燕", "子涵", "浩然", "欣怡")
# County codes (GB/T 2260) that python-stdnum knows for every birth year from 1966 on.
AREAS = ("110101", "110102", "110105", "110108", "310101", "310104", "310110", "120101",
         "120103")
# Brand, model, new energy, VIN prefix (the maker's WMI), guide price range in yuan.
CARS: tuple[tuple[str, str, bool, str, int, int], ...] = (
    ("大众", "帕萨特 2026款 380TSI", False, "LSVAU2180N2", 189_900, 239_900),
    ("丰田", "凯美瑞 2026款 2.5HQ", False, "LVGBE40K9P", 199_800, 229_800),
    ("丰田", "RAV4荣放 2026款 2.0L", False, "LFMAP86C0P", 179_800, 219_800),
    ("本田", "雅阁 2026款 260TURBO", False, "LHGCV1658P", 169_800, 209_800),
    ("比亚迪", "汉 EV 2026款 冠军版", True, "LGXCE4CB8P", 189_800, 249_800),
    ("宝马", "3系 2026款 325Li M运动", False, "LBV5S3101P", 299_900, 349_900),
    ("宝马", "X3 2026款 xDrive30L", False, "LBV3V9101P", 399_900, 459_900),
    ("别克", "GL8 2026款 ES陆尊", False, "LSGUD8452P", 299_900, 349_900),
    ("特斯拉", "Model Y 2026款 长续航", True, "LRWYGCEK3P", 289_900, 319_900),
    ("吉利", "星越L 2026款 2.0TD", False, "L6T7944Z5P", 139_700, 179_700),
)
COLOURS = ("珍珠白", "曜石黑", "星光银", "极地蓝", "宝石红", "深空灰")
PLATE_AREAS = ("京A", "京N", "沪B", "粤A", "浙A", "苏A", "川A", "鄂A")


def resident_id(rng: random.Random) -> str:
    born = today() - timedelta(days=rng.randint(22 * 365, 58 * 365))
    body = f"{rng.choice(AREAS)}{born:%Y%m%d}{rng.randint(1, 998):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def vin(rng: random.Random, prefix: str) -> str:
    tail = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(2)) + \
        f"{rng.randint(0, 999999):06d}"
    draft = (prefix[:8] + "0" + prefix[9:11] + tail)[:17]
    return draft[:8] + vin_check_digit(draft) + draft[9:]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}"


def finances(lender: DemoLender, brand: str) -> bool:
    """A bank finances any brand; a carmaker's finance company only its own."""
    return not lender.brands or brand in lender.brands


def case_json(rng: random.Random, lender: str) -> dict[str, Any]:
    married = rng.random() < 0.6
    terms = LENDERS_BY_NAME.get(lender, DEMO_LENDERS[0])
    brand, model, new_energy, vin_prefix, low, high = rng.choice(
        [car for car in CARS if finances(terms, car[0])] or CARS)
    price = Decimal(rng.randrange(low, high + 1, 100))
    ratio = Decimal(rng.choice([r for r in ("0.50", "0.60", "0.70", "0.80")
                                if Decimal(r) <= terms.max_ltv]))
    amount = (price * ratio / 1000).quantize(Decimal("1"), rounding=ROUND_DOWN) * 1000
    data: dict[str, Any] = {
        "customer": {"name": person(rng), "id_number": resident_id(rng), "phone": phone(rng),
                     "marital_status": "married" if married else rng.choice(
                         ("single", "single", "divorced")),
                     "address": f"{rng.choice(('北京市朝阳区', '上海市徐汇区', '广州市天河区'))}"
                                f"{rng.randint(1, 300)}号", "employer": "某某科技有限公司"},
        "vehicle": {"brand": brand, "model": model, "vin": vin(rng, vin_prefix),
                    "engine_number": f"E{rng.randint(10**7, 10**8 - 1)}",
                    "color": rng.choice(COLOURS), "price": str(price), "new_energy": new_energy,
                    "warehouse": "一号库"},
        "loan": {"lender": lender, "amount": str(amount), "down_payment": str(price - amount),
                 "term_months": rng.choice([t for t in (12, 24, 36, 36, 48, 60)
                                            if t <= terms.max_term]),
                 "annual_rate": rng.choice(terms.rates),
                 "method": rng.choice(("equal_installment", "equal_installment",
                                       "equal_principal")),
                 "fees": str(rng.choice((0, 1500, 3000)))},
        "accessories": [{"name": n, "quantity": "1", "unit_price": p, "amount": p}
                        for n, p in rng.sample((("脚垫", "600.00"), ("行车记录仪", "980.00"),
                                                ("贴膜", "2800.00"), ("座套", "1200.00"),
                                                ("后备箱垫", "300.00")), 3)],
        "fee_items": [{"item": "上牌服务费", "amount": "800.00"},
                      {"item": "金融服务费", "amount": "1500.00", "loan_cost": True}],
    }
    if married:
        data["spouse"] = {"name": person(rng), "id_number": resident_id(rng),
                          "phone": phone(rng)}
    return data


SAMPLE_MARK = "样例 SAMPLE"


@cache
def _mark_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        from app.printing.fonts import find_cjk_font_file

        font = find_cjk_font_file()
        return ImageFont.truetype(str(font.path), size, index=font.subfont_index)
    except Exception:  # no Chinese font on this machine: the English word still marks it
        return ImageFont.load_default(size)


def page_image(title: str, subtitle: str) -> bytes:
    """A stand-in photo of a paper document, unique per case so dedup does not merge them,
    marked 样例 SAMPLE across the page so nobody takes it for a customer's paper."""
    image = Image.new("RGB", (1400, 990), (247, 245, 238))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 1360, 950), outline=(90, 90, 90), width=6)
    draw.text((90, 100), f"{title}\n{subtitle}", fill=(20, 20, 20), font=_mark_font(56))
    for y in range(300, 900, 48):
        draw.line((90, y, 1310, y), fill=(160, 160, 160), width=3)
    mark = Image.new("L", image.size, 0)
    ImageDraw.Draw(mark).text((700, 560), SAMPLE_MARK, fill=110, font=_mark_font(170),
                              anchor="mm")
    image.paste((200, 30, 30), (0, 0), mark.rotate(18, center=(700, 560)))
    draw.text((1320, 70), SAMPLE_MARK, fill=(200, 30, 30), font=_mark_font(44), anchor="ra")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


@dataclass
class _Advance:
    db: Database
    number: str
    data: dict[str, Any]
    staff: dict[Role, str]
    statements_also: date = field(default_factory=today)

    def doc(self, kind: str, party: str | None = None, content: dict[str, Any] | None = None
            ) -> None:
        title = document_kind(kind).title
        files: list[ImportedFile] = [import_file(
            f"{kind}.jpg", page_image(f"{title.zh} {title.en}", f"{self.number} {party or ''}"))]
        actor = self.staff[Role.CONSULTANT]
        doc_service.add_document(self.db, actor, self.number, kind, files, party=party,
                                 content=content)

    def task(self, task_id: str, role: Role, **values: str) -> None:
        task_service.complete_task(self.db, self.staff[role], self.number, task_id,
                                   values=values)

    def step(self, step_id: str) -> None:
        getattr(self, f"_{step_id}")()

    def _contract(self) -> None:
        self.task("draft_contract", Role.CONSULTANT)
        self.doc("sales_contract_signed", "customer")
        self.task("sign_contract", Role.CONSULTANT)
        self.task("draft_accessory_list", Role.CONSULTANT)

    def _documents(self) -> None:
        c = self.data["customer"]
        self.doc("id_card", "customer", {"id_number": c["id_number"],
                                         "valid_until": "2036-01-01"})
        if "spouse" in self.data:
            self.doc("id_card", "spouse", {"id_number": self.data["spouse"]["id_number"],
                                           "valid_until": "长期"})
            self.doc("marriage_certificate", "customer", {
                "names": f"{c['name']} {self.data['spouse']['name']}",
                "registered_on": "2015-05-20"})
        for kind in ("driver_license", "residence_proof", "income_certificate",
                     "household_register"):
            self.doc(kind, "customer")
        # Comfortably above the lenders' rule of twice the monthly payment.
        monthly = Decimal(self.data["loan"]["amount"]) / self.data["loan"]["term_months"]
        salary = format((monthly * 3 + 5000).quantize(Decimal("1")), "f")
        # The six months before the application, and (a demo written months back) the six
        # before the real today, so the checklist read today still finds them.
        months = {*statement_months(today()), *statement_months(self.statements_also)}
        income = {m: salary for m in sorted(months)}
        self.doc("bank_statement", "customer", {"bank": "中国银行", "account_tail": "6688",
                                                "income": income})
        self.task("collect_documents", Role.CONSULTANT)

    def _application(self) -> None:
        self.doc("loan_application_signed", "customer")
        self.task("fill_application", Role.CONSULTANT)

    def _credit_review(self) -> None:
        self.task("upload_dossier", Role.CREDIT_OFFICER)
        self.task("credit_decision", Role.CREDIT_OFFICER, result="approved")

    def _approval_invoice(self) -> None:
        v, loan = self.data["vehicle"], self.data["loan"]
        self.task("down_payment", Role.FINANCE, amount=loan["down_payment"])
        self.task("invoice_notice", Role.CONSULTANT)
        self.task("invoice", Role.FINANCE, number=f"2644{self.number[-6:]}00",
                  amount=v["price"])
        self.doc("vehicle_invoice", None, {"vin": v["vin"], "engine_number": v["engine_number"],
                                           "invoice_number": f"2644{self.number[-6:]}00",
                                           "amount": v["price"]})
        self.task("conformity_application", Role.INFO_CLERK)

    def _insurance(self) -> None:
        start = today()
        self.doc("insurance_policy", None, {
            "insurer": "中国人民财产保险", "policy_number": f"PDAA2026{self.number[-6:]}",
            "period_start": start.isoformat(),
            "period_end": (start + timedelta(days=365)).isoformat(),
            "first_beneficiary": self.data["loan"]["lender"]})
        self.task("insurance_policy", Role.INSURANCE)

    def _disbursement(self) -> None:
        self.doc("bank_card", "customer")
        self.doc("loan_contract_signed", "customer")
        self.task("open_bank_card", Role.CONSULTANT)
        self.task("sign_loan_contract", Role.CONSULTANT)
        self.task("request_disbursement", Role.CREDIT_OFFICER)
        self.task("disbursed", Role.CREDIT_OFFICER, amount=self.data["loan"]["amount"])

    def _registration(self) -> None:
        v = self.data["vehicle"]
        self.doc("conformity_certificate", None, {"vin": v["vin"],
                                                  "engine_number": v["engine_number"]})
        self.doc("purchase_tax_certificate")
        self.task("purchase_tax", Role.CONSULTANT)
        self.task("plate", Role.CONSULTANT, plate=self.data["plate"])
        self.doc("mortgage_contract")
        # The five originals go to the vehicle administration office and come back with the
        # registration certificate showing the mortgage.
        consultant = self.staff[Role.CONSULTANT]
        for kind in MORTGAGE_ORIGINALS:
            custody_service.check_out(self.db, consultant, self.number, kind, to="车管所",
                                      purpose="抵押登记")
        self.doc("registration_certificate")
        for kind in MORTGAGE_ORIGINALS:
            custody_service.check_in(self.db, consultant, self.number, kind)
        self.task("mortgage_registered", Role.CONSULTANT, registered_on=today().isoformat())

    def _warehouse_release(self) -> None:
        # Seed step ⑨: the 出库单, red copy to the info clerk, green to the warehouse keeper,
        # then finance settles and the car leaves.
        issued = form_service.issue_form(self.db, self.staff[Role.CONSULTANT], self.number,
                                         "warehouse_release")
        self.task("release_form", Role.CONSULTANT)
        form_service.confirm_receipt(self.db, self.staff[Role.INFO_CLERK], issued.serial, "red")
        form_service.confirm_receipt(self.db, self.staff[Role.WAREHOUSE], issued.serial,
                                     "green")
        self.task("settlement", Role.FINANCE, total=str(settlement_of(
            self.db, self.staff[Role.FINANCE], self.number).total))
        self.task("released", Role.WAREHOUSE)

    def _delivery(self) -> None:
        self.doc("delivery_photo")
        self.task("delivered", Role.CONSULTANT, service_advisor="郑师傅")
        self.task("follow_up_scheduled", Role.CONSULTANT,
                  visit_on=(today() + timedelta(days=VISIT_AFTER_DAYS)).isoformat())


def ensure_staff(db: Database, password: str | None = None, *,
                 password_hash: str | None = None) -> dict[Role, list[str]]:
    """The demo dealership's people and lenders (added once), all signing in with
    `password` (without one they cannot sign in until an administrator sets one)."""
    hashed = password_hash or (hash_password(password) if password is not None else None)
    with db.transaction() as session:
        existing = set(session.scalars(select(User.name)))
        for name, display, role, tel in STAFF:
            if name not in existing:
                session.add(User(name=name, display_name=display, role=role.value, phone=tel,
                                 password_hash=hashed))
        lenders = set(session.scalars(select(Lender.name)))
        for lender in DEMO_LENDERS:
            if lender.name not in lenders:
                session.add(Lender(
                    name=lender.name, max_ltv_self_use=lender.max_ltv,
                    max_ltv_self_use_new_energy=min(lender.max_ltv + Decimal("0.05"),
                                                    DEFAULTS.max_ltv_self_use_new_energy),
                    max_ltv_commercial=DEFAULTS.max_ltv_commercial,
                    max_ltv_commercial_new_energy=DEFAULTS.max_ltv_commercial_new_energy,
                    max_ltv_used=DEFAULTS.max_ltv_used, max_term_months=lender.max_term,
                    max_term_months_used=DEFAULTS.max_term_months_used,
                    income_multiple=lender.income_multiple,
                    income_multiple_self_employed=DEFAULTS.income_multiple_self_employed))
    staff: dict[Role, list[str]] = {}
    for name, _display, role, _tel in STAFF:
        staff.setdefault(role, []).append(name)
    return staff


def run_demo(db: Database, actor: str, cases: int, *, staff_password: str,
             progress: Callable[[int, int], None] | None = None) -> list[str]:
    """`loandesk demo`: an administrator fills the database with the demo dealership."""
    with db.reading() as session:
        require(acting_user(session, actor), Action.DEMO)
    ensure_staff(db, staff_password)
    return fill_demo(db, cases, progress=progress)


# Days a step takes at a real desk (from the step before it); the lender's own review and
# funding times replace credit_review's and disbursement's.
STEP_DAYS: dict[str, tuple[float, float]] = {
    "contract": (0.05, 0.3), "documents": (1, 6), "application": (0.2, 2),
    "approval_invoice": (1, 4), "insurance": (0.1, 1.5), "registration": (4, 12),
    "warehouse_release": (0.5, 3), "delivery": (0.1, 2),
}
OPEN_WAIT_DAYS = (0.2, 21)  # how long an open case has sat in its step: some are stuck
DELIVERED_DAYS_AGO = (3, 170)  # delivered cases, spread over the last months
OPENING_HOUR, CLOSING_HOUR = 9, 18
DEMO_MINUTES_PER_SECOND = 10  # inside one step, the demo's clock runs this much faster


def _clock_from(moment: datetime) -> Callable[[], datetime]:
    """A clock starting at `moment`: the tasks of one step follow each other by minutes."""
    started = monotonic()
    return lambda: moment + timedelta(minutes=(monotonic() - started)
                                      * DEMO_MINUTES_PER_SECOND)


def _working_hours(moment: datetime) -> datetime:
    """The same day at an hour the showroom is open (a time after hours folds into them)."""
    local = moment.astimezone()
    hours = CLOSING_HOUR - OPENING_HOUR
    if not OPENING_HOUR <= local.hour < CLOSING_HOUR:
        local = local.replace(hour=OPENING_HOUR + local.hour % hours)
    return local.astimezone(UTC)


def _in_order(times: list[datetime], at: datetime) -> list[datetime]:
    """Each moment after the one before it, and the last well before `at`."""
    ordered = [times[0]]
    for moment in times[1:]:
        ordered.append(max(moment, ordered[-1] + timedelta(minutes=20)))
    late = ordered[-1] - (at - timedelta(hours=1))
    return [t - late for t in ordered] if late > timedelta() else ordered


@dataclass
class _Plan:
    """One demo case: its facts, and when each of its steps was done."""

    index: int
    consultant: str
    data: dict[str, Any]
    lender: DemoLender
    steps: int
    times: list[datetime]  # [opened, end of step 1, end of step 2, ...]
    partial_at: datetime
    advance: _Advance | None = None


def _plan(rng: random.Random, index: int, consultant: str, lender: DemoLender,
          at: datetime) -> _Plan:
    steps = index % (len(STEPS) + 1)
    data = case_json(rng, lender.name)
    spans = []
    for step_ in STEPS[:steps]:
        low, high = (lender.review_days if step_.id == "credit_review"
                     else lender.funding_days if step_.id == "disbursement"
                     else STEP_DAYS[step_.id])
        spans.append(timedelta(days=rng.uniform(low, high)))
    wait = DELIVERED_DAYS_AGO if steps == len(STEPS) else OPEN_WAIT_DAYS
    end = at - timedelta(days=rng.uniform(*wait))
    times = [end - sum(spans, timedelta())]
    for span in spans:
        times.append(times[-1] + span)
    times = _in_order([_working_hours(t) for t in times], at)
    partial = _working_hours(times[-1] + (at - times[-1]) * rng.uniform(0.2, 0.6))
    partial = min(max(partial, times[-1] + timedelta(minutes=20)), at)
    return _Plan(index, consultant, data, lender, steps, times, partial)


def _partial(plan: _Plan, advance: _Advance) -> None:
    """Part of the step a case is in: the work that is someone's to do right now (the copies
    of an issued form on their way, an invoice waiting for its 合格证 application)."""
    # The first cases (a GUI test's eleven) leave the most roles something to do.
    round_ = plan.index // (len(STEPS) + 1) + 1
    stage = (round_ * 3) % 4
    current = STEPS[plan.steps].id if plan.steps < len(STEPS) else None
    if current == "documents":  # the contract's copies go round the office
        form_service.issue_form(advance.db, advance.staff[Role.CONSULTANT], advance.number,
                                "sales_contract")
    elif current == "approval_invoice" and round_ % 2:
        v, loan = advance.data["vehicle"], advance.data["loan"]
        advance.task("down_payment", Role.FINANCE, amount=loan["down_payment"])
        advance.task("invoice_notice", Role.CONSULTANT)
        advance.task("invoice", Role.FINANCE, number=f"2644{advance.number[-6:]}00",
                     amount=v["price"])
        advance.doc("vehicle_invoice", None, {
            "vin": v["vin"], "engine_number": v["engine_number"],
            "invoice_number": f"2644{advance.number[-6:]}00", "amount": v["price"]})
    elif current == "warehouse_release" and stage:
        consultant = advance.staff[Role.CONSULTANT]
        issued = form_service.issue_form(advance.db, consultant, advance.number,
                                         "warehouse_release")
        advance.task("release_form", Role.CONSULTANT)
        if stage >= 2:
            for copy_id, role in (("red", Role.INFO_CLERK), ("green", Role.WAREHOUSE)):
                form_service.confirm_receipt(advance.db, advance.staff[role], issued.serial,
                                             copy_id)
        if stage >= 3:
            advance.task("settlement", Role.FINANCE, total=str(settlement_of(
                advance.db, advance.staff[Role.FINANCE], advance.number).total))


VISIT_AFTER_DAYS = 3  # the demo's follow-up visit, agreed at delivery (task follow_up_scheduled)


def _visit_at(plan: _Plan, at: datetime) -> datetime | None:
    """When a delivered case's visit was made: on its day, if that is well behind us."""
    if plan.steps < len(STEPS):
        return None
    delivered = plan.times[-1].astimezone()
    due = datetime.combine(delivered.date() + timedelta(days=VISIT_AFTER_DAYS), time(10),
                           delivered.tzinfo)
    return due.astimezone(UTC) if due < at - timedelta(days=2) else None


def _visit_made(plan: _Plan, advance: _Advance) -> None:
    from app.services.follow_up import record_visit

    record_visit(advance.db, advance.staff[Role.CONSULTANT], advance.number,
                 result="客户对车辆和服务满意", review_given=plan.index % 3 != 0)


def _dealership_profile(db: Database, manager: str) -> None:
    """The demo dealership's letterhead, where nobody has written one yet."""
    current = get_settings(db)
    for key, value in DEALERSHIP.items():
        if current.get(key, "") in ("", SETTING_DEFAULTS.get(key, "")):
            set_setting(db, manager, key, value)


def fill_demo(db: Database, cases: int = 40, *, seed: int = 2026,
              progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Add `cases` cases, the i-th advanced through i mod 11 steps (the last ones delivered).

    Each case's history is written at the moments it happened, spread over the months
    behind it (the lender's own review and funding times, some cases stuck in their step),
    through the same services and the same audit chain as daily use, with the clock set
    (app.store.models.CLOCK); the events of all cases run in time order."""
    rng = random.Random(seed)
    staff = ensure_staff(db)
    at = now()
    consultants = staff[Role.CONSULTANT]
    plans = []
    for i in range(cases):
        car_lenders = DEMO_LENDERS[i % len(DEMO_LENDERS)]
        plans.append(_plan(rng, i, consultants[i % len(consultants)], car_lenders, at))
    if plans:  # the letterhead is there before the first customer walks in
        token = CLOCK.set(_clock_from(min(p.times[0] for p in plans) - timedelta(days=1)))
        try:
            _dealership_profile(db, staff[Role.MANAGER][0])
        finally:
            CLOCK.reset(token)
    else:
        _dealership_profile(db, staff[Role.MANAGER][0])
    # (moment, order, plan, what): what = -1 opens the case, k ≥ 0 does step k, None the
    # partial work of the step it is in.
    events: list[tuple[datetime, int, _Plan, int | None]] = []
    for plan in plans:
        events.append((plan.times[0], len(events), plan, -1))
        events += [(plan.times[k + 1], len(events), plan, k) for k in range(plan.steps)]
        events.append((plan.partial_at, len(events), plan, None))
        visit = _visit_at(plan, at)
        if visit is not None:
            events.append((visit, len(events), plan, -2))
    events.sort(key=lambda e: (e[0], e[1]))
    numbers: dict[int, str] = {}
    done = 0
    for moment, _order, plan, what in events:
        token = CLOCK.set(_clock_from(moment))
        try:
            if what == -1:
                number = case_service.create_case(db, plan.consultant, plan.data)
                numbers[plan.index] = number
                plan.data["plate"] = f"{rng.choice(PLATE_AREAS)}{rng.randint(10000, 99999)}"
                if plan.data["vehicle"]["new_energy"]:
                    plan.data["plate"] = f"{plan.data['plate'][:2]}D{rng.randint(10000, 99999)}"
                who = {role: names[0] for role, names in staff.items()}
                who[Role.CONSULTANT] = plan.consultant
                plan.advance = _Advance(db, number, plan.data, who, at.astimezone().date())
                continue
            assert plan.advance is not None
            if what == -2:
                _visit_made(plan, plan.advance)
                continue
            if what is not None:
                plan.advance.step(STEPS[what].id)
                continue
            _partial(plan, plan.advance)
        finally:
            CLOCK.reset(token)
        done += 1
        if progress is not None:
            progress(done, cases)
    # Each write worked its case's queue out on the day it happened: today's, once more.
    refresh_stale_queue(db)
    return sorted(numbers.values())


def bulk_seed(db: Database, cases: int, *, seed: int = 7, batch: int = 5000,
              progress: Callable[[int, int], None] | None = None) -> None:
    """Many cases fast (Core inserts), for the benchmarks; no tasks or documents. Their
    stored queue is worked out in bulk, as the services would."""
    rng = random.Random(seed)
    ensure_staff(db)
    with db.reading() as session:
        consultants = list(session.scalars(select(User.id).where(
            User.role == Role.CONSULTANT.value)))
        lenders = list(session.scalars(select(Lender.id)))
    steps = [s.id for s in STEPS] + ["done"]
    year = now().year
    with db.transaction() as session:
        start = case_service.next_serial(session, f"case-{year}", cases)
    rows = []
    for i in range(cases):
        data = case_json(rng, "")
        c, v, loan = data["customer"], data["vehicle"], data["loan"]
        step = rng.choice(steps)
        rows.append({
            "number": f"LD{year}-{start + i:06d}", "consultant_id": rng.choice(consultants),
            "lender_id": rng.choice(lenders), "customer_name": c["name"],
            "customer_id_number": c["id_number"], "customer_id_rev": c["id_number"][::-1],
            "customer_phone": c["phone"], "customer_phone_rev": c["phone"][::-1],
            "marital_status": c["marital_status"], "vehicle_brand": v["brand"],
            "vehicle_model": v["model"], "vin": v["vin"], "vin_rev": v["vin"][::-1],
            "engine_number": v["engine_number"], "color": v["color"],
            "price": Decimal(v["price"]), "new_energy": v["new_energy"],
            "loan_amount": Decimal(loan["amount"]), "down_payment": Decimal(loan["down_payment"]),
            "term_months": loan["term_months"], "annual_rate": Decimal(loan["annual_rate"]),
            "method": loan["method"], "fees": Decimal(loan["fees"]), "current_step": step,
            "step_since": now() - timedelta(days=rng.randint(0, 40)),
            "missing_count": 0 if step == "done" else rng.randint(1, 8),
            "missing_summary": "" if step == "done" else "documents outstanding",
            "missing_summary_zh": "" if step == "done" else "资料未齐",
            "status": "done" if step == "done" else "open",
            "created_at": now(), "updated_at": now(), "version": 1,
            "accessories": [], "fee_items": [],
        })
        if len(rows) == batch or i == cases - 1:
            with db.transaction() as session:
                session.execute(insert(Case), rows)
                # Their stored queue, worked out as every write does (app.services.queue_store).
                store_new_cases(session, session.scalars(select(Case.id).where(
                    Case.number.in_([r["number"] for r in rows]))))
            rows = []
            if progress is not None:
                progress(i + 1, cases)
