"""Work over thousands of candidates, a chunk at a time (a jury's review, its closing): shared
by every app (it imports none)."""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection, wait
from multiprocessing.synchronize import Event as EventType
from typing import TypeVar, cast

from django.db import connection, connections

Chunk = TypeVar("Chunk", bound=Sequence[object])
Result = TypeVar("Result")

# Chunks worked at once in a dedicated worker: one's queries run in the database while the
# other's Python runs (measured in docs/benchmarks.md, « Examen d'un jury »).
WORKERS = 2

# Whether this process runs one job at a time and serves no request (the database worker, a
# benchmark): the garbage collector is process-wide, so only such a process may pause it.
_dedicated = False


def is_dedicated() -> bool:
    """Whether this process declared itself a dedicated worker."""
    return _dedicated


def dedicated_process() -> None:
    """Declare this process a dedicated worker (``ndrc web db_worker`` calls it at start)."""
    global _dedicated
    _dedicated = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """In a dedicated worker, pause Python's cyclic garbage collector while one chunk is
    computed: a chunk builds a few hundred thousand small objects that all live until its end,
    and the collector would walk them again and again for nothing (a fifth of a jury's
    review); what the chunk leaves is collected once it resumes, so memory stays bounded by
    the chunk. In a web process (threads serving other requests, or a job run in the request
    in development) nothing is paused."""
    if not _dedicated or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def chunks_worked(
    chunks: Sequence[Chunk],
    work: Callable[[Chunk], None],
    *,
    done: Callable[[int], None] | None = None,
) -> None:
    """Call ``work`` on each chunk, and ``done`` with the chunk's size after each (always
    from the calling thread). The chunks must be independent: each is read and written in
    its own transaction.

    In a dedicated worker on PostgreSQL, ``WORKERS`` chunks are worked at once, each in a
    thread with its own connection: Python runs one chunk at a time (the interpreter's
    lock), but the database answers one thread's queries while the other computes. The
    collector is paused for the whole run then. Elsewhere (a web process, SQLite, whose
    writers would wait on each other, or inside a transaction, whose writes the other
    threads would not see and whose locks they would wait on) the chunks are worked one
    after the other. The first error stops the run (the chunks already written stay
    written) and is raised here."""
    overlapped = (
        _dedicated
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and len(chunks) > 1
    )
    if not overlapped:
        for chunk in chunks:
            with collector_paused():
                work(chunk)
            if done is not None:
                done(len(chunk))
        return
    pending: queue.SimpleQueue[Chunk] = queue.SimpleQueue()
    for chunk in chunks:
        pending.put(chunk)
    finished: queue.SimpleQueue[tuple[int, BaseException | None]] = queue.SimpleQueue()

    def worker() -> None:
        try:
            while True:
                try:
                    chunk = pending.get_nowait()
                except queue.Empty:
                    return
                work(chunk)
                finished.put((len(chunk), None))
        except BaseException as error:  # handed to the calling thread, raised there
            finished.put((0, error))
        finally:
            connections.close_all()  # this thread's connections only

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(WORKERS)]
    with collector_paused():
        for thread in threads:
            thread.start()
        try:
            for _ in chunks:
                size, error = finished.get()
                if error is not None:
                    raise error
                if done is not None:
                    done(size)
        finally:
            while not pending.empty():  # the other workers stop after their chunk
                try:
                    pending.get_nowait()
                except queue.Empty:
                    break
            for thread in threads:
                thread.join()


# Processes drawing at once in a dedicated worker (work in pure Python, such as ReportLab's
# drawing, gains nothing from threads: they take turns on the interpreter's lock).
PROCESSES = max(1, os.cpu_count() or 1)


def _forked_group(
    group: Sequence[Sequence[object]],
    work: Callable[[Sequence[object]], object],
    sender: Connection,
    stop: EventType,
) -> None:  # pragma: no cover - runs in the forked process
    """In the forked process: each chunk of its group in turn, each outcome sent at once
    (size and result, or the error); no chunk is begun once another process failed."""
    code = 0
    # A connection object this process inherited (another thread's, one the parent could not
    # close) is dropped, never used nor closed here: its socket is the parent's. Each chunk
    # opens this process's own connection.
    for alias in connections:
        connections[alias].connection = None
    try:
        for chunk in group:
            if stop.is_set():
                break
            try:
                outcome: tuple[str, int, object] = ("done", len(chunk), work(chunk))
            except BaseException as error:  # sent to the calling process, raised there
                stop.set()
                outcome, code = ("error", 0, error), 1
            try:
                sender.send(outcome)
            except Exception as unpicklable:  # a result or an error that does not pickle
                stop.set()
                sender.send(("error", 0, RuntimeError(repr(unpicklable))))
                code = 1
            if code:
                break
    finally:
        sender.close()
        connections.close_all()
        os._exit(code)  # no atexit, no inherited thread, no flush of the parent's buffers


def chunks_forked(
    chunks: Sequence[Chunk],
    work: Callable[[Chunk], Result],
    *,
    done: Callable[[int], None] | None = None,
) -> list[Result]:
    """Call ``work`` on each chunk and return what each returned (in the order they end),
    telling ``done`` the chunk's size after each (from the calling process).

    In a dedicated worker on PostgreSQL, outside a transaction, the chunks are worked in
    ``PROCESSES`` forked processes (the chunks dealt out in turn), each opening its own
    connection (the calling process's connections are closed before the fork, never shared);
    each chunk must be independent and written in its own transaction, and its result must
    pickle. Elsewhere ``chunks_worked`` (threads, or one after the other)."""
    overlapped = (
        PROCESSES > 1
        and _dedicated
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and len(chunks) > 1
    )
    results: list[Result] = []
    if not overlapped:
        chunks_worked(chunks, lambda chunk: results.append(work(chunk)), done=done)
        return results
    connections.close_all()
    # Plain forked processes, each with its own pipe, and nothing else: no queue, no feeder
    # or manager thread in this process (multiprocessing.Pool, then ProcessPoolExecutor, each
    # hung once in CI with idle workers and a waiting parent). An error stops the chunks not
    # begun (a shared event), lets those running end (each writes in its own transaction),
    # and is raised once every process has ended.
    context = multiprocessing.get_context("fork")
    stop = context.Event()
    count = min(PROCESSES, len(chunks))
    groups = [chunks[i::count] for i in range(count)]
    processes = []
    readers: list[Connection] = []
    for group in groups:
        reader, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_forked_group, args=(group, work, sender, stop), daemon=True
        )
        process.start()
        sender.close()  # the child's end: this process keeps only the reader
        processes.append(process)
        readers.append(reader)
    failure: BaseException | None = None
    try:
        open_readers = list(readers)
        while open_readers:
            for ready in wait(open_readers):
                reader = cast(Connection, ready)
                try:
                    kind, size, value = reader.recv()
                except EOFError:  # this process has sent all it had
                    open_readers.remove(reader)
                    continue
                if kind == "error":
                    failure = failure or cast(BaseException, value)
                    continue
                results.append(cast(Result, value))
                if done is not None and failure is None:
                    done(size)
    finally:
        stop.set()
        for process in processes:
            process.join()
        for reader in readers:
            reader.close()
    if failure is not None:
        raise failure
    lost = [p.exitcode for p in processes if p.exitcode not in (0, 1)]
    if lost:
        raise RuntimeError(f"Un processus de travail s'est arrêté anormalement ({lost}).")
    return results
