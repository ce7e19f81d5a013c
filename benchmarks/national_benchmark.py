"""The national session in the web application (issue 13): sessions of 300, 5,000 and 30,000
candidates built through the product's own services, then each import, page and job measured
beside the bare arithmetic of the same grades.

    scripts/with-postgres .venv/bin/python -m benchmarks.national_benchmark --sizes 300,5000
    make bench-national            # the three sizes, on a throw-away PostgreSQL

Each size starts from an empty database (``flush``) and is built as an exam office would:
the académie, the session and its calendar (deposit deadline, oral date), the establishments
(in the proportions of ``benchmarks.session_generator``), one account per role; the
candidates imported from a generated CSV file, then their grades from another (the import
page and its job, through ``django.test.Client`` logged in as the exam office); the
internships and dossiers of the demo session (``ndrc.web.demo.files``) written through
``files_bulk_create``; the juries (79 % of the candidates in the first one: 23,700 of
30,000). It then measures the pages and the jobs.

Every figure is wall time (``time.perf_counter``), CPU time of this process
(``time.process_time``: the database server's own work is not in it) and the count of SQL
queries (``CaptureQueriesContext``); the jobs' peak of Python memory is measured by a second
run under ``tracemalloc``, rolled back (``tracemalloc`` slows the code it watches, so the time
is not taken from that run); the ``COPY`` of the grade import (one per 2,000 grades) is not
seen by ``CaptureQueriesContext``. The floor of each figure is the bare weighted average of the
same grades: (a) in plain Python with ``Decimal`` over the rows already in memory, (b) as one
SQL aggregate in the database; each figure is printed with both floors and its ratio to
them, and the growth from 5,000 to 30,000 candidates (the ratio of the figures divided by 6:
1.0 is linear).

Prints a Markdown table (and, with ``--json FILE``, writes the figures as JSON).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gc
import json
import os
import random
import re
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

PASSWORD = "ndrc-bench-2025"
YEAR = 2025
FIRST_JURY_SHARE = 0.79  # 23,700 of 30,000 candidates in the biggest jury
PER_ESTABLISHMENT = 100  # candidates per establishment, about
FILES_CHUNK = 2000  # candidates whose internships and dossiers are written at once


def review_job(jury: Any) -> Any:
    """Reviewing a jury: every proposed result of its candidates computed again and stored
    (what is missing, proposed decisions, conformity), as the job started by the jury's page
    does after the candidates' grades or files changed. The one place where the measured
    callable is named."""
    from ndrc.web.deliberations.proposals import proposals_refresh
    from ndrc.web.deliberations.selectors import jury_candidates

    ids = list(jury_candidates(jury).values_list("pk", flat=True))
    return proposals_refresh(candidate_ids=ids)


def session_proposals_job(session: Any) -> Any:
    """After the imports: the proposed results of every candidate of the session computed
    and stored, as the job a whole-session page starts when many are stale."""
    from ndrc.web.candidates.models import Candidate
    from ndrc.web.candidates.selectors import stale_candidates
    from ndrc.web.deliberations.proposals import proposals_refresh

    stale = stale_candidates(Candidate.objects.filter(session=session))
    return proposals_refresh(candidate_ids=list(stale.values_list("pk", flat=True)))


def close_job(jury: Any, actor: Any) -> Any:
    """Closing a jury's deliberation (results frozen with their explanations, files locked)."""
    from ndrc.web.deliberations.closing import deliberation_close

    return deliberation_close(jury=jury, actor=actor)


@dataclass
class Figure:
    size: int
    what: str
    wall: float | None = None
    cpu: float | None = None
    queries: int | None = None
    peak_mb: float | None = None
    floor: str = "session"  # which grades its floor is computed over: session or jury
    note: str = ""


@dataclass
class Floors:
    python: float
    sql: float
    candidates: int
    grades: int


@dataclass
class Run:
    size: int
    figures: list[Figure] = field(default_factory=list)
    floors: dict[str, Floors] = field(default_factory=dict)
    build: dict[str, float] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------


