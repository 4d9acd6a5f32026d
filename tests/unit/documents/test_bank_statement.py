"""Income per month proposed from a statement PDF's text layer: credits only, own-account
transfers left out where the statement shows them, whatever the bank's column layout."""

from __future__ import annotations

import io
import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from app.documents.bank_statement import NO_TABLE, NO_TEXT, propose_income
from app.domain.document_content import validate_content
from app.domain.errors import InvalidInput

FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
OWNER = "张三"
pytestmark = pytest.mark.skipif(not FONT_FILE.exists(), reason="needs a CJK TrueType font")


def _font() -> str:
    if "StatementCJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("StatementCJK", str(FONT_FILE), subfontIndex=0))
    return "StatementCJK"


Row = tuple[date, Decimal, str, str]  # day, signed amount (+ in, - out), counterparty, note


def transactions(seed: int = 1) -> list[Row]:
    rng = random.Random(seed)
    rows: list[Row] = []
    day = date(2026, 3, 1)
    while day < date(2026, 6, 1):
        if day.day == 10:
            rows.append((day, Decimal("8500.00"), "某某汽车销售有限公司", "工资"))
        if day.day == 15:
            rows.append((day, Decimal("20000.00"), OWNER, "转账"))  # own account: out
        if day.day == 20:
            rows.append((day, Decimal("3000.00"), "李四", "本人转存"))  # own transfer by note
        if rng.random() < 0.3:
            rows.append((day, -Decimal(rng.randrange(100, 90000)) / 100, "某超市", "消费"))
        if rng.random() < 0.1:
            rows.append((day, Decimal(rng.randrange(1000, 500000)) / 100, "王五", "转账"))
        day += timedelta(days=1)
    return rows


def expected(rows: list[Row]) -> dict[str, Decimal]:
    months: dict[str, Decimal] = defaultdict(Decimal)
    for day, amount, party, note in rows:
        if amount > 0 and party != OWNER and "本人" not in note:
            months[f"{day:%Y-%m}"] += amount
    return dict(months)


def two_column_pdf(rows: list[Row], per_page: int = 30) -> bytes:
    """收入 and 支出 in their own columns, a balance, the header on every page."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    font = _font()
    header = ["序号", "交易日期", "摘要", "收入", "支出", "余额", "对方户名"]
    xs = [30, 60, 140, 220, 300, 380, 460]
    balance = Decimal("50000.00")
    for start in range(0, len(rows), per_page):
        pdf.setFont(font, 12)
        pdf.drawString(30, 800, "中国某某银行 个人账户交易明细")
        pdf.setFont(font, 9)
        for x, title in zip(xs, header, strict=True):
            pdf.drawString(x, 770, title)
        for i, (day, amount, party, note) in enumerate(rows[start:start + per_page]):
            y = 750 - i * 20
            balance += amount
            cells = [str(start + i + 1), f"{day:%Y-%m-%d}", note,
                     f"{amount:,.2f}" if amount > 0 else "", f"{-amount:,.2f}" if amount < 0
                     else "", f"{balance:,.2f}", party]
            for x, cell in zip(xs, cells, strict=True):
                if cell:
                    pdf.drawString(x, y, cell)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def signed_pdf(rows: list[Row], direction: bool) -> bytes:
    """One amount column: signed, or unsigned with a 借贷标志 column."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setFont(_font(), 9)
    header = ["记账日期", "交易金额", *(["借贷标志"] if direction else []), "对方户名", "备注"]
    xs = [40, 130, 210, 290, 400][: len(header)]
    for x, title in zip(xs, header, strict=True):
        pdf.drawString(x, 800, title)
    for i, (day, amount, party, note) in enumerate(rows[:38]):
        y = 780 - i * 20
        money = f"{abs(amount):.2f}" if direction else f"{amount:+.2f}"
        cells = [f"{day:%Y%m%d}", money, *(["贷" if amount > 0 else "借"] if direction else []),
                 party, note]
        for x, cell in zip(xs, cells, strict=True):
            pdf.drawString(x, y, cell)
    pdf.save()
    return out.getvalue()


def test_credits_per_month_without_own_transfers() -> None:
    rows = transactions()
    proposal = propose_income(two_column_pdf(rows), owner=OWNER)
    assert proposal.problem is None
    assert proposal.months == expected(rows)
    assert len(proposal.months) == 3
    credits = [r for r in rows if r[1] > 0]
    assert proposal.credits == len(credits)
    own = [r for r in credits if r[2] == OWNER or "本人" in r[3]]
    assert sorted((e.day, e.amount) for e in proposal.excluded) == sorted(
        (r[0], r[1]) for r in own)
    assert any("own account" in e.why.en for e in proposal.excluded)
    assert any("本人转存" in e.why.zh or "本人" in e.why.zh for e in proposal.excluded)


def test_without_the_owners_name_only_the_notes_say_what_is_own() -> None:
    rows = transactions()
    proposal = propose_income(two_column_pdf(rows))
    with_owner = expected(rows)
    salary_month = "2026-03"
    # The 20 000 transfers to oneself now count: one per month, on the 15th.
    assert proposal.months[salary_month] == with_owner[salary_month] + Decimal("20000.00")


def test_the_proposal_is_what_the_statement_content_takes() -> None:
    rows = transactions()
    content = propose_income(two_column_pdf(rows), owner=OWNER).content()
    assert validate_content("bank_statement", {"income": content})["income"] == content


@pytest.mark.parametrize("direction", [False, True])
def test_one_amount_column_signed_or_with_a_direction(direction: bool) -> None:
    rows = transactions(seed=4)[:38]
    proposal = propose_income(signed_pdf(rows, direction), owner=OWNER)
    assert proposal.problem is None
    assert proposal.months == expected(rows)


def test_a_scan_without_text_says_so() -> None:
    out = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(out, "PDF")
    proposal = propose_income(out.getvalue())
    assert proposal.months == {} and proposal.problem == NO_TEXT


def test_a_pdf_without_a_transaction_table_says_so() -> None:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setFont(_font(), 12)
    pdf.drawString(50, 800, "收入证明  兹证明张三月收入 8500.00 元")
    pdf.save()
    proposal = propose_income(out.getvalue())
    assert proposal.months == {} and proposal.problem == NO_TABLE


def test_a_broken_file_is_refused() -> None:
    with pytest.raises(InvalidInput):
        propose_income(b"%PDF-1.4 broken")
