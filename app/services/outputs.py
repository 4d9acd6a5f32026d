"""Files LoanDesk writes for a person (`-o`, Save as…, exports): never over the database,
never over a file nobody asked to replace, never half-written.

Every output goes to a temporary file in the target's own folder and is renamed over the
target only when completely written (os.replace is atomic on one file system), so a full disk
or a killed process leaves the old file or nothing, never a torn PDF. The database file, its
SQLite companions (-wal, -shm, -journal) and the backups folder beside it are refused even
with `force`: no flag makes `-o loandesk.sqlite3` a good idea.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from app.domain.errors import InvalidInput

SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
BACKUPS_FOLDER = "backups"


def protected_paths(sqlite_path: Path | None) -> tuple[Path, ...]:
    """What no output may ever replace: the SQLite file, its companions, its backups folder
    (nothing for PostgreSQL: its files are the server's)."""
    if sqlite_path is None:
        return ()
    base = _resolved(sqlite_path)
    return (base, *(base.with_name(base.name + s) for s in SQLITE_COMPANIONS),
            base.parent / BACKUPS_FOLDER)


def _resolved(path: Path) -> Path:
    # strict=False: the target may not exist yet; symlinks on the way are followed, so a
    # link named report.pdf pointing at the database is caught too.
    return Path(os.path.realpath(path))


def _refuse(field: str, path: str, problem: str, expected: str, zh: str) -> InvalidInput:
    return InvalidInput(field, f"{path or '(empty)'} {problem}", expected, zh=zh)


def check_output(path: str | Path, *, force: bool = False, protected: Iterable[Path] = (),
                 field: str = "-o", folder_made_later: bool = False) -> Path:
    """The target as a Path if LoanDesk may write it; InvalidInput naming `field` if not.
    `folder_made_later`: its folder need not exist yet (an export creates it)."""
    protected = tuple(protected)
    text = str(path)
    if not text.strip() or "\x00" in text:
        raise _refuse(field, text, "is not a file name", "a file path such as case.pdf",
                      "请指定输出文件名")
    target = Path(text)
    real = _resolved(target)
    for guarded in protected:
        if real == guarded or guarded in real.parents:
            raise _refuse(field, text, "is the database or one of its files (never "
                          "overwritten, even with --force)", "a file outside the database "
                          "folder's loandesk files", f"{text} 是数据库文件，不能写入")
    try:
        info = os.stat(real)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise _refuse(field, text, f"cannot be checked ({error.strerror})",
                      "a writable file path", f"无法检查 {text}") from None
    if info is not None:
        if _same_file_as_any(info, protected):  # a hard link to the database
            raise _refuse(field, text, "is the database or one of its files (never "
                          "overwritten, even with --force)", "another file name",
                          f"{text} 是数据库文件，不能写入")
        if stat.S_ISDIR(info.st_mode):
            raise _refuse(field, text, "is a folder", "a file name inside it",
                          f"{text} 是文件夹，请给出文件名")
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(field, text, "is not a regular file (a device, pipe or socket)",
                          "a file path", f"{text} 不是普通文件，不能写入")
        if not force:
            raise _refuse(field, text, "already exists", "a new file name, or --force to "
                          "replace it", f"{text} 已存在；如需覆盖请加 --force")
    folder = real.parent
    if not folder_made_later and not folder.is_dir():
        raise _refuse(field, text, "is in a folder that does not exist", "an existing folder",
                      f"{text} 所在文件夹不存在")
    return target


def check_output_folder(path: str | Path, *, protected: Iterable[Path] = (),
                        field: str = "-o") -> Path:
    """A folder an export may write into (created if missing): not a file, not the
    database's folder of backups, not empty."""
    text = str(path)
    if not text.strip() or "\x00" in text:
        raise _refuse(field, text, "is not a folder name", "a folder path",
                      "请指定输出文件夹")
    real = _resolved(Path(text))
    for guarded in protected:
        if real == guarded or guarded in real.parents:
            raise _refuse(field, text, "is the database or one of its files", "another folder",
                          f"{text} 是数据库文件所在位置，不能写入")
    if real.exists() and not real.is_dir():
        raise _refuse(field, text, "is not a folder", "a folder path",
                      f"{text} 不是文件夹")
    return Path(text)


def _same_file_as_any(info: os.stat_result, protected: Iterable[Path]) -> bool:
    for guarded in protected:
        try:
            other = os.stat(guarded)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
            return True
    return False


@contextlib.contextmanager
def output_file(path: str | Path, *, force: bool = False, protected: Iterable[Path] = (),
                field: str = "-o") -> Iterator[Path]:
    """A temporary path beside `path` (checked as above) for a writer that wants a file name
    (SQLite's backup, pg_dump): renamed over `path` when the block ends without error,
    removed when it fails, so the target is the old file or the complete new one."""
    target = check_output(path, force=force, protected=protected, field=field)
    real = _resolved(target)
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".part",
                                         dir=real.parent)
        os.close(fd)
    except OSError as error:
        raise _cannot_write(field, path, error) from None
    try:
        yield Path(temporary)
        os.replace(temporary, real)
    except OSError as error:
        raise _cannot_write(field, path, error) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)  # gone already after the rename


def _cannot_write(field: str, path: str | Path, error: OSError) -> InvalidInput:
    return _refuse(field, str(path), f"cannot be written ({error.strerror or error})",
                   "a writable file path", f"无法写入 {path}")


def write_output(path: str | Path, data: bytes, *, force: bool = False,
                 protected: Iterable[Path] = (), field: str = "-o") -> Path:
    """Write `data` to `path` (checked as above) through a temporary file and a rename."""
    with (output_file(path, force=force, protected=protected, field=field) as temporary,
          open(temporary, "wb") as handle):
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return Path(str(path))
