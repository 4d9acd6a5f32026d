"""Where LoanDesk keeps its data and which database it talks to."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "LoanDesk"
DB_ENV = "LOANDESK_DB"


def data_dir() -> Path:
    """The per-user data directory (e.g. ~/.local/share/LoanDesk on Linux)."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'loandesk.sqlite3'}"


def database_url(cli_value: str | None = None) -> str:
    """`--db URL` first, then LOANDESK_DB, then the embedded SQLite file."""
    return cli_value or os.environ.get(DB_ENV) or default_database_url()
