"""The collector is paused for a chunk only in a dedicated worker process (ndrc.web.batch):
never in a web process, whose other threads serve requests."""

import gc
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
