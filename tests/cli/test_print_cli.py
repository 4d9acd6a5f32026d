"""`loandesk form calibration` and `loandesk form render --overlay`."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from tests.cli.test_cli import Cli, cli, number, ready  # noqa: F401  (fixtures)

PT_PER_MM = 72 / 25.4


def size_mm(pdf: Path) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].mediabox
    return float(box.width) / PT_PER_MM, float(box.height) / PT_PER_MM


def test_calibration_page_on_the_forms_paper(cli: Cli) -> None:  # noqa: F811
    out = cli.tmp / "cal.pdf"
    printed = cli.ok("form", "calibration", "--form", "warehouse_release", "-o", str(out))
    assert "warehouse_release" in printed
    width, height = size_mm(out)
    assert abs(width - 241) < 0.5 and abs(height - 140) < 0.5
    a4 = cli.tmp / "a4.pdf"
    cli.ok("form", "calibration", "--form", "delivery_confirmation", "-o", str(a4))
    width, height = size_mm(a4)
    assert abs(width - 210) < 0.5 and abs(height - 297) < 0.5
    cli.usage("form", "calibration", "-o", str(cli.tmp / "x.pdf"))  # --form is required


def test_calibration_refuses_an_unknown_form_and_an_existing_file(cli: Cli) -> None:  # noqa: F811
    out = cli.tmp / "cal.pdf"
    code, _out, err = cli("form", "calibration", "--form", "love_letter", "-o", str(out))
    assert code == 1 and "form: unknown form 'love_letter'" in err and not out.exists()
    out.write_bytes(b"keep")
    code, _out, err = cli("form", "calibration", "--form", "warehouse_release", "-o", str(out))
    assert code == 1 and out.read_bytes() == b"keep"
    cli.ok("form", "calibration", "--form", "warehouse_release", "-o", str(out), "--force")
    assert out.read_bytes().startswith(b"%PDF-")


def test_render_overlay_prints_only_values(ready: Cli, number: str) -> None:  # noqa: F811
    full, overlay = ready.tmp / "full.pdf", ready.tmp / "overlay.pdf"
    ready.ok("form", "render", number, "delivery_confirmation", "--draft", "-o", str(full))
    ready.ok("form", "render", number, "delivery_confirmation", "--draft", "--overlay",
             "-o", str(overlay))
    full_text = PdfReader(io.BytesIO(full.read_bytes())).pages[0].extract_text()
    over_text = PdfReader(io.BytesIO(overlay.read_bytes())).pages[0].extract_text()
    assert "交车确认单" in full_text and "交车确认单" not in over_text
    assert "车主" in full_text and "车主" not in over_text
    ready.refused("form", "render", number, "settlement_list", "--draft", "--overlay",
                  "-o", str(ready.tmp / "s.pdf"), field="overlay")
