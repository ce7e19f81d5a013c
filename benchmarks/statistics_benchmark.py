"""The « Statistiques » pages at 30,000 candidates (issue 18): the data of the session's page
(every aggregate query), the page itself, a plot drawn then served from the cache, the biggest
jury's page, on a session written directly in the database (no import: what is measured is
the reading).

    scripts/with-postgres .venv/bin/python -m benchmarks.statistics_benchmark --size 30000

A PNG is measured three ways: with nothing in the cache (the figures read, then drawn), after
the page (drawn from the panels the page kept) and again (the PNG kept). The past session's
figures are kept an hour: the data is measured cold (the cache emptied before each run) and
warm (the past session's figures kept).

The session of 2025: ``size`` candidates in about one establishment per hundred (public,
private under or outside contract, habilitated or not: every column), four routes, each with
a current proposed result (74 % admitted, 12 % failed, 10 % eligible to the resit orals, 4 %
not deliverable) and seven grades (1.5 % absent); 79 % of them in one open jury. The session
of 2024: as many candidates of the same establishments with a result arrested by a closed
jury and an E4 grade. Every figure is wall time (``time.perf_counter``) and the number of SQL
queries, the best of three runs (the first one warms PostgreSQL's cache).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

EXAMS = ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6")
DECISIONS = (("admitted", 74), ("failed", 12), ("resit_eligible", 10), ("not_deliverable", 4))
ROUTES = ("scolaire", "apprentissage", "formation_continue", "enseignement_a_distance")
STATUSES = (("public", "ccf"), ("prive_sous_contrat", "ccf"), ("prive_hors_contrat", "aucune"))
CHUNK = 5000


def _decision(rng: random.Random) -> str:
    return rng.choices([d for d, _ in DECISIONS], weights=[w for _, w in DECISIONS])[0]


def build(size: int) -> dict[str, Any]:
    from ndrc.web.accounts.models import User
    from ndrc.web.accounts.roles import Role
    from ndrc.web.candidates.models import Candidate, Grade, ProposedResult
    from ndrc.web.deliberations.models import FrozenResult, Jury, JuryAssignment
    from ndrc.web.sessions.models import Academy, Establishment, ExamCentre, ExamSession

    rng = random.Random(18)
    academy = Academy.objects.create(code="B01", name="Académie du banc d'essai")
    current = ExamSession.objects.create(year=2025, label="Session 2025")
    before = ExamSession.objects.create(year=2024, label="Session 2024")
    centres = [
        ExamCentre.objects.create(code=f"BC{i}", name=f"Centre {i}", academy=academy)
        for i in range(10)
    ]
    establishments = Establishment.objects.bulk_create(
        Establishment(
            uai=f"{i:07d}B",
            name=f"Établissement {i:03d}",
            academy=academy,
            status=STATUSES[i % 3][0],
            habilitation=STATUSES[i % 3][1],
            exam_centre=centres[i % 10],
        )
        for i in range(max(1, size // 100))
    )
    office = User.objects.create(username="bench-office", role=Role.EXAM_OFFICE, academy=academy)
    jury = Jury.objects.create(session=current, academy=academy, name="Jury 1")
    old_jury = Jury.objects.create(
        session=before, academy=academy, name="Jury 2024", state=Jury.CLOSED
    )
    for session in (current, before):
        for start in range(0, size, CHUNK):
            people = Candidate.objects.bulk_create(
                Candidate(
                    session=session,
                    academy=academy,
                    number=f"{session.year}{i:06d}",
                    last_name=f"NOM{i:06d}",
                    first_name="Prénom",
                    birth_date=dt.date(2005, 1, 1),
                    route=ROUTES[i % 4],
                    establishment=establishments[i % len(establishments)],
                    lv1="anglais",
                )
                for i in range(start, min(size, start + CHUNK))
            )
            if session == current:
                ProposedResult.objects.bulk_create(
                    ProposedResult(candidate=c, revision=c.revision, decision=_decision(rng))
                    for c in people
                )
                Grade.objects.bulk_create(
                    Grade(candidate=c, exam=exam, state="absent")
                    if rng.random() < 0.015
                    else Grade(
                        candidate=c,
                        exam=exam,
                        state="grade",
                        value=Decimal(rng.randint(0, 80)) / 4,
                    )
                    for c in people
                    for exam in EXAMS
                )
                JuryAssignment.objects.bulk_create(
                    JuryAssignment(jury=jury, candidate=c) for c in people if rng.random() < 0.79
                )
            else:
                FrozenResult.objects.bulk_create(
                    FrozenResult(
                        jury=old_jury,
                        candidate=c,
                        round=1,
                        decision=_decision(rng),
                        decision_label="",
                        regulation="2023",
                        result={},
                        explanation="",
                    )
                    for c in people
                )
                Grade.objects.bulk_create(
                    Grade(candidate=c, exam="E4", state="grade", value=Decimal(rng.randint(0, 20)))
                    for c in people
                )
    return {"office": office, "jury": jury}


def best(fn: Callable[[], Any], runs: int = 3) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = fn()
            times.append(time.perf_counter() - started)
        queries = len(captured)
        status = getattr(response, "status_code", 200)
        if status != 200:
            raise SystemExit(f"HTTP {status}")
    return min(times), queries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=30000)
    parser.add_argument("--queries", action="store_true", help="print the data's slowest queries")
    args = parser.parse_args(argv)
    from benchmarks.database import django_ready

    django_ready(reference="scripts/with-postgres", dedicated=False)
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from ndrc.web.deliberations.statistics_views import jury_figures, session_figures

    started = time.perf_counter()
    built = build(args.size)
    print(f"[{args.size:,} candidates written in {time.perf_counter() - started:.0f} s]")
    client = Client()
    client.force_login(built["office"])
    jury = built["jury"]

    def cold() -> Any:
        cache.clear()
        return session_figures(user=built["office"])

    rows = [
        (
            "page /deliberation/ (for comparison, the same run)",
            lambda: client.get("/deliberation/"),
        ),
        ("data of the session's page, cold (session_figures)", cold),
        (
            "data of the session's page, the past session's kept",
            lambda: session_figures(user=built["office"]),
        ),
        ("page /deliberation/statistiques/", lambda: client.get(reverse("statistics"))),
        ("data of the biggest jury's page (jury_figures)", lambda: jury_figures(jury)),
        (
            "page /deliberation/jury/<pk>/statistiques/",
            lambda: client.get(reverse("jury_statistics", args=[jury.pk])),
        ),
    ]
    print(f"| {connection.vendor} | {args.size:,} candidates | wall (s), best of 3 | queries |")
    print("|---|---|---|---|")
    for what, fn in rows:
        wall, queries = best(fn)
        print(f"| | {what} | {wall:.3f} | {queries} |")
    if args.queries:
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            cold()
        for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:6]:
            print(query["time"], query["sql"][:1500])
            print()
    plot = reverse("statistics_plot", args=["etablissement"])
    cache.clear()
    wall, queries = best(lambda: client.get(plot), runs=1)
    what = "PNG by establishment, figures read and drawn (no page before)"
    print(f"| | {what} | {wall:.3f} | {queries} |")
    cache.clear()
    client.get(reverse("statistics"))
    wall, queries = best(lambda: client.get(plot), runs=1)
    print(f"| | PNG by establishment, drawn from the page's panels | {wall:.3f} | {queries} |")
    wall, queries = best(lambda: client.get(plot))
    print(f"| | PNG by establishment, from the cache | {wall:.3f} | {queries} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
