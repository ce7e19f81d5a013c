"""A small académie for the schedule's tests: an exam centre (three oral rooms, a computer
room), three days of orals, three one-off candidates of an establishment that centre serves (the
third with extra time, in an E5 practical group with the first), and the examiners their
commissions need (none from the candidates' establishment). The second candidate, also with
extra time, is assigned to a second centre."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation
from ndrc.web.accounts.roles import Role
from ndrc.web.scheduling.models import (
    CentreAssignment,
    CentreOpening,
    Examiner,
    ExaminerAvailability,
    OralWindow,
    Room,
)
from ndrc.web.sessions.models import ExamCentre
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    EstablishmentFactory,
    ExamSessionFactory,
    UserFactory,
)

DAYS = (dt.date(2025, 5, 12), dt.date(2025, 5, 13), dt.date(2025, 5, 14))


@dataclass
class World:
    session: Any
    academy: Any
    office: Any
    centre: ExamCentre
    establishment: Any
    candidates: list[Any]
    examiners: dict[str, Examiner]
    rooms: dict[str, Room]
    examiner_user: Any


def examiner(world_session, academy, centre, name, kinds, languages=(), user=None, **extra):
    row = Examiner.objects.create(
        session=world_session,
        academy=academy,
        last_name=name,
        first_name="Camille",
        kinds=list(kinds),
        languages=list(languages),
        user=user,
        **extra,
    )
    row.centres.set(ExamCentre.objects.filter(academy=academy))
    ExaminerAvailability.objects.bulk_create(
        ExaminerAvailability(examiner=row, date=day, half=half) for day in DAYS for half in (0, 1)
    )
    return row


def small_world() -> World:
    session = ExamSessionFactory(year=2025)
    academy = AcademyFactory(code="A01")
    office = UserFactory(role=Role.EXAM_OFFICE, academy=academy)
    centre = ExamCentre.objects.create(
        code="C01", name="Lycée Blaise-Pascal", academy=academy, loge_seats=6
    )
    establishment = EstablishmentFactory(
        academy=academy,
        habilitation=Habilitation.NONE,
        status=EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
        exam_centre=centre,
    )
    rooms = {
        "A": Room.objects.create(centre=centre, name="Salle A"),
        "B": Room.objects.create(centre=centre, name="Salle B"),
        "C": Room.objects.create(centre=centre, name="Salle C"),
        "info": Room.objects.create(
            centre=centre, name="Salle informatique", kind=Room.COMPUTER, posts=6
        ),
    }
    annexe = ExamCentre.objects.create(
        code="C02", name="Lycée Jean-Zay", academy=academy, loge_seats=2
    )
    Room.objects.create(centre=annexe, name="Salle 1")
    Room.objects.create(centre=annexe, name="Salle 2")
    Room.objects.create(centre=annexe, name="Postes", kind=Room.COMPUTER, posts=3)
    OralWindow.objects.create(
        session=session,
        academy=academy,
        first_day=DAYS[0],
        last_day=DAYS[-1],
        morning_start=dt.time(8, 0),
        afternoon_start=dt.time(13, 30),
        half_day_minutes=240,
        resit_first_day=dt.date(2025, 7, 7),
        resit_last_day=dt.date(2025, 7, 8),
    )
    CentreOpening.objects.bulk_create(
        CentreOpening(session=session, centre=place, date=day, half=half)
        for place in (centre, annexe)
        for day in DAYS
        for half in (0, 1)
    )
    candidates = [
        CandidateFactory(
            session=session, academy=academy, establishment=establishment, number="25000001"
        ),
        CandidateFactory(
            session=session,
            academy=academy,
            establishment=establishment,
            number="25000002",
            extra_time=True,
            last_name="Martin",
        ),
        CandidateFactory(
            session=session,
            academy=academy,
            establishment=establishment,
            number="25000003",
            ef1_language="espagnol",
            extra_time=True,
            last_name="Petit",
        ),
    ]
    CentreAssignment.objects.create(candidate=candidates[1], centre=annexe, reason="PMR")
    examiner_user = UserFactory(role=Role.EXAMINER, academy=academy)
    examiners = {
        "bloc1": examiner(session, academy, centre, "Bernard", ["bloc1"], user=examiner_user),
        "bloc1b": examiner(session, academy, centre, "Bonnet", ["bloc1", "bloc2"]),
        "bloc3": examiner(session, academy, centre, "Roux", ["bloc3"]),
        "pro": examiner(session, academy, centre, "Faure", ["professional"]),
        "pro2": examiner(session, academy, centre, "Girard", ["professional"]),
        "lang": examiner(
            session, academy, centre, "Lambert", ["language"], languages=["anglais", "espagnol"]
        ),
    }
    return World(
        session=session,
        academy=academy,
        office=office,
        centre=centre,
        establishment=establishment,
        candidates=candidates,
        examiners=examiners,
        rooms=rooms,
        examiner_user=examiner_user,
    )


def scarce_teacher(world: World) -> Examiner:
    """The annexe (C02) served by one teacher of its own, of blocs 1 and 3 and of English and
    Spanish, on the three mornings and the last afternoon; the other teachers reach the main
    centre only. Each resource alone holds the annexe's candidate in two days (four exams, one
    per half-day); the teacher's four sessions need the three days (D135's relaxation)."""
    for key in ("bloc1", "bloc1b", "bloc3", "lang"):
        world.examiners[key].centres.set([world.centre])
    annexe = ExamCentre.objects.get(academy=world.academy, code="C02")
    teacher = examiner(
        world.session,
        world.academy,
        annexe,
        "Seul",
        ["bloc1", "bloc3", "language"],
        languages=["anglais", "espagnol"],
    )
    teacher.centres.set([annexe])
    ExaminerAvailability.objects.filter(examiner=teacher, half=1).exclude(date=DAYS[-1]).delete()
    return teacher


def one_teacher(world: World) -> Examiner:
    """The four teachers replaced by one, of blocs 1 and 3 and of English and Spanish, who
    reaches both centres: either centre's candidates alone fit the teacher's six half-days,
    not both centres' nine sessions (D143)."""
    for key in ("bloc1", "bloc1b", "bloc3", "lang"):
        world.examiners.pop(key).delete()
    world.examiners["only"] = teacher = examiner(
        world.session,
        world.academy,
        world.centre,
        "Seul",
        ["bloc1", "bloc3", "language"],
        languages=["anglais", "espagnol"],
    )
    return teacher
