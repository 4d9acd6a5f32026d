"""A user as the screens show them: a plain read model with no database import, so that
the desktop's first screen (app.services.fast_start) can build one before SQLAlchemy is
loaded. app.services.users makes them from the rows and re-exports the class."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UserView:
    name: str
    display_name: str
    role: str
    phone: str
    active: bool = True