def measured(size: int, what: str, fn: Callable[[], Any], *, floor: str = "session") -> Figure:
    """Wall time, CPU time and queries of one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gc.collect()
    with CaptureQueriesContext(connection) as queries:
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    figure = Figure(size, what, wall, cpu, len(queries), floor=floor)
    status = getattr(result, "status_code", None)
    if status is not None and status not in (200, 302):
        figure.note = f"HTTP {status}"
    return figure


def measured_rolled_back(
    size: int, what: str, fn: Callable[[], Any], *, prepare: Callable[[], Any], floor: str
) -> Figure:
    """``measured`` of one call made after ``prepare`` (not measured), in a transaction
    rolled back afterwards."""
    from django.db import transaction

    with transaction.atomic():
        prepare()
        figure = measured(size, what, fn, floor=floor)
        transaction.set_rollback(True)
    return figure


def peak_memory(fn: Callable[[], Any], prepare: Callable[[], Any] | None = None) -> float:
    """The peak of Python memory (MB) of one call, run after ``prepare`` (not measured) in a
    transaction rolled back."""
    from django.db import transaction

    with transaction.atomic():
        if prepare is not None:
            prepare()
        gc.collect()
        tracemalloc.start()
        try:
            fn()
            return tracemalloc.get_traced_memory()[1] / 1_000_000
        finally:
            tracemalloc.stop()
            transaction.set_rollback(True)


def coefficients() -> dict[str, int]:
    """The coefficient of every graded code of the compulsory épreuves (parts for E5)."""
    from ndrc.rules.regulation import regulation_for_session

    found: dict[str, int] = {}
    for exam in regulation_for_session(YEAR).exams:
        if exam.parts:
            found.update((part.code, part.coefficient) for part in exam.parts)
        elif exam.coefficient is not None:
            found[exam.code] = exam.coefficient
    return found


def floors(session: Any, jury: Any | None) -> Floors:
    """The bare weighted average of the grades (of the session, or of one jury's
    candidates): plain Python over rows in memory, then one SQL aggregate."""
    from django.db import connection

    from ndrc.web.candidates.models import Grade
    from ndrc.web.deliberations.models import JuryAssignment

    coefs = coefficients()
    grades = Grade.objects.filter(candidate__session=session, state="grade", exam__in=coefs)
    if jury is not None:
        grades = grades.filter(candidate__jury_assignment__jury=jury)
    rows = list(grades.values_list("candidate_id", "exam", "value"))  # loading not counted
    gc.collect()
    started = time.perf_counter()
    sums: dict[int, list[Any]] = collections.defaultdict(lambda: [Decimal(0), 0])
    for candidate_id, exam, value in rows:
        coefficient = coefs[exam]
        total = sums[candidate_id]
        total[0] += value * coefficient
        total[1] += coefficient
    averages = {pk: (s / w).quantize(Decimal("0.01")) for pk, (s, w) in sums.items()}
    python = time.perf_counter() - started

    grade_table = Grade._meta.db_table
    case = " ".join(f"WHEN '{code}' THEN {coef}" for code, coef in coefs.items())
    codes = ", ".join(f"'{code}'" for code in coefs)
    sql = (
        f"SELECT g.candidate_id, SUM(g.value * CASE g.exam {case} END) / "
        f"SUM(CASE g.exam {case} END) FROM {grade_table} g "
    )
    params: list[Any] = []
    if jury is not None:
        sql += (
            f"JOIN {JuryAssignment._meta.db_table} a ON a.candidate_id = g.candidate_id "
            "AND a.jury_id = %s "
        )
        params.append(jury.pk)
    sql += f"WHERE g.state = 'grade' AND g.exam IN ({codes}) GROUP BY g.candidate_id"
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
        in_sql = time.perf_counter() - started
    assert len(fetched) == len(averages)
    return Floors(python=python, sql=in_sql, candidates=len(averages), grades=len(rows))


# --------------------------------------------------------------------------------------------
# Building a session through the services
# --------------------------------------------------------------------------------------------


@dataclass
class Built:
    admin: Any
    office: Any
    session: Any
    academy: Any
    juries: list[Any]


def _accounts(academy: Any, establishment: Any, admin: Any) -> Any:
    from ndrc.web.accounts.roles import Role
    from ndrc.web.accounts.services import user_create

    office = user_create(
        username="gestionnaire",
        password=PASSWORD,
        role=Role.EXAM_OFFICE,
        first_name="Gestionnaire",
        last_name="DEC",
        academy=academy,
        actor=admin,
    )
    for username, role in (
        ("centre", Role.TRAINING_CENTRE),
        ("examinateur", Role.EXAMINER),
        ("jury", Role.JURY),
        ("candidat", Role.CANDIDATE),
    ):
        user_create(
            username=username,
            password=PASSWORD,
            role=role,
            first_name=username.capitalize(),
            last_name="Banc",
            academy=academy,
            establishment=establishment if role == Role.TRAINING_CENTRE else None,
            actor=admin,
        )
    return office


def _establishments(size: int, academy: Any, admin: Any) -> dict[tuple[Any, Any, Any], list[Any]]:
    """The establishments of each category of ``session_generator``, about one per
    hundred candidates."""
    from benchmarks.session_generator import CATEGORIES
    from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
    from ndrc.web.sessions import services

    found: dict[tuple[Any, Any, Any], list[Any]] = {}
    number = 0
    for weight, route, status, habilitation in CATEGORIES:
        if route is Route.PROFESSIONAL_EXPERIENCE:
            continue
        if status is None:  # distance learning: a public centre (the CNED), not habilitated
            status, habilitation = EstablishmentStatus.PUBLIC, Habilitation.NONE
        count = max(1, round(size * weight / 100 / PER_ESTABLISHMENT))
        for _ in range(count):
            number += 1
            found.setdefault((route, status, habilitation), []).append(
                services.establishment_create(
                    uai=f"{number:07d}B",
                    name=f"Établissement {number}",
                    academy=academy,
                    status=status,
                    habilitation=habilitation,
                    city="Clermont-Ferrand",
                    actor=admin,
                )
            )
    return found


def candidates_csv(size: int, establishments: dict[tuple[Any, Any, Any], list[Any]]) -> bytes:
    """A candidate file of ``size`` rows, in the proportions of ``session_generator``."""
    from benchmarks.session_generator import CATEGORIES
    from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route

    rng = random.Random(YEAR)
    weights = [c[0] for c in CATEGORIES]
    lines = [
        "numero;nom;prenom;date_naissance;voie;uai;lv1;ef1_langue;ef2;forme;unites_vae;"
        "statut_stage;situation_fc"
    ]
    for i in range(size):
        _, route, status, habilitation = rng.choices(CATEGORIES, weights)[0]
        if route is Route.DISTANCE_LEARNING:
            status, habilitation = EstablishmentStatus.PUBLIC, Habilitation.NONE
        uai = rng.choice(establishments[(route, status, habilitation)]).uai if status else ""
        continuing = route is Route.CONTINUING_EDUCATION
        adult = continuing or route is Route.PROFESSIONAL_EXPERIENCE
        birth = dt.date(1990 if adult else 2005, 1 + i % 12, 1 + i % 28)
        lines.append(
            ";".join(
                [
                    f"25N{i:06d}",
                    f"Nom{i % 997}",
                    f"Prénom{i % 89}",
                    birth.strftime("%d/%m/%Y"),
                    route.value,
                    uai,
                    "anglais",
                    "espagnol" if rng.random() < 0.2 else "",
                    "oui" if rng.random() < 0.1 else "non",
                    "progressive" if continuing and rng.random() < 0.3 else "globale",
                    "U6" if adult and rng.random() < 0.1 else "",
                    "scolaire" if route is Route.DISTANCE_LEARNING else "",
                    "premiere_formation" if continuing else "",
                ]
            )
        )
    return "\r\n".join(lines).encode("utf-8")


def grades_csv(session: Any) -> bytes:
    """A grade for every épreuve (or part) each candidate sits, 1.5 % absent."""
    from ndrc.rules.exam_plan import ExamStatus
    from ndrc.web.candidates.models import Candidate
    from ndrc.web.candidates.rules_inputs import plan_of

    lines = ["numero;epreuve;note"]
    for candidate in Candidate.objects.filter(session=session).select_related(
        "establishment", "session"
    ):
        rng = random.Random(candidate.number)
        for planned in plan_of(candidate).exams:
            if planned.status is not ExamStatus.TO_SIT:
                continue
            for code in [p.code for p in planned.parts] or [planned.code]:
                if rng.random() < 0.015:
                    typed = "ABS"
                else:
                    value = min(20.0, max(0.0, rng.gauss(10.8, 3.2)))
                    typed = f"{round(value * 4) / 4:.2f}".replace(".", ",")
                lines.append(f"{candidate.number};{code};{typed}")
    return "\r\n".join(lines).encode("utf-8")


def imported(run: Run, client: Any, office: Any, kind: str, content: bytes) -> None:
    """The dry run (the import page), the peak memory of the import job (rolled back),
    then the confirmed import (its job runs in the request with the immediate backend)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from ndrc.web.imports.models import ImportFile
    from ndrc.web.imports.services import import_work
    from ndrc.web.jobs.models import Job, JobState

    name = "candidats.csv" if kind == "candidates" else "notes.csv"
    label = "candidate import" if kind == "candidates" else "grade import"
    rows = content.count(b"\n")
    upload = SimpleUploadedFile(name, content)
    responses: list[Any] = []
    figure = measured(
        run.size,
        f"{label}, dry run ({rows:,} rows)",
        lambda: responses.append(
            client.post(reverse("import_index"), {"contenu": kind, "fichier": upload})
        ),
    )
    run.figures.append(figure)
    stored = ImportFile.objects.filter(created_by=office, job=None).order_by("-pk").first()
    if stored is None:
        report = (responses[0].context or {}).get("report")
        errors = [str(e) for e in report.errors[:5]] if report else responses[0].status_code
        raise SystemExit(f"{label}: the dry run refused the generated file: {errors}")
    last_job = Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    real = measured(
        run.size,
        f"{label}, real run ({rows:,} rows)",
        lambda: client.post(reverse("import_confirm"), {"fichier_id": stored.pk}),
    )
    # The import's job (its stored file is deleted once the import succeeded).
    job = Job.objects.filter(pk__gt=last_job).order_by("-pk").first()
    if job is None or job.state != JobState.DONE:
        detail = "no job" if job is None else f"{job.message} {job.details[:5]}"
        raise SystemExit(f"{label}: the import job failed: {detail}")
    run.figures.append(real)
    real.note = "peak memory: second run, rolled back"

    copies: list[Any] = []

    def undo() -> None:
        """What the import wrote is removed (in the transaction rolled back afterwards)."""
        from ndrc.web.audit.models import AuditEntry
        from ndrc.web.candidates.models import Candidate, Grade

        copies.append(
            ImportFile.objects.create(
                kind=stored.kind,
                filename=stored.filename,
                content=stored.content,
                session=stored.session,
                academy=stored.academy,
                created_by=office,
            )
        )
        if kind == "grades":
            AuditEntry.objects.filter(action="grade_set").delete()
            Grade.objects.filter(candidate__session=stored.session).delete()
        else:
            AuditEntry.objects.filter(candidate__session=stored.session).delete()
            Candidate.objects.filter(session=stored.session).delete()

    real.peak_mb = peak_memory(
        lambda: import_work(params={"import_file": copies[-1].pk}, actor=office, progress=_silent),
        prepare=undo,
    )


