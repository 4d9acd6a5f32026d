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
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy import insert, select

from app.documents.imaging import ImportedFile, import_file
from app.domain.checklist import statement_months
from app.domain.permissions import Action
from app.domain.procedure import MORTGAGE_ORIGINALS, STEPS, Role
from app.domain.validators import vin_check_digit
from app.services import cases as case_service
from app.services import custody as custody_service
from app.services import documents as doc_service
from app.services import forms as form_service
from app.services import tasks as task_service
from app.services.common import acting_user, now, require, today
from app.services.lenders import DEFAULTS
from app.services.passwords import hash_password
from app.services.settlement import settlement_of
from app.store.db import Database
from app.store.models import Case, Lender, User

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
LENDERS = ("中国工商银行", "中国建设银行", "上汽通用汽车金融", "宝马汽车金融", "平安银行")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋"
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明",
         "超", "秀英", "华", "慧", "建国", "志强", "晓东", "雪梅", "海燕", "子涵", "浩然", "欣怡")
# County codes (GB/T 2260) that python-stdnum knows for every birth year from 1966 on.
AREAS = ("110101", "110102", "110105", "110108", "310101", "310104", "310110", "120101",
         "120103")
CARS = (("大众", "帕萨特 2026款 380TSI", False, "LSVAU2180N2"),
        ("丰田", "凯美瑞 2026款 2.5HQ", False, "LVGBE40K9P"),
        ("本田", "雅阁 2026款 260TURBO", False, "LHGCV1658P"),
        ("比亚迪", "汉 EV 2026款 冠军版", True, "LGXCE4CB8P"),
        ("宝马", "3系 2026款 325Li M运动", False, "LBV5S3101P"),
        ("别克", "GL8 2026款 ES陆尊", False, "LSGUD8452P"),
        ("特斯拉", "Model Y 2026款 长续航", True, "LRWYGCEK3P"),
        ("吉利", "星越L 2026款 2.0TD", False, "L6T7944Z5P"))
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


def case_json(rng: random.Random, lender: str) -> dict[str, Any]:
    married = rng.random() < 0.6
    brand, model, new_energy, vin_prefix = rng.choice(CARS)
    price = Decimal(rng.randrange(120_000, 480_000, 1000))
    ratio = Decimal(rng.choice(("0.50", "0.60", "0.70", "0.80")))
    amount = (price * ratio).quantize(Decimal("1"))
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
                 "term_months": rng.choice((12, 24, 36, 36, 48, 60)),
                 "annual_rate": rng.choice(("0.0399", "0.0450", "0.0499", "0.0560")),
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


def page_image(title: str, subtitle: str) -> bytes:
    """A stand-in photo of a paper document, unique per case so dedup does not merge them."""
    image = Image.new("RGB", (1400, 990), (247, 245, 238))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 1360, 950), outline=(90, 90, 90), width=6)
    draw.text((90, 100), f"{title}\n{subtitle}", fill=(20, 20, 20), font_size=64)
    for y in range(300, 900, 48):
        draw.line((90, y, 1310, y), fill=(160, 160, 160), width=3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


@dataclass
class _Advance:
    db: Database
    number: str
    data: dict[str, Any]
    staff: dict[Role, str]

    def doc(self, kind: str, party: str | None = None, content: dict[str, Any] | None = None
            ) -> None:
        files: list[ImportedFile] = [import_file(
            f"{kind}.jpg", page_image(kind.upper(), f"{self.number} {party or ''}"))]
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
        income = {m: salary for m in statement_months(today())}
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
                  visit_on=(today() + timedelta(days=3)).isoformat())


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
        for lender in LENDERS:
            if lender not in lenders:
                session.add(Lender(
                    name=lender, max_ltv_self_use=DEFAULTS.max_ltv_self_use,
                    max_ltv_self_use_new_energy=DEFAULTS.max_ltv_self_use_new_energy,
                    max_ltv_commercial=DEFAULTS.max_ltv_commercial,
                    max_ltv_commercial_new_energy=DEFAULTS.max_ltv_commercial_new_energy,
                    max_ltv_used=DEFAULTS.max_ltv_used, max_term_months=DEFAULTS.max_term_months,
                    max_term_months_used=DEFAULTS.max_term_months_used,
                    income_multiple=DEFAULTS.income_multiple,
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


def fill_demo(db: Database, cases: int = 40, *, seed: int = 2026,
              progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Add `cases` cases, the i-th advanced through i mod 11 steps (the last ones delivered)."""
    rng = random.Random(seed)
    staff = ensure_staff(db)
    numbers = []
    for i in range(cases):
        consultant = staff[Role.CONSULTANT][i % len(staff[Role.CONSULTANT])]
        data = case_json(rng, LENDERS[i % len(LENDERS)])
        number = case_service.create_case(db, consultant, data)
        data["plate"] = f"{rng.choice(PLATE_AREAS)}{rng.randint(10000, 99999)}"
        if data["vehicle"]["new_energy"]:
            data["plate"] = f"{data['plate'][:2]}D{rng.randint(10000, 99999)}"
        who = {role: names[0] for role, names in staff.items()}
        who[Role.CONSULTANT] = consultant
        advance = _Advance(db, number, data, who)
        for step in STEPS[: i % (len(STEPS) + 1)]:
            advance.step(step.id)
        # Cases of a real desk began on different days: spread them over the last weeks.
        with db.transaction() as session:
            # Through the ORM, so that the change is audited like any other.
            case = session.scalars(select(Case).where(Case.number == number)).one()
            case.step_since = now() - timedelta(days=rng.randint(0, 20),
                                                hours=rng.randint(0, 9))
        numbers.append(number)
        if progress is not None:
            progress(i + 1, cases)
    return numbers


def bulk_seed(db: Database, cases: int, *, seed: int = 7, batch: int = 5000,
              progress: Callable[[int, int], None] | None = None) -> None:
    """Many cases fast (Core inserts), for the benchmarks; no tasks or documents."""
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
            rows = []
            if progress is not None:
                progress(i + 1, cases)
