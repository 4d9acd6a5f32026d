"""The one exception a user's mistake raises, from the domain up to the CLI and the GUI."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """Something a person reads, in both languages of the dealership."""

    en: str
    zh: str

    def __str__(self) -> str:
        return self.en


class InvalidInput(ValueError):
    """Input refused: which field, what is wrong, and what would be right.

    `field` is the dotted name the CLI and the JSON use (``customer.id_number``); the GUI
    shows the message beside the widget bound to that field.
    """

    def __init__(self, field: str, problem: str, expected: str = "", *, zh: str = "") -> None:
        self.field = field
        self.problem = problem
        self.expected = expected
        self.zh = zh or problem
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.field}: {self.problem}"
        return f"{text}; expected {self.expected}" if self.expected else text

    def for_field(self, field: str) -> InvalidInput:
        """The same complaint about a differently named field (a validator does not know
        whether it checks the customer's or the spouse's number)."""
        return InvalidInput(field, self.problem, self.expected, zh=self.zh)


class NotFound(InvalidInput):
    """A case number, lender, user, task or kind that does not exist."""


class GateClosed(InvalidInput):
    """A hard gate of the procedure forbids the action; the message says why."""


class PermissionDenied(InvalidInput):
    """The acting user's role may not do this; the message says who may."""


class DatabaseUnavailable(InvalidInput):
    """The database cannot be reached (server stopped, network down, file locked): nothing
    was saved, and the same action can simply be tried again once it is back."""