def _silent(done: int, total: int, message: str) -> None:
    return None


def build(run: Run, client: Any) -> Built:
    from ndrc.rules.candidate_category import Route
    from ndrc.web.accounts.services import user_create
    from ndrc.web.candidates.file_services import files_bulk_create
    from ndrc.web.candidates.models import Candidate
    from ndrc.web.deliberations.services import jury_create
    from ndrc.web.demo.files import DEPOSIT_DEADLINE, ORAL_DATE, demo_files
    from ndrc.web.demo.services import regular_composition_add
    from ndrc.web.sessions import services

    size = run.size
    started = time.perf_counter()
    admin = user_create(
        username="admin",
        password=PASSWORD,
        role="",
        first_name="Administrateur",
        is_superuser=True,
    )
    academy = services.academy_create(code="06", name="Académie du banc d'essai", actor=admin)
    session = services.session_create(
        year=YEAR,
        label=f"Session {YEAR}",
        academy=academy,
        deposit_deadline=DEPOSIT_DEADLINE,
        oral_date=ORAL_DATE,
        actor=admin,
    )
    establishments = _establishments(size, academy, admin)
    first = next(iter(establishments.values()))[0]
    office = _accounts(academy, first, admin)
    client.force_login(office)
    run.build["session, establishments, accounts"] = time.perf_counter() - started

    imported(run, client, office, "candidates", candidates_csv(size, establishments))
    started = time.perf_counter()
    content = grades_csv(session)
    run.build["grade file generated"] = time.perf_counter() - started
    imported(run, client, office, "grades", content)

    started = time.perf_counter()
    candidates = list(
        Candidate.objects.filter(session=session).select_related("session").order_by("pk")
    )
    for start in range(0, len(candidates), FILES_CHUNK):
        internships, dossiers = demo_files(candidates[start : start + FILES_CHUNK])
        for dossier in dossiers:  # no pending doubt on the exam day: the juries may close
            dossier.content.pop("exam_day_doubt", None)
        files_bulk_create(
            internships=internships, dossiers=dossiers, actor=admin, reason="Banc d'essai"
        )
    run.build["internships and dossiers (files_bulk_create)"] = time.perf_counter() - started

    started = time.perf_counter()
    from ndrc.web.accounts.models import User

    member = User.objects.get(username="jury")
    first_count = round(len(candidates) * FIRST_JURY_SHARE)
    rest = candidates[first_count:]
    groups = [
        ("Jury 1", candidates[:first_count]),
        ("Jury 2", [c for c in rest if c.route == Route.SCHOOL]),
        ("Jury 3", [c for c in rest if c.route != Route.SCHOOL]),
    ]
    juries = [
        jury_create(
            session=session,
            academy=academy,
            name=name,
            members=[member],
            candidates=members,
            actor=admin,
        )
        for name, members in groups
        if members
    ]
    for jury in juries:  # a regular composition (CE D643-31): the juries may close
        regular_composition_add(
            jury=jury,
            president=member,
            names=("Présidente", "Professeur", "Employeur", "Salarié"),
            actor=admin,
        )
    run.build["juries (jury_create)"] = time.perf_counter() - started
    return Built(admin=admin, office=office, session=session, academy=academy, juries=juries)


