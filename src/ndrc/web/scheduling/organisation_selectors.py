"""Reading the exam days' organisation (« 11 · The exam days »): an académie's exam centres
with their rooms and openings, the centre of each candidate, the calendar (the window of the
orals, the written papers of the regulation in force), the examiners and their availability,
and the supply of examiners against the demand of the candidates' exam plans. Set-based: a
fixed number of queries whatever the number of candidates."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, IntegerField, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from ndrc.rules.catalogue import languages_offered
from ndrc.rules.errors import NoRuleInForce
from ndrc.rules.exam_days import examiner_kinds, extra_minutes, scheduled_exams
from ndrc.rules.regulation import Form, Modality, regulation_for_session
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.rules_inputs import plan_of
from ndrc.web.scheduling.models import (
    CentreOpening,
    Examiner,
    ExaminerAvailability,
    OralWindow,
    Room,
    WrittenSitting,
)
from ndrc.web.sessions.models import Academy, Establishment, ExamCentre, ExamSession

# The language an épreuve bound to a language is taken in: the candidate's field.
LANGUAGE_FIELDS = {"E2": "lv1", "EF1": "ef1_language"}
# The longest window of the orals shown as a grid (days).
MAX_WINDOW_DAYS = 62


# --------------------------------------------------------------------------------------------
# Centres
# --------------------------------------------------------------------------------------------


def centres_of(*, academy: Academy | None) -> QuerySet[ExamCentre]:
    """The académie's exam centres, with their rooms and the number of establishments each
    serves (``served``)."""
    return (
        ExamCentre.objects.filter(academy=academy)
        .annotate(served=Count("establishments_served", distinct=True))
        .prefetch_related(Prefetch("rooms", queryset=Room.objects.order_by("name")))
        .order_by("name", "pk")
    )


def centre_of(*, academy: Academy | None, pk: int) -> ExamCentre:
    """One centre of the académie; 404 for any other."""
    return get_object_or_404(ExamCentre, pk=pk, academy=academy)


def openings_of(*, session: ExamSession, centre: ExamCentre) -> set[tuple[dt.date, int]]:
    """The half-days (date, half) the centre is open in the session."""
    return set(
        CentreOpening.objects.filter(session=session, centre=centre).values_list("date", "half")
    )


# --------------------------------------------------------------------------------------------
# Candidates' centres
# --------------------------------------------------------------------------------------------


def candidate_centres(*, session: ExamSession, academy: Academy) -> dict[int, int | None]:
    """Each candidate of the session in the académie → the centre he or she sits in: the one
    assigned by the exam office, else the one serving his or her establishment, else None
    (no centre: the scheduler refuses the candidate). One query."""
    rows = Candidate.objects.filter(session=session, academy=academy).values_list(
        "pk", "centre_assignment__centre_id", "establishment__exam_centre_id"
    )
    return {pk: assigned or serving for pk, assigned, serving in rows}


def candidate_centre_rows(
    *,
    session: ExamSession,
    academy: Academy,
    centre: str = "",
    establishment: int | None = None,
) -> QuerySet[Candidate]:
    """The session's candidates of the académie with their centre (``centre_pk``, None when
    there is none) and whether it was assigned (``assigned_pk``); ``centre`` filters on a
    centre's pk, or « aucun » for the candidates without one."""
    rows = (
        Candidate.objects.filter(session=session, academy=academy)
        .select_related("establishment", "centre_assignment")
        .annotate(
            assigned_pk=F("centre_assignment__centre_id"),
            centre_pk=Coalesce(
                "centre_assignment__centre_id",
                "establishment__exam_centre_id",
                output_field=IntegerField(),
            ),
        )
        .order_by("last_name", "first_name", "number")
    )
    if centre == "aucun":
        rows = rows.filter(centre_pk__isnull=True)
    elif centre.isdigit():
        rows = rows.filter(centre_pk=int(centre))
    if establishment is not None:
        rows = rows.filter(establishment_id=establishment)
    return rows


def candidates_without_centre(*, session: ExamSession, academy: Academy) -> int:
    return (
        Candidate.objects.filter(session=session, academy=academy)
        .filter(centre_assignment__isnull=True)
        .filter(Q(establishment__isnull=True) | Q(establishment__exam_centre__isnull=True))
        .count()
    )


