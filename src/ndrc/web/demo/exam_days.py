"""The demo session's exam days (« 11 · The exam days »), through the organisation's
services: two exam centres with their rooms, computer posts and loge seats, the establishments
each serves, the window of the orals and the half-days the centres are open, the written
calendar, and examiners of every kind (the languages the demo's candidates take), available
every half-day of the window, so that the one-off orals and practicals of the demo's
candidates (column 3 above all) can be scheduled in the browser."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from ndrc.web.candidates.models import Candidate
from ndrc.web.scheduling import organisation_services as organisation
from ndrc.web.scheduling.organisation_selectors import written_papers
from ndrc.web.sessions import services
from ndrc.web.sessions.models import Academy, Establishment, ExamCentre, ExamSession

FIRST_DAY = dt.date(2025, 5, 19)
LAST_DAY = dt.date(2025, 5, 28)
RESIT_FIRST_DAY = dt.date(2025, 7, 7)
RESIT_LAST_DAY = dt.date(2025, 7, 8)
# The written papers (national calendar of the 2025 session, as the demo pretends it).
WRITTEN = {
    "E1": (dt.date(2025, 5, 12), dt.time(14)),
    "E3": (dt.date(2025, 5, 13), dt.time(9)),
    "E5W": (dt.date(2025, 5, 14), dt.time(9)),
}

# code → (name, city, address, loge seats, oral rooms, computer posts, establishments served).
CENTRES = {
    "CE-063-01": (
        "Centre d'examen Lycée Jean-Monnet",
        "Clermont-Ferrand",
        "57 rue de la Pradelle, 63000 Clermont-Ferrand",
        16,
        6,
        12,
        ("0630001A", "0630003C", "0630004D", "0630006F", "0860009J"),
    ),
    "CE-063-02": (
        "Centre d'examen Lycée Albert-Londres",
        "Cusset",
        "1 avenue de Vichy, 03300 Cusset",
        10,
        4,
        9,
        ("0630002B", "0630005E", "0630007G", "0630008H"),
    ),
}
# last name, first name, establishment (UAI, or None for a professional), kinds, languages.
EXAMINERS: tuple[tuple[str, str, str | None, list[str], list[str]], ...] = (
    ("Aubert", "Claire", "0630001A", ["bloc1"], []),
    ("Barre", "Julien", "0630002B", ["bloc1", "bloc2"], []),
    ("Colin", "Sophie", "0630004D", ["bloc2"], []),
    ("Denis", "Marc", "0630001A", ["bloc3"], []),
    ("Étienne", "Laure", "0630007G", ["bloc3", "bloc1"], []),
    ("Fabre", "Nicolas", "0630006F", ["bloc3"], []),
    ("Gilles", "Anne", None, ["professional"], []),
    ("Hamon", "Pierre", None, ["professional"], []),
    ("Imbert", "Sandrine", None, ["professional"], []),
    ("Joly", "Thomas", None, ["professional"], []),
    ("Klein", "Emily", "0630001A", ["language"], ["anglais", "allemand"]),
    ("Lemoine", "David", "0630004D", ["language"], ["anglais", "allemand"]),
    ("Marchand", "Lucía", "0630002B", ["language"], ["espagnol"]),
    ("Noël", "Giulia", "0630006F", ["language"], ["italien", "espagnol"]),
    ("Olivier", "Hélène", "0630007G", ["language"], ["anglais", "espagnol", "italien"]),
)
REASON_EXPERIENCE = "Candidat sans établissement : centre désigné par le service des examens"


def _email(first_name: str, last_name: str) -> str:
    bare = unicodedata.normalize("NFKD", f"{first_name[0]}.{last_name}".lower())
    return bare.encode("ascii", "ignore").decode() + "@example.org"


def _days() -> list[dt.date]:
    """The weekdays of the window."""
    count = (LAST_DAY - FIRST_DAY).days + 1
    days = [FIRST_DAY + dt.timedelta(days=n) for n in range(count)]
    return [d for d in days if d.weekday() < 5]


def demo_exam_days(*, session: ExamSession, academy: Academy, actor: Any) -> None:
    """Everything the scheduler needs for the demo session."""
    organisation.oral_window_save(
        session=session,
        academy=academy,
        values={
            "first_day": FIRST_DAY,
            "last_day": LAST_DAY,
            "morning_start": dt.time(8),
            "afternoon_start": dt.time(13, 30),
            "half_day_minutes": 240,
            "resit_first_day": RESIT_FIRST_DAY,
            "resit_last_day": RESIT_LAST_DAY,
        },
        actor=actor,
    )
    for paper in written_papers(year=session.year):
        if paper.code not in WRITTEN:
            continue
        day, start = WRITTEN[paper.code]
        minutes = paper.duration or 180
        end = (dt.datetime.combine(day, start) + dt.timedelta(minutes=minutes)).time()
        organisation.written_sitting_save(
            session=session,
            exam=paper.code,
            values={"date": day, "start": start, "end": end, "loge_minutes": 60},
            actor=actor,
        )
    half_days = [(d, h) for d in _days() for h in (0, 1)]
    establishments = {e.uai: e for e in Establishment.objects.filter(academy=academy)}
    centres: list[ExamCentre] = []
    for code, (name, city, address, loge, orals, posts, served) in CENTRES.items():
        centre = ExamCentre.objects.filter(code=code).first() or services.exam_centre_create(
            code=code, name=name, academy=academy, city=city, actor=actor
        )
        organisation.centre_update(centre=centre, address=address, loge_seats=loge, actor=actor)
        for n in range(1, orals + 1):
            organisation.room_create(
                centre=centre, name=f"Salle {n}", kind="oral", posts=0, active=True, actor=actor
            )
        organisation.room_create(
            centre=centre,
            name="Salle informatique",
            kind="computer",
            posts=posts,
            active=True,
            actor=actor,
        )
        organisation.centre_establishments_set(
            centre=centre,
            establishments=[establishments[uai] for uai in served if uai in establishments],
            actor=actor,
        )
        organisation.openings_set(session=session, centre=centre, half_days=half_days, actor=actor)
        centres.append(centre)
    for candidate in Candidate.objects.filter(
        session=session, academy=academy, establishment__isnull=True
    ):
        organisation.candidate_centre_set(
            candidate=candidate, centre=centres[0], reason=REASON_EXPERIENCE, actor=actor
        )
    for last_name, first_name, uai, kinds, languages in EXAMINERS:
        examiner = organisation.examiner_create(
            session=session,
            academy=academy,
            values={
                "last_name": last_name,
                "first_name": first_name,
                "email": _email(first_name, last_name),
                "establishment": establishments.get(uai) if uai else None,
                "kinds": kinds,
                "languages": languages,
            },
            centres=centres,
            actor=actor,
        )
        organisation.availability_set(examiner=examiner, half_days=half_days, actor=actor)