# --------------------------------------------------------------------------------------------
# One size
# --------------------------------------------------------------------------------------------


def one_size(size: int) -> Run:
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from ndrc.web.candidates.models import Candidate
    from ndrc.web.deliberations.models import JuryAssignment
    from ndrc.web.deliberations.services import jury_assign

    call_command("flush", interactive=False, verbosity=0)
    run = Run(size=size)
    client = Client()
    built = build(run, client)
    jury = built.juries[0]
    biggest = f"the biggest jury ({JuryAssignment.objects.filter(jury=jury).count():,} candidates)"
    run.floors["session"] = floors(built.session, None)
    run.floors["jury"] = floors(built.session, jury)
    pages = [
        ("page /candidats/", reverse("candidate_list"), "session"),
        ("page /api/v1/candidates/", "/api/v1/candidates/", "session"),
        ("page /notes/ (no class chosen)", reverse("grade_entry"), "session"),
        ("page /conformite/", "/conformite/", "session"),
        ("page /deliberation/", "/deliberation/", "session"),
        ("page /deliberation/jury/<pk>/ (biggest jury)", f"/deliberation/jury/{jury.pk}/", "jury"),
        ("page / (home)", "/", "session"),
        (
            "page /deliberation/jury/<pk>/grille/ (biggest jury, 9 to 10, by average)",
            f"/deliberation/jury/{jury.pk}/grille/?moyenne=pass&tri=-average",
            "jury",
        ),
    ]
    run.figures.append(
        measured(
            size,
            "job: proposed results of the whole session (all stale after the imports)",
            lambda: session_proposals_job(built.session),
        )
    )
    for what, url, scope in pages:
        run.figures.append(measured(size, what, lambda url=url: client.get(url), floor=scope))
    review = measured(size, f"job: review of {biggest}", lambda: review_job(jury), floor="jury")
    review.peak_mb = peak_memory(lambda: review_job(jury))
    run.figures.append(review)

    # A jury of the whole session: the other juries' candidates join the first one (through
    # jury_assign; no service empties a jury, their assignments are removed), then it is
    # closed; each run is rolled back.
    def everyone_in_first() -> None:
        others = list(Candidate.objects.filter(jury_assignment__jury__in=built.juries[1:]))
        JuryAssignment.objects.filter(jury__in=built.juries[1:]).delete()
        if others:
            jury_assign(jury=jury, candidates=others, actor=built.admin)

    whole = measured_rolled_back(
        size,
        f"job: closing one jury of the whole session ({size:,} candidates)",
        lambda: close_job(jury, built.admin),
        prepare=everyone_in_first,
        floor="session",
    )
    whole.peak_mb = peak_memory(lambda: close_job(jury, built.admin), prepare=everyone_in_first)
    whole.note = "peak memory: second run; both rolled back"
    run.figures.append(whole)
    jury.refresh_from_db()
    close = Figure(size, f"job: closing {biggest}", floor="jury")
    try:
        close.peak_mb = peak_memory(lambda: close_job(jury, built.admin))
        jury.refresh_from_db()
        measured_close = measured(
            size, close.what, lambda: close_job(jury, built.admin), floor="jury"
        )
        close.wall, close.cpu, close.queries = (
            measured_close.wall,
            measured_close.cpu,
            measured_close.queries,
        )
    except Exception as error:  # blocked: say why, the figure is not measured
        close.note = f"not measured: {' '.join(str(error).split())[:200]}"
    run.figures.append(close)
    return run


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _ratio(value: float | None, floor: float) -> str:
    if value is None or floor <= 0:
        return "—"
    return f"{value / floor:,.0f}×"


