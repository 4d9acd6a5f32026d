"""Finding pg_dump / pg_restore on a workstation, on fake folder trees (Windows and Debian)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import InvalidInput
from app.services.pg_tools import PG_BIN_ENV, PG_BIN_SETTING, find_pg_tool


@pytest.fixture(autouse=True)
def no_named_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PG_BIN_ENV, raising=False)


def tool(folder: Path, program: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / program
    path.write_bytes(b"")
    path.chmod(0o755)
    return path


def windows_tree(tmp_path: Path, versions: list[str]) -> Path:
    root = tmp_path / "Program Files" / "PostgreSQL"
    for version in versions:
        tool(root / version / "bin", "pg_dump.exe")
    return root


def test_windows_install_highest_version_first_numerically(tmp_path: Path) -> None:
    # As text "9.6" > "16" > "10": the numeric order must win.
    root = windows_tree(tmp_path, ["9.6", "16", "10"])
    (root / "pgAdmin 4").mkdir()  # not a version: ignored
    found = find_pg_tool("pg_dump", windows=True, search_path="", roots=[root])
    assert found == root / "16" / "bin" / "pg_dump.exe"


def test_a_version_without_the_tool_is_skipped(tmp_path: Path) -> None:
    root = windows_tree(tmp_path, ["15"])
    (root / "17" / "bin").mkdir(parents=True)  # the server only, no client tools
    found = find_pg_tool("pg_dump", windows=True, search_path="", roots=[root])
    assert found == root / "15" / "bin" / "pg_dump.exe"


def test_linux_install_folder(tmp_path: Path) -> None:
    root = tmp_path / "usr" / "lib" / "postgresql"
    tool(root / "15" / "bin", "pg_restore")
    tool(root / "17" / "bin", "pg_restore")
    assert find_pg_tool("pg_restore", windows=False, search_path="",
                        roots=[root]) == root / "17" / "bin" / "pg_restore"


def test_path_comes_before_an_install(tmp_path: Path) -> None:
    root = tmp_path / "pg"
    tool(root / "17" / "bin", "pg_dump")
    on_path = tool(tmp_path / "bin", "pg_dump")
    assert find_pg_tool("pg_dump", windows=False, search_path=str(tmp_path / "bin"),
                        roots=[root]) == on_path


def test_a_named_folder_wins_and_is_the_only_place_looked(tmp_path: Path) -> None:
    root = windows_tree(tmp_path, ["16"])
    named = tool(tmp_path / "tools", "pg_dump.exe")
    assert find_pg_tool("pg_dump", str(tmp_path / "tools"), windows=True, search_path="",
                        roots=[root]) == named
    with pytest.raises(InvalidInput) as refused:
        find_pg_tool("pg_dump", str(tmp_path / "elsewhere"), windows=True, search_path="",
                     roots=[root])
    assert str(tmp_path / "elsewhere") in str(refused.value)
    assert PG_BIN_SETTING in str(refused.value)


def test_the_environment_names_the_folder_before_the_setting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from_env = tool(tmp_path / "env", "pg_dump")
    tool(tmp_path / "setting", "pg_dump")
    monkeypatch.setenv(PG_BIN_ENV, str(tmp_path / "env"))
    assert find_pg_tool("pg_dump", str(tmp_path / "setting"), windows=False,
                        search_path="", roots=[]) == from_env


def test_missing_on_windows_says_what_where_and_how(tmp_path: Path) -> None:
    root = windows_tree(tmp_path, [])
    with pytest.raises(InvalidInput) as refused:
        find_pg_tool("pg_restore", windows=True, search_path="", roots=[root])
    message = str(refused.value)
    assert "pg_restore.exe" in message
    assert "PATH" in message and str(root / "<version>" / "bin") in message
    assert "Settings → Database" in message and "Command Line Tools" in message
    assert "apt-get" not in message  # no Debian advice on a Windows desk
    assert "设置 → 数据库" in refused.value.zh


def test_missing_on_linux_names_the_package(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        find_pg_tool("pg_dump", windows=False, search_path="", roots=[tmp_path / "none"])
    assert "postgresql-client" in str(refused.value)
    assert "Command Line Tools" not in str(refused.value)
