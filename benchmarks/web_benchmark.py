"""Timings of the web application's session work on the demo session (300 candidates): each
jury's review (decisions, what is missing, conformity) and closing a deliberation (freezing
every result with its explanation and one audit entry per candidate).

    .venv/bin/python -m benchmarks.web_benchmark

Uses a throw-away SQLite database in a temporary directory (DATABASE_URL is overridden).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="ndrc-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.web.settings")
    os.environ.setdefault("NDRC_DEBUG", "1")  # the development settings, asked for
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from ndrc.web.candidates.models import Dossier, Grade
    from ndrc.web.deliberations.closing import deliberation_close
    from ndrc.web.deliberations.models import Jury
    from ndrc.web.deliberations.selectors import jury_review
    from ndrc.web.demo.services import demo_load

    started = time.perf_counter()
    demo_load()
    elapsed = time.perf_counter() - started
    print(f"demo session (300 candidates, grades, files, juries): {elapsed:.2f} s")
    for jury in Jury.objects.all():
        started = time.perf_counter()
        review = jury_review(jury)
        elapsed = time.perf_counter() - started
        print(
            f"review of « {jury} » ({len(review.rows)} candidates, "
            f"{len(review.blockers)} blocked): {elapsed:.3f} s"
        )
    jury = Jury.objects.order_by("pk").first()
    assert jury is not None
    blocked = {r.candidate.pk for r in jury_review(jury).blockers}
    Grade.objects.filter(candidate_id__in=blocked, state__in=["reserved"]).update(
        state="grade", value=10
    )
    for dossier in Dossier.objects.filter(candidate_id__in=blocked):  # doubts cleared
        if dossier.content.get("exam_day_doubt") == "pending":
            dossier.content["exam_day_doubt"] = "cleared"
            dossier.save()
    review = jury_review(jury)
    for row in review.blockers:  # the rest of what is missing: enter a grade
        for exam in ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6"):
            Grade.objects.get_or_create(
                candidate=row.candidate, exam=exam, defaults={"state": "grade", "value": 10}
            )
    from ndrc.web.accounts.models import User

    admin = User.objects.get(username="admin")
    started = time.perf_counter()
    try:
        count = deliberation_close(jury=jury, actor=admin)
    except Exception as error:  # still blocked: say so, the figure is not measured
        print(f"closing not measured: {error}")
        return 1
    print(f"closing « {jury} »: {count} results frozen in {time.perf_counter() - started:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
