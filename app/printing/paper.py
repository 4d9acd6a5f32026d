"""The paper a form is printed on: its name, size in millimetres and orientation.

A form file says `page = "A4"` (or "A5", "continuous" for the 241 × 140 mm pin-fed
三联单 of the dot-matrix printers, or a custom "WIDTHxHEIGHTmm") and
`orientation = "portrait" | "landscape"`. Named sheets are defined upright and turned by the
orientation; a custom size is written as it lies on the platen (width across, height down), so
its orientation follows from it and a contradicting one is refused rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.lib.units import mm

# Upright sizes in millimetres (ISO 216).
NAMED_PAPERS: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "A5": (148.0, 210.0)}
# The continuous carbonless form of the dot-matrix printers: 241 mm (9.5 in) wide between the
# pin strips, torn every 140 mm. It is its own name so a form says what the clerk loads.
CONTINUOUS = "continuous"
CONTINUOUS_MM = (241.0, 140.0)
ORIENTATIONS = ("portrait", "landscape")
# A sheet smaller than a receipt or larger than A3 is a typo, not stationery.
MIN_MM, MAX_MM = 50.0, 450.0
_CUSTOM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*mm\s*$", re.IGNORECASE)


class PaperError(ValueError):
    """The paper or orientation is not one we know; the message says what is accepted."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(problem)
        self.key = key


@dataclass(frozen=True)
class Paper:
    name: str  # "A4", "continuous" or "241x140mm": what the clerk loads
    width_mm: float  # across the page as printed (after the orientation)
    height_mm: float
    orientation: str

    @property
    def continuous(self) -> bool:
        return self.name == CONTINUOUS

    @property
    def points(self) -> tuple[float, float]:
        return self.width_mm * mm, self.height_mm * mm

    @property
    def label(self) -> str:
        """What a person reads: 'A4 portrait', '241 × 140 mm continuous'."""
        size = f"{self.width_mm:g} × {self.height_mm:g} mm"
        if self.name in NAMED_PAPERS:
            return f"{self.name} {self.orientation} ({size})"
        return f"{size} {CONTINUOUS}" if self.continuous else size


def parse_paper(page: str, orientation: str | None) -> Paper:
    """The paper for a form file's `page` and `orientation` values (orientation may be
    absent: named sheets are then upright, custom ones as written)."""
    if orientation is not None and orientation not in ORIENTATIONS:
        raise PaperError("orientation", f"{orientation!r} is not portrait or landscape")
    # "A4-landscape" is the older spelling of page = "A4" + orientation = "landscape".
    name, _, turned = page.partition("-")
    if name in NAMED_PAPERS and turned in {"", "landscape"}:
        if turned and orientation == "portrait":
            raise PaperError("orientation", f"portrait contradicts page {page!r}")
        chosen = orientation or ("landscape" if turned else "portrait")
        w, h = NAMED_PAPERS[name]
        if chosen == "landscape":
            w, h = h, w
        return Paper(name, w, h, chosen)
    if page == CONTINUOUS:
        w, h = CONTINUOUS_MM
        name = CONTINUOUS
    else:
        match = _CUSTOM.match(page)
        if not match:
            raise PaperError("page", f"{page!r} is not A4, A5, {CONTINUOUS} or WIDTHxHEIGHTmm")
        w, h = float(match[1]), float(match[2])
        if not (MIN_MM <= w <= MAX_MM and MIN_MM <= h <= MAX_MM):
            raise PaperError("page", f"{page!r}: each side must be {MIN_MM:g} to {MAX_MM:g} mm")
        name = f"{w:g}x{h:g}mm"
    natural = "landscape" if w > h else "portrait"
    if orientation is not None and orientation != natural and w != h:
        raise PaperError("orientation", f"{orientation!r} contradicts page {page!r}, which is "
                         f"{natural} (width across, height down)")
    return Paper(name, w, h, orientation or natural)
