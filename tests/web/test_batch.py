"""The collector is paused for a chunk only in a dedicated worker process (ndrc.web.batch):
never in a web process, whose other threads serve requests."""

import gc

from ndrc.web import batch


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