def markdown(runs: list[Run], vendor: str) -> str:
    out = [
        f"National session in the web application — database: {vendor}; CPU is this "
        "process's only; peak memory by tracemalloc (jobs and imports, second run rolled "
        "back).",
        "",
        "| candidates | what | wall (s) | CPU (s) | queries | peak (MB) | floor Python (s) "
        "| floor SQL (s) | wall / Python | wall / SQL | note |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        for f in run.figures:
            floor = run.floors[f.floor]
            out.append(
                f"| {run.size:,} | {f.what} | {_s(f.wall)} | {_s(f.cpu)} | "
                f"{'—' if f.queries is None else f'{f.queries:,}'} | "
                f"{'—' if f.peak_mb is None else f'{f.peak_mb:,.0f}'} | "
                f"{floor.python:.4f} ({f.floor}) | {floor.sql:.4f} | "
                f"{_ratio(f.wall, floor.python)} | {_ratio(f.wall, floor.sql)} | {f.note} |"
            )
    out += ["", "| candidates | floor over | candidates averaged | grades | Python (s) | SQL (s) |"]
    out.append("|---:|---|---:|---:|---:|---:|")
    for run in runs:
        for scope, floor in run.floors.items():
            out.append(
                f"| {run.size:,} | {scope} | {floor.candidates:,} | {floor.grades:,} | "
                f"{floor.python:.4f} | {floor.sql:.4f} |"
            )
    out += ["", "| candidates | building step | wall (s) |", "|---:|---|---:|"]
    for run in runs:
        for step, seconds in run.build.items():
            out.append(f"| {run.size:,} | {step} | {seconds:.2f} |")
    sizes = {run.size: run for run in runs}
    if 5000 in sizes and 30000 in sizes:
        out += [
            "",
            "Growth from 5,000 to 30,000 candidates (ratio of the wall times / 6; 1.0 is linear):",
            "",
            "| what | wall 5,000 (s) | wall 30,000 (s) | growth |",
            "|---|---:|---:|---:|",
        ]
        small = {_kind(f.what): f for f in sizes[5000].figures}
        for f in sizes[30000].figures:
            before = small.get(_kind(f.what))
            if before is None or before.wall is None or f.wall is None:
                continue
            out.append(
                f"| {_kind(f.what)} | {before.wall:.3f} | {f.wall:.3f} | "
                f"{f.wall / before.wall / 6:.2f} |"
            )
    return "\n".join(out)


def _kind(what: str) -> str:
    """A figure's name without its count of rows or candidates (the same at every size)."""
    return re.sub(r" \([\d,]+ (rows|candidates)\)", "", what)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="300,5000,30000", help="e.g. 300,5000,30000")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.web.settings")
    os.environ.setdefault("NDRC_DEBUG", "1")  # the development settings, asked for
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print(
            "Attention : DATABASE_URL n'est pas une base PostgreSQL ; les chiffres de "
            "référence se mesurent sur PostgreSQL (make bench-national).",
            file=sys.stderr,
        )
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, and the pages' contexts
    from ndrc.web.batch import dedicated_process

    dedicated_process()  # its jobs run as the database worker runs them
    from benchmarks.database import database_ready

    database_ready()
    connection.queries_log = collections.deque()  # count every query, not the last 9,000
    runs = []
    for size in sizes:
        started = time.perf_counter()
        runs.append(one_size(size))
        print(f"[{size:,} candidates measured in {time.perf_counter() - started:.0f} s]")
        print(markdown(runs[-1:], connection.vendor), flush=True)
    print()
    print(markdown(runs, connection.vendor))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(
                [
                    {
                        "size": run.size,
                        "figures": [asdict(f) for f in run.figures],
                        "floors": {k: asdict(v) for k, v in run.floors.items()},
                        "build": run.build,
                    }
                    for run in runs
                ],
                out,
                indent=2,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
