"""The one safe-output helper (issue 11): what it refuses, and that a write is all or
nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.domain.errors import InvalidInput
from app.services import outputs
from app.services.outputs import (
    check_output,
    check_output_folder,
    protected_paths,
    write_output,
)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "loandesk.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"SQLite format 3\x00")
    return path


def refused(path: str | Path, **kwargs: object) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        write_output(path, b"new", **kwargs)  # type: ignore[arg-type]
    return caught.value


def test_protected_paths_name_the_file_its_companions_and_backups(database: Path) -> None:
    real = Path(os.path.realpath(database))
    assert protected_paths(database) == (
        real, real.with_name("loandesk.sqlite3-wal"), real.with_name("loandesk.sqlite3-shm"),
        real.with_name("loandesk.sqlite3-journal"), real.parent / "backups")
    assert protected_paths(None) == ()  # PostgreSQL: nothing on this disk is the database


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
@pytest.mark.parametrize("force", [False, True])
def test_database_files_are_never_written(database: Path, suffix: str, force: bool) -> None:
    target = Path(f"{database}{suffix}")
    before = target.read_bytes() if target.exists() else None
    error = refused(target, force=force, protected=protected_paths(database))
    assert error.field == "-o" and "database" in error.problem
    assert (target.read_bytes() if target.exists() else None) == before


def test_backups_folder_and_links_to_the_database_are_refused(database: Path,
                                                             tmp_path: Path) -> None:
    guarded = protected_paths(database)
    (database.parent / "backups").mkdir()
    for target in (database.parent / "backups", database.parent / "backups" / "x.pdf"):
        assert "database" in refused(target, force=True, protected=guarded).problem
    link = tmp_path / "innocent.pdf"
    link.symlink_to(database)
    assert "database" in refused(link, force=True, protected=guarded).problem
    hard = tmp_path / "hard.pdf"
    os.link(database, hard)
    assert "database" in refused(hard, force=True, protected=guarded).problem
    assert database.read_bytes() == b"SQLite format 3\x00"


def test_an_unrelated_file_beside_the_database_may_be_written(database: Path) -> None:
    """The guard is the database's files, not its folder (one character off is allowed)."""
    guarded = protected_paths(database)
    target = database.with_name("loandesk.sqlite3-walk")
    write_output(target, b"ok", protected=guarded)
    assert target.read_bytes() == b"ok"


def test_existing_file_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "form.pdf"
    target.write_bytes(b"old")
    error = refused(target)
    assert error.problem.endswith("already exists") and "--force" in error.expected
    assert target.read_bytes() == b"old"
    write_output(target, b"new", force=True)
    assert target.read_bytes() == b"new"


@pytest.mark.parametrize("path", ["", "  ", "a\x00b"])
def test_no_name_is_refused(path: str) -> None:
    assert "not a file name" in refused(path).problem


def test_folders_devices_and_fifos_are_refused_even_with_force(tmp_path: Path) -> None:
    assert "is a folder" in refused(tmp_path, force=True).problem
    for device in ("/dev/null", "/dev/full"):
        assert "not a regular file" in refused(device, force=True).problem
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "not a regular file" in refused(fifo, force=True).problem
    assert "does not exist" in refused(tmp_path / "no" / "x.pdf").problem


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    target = tmp_path / "form.pdf"
    target.write_bytes(b"old")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs.os, "replace", disk_full)
    error = refused(target, force=True)
    assert "No space left on device" in error.problem
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["form.pdf"]


def test_written_through_a_temporary_file_in_the_same_folder(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    seen: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(source: str, target: str) -> None:
        seen.append((source, target))
        real_replace(source, target)

    monkeypatch.setattr(outputs.os, "replace", spy)
    write_output(tmp_path / "a.pdf", b"%PDF")
    [(source, target)] = seen
    assert Path(source).parent == tmp_path and Path(source).name.endswith(".part")
    assert Path(target) == tmp_path / "a.pdf"
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF"


def test_check_without_writing_and_folders(tmp_path: Path, database: Path) -> None:
    assert check_output(tmp_path / "new.pdf") == tmp_path / "new.pdf"
    assert not (tmp_path / "new.pdf").exists()
    assert check_output(tmp_path / "later" / "x.jpg", folder_made_later=True)
    assert check_output_folder(tmp_path / "later") == tmp_path / "later"
    with pytest.raises(InvalidInput):
        check_output_folder("")
    with pytest.raises(InvalidInput):
        check_output_folder(database)  # a file, not a folder
    with pytest.raises(InvalidInput):
        check_output_folder(database.parent / "backups", protected=protected_paths(database))


def test_output_file_gives_a_name_for_writers_that_want_one(tmp_path: Path,
                                                            database: Path) -> None:
    """For the backup (SQLite's backup API, pg_dump): a temporary name, renamed at the end."""
    target = tmp_path / "backup.sqlite3"
    with outputs.output_file(target, protected=protected_paths(database)) as temporary:
        assert temporary.parent == tmp_path and temporary != target
        temporary.write_bytes(b"copy")
        assert not target.exists()
    assert target.read_bytes() == b"copy"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.sqlite3", "data"]


def test_output_file_leaves_nothing_when_the_writer_fails(tmp_path: Path) -> None:
    target = tmp_path / "backup.sqlite3"
    with pytest.raises(RuntimeError), outputs.output_file(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("pg_dump died")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(InvalidInput) as caught, outputs.output_file(target):
        raise OSError(28, "No space left on device")
    assert "No space left on device" in caught.value.problem
    assert list(tmp_path.iterdir()) == []
