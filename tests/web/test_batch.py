"""The collector is paused for a chunk only in a dedicated worker process (ndrc.web.batch):
never in a web process, whose other threads serve requests."""

import gc
import os
import threading
import time

import pytest
from django.db import connection

from ndrc.web import batch

MAIN = threading.get_ident()


def test_a_web_process_never_pauses_the_collector(monkeypatch):
    monkeypatch.setattr(batch, "_dedicated", False)
    with batch.collector_paused():
        assert gc.isenabled()
    assert gc.isenabled()


def test_a_dedicated_worker_pauses_it_for_the_chunk_only(monkeypatch):
    monkeypatch.setattr(batch, "_dedicated", False)
    batch.dedicated_process()
    try:
        with batch.collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled()
    finally:
        gc.enable()


# Working chunks (batch.chunks_worked): one after the other in a web process, SQLite or a
# transaction; two at once, each in its own thread, in a dedicated worker on PostgreSQL.

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="threads only on PostgreSQL"
)


def test_outside_a_dedicated_worker_chunks_are_worked_in_order_in_this_thread(monkeypatch):
    monkeypatch.setattr(batch, "_dedicated", False)
    seen, done = [], []
    batch.chunks_worked(
        [[1, 2], [3], [4, 5, 6]],
        lambda chunk: seen.append((tuple(chunk), threading.get_ident())),
        done=done.append,
    )
    assert seen == [((1, 2), MAIN), ((3,), MAIN), ((4, 5, 6), MAIN)]
    assert done == [2, 1, 3]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_dedicated_worker_on_postgresql_works_two_chunks_at_once(monkeypatch):
    monkeypatch.setattr(batch, "_dedicated", True)
    both = threading.Barrier(2, timeout=10)  # broken (an error) unless two chunks run at once
    seen, done_in = [], []

    def work(chunk):
        both.wait()
        with connection.cursor() as cursor:  # each thread has its own connection
            cursor.execute("SELECT pg_backend_pid()")
            seen.append((chunk[0], threading.get_ident(), cursor.fetchone()[0]))

    batch.chunks_worked(
        [[1], [2], [3], [4]], work, done=lambda n: done_in.append(threading.get_ident())
    )
    assert sorted(chunk for chunk, _, _ in seen) == [1, 2, 3, 4]
    assert len({thread for _, thread, _ in seen}) == 2
    assert MAIN not in {thread for _, thread, _ in seen}
    assert len({pid for _, _, pid in seen}) == 2
    assert done_in == [MAIN] * 4  # the progress is reported by the calling thread
    assert gc.isenabled()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_first_error_of_a_chunk_stops_the_run_and_is_raised(monkeypatch):
    monkeypatch.setattr(batch, "_dedicated", True)
    worked = []

    def work(chunk):
        if chunk[0] == 2:
            raise ValueError("chunk 2")
        time.sleep(0.02)  # the other thread is still at work when the error is raised
        worked.append(chunk[0])

    with pytest.raises(ValueError, match="chunk 2"):
        batch.chunks_worked([[n] for n in range(1, 40)], work)
    assert len(worked) < 38
    assert gc.isenabled()


@postgresql_only
def test_inside_a_transaction_the_chunks_are_worked_in_this_thread(monkeypatch, db):
    monkeypatch.setattr(batch, "_dedicated", True)
    seen = []
    batch.chunks_worked([[1], [2]], lambda chunk: seen.append(threading.get_ident()))
    assert seen == [MAIN, MAIN]


# Working chunks in forked processes (batch.chunks_forked): in a dedicated worker on PostgreSQL
# each process opens its own connection and writes its chunk; elsewhere, chunks_worked.


def _count_sessions(chunk):
    from ndrc.web.sessions.models import ExamSession

    for year in chunk:  # written by the forked process, in its own connection
        ExamSession.objects.create(year=year, label=f"Session {year}")
    return os.getpid(), len(chunk)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_dedicated_worker_on_postgresql_works_chunks_in_forked_processes(monkeypatch):
    from ndrc.web.sessions.models import ExamSession

    monkeypatch.setattr(batch, "_dedicated", True)
    monkeypatch.setattr(batch, "PROCESSES", 2)
    done = []
    results = batch.chunks_forked(
        [[2031, 2032], [2033], [2034, 2035]], _count_sessions, done=done.append
    )
    assert sorted(n for _, n in results) == [1, 2, 2]
    assert os.getpid() not in {pid for pid, _ in results}  # drawn in other processes
    assert sorted(done) == [1, 2, 2]  # told in this process
    assert set(ExamSession.objects.values_list("year", flat=True)) >= {2031, 2032, 2033, 2034, 2035}
    assert ExamSession.objects.count() == 5  # this process's connection works again


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_error_in_a_forked_chunk_is_raised_here(monkeypatch):
    monkeypatch.setattr(batch, "_dedicated", True)
    monkeypatch.setattr(batch, "PROCESSES", 2)
    with pytest.raises(ZeroDivisionError):
        batch.chunks_forked([[1], [0]], _inverse)


def _inverse(chunk):
    return 1 / chunk[0]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_forked_chunks_run_with_other_threads_in_this_process(monkeypatch):
    """A process with threads of its own forks its workers and gets every result back (the
    forked workers take no lock of this process's: no queue, no feeder thread)."""
    monkeypatch.setattr(batch, "_dedicated", True)
    monkeypatch.setattr(batch, "PROCESSES", 3)
    running = threading.Event()
    busy = [threading.Thread(target=running.wait, daemon=True) for _ in range(4)]
    for thread in busy:
        thread.start()
    try:
        for _ in range(5):
            results = batch.chunks_forked([[1], [2], [3], [4], [5], [6]], _square)
            assert sorted(results) == [1, 4, 9, 16, 25, 36]
    finally:
        running.set()


def _square(chunk):
    return chunk[0] ** 2


def test_outside_a_dedicated_worker_chunks_are_not_forked(monkeypatch):
    monkeypatch.setattr(batch, "_dedicated", False)
    results = batch.chunks_forked([[1], [2]], lambda chunk: (os.getpid(), chunk[0]))
    assert results == [(os.getpid(), 1), (os.getpid(), 2)]
