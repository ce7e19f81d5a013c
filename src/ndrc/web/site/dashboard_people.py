"""The dashboards of an examiner, a jury member and a candidate (the exam office's and a
training centre's are in ``dashboards``): what there is to do next and the dates to know,
each read through the visibility selectors, with a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ndrc.rules.errors import RegulationError
from ndrc.rules.grids.templates import graded_on_grid
from ndrc.rules.livret import near_bands, near_margin
from ndrc.web.candidates.document_selectors import documents_visible_to
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.candidates.selectors import proposal_is_current
from ndrc.web.deliberations.models import FrozenResult, Jury
from ndrc.web.deliberations.selectors import juries_visible_to
from ndrc.web.documents.selectors import current_documents
from ndrc.web.grading.models import EvaluationGrid
from ndrc.web.scheduling.models import Commission, Schedule, Sitting
from ndrc.web.sessions.models import ExamSession
from ndrc.web.sessions.selectors import calendar_of
from ndrc.web.site.dashboards import Dashboard, Fact, Todo, jury_rows, proposals_fresh

# How far below a threshold a jury looks at a candidate again: the margin of the livret's
# rule, « near a threshold » (rules/data/jury.yaml, DEC D118), as the grid's bands.
NEAR = near_margin()
MARGIN_TEXT = format(Decimal(NEAR.numerator) / Decimal(NEAR.denominator), "f").replace(".", ",")
EXAMINER_CONVOCATION = "convocation-examinateur"


def _day(value: Any) -> str:
    return date_format(value, "d/m/Y")


# ---------------------------------------------------------------------------------------------
# An examiner
# ---------------------------------------------------------------------------------------------


def examiner_dashboard(*, user: Any, session: ExamSession) -> Dashboard:
    """An examiner: the grids to fill and sign and the grades to enter of the candidates
    entrusted to him or her (a closed jury's left out), the convocations received and the
    next exam day of the applied schedule. Three queries."""
    board = Dashboard()
    on_grid = set(graded_on_grid(session.year))
    signed = EvaluationGrid.objects.filter(
        candidate=OuterRef("candidate"), exam=OuterRef("exam"), state=EvaluationGrid.SIGNED
    )
    graded = Grade.objects.filter(candidate=OuterRef("candidate"), exam=OuterRef("exam"))
    grids: dict[str, int] = {}
    grades: dict[str, int] = {}
    for exam, is_signed, is_graded in (
        user.examiner_assignments.filter(candidate__session=session, candidate__locked_by="")
        .annotate(signed=Exists(signed), graded=Exists(graded))
        .values_list("exam", "signed", "graded")
    ):
        if exam in on_grid and not is_signed:
            grids[exam] = grids.get(exam, 0) + 1
        elif exam not in on_grid and not is_graded:
            grades[exam] = grades.get(exam, 0) + 1
    n = sum(grids.values())
    board.add(
        Todo(
            "grids",
            n,
            ngettext(
                "%(n)s grille d'évaluation à remplir et signer (%(detail)s).",
                "%(n)s grilles d'évaluation à remplir et signer (%(detail)s).",
                n,
            )
            % {"n": n, "detail": _detail(grids)},
            reverse("grids"),
            _("Grilles d'évaluation"),
        )
    )
    n = sum(grades.values())
    board.add(
        Todo(
            "grades",
            n,
            ngettext("%(n)s note à saisir (%(detail)s).", "%(n)s notes à saisir (%(detail)s).", n)
            % {"n": n, "detail": _detail(grades)},
            reverse("grade_entry") + (f"?epreuve={next(iter(grades))}" if len(grades) == 1 else ""),
            _("Saisir les notes"),
        )
    )
    received = current_documents(
        documents_visible_to(user=user).filter(session=session, kind=EXAMINER_CONVOCATION)
    ).aggregate(n=Count("pk"), last=Max("issued_at"))
    if received["n"]:
        board.facts.append(
            Fact(
                "convocations",
                _("Convocations"),
                ngettext(
                    "%(n)s convocation reçue, la dernière le %(date)s.",
                    "%(n)s convocations reçues, la dernière le %(date)s.",
                    received["n"],
                )
                % {"n": received["n"], "date": _day(timezone.localtime(received["last"]))},
                reverse("documents"),
                _("Mes documents"),
            )
        )
    next_day = (
        Commission.objects.filter(
            schedule__session=session,
            schedule__status=Schedule.APPLIED,
            members__user=user,
            date__gte=timezone.localdate(),
        )
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )
    board.facts.append(
        Fact(
            "exam-day",
            _("Prochaine journée d'examen"),
            _day(next_day) if next_day else _("aucune au planning appliqué pour l'instant."),
        )
    )
    return board


def _detail(counts: dict[str, int]) -> str:
    return ", ".join(f"{exam} : {n}" for exam, n in sorted(counts.items()))


# ---------------------------------------------------------------------------------------------
# A jury member
# ---------------------------------------------------------------------------------------------


def _near(year: int) -> tuple[tuple[Fraction, Fraction], ...]:
    """The bands of averages « near a threshold » at this session (``rules.livret``)."""
    try:
        return near_bands(year)
    except RegulationError:
        return ()


def _bands(near: tuple[tuple[Fraction, Fraction], ...]) -> Q | None:
    """The displayed averages (``average_display``: never shown across a threshold) that may
    lie in a band below a whole threshold: those written « low,… ». A superset: an average
    just below a band may be written « low,00 » (``_near_counts`` corrects it). None when a
    band does not start at a whole number (the exact averages are read then)."""
    lows = [low for low, _high in near]
    if not lows or any(low.denominator != 1 or low < 0 for low in lows):
        return None
    query = Q()
    for low in lows:
        query |= Q(proposed__average_display__startswith=f"{low.numerator},")
    return query


def _near_counts(
    candidates: QuerySet[Candidate],
    rows: list[dict[str, Any]],
    near: tuple[tuple[Fraction, Fraction], ...],
    bands: Q | None,
) -> dict[int, int]:
    """By jury, how many candidates' exact averages lie in a band « near a threshold »: the
    count of ``bands`` less the few written « low,00 » that are below it (one small query),
    or, without bands, every exact average read (one query)."""
    current = candidates.filter(proposal_is_current(), ~Q(proposed__average=""))
    if bands is None:
        counted: dict[int, int] = {}
        for jury_id, average in current.values_list("jury_assignment__jury", "proposed__average"):
            if near_threshold(average, near):
                counted[jury_id] = counted.get(jury_id, 0) + 1
        return counted
    counted = {row["pk"]: row["near"] for row in rows}
    edges = [f"{low.numerator},00" for low, _high in near]
    for jury_id, average in current.filter(proposed__average_display__in=edges).values_list(
        "jury_assignment__jury", "proposed__average"
    ):
        if not near_threshold(average, near):
            counted[jury_id] -= 1
    return counted


def near_threshold(average: str, near: tuple[tuple[Fraction, Fraction], ...]) -> bool:
    """Whether an exact average (as stored) lies in a band « near a threshold »."""
    try:
        value = Fraction(average)
    except (ValueError, ZeroDivisionError):
        return False
    return any(low <= value < high for low, high in near)


def jury_dashboard(*, user: Any, session: ExamSession, url: str = "") -> Dashboard:
    """A jury member, for each of his or her juries: the candidates whose file blocks the
    closing and those whose average lies just below a threshold, to review; the jury's state
    (open and ready or not, closed, published)."""
    juries = juries_visible_to(user=user, session=session)
    candidates = Candidate.objects.filter(session=session, jury_assignment__jury__in=juries)
    near_of_session = _near(session.year)
    bands = _bands(near_of_session)
    rows = jury_rows(juries, near=bands)
    board = Dashboard()
    if any(row["current"] < row["total"] for row in rows):
        board.stale = proposals_fresh(user, session, candidates, url)
        rows = jury_rows(juries, near=bands)
    near = _near_counts(candidates, rows, near_of_session, bands)
    for row in rows:
        link = reverse("jury_detail", args=[row["pk"]])
        name = row["name"]
        if row["state"] == Jury.OPEN:
            board.add(
                Todo(
                    f"blocked-{row['pk']}",
                    row["blocked"],
                    ngettext(
                        "%(jury)s : %(n)s candidat dont le dossier bloque la clôture.",
                        "%(jury)s : %(n)s candidats dont le dossier bloque la clôture.",
                        row["blocked"],
                    )
                    % {"jury": name, "n": row["blocked"]},
                    link,
                    _("Examiner les candidats"),
                )
            )
            board.add(
                Todo(
                    f"near-{row['pk']}",
                    near.get(row["pk"], 0),
                    ngettext(
                        "%(jury)s : %(n)s candidat proche d'un seuil (moyenne à moins de "
                        "%(margin)s point sous le seuil), à examiner avec son livret.",
                        "%(jury)s : %(n)s candidats proches d'un seuil (moyenne à moins de "
                        "%(margin)s point sous le seuil), à examiner avec leur livret.",
                        near.get(row["pk"], 0),
                    )
                    % {"jury": name, "n": near.get(row["pk"], 0), "margin": MARGIN_TEXT},
                    link,
                    _("Examiner les candidats"),
                )
            )
        board.facts.append(Fact(f"jury-{row['pk']}", name, _jury_state(row), link, _("Ouvrir")))
    return board


def _jury_state(row: dict[str, Any]) -> str:
    if row["state"] == Jury.CLOSED:
        if row["unpublished"]:
            return _("Délibération close, résultats non publiés.")
        return _("Délibération close, résultats publiés.")
    if not row["total"]:
        return _("Ouverte, aucun candidat.")
    if row["current"] < row["total"]:
        return _("Ouverte, résultats proposés en cours de calcul.")
    if row["blocked"] or row["problems"]:
        return _("Ouverte, la clôture est bloquée.")
    return _("Ouverte, prête à être close.")


# ---------------------------------------------------------------------------------------------
# A candidate
# ---------------------------------------------------------------------------------------------


def candidate_dashboard(*, user: Any, session: ExamSession, candidate: Candidate) -> Dashboard:
    """A candidate: the documents issued to him or her, the dates (next exam of the applied
    schedule, deposit deadline of the dossiers, orals), the results (published or not yet).
    Four queries."""
    board = Dashboard()
    documents = current_documents(
        documents_visible_to(user=user).filter(session=session)
    ).aggregate(n=Count("pk"), last=Max("issued_at"))
    board.add(
        Todo(
            "documents",
            documents["n"],
            ngettext(
                "%(n)s document vous a été délivré (le dernier le %(date)s) : à lire.",
                "%(n)s documents vous ont été délivrés (le dernier le %(date)s) : à lire.",
                documents["n"],
            )
            % {
                "n": documents["n"],
                "date": _day(timezone.localtime(documents["last"])) if documents["last"] else "",
            },
            reverse("documents"),
            _("Mes documents"),
        )
    )
    sitting = (
        Sitting.objects.filter(
            candidate=candidate,
            commission__schedule__status=Schedule.APPLIED,
            commission__date__gte=timezone.localdate(),
        )
        .order_by("commission__date", "start")
        .values_list("commission__date", "start", "exam")
        .first()
    )
    if sitting is not None:
        date, start, exam = sitting
        board.facts.append(
            Fact(
                "next-exam",
                _("Prochaine épreuve"),
                _("%(exam)s le %(date)s à %(hour)02dh%(minute)02d (voir votre convocation).")
                % {"exam": exam, "date": _day(date), "hour": start // 60, "minute": start % 60},
                reverse("documents"),
                _("Mes documents"),
            )
        )
    calendar = calendar_of(session=session, academy_id=candidate.academy_id)
    if calendar is not None and calendar.deposit_deadline is not None:
        board.facts.append(
            Fact(
                "deadline",
                _("Date limite de dépôt des dossiers"),
                _day(calendar.deposit_deadline),
            )
        )
    if calendar is not None and calendar.oral_date is not None:
        board.facts.append(Fact("orals", _("Épreuves orales"), _day(calendar.oral_date)))
    published = (
        FrozenResult.objects.filter(candidate=candidate, published_at__isnull=False)
        .order_by("-round")
        .values_list("decision_label", "published_at")
        .first()
    )
    if published is None:
        board.facts.append(
            Fact("results", _("Résultats"), _("Vos résultats ne sont pas encore publiés."))
        )
    else:
        board.facts.append(
            Fact(
                "results",
                _("Résultats"),
                _("Publiés le %(date)s : %(decision)s.")
                % {"date": _day(timezone.localtime(published[1])), "decision": published[0]},
                reverse("my_result"),
                _("Mes résultats"),
            )
        )
    return board
