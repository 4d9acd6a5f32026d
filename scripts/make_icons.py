"""Draw LoanDesk's application icon: resources/icons/loandesk.svg, .png (256 px), .ico.

A loan file (white sheet with lines) behind a car, on the blue of the forms' letterhead.
The shapes are defined once and written both as SVG and, with Pillow, as PNG and a
multi-size Windows .ico, so the three never disagree. Run after changing a shape:
    .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 256
OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
BLUE, WHITE, LINE, CAR, GLASS, TYRE = ("#1565c0", "#ffffff", "#90a4ae", "#e65100",
                                       "#bbdefb", "#263238")

# (kind, geometry, colour): rect = (x0, y0, x1, y1, radius); poly = points; circle = (cx, cy, r)
SHAPES: list[tuple[str, tuple[float, ...], str]] = [
    ("rect", (0, 0, 256, 256, 48), BLUE),
    ("rect", (60, 28, 196, 196, 10), WHITE),
    ("rect", (80, 56, 176, 66, 5), LINE),
    ("rect", (80, 80, 176, 90, 5), LINE),
    ("rect", (80, 104, 148, 114, 5), LINE),
    ("poly", (82, 158, 104, 126, 160, 126, 186, 158), CAR),
    ("poly", (98, 156, 112, 134, 128, 134, 128, 156), GLASS),
    ("poly", (136, 156, 136, 134, 154, 134, 170, 156), GLASS),
    ("rect", (34, 152, 222, 206, 16), CAR),
    ("circle", (80, 206, 22), TYRE),
    ("circle", (80, 206, 9), WHITE),
    ("circle", (176, 206, 22), TYRE),
    ("circle", (176, 206, 9), WHITE),
]


def svg() -> str:
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" '
             f'viewBox="0 0 {SIZE} {SIZE}">']
    for kind, g, colour in SHAPES:
        if kind == "rect":
            x0, y0, x1, y1, r = g
            parts.append(f'  <rect x="{x0:g}" y="{y0:g}" width="{x1 - x0:g}" '
                         f'height="{y1 - y0:g}" rx="{r:g}" fill="{colour}"/>')
        elif kind == "poly":
            points = " ".join(f"{g[i]:g},{g[i + 1]:g}" for i in range(0, len(g), 2))
            parts.append(f'  <polygon points="{points}" fill="{colour}"/>')
        else:
            cx, cy, r = g
            parts.append(f'  <circle cx="{cx:g}" cy="{cy:g}" r="{r:g}" fill="{colour}"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def raster(size: int = SIZE) -> Image.Image:
    scale = 4 * size / SIZE  # drawn 4x larger, then reduced: smooth edges without antialiasing
    big = Image.new("RGBA", (4 * size, 4 * size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    for kind, g, colour in SHAPES:
        s = [v * scale for v in g]
        if kind == "rect":
            draw.rounded_rectangle(s[:4], radius=s[4], fill=colour)
        elif kind == "poly":
            draw.polygon(list(zip(s[0::2], s[1::2], strict=True)), fill=colour)
        else:
            cx, cy, r = s
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "loandesk.svg").write_text(svg(), encoding="utf-8")
    image = raster()
    image.save(OUT / "loandesk.png", optimize=True)
    image.save(OUT / "loandesk.ico",
               sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {OUT}/loandesk.svg, .png, .ico")


if __name__ == "__main__":
    main()
