"""From the database to the planning floor's instance (``ndrc.planning.instance``): the
half-days of the window of orals each centre is open, the centres with their rooms and loge
seats, the examiners (not withdrawn) with their availability, and every candidate's one-off
orals and practicals (the exam plan through ``ndrc.rules.exam_days``), with extra time.

Read set-based: candidates by chunks of 2,000 (``candidates_read``), related rows as plain
rows. What prevents a candidate or an exam from being scheduled is listed in French
(« problems »), never raised."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

from ndrc.planning.instance import (
    Candidate as PlannedCandidate,
)
from ndrc.planning.instance import (
    Centre,
    ExamKind,
    HalfDay,
    Instance,
    Room,
    Seat,
    Task,
)
from ndrc.planning.instance import (
    Examiner as PlannedExaminer,
)
from ndrc.rules.errors import InvalidCandidate, RegulationError
from ndrc.rules.exam_days import examiner_kinds, extra_minutes, resit_exams, scheduled_exams
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.rules_inputs import plan_of
from ndrc.web.candidates.selectors import candidates_read
from ndrc.web.scheduling.models import (
    CentreOpening,
    Examiner,
    ExaminerAvailability,
    OralWindow,
    Schedule,
)
from ndrc.web.scheduling.models import Room as RoomRow
from ndrc.web.scheduling.organisation_selectors import candidate_centres
from ndrc.web.sessions.models import Academy, ExamCentre, ExamSession

CHUNK = 2000


def _chunks(pks: Sequence[int]) -> Iterator[Sequence[int]]:
    for index in range(0, len(pks), CHUNK):
        yield pks[index : index + CHUNK]


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def examiner_key(pk: int) -> str:
    return str(pk)


def room_key(pk: int) -> str:
    return str(pk)


def instance_build(
    *,
    session: ExamSession,
    academy: Academy,
    purpose: str = Schedule.MAIN,
    resits: Mapping[int, Sequence[str]] | None = None,
) -> tuple[Instance, list[str]]:
    """The instance of a session's orals and practicals in an académie, and the problems that
    keep something out of it. ``purpose`` « resit » schedules, in the resit days, the exams
    ``resits`` names for each candidate (candidate pk → the units he or she chose for the
    épreuves de contrôle, « U1 »…), as ``ndrc.rules.exam_days.resit_exams`` describes them
    (codes « CU1 »…)."""
    problems: list[str] = []
    window = OralWindow.objects.filter(session=session, academy=academy).first()
    if window is None:
        return _empty(), ["La période des oraux n'est pas renseignée pour cette académie."]
    if purpose == Schedule.RESIT:
        if window.resit_first_day is None or window.resit_last_day is None:
            return _empty(), ["Les jours des oraux de contrôle ne sont pas renseignés."]
        days = _days(window.resit_first_day, window.resit_last_day)
    else:
        days = _days(window.first_day, window.last_day)
    starts = {0: _minutes(window.morning_start), 1: _minutes(window.afternoon_start)}
    openings = list(
        CentreOpening.objects.filter(
            session=session, centre__academy=academy, date__in=days
        ).values_list("centre_id", "date", "half")
    )
    slots = sorted({(day, half) for _, day, half in openings})
    half_days = tuple(
        HalfDay(day=day, half=half, start=starts[half], length=window.half_day_minutes)
        for day, half in slots
    )
    index = {(h.day, h.half): i for i, h in enumerate(half_days)}
    if not half_days:
        problems.append("Aucun centre n'est ouvert pendant la période des oraux.")

    centres_rows = {c.pk: c for c in ExamCentre.objects.filter(academy=academy).order_by("code")}
    open_by_centre: dict[int, set[int]] = defaultdict(set)
    for centre_id, day, half in openings:
        open_by_centre[centre_id].add(index[(day, half)])
    rooms_by_centre: dict[int, list[Room]] = defaultdict(list)
    lost: set[str] = set()
    for room in RoomRow.objects.filter(centre__academy=academy).order_by("name", "pk"):
        if not room.active:
            lost.add(room_key(room.pk))
            continue
        posts = room.posts if room.kind == RoomRow.COMPUTER else 0
        rooms_by_centre[room.centre_id].append(
            Room(id=room_key(room.pk), name=room.name, posts=posts)
        )

    candidates, exams, used_centres = _candidates(
        session=session, academy=academy, centres=centres_rows, resits=resits, problems=problems
    )
    centres = tuple(
        Centre(
            code=row.code,
            name=row.name,
            rooms=tuple(rooms_by_centre[pk]),
            loge_seats=row.loge_seats,
            open=frozenset(open_by_centre[pk]),
        )
        for pk, row in centres_rows.items()
        if pk in used_centres or pk in open_by_centre
    )
    for centre in centres:
        if centre.code in {centres_rows[pk].code for pk in used_centres} and not centre.open:
            problems.append(f"Le centre {centre.name} n'ouvre aucune demi-journée des oraux.")
        if centre.code in {centres_rows[pk].code for pk in used_centres} and not centre.rooms:
            problems.append(f"Le centre {centre.name} n'a aucune salle disponible.")

    examiners, withdrawn = _examiners(
        session=session, academy=academy, index=index, centres=centres_rows
    )
    _uncovered(exams=exams, examiners=examiners, candidates=candidates, problems=problems)
    return (
        Instance(
            half_days=half_days,
            exams=exams,
            centres=centres,
            examiners=examiners,
            candidates=candidates,
            withdrawn=frozenset(withdrawn),
            rooms_lost=frozenset(lost),
        ),
        problems,
    )


def _empty() -> Instance:
    return Instance(half_days=(), exams={}, centres=(), examiners=(), candidates=())


def _candidates(
    *,
    session: ExamSession,
    academy: Academy,
    centres: dict[int, ExamCentre],
    resits: Mapping[int, Sequence[str]] | None,
    problems: list[str],
) -> tuple[tuple[PlannedCandidate, ...], dict[str, ExamKind], set[int]]:
    rows = Candidate.objects.filter(session=session, academy=academy)
    if resits is not None:
        rows = rows.filter(pk__in=list(resits))
    pks = list(rows.order_by("number", "pk").values_list("pk", flat=True))
    out: list[PlannedCandidate] = []
    exams: dict[str, ExamKind] = {}
    used: set[int] = set()
    centre_of = candidate_centres(session=session, academy=academy)
    for chunk in _chunks(pks):
        for candidate in sorted(candidates_read(chunk), key=lambda c: (c.number, c.pk)):
            try:
                if resits is None:
                    planned = scheduled_exams(plan_of(candidate))
                else:
                    planned = resit_exams(
                        session=session.year, units=list(resits.get(candidate.pk, ()))
                    )
            except (InvalidCandidate, RegulationError) as error:
                what = "plan d'épreuves illisible" if resits is None else "contrôle non planifié"
                problems.append(f"Candidat {candidate.number} : {what} ({error}).")
                continue
            if not planned:
                continue
            centre_id = centre_of.get(candidate.pk)
            if centre_id is None or centre_id not in centres:
                problems.append(
                    f"Candidat {candidate.number} ({candidate}) : aucun centre d'examen "
                    "(ni affectation, ni centre rattaché à son établissement)."
                )
                continue
            used.add(centre_id)
            tasks = []
            for exam in planned:
                known = exams.get(exam.code)
                if known is None:
                    exams[exam.code] = ExamKind(
                        code=exam.code,
                        label=exam.label,
                        duration=exam.duration,
                        loge=exam.loge,
                        seats=tuple(Seat(kinds=seat) for seat in exam.rule.seats),
                        group_size=exam.rule.group_size,
                        needs_post=exam.rule.needs_post,
                        language_bound=exam.rule.language_bound,
                        follows=exam.rule.follows,
                    )
                elif (known.duration, known.loge) != (exam.duration, exam.loge):
                    problems.append(
                        f"Candidat {candidate.number} : {exam.code} dure {exam.duration} min "
                        f"(loge {exam.loge} min) sous son règlement, {known.duration} min "
                        f"(loge {known.loge} min) pour les autres : à planifier à part."
                    )
                    continue
                language = ""
                if exam.rule.language_bound:
                    language = candidate.ef1_language if exam.code == "EF1" else candidate.lv1
                    if not language:
                        problems.append(
                            f"Candidat {candidate.number} : langue de {exam.code} non renseignée."
                        )
                        continue
                tasks.append(
                    Task(
                        exam=exam.code,
                        language=language,
                        extra_loge=extra_minutes(duration=exam.loge, arranged=candidate.extra_time),
                        extra=extra_minutes(duration=exam.duration, arranged=candidate.extra_time),
                    )
                )
            if tasks:
                out.append(
                    PlannedCandidate(
                        id=candidate.number,
                        establishment=(
                            candidate.establishment.uai if candidate.establishment else ""
                        ),
                        centre=centres[centre_id].code,
                        tasks=tuple(tasks),
                    )
                )
    return tuple(out), exams, used


def _examiners(
    *,
    session: ExamSession,
    academy: Academy,
    index: dict[tuple[dt.date, int], int],
    centres: dict[int, ExamCentre],
) -> tuple[tuple[PlannedExaminer, ...], set[str]]:
    rows = list(
        Examiner.objects.filter(session=session, academy=academy)
        .select_related("establishment")
        .order_by("last_name", "first_name", "pk")
    )
    withdrawn = {examiner_key(e.pk) for e in rows if e.withdrawn}
    reach: dict[int, set[str]] = defaultdict(set)
    for examiner_id, centre_id in Examiner.centres.through.objects.filter(
        examiner__session=session, examiner__academy=academy
    ).values_list("examiner_id", "examcentre_id"):
        if centre_id in centres:
            reach[examiner_id].add(centres[centre_id].code)
    available: dict[int, set[int]] = defaultdict(set)
    for examiner_id, day, half in ExaminerAvailability.objects.filter(
        examiner__session=session, examiner__academy=academy
    ).values_list("examiner_id", "date", "half"):
        if (day, half) in index:
            available[examiner_id].add(index[(day, half)])
    known = set(examiner_kinds())
    examiners = tuple(
        PlannedExaminer(
            id=examiner_key(row.pk),
            name=str(row),
            establishment=row.establishment.uai if row.establishment else "",
            kinds=frozenset(str(k) for k in row.kinds or [] if k in known),
            languages=frozenset(str(language) for language in row.languages or []),
            centres=frozenset(reach[row.pk]),
            available=frozenset(available[row.pk]),
        )
        for row in rows
        if not row.withdrawn
    )
    return examiners, withdrawn


def _uncovered(
    *,
    exams: dict[str, ExamKind],
    examiners: tuple[PlannedExaminer, ...],
    candidates: tuple[PlannedCandidate, ...],
    problems: list[str],
) -> None:
    """An exam some candidate sits whose commission nobody can sit in (a seat no examiner's
    kind fills, or a language nobody speaks)."""
    labels = examiner_kinds()
    for code, exam in sorted(exams.items()):
        for seat in exam.seats:
            if not any(examiner.kinds & set(seat.kinds) for examiner in examiners):
                names = " ou ".join(labels[k]["fr"].lower() for k in seat.kinds)
                problems.append(f"{code} : aucun examinateur ne peut siéger ({names}).")
    spoken: dict[str, set[str]] = defaultdict(set)
    for examiner in examiners:
        for language in examiner.languages:
            spoken[language] |= examiner.kinds
    needed = {
        (task.exam, task.language)
        for candidate in candidates
        for task in candidate.tasks
        if task.language
    }
    for exam_code, language in sorted(needed):
        seats = exams[exam_code].seats
        if not any(spoken[language] & set(seat.kinds) for seat in seats):
            problems.append(f"{exam_code} en {language} : aucun examinateur de cette langue.")
