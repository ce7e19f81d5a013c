"""Benchmark: the PV de délibération of a 1,000-candidate jury (target: under 5 s, data read
and rendered; docs/benchmarks.md).

The jury is built cheaply: the demo session is loaded through the services, the results of a
few of its complete candidates are computed as closing computes them, then 1,000 candidates
(copies of demo candidates under new numbers and names) are put in one closed jury with
their frozen results copied in bulk from those few, and a few jury changes. Measured in the
same run:

- the data read from the database (``minutes_data``: its queries counted);
- the render of that data (``minutes_render``);
- the whole issuance (``minutes_issue``: read, fingerprint, render, record), the figure the
  target is about;
- the floor: the bare ReportLab table of the same 1,000 rows (plain strings, no letterhead,
  no wrapping paragraphs, no database) — the least a PDF of these rows costs.

Run: scripts/with-postgres .venv/bin/python -m benchmarks.minutes_benchmark [--candidates N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import time
from typing import Any

TARGET_SECONDS = 5.0


def _timed(work: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def build(size: int) -> Any:
    """A closed jury of ``size`` candidates with frozen results copied from a few computed."""
    from django.utils import timezone

    from ndrc.web.accounts.models import User
    from ndrc.web.accounts.roles import Role
    from ndrc.web.candidates.models import Candidate
    from ndrc.web.deliberations.closing import _frozen
    from ndrc.web.deliberations.models import FrozenResult, Jury, JuryAssignment, JuryGradeChange
    from ndrc.web.deliberations.selectors import jury_changes_by_candidate, reviewed
    from ndrc.web.demo.services import demo_load

    demo_load()
    first = Jury.objects.order_by("pk").first()
    assert first is not None
    sample = list(
        Candidate.objects.filter(jury_assignment__jury=first).select_related(
            "establishment", "session"
        )[:40]
    )
    rows = [r for r in reviewed(sample, changes=jury_changes_by_candidate(first)) if not r.blocked]
    templates = [_frozen(first, row) for row in rows[:8]]
    members = [
        User.objects.create(
            username=f"banc-jury-{i}",
            role=Role.JURY,
            first_name=f"Membre{i}",
            last_name="Banc d'essai",
            academy=first.academy,
        )
        for i in range(5)
    ]
    jury = Jury.objects.create(
        session=first.session,
        academy=first.academy,
        name="Jury du banc d'essai",
        state=Jury.CLOSED,
        closed_at=timezone.now(),
    )
    jury.members.set(members)
    copies = []
    for i in range(size):
        source = sample[i % len(sample)]
        copy = Candidate(
            **{
                f.attname: getattr(source, f.attname)
                for f in Candidate._meta.concrete_fields
                if f.attname not in ("id", "user_id")
            }
        )
        copy.number = f"25BANC{i:05d}"
        copy.last_name = f"{source.last_name}-{i:04d}"
        copies.append(copy)
    Candidate.objects.bulk_create(copies, batch_size=500)
    copies = list(Candidate.objects.filter(number__startswith="25BANC").order_by("number"))
    JuryAssignment.objects.bulk_create(
        [JuryAssignment(jury=jury, candidate=c) for c in copies], batch_size=500
    )
    frozen = []
    for i, candidate in enumerate(copies):
        t = templates[i % len(templates)]
        frozen.append(
            FrozenResult(
                jury=jury,
                candidate=candidate,
                round=1,
                decision=t.decision,
                decision_label=t.decision_label,
                average=t.average,
                average_display=t.average_display,
                regulation=t.regulation,
                result=t.result,
                explanation=t.explanation,
            )
        )
    FrozenResult.objects.bulk_create(frozen, batch_size=500)
    JuryGradeChange.objects.bulk_create(
        [
            JuryGradeChange(
                jury=jury,
                candidate=copies[i * 37],
                exam="E4",
                value="12.00",
                reason="Harmonisation des notes de la commission",
                author=members[i % len(members)],
                round=1,
                withdrawn=i % 5 == 0,
            )
            for i in range(min(20, size // 37 + 1))
        ]
    )
    return jury


def bare_table(data: Any) -> bytes:
    """The floor: the same rows as one plain ReportLab table, nothing else."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Table

    rows = [["N°", "Nom", "Prénom", "Décision", "Moyenne"]]
    rows += [[c.number, c.last_name, c.first_name, c.decision, c.average] for c in data.candidates]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4), invariant=1).build(
        [Table(rows, repeatRows=1)]
    )
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=1000)
    args = parser.parse_args(argv)
    from benchmarks.database import django_ready

    django_ready(reference="scripts/with-postgres", test_environment=False, dedicated=False)
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from ndrc.web.deliberations.minutes import minutes_data, minutes_issue
    from ndrc.web.documents.kinds import IssueInfo, pdf_pages
    from ndrc.web.documents.minutes import minutes_render

    built, jury = _timed(lambda: build(args.candidates))
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        read, data = _timed(lambda: minutes_data(jury, 1))
    info = IssueInfo(reference="PV-BANC-1", version=1, issued_on=dt.date.today())
    rendered, export = _timed(lambda: minutes_render(data, info))
    issued, document = _timed(lambda: minutes_issue(jury=jury, actor=None))
    floor, bare = _timed(lambda: bare_table(data))
    print(f"PV de délibération — {len(data.candidates):,} candidats, base : {connection.vendor}")
    print(f"  construction du jury (hors mesure) : {built:.1f} s")
    print(f"  lecture des données : {read:.3f} s ({len(queries)} requêtes)")
    print(f"  mise en page : {rendered:.3f} s ({pdf_pages(export.data)} pages)")
    print(
        f"  édition complète (lecture, empreinte, mise en page, enregistrement) : {issued:.3f} s "
        f"({document.pages} pages, {document.size / 1024:.0f} Kio) — objectif < "
        f"{TARGET_SECONDS:.0f} s : {'tenu' if issued < TARGET_SECONDS else 'MANQUÉ'}"
    )
    print(
        f"  plancher (table ReportLab nue des mêmes lignes, sans base) : {floor:.3f} s "
        f"({pdf_pages(bare)} pages) ; rapport : {issued / floor:.1f}×"
    )
    return 0 if issued < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
