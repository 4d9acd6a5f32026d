"""Settings → Database: which database this workstation uses, tested before it is chosen.

Several workstations share one PostgreSQL server; each remembers the server's URL (without
the password) in its own settings file (app.config.workstation_file) and the password in
the operating system's credential store through `keyring` (Windows Credential Manager,
macOS Keychain, the Secret Service on a Linux desktop). A workstation without a usable store
refuses to remember the password rather than write it anywhere in clear.

Copying the current data across: into a new SQLite file it is a verified backup written at
the new place (app.services.backup); into a PostgreSQL server (a dealership growing from one
workstation to several) every table is copied into the new, empty server database and
checked there (app.services.copy_across). Without a copy a new server database starts empty
(LoanDesk sets it up and asks for its first administrator).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from app import config
from app.domain.errors import InvalidInput, Text
from app.domain.permissions import Action
from app.services.common import acting_user, audit, require
from app.store.db import POSTGRES_EXTRA, Database

if TYPE_CHECKING:
    from app.services.copy_across import CopiedAcross, Progress

POSTGRESQL = "postgresql"
SQLITE = "sqlite"
CONNECT_TIMEOUT_S = 5  # a server that has not answered in 5 s is, for a person, not there


@dataclass(frozen=True)
class Target:
    """A database a person describes in the Database tab."""

    kind: str  # POSTGRESQL or SQLITE
    host: str = ""
    port: int = 5432
    database: str = ""
    user: str = ""
    path: str = ""  # SQLite: the file

    def url(self, password: str | None = None) -> str:
        if self.kind == SQLITE:
            return f"sqlite:///{Path(self.path).expanduser()}"
        return URL.create("postgresql+psycopg", username=self.user or None,
                          password=password or None, host=self.host, port=self.port,
                          database=self.database).render_as_string(hide_password=False)


@dataclass(frozen=True)
class Connected:
    """What a successful test found: LoanDesk data already there, or an empty database."""

    shown_url: str
    has_loandesk_data: bool

    @property
    def words(self) -> Text:
        if self.has_loandesk_data:
            return Text(f"Connected to {self.shown_url}: it holds LoanDesk data.",
                        f"已连接 {self.shown_url}：其中已有 LoanDesk 数据。")
        return Text(f"Connected to {self.shown_url}: it is empty; LoanDesk will set it up.",
                    f"已连接 {self.shown_url}：数据库为空，LoanDesk 将自动初始化。")


def _check_target(target: Target) -> None:
    if target.kind == SQLITE:
        if not target.path.strip():
            raise InvalidInput("file", "no file named", "a database file",
                               zh="未填写数据库文件")
        return
    for field, value, zh in (("server", target.host, "服务器"),
                             ("database", target.database, "数据库名"),
                             ("user", target.user, "用户名")):
        if not value.strip():
            raise InvalidInput(field, "is empty", f"the {field} of the PostgreSQL database",
                               zh=f"{zh}未填写")
    if not 1 <= target.port <= 65535:
        raise InvalidInput("port", f"{target.port} is not a port", "1 to 65535",
                           zh="端口应为 1 到 65535")


def _connection_refusal(target: Target, error: BaseException) -> InvalidInput:
    """The driver's message in the words a person can act on."""
    message = str(getattr(error, "orig", None) or error)
    lower = message.lower()
    where = f"{target.host}:{target.port}"
    if "password authentication failed" in lower or "no password supplied" in lower:
        # The server says the same for an unknown user (it will not tell who exists).
        return InvalidInput("password", f"the server at {where} refused the password of "
                            f"{target.user} (or has no such user)",
                            "the password of this database user",
                            zh=f"服务器 {where} 拒绝了用户 {target.user} 的密码(或无此用户)")
    if f'database "{target.database.lower()}" does not exist' in lower:
        return InvalidInput("database", f"there is no database {target.database!r} on "
                            f"{where}", "a database created for LoanDesk (CREATE DATABASE)",
                            zh=f"服务器 {where} 上没有数据库 {target.database}")
    if "role" in lower and "does not exist" in lower:
        return InvalidInput("user", f"the server at {where} has no user {target.user!r}",
                            "a database user (CREATE ROLE … LOGIN)",
                            zh=f"服务器 {where} 上没有用户 {target.user}")
    if any(words in lower for words in ("could not translate host name",
                                        "name or service not known", "nodename nor servname",
                                        "no such host", "getaddrinfo")):
        return InvalidInput("server", f"the server name {target.host!r} is not known on "
                            "this network", "the server's name or IP address",
                            zh=f"网络中找不到服务器 {target.host}")
    if any(words in lower for words in ("connection refused", "timeout", "timed out",
                                        "could not connect", "no route to host",
                                        "network is unreachable", "connection failed")):
        return InvalidInput("server", f"no PostgreSQL server answers at {where} (host "
                            "unreachable, server stopped, or a firewall between)",
                            "a running server reachable from this workstation",
                            zh=f"{where} 无法连接(主机不可达、服务未启动或被防火墙阻挡)")
    first = (message.strip().splitlines() or ["no message"])[0][:160]
    return InvalidInput("server", f"cannot connect to {where} ({first})",
                        "a reachable PostgreSQL database", zh=f"无法连接 {where}：{first}")


