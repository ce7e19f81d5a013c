"""The demo session: real data through the real services (``ndrc web load_demo``).

A 2025 session of the académie de Clermont-Ferrand with candidates of every route and every
kind of establishment of the règlement d'examen, and one account per role.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from ndrc.rules.candidate_category import Route
from ndrc.rules.exam_plan import ExamStatus
from ndrc.rules.regulation import Form
from ndrc.web.accounts.models import User
from ndrc.web.accounts.roles import Role
from ndrc.web.accounts.services import user_create
from ndrc.web.candidates.file_services import files_bulk_create
from ndrc.web.candidates.grade_services import GradeWrite, grades_import
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.rules_inputs import plan_of
from ndrc.web.candidates.services import candidate_register
from ndrc.web.deliberations.jury_member_services import jury_member_add
from ndrc.web.deliberations.models import Jury
from ndrc.web.deliberations.services import jury_create
from ndrc.web.demo.data import (
    ESTABLISHMENTS,
    EXPERIENCE_CANDIDATES,
    FIRST_NAMES,
    LANGUAGES,
    LAST_NAMES,
)
from ndrc.web.demo.exam_days import demo_exam_days
from ndrc.web.demo.files import DEPOSIT_DEADLINE, ORAL_DATE, demo_files
from ndrc.web.grading.services import examiners_assign
from ndrc.web.sessions import services
from ndrc.web.sessions.models import Academy, Establishment, ExamSession

DEMO_YEAR = 2025
DEMO_PASSWORD = "ndrc-demo-2025"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role_label: str
    scope: str


def _birth_date(route: Route, i: int) -> dt.date:
    base_year = {
        Route.SCHOOL: 2005,
        Route.APPRENTICESHIP: 2004,
        Route.CONTINUING_EDUCATION: 1995,
        Route.DISTANCE_LEARNING: 1998,
        Route.PROFESSIONAL_EXPERIENCE: 1988,
    }[route]
    return dt.date(base_year - i % 3, 1 + i % 12, 1 + (i * 7) % 28)


def _file(route: Route, i: int) -> dict[str, object]:
    """The file beyond identity: a few exemptions, progressive forms, VAE and arrangements."""
    file: dict[str, object] = {}
    if route is Route.DISTANCE_LEARNING:
        file["internship_status"] = "school"
    if route is Route.PROFESSIONAL_EXPERIENCE:
        file["e6_professional_dossier"] = True
    if route is Route.CONTINUING_EDUCATION:
        file["continuing_situation"] = "first_training"
        if i % 4 == 0:
            file["assessment_form"] = "progressive"
    if i % 23 == 0:
        file["diplomas"] = [
            {"kind": "bts_other_specialty", "title": "BTS MCO", "proof": "copie du diplôme"}
        ]
        file["exemption_requests"] = ["U1", "U2"]
    if i % 31 == 0:
        file["extra_time"] = True
        file["arrangements"] = "Tiers-temps aux épreuves écrites"
    return file


def _optional_choices(i: int, lv1: str) -> tuple[str, bool]:
    ef1 = ""
    if i % 5 == 0:
        ef1 = "espagnol" if lv1 != "espagnol" else "anglais"
    return ef1, i % 7 == 0


@transaction.atomic
def demo_load() -> list[DemoAccount]:
    """Create the demo session once; later calls only return the accounts."""
    if not ExamSession.objects.filter(year=DEMO_YEAR).exists():
        _create_demo()
    return demo_accounts()


def _create_demo() -> None:
    admin = user_create(
        username="admin",
        password=DEMO_PASSWORD,
        role="",
        first_name="Administrateur",
        is_superuser=True,
    )
    academy = services.academy_create(code="06", name="Académie de Clermont-Ferrand", actor=admin)
    session = services.session_create(
        year=DEMO_YEAR,
        label="Session 2025",
        academy=academy,
        deposit_deadline=DEPOSIT_DEADLINE,
        oral_date=ORAL_DATE,
        actor=admin,
    )
    services.exam_centre_create(
        code="CE-063-01",
        name="Centre d'examen Lycée Jean-Monnet",
        academy=academy,
        city="Clermont-Ferrand",
        actor=admin,
    )
    number = 0

    def register(route: Route, establishment: Establishment | None) -> Candidate:
        nonlocal number
        number += 1
        lv1 = LANGUAGES[number % len(LANGUAGES)]
        ef1, ef2 = _optional_choices(number, lv1)
        return candidate_register(
            session=session,
            academy=academy,
            number=f"25NDRC{number:05d}",
            last_name=LAST_NAMES[(number * 7) % len(LAST_NAMES)],
            first_name=FIRST_NAMES[(number * 11) % len(FIRST_NAMES)],
            birth_date=_birth_date(route, number),
            route=route,
            establishment=establishment,
            lv1=lv1,
            ef1_language=ef1,
            ef2=ef2,
            actor=admin,
            **_file(route, number),
        )

    first_school: Establishment | None = None
    first_candidate: Candidate | None = None
    for spec in ESTABLISHMENTS:
        establishment = services.establishment_create(
            uai=spec.uai,
            name=spec.name,
            academy=academy,
            status=spec.status,
            habilitation=spec.habilitation,
            city=spec.city,
            actor=admin,
        )
        for _ in range(spec.candidates):
            candidate = register(spec.route, establishment)
            if first_candidate is None:
                first_school, first_candidate = establishment, candidate
    for _ in range(EXPERIENCE_CANDIDATES):
        register(Route.PROFESSIONAL_EXPERIENCE, None)

    user_create(
        username="gestionnaire",
        password=DEMO_PASSWORD,
        role=Role.EXAM_OFFICE,
        first_name="Gestionnaire",
        last_name="DEC",
        academy=academy,
        actor=admin,
    )
    user_create(
        username="centre",
        password=DEMO_PASSWORD,
        role=Role.TRAINING_CENTRE,
        first_name="Responsable",
        last_name="BTS",
        academy=academy,
        establishment=first_school,
        actor=admin,
    )
    examiner = user_create(
        username="examinateur",
        password=DEMO_PASSWORD,
        role=Role.EXAMINER,
        first_name="Examinateur",
        last_name="E4",
        academy=academy,
        actor=admin,
    )
    jury_user = user_create(
        username="jury",
        password=DEMO_PASSWORD,
        role=Role.JURY,
        first_name="Président",
        last_name="du jury",
        academy=academy,
        actor=admin,
    )
    assert first_candidate is not None
    candidate_user = user_create(
        username="candidat",
        password=DEMO_PASSWORD,
        role=Role.CANDIDATE,
        first_name=first_candidate.first_name,
        last_name=first_candidate.last_name,
        academy=academy,
        actor=admin,
    )
    Candidate.objects.filter(pk=first_candidate.pk).update(user=candidate_user)
    _demo_grades(session, admin)
    internships, dossiers = demo_files(list(Candidate.objects.filter(session=session)))
    files_bulk_create(
        internships=internships, dossiers=dossiers, actor=admin, reason="Session de démonstration"
    )
    _demo_juries(session, academy, jury_user, admin)
    oral = [
        c
        for c in Candidate.objects.filter(session=session).select_related(
            "establishment", "session"
        )
        if any(
            p.code == "E4" and p.status is ExamStatus.TO_SIT and p.form is Form.ONE_OFF
            for p in plan_of(c).exams
        )
    ]
    examiners_assign(examiner=examiner, exam="E4", candidates=oral, actor=admin)
    demo_exam_days(session=session, academy=academy, actor=admin)


def _demo_juries(session: ExamSession, academy: Academy, member: User, admin: User) -> None:
    """Two juries: the lycées' pupils, and every other route."""
    candidates = list(Candidate.objects.filter(session=session).select_related("establishment"))
    school = [c for c in candidates if c.route == Route.SCHOOL]
    others = [c for c in candidates if c.route != Route.SCHOOL]
    for name, members in (("Jury 1 — voie scolaire", school), ("Jury 2 — autres voies", others)):
        jury = jury_create(
            session=session,
            academy=academy,
            name=name,
            members=[member],
            candidates=members,
            actor=admin,
        )
        regular_composition_add(
            jury=jury,
            president=member,
            names=(member.get_full_name() or member.username, *DEMO_MEMBERS),
            actor=admin,
        )


