"""``styrgraf backup`` and ``styrgraf restore``: a consistent copy of the store, and putting one back.

A backup is an Oxigraph (RocksDB) checkpoint: a directory that opens as a store by itself, taken from
the store opened for writing. While another process holds the store (a running ``styrgraf serve``)
the backup is refused: Oxigraph leaves a read-only open beside a writer undefined, so there is no
safe way to read the store from outside that process.

Restoring replaces the configured store, never a store in use, and never half-way:

1. the backup must open as a store (read-only, so it is left untouched), and its quads are counted;
2. the store's ``LOCK`` file is locked the way Oxigraph locks it, so a server or an ingest holding the
   store makes the restore refuse, and none can open it until the restore is done;
3. the backup is copied to a sibling directory, opened there and its count checked;
4. the sibling and the store swap places in one ``renameat2(RENAME_EXCHANGE)`` (Linux; elsewhere
   two renames), and the old store is deleted.

With the exchange, a restore killed at any point leaves the store as it was, or the restored one.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.store import GraphStore
from styrgraf.errors import StoreError

__all__ = ["backup_store", "restore_store"]

def backup_store(store: Path, target: Path) -> int:
    """Write a consistent copy of the store at ``store`` to the new directory ``target``.

    :returns: the number of quads the backup holds.
    :raises StoreError: ``store`` is not a store or is in use by another process, ``target`` exists,
        or the copy does not open.
    """
    _require_store(store)
    if target.exists():
        raise StoreError(f"{target}: already exists; back up into a new directory")
    with _locked(store, doing="backing up"):
        source = GraphStore.open(store)
        expected = len(source)
        source.backup(target)
        del source
    if (found := _count(target)) != expected:
        raise StoreError(f"{target}: backup holds {found} quads, the store {expected}")
    return expected


def restore_store(backup: Path, store: Path) -> int:
    """Replace the store at ``store`` with the backup at ``backup``, atomically.

    :returns: the number of quads restored.
    :raises StoreError: the backup does not open as a store, the store is in use by another process,
        or ``store`` holds something that is not a store; the store is unchanged.
    """
    _require_store(backup)
    expected = _count(backup)
    if store.exists() and any(store.iterdir()) and not (store / "CURRENT").is_file():
        raise StoreError(f"{store}: not a store; refusing to replace it")
    staging = store.with_name(f".{store.name}.restore-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    with _locked(store, doing="restoring"):
        try:
            shutil.copytree(backup, staging, ignore=shutil.ignore_patterns("LOCK"))
            copy = GraphStore.open(staging)
            found = len(copy)
            copy.flush()
            del copy
            if found != expected:
                raise StoreError(f"{backup}: copy holds {found} quads, the backup {expected}")
            if store.exists():
                _exchange(staging, store)
            else:
                staging.rename(store)
        except OSError as exc:
            raise StoreError(f"{store}: restore failed, store unchanged: {exc}") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return expected


def _require_store(path: Path) -> None:
    if not (path / "CURRENT").is_file():
        raise StoreError(f"{path}: not a store (no CURRENT file)")


def _count(path: Path) -> int:
    """Quads in the store at ``path``, opened read-only.

    :raises StoreError: it does not open.
    """
    try:
        return len(GraphStore.open(path, read_only=True))
    except (StoreError, OSError) as exc:
        raise StoreError(f"{path}: does not open as a store: {exc}") from None


@contextmanager
def _locked(store: Path, *, doing: str) -> Iterator[None]:
    """Hold the store's ``LOCK`` as Oxigraph (RocksDB) does, with a POSIX record lock.

    :raises StoreError: another process holds it.
    """
    if not (store / "LOCK").is_file():
        yield
        return
    with (store / "LOCK").open("r+b") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise StoreError(
                f"{store}: in use by another process (a running `styrgraf serve`?); stop it before {doing}"
            ) from None
        yield


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> None:
    """Swap two directories in one step (``renameat2(RENAME_EXCHANGE)``), or with two renames."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        status = renameat2(
            _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
        )
        if status == 0:
            return
        error = ctypes.get_errno()
        if error not in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: no exchange on this filesystem
            raise OSError(error, os.strerror(error), str(second))
    aside = second.with_name(f"{second.name}.old-{os.getpid()}")
    second.rename(aside)
    first.rename(second)
    aside.rename(first)
