"""The pages a user works from at national scale (issue « 13 · A jury that deliberates … »): a
filtered list, the jury's deliberation grid, each role's home page (what to do next) and the
what-if of one candidate, on a session of 30,000 candidates built as ``national_benchmark``
builds it.

    scripts/with-postgres .venv/bin/python -m benchmarks.pages_benchmark --size 30000
    make bench-pages                  # 30,000 candidates on a throw-away PostgreSQL

The session is built by ``benchmarks.national_benchmark.build`` (imports through the pages,
files through the services, three juries; the first holds 79 % of the candidates), then the
proposals of the whole session are computed by their job, as the pages expect. One account per
role is made to hold work: the candidate account is linked to a candidate of the biggest jury,
the examiner is entrusted with the E4 of 300 candidates, the training centre's establishment is
the first one's.

Each page is requested ``--repeat`` times (5 by default) by ``django.test.Client`` logged in as
its user, after one request to warm it up; the figures are the median, minimum and maximum of
the wall times, the CPU time of this process for the median run and the count of SQL queries.
The floor, measured in the same run, is one SQL aggregate of the weighted average of the
biggest jury's grades (``national_benchmark.floors``): each page is printed with its ratio to
it. The what-if of one candidate is timed as a call (no HTTP), over 50 candidates of the
biggest jury, with its own floor: the engine's decision of the same candidate once.

Target (issue 18): each page under 300 ms, the what-if under 50 ms.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

PAGE_TARGET = 0.300
WHAT_IF_TARGET = 0.050


@dataclass
class Timing:
    what: str
    who: str
    median: float
    low: float
    high: float
    cpu: float
    queries: int
    status: int | None = None
    target: float = PAGE_TARGET


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], list[float], int, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm: templates, caches, the session's choice
    walls: list[float] = []
    cpus: list[float] = []
    count = 0
    result = None
    for _ in range(repeat):
        gc.collect()
        with CaptureQueriesContext(connection) as queries:
            wall, cpu = time.perf_counter(), time.process_time()
            result = fn()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        count = len(queries)
    return walls, cpus, count, result


def page(client: Any, who: str, what: str, url: str, repeat: int) -> Timing:
    walls, cpus, count, response = timed(lambda: client.get(url), repeat)
    median = statistics.median(walls)
    return Timing(
        what=f"{what} — {url}",
        who=who,
        median=median,
        low=min(walls),
        high=max(walls),
        cpu=cpus[walls.index(sorted(walls)[len(walls) // 2])],
        queries=count,
        status=getattr(response, "status_code", None),
    )


def _clients(built: Any) -> dict[str, Any]:
    from django.test import Client

    from ndrc.web.accounts.models import User

    clients = {}
    for username in ("gestionnaire", "centre", "examinateur", "jury", "candidat"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients[username] = client
    return clients


def _give_work(built: Any) -> Any:
    """The candidate account linked to a candidate of the biggest jury; the examiner
    entrusted with E4 for 300 of its candidates. Returns that candidate."""
    from ndrc.web.accounts.models import User
    from ndrc.web.candidates.models import Candidate
    from ndrc.web.grading.models import ExaminerAssignment

    jury = built.juries[0]
    ids = list(
        Candidate.objects.filter(jury_assignment__jury=jury)
        .order_by("pk")
        .values_list("pk", flat=True)[:300]
    )
    candidate = Candidate.objects.get(pk=ids[0])
    candidate.user = User.objects.get(username="candidat")
    candidate.save(update_fields=["user"])
    examiner = User.objects.get(username="examinateur")
    ExaminerAssignment.objects.bulk_create(
        ExaminerAssignment(examiner=examiner, candidate_id=pk, exam="E4") for pk in ids
    )
    return candidate


def pages(built: Any, candidate: Any) -> list[tuple[str, str, str]]:
    """(who, what, url): the pages measured."""
    jury = built.juries[0].pk
    establishment = candidate.establishment_id
    return [
        ("gestionnaire", "home page, exam office", "/"),
        ("centre", "home page, training centre", "/"),
        ("examinateur", "home page, examiner", "/"),
        ("jury", "home page, jury member (the three juries)", "/"),
        ("candidat", "home page, candidate", "/"),
        ("gestionnaire", "candidate list, searched without accents", "/candidats/?q=lefevre"),
        (
            "gestionnaire",
            "candidate list, one establishment and route, sorted by name",
            f"/candidats/?etablissement={establishment}&voie=scolaire&tri=last_name",
        ),
        ("gestionnaire", "grades list, one épreuve, searched", "/notes/liste/?epreuve=E4&q=mar"),
        ("gestionnaire", "conformity list, one épreuve", "/conformite/?epreuve=E4"),
        ("gestionnaire", "jobs list", "/taches/"),
        ("gestionnaire", "audit journal", "/journal/"),
        (
            "jury",
            "deliberation grid (biggest jury), first page",
            f"/deliberation/jury/{jury}/grille/",
        ),
        (
            "jury",
            "deliberation grid, band below the pass mark, sorted by average",
            f"/deliberation/jury/{jury}/grille/?moyenne=pass&tri=-average",
        ),
        (
            "jury",
            "deliberation grid, decision filter, page 20",
            f"/deliberation/jury/{jury}/grille/?decision=admitted&page=20",
        ),
        (
            "candidat",
            "what-if page of the candidate (every épreuve to suppose)",
            "/mes-resultats/simulation/",
        ),
    ]


def what_if_timings(built: Any, repeat: int) -> list[Timing]:
    """The what-if of one candidate, as calls: every épreuve of 50 candidates of the biggest
    jury still to sit (the most work: each goal searched at each épreuve, alone and
    together), then the same candidates' result decided once by the engine (its floor)."""
    from ndrc.rules.grades import Grade, GradeState
    from ndrc.rules.results import deliberate
    from ndrc.rules.results.what_if import open_exams, what_if
    from ndrc.web.candidates.models import Candidate
    from ndrc.web.candidates.rules_inputs import shown_result_input

    candidates = list(
        Candidate.objects.filter(jury_assignment__jury=built.juries[0])
        .select_related("session", "establishment")
        .order_by("pk")[:50]
    )
    inputs = [shown_result_input(c, grades=[]) for c in candidates]
    what_if(inputs[0])  # the plan compiled once per process
    walls: list[float] = []
    floors: list[float] = []
    for data in inputs:
        # The floor decides the candidate with a grade at every épreuve to sit (a whole
        # computation: an input without grades stops early at « pending »).
        graded = replace(
            data,
            grades={code: Grade(GradeState.GRADE, Decimal(10)) for code in open_exams(data)},
        )
        gc.collect()
        started = time.perf_counter()
        what_if(data).to_dict()
        walls.append(time.perf_counter() - started)
        started = time.perf_counter()
        deliberate(graded)
        floors.append(time.perf_counter() - started)
    median = statistics.median(walls)
    floor = statistics.median(floors)
    return [
        Timing(
            what=(
                "what-if of one candidate, every épreuve open (core, 50 candidates; "
                f"floor: the engine's decision with every grade given {floor * 1000:.2f} ms, ratio "
                f"{median / floor:.0f}×)"
            ),
            who="—",
            median=median,
            low=min(walls),
            high=max(walls),
            cpu=median,
            queries=0,
            target=WHAT_IF_TARGET,
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    from benchmarks.database import django_ready

    django_ready(reference="make bench-pages")
    from django.test import Client

    from benchmarks.national_benchmark import Run, build, floors, session_proposals_job

    started = time.perf_counter()
    built = build(Run(size=args.size), Client())
    session_proposals_job(built.session)
    candidate = _give_work(built)
    print(f"[session of {args.size:,} candidates built in {time.perf_counter() - started:.0f} s]")
    floor = floors(built.session, built.juries[0])
    clients = _clients(built)
    timings = [
        page(clients[who], who, what, url, args.repeat)
        for who, what, url in pages(built, candidate)
    ]
    timings += what_if_timings(built, args.repeat)
    print()
    print(
        f"Floor: the weighted average of the biggest jury's {floor.grades:,} grades "
        f"({floor.candidates:,} candidates) as one SQL aggregate: {floor.sql * 1000:.1f} ms."
    )
    print()
    print(
        "| what | user | median (ms) | min–max (ms) | CPU (ms) | queries | / SQL floor | target |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---|")
    failed = 0
    for t in timings:
        ok = t.median < t.target and (t.status in (None, 200))
        failed += not ok
        status = "" if t.status in (None, 200) else f" (HTTP {t.status})"
        print(
            f"| {t.what}{status} | {t.who} | {t.median * 1000:.1f} | "
            f"{t.low * 1000:.1f}–{t.high * 1000:.1f} | {t.cpu * 1000:.1f} | {t.queries} | "
            f"{t.median / floor.sql:.1f}× | {'met' if ok else 'NOT met'} "
            f"(< {t.target * 1000:.0f} ms) |"
        )
    print()
    print(f"{len(timings) - failed} of {len(timings)} figures meet their target.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
