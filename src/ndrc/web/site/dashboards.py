"""The home page's dashboards: for each role, what there is to do next, counted over the
whole scope the user sees (the visibility selectors), each with a French sentence, the page
where it is done and its deadline when the académie's calendar gives one.

Everything is counted with aggregate queries: a dashboard costs a fixed, small number of
queries whatever the number of candidates. What comes from the rules engine (the conformity
of the dossiers, what blocks a jury's closing) is read from the stored proposals
(``candidates.ProposedResult`` and ``ConformityOutcome``, D52), computed first when stale as
the conformity list does (``proposals_ensure``). A training centre's dashboard is in
``dashboard_centre``; the examiner's, the jury member's and the candidate's in
``dashboard_people``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ndrc.rules.conformity import Outcome
from ndrc.web.candidates.models import Candidate, ConformityOutcome, ProposedResult
from ndrc.web.candidates.selectors import proposal_is_current
from ndrc.web.deliberations.models import FrozenResult, Jury
from ndrc.web.deliberations.proposals import proposals_ensure
from ndrc.web.deliberations.selectors import juries_visible_to, session_problems
from ndrc.web.documents.models import IssuedDocument
from ndrc.web.documents.nv_notice import NV_NOTICE
from ndrc.web.grading.appeal_selectors import appeals_visible_to
from ndrc.web.grading.models import EvaluationGrid, GridAppeal
from ndrc.web.jobs.models import Job, JobState
from ndrc.web.sessions.models import AcademyCalendar, ExamSession
from ndrc.web.sessions.selectors import calendar_of, user_academy_id


@dataclass(frozen=True)
class Todo:
    """One thing to do: how many, in a French sentence, where it is done (the link's
    label) and, when the texts or the académie's calendar give one, by when."""

    key: str
    count: int
    text: str
    url: str
    action: str
    deadline: dt.date | None = None


@dataclass(frozen=True)
class Fact:
    """Something to know (a date, the state of a jury, a result): a label, a French text
    and, when there is one, the page that tells more."""

    key: str
    label: str
    text: str
    url: str = ""
    action: str = ""


@dataclass
class Dashboard:
    """A role's dashboard: the things to do (those counting at least one), what to know,
    and how many proposals are still being computed (the counts then say so)."""

    todos: list[Todo] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    stale: int = 0

    def add(self, todo: Todo) -> None:
        if todo.count > 0:
            self.todos.append(todo)


def awaited(calendar: AcademyCalendar | None, today: dt.date) -> bool:
    """Whether the dossiers are still awaited: no deadline fixed yet, or not passed."""
    return (
        calendar is None or calendar.deposit_deadline is None or today <= calendar.deposit_deadline
    )


def deadline_of(calendar: AcademyCalendar | None) -> dt.date | None:
    return None if calendar is None else calendar.deposit_deadline


def dossiers_due(candidates: QuerySet[Candidate]) -> int:
    """The candidates with a dossier or the internships of an épreuve still awaited or not
    valid (from the stored conformity): one aggregate query."""
    return (
        ConformityOutcome.objects.filter(
            candidate__in=candidates.values("pk"),
            outcome__in=(Outcome.AWAITING.value, Outcome.NOT_VALID.value),
        )
        .values("candidate")
        .distinct()
        .count()
    )


def proposals_fresh(
    user: Any, session: ExamSession, candidates: QuerySet[Candidate], url: str
) -> int:
    """Compute the stale proposals of these candidates first (at once when few, by a job
    otherwise, as the conformity list does); how many are still being computed. One query
    when none is stale (``proposals_ensure`` looks for a few stale ones)."""
    freshness = proposals_ensure(
        session_id=session.pk,
        academy_id=user_academy_id(user),
        actor=user,
        url=url,
        candidates=candidates,
    )
    return freshness.stale


# ---------------------------------------------------------------------------------------------
# The exam office
# ---------------------------------------------------------------------------------------------


