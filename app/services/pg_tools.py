"""Where the PostgreSQL client programs (pg_dump, pg_restore, psql) are on this workstation.

A dealership's Windows PC rarely has them on PATH: the EDB installer puts them in
`C:\\Program Files\\PostgreSQL\\<version>\\bin`, Debian in `/usr/lib/postgresql/<version>/bin`
(with wrappers on PATH). So they are looked for, in this order: the folder named by
$LOANDESK_PG_BIN_DIR or the setting `backup.pg_bin_dir` (when one is named, only there: a
person who named a folder wants that version), then PATH, then beside a PostgreSQL install,
highest version first (pg_dump refuses a server newer than itself, so the newest is the one
most likely to work). When none is found the refusal says which program, every place looked
in, and how to name the folder, in words a person at a Windows desk can follow.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from app.domain.errors import InvalidInput

PG_BIN_SETTING = "backup.pg_bin_dir"
PG_BIN_ENV = "LOANDESK_PG_BIN_DIR"
LINUX_INSTALLS = Path("/usr/lib/postgresql")


def _version_key(folder: Path) -> tuple[int, ...]:
    """`16` > `9.6` > `9.5`: numbers, not text (as text "9.6" sorts above "16")."""
    parts = folder.name.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else (-1,)


def install_roots(windows: bool) -> list[Path]:
    """The folders that hold one subfolder per installed PostgreSQL version."""
    if not windows:
        return [LINUX_INSTALLS]
    roots = []
    for variable in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
        value = os.environ.get(variable)
        if value and Path(value, "PostgreSQL") not in roots:
            roots.append(Path(value, "PostgreSQL"))
    return roots or [Path(r"C:\Program Files\PostgreSQL")]


def install_bins(roots: list[Path]) -> list[Path]:
    """`<root>/<version>/bin` of every install, highest version first."""
    found: list[Path] = []
    for root in roots:
        try:
            versions = [v for v in root.iterdir() if v.is_dir() and _version_key(v) != (-1,)]
        except OSError:
            continue
        found += [v / "bin" for v in sorted(versions, key=_version_key, reverse=True)]
    return found


def find_pg_tool(name: str, configured: str = "", *, windows: bool | None = None,
                 search_path: str | None = None, roots: list[Path] | None = None) -> Path:
    """The program `name` (pg_dump, pg_restore, psql), or a refusal saying where it was
    looked for. `windows`, `search_path` and `roots` are this machine's unless given
    (tests give a fake tree)."""
    windows = sys.platform == "win32" if windows is None else windows
    program = f"{name}.exe" if windows else name
    named = os.environ.get(PG_BIN_ENV) or configured.strip()
    if named:
        candidate = Path(named) / program
        if candidate.is_file():
            return candidate
        raise _missing(name, program, [f"{named} (named in {PG_BIN_ENV} or the setting "
                                       f"{PG_BIN_SETTING})"], windows)
    on_path = shutil.which(program, path=search_path if search_path is not None
                           else os.environ.get("PATH", ""))
    if on_path:
        return Path(on_path)
    roots = install_roots(windows) if roots is None else roots
    for folder in install_bins(roots):
        if (folder / program).is_file():
            return folder / program
    pattern = [str(root / "<version>" / "bin") for root in roots]
    raise _missing(name, program, ["PATH", *pattern], windows)


def _missing(name: str, program: str, looked_in: list[str], windows: bool) -> InvalidInput:
    places = "; ".join(looked_in)
    if windows:
        how = (f"install PostgreSQL's command-line tools (the PostgreSQL installer for "
               f"Windows, component \"Command Line Tools\"), or, if they are installed "
               f"elsewhere, put the folder that holds {program} in Settings → Database → "
               f"\"PostgreSQL tools folder\"")
        how_zh = (f"请安装 PostgreSQL 命令行工具(Windows 安装程序中的 \"Command Line Tools\" "
                  f"组件)；如已装在别处，请在 设置 → 数据库 → \"PostgreSQL 工具文件夹\" "
                  f"中填写 {program} 所在的文件夹")
    else:
        how = (f"the PostgreSQL client tools (Debian: apt-get install postgresql-client), "
               f"or the folder holding {program} in Settings → Database → \"PostgreSQL "
               f"tools folder\" (or ${PG_BIN_ENV})")
        how_zh = (f"请安装 PostgreSQL 客户端工具(Debian: apt-get install postgresql-client)，"
                  f"或在 设置 → 数据库 中填写 {program} 所在的文件夹")
    return InvalidInput("backup", f"{program} ({name}, needed for backups of a PostgreSQL "
                        f"database) was not found; looked in: {places}", how,
                        zh=f"找不到 {program}(PostgreSQL 数据库备份所需)，已查找：{places}。"
                           f"{how_zh}")
