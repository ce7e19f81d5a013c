"""What runs a job: the work function's ``Progress`` callback, ``JobError`` for an expected
failure, and ``job_process`` (the body of the django-tasks task: queued → running → done or
failed, nothing raised by the work escapes).

A work function is a module-level function

    def my_work(*, params: dict, actor: User | None, progress: Progress) -> dict | None

``params`` is the JSON given to ``job_run``; ``progress(done, total, message)`` records how far
it is (French message); the dict returned is the job's result: ``message`` (shown when done),
``url`` (link to the result), ``details`` (list of lines), anything else JSON. To fail with a
clear French message, raise ``JobError(message, details=[...])``; any other exception fails the
job with its text.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
from django.utils.module_loading import import_string

from ndrc.web.jobs.models import Job, JobState

logger = logging.getLogger(__name__)

MESSAGE_LENGTH = Job._meta.get_field("message").max_length or 500


class JobError(Exception):
    """An expected failure of a work function: its French message is shown as is."""

    def __init__(
        self, message: str, *, details: Sequence[str] = (), url: str = "", link_label: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details)
        self.url = url
        self.link_label = link_label


class Progress:
    """The ``progress(done, total, message)`` callback given to a work function.

    Writes are spaced by ``min_interval`` seconds (the first and the last are always written).
    On PostgreSQL, a write made while the work holds its own transaction goes through a second
    connection, so that the page polling the job sees the progress before the commit; on SQLite
    it stays in the work's connection (seen at the commit; a second writer would wait on the
    database lock). Each write renews the job's lease (``heartbeat_at``).

    Test-only: with the environment variable ``NDRC_JOBS_TEST_DELAY`` (seconds) set, each
    call writes, prints ``ndrc-job-progress <job> <percent>`` on stderr and sleeps that long,
    so that a test can kill the worker at a known point (unset: nothing of it runs).
    """

    min_interval = 0.25

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.done = 0
        self.total = 0
        self.message = ""
        self._last_write = 0.0
        self._base_depth = len(connection.atomic_blocks)
        self._aside: Any = None

    def __call__(self, done: int, total: int, message: str = "") -> None:
        self.done, self.total = max(0, int(done)), max(0, int(total))
        self.message = str(message)[:MESSAGE_LENGTH]
        now = time.monotonic()
        last = self.total and self.done >= self.total
        if self._last_write and not last and now - self._last_write < self.min_interval:
            return
        delay = os.environ.get("NDRC_JOBS_TEST_DELAY")
        if delay:
            self._write()
            self._test_pause(float(delay))
            return
        self._last_write = now
        self._write()

    def _test_pause(self, delay: float) -> None:
        percent = self.done * 100 // self.total if self.total else 0
        print(f"ndrc-job-progress {self.job_id} {percent}", file=sys.stderr, flush=True)
        time.sleep(delay)

    def _write(self) -> None:
        values = {
            "done": self.done,
            "total": self.total,
            "message": self.message,
            "heartbeat_at": timezone.now(),
        }
        if connection.vendor == "postgresql" and len(connection.atomic_blocks) > self._base_depth:
            try:
                self._write_aside(values)
            except Exception:  # progress is informative: never fail the work for it
                logger.warning("job %s: progress not written", self.job_id, exc_info=True)
            return
        Job.objects.filter(pk=self.job_id).update(**values)

    def _write_aside(self, values: dict[str, Any]) -> None:
        if self._aside is None:
            self._aside = connections.create_connection(DEFAULT_DB_ALIAS)
            with self._aside.cursor() as cursor:  # never wait on a lock the work holds
                cursor.execute("SET lock_timeout = 2000")
        table = connection.ops.quote_name(Job._meta.db_table)
        with self._aside.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET done = %s, total = %s, message = %s, heartbeat_at = %s "
                "WHERE id = %s",
                [
                    values["done"],
                    values["total"],
                    values["message"],
                    values["heartbeat_at"],
                    self.job_id,
                ],
            )

    def close(self) -> None:
        if self._aside is not None:
            self._aside.close()
            self._aside = None


class Heartbeat(threading.Thread):
    """Renews a running job's lease every quarter of the lease while its work runs, from its
    own database connection: a job that reports no progress for a long time (one long
    query) is still seen alive; when the worker dies, the renewals stop and the lease
    expires (``jobs.services.jobs_expire``)."""

    def __init__(self, job_id: int) -> None:
        super().__init__(name=f"ndrc-job-{job_id}-heartbeat", daemon=True)
        self.job_id = job_id
        self.interval = max(0.2, settings.NDRC_JOBS_LEASE_SECONDS / 4)
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                try:
                    Job.objects.filter(pk=self.job_id, state=JobState.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # a busy SQLite: the next beat tries again
                    logger.debug("job %s: heartbeat not written", self.job_id, exc_info=True)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)


def _json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def job_finish(job_id: int, state: JobState, message: str, result: Any) -> None:
    """Record how a job ended. A failure is recorded only on a job still queued or running (a
    job already marked interrupted keeps its reason); success always (the work committed)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or (
        state != JobState.DONE and job.state not in (JobState.QUEUED, JobState.RUNNING)
    ):
        return
    job.state = state
    job.message = message[:MESSAGE_LENGTH]
    job.result = _json(result)
    job.finished_at = timezone.now()
    if state == JobState.DONE and job.done < job.total:
        job.done = job.total
    job.save(update_fields=["state", "message", "result", "finished_at", "done"])


def job_process(*, job_id: int, heartbeat: bool = False) -> None:
    """Run a queued job (the body of the django-tasks task): queued → running → done or
    failed. A job that is not queued any more (run already, or by another worker) is left.
    ``heartbeat``: renew the lease from a thread while the work runs (in a worker)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=now, heartbeat_at=now, message="Démarrage…"
    )
    if not claimed:
        return
    job = Job.objects.select_related("created_by").get(pk=job_id)
    progress = Progress(job_id)
    beat = Heartbeat(job_id) if heartbeat else None
    if beat is not None:
        beat.start()
    try:
        work = import_string(job.task)
        result = work(params=job.params, actor=job.created_by, progress=progress) or {}
    except JobError as error:
        job_finish(
            job_id,
            JobState.FAILED,
            error.message,
            {"details": error.details, "url": error.url, "link_label": error.link_label},
        )
    except Exception as error:
        logger.exception("job %s (%s) failed", job_id, job.kind)
        job_finish(
            job_id,
            JobState.FAILED,
            f"La tâche a échoué : {error or type(error).__name__}",
            {"details": [f"{type(error).__name__} : {error}"]},
        )
    else:
        if not isinstance(result, dict):
            result = {"value": result}
        job_finish(job_id, JobState.DONE, str(result.get("message") or "Terminé."), result)
    finally:
        if beat is not None:
            beat.stop()
        progress.close()