def jury_rows(juries: QuerySet[Jury], *, near: Q | None = None) -> list[dict[str, Any]]:
    """These juries (``juries_visible_to``) with, in three queries, how many candidates each
    has, how many of their proposals are current, how many block the closing (and, given
    ``near``, how many current ones it keeps), how many of their grids await a new signature,
    and for a closed jury whether results of its round await publication."""
    unpublished = FrozenResult.objects.filter(
        jury=OuterRef("pk"), round=OuterRef("round"), published_at__isnull=True
    )
    rows = list(
        juries.annotate(unpublished=Exists(unpublished))
        .order_by("name", "pk")
        .values("pk", "name", "state", "unpublished")
    )
    counted: dict[str, Count] = {
        "total": Count("pk"),
        "current": Count("pk", filter=proposal_is_current()),
        "blocked": Count("pk", filter=proposal_is_current() & Q(proposed__blocked=True)),
    }
    if near is not None:
        counted["near"] = Count("pk", filter=proposal_is_current() & near)
    counts = {
        row["jury_assignment__jury"]: row
        for row in Candidate.objects.filter(jury_assignment__jury__in=[r["pk"] for r in rows])
        .order_by()
        .values("jury_assignment__jury")
        .annotate(**counted)
    }
    reopened = dict(
        EvaluationGrid.objects.filter(
            candidate__jury_assignment__jury__in=[r["pk"] for r in rows],
            state=EvaluationGrid.DRAFT,
            signed_at__isnull=False,
        )
        .order_by()
        .values_list("candidate__jury_assignment__jury")
        .annotate(n=Count("pk"))
        .values_list("candidate__jury_assignment__jury", "n")
    )
    open_juries = {j.pk: j for j in juries.filter(state=Jury.OPEN).select_related("session")}
    for row in rows:
        found = counts.get(row["pk"], {})
        for key in ("total", "current", "blocked", "near"):
            row[key] = found.get(key, 0)
        row["reopened"] = reopened.get(row["pk"], 0)
        # What blocks every candidate of an open jury (its composition, the académie's
        # dates, a reopened grid): the closing's own check, a few queries per jury.
        jury = open_juries.get(row["pk"])
        row["problems"] = session_problems(jury) if jury is not None else []
    return rows


