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

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.rules.exam_plan import exam_plan
from ndrc.web.accounts.models import User
from ndrc.web.accounts.roles import Role
from ndrc.web.accounts.services import user_create
from ndrc.web.deliberations.services import jury_create
from ndrc.web.exams import services
from ndrc.web.exams.demo_files import DEPOSIT_DEADLINE, ORAL_DATE, demo_files
from ndrc.web.exams.file_services import files_bulk_create
from ndrc.web.exams.models import Academy, Candidate, Establishment, ExamSession
from ndrc.web.regulation.plan_adapter import candidate_profile

DEMO_YEAR = 2025
DEMO_PASSWORD = "ndrc-demo-2025"


@dataclass(frozen=True)
class DemoEstablishment:
    uai: str
    name: str
    city: str
    status: EstablishmentStatus
    habilitation: Habilitation
    route: Route
    candidates: int


ESTABLISHMENTS = (
    DemoEstablishment(
        "0630001A",
        "Lycée Jean-Monnet",
        "Clermont-Ferrand",
        EstablishmentStatus.PUBLIC,
        Habilitation.CCF,
        Route.SCHOOL,
        110,
    ),
    DemoEstablishment(
        "0630002B",
        "Lycée Sainte-Marie",
        "Riom",
        EstablishmentStatus.PRIVATE_UNDER_CONTRACT,
        Habilitation.CCF,
        Route.SCHOOL,
        40,
    ),
    DemoEstablishment(
        "0630003C",
        "École supérieure de commerce Arverne",
        "Clermont-Ferrand",
        EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
        Habilitation.NONE,
        Route.SCHOOL,
        20,
    ),
    DemoEstablishment(
        "0630004D",
        "CFA régional du commerce",
        "Aubière",
        EstablishmentStatus.PUBLIC,
        Habilitation.CCF,
        Route.APPRENTICESHIP,
        50,
    ),
    DemoEstablishment(
        "0630005E",
        "Section d'apprentissage Les Volcans",
        "Issoire",
        EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
        Habilitation.NONE,
        Route.APPRENTICESHIP,
        15,
    ),
    DemoEstablishment(
        "0630006F",
        "GRETA Auvergne",
        "Clermont-Ferrand",
        EstablishmentStatus.PUBLIC,
        Habilitation.FULL_CCF,
        Route.CONTINUING_EDUCATION,
        15,
    ),
    DemoEstablishment(
        "0630007G",
        "GRETA Livradois-Forez",
        "Ambert",
        EstablishmentStatus.PUBLIC,
        Habilitation.CCF,
        Route.CONTINUING_EDUCATION,
        10,
    ),
    DemoEstablishment(
        "0630008H",
        "Institut privé de formation commerciale",
        "Vichy",
        EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
        Habilitation.NONE,
        Route.CONTINUING_EDUCATION,
        10,
    ),
    DemoEstablishment(
        "0860009J",
        "Centre national d'enseignement à distance",
        "Poitiers",
        EstablishmentStatus.PUBLIC,
        Habilitation.NONE,
        Route.DISTANCE_LEARNING,
        15,
    ),
)
EXPERIENCE_CANDIDATES = 15

LAST_NAMES = (
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefebvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Lefèvre",
    "Faure",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "François",
    "Legrand",
    "Gauthier",
    "Garcia",
    "Perrin",
    "Robin",
    "Clément",
)
FIRST_NAMES = (
    "Léa",
    "Hugo",
    "Chloé",
    "Lucas",
    "Manon",
    "Nathan",
    "Emma",
    "Enzo",
    "Camille",
    "Louis",
    "Inès",
    "Jules",
    "Sarah",
    "Théo",
    "Jade",
    "Raphaël",
    "Lina",
    "Adam",
    "Zoé",
    "Maël",
    "Anaïs",
    "Yanis",
    "Clara",
    "Noah",
    "Alice",
    "Tom",
    "Louise",
    "Sacha",
    "Lou",
    "Malo",
)
LANGUAGES = ("anglais", "anglais", "anglais", "espagnol", "allemand", "anglais", "italien")


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
        deposit_deadline=DEPOSIT_DEADLINE,
        oral_date=ORAL_DATE,
        actor=admin,
    )
    services.session_make_current(session=session, actor=admin)
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
        return services.candidate_register(
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
        for c in Candidate.objects.filter(session=session).select_related("establishment")
        if any(
            p.code == "E4" and p.status.value == "to_sit" and p.form and p.form.value != "ccf"
            for p in exam_plan(candidate_profile(c), session.year).exams
        )
    ]
    services.examiners_assign(examiner=examiner, exam="E4", candidates=oral, actor=admin)


def _demo_juries(session: ExamSession, academy: Academy, member: User, admin: User) -> None:
    """Two juries: the lycées' pupils, and every other route."""
    candidates = list(Candidate.objects.filter(session=session).select_related("establishment"))
    school = [c for c in candidates if c.route == Route.SCHOOL]
    others = [c for c in candidates if c.route != Route.SCHOOL]
    for name, members in (("Jury 1 — voie scolaire", school), ("Jury 2 — autres voies", others)):
        jury_create(
            session=session,
            academy=academy,
            name=name,
            members=[member],
            candidates=members,
            actor=admin,
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
    from ndrc.web.exams.grades import GradeWrite, grades_bulk_create

    rows = []
    candidates = Candidate.objects.filter(session=session).select_related("establishment")
    for candidate in candidates:
        rng = random.Random(candidate.number)
        plan = exam_plan(candidate_profile(candidate), session.year)
        for planned in plan.exams:
            codes = [p.code for p in planned.parts] or [planned.code]
            for code in codes:
                state, value = _demo_grade(rng)
                ccf = planned.form is not None and planned.form.value == "ccf"
                rows.append((candidate, GradeWrite(code, state, value, ccf=ccf)))
    grades_bulk_create(rows=rows, actor=admin, reason="Session de démonstration")


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
