"""What the `loandesk` client and its command server agree on: which commands are served,
where the server listens, and which code it runs. Standard library only: the client reads
this before anything else, and every millisecond of it is paid by every command.

The command server (app.cli_server) is a LoanDesk process that keeps SQLAlchemy, the models,
the services, ReportLab and the font loaded, and runs a served command's very same
`app.cli.main(argv)` in the client's folder and environment: the database is opened, the
user signed in (argon2, one verification), permissions checked and the audit written as
in a local run; only the loading of the code is saved.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

SERVER_ENV = "LOANDESK_SERVER"  # "off": every command runs in its own process, as before
PASSWORD_ENV = "LOANDESK_PASSWORD"  # app.config.PASSWORD_ENV (not imported: see above)
APP_NAME = "LoanDesk"

# The served commands, as data: a command word and the subcommands of it that are served
# ("" = the command itself, e.g. `queue`). Reading, printing and the everyday recording of
# a step; never the desktop, init, demo, backup, restore, copy-to, the user and password
# commands, OCR (its models would stay in the server's memory), nor anything that reads
# standard input (`case new --json -`).
SERVED: dict[str, frozenset[str]] = {
    "case": frozenset({"list", "show", "set"}),
    "doc": frozenset({"list", "set", "export"}),
    "form": frozenset({"list", "render", "calibration", "receipt"}),
    "task": frozenset({"done", "undo"}),
    "audit": frozenset({"list", "verify"}),
    "lender": frozenset({"list"}),
    "custody": frozenset({"list", "out", "in"}),
    "follow-up": frozenset({"done"}),
    "board": frozenset({"", "export"}),
    "queue": frozenset({""}),
    "reminders": frozenset({""}),
    "schedule": frozenset({""}),
    "dossier": frozenset({""}),
}
# The global options that take a value (app.cli.build_parser); any other option before the
# command (--version, --help, a typo) runs locally, where argparse says what it says.
_VALUED = ("--db", "--user", "--password-file")
_HELP = ("-h", "--help")


def command_words(argv: Sequence[str]) -> tuple[str, str] | None:
    """The served (command, subcommand) that `argv` runs, or None when it is not served."""
    words = list(argv)
    i = 0
    while i < len(words) and words[i].startswith("-"):
        word = words[i]
        if word in _VALUED:
            i += 2
        elif word.partition("=")[0] in _VALUED and "=" in word:
            i += 1
        else:
            return None
    if i >= len(words) or any(w in _HELP for w in words[i:]):
        return None
    command = words[i]
    subcommands = SERVED.get(command)
    if subcommands is None:
        return None
    rest = words[i + 1:]
    sub = rest[0] if rest and not rest[0].startswith("-") else ""
    if sub not in subcommands:
        if "" in subcommands and sub not in _subcommand_words():
            return command, ""  # `board`, `queue` …: what follows are its own arguments
        return None
    return command, sub


def _subcommand_words() -> frozenset[str]:
    return frozenset(w for subs in SERVED.values() for w in subs if w)


def password_file(argv: Sequence[str]) -> str | None:
    """The --password-file given before the command, if any."""
    words = list(argv)
    for i, word in enumerate(words):
        if word == "--password-file" and i + 1 < len(words):
            return words[i + 1]
        if word.startswith("--password-file="):
            return word.partition("=")[2]
        if not word.startswith("-") and (i == 0 or words[i - 1] not in _VALUED):
            break  # the command: what follows is its own
    return None


def switched_off(environ: Mapping[str, str]) -> bool:
    return environ.get(SERVER_ENV, "").strip().lower() in ("off", "0", "no", "false")


def servable(argv: Sequence[str], environ: Mapping[str, str], stdin_is_terminal: bool) -> bool:
    """Whether `argv` may go to the command server: a served command whose password comes
    from the environment or a regular file (a password typed at a terminal, or a file
    such as `<(pass show …)` that only this process can open, runs locally)."""
    if switched_off(environ) or command_words(argv) is None:
        return False
    file = password_file(argv)
    if file is not None:
        try:
            return stat.S_ISREG(os.stat(file).st_mode)
        except OSError:
            return False  # the local run says why it cannot be read
    return bool(environ.get(PASSWORD_ENV)) or not stdin_is_terminal


# -- where the server listens ----------------------------------------------------------------

def _private_folder(path: Path) -> bool:
    """A real folder of this user that nobody else may enter (the XDG runtime-dir rule)."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return (stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid()
            and stat.S_IMODE(st.st_mode) & 0o077 == 0)