def candidate_of(*, session: ExamSession, academy: Academy | None, pk: int) -> Candidate:
    """One candidate of the session in the académie; 404 for any other."""
    return get_object_or_404(
        Candidate.objects.select_related("establishment__exam_centre"),
        pk=pk,
        session=session,
        academy=academy,
    )


def establishments_served(*, academy: Academy | None) -> QuerySet[Establishment]:
    return Establishment.objects.filter(academy=academy).select_related("exam_centre")


# --------------------------------------------------------------------------------------------
# Calendar
# --------------------------------------------------------------------------------------------


def oral_window(*, session: ExamSession, academy: Academy | None) -> OralWindow | None:
    return OralWindow.objects.filter(session=session, academy=academy).first()


def window_days(window: OralWindow | None) -> list[dt.date]:
    """The days of the window of the orals (bounded, for the grids)."""
    if window is None or window.last_day < window.first_day:
        return []
    count = min((window.last_day - window.first_day).days + 1, MAX_WINDOW_DAYS)
    return [window.first_day + dt.timedelta(days=n) for n in range(count)]


@dataclass(frozen=True)
class WrittenPaper:
    """A written paper of the regulation in force: the code a sitting is entered for, and its
    duration in minutes (None when the columns differ)."""

    code: str
    label: str
    duration: int | None


def written_papers(*, year: int) -> list[WrittenPaper]:
    """The written one-off épreuves of the regulation in force and the written part of an
    épreuve with parts (E5), in the regulation's order; none without a regulation."""
    try:
        regulation = regulation_for_session(year)
    except NoRuleInForce:
        return []
    papers: list[WrittenPaper] = []
    for exam in regulation.exams:
        if exam.parts:
            papers.extend(
                WrittenPaper(part.code, f"{exam.code} — {part.title}", part.duration)
                for part in exam.parts
                if part.modality is Modality.WRITTEN
            )
            continue
        written = [
            cell
            for cell in exam.cells.values()
            if cell.form is Form.ONE_OFF and cell.modality is Modality.WRITTEN
        ]
        if written:
            durations = {cell.duration for cell in written}
            duration = durations.pop() if len(durations) == 1 else None
            papers.append(WrittenPaper(exam.code, f"{exam.code} — {exam.title}", duration))
    return papers


def written_sittings(*, session: ExamSession) -> list[WrittenSitting]:
    return list(WrittenSitting.objects.filter(session=session).order_by("date", "start"))


# --------------------------------------------------------------------------------------------
# Examiners
# --------------------------------------------------------------------------------------------


def examiners_of(*, session: ExamSession, academy: Academy | None) -> QuerySet[Examiner]:
    """The session's examiners of the académie, with their centres and number of half-days
    available (``half_days``)."""
    return (
        Examiner.objects.filter(session=session, academy=academy)
        .select_related("establishment", "user")
        .prefetch_related(Prefetch("centres", queryset=ExamCentre.objects.order_by("name")))
        .annotate(half_days=Count("availability", distinct=True))
        .order_by("last_name", "first_name", "pk")
    )


def examiner_of(*, session: ExamSession, academy: Academy | None, pk: int) -> Examiner:
    return get_object_or_404(
        Examiner.objects.select_related("establishment", "user"),
        pk=pk,
        session=session,
        academy=academy,
    )


def availability_of(*, examiner: Examiner) -> set[tuple[dt.date, int]]:
    return set(ExaminerAvailability.objects.filter(examiner=examiner).values_list("date", "half"))


def kind_labels() -> dict[str, str]:
    """The kinds of examiner, code → French label."""
    return {code: labels["fr"] for code, labels in examiner_kinds().items()}


def language_codes(*, year: int) -> list[str]:
    """The languages of E2 and EF1 offered at the session (the candidates' codes)."""
    offered = languages_offered(year)
    return sorted(set(offered.lv1) | set(offered.ef1))


# --------------------------------------------------------------------------------------------
# Supply against demand
# --------------------------------------------------------------------------------------------


@dataclass
class Seat:
    """One seat of a commission: the kinds that may fill it, and the examiners available
    (not withdrawn, with a half-day, reaching the centre, of such a kind and language)."""

    kinds: tuple[str, ...]
    label: str
    examiners: int = 0
    # Their half-days available, added up.
    half_days: int = 0


