"""``styrgraf backup`` and ``restore`` through the real CLI, compared by quad count and dump hash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.live import serving
from tests.seeds import seed_path
from tests.stores import copy_store, ingest_to_disk, state


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed store holding seeds 003 and 004."""
    return ingest_to_disk([seed_path("003"), seed_path("004")], tmp_path_factory.mktemp("backup") / "store")


def styrgraf(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "styrgraf", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_restore_brings_back_exactly_what_was_backed_up(tmp_path: Path, pristine: Path) -> None:
    store = copy_store(pristine, tmp_path / "store")
    before = state(store)
    made = styrgraf("backup", "saved", "--store", store, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert made.stdout == f"backed up {before[0]} quads from {store} to saved\n"
    changed = styrgraf("ingest", seed_path("000"), "--store", store, cwd=tmp_path)
    assert changed.returncode == 0, changed.stderr
    assert state(store) != before
    restored = styrgraf("restore", "saved", "--store", store, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout == f"restored {before[0]} quads from saved into {store}\n"
    assert state(store) == before
    assert state(tmp_path / "saved") == before, "the backup is left as it was"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["saved", "store"], "no staging directory left"


def test_restore_into_a_missing_store_creates_it(tmp_path: Path, pristine: Path) -> None:
    assert styrgraf("restore", pristine, "--store", "fresh", cwd=tmp_path).returncode == 0
    assert state(tmp_path / "fresh") == state(pristine)


def test_backup_and_restore_are_refused_while_the_store_is_served(tmp_path: Path, pristine: Path) -> None:
    store = copy_store(pristine, tmp_path / "store")
    before = state(store)
    other = copy_store(pristine, tmp_path / "other")
    assert styrgraf("ingest", seed_path("000"), "--store", other, cwd=tmp_path).returncode == 0
    with serving(store):
        for command, source, doing in (("backup", "saved", "backing up"), ("restore", other, "restoring")):
            refused = styrgraf(command, source, "--store", store, cwd=tmp_path)
            assert (refused.returncode, refused.stderr) == (
                1,
                f"styrgraf: {store}: in use by another process (a running `styrgraf serve`?);"
                f" stop it before {doing}\n",
            )
    assert state(store) == before
    assert not (tmp_path / "saved").exists()


def test_bad_backups_and_targets_are_refused_and_leave_the_store(tmp_path: Path, pristine: Path) -> None:
    store = copy_store(pristine, tmp_path / "store")
    before = state(store)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("not a store\n", encoding="utf-8")
    not_a_store = styrgraf("restore", "notes", "--store", store, cwd=tmp_path)
    assert (not_a_store.returncode, not_a_store.stderr) == (
        1,
        "styrgraf: notes: not a store (no CURRENT file)\n",
    )
    exists = styrgraf("backup", "notes", "--store", store, cwd=tmp_path)
    assert (exists.returncode, exists.stderr) == (
        1,
        "styrgraf: notes: already exists; back up into a new directory\n",
    )
    over_files = styrgraf("restore", store, "--store", "notes", cwd=tmp_path)
    assert (over_files.returncode, over_files.stderr) == (
        1,
        "styrgraf: notes: not a store; refusing to replace it\n",
    )
    assert state(store) == before
    assert (tmp_path / "notes" / "readme.txt").read_text(encoding="utf-8") == "not a store\n"