def office_dashboard(
    *, user: Any, session: ExamSession, candidates: QuerySet[Candidate], url: str = ""
) -> Dashboard:
    """The exam office: files that cannot be read and imports that failed, dossiers due
    before the deposit deadline, NV notices to send, juries ready to close, results to
    publish, grids reopened awaiting their signature, appeals awaiting an answer."""
    today = timezone.localdate()
    academy_id = user_academy_id(user)
    board = Dashboard(stale=proposals_fresh(user, session, candidates, url))
    calendar = calendar_of(session=session, academy_id=academy_id)
    deadline = deadline_of(calendar)

    unreadable = ProposedResult.objects.filter(
        ~Q(unreadable=""), candidate__in=candidates.values("pk")
    ).count()
    board.add(
        Todo(
            "unreadable",
            unreadable,
            ngettext(
                "%(n)s dossier d'inscription ne peut être lu : à corriger.",
                "%(n)s dossiers d'inscription ne peuvent être lus : à corriger.",
                unreadable,
            )
            % {"n": unreadable},
            reverse("conformity_list"),
            _("Voir la conformité des dossiers"),
        )
    )
    # The imports whose job failed (their file kept to confirm again), read from the jobs by
    # the import file's relation name (the imports app is on this floor: not imported).
    failed = Job.objects.filter(import_file__session=session, state=JobState.FAILED)
    if academy_id is not None:
        failed = failed.filter(import_file__academy_id=academy_id)
    failed_count = failed.count()
    board.add(
        Todo(
            "imports",
            failed_count,
            ngettext(
                "%(n)s import a échoué : à reprendre.",
                "%(n)s imports ont échoué : à reprendre.",
                failed_count,
            )
            % {"n": failed_count},
            reverse("import_index"),
            _("Importer"),
        )
    )
    if awaited(calendar, today):
        due = dossiers_due(candidates)
        board.add(
            Todo(
                "dossiers",
                due,
                ngettext(
                    "%(n)s candidat a un dossier ou des stages manquants ou non conformes.",
                    "%(n)s candidats ont un dossier ou des stages manquants ou non conformes.",
                    due,
                )
                % {"n": due},
                reverse("conformity_list"),
                _("Voir la conformité des dossiers"),
                deadline,
            )
        )
    else:
        board.add(_nv_to_notify(candidates, calendar, today))
    rows = jury_rows(juries_visible_to(user=user, session=session))
    ready = [
        r
        for r in rows
        if r["state"] == Jury.OPEN
        and r["total"]
        and r["current"] == r["total"]
        and not r["blocked"]
        and not r["problems"]
    ]
    board.add(
        Todo(
            "close",
            len(ready),
            ngettext(
                "%(n)s jury peut clore sa délibération : rien ne la bloque.",
                "%(n)s jurys peuvent clore leur délibération : rien ne la bloque.",
                len(ready),
            )
            % {"n": len(ready)},
            reverse("jury_detail", args=[ready[0]["pk"]])
            if len(ready) == 1
            else reverse("deliberation"),
            _("Délibération"),
        )
    )
    # An open jury whose closing is blocked (a candidate's file, its composition, the
    # académie's dates, a reopened grid): the jury's page says what, candidate by candidate.
    blocked = [
        r
        for r in rows
        if r["state"] == Jury.OPEN
        and r["current"] == r["total"]
        and (r["blocked"] or r["problems"])
    ]
    board.add(
        Todo(
            "blocked",
            len(blocked),
            ngettext(
                "%(n)s jury ne peut pas encore clore sa délibération : sa page dit ce qui la "
                "bloque.",
                "%(n)s jurys ne peuvent pas encore clore leur délibération : leur page dit ce "
                "qui la bloque.",
                len(blocked),
            )
            % {"n": len(blocked)},
            reverse("jury_detail", args=[blocked[0]["pk"]])
            if len(blocked) == 1
            else reverse("deliberation"),
            _("Voir ce qui bloque"),
        )
    )
    publish = [r for r in rows if r["state"] == Jury.CLOSED and r["unpublished"]]
    board.add(
        Todo(
            "publish",
            len(publish),
            ngettext(
                "%(n)s jury a clos sa délibération : ses résultats sont à publier.",
                "%(n)s jurys ont clos leur délibération : leurs résultats sont à publier.",
                len(publish),
            )
            % {"n": len(publish)},
            reverse("jury_detail", args=[publish[0]["pk"]])
            if len(publish) == 1
            else reverse("deliberation"),
            _("Publier les résultats"),
        )
    )
    reopened = EvaluationGrid.objects.filter(
        candidate__in=candidates.values("pk"),
        state=EvaluationGrid.DRAFT,
        signed_at__isnull=False,
    ).count()
    board.add(
        Todo(
            "reopened",
            reopened,
            ngettext(
                "%(n)s grille rouverte attend une nouvelle signature.",
                "%(n)s grilles rouvertes attendent une nouvelle signature.",
                reopened,
            )
            % {"n": reopened},
            reverse("grids"),
            _("Grilles d'évaluation"),
        )
    )
    appeals = (
        appeals_visible_to(user=user)
        .filter(candidate__session=session, state=GridAppeal.REQUESTED)
        .count()
    )
    board.add(
        Todo(
            "appeals",
            appeals,
            ngettext(
                "%(n)s demande de communication des grilles attend une réponse.",
                "%(n)s demandes de communication des grilles attendent une réponse.",
                appeals,
            )
            % {"n": appeals},
            reverse("appeals"),
            _("Répondre aux demandes"),
        )
    )
    return board


def _nv_to_notify(
    candidates: QuerySet[Candidate], calendar: AcademyCalendar | None, today: dt.date
) -> Todo:
    """The candidates with a dossier NV whose notice has not been issued, while it can still
    be (the deposit deadline passed, the orals not held yet): one query."""
    oral = None if calendar is None else calendar.oral_date
    count = 0
    if oral is None or today <= oral:
        notice = IssuedDocument.objects.filter(candidate=OuterRef("pk"), kind=NV_NOTICE.slug)
        count = (
            candidates.filter(
                proposal_is_current(),
                Exists(
                    ConformityOutcome.objects.filter(
                        candidate=OuterRef("pk"), outcome=Outcome.NOT_VALID.value
                    )
                ),
            )
            .exclude(Exists(notice))
            .count()
        )
    return Todo(
        "nv",
        count,
        ngettext(
            "%(n)s candidat a un dossier non conforme (NV) dont l'avis n'est pas envoyé.",
            "%(n)s candidats ont un dossier non conforme (NV) dont l'avis n'est pas envoyé.",
            count,
        )
        % {"n": count},
        reverse("conformity_list") + "?nv=1",
        _("Voir les dossiers NV"),
        oral,
    )
