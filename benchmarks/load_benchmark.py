"""Load: examiners saving grades while others read, on PostgreSQL behind gunicorn on this
machine (127.0.0.1 only), for a bounded time (``make bench-load``).

The session is the demo's (``demo_load``) with ``--writers`` examiner accounts, each entrusted
with the written grades of its own candidates (``examiners_assign``), and ``--readers`` accounts
of the exam office reading the candidates list and the jury's page. Each writer saves a grade
every ``--think`` seconds on average (exponential waits), half through the grade entry page
(one cell a post, the version read with the page) and half through the API (``PUT``, a token);
each reader opens a list or the jury's page at the same pace.

Printed: requests, p50 and p95 (ms) per kind of request, errors; then what the database holds
after the run: the lost updates (a cell whose stored grade is not the last one the server
accepted for it: must be 0) and the audit entries of the grades (exactly one per accepted
write)."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "ndrc-charge-2025-long"
EXAM = "E1"  # culture générale: a written grade examiners enter for most candidates


# --------------------------------------------------------------------------------------------
# Setting up the session (through the product's services)
# --------------------------------------------------------------------------------------------


@dataclass
class Writer:
    username: str
    cells: list[int]  # candidate pks whose EXAM grade this examiner enters
    token: str = ""
    # The version of each cell's grade as this examiner last saw it (None: no grade yet); the
    # examiner is the only one writing these cells, so every write sends what it read.
    versions: dict[int, int | None] = field(default_factory=dict)


@dataclass
class Reader:
    username: str
    code: str  # a backup code of its second factor


@dataclass
class Setup:
    writers: list[Writer]
    readers: list[Reader]
    jury_pk: int
    exam: str


def setup(writers: int, readers: int) -> Setup:
    from django.core.management import call_command

    from ndrc.web.accounts.roles import Role
    from ndrc.web.accounts.services import otp_enrol, token_create, user_create
    from ndrc.web.candidates.models import Candidate, Grade
    from ndrc.web.deliberations.models import Jury
    from ndrc.web.demo.services import demo_load
    from ndrc.web.grading.permits import sits
    from ndrc.web.grading.services import examiners_assign
    from ndrc.web.sessions.models import Academy

    call_command("flush", interactive=False, verbosity=0)
    demo_load()
    academy = Academy.objects.get()
    candidates = [c for c in Candidate.objects.order_by("pk") if sits(c, EXAM)]
    if len(candidates) < writers:
        raise SystemExit(f"{len(candidates)} candidats passent {EXAM} : moins que {writers}.")
    chosen: list[Writer] = []
    for index in range(writers):
        username = f"charge-examinateur-{index + 1:02d}"
        examiner = user_create(
            username=username, password=PASSWORD, role=Role.EXAMINER, academy=academy
        )
        mine = candidates[index::writers]
        examiners_assign(examiner=examiner, exam=EXAM, candidates=mine)
        chosen.append(Writer(username=username, cells=[c.pk for c in mine]))
        chosen[-1].token = token_create(user=examiner, name="Banc de charge", actor=examiner)[1]
        known = dict(
            Grade.objects.filter(candidate__in=mine, exam=EXAM).values_list(
                "candidate_id", "version"
            )
        )
        chosen[-1].versions = {c.pk: known.get(c.pk) for c in mine}
    names = []
    for index in range(readers):
        username = f"charge-gestionnaire-{index + 1:02d}"
        office = user_create(
            username=username, password=PASSWORD, role=Role.EXAM_OFFICE, academy=academy
        )
        # The exam office's second factor: one of its backup codes opens its session.
        codes = otp_enrol(user=office, key=secrets.token_hex(20))
        names.append(Reader(username=username, code=codes[0]))
    jury = Jury.objects.order_by("pk").first()
    if jury is None:
        raise SystemExit("La démonstration n'a pas de jury.")
    return Setup(writers=chosen, readers=names, jury_pk=jury.pk, exam=EXAM)


# --------------------------------------------------------------------------------------------
# A client: one connection, its cookies
# --------------------------------------------------------------------------------------------


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        headers = dict(headers or {})
        headers["Host"] = "127.0.0.1"
        headers["Accept-Language"] = "fr"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def form(self, path: str, fields: dict[str, str]) -> tuple[int, bytes]:
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        return self.request(
            "POST",
            path,
            urllib.parse.urlencode(fields).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}{path}",
            },
        )

    def login(self, username: str, code: str = "") -> None:
        self.request("GET", "/connexion/")
        status, _ = self.form("/connexion/", {"username": username, "password": PASSWORD})
        if status != 302:
            raise RuntimeError(f"connexion refusée pour {username} ({status})")
        if code:  # the second factor of the exam office and the juries
            self.request("GET", "/compte/code/")
            status, _ = self.form("/compte/code/", {"code": code})
            if status != 302:
                raise RuntimeError(f"code refusé pour {username} ({status})")


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    accepted: dict[tuple[int, str], Decimal] = field(default_factory=dict)  # last accepted
    writes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1


VERSION = re.compile(rb'name="version-(\d+)" value="(\d*)"')


def _value() -> Decimal:
    return Decimal(random.randint(0, 80)) / 4  # 0 to 20 by quarters


def writer_loop(port: int, writer: Writer, deadline: float, think: float, tally: Tally) -> None:
    page = Client(port)
    page.login(writer.username)
    api = Client(port)
    while time.monotonic() < deadline:
        time.sleep(min(random.expovariate(1 / think), max(0.0, deadline - time.monotonic())))
        if time.monotonic() >= deadline:
            break
        pk = random.choice(writer.cells)
        value = _value()
        text = f"{value}".replace(".", ",")
        if random.random() < 0.5:
            kind = "grade write (API, token)"
            started = time.perf_counter()
            status, body = api_put(api, writer.token, pk, value, writer.versions.get(pk))
            elapsed = time.perf_counter() - started
            ok = status == 200
            if ok:
                writer.versions[pk] = json.loads(body)["version"]
        else:
            kind = "grade write (page, one cell)"
            path = f"/notes/?epreuve={EXAM}"
            version = writer.versions.get(pk)
            started = time.perf_counter()
            status, body = page.form(
                path,
                {
                    f"grade-{pk}": text,
                    f"original-{pk}": "",
                    f"version-{pk}": "" if version is None else str(version),
                },
            )
            elapsed = time.perf_counter() - started
            ok = status == 200 and "note(s) enregistrée(s)".encode() in body
            if ok:  # the page shown after the write gives the new versions
                for key, seen in VERSION.findall(body):
                    writer.versions[int(key)] = int(seen) if seen else None
        tally.add(kind, elapsed, ok)
        if ok:
            with tally.lock:
                tally.accepted[(pk, EXAM)] = value
                tally.writes += 1


def api_put(
    client: Client, token: str, pk: int, value: Decimal, version: int | None
) -> tuple[int, bytes]:
    return client.request(
        "PUT",
        f"/api/v1/candidates/{pk}/grades/{EXAM}/",
        json.dumps({"state": "grade", "value": str(value), "expected_version": version}).encode(),
        {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )


def reader_loop(
    port: int, reader: Reader, jury_pk: int, deadline: float, think: float, tally: Tally
) -> None:
    client = Client(port)
    client.login(reader.username, reader.code)
    pages = [
        ("read: candidates list", "/candidats/"),
        ("read: candidates list, page 3", "/candidats/?page=3"),
        ("read: jury's page", f"/deliberation/jury/{jury_pk}/"),
        ("read: API candidates", "/api/v1/candidates/"),
    ]
    while time.monotonic() < deadline:
        time.sleep(min(random.expovariate(1 / think), max(0.0, deadline - time.monotonic())))
        if time.monotonic() >= deadline:
            break
        kind, path = random.choice(pages)
        started = time.perf_counter()
        status, _ = client.request("GET", path)
        tally.add(kind, time.perf_counter() - started, status == 200)


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_environment() -> dict[str, str]:
    """Production settings, on plain HTTP at 127.0.0.1 (no TLS in front of it here)."""
    return {
        **os.environ,
        "NDRC_DEBUG": "0",
        "NDRC_SECRET_KEY": secrets.token_urlsafe(64),
        "NDRC_ALLOWED_HOSTS": "127.0.0.1",
        "NDRC_SECURE_COOKIES": "0",
        "NDRC_SSL_REDIRECT": "0",
        "NDRC_HSTS_SECONDS": "0",
        "NDRC_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "NDRC_CONN_MAX_AGE": "60",
        "NDRC_LOG_DIR": str(ROOT / "var" / "log" / "bench-load"),
        "NDRC_STATIC_ROOT": str(ROOT / "var" / "bench-load-static"),
    }


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    env = server_environment()
    subprocess.run(
        [str(Path(sys.executable).parent / "ndrc"), "web", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        check=True,
        cwd=ROOT,
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ndrc.web.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn n'a pas démarré.")


# --------------------------------------------------------------------------------------------
# Measure and report
# --------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def check_database(tally: Tally, since: Any) -> tuple[int, int, int]:
    """(lost updates, audit entries of grades written during the run, accepted writes)."""
    from ndrc.web.audit.models import AuditEntry
    from ndrc.web.candidates.models import Grade

    stored = {
        (pk, exam): value
        for pk, exam, value in Grade.objects.filter(exam=EXAM).values_list(
            "candidate_id", "exam", "value"
        )
    }
    lost = sum(1 for cell, value in tally.accepted.items() if stored.get(cell) != value)
    audited = AuditEntry.objects.filter(action="grade_set", at__gte=since).count()
    return lost, audited, tally.writes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--readers", type=int, default=10)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between actions")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("La charge se mesure sur PostgreSQL : make bench-load.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.web.settings")
    os.environ.setdefault("NDRC_DEBUG", "1")  # this process builds the demo; the server is not
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from benchmarks.database import database_ready

    database_ready()
    built = setup(args.writers, args.readers)
    connection.close()
    port = _free_port()
    server = start_server(port, args.workers, args.threads)
    tally = Tally()
    try:
        since = timezone.now()
        deadline = time.monotonic() + args.duration
        threads = [
            threading.Thread(target=writer_loop, args=(port, w, deadline, args.think, tally))
            for w in built.writers
        ] + [
            threading.Thread(
                target=reader_loop, args=(port, r, built.jury_pk, deadline, args.think, tally)
            )
            for r in built.readers
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    lost, audited, writes = check_database(tally, since)
    print(
        f"{args.writers} examinateurs, {args.readers} lecteurs, {args.duration:.0f} s, "
        f"une action toutes les {args.think:g} s en moyenne ; gunicorn {args.workers} "
        f"processus × {args.threads} fils, PostgreSQL ({connection.vendor})."
    )
    print()
    print("| request | n | p50 (ms) | p95 (ms) | max (ms) | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in sorted(tally.times):
        times = tally.times[kind]
        print(
            f"| {kind} | {len(times)} | {1000 * statistics.median(times):.0f} | "
            f"{1000 * percentile(times, 0.95):.0f} | {1000 * max(times):.0f} | "
            f"{tally.errors.get(kind, 0)} |"
        )
    print()
    print(f"accepted grade writes: {writes}; audit entries `grade_set` meanwhile: {audited}")
    print(f"lost updates (a stored grade that is not the last accepted): {lost}")
    return 0 if lost == 0 and audited == writes else 1


if __name__ == "__main__":
    sys.exit(main())
