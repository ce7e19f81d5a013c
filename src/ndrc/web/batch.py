"""Work over thousands of candidates, a chunk at a time (a jury's review, its closing): shared
by every app (it imports none)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while one chunk is computed. A chunk builds a
    few hundred thousand small objects that all live until its end, and the collector would
    walk them again and again for nothing (a fifth of a jury's review); what the chunk leaves
    is collected once it resumes. Memory stays bounded by the chunk."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
