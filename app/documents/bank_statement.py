"""Income per month proposed from a bank statement PDF that carries a text layer.

The bank's own PDF export (网银流水) is a table: a header row naming the columns, then one
row per transaction. We read the text runs with their positions (pypdfium2), find the header
by its words, give every run of a row to the column it sits under, and add up the credits
per month. A transfer between the customer's own accounts is not income: it is left out
where the statement shows it (the counterparty is the account holder, or the description
says 本人 / 同名 / 转存 / 内部转账), and listed with the reason so the consultant sees it.

The result is a proposal, never stored by itself: the consultant confirms the figures, which
then go into the document's `income` content (app/domain/document_content.py).
A scanned statement (no text layer) yields nothing here; it is typed in as before.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import pypdfium2 as pdfium

from app.documents.imaging import PDFIUM_LOCK
from app.domain.errors import InvalidInput, Text

# Header words for each column, as Chinese banks print them (first match wins).
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("交易日期", "记账日期", "交易时间", "日期"),
    "credit": ("收入金额", "贷方发生额", "存入金额", "收入", "存入", "贷方"),
    "debit": ("支出金额", "借方发生额", "支取金额", "支出", "取出", "支取", "借方"),
    "amount": ("交易金额", "发生额", "金额"),
    "direction": ("借贷标志", "收支标志", "借贷"),
    "counterparty": ("对方户名", "对方账户名称", "对方名称", "交易对方", "对方"),
    "description": ("摘要", "交易摘要", "附言", "备注", "用途"),
    "balance": ("余额", "账户余额", "本次余额", "联机余额"),
}
OWN_TRANSFER_WORDS = ("本人", "同名", "转存", "内部转账", "自有账户", "本人账户")
_DATE = re.compile(r"(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})")
_AMOUNT = re.compile(r"^[+-]?[¥￥]?\d{1,3}(,\d{3})*(\.\d{1,2})?$|^[+-]?[¥￥]?\d+(\.\d{1,2})?$")


@dataclass(frozen=True)
class Run:
    text: str
    left: float
    right: float
    y: float  # PDF points from the page's bottom


@dataclass(frozen=True)
class Excluded:
    day: date
    amount: Decimal
    why: Text


@dataclass
class IncomeProposal:
    """Credits per month ('YYYY-MM' → amount) and the credits left out, with why."""

    months: dict[str, Decimal] = field(default_factory=dict)
    excluded: list[Excluded] = field(default_factory=list)
    credits: int = 0
    problem: Text | None = None

    def content(self) -> dict[str, str]:
        """As the `income` content of a bank statement takes it."""
        return {month: format(amount, "f") for month, amount in sorted(self.months.items())}


NO_TEXT = Text("The PDF has no text layer (a scan?): type the income in.",
               "该 PDF 没有文字层（可能是扫描件），请手动输入进账。")
NO_TABLE = Text("No transaction table with a date and a credit column was found.",
                "未找到含日期和收入(贷方)列的交易明细表。")


def _runs(data: bytes) -> list[list[Run]]:
    """Every page's text runs with their positions."""
    pages: list[list[Run]] = []
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            raise InvalidInput("file", f"is not a readable PDF ({error})", "a bank's PDF "
                               "statement", zh="不是可读取的 PDF 文件") from None
        try:
            for page in pdf:
                text = page.get_textpage()
                runs = []
                for index in range(text.count_rects()):
                    left, bottom, right, top = text.get_rect(index)
                    words = text.get_text_bounded(left, bottom, right, top).strip()
                    if words:
                        runs.append(Run(words, left, right, (bottom + top) / 2))
                pages.append(runs)
        finally:
            pdf.close()
    return pages


def _rows(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped into table rows by height, top first, each row left to right."""
    rows: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: -r.y):
        if rows and abs(rows[-1][0].y - run.y) < 3:
            rows[-1].append(run)
        else:
            rows.append([run])
    return [sorted(row, key=lambda r: r.left) for row in rows]


def _header(row: list[Run]) -> dict[str, tuple[float, float]] | None:
    """The columns named by a header row, with where each sits; a column we have no use for
    (serial number, currency, channel) is kept too, so that its values go nowhere else."""
    found: dict[str, tuple[float, float]] = {}
    for index, run in enumerate(row):
        words = run.text.replace(" ", "")
        name = next((column for column, names in COLUMNS.items()
                     if column not in found and words in names), f"other{index}")
        found[name] = (run.left, run.right)
    has_amount = "credit" in found or ("amount" in found)
    return found if "date" in found and has_amount else None


def _column_of(run: Run, header: dict[str, tuple[float, float]]) -> str:
    centre = (run.left + run.right) / 2
    return min(header, key=lambda c: abs((header[c][0] + header[c][1]) / 2 - centre))


def _money(text: str) -> Decimal | None:
    clean = text.replace(" ", "")
    if not clean or not _AMOUNT.match(clean):
        return None
    try:
        return Decimal(clean.replace(",", "").replace("¥", "").replace("￥", ""))
    except InvalidOperation:
        return None


def _day(text: str) -> date | None:
    match = _DATE.search(text)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _own_transfer(cells: dict[str, str], owner: str) -> Text | None:
    party = cells.get("counterparty", "").replace(" ", "")
    if owner and party and party == owner.replace(" ", ""):
        return Text(f"from the account holder's own account ({party})",
                    f"来自本人账户（{party}）")
    said = cells.get("description", "") + cells.get("counterparty", "")
    word = next((w for w in OWN_TRANSFER_WORDS if w in said), None)
    if word is not None:
        return Text(f"a transfer between own accounts ('{word}')", f"本人账户间转账（“{word}”）")
    return None


def propose_income(data: bytes, owner: str = "") -> IncomeProposal:
    """The credits of a statement PDF per month, own-account transfers left out."""
    pages = _runs(data)
    if not any(pages):
        return IncomeProposal(problem=NO_TEXT)
    proposal = IncomeProposal()
    totals: dict[str, Decimal] = defaultdict(Decimal)
    header: dict[str, tuple[float, float]] | None = None
    for runs in pages:
        for row in _rows(runs):
            found = _header(row)
            if found is not None:
                header = found  # each page may repeat (or move) the header
                continue
            if header is None:
                continue
            cells: dict[str, str] = defaultdict(str)
            for run in row:
                cells[_column_of(run, header)] += run.text
            day = _day(cells.get("date", ""))
            credit = _credit(cells, header)
            if day is None or credit is None or credit <= 0:
                continue
            proposal.credits += 1
            why = _own_transfer(cells, owner)
            if why is not None:
                proposal.excluded.append(Excluded(day, credit, why))
                continue
            totals[f"{day:%Y-%m}"] += credit
    if header is None:
        proposal.problem = NO_TABLE
    proposal.months = dict(sorted(totals.items()))
    return proposal


def _credit(cells: dict[str, str], header: dict[str, tuple[float, float]]) -> Decimal | None:
    if "credit" in header:
        return _money(cells.get("credit", ""))
    amount = _money(cells.get("amount", ""))
    if amount is None:
        return None
    direction = cells.get("direction", "")
    if direction:  # 贷 = money in, 借 = money out
        return abs(amount) if ("贷" in direction or "收" in direction) else None
    return amount if amount > 0 else None  # a signed amount column: + is money in
