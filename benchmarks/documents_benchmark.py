"""The relevés de notes of a published session (issue 15): 30,000 candidates' relevés (and
attestations of blocks where due) issued as one job, as publication runs it, on PostgreSQL.

    scripts/with-postgres .venv/bin/python -m benchmarks.documents_benchmark --size 30000
    make bench-documents

The published results are built cheaply, since this measures issuing, not deliberating: the
demo session is created through the product's services (``demo_load``), its first jury is
reviewed by the rules core (``jury_review``), and the results of its candidates whose review
is complete are copied: 30,000 candidates (``bulk_create``, copies of the demo's, without
accounts: each e-mail is then recorded « sans adresse ») each get one of these results as a
published ``FrozenResult`` of one jury. The job (``published_transcripts_work``, what
``results_publish`` starts) is then run and timed: pages per second, total seconds.

Memory: the peak of Python memory (``tracemalloc``) is taken over a second job of
``--memory-size`` candidates (the job works chunk by chunk, so its peak is that of a chunk;
``tracemalloc`` slows the code it watches, so the time is not taken from that run), and the
process's peak resident size (``ru_maxrss``) over the whole run.

Floor: the same renderer drawing one relevé ``--floor-size`` times in memory, without the
database (pages per second), and the bare ReportLab page (the letterhead and the footer only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import time
import tracemalloc
from typing import Any


def _models() -> tuple[list[tuple[Any, dict[str, Any], str]], Any, Any]:
    """The demo session's complete results, computed by the rules core: the candidate, the
    result as stored, its explanation; the demo's first jury and its administrator."""
    from ndrc.web.accounts.models import User
    from ndrc.web.deliberations.models import Jury
    from ndrc.web.deliberations.selectors import jury_review
    from ndrc.web.demo.services import demo_load

    demo_load()
    first = Jury.objects.order_by("pk").first()
    assert first is not None
    review = jury_review(first)
    results = [(row.candidate, row.result) for row in review.rows if not row.blocked and row.result]
    if not results:
        raise SystemExit("Aucun résultat complet dans la session de démonstration.")
    models = [
        (candidate, result.to_dict(), result.explanation_fr()) for candidate, result in results
    ]
    return models, first, User.objects.get(username="admin")


def _published_copies(
    models: list[tuple[Any, dict[str, Any], str]], first: Any, size: int, offset: int
) -> Any:
    """A jury of ``size`` candidates with published results copied from real ones."""
    from django.db import transaction
    from django.utils import timezone

    from ndrc.web.candidates.models import Candidate
    from ndrc.web.deliberations.models import FrozenResult, Jury

    now = timezone.now()
    with transaction.atomic():
        jury = Jury.objects.create(
            session=first.session,
            academy=first.academy,
            name=f"Jury du banc d'essai {offset}",
            state=Jury.CLOSED,
            closed_at=now,
        )
        made: list[Any] = []
        for start in range(0, size, 2000):
            batch = []
            for i in range(start, min(size, start + 2000)):
                model = models[i % len(models)][0]
                batch.append(
                    Candidate(
                        session_id=model.session_id,
                        academy_id=model.academy_id,
                        number=f"B{offset + i:07d}",
                        last_name=f"{model.last_name}{i}",
                        first_name=model.first_name,
                        birth_date=model.birth_date,
                        route=model.route,
                        establishment_id=model.establishment_id,
                        lv1=model.lv1,
                        vae_units=model.vae_units,
                    )
                )
            made += Candidate.objects.bulk_create(batch)
        rows = []
        for i, candidate in enumerate(made):
            _, result, explanation = models[i % len(models)]
            rows.append(
                FrozenResult(
                    jury=jury,
                    candidate=candidate,
                    round=1,
                    decision=result["decision"],
                    decision_label=result["decision_label"],
                    average=result["average"] or "",
                    average_display=result["average_display"] or "",
                    regulation="R2023",
                    result=result,
                    explanation=explanation,
                    published_at=now,
                )
            )
        FrozenResult.objects.bulk_create(rows, batch_size=2000)
    return jury


def _job(jury: Any, actor: Any, profile: bool = False) -> tuple[float, float, int, int]:
    """Run the publication's job; its wall and CPU time, the pages and documents issued."""
    from django.db.models import Sum

    from ndrc.web.deliberations.transcripts import published_transcripts_start
    from ndrc.web.documents.models import IssuedDocument

    started, cpu = time.perf_counter(), time.process_time()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        job = profiler.runcall(published_transcripts_start, jury_id=jury.pk, round_=1, actor=actor)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(40)
    else:
        job = published_transcripts_start(jury_id=jury.pk, round_=1, actor=actor)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if job.state != "done":
        raise SystemExit(f"La tâche a échoué : {job.message}")
    issued = IssuedDocument.objects.filter(jury_id=jury.pk)
    pages = issued.aggregate(n=Sum("pages"))["n"] or 0
    return seconds, cpu, pages, issued.count()


