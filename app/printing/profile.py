"""How one form goes to paper at this dealership: printer, paper, tray, offset, overlay.

Kept per form as one JSON setting (app.services.print_profiles), chosen once in the print
set-up and used for every print after. Scale is always 100 %: a form "fitted to the page"
no longer meets the boxes of pre-printed or continuous stationery, so there is no such choice.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

# A printer that misses by more than this is mis-loaded, not mis-calibrated.
MAX_OFFSET_MM = 30.0
SCALE_PERCENT = 100  # fixed; printed on the set-up page so nobody looks for it


class ProfileError(ValueError):
    def __init__(self, key: str, problem: str) -> None:
        super().__init__(problem)
        self.key = key


@dataclass(frozen=True)
class PrintProfile:
    printer: str = ""  # "" = not chosen yet: the set-up asks before the first print
    paper: str = ""  # the printer's paper name for the form's size ("" = the form's size)
    tray: str = ""  # the printer's paper source, as the driver names it ("" = automatic)
    offset_x_mm: float = 0.0  # + moves the print right
    offset_y_mm: float = 0.0  # + moves the print down
    overlay: bool = False  # 套打: values only, for pre-printed stationery

    @property
    def chosen(self) -> bool:
        return bool(self.printer)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > 200 or any(ord(c) < 32 for c in value):
        raise ProfileError(key, f"{value!r} is not a name")
    return value.strip()


def _offset(data: dict[str, Any], key: str) -> float:
    value = data.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise ProfileError(key, f"{value!r} is not a number of millimetres")
    if abs(value) > MAX_OFFSET_MM:
        raise ProfileError(key, f"{value:g} mm is more than {MAX_OFFSET_MM:g} mm either way")
    return round(float(value), 1)


def profile_from(data: dict[str, Any]) -> PrintProfile:
    """A profile from its fields, checked; raises ProfileError naming the field."""
    unknown = sorted(set(data) - set(PrintProfile.__dataclass_fields__))
    if unknown:
        raise ProfileError(unknown[0], "unknown field")
    overlay = data.get("overlay", False)
    if not isinstance(overlay, bool):
        raise ProfileError("overlay", f"{overlay!r} is not true or false")
    return PrintProfile(_text(data, "printer"), _text(data, "paper"), _text(data, "tray"),
                        _offset(data, "offset_x_mm"), _offset(data, "offset_y_mm"), overlay)


def profile_from_json(text: str) -> PrintProfile:
    """A stored profile; one that no longer reads (hand-edited) counts as not chosen."""
    try:
        data = json.loads(text)
        return profile_from(data) if isinstance(data, dict) else PrintProfile()
    except (ValueError, ProfileError):
        return PrintProfile()
