"""Killable SPARQL evaluation: worker processes reading immutable checkpoints of the store.

pyoxigraph cannot time out or cancel a query, and a sort or an aggregate computes everything
before its first row, so a query running in a thread of the server cannot be stopped: it burns
a core until it ends. :class:`QueryPool` evaluates queries in a few *spawned* worker processes
instead (spawned, not forked: forking a threaded server can deadlock). A query past its time
limit gets its worker killed (SIGKILL) and replaced; the caller gets
:class:`~styrgraf.errors.QueryTimeoutError`.

Workers never open the live store: a read-only open of a directory that a writer is changing is
undefined behaviour in Oxigraph. The pool takes an immutable checkpoint
(:meth:`GraphStore.checkpoint`, a RocksDB checkpoint made of hard links) whenever the store's
:attr:`~GraphStore.generation` has moved since the last one — lazily, at the next query after a
write — and each task names the checkpoint to read; a worker reopens when it sees a newer one.
A checkpoint no worker still reads is deleted. Checkpoints live in a directory beside the store
(``<store>.checkpoints``) that the pool empties when it starts and removes when it closes.

A new worker takes queries only once it has said it is ready, and a query waiting while a worker
starts has its time limit start afresh, so a worker's start-up (imports: seconds on a loaded
machine) never counts against a query; the server starts the pool when it starts.

Every method may be called from any thread; :meth:`run` blocks, so call it from a worker thread.
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue
import shutil
import signal
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from graph.results import QueryAnswer, QueryRequest, evaluate
from graph.store import GraphStore
from styrgraf.errors import QueryError, QueryTimeoutError, StoreError

__all__ = ["QueryPool", "checkpoint_directory"]

_SPAWN = multiprocessing.get_context("spawn")
_READY = "ready"
_START_TIMEOUT = 120.0
"""Seconds a new worker may take to import what it needs (minutes only on a machine under heavy load)."""


def checkpoint_directory(store: Path) -> Path:
    """Where a pool over the store at ``store`` keeps its checkpoints: ``<store>.checkpoints``."""
    return store.with_name(store.name + ".checkpoints")


@dataclass(eq=False, slots=True)
class _Checkpoint:
    key: int
    generation: int
    path: Path
    readers: int = 0


@dataclass(eq=False, slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    checkpoint: _Checkpoint | None = field(default=None)


class QueryPool:
    """``workers`` spawned processes evaluating :class:`QueryRequest` s against checkpoints of ``store``.

    :raises StoreError: ``store`` is in memory (it has no directory to checkpoint).
    """

    def __init__(self, store: GraphStore, *, workers: int = 2, directory: Path | None = None) -> None:
        if store.path is None:
            raise StoreError("a query pool needs an on-disk store; evaluate in-memory stores in a thread")
        if workers < 1:
            raise StoreError(f"a query pool needs at least one worker, not {workers}")
        self._store = store
        self._size = workers
        self.directory = directory or checkpoint_directory(store.path)
        self._lock = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: list[_Worker] = []
        self._checkpoints: list[_Checkpoint] = []
        self._current: _Checkpoint | None = None
        self._keys = itertools.count(1)
        self._starting = 0
        self._started = False
        self._closed = False

    def start(self) -> None:
        """Spawn the workers and take the first checkpoint (also done by the first :meth:`run`)."""
        with self._lock:
            if self._started:
                return
            if self._closed:
                raise StoreError(f"{self.directory}: the query pool is closed")
            shutil.rmtree(self.directory, ignore_errors=True)  # left by a server that was killed
            self.directory.mkdir(parents=True)
            for _ in range(self._size):
                self._workers.append(self._spawn())
            self._started = True
            self._checkpoint_now()

    @property
    def pids(self) -> list[int]:
        """Process ids of the current workers."""
        with self._lock:
            return [worker.process.pid for worker in self._workers if worker.process.pid is not None]

    @property
    def idle(self) -> int:
        """Workers ready and waiting for a query."""
        return self._idle.qsize()

    def wait_until_ready(self, timeout: float = 60.0) -> bool:
        """Start the pool and wait until every worker is ready; ``False`` if not within ``timeout`` s."""
        self.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._idle.qsize() >= len(self._workers):
                    return True
            time.sleep(0.02)
        return False

    @property
    def checkpoints(self) -> list[Path]:
        """Directories of the checkpoints still kept (the current one and any still being read)."""
        with self._lock:
            return [checkpoint.path for checkpoint in self._checkpoints]

    def run(self, request: QueryRequest, *, timeout: float) -> QueryAnswer:
        """Evaluate ``request`` in a worker; wait for a free worker and the answer ``timeout`` s at most.

        :raises QueryTimeoutError: no worker was free, or the query ran past the limit (its worker
            was killed and replaced).
        :raises StoreError: the worker died while evaluating (it was replaced).
        :raises QueryError: what :func:`graph.results.evaluate` raises.
        """
        self.start()
        worker, deadline = self._take(timeout)
        try:
            checkpoint = self._checkpoint_for(worker)
        except StoreError:
            self._idle.put(worker)
            raise
        healthy = False
        try:
            worker.conn.send((checkpoint.key, str(checkpoint.path), request))
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                raise QueryTimeoutError(f"query stopped: it ran longer than the {timeout:g} s limit")
            status, payload = worker.conn.recv()
            healthy = True
        except (EOFError, OSError):
            worker.process.join(1)
            raise StoreError(
                f"query worker {worker.process.pid} exited with status {worker.process.exitcode} "
                "while evaluating; it was replaced"
            ) from None
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._replace(worker)
        if status == "ok":
            assert isinstance(payload, QueryAnswer)
            return payload
        assert isinstance(payload, QueryError | StoreError)
        raise payload

    def _take(self, timeout: float) -> tuple[_Worker, float]:
        """An idle worker, and the moment the query's ``timeout`` runs out. Waiting for a busy
        worker counts against the limit; waiting while a worker is still starting does not.

        :raises QueryTimeoutError: no worker became free in time.
        """
        now = time.monotonic()
        deadline, give_up = now + timeout, now + _START_TIMEOUT
        while True:
            try:
                return self._idle.get(timeout=min(0.05, max(0.0, deadline - now))), deadline
            except queue.Empty:
                now = time.monotonic()
            with self._lock:
                starting = self._starting
            if starting and now < give_up:
                deadline = now + timeout
            elif now >= deadline:
                raise QueryTimeoutError(
                    f"query stopped: no query worker became free within the {timeout:g} s limit"
                )

    def close(self) -> None:
        """Stop every worker and delete the checkpoints."""
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, []
            self._checkpoints, self._current = [], None
        for worker in workers:
            worker.conn.close()  # an idle worker sees end of file and exits
        for worker in workers:
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _spawn(self) -> _Worker:
        """Start a worker; it joins the idle ones once it says it is ready (its imports done), so
        its start-up never counts against a query's time limit."""
        parent, child = _SPAWN.Pipe()
        process = _SPAWN.Process(target=_serve, args=(child,), name="styrgraf-query", daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._starting += 1
        threading.Thread(
            target=self._welcome, args=(worker,), name="styrgraf-query-start", daemon=True
        ).start()
        return worker

    def _welcome(self, worker: _Worker) -> None:
        """Wait for ``worker`` to be ready, then offer it to queries; drop it if it died starting."""
        try:
            ready = worker.conn.poll(_START_TIMEOUT) and worker.conn.recv() == _READY
        except (EOFError, OSError):
            ready = False
        if ready:
            self._idle.put(worker)
        with self._lock:
            self._starting -= 1
        if ready:
            return
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        with self._lock:  # not replaced: a worker that cannot start would be respawned forever
            if worker in self._workers:
                self._workers.remove(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and put a new one in its place."""
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        with self._lock:
            self._release(worker)
            if worker in self._workers:
                self._workers.remove(worker)
            if self._closed:
                return
            self._workers.append(self._spawn())
            self._prune()

    def _checkpoint_for(self, worker: _Worker) -> _Checkpoint:
        """The checkpoint holding the store's current generation, taken now if there is none."""
        with self._lock:
            current = self._current
            if current is None or current.generation != self._store.generation:
                current = self._checkpoint_now()
            if worker.checkpoint is not current:
                self._release(worker)
                current.readers += 1
                worker.checkpoint = current
            self._prune()
            return current

    def _checkpoint_now(self) -> _Checkpoint:
        key = next(self._keys)
        path = self.directory / f"checkpoint-{key}"
        generation = self._store.checkpoint(path)
        checkpoint = _Checkpoint(key, generation, path)
        self._checkpoints.append(checkpoint)
        self._current = checkpoint
        return checkpoint

    def _release(self, worker: _Worker) -> None:
        if worker.checkpoint is not None:
            worker.checkpoint.readers -= 1
            worker.checkpoint = None

    def _prune(self) -> None:
        """Delete the checkpoints that are neither current nor read by a worker."""
        for checkpoint in [c for c in self._checkpoints if c is not self._current and c.readers == 0]:
            self._checkpoints.remove(checkpoint)
            shutil.rmtree(checkpoint.path, ignore_errors=True)


def _serve(conn: Connection) -> None:
    """A worker's loop: open the named checkpoint read-only (again when it changes), evaluate, reply."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the server decides
    try:
        conn.send(_READY)
    except (BrokenPipeError, OSError):
        return
    opened: tuple[int, GraphStore] | None = None
    while True:
        try:
            key, path, request = conn.recv()
        except (EOFError, OSError):
            return
        reply: tuple[str, object]
        try:
            if opened is None or opened[0] != key:
                opened = None  # close the old checkpoint before opening the new one
                opened = (key, GraphStore.open(Path(path), read_only=True))
            reply = ("ok", evaluate(opened[1], request))
        except (QueryError, StoreError) as exc:
            reply = ("error", exc)
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
