"""Printer profiles per form, kept as settings (`print.<form id>`), chosen once and reused.

Whoever may issue forms may set a form's printer: it is the finance clerk at the dot-matrix
printer who knows which tray holds the 三联单, not the administrator.
"""

from __future__ import annotations

from typing import Any

from app.domain.errors import InvalidInput
from app.domain.permissions import Action, may_set_up_printers
from app.printing.calibration import render_calibration
from app.printing.placement import shift
from app.printing.profile import PrintProfile, ProfileError, profile_from, profile_from_json
from app.services.common import acting_user, audit, require
from app.services.forms import form_spec
from app.store.db import Database
from app.store.models import Setting

PREFIX = "print."


def setting_key(form_id: str) -> str:
    return PREFIX + form_spec(form_id).id


def get_profile(db: Database, form_id: str) -> PrintProfile:
    """The form's profile; an empty one (not chosen) when none was saved."""
    key = setting_key(form_id)
    with db.reading() as session:
        row = session.get(Setting, key)
        return profile_from_json(row.value) if row else PrintProfile()


def save_profile(db: Database, actor: str, form_id: str, fields: dict[str, Any]) -> PrintProfile:
    key = setting_key(form_id)
    try:
        profile = profile_from(fields)
    except ProfileError as error:
        raise InvalidInput(error.key, str(error), "a printer name and offsets within ±30 mm",
                           zh=f"打印设置 {error.key} 无效：{error}") from None
    if profile.overlay and form_spec(form_id).overlay is None:
        raise InvalidInput("overlay", f"form {form_id} declares no overlay positions",
                           "overlay only for forms with [overlay] positions",
                           zh="该表单未定义套打位置")
    with db.transaction() as session:
        user = acting_user(session, actor)
        if not may_set_up_printers(user.role):
            require(user, Action.ISSUE_FORM)  # refuses in the matrix's words: who may print
        row = session.get(Setting, key)
        before = row.value if row else ""
        if row is None:
            session.add(Setting(key=key, value=profile.to_json()))
        else:
            row.value = profile.to_json()
        audit(session, user, "setting.set", None, key=key, before=before,
              after=profile.to_json())
    return profile


def printable(pdf: bytes, profile: PrintProfile) -> bytes:
    """The PDF exactly as the printer gets it: the profile's offset applied."""
    return shift(pdf, profile.offset_x_mm, profile.offset_y_mm)


def calibration_pdf(form_id: str, printer: str = "") -> bytes:
    """The calibration grid on the form's paper (no offset: see app.printing.calibration)."""
    spec = form_spec(form_id)
    if spec.paper is None:  # load_form always sets it; a spec built by hand may not
        raise ValueError(f"form {form_id} names no paper")
    return render_calibration(spec.paper, title=spec.title, printer=printer)
