"""The board as tables for the weekly meeting: CSV files (UTF-8 with BOM, so Excel opens the
Chinese right) and a PDF report (ReportLab, the embedded CJK font). Exports carry customer
names out of the system, so each one is audited."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.errors import InvalidInput, Text
from app.domain.procedure import ROLE_TITLES, STEPS_BY_ID
from app.printing.fonts import FontMissing, register_cjk_font
from app.services.board import Board, board_in, require_board
from app.services.common import audit, now
from app.services.outputs import check_output, check_output_folder, protected_paths, write_output
from app.services.settings import settings_in
from app.store.db import Database

Cell = str | int | float


@dataclass(frozen=True)
class BoardTable:
    name: str  # the file name's part: board-<name>.csv
    title: str  # bilingual, as printed
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]  # shares of the page width in the PDF


def step_name(step_id: str) -> str:
    step = STEPS_BY_ID.get(step_id)
    return f"{step.number} {step.title.zh}" if step else "已交车" if step_id == "done" \
        else step_id


def _day(moment: datetime) -> str:
    return f"{moment.astimezone():%Y-%m-%d}"


def board_tables(board: Board) -> list[BoardTable]:
    """Every table of the board, with Chinese and English headers."""
    f = board.funding_all
    return [
        BoardTable("steps", "各步骤案件数 Cases per step",
                   ("步骤 Step", "案件 Cases", "停留≥7天 Stuck", "被拒 Rejected"),
                   tuple((step_name(c.step), c.cases, c.stuck, c.rejected)
                         for c in board.counts), (3, 1, 1, 1)),
        BoardTable("stuck", "停留最久的案件 Cases waiting longest",
                   ("案件号 Case", "客户 Customer", "步骤 Step", "天数 Days",
                    "待办人 Who acts", "销售顾问 Consultant", "缺项 Missing"),
                   tuple((s.number, s.customer, step_name(s.step), s.days,
                          ROLE_TITLES[s.who].zh if s.who else "", s.consultant,
                          s.missing_zh or s.missing) for s in board.stuck),
                   (1.6, 1, 1.4, 0.6, 1, 1, 3.4)),
        BoardTable("in_transit", f"已签约未放款 Contracts in transit "
                   f"(共 {board.in_transit_total} 单 total)",
                   ("案件号 Case", "客户 Customer", "贷款机构 Lender", "签约日 Signed",
                    "天数 Days", "步骤 Step", "未完成 Outstanding"),
                   tuple((t.number, t.customer, t.lender, _day(t.signed_at), t.days,
                          step_name(t.step), t.missing_zh or t.missing)
                         for t in board.in_transit), (1.6, 1, 1.5, 1.1, 0.6, 1.2, 3)),
        BoardTable("funding_month", "放款时长(按月) Funding time per month "
                   f"(中位数 median {f.median_days if f else '-'} 天 days)",
                   ("月份 Month", "笔数 Payouts", "中位数 Median", "平均 Average",
                    "最慢 Slowest"),
                   tuple((g.key, g.cases, g.median_days, g.average_days, g.slowest_days)
                         for g in board.funding_by_month), (1.4, 1, 1, 1, 1)),
        BoardTable("funding_lender", "放款时长(按贷款机构) Funding time per lender",
                   ("贷款机构 Lender", "笔数 Payouts", "中位数 Median", "平均 Average",
                    "最慢 Slowest"),
                   tuple((g.key, g.cases, g.median_days, g.average_days, g.slowest_days)
                         for g in board.funding_by_lender), (2, 1, 1, 1, 1)),
        BoardTable("slowest", "放款最慢 Slowest payouts",
                   ("案件号 Case", "客户 Customer", "贷款机构 Lender", "签约 Signed",
                    "放款 Funded", "天数 Days"),
                   tuple((s.number, s.customer, s.lender, _day(s.signed_at),
                          _day(s.funded_at), s.days) for s in board.slowest),
                   (1.6, 1, 1.6, 1.1, 1.1, 0.7)),
        BoardTable("originals_out", "外借原件 Originals out",
                   ("案件号 Case", "客户 Customer", "原件 Original", "借给 Holder",
                    "借出日 Out since", "天数 Days", "用途 Purpose"),
                   tuple((o.number, o.customer, o.title.zh, o.holder, _day(o.out_at),
                          o.days_out(board.at), o.purpose) for o in board.originals_out),
                   (1.6, 1, 1.4, 1.6, 1.1, 0.6, 1.6)),
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone().isoformat(timespec="seconds")
    if isinstance(value, Text):
        return {"en": value.en, "zh": value.zh}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def board_json(board: Board) -> dict[str, Any]:
    """The board for scripts (`loandesk board --json`): every figure, dates in ISO form."""
    data: dict[str, Any] = _plain(asdict(board))
    for item in data["originals_out"]:
        out_at = datetime.fromisoformat(item["out_at"])
        item["days_out"] = max(0, (board.at - out_at).days)
    return data


def csv_files(board: Board) -> dict[str, bytes]:
    """board-<name>.csv → its bytes, UTF-8 with a BOM (Excel reads Chinese only then)."""
    files = {}
    for table in board_tables(board):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(table.headers)
        writer.writerows(table.rows)
        files[f"board-{table.name}.csv"] = out.getvalue().encode("utf-8-sig")
    return files


def export_csv(db: Database, actor: str, folder: Path, *, force: bool = False) -> list[Path]:
    """Write the board's tables as CSV files into `folder`; returns the paths. Every file is
    checked before the first is written (existing ones replaced only with `force`, the
    database's files never)."""
    if not folder.is_dir():
        raise InvalidInput("--csv", f"{folder} is not a folder", "an existing folder",
                           zh=f"{folder} 不是文件夹")
    guarded = protected_paths(db.sqlite_path)
    check_output_folder(folder, protected=guarded, field="--csv")
    with db.transaction() as session:
        user = require_board(session, actor)
        files = csv_files(board_in(session, now()))
        for name in files:
            check_output(folder / name, force=force, protected=guarded, field="--csv")
        written = [write_output(folder / name, data, force=force, protected=guarded,
                                field="--csv") for name, data in files.items()]
        audit(session, user, "board.export", None, format="csv", folder=str(folder))
    return written


def pdf_report(board: Board, who: str, dealership: str = "") -> bytes:
    """The board for the weekly meeting: title, date, who printed it, every table fitted
    to an A4 landscape page (long text wraps inside its cell)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    try:
        font = register_cjk_font()
    except FontMissing as error:
        raise InvalidInput("font", str(error), zh="未找到可嵌入的中文字体") from None
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=20)
    heading = ParagraphStyle("heading", fontName=font, fontSize=11, leading=14,
                             spaceBefore=8, spaceAfter=4, keepWithNext=1)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10)
    head = ParagraphStyle("head", parent=cell, textColor=colors.white)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm,
                            rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
                            title="业务看板 Dealership board", author=who)
    story: list[Any] = [
        Paragraph(_escape(f"{dealership} 业务看板 Dealership board"), title),
        Paragraph(_escape(f"{board.at.astimezone():%Y-%m-%d %H:%M} · 制表 printed by {who}"),
                  cell),
        Spacer(1, 4 * mm)]
    for table in board_tables(board):
        story.append(Paragraph(_escape(table.title), heading))
        share = doc.width / sum(table.widths)
        data = [[Paragraph(_escape(h), head) for h in table.headers]]
        data += [[Paragraph(_escape(str(v)), cell) for v in row] for row in table.rows]
        if not table.rows:
            data.append([Paragraph("无 none", cell)] + [""] * (len(table.headers) - 1))
        grid = Table(data, colWidths=[w * share for w in table.widths], repeatRows=1)
        grid.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#37474f")),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b0bec5")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f5f7f8")]),
        ]))
        story.append(grid)
    doc.build(story)
    return out.getvalue()


def _escape(text: str) -> str:
    # Paragraph reads markup: a customer called "<b>" must print as typed.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def export_pdf(db: Database, actor: str,
               deliver: Callable[[bytes], object] | None = None) -> bytes:
    """The board report; `deliver` (writing the file) runs before the export is recorded,
    so a file that could not be written leaves no audit row."""
    with db.reading() as session:
        user = require_board(session, actor)
        board = board_in(session, now())
        dealership = settings_in(session).get("dealership.name", "")
    pdf = pdf_report(board, user.display_name, dealership)  # no write lock held meanwhile
    if deliver is not None:
        deliver(pdf)
    with db.transaction() as session:
        audit(session, require_board(session, actor), "board.export", None, format="pdf")
    return pdf