def check_connection(target: Target, password: str = "") -> Connected:
    """Connect once (with a short time-out) and say what is there; a refusal in words."""
    _check_target(target)
    url = target.url(password)
    shown = config.shown_url(url)
    if target.kind == SQLITE:
        return _test_sqlite(Path(target.path).expanduser(), shown)
    try:
        engine = create_engine(url, poolclass=NullPool,
                               connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    except (ImportError, NoSuchModuleError):
        raise InvalidInput("database", "PostgreSQL support is not installed on this "
                           "workstation", f"{POSTGRES_EXTRA} (the psycopg driver)",
                           zh=f"本机未安装 PostgreSQL 支持，请运行 {POSTGRES_EXTRA}"
                           ) from None
    except ArgumentError as error:
        raise InvalidInput("database", f"not a database address ({error})",
                           zh="数据库地址格式错误") from None
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            tables = set(inspect(connection).get_table_names())
    except SQLAlchemyError as error:
        raise _connection_refusal(target, error) from None
    finally:
        engine.dispose()
    return Connected(shown, "alembic_version" in tables)


def _test_sqlite(path: Path, shown: str) -> Connected:
    if path.is_dir():
        raise InvalidInput("file", f"{path} is a folder", "a database file",
                           zh=f"{path} 是文件夹")
    folder = path.parent
    if not path.exists():
        import os

        if not folder.is_dir() or not os.access(folder, os.W_OK):
            raise InvalidInput("file", f"the folder {folder} does not exist or is read-only",
                               "a file in a writable folder", zh=f"文件夹 {folder} 不存在或只读")
        return Connected(shown, False)
    import sqlite3

    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            names = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise InvalidInput("file", f"{path} is not a database ({error})",
                           "a LoanDesk database file", zh=f"{path} 不是数据库文件") from None
    if names and "alembic_version" not in names:
        raise InvalidInput("file", f"{path} is a database of another program",
                           "a LoanDesk database file, or a new file",
                           zh=f"{path} 是其他程序的数据库")
    return Connected(shown, "alembic_version" in names)


# -- the password in the credential store ---------------------------------------------------


def store_password(url: str, password: str) -> None:
    """Keep the password in the OS credential store; refuse (and keep nothing) without one."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        raise _no_store("the keyring package is not installed") from None
    try:
        keyring.set_password(config.KEYRING_SERVICE, config.credential_name(url), password)
    except (KeyringError, RuntimeError) as error:
        raise _no_store(str(error).splitlines()[0][:160] if str(error) else
                        error.__class__.__name__) from None


def _no_store(why: str) -> InvalidInput:
    return InvalidInput("password", f"this workstation has no credential store to keep it "
                        f"in ({why}); it is not saved anywhere",
                        "Windows Credential Manager, or on Linux a desktop keyring (GNOME "
                        f"Keyring, KWallet); or give the full URL in ${config.DB_ENV} for "
                        "this session", zh="本机没有可用的凭据存储，密码未保存(不会以明文写入文件)")


# -- switching -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Switched:
    shown_url: str
    settings_file: Path
    copied_to: Path | None  # the verified copy of the current data, when one was made
    copied_across: CopiedAcross | None = None  # the copy into a server database, checked


def may_copy(current: Database, target: Target) -> bool:
    """Copying across exists into a new SQLite file from a SQLite file, and into a new
    PostgreSQL database from either (see above)."""
    return target.kind == POSTGRESQL or (current.is_sqlite and target.kind == SQLITE)


def switch_database(db: Database, actor: str, target: Target, password: str = "", *,
                    copy: bool = False, progress: Progress | None = None) -> Switched:
    """Make `target` this workstation's database from the next start: tested first, the
    current data copied into it if asked (and checked there), the password into the
    credential store, the URL into this workstation's settings file, and the switch
    audited. `progress(table, rows done, rows in all)` follows a copy into a server."""
    with db.reading() as session:
        require(acting_user(session, actor), Action.SWITCH_DATABASE)
    url = target.url(password)
    if make_url(url) == make_url(db.url):
        raise InvalidInput("database", "is the database in use already", "another database",
                           zh="这就是正在使用的数据库")
    if copy and not may_copy(db, target):
        raise InvalidInput("copy", "copying a server database into a file is not available "
                           "here", "a backup (Back up…) of the server database",
                           zh="不支持把服务器数据库复制到文件，请使用备份")
    found = check_connection(target, password)
    copied: Path | None = None
    across: CopiedAcross | None = None
    if copy and target.kind == POSTGRESQL:
        from app.services.copy_across import copy_across

        across = copy_across(db, actor, url, progress=progress)  # refused unless empty
        if password:
            store_password(url, password)
    elif copy:
        from app.services.backup import backup

        path = Path(target.path).expanduser()
        if path.exists():
            raise InvalidInput("file", f"{path} exists; the copy goes into a new file",
                               "a new file name", zh=f"{path} 已存在，复制须写入新文件")
        copied = backup(db, actor, path).path  # a verified copy with its audit key beside
    elif target.kind == POSTGRESQL and password:
        store_password(url, password)
    settings_file = config.remember_database_url(url)
    with db.transaction() as session:
        audit(session, actor, "database.switch", None, to=found.shown_url,
              copied=str(copied) if copied else (found.shown_url if across else ""))
    return Switched(found.shown_url, settings_file, copied, across)
