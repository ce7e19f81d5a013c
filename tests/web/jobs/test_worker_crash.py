"""A worker killed during an import and during a closing (issue « Background jobs survive a
crash »): a real ``ndrc web db_worker`` process against a throw-away database (SQLite file,
or PostgreSQL under scripts/with-postgres), slowed by the test-only hook
``NDRC_JOBS_TEST_DELAY`` and killed (SIGKILL) once its job reported 60 %. The job is then
seen failed with its reason once its lease expired (a short lease here), nothing of it is
written, and « Relancer » with a new worker completes it."""

from __future__ import annotations

import queue
import re
import subprocess
import threading
import time

import pytest

from tests.web.fresh_db import ROOT, environment, fresh_database, query, run

LEASE = 2  # seconds, for these tests
INTERRUPTED = re.compile(
    r"^Le traitement s'est interrompu \(le processus de travail s'est arrêté\) le "
    r"\d\d/\d\d/\d{4} à \d\d:\d\d ; rien n'a été enregistré\.$"
)
WORLD = ["tests.web.jobs.crash_world"]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with fresh_database(tmp_path_factory.mktemp("crash")) as url:
        ids = run(url, [*WORLD, "world"])
        yield url, ids


def _worker(url: str, *, delay: float | None) -> subprocess.Popen[str]:
    extra = {"NDRC_JOBS_LEASE_SECONDS": str(LEASE)}
    if delay is not None:
        extra["NDRC_JOBS_TEST_DELAY"] = str(delay)
    env = environment(url, **extra)
    return subprocess.Popen(
        [*_python(), "-m", *WORLD, "worker", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _python() -> list[str]:
    import sys

    return [sys.executable]


def _kill_at(worker: subprocess.Popen[str], job: int, percent: int, timeout: float = 180) -> int:
    """Read the worker's progress lines until job ``job`` reported ``percent`` or more, then
    SIGKILL it; returns the percent reached."""
    lines: queue.Queue[str] = queue.Queue()
    assert worker.stderr is not None
    stream = worker.stderr
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            assert worker.poll() is None, f"the worker stopped: {''.join(seen)}"
            continue
        seen.append(line)
        match = re.match(rf"ndrc-job-progress {job} (\d+)$", line.strip())
        if match and int(match.group(1)) >= percent:
            worker.kill()
            worker.wait(timeout=30)
            return int(match.group(1))
    worker.kill()
    raise AssertionError(f"job {job} never reached {percent} %: {''.join(seen)[-2000:]}")


def _finish(url: str, job: int, timeout: float = 180) -> None:
    """A new worker (no delay) takes the restarted job and ends it."""
    worker = _worker(url, delay=None)
    try:
        worker.wait(timeout=timeout)  # --max-tasks 1: it exits after the job
    finally:
        if worker.poll() is None:
            worker.kill()
    [(state,)] = query(url, "SELECT state FROM jobs_job WHERE id = %s", [job])
    assert state == "done", worker.stderr.read() if worker.stderr else state


def _interrupted(url: str, user: int, job: int) -> dict:
    """Once the lease expired, the job's page sees it failed with its reason."""
    [(state,)] = query(url, "SELECT state FROM jobs_job WHERE id = %s", [job])
    assert state == "running"  # nobody noticed yet
    time.sleep(LEASE + 1)
    read = run(url, [*WORLD, "read", str(user), str(job)], NDRC_JOBS_LEASE_SECONDS=str(LEASE))
    assert read["state"] == "failed" and read["finished"], read
    assert INTERRUPTED.match(read["message"]), read["message"]
    assert read["restart_offered"]
    return read


def test_a_worker_killed_during_an_import(world):
    url, ids = world
    started = run(url, [*WORLD, "import-start", str(ids["office"])])
    job = started["job"]
    worker = _worker(url, delay=0.4)
    assert 60 <= _kill_at(worker, job, 60) < 100
    read = _interrupted(url, ids["office"], job)
    # Nothing of the import is written; its file is kept for the restart.
    assert read["imported"] == 0 and read["registered_entries"] == 0
    assert read["import_files"] == 1
    assert run(url, [*WORLD, "restart", str(ids["office"]), str(job)]) == {"status": 302}
    _finish(url, job)
    done = run(url, [*WORLD, "read", str(ids["office"]), str(job)])
    assert done["state"] == "done" and done["restarts"] == 1
    assert done["imported"] == 5 and done["registered_entries"] == 5
    assert done["import_files"] == 0  # deleted with the import


def test_a_worker_killed_during_a_closing(world):
    url, ids = world
    job = run(url, [*WORLD, "close-start", str(ids["president"]), str(ids["jury"])])["job"]
    worker = _worker(url, delay=0.4)
    assert 60 <= _kill_at(worker, job, 60) < 100
    read = _interrupted(url, ids["president"], job)
    # No result of the closing is written, the jury is still open.
    assert read["frozen"] == 0 and read["freeze_entries"] == 0 and read["closed"] == 0
    assert run(url, [*WORLD, "restart", str(ids["president"]), str(job)]) == {"status": 302}
    _finish(url, job)
    done = run(url, [*WORLD, "read", str(ids["president"]), str(job)])
    assert done["state"] == "done" and done["restarts"] == 1
    assert done["frozen"] == 5 and done["freeze_entries"] == 5 and done["closed"] == 1
