"""The lists to search (issue 18) on a national session: the session is built as
``benchmarks.national_benchmark`` builds it (imports, files, juries), the proposals computed
once, then each list is asked for filtered and sorted, by the exam office, three times (the
best time is kept): wall time and queries of one page.

    scripts/with-postgres .venv/bin/python -m benchmarks.lists_benchmark --size 5000
"""

from __future__ import annotations

import argparse
import time
from typing import Any


def pages(session: Any) -> list[tuple[str, str, dict[str, str]]]:
    return [
        ("candidates: the first page", "/candidats/", {}),
        ("candidates: search « prénom8 » (accents folded)", "/candidats/", {"q": "PRENOM8"}),
        (
            "candidates: search « nom12 », by number desc.",
            "/candidats/",
            {"q": "nom12", "tri": "-number"},
        ),
        (
            "candidates: route + sort by establishment",
            "/candidats/",
            {"voie": "scolaire", "tri": "establishment"},
        ),
        (
            "candidates: page 40 sorted by first name",
            "/candidats/",
            {"tri": "first_name", "page": "40"},
        ),
        ("grades: the first page", "/notes/liste/", {}),
        (
            "grades: E4 absent, sorted by value",
            "/notes/liste/",
            {"epreuve": "E4", "etat": "absent", "tri": "-value"},
        ),
        ("grades: search « prenom1 » + E1", "/notes/liste/", {"q": "prenom1", "epreuve": "E1"}),
        ("conformity: NV sorted by name", "/conformite/", {"decision": "nv", "tri": "name"}),
        ("conformity: the first page", "/conformite/", {}),
        ("conformity: search « nom1 » E6", "/conformite/", {"q": "nom1", "epreuve": "E6"}),
        ("jobs: done, by label", "/taches/", {"etat": "done", "tri": "label"}),
        ("journal: grade_set, page 20", "/journal/", {"action": "grade_set", "page": "20"}),
        ("journal: author « gest »", "/journal/", {"auteur": "gest"}),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=5000)
    args = parser.parse_args(argv)
    from benchmarks.database import django_ready

    django_ready(reference="scripts/with-postgres")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.national_benchmark import Run, build, session_proposals_job

    client = Client()
    started = time.perf_counter()
    built = build(Run(size=args.size), client)
    session_proposals_job(built.session)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE") if connection.vendor == "postgresql" else None
    print(f"[{args.size:,} candidates built in {time.perf_counter() - started:.0f} s]")
    print(f"| list ({args.size:,} candidates, {connection.vendor}) | rows | best ms | queries |")
    print("|---|---:|---:|---:|")
    for what, url, params in pages(built.session):
        best, count, status, rows = float("inf"), 0, 0, ""
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                wall = time.perf_counter()
                response = client.get(url, params)
                wall = time.perf_counter() - wall
            best, count, status = min(best, wall), len(queries), response.status_code
        html = response.content.decode()
        markers = ("candidates-found", "grades-found", "jobs-found", "entries-found")
        for marker in markers:
            at = html.find(f'id="{marker}">')
            if at >= 0:
                rows = " ".join(html[at + len(marker) + 6 :].split("<")[0].split()[:3])
                break
        note = "" if status == 200 else f" (HTTP {status})"
        print(f"| {what}{note} | {rows} | {best * 1000:.0f} | {count} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
