"""A small applied schedule built through the models (no solver): one centre with an oral room,
two examiners (a teacher of bloc 1 and a professional), candidates sitting E4 one-off, the
written calendar of 2026."""

import datetime as dt

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation
from ndrc.web.accounts.roles import Role
from ndrc.web.scheduling.models import (
    Commission,
    Examiner,
    Room,
    Schedule,
    Sitting,
    WrittenSitting,
)
from ndrc.web.sessions.models import ExamCentre
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    EstablishmentFactory,
    ExamSessionFactory,
    UserFactory,
)

ORAL_DAY = dt.date(2026, 5, 12)  # a Tuesday


def exam_days(*, candidates=1, extra_time=False):
    """The session 2026 of académie OT: establishments without CCF (their candidates sit E4,
    E6 one-off), a centre « Lycée Voltaire » (its address), room « Salle 12 », an applied
    schedule with one E4 commission on Tuesday 12 May 2026 in the morning, its candidates'
    sittings (loge 08 h 20, oral 09 h 00), the written papers E1 and E3."""
    session = ExamSessionFactory(year=2026)
    academy = AcademyFactory(code="OT", name="Orléans-Tours")
    office = UserFactory(role=Role.EXAM_OFFICE, academy=academy, email="dec@ac-ot.fr")
    centre = ExamCentre.objects.create(
        code="OT-V",
        name="Lycée Voltaire",
        academy=academy,
        city="Orléans",
        address="3 avenue Voltaire, 45000",
        loge_seats=6,
    )
    establishment = EstablishmentFactory(
        academy=academy,
        name="École Privée du Commerce",
        uai="0450099K",
        status=EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
        habilitation=Habilitation.NONE,
        exam_centre=centre,
    )
    room = Room.objects.create(centre=centre, name="Salle 12")
    teacher = Examiner.objects.create(
        session=session,
        academy=academy,
        last_name="Martin",
        first_name="Claire",
        email="claire.martin@ac-ot.fr",
        kinds=["bloc1"],
        user=UserFactory(role=Role.EXAMINER, academy=academy, email="claire.martin@ac-ot.fr"),
    )
    professional = Examiner.objects.create(
        session=session,
        academy=academy,
        last_name="Roux",
        first_name="Paul",
        email="",
        kinds=["professional"],
    )
    schedule = Schedule.objects.create(
        session=session, academy=academy, status=Schedule.APPLIED, created_by=office
    )
    commission = Commission.objects.create(
        schedule=schedule, centre=centre, room=room, date=ORAL_DAY, half=0, exam="E4"
    )
    commission.members.set([teacher, professional])
    people = []
    for index in range(candidates):
        user = UserFactory(role=Role.CANDIDATE, email=f"candidat{index}@example.fr")
        candidate = CandidateFactory(
            session=session,
            academy=academy,
            establishment=establishment,
            number=f"0450{index:04d}",
            last_name="Bernard",
            first_name=f"Hugo{index or ''}",
            birth_date=dt.date(2006, 4, 2),
            user=user,
            extra_time=extra_time,
        )
        start = 9 * 60 + index * 60
        length = 53 if extra_time else 40
        Sitting.objects.create(
            commission=commission,
            candidate=candidate,
            exam="E4",
            loge_start=start - length,
            start=start,
            end=start + length,
        )
        people.append(candidate)
    WrittenSitting.objects.create(
        session=session,
        exam="E1",
        date=dt.date(2026, 5, 5),
        start=dt.time(8),
        end=dt.time(12),
        loge_minutes=60,
    )
    WrittenSitting.objects.create(
        session=session,
        exam="E3",
        date=dt.date(2026, 5, 6),
        start=dt.time(14),
        end=dt.time(18),
        loge_minutes=60,
    )
    return {
        "session": session,
        "academy": academy,
        "office": office,
        "centre": centre,
        "room": room,
        "teacher": teacher,
        "professional": professional,
        "schedule": schedule,
        "commission": commission,
        "candidates": people,
    }