@dataclass
class Demand:
    """One épreuve (and language) to schedule at one centre."""

    centre: str
    exam: str
    label: str
    language: str
    candidates: int
    minutes: int
    group_size: int
    citation: str
    # The half-days of one commission the épreuve needs at least (None without the window of
    # the orals): the minutes to examine over the length of a half-day, a group of the
    # E5 practical examined at once.
    half_days: int | None = None
    seats: list[Seat] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return any(seat.examiners == 0 for seat in self.seats)


def supply_demand(*, session: ExamSession, academy: Academy) -> list[Demand]:
    """For each centre (and « aucun centre »), each scheduled épreuve of the candidates'
    plans (and each language of an épreuve taken in a language): the candidates, the minutes
    to examine (extra time included), the commission's seats (cited) and the examiners
    available for each seat. Three queries; plans computed once per category of
    candidate."""
    centres = dict(ExamCentre.objects.filter(academy=academy).values_list("pk", "name"))
    candidates = Candidate.objects.filter(session=session, academy=academy).select_related(
        "session", "establishment", "centre_assignment"
    )
    counts: Counter[tuple[int | None, str, str]] = Counter()
    minutes: Counter[tuple[int | None, str, str]] = Counter()
    rules: dict[str, Any] = {}
    labels: dict[str, str] = {}
    for candidate in candidates:
        assignment = getattr(candidate, "centre_assignment", None)
        centre = (
            assignment.centre_id
            if assignment is not None
            else (candidate.establishment.exam_centre_id if candidate.establishment else None)
        )
        for exam in scheduled_exams(plan_of(candidate)):
            field_name = LANGUAGE_FIELDS.get(exam.code, "")
            language = getattr(candidate, field_name, "") if exam.rule.language_bound else ""
            key = (centre, exam.code, language or "")
            counts[key] += 1
            duration = exam.duration + extra_minutes(
                duration=exam.duration, arranged=candidate.extra_time
            )
            minutes[key] += duration
            rules[exam.code] = exam.rule
            labels[exam.code] = exam.label
    pool = _examiner_pool(session=session, academy=academy)
    kinds = kind_labels()
    window = oral_window(session=session, academy=academy)
    out: list[Demand] = []
    for centre, code, language in sorted(
        counts, key=lambda k: (centres.get(k[0], "~") if k[0] else "~", k[1], k[2])
    ):
        rule = rules[code]
        demand = Demand(
            centre=centres.get(centre, "") if centre is not None else "",
            exam=code,
            label=labels[code],
            language=language,
            candidates=counts[(centre, code, language)],
            minutes=minutes[(centre, code, language)],
            group_size=rule.group_size,
            citation=rule.citation.short,
        )
        if window is not None and window.half_day_minutes:
            demand.half_days = -(-demand.minutes // (rule.group_size * window.half_day_minutes))
        for seat in rule.seats:
            available = [
                half_days
                for kinds_of, languages, reach, half_days in pool
                if centre in reach
                and kinds_of & set(seat)
                and (not language or language in languages)
            ]
            demand.seats.append(
                Seat(
                    kinds=tuple(seat),
                    label=" ou ".join(kinds.get(k, k) for k in seat),
                    examiners=len(available),
                    half_days=sum(available),
                )
            )
        out.append(demand)
    return out


def _examiner_pool(
    *, session: ExamSession, academy: Academy
) -> list[tuple[set[str], set[str], set[int], int]]:
    """The examiners who can be given something: (kinds, languages, centres reached,
    half-days available), for those not withdrawn with at least one half-day available."""
    examiners = (
        Examiner.objects.filter(session=session, academy=academy, withdrawn=False)
        .annotate(half_days=Count("availability", distinct=True))
        .filter(half_days__gt=0)
        .values_list("pk", "kinds", "languages", "half_days")
    )
    reach: defaultdict[int, set[int]] = defaultdict(set)
    links = Examiner.centres.through.objects.filter(
        examiner__session=session, examiner__academy=academy
    ).values_list("examiner_id", "examcentre_id")
    for examiner, centre in links:
        reach[examiner].add(centre)
    return [
        (set(kinds or []), set(languages or []), reach[pk], half_days)
        for pk, kinds, languages, half_days in examiners
    ]
