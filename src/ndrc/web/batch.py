"""Work over thousands of candidates, a chunk at a time (a jury's review, its closing): shared
by every app (it imports none)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Whether this process runs one job at a time and serves no request (the database worker, a
# benchmark): the garbage collector is process-wide, so only such a process may pause it.
_dedicated = False


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