DEMO_MEMBERS = ("Julien Marchand", "Sophie Lambert", "Karim Benali")


def regular_composition_add(
    *, jury: Jury, president: User, names: tuple[str, str, str, str], actor: User
) -> None:
    """A regular composition (CE D643-31), for the demonstration and the benchmarks: the
    president (an enseignant-chercheur, with the jury account), a public-sector teacher, an
    employer and an employee: as many teachers as members of the profession."""
    qualities = ("enseignant_chercheur", "professeur_public", "employeur", "salarie")
    for index, (name, quality) in enumerate(zip(names, qualities, strict=True)):
        jury_member_add(
            jury=jury,
            name=name,
            quality=quality,
            president=index == 0,
            user=president if index == 0 else None,
            actor=actor,
        )


def _demo_grade(rng: random.Random) -> tuple[str, Decimal | None]:
    roll = rng.random()
    if roll < 0.015:
        return "absent", None
    if roll < 0.02:
        return "reserved", None
    value = min(20.0, max(0.0, rng.gauss(11.0, 3.0)))
    return "grade", Decimal(round(value * 4) / 4).quantize(Decimal("0.01"))


def _demo_grades(session: ExamSession, admin: User) -> None:
    """Grades of the demo session, entered through the grade service (one audit entry each)."""
    rows = []
    candidates = Candidate.objects.filter(session=session).select_related(
        "establishment", "session"
    )
    for candidate in candidates:
        rng = random.Random(candidate.number)
        for planned in plan_of(candidate).exams:
            codes = [p.code for p in planned.parts] or [planned.code]
            for code in codes:
                state, value = _demo_grade(rng)
                ccf = planned.form is Form.CCF
                rows.append((candidate, GradeWrite(code, state, value, ccf=ccf)))
    grades_import(rows=rows, actor=admin, reason="Session de démonstration")


def demo_accounts() -> list[DemoAccount]:
    order = ["admin", "gestionnaire", "centre", "examinateur", "jury", "candidat"]
    users = {u.username: u for u in User.objects.filter(username__in=order)}
    accounts = []
    for name in order:
        user = users.get(name)
        if user is None:
            continue
        label = str(Role(user.role).label) if user.role else "Administrateur (admin Django)"
        scope = str(user.establishment or user.academy or "toutes les académies")
        accounts.append(DemoAccount(username=name, role_label=label, scope=scope))
    return accounts
