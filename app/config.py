"""Where LoanDesk keeps its data and which database it talks to."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_data_dir, user_log_dir

APP_NAME = "LoanDesk"
DB_ENV = "LOANDESK_DB"
PASSWORD_ENV = "LOANDESK_PASSWORD"  # --user's password, for the CLI and the desktop alike
WORKSTATION_ENV = "LOANDESK_WORKSTATION_FILE"
KEYRING_SERVICE = "LoanDesk"


def version() -> str:
    """The installed distribution's version (a checkout without metadata says so)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("loandesk")
    except PackageNotFoundError:
        return "0+unknown"


def data_dir() -> Path:
    """The per-user data directory (e.g. ~/.local/share/LoanDesk on Linux)."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """The per-user cache directory (e.g. ~/.cache/LoanDesk on Linux): what is kept there can
    be deleted at any time and is made again (the parsed CJK font, app.printing.font_cache)."""
    return Path(user_cache_dir(APP_NAME, appauthor=False))


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'loandesk.sqlite3'}"


def database_url(cli_value: str | None = None) -> str:
    """`--db URL` first, then LOANDESK_DB, then the database chosen in Settings → Database
    (this workstation's choice, its password from the OS credential store), then the
    embedded SQLite file; a URL of an engine LoanDesk does not run on (mysql://…) or no URL
    at all is refused, naming the two it does."""
    url = given_database_url(cli_value)
    check_database_url(url)
    return url


def given_database_url(cli_value: str | None = None) -> str:
    """The URL `database_url` answers, before it is checked (the check loads SQLAlchemy's
    URL parser: a command peeking at a SQLite file before SQLAlchemy is up uses this)."""
    return cli_value or os.environ.get(DB_ENV) or chosen_database_url() or default_database_url()


def workstation_file() -> Path:
    """This workstation's choice of database (a URL without its password), as JSON."""
    return Path(os.environ.get(WORKSTATION_ENV)
                or Path(user_config_dir(APP_NAME, appauthor=False)) / "database.json")


def url_override() -> str:
    """Where a URL given for this run comes from, if one is ("--db" is the caller's to say)."""
    return DB_ENV if os.environ.get(DB_ENV) else ""


def credential_name(url: str) -> str:
    """The entry of the OS credential store that holds the password of `url`."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return f"{parsed.username}@{parsed.host}:{parsed.port or 5432}/{parsed.database}"


def chosen_database_url() -> str:
    """The URL remembered by Settings → Database, with the password from the credential
    store put back in; "" when none was chosen (or the file is unreadable: the default then
    opens, and the Database tab shows which one is in use)."""
    import json

    try:
        url = str(json.loads(workstation_file().read_text(encoding="utf-8"))["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    if not url.startswith("postgresql"):
        return url
    from sqlalchemy.engine import make_url

    password = stored_password(url)
    return make_url(url).set(password=password).render_as_string(hide_password=False) \
        if password else url


def stored_password(url: str) -> str | None:
    """The password kept for `url` in the OS credential store; None when there is none or no
    usable store (the connection then says "wrong password" in words)."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, credential_name(url))
    except (KeyringError, RuntimeError):
        return None


def remember_database_url(url: str) -> Path:
    """Write this workstation's choice (never with a password: that is in the credential
    store), replacing the file in one step."""
    import json

    from sqlalchemy.engine import URL, make_url

    parsed = make_url(url)  # rebuilt without the password (URL.set keeps it when given None)
    plain = URL.create(parsed.drivername, username=parsed.username, host=parsed.host,
                       port=parsed.port, database=parsed.database, query=parsed.query
                       ).render_as_string(hide_password=False)
    path = workstation_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps({"url": plain}, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)
    return path


def check_database_url(url: str) -> None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from app.domain.errors import InvalidInput

    expected = "sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE"
    try:
        parsed = make_url(url)
        backend, driver = parsed.get_backend_name(), parsed.get_driver_name()
    except (ArgumentError, ValueError):
        # Not echoed: what is not a URL may well be a password pasted in the wrong place.
        raise InvalidInput("--db", "is not a database URL", expected,
                           zh="数据库地址格式错误，应为 sqlite:/// 或 postgresql+psycopg://"
                           ) from None
    if backend not in SUPPORTED_SCHEMES:
        raise InvalidInput("--db", f"{backend} databases are not supported",
                           expected + " (" + " or ".join(SUPPORTED_SCHEMES) + ")",
                           zh=f"不支持 {backend} 数据库，仅支持 SQLite 和 PostgreSQL")
    if driver != SUPPORTED_DRIVERS[backend]:
        raise InvalidInput("--db", f"the {driver} driver is not supported", expected,
                           zh=f"不支持数据库驱动 {driver}")


LOG_DIR_ENV = "LOANDESK_LOG_DIR"


def log_dir() -> Path:
    """Where the rotating error log goes: $LOANDESK_LOG_DIR (tests), else the user log
    directory (e.g. ~/.local/state/LoanDesk/log on Linux)."""
    return Path(os.environ.get(LOG_DIR_ENV) or user_log_dir(APP_NAME, appauthor=False))


SUPPORTED_SCHEMES = ("sqlite", "postgresql")
SUPPORTED_DRIVERS = {"sqlite": "pysqlite", "postgresql": "psycopg"}  # what is installed


def shown_url(url: str) -> str:
    """A database URL as a person may read it: the password masked (***)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        # Not a URL SQLAlchemy can read: still never echo what may hold a password.
        head, at, tail = url.rpartition("@")
        return f"{head.partition('://')[0]}://***@{tail}" if at else "(not a database URL)"