def _runtime_root() -> Path | None:
    """The user's runtime directory as platformdirs finds it on Linux ($XDG_RUNTIME_DIR,
    else /run/user/UID, each only when private to the user), without importing it."""
    given = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    for candidate in ((given,) if given else ()) + (f"/run/user/{os.getuid()}",):
        if _private_folder(Path(candidate)):
            return Path(candidate)
    return None


def _cache_root() -> Path:
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    given = os.environ.get("XDG_CACHE_HOME", "").strip()
    return Path(given) if given and os.path.isabs(given) else Path.home() / ".cache"


def server_folder() -> Path:
    """The folder of the server's socket, key and lock: the runtime directory (memory,
    emptied at logout), else the cache directory; LoanDesk/server, made 0700."""
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(local) / APP_NAME / "server"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "TemporaryItems" / APP_NAME / "server"
    root = _runtime_root()
    return (root if root is not None else _cache_root()) / APP_NAME / "server"


def socket_address(folder: Path) -> str:
    """AF_UNIX: a file in the private folder; Windows: a named pipe of this user's folder."""
    if sys.platform == "win32":
        import hashlib

        tag = hashlib.sha256(str(folder).lower().encode()).hexdigest()[:16]
        return rf"\\.\pipe\loandesk-{tag}"
    return str(folder / "socket")


def usable(address: str) -> bool:
    """Whether the address fits: an AF_UNIX path is at most 104 bytes on macOS, 108 on
    Linux (a longer one cannot be listened on; the commands then run locally)."""
    return sys.platform == "win32" or len(os.fsencode(address)) < 104


def socket_family() -> str:
    return "AF_PIPE" if sys.platform == "win32" else "AF_UNIX"


def key_file(folder: Path) -> Path:
    return folder / "key"


def lock_file(folder: Path) -> Path:
    return folder / "lock"


def trusted(folder: Path) -> bool:
    """Whether the folder is ours alone (POSIX: owner and mode; Windows: the profile's)."""
    return sys.platform == "win32" or _private_folder(folder)


# -- which code ------------------------------------------------------------------------------

def fingerprint() -> str:
    """The code a process runs: LoanDesk's version, the interpreter, and the newest change
    of the app package (its modules and the forms it reads) or, in a PyInstaller bundle,
    of the executable. A server whose fingerprint differs from its client's exits."""
    if getattr(sys, "frozen", False):
        newest = os.stat(sys.executable).st_mtime_ns
    else:
        package = Path(__file__).resolve().parent
        newest = _newest_change(package)
        forms = package.parent / "forms"  # a source tree keeps the forms beside app/
        if not (package / "_data").is_dir() and forms.is_dir():
            newest = max(newest, _newest_change(forms))
    return f"{installed_version()}|{sys.executable}|{newest}"


def _newest_change(folder: Path) -> int:
    newest = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            try:
                newest = max(newest, os.stat(os.path.join(root, name)).st_mtime_ns)
            except OSError:
                continue
    return newest


def installed_version() -> str:
    """The version app.config.version() answers (importlib.metadata, the first
    distribution named loandesk on sys.path), read off the metadata folder's name or its
    PKG-INFO: importing importlib.metadata costs the client a thirtieth of a second."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            low = name.lower()
            if not low.startswith("loandesk") or not low.endswith((".dist-info", ".egg-info")):
                continue
            stem = name.rsplit(".", 1)[0]
            project, dash, version = stem.partition("-")
            if project.lower().replace("_", "-") != "loandesk":
                continue
            if dash and version:
                return version
            found = _metadata_version(Path(entry or ".") / name)
            if found:
                return found
    return "0+unknown"


def _metadata_version(folder: Path) -> str:
    for file in ("PKG-INFO", "METADATA"):
        try:
            with open(folder / file, encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("Version:"):
                        return line.partition(":")[2].strip()
                    if not line.strip():
                        break
        except OSError:
            continue
    return ""
