"""The home page's dashboard of each role (issue 18) on a national session: the session of
``benchmarks.national_benchmark`` built at one size through the product's services, its
proposals computed, then the home page of the exam office, a training centre, an examiner
(200 candidates entrusted, E4 and E1), the jury member (every jury) and a candidate,
each measured five times after a first visit (median wall time, queries).

    scripts/with-postgres .venv/bin/python -m benchmarks.dashboard_benchmark --size 5000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

RUNS = 5
SLOWEST = 4  # the slowest queries of each role's last run, printed on stderr


def measure(size: int) -> list[tuple[str, float, int]]:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.national_benchmark import PASSWORD, Run, build, session_proposals_job
    from ndrc.web.accounts.models import User
    from ndrc.web.candidates.models import Candidate
    from ndrc.web.grading.models import ExaminerAssignment

    call_command("flush", interactive=False, verbosity=0)
    built = build(Run(size=size), Client())
    session_proposals_job(built.session)
    examiner = User.objects.get(username="examinateur")
    some = list(Candidate.objects.filter(session=built.session).order_by("pk")[:200])
    ExaminerAssignment.objects.bulk_create(
        ExaminerAssignment(examiner=examiner, candidate=c, exam=exam)
        for c in some
        for exam in ("E1", "E4")
    )
    Candidate.objects.filter(pk=some[0].pk).update(user=User.objects.get(username="candidat"))
    figures = []
    for username in ("gestionnaire", "centre", "examinateur", "jury", "candidat"):
        client = Client()
        assert client.login(username=username, password=PASSWORD)
        client.get("/")  # the first visit computes what is stale
        walls, count = [], 0
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get("/")
                walls.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
            count = len(queries)
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:SLOWEST]
        for query in slowest:
            print(
                f"  {username} {float(query['time']):.3f} s  {query['sql'][:300]}", file=sys.stderr
            )
        figures.append((username, statistics.median(walls), count))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=5000)
    args = parser.parse_args(argv)
    from benchmarks.database import django_ready

    # `measure` empties the database itself, before building the session.
    django_ready(reference="scripts/with-postgres", flush=False)
    from django.db import connection

    figures = measure(args.size)
    print(
        f"| home page ({connection.vendor}, {args.size:,} candidates) | median wall (s) | queries |"
    )
    print("|---|---:|---:|")
    for username, wall, count in figures:
        print(f"| {username} | {wall:.3f} | {count} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