def _floor(size: int) -> tuple[float, float]:
    """Pages per second of the renderer alone (one relevé, in memory), and of the bare page
    (the letterhead and footer of ``layout``, nothing else)."""
    import io
    from types import SimpleNamespace

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from ndrc.rules.texts_applied import texts_applied
    from ndrc.web.documents import layout
    from ndrc.web.documents.kinds import IssueInfo
    from ndrc.web.documents.transcript import (
        Identity,
        KeptLine,
        TranscriptData,
        UnitLine,
        transcript_render,
    )

    info = IssueInfo(reference="RN-2025-B0000001-1", version=1, issued_on=dt.date(2025, 7, 4))
    units = tuple(
        UnitLine(
            f"U{i}", f"E{i}", "Relation client et négociation-vente", "general", 3, "12,50", "37,50"
        )
        for i in range(1, 8)
    )
    data = TranscriptData(
        academy="Clermont-Ferrand",
        session=2025,
        texts=texts_applied(2025),
        identity=Identity("Durand", "Lou", "B0000001", dt.date(2005, 3, 1), "Lycée Jean Zay"),
        jury="Jury 1",
        round=1,
        deliberated_on=dt.date(2025, 7, 2),
        published_on=dt.date(2025, 7, 3),
        units=units,
        optional_bonus="",
        bonus_threshold="10,00",
        total_points="262,50",
        divisor=21,
        average_display="12,50",
        average_after_resit_display="",
        decision_label="Admis",
        units_awarded=tuple(KeptLine(f"U{i}", f"E{i}", "12,50", 2025, 2030) for i in range(6)),
        grades_kept=(),
        blocks=tuple(f"U{i} Relation client et négociation-vente" for i in range(6)),
    )
    transcript_render(data, info)
    started = time.perf_counter()
    for _ in range(size):
        transcript_render(data, info)
    rendered = size / (time.perf_counter() - started)

    letterhead = layout.Letterhead(
        academy="Clermont-Ferrand",
        session=2025,
        title="Relevé de notes",
        reference=info.reference,
        issued_on=info.issued_on,
        texts=texts_applied(2025),
    )
    frame = SimpleNamespace(letterhead=letterhead)
    started = time.perf_counter()
    for _ in range(size):
        canvas = Canvas(io.BytesIO(), pagesize=A4, invariant=1)
        layout.page_frame_draw(canvas, frame)  # type: ignore[arg-type]
        layout.page_number_draw(canvas, letterhead, 1)
        canvas.showPage()
        canvas.save()
    bare = size / (time.perf_counter() - started)
    return rendered, bare


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=30000, help="candidates (30000)")
    parser.add_argument("--memory-size", type=int, default=2000, help="candidates (2000)")
    parser.add_argument("--floor-size", type=int, default=2000, help="renderings (2000)")
    parser.add_argument("--profile", action="store_true", help="profile the job (cProfile)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.web.settings")
    os.environ.setdefault("NDRC_DEBUG", "1")  # the development settings, asked for
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print(
            "Attention : DATABASE_URL n'est pas une base PostgreSQL ; les chiffres de "
            "référence se mesurent sur PostgreSQL (make bench-documents).",
            file=sys.stderr,
        )
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()  # e-mails kept in memory (locmem), never sent
    from django.conf import settings

    settings.DEBUG = False  # as in production: the queries (and their bytes) are not logged
    from ndrc.web import batch
    from ndrc.web.batch import dedicated_process

    dedicated_process()  # its jobs run as the database worker runs them
    from benchmarks.database import database_ready

    database_ready()
    started = time.perf_counter()
    models, first, actor = _models()
    print(f"[{len(models)} résultats réels calculés en {time.perf_counter() - started:.0f} s]")
    started = time.perf_counter()
    jury = _published_copies(models, first, args.size, 0)
    print(f"[{args.size:,} résultats publiés préparés en {time.perf_counter() - started:.0f} s]")
    if args.profile:
        batch.PROCESSES = 1  # profiled here, in this process, in this thread
        batch._dedicated = False
    seconds, cpu, pages, documents = _job(jury, actor, args.profile)
    rate = pages / seconds if seconds else 0.0
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    drawing_cpu = used.ru_utime + used.ru_stime  # the drawing processes, all together

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    memory_jury = _published_copies(models, first, args.memory_size, args.size)
    processes, batch.PROCESSES = batch.PROCESSES, 1  # tracemalloc sees this one
    tracemalloc.start()
    _job(memory_jury, actor)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    batch.PROCESSES = processes

    rendered, bare = _floor(args.floor_size)
    print()
    print(f"Relevés de notes — {args.size:,} candidats, une tâche ({connection.vendor})")
    print()
    print("| mesure | valeur |")
    print("|---|---|")
    print(f"| documents délivrés | {documents:,} |")
    print(f"| pages | {pages:,} |")
    print(f"| durée totale | {seconds:.1f} s |")
    print(f"| pages par seconde | {rate:.0f} (cible ≥ 250) |")
    print(f"| temps processeur du processus principal | {cpu:.1f} s |")
    if drawing_cpu:
        print(
            f"| temps processeur des processus de dessin | {drawing_cpu:.1f} s, soit "
            f"{pages / drawing_cpu * (os.cpu_count() or 1):.0f} pages/s sur "
            f"{os.cpu_count()} cœurs libres |"
        )
    print(f"| charge de la machine (1 min) | {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs |")
    print(
        f"| pic de mémoire Python (tracemalloc, tâche de {args.memory_size:,} candidats) "
        f"| {peak / 2**20:.0f} Mo (cible < 500) |"
    )
    print(f"| pic de mémoire résidente (ru_maxrss) : ce processus | {rss:.0f} Mo (démo comprise) |")
    print(
        f"| pic de mémoire résidente (ru_maxrss) : le plus gros des {processes} processus "
        f"de dessin | {children:.0f} Mo |"
    )
    print(f"| plancher : le même relevé rendu sans base | {rendered:.0f} pages/s |")
    print(f"| plancher : la page nue (en-tête et pied) | {bare:.0f} pages/s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
