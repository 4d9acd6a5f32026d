"""The key that signs the audit trail, kept outside the database it signs.

Whoever can write the database can rewrite the audit rows and recompute their hashes; they
cannot compute the HMAC without this key. SQLite: a file beside the database file
(`loandesk.audit-key`, mode 0600). PostgreSQL: a file in the user data directory named after
the server and database; every workstation of a shared database needs the same file (copy
it, or point `LOANDESK_AUDIT_KEY_FILE` at it). Backups carry a copy beside them.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

KEY_ENV = "LOANDESK_AUDIT_KEY_FILE"
KEY_SUFFIX = ".audit-key"
KEY_BYTES = 32


def side_key_path(file: Path) -> Path:
    """Where the key of a database file or backup sits: beside it, `NAME.audit-key`."""
    return file.with_name(file.stem + KEY_SUFFIX)


def key_path_for(url: str) -> Path | None:
    """Where the key of the database at `url` lives; None for an in-memory database."""
    if os.environ.get(KEY_ENV):
        return Path(os.environ[KEY_ENV])
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            return None
        return side_key_path(Path(parsed.database))
    from app.config import data_dir

    place = f"{parsed.host or 'local'}-{parsed.port or 5432}-{parsed.database or ''}"
    return data_dir() / "audit-keys" / (re.sub(r"[^A-Za-z0-9_.-]", "_", place) + KEY_SUFFIX)


def read_key(path: Path) -> bytes | None:
    try:
        text = path.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return key if len(key) == KEY_BYTES else None


def create_key(path: Path) -> bytes:
    """A new random key, written so that only this user can read it (never overwriting)."""
    key = secrets.token_bytes(KEY_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
    return key


def write_key_copy(key: bytes, path: Path) -> None:
    """A copy of the key beside a backup (replacing an older copy there)."""
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
    os.replace(partial, path)


def key_id(key: bytes) -> str:
    """A name for the key that reveals nothing about it."""
    return hmac.new(key, b"loandesk audit key id", hashlib.sha256).hexdigest()[:32]


def row_mac(key: bytes, seq: int, entry_hash: str) -> str:
    return hmac.new(key, f"row:{seq}:{entry_hash}".encode(), hashlib.sha256).hexdigest()


def head_mac(key: bytes, seq: int, entry_hash: str) -> str:
    # Another purpose than row_mac: a row's mac cannot be copied into the head to move it back.
    return hmac.new(key, f"head:{seq}:{entry_hash}".encode(), hashlib.sha256).hexdigest()
