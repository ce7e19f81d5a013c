"""The documents of a jury's deliberation: the procès-verbal of each closed round and the list
of admitted candidates once the results are published. Their data is read from the results
the jury arrested (``FrozenResult``) and the changes it made, in a fixed number of queries
whatever the jury's size; issuing the same data again gives back the same document
(documents.services)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from ndrc.rules.results import Decision
from ndrc.rules.texts_applied import texts_applied
from ndrc.web.deliberations.composition import member_lines
from ndrc.web.deliberations.models import ClosedRound, FrozenResult, Jury, JuryGradeChange
from ndrc.web.deliberations.selectors import decision_counts, pass_rate_text
from ndrc.web.deliberations.statistics_plots import jury_round_panels
from ndrc.web.documents.admitted_list import (
    ADMITTED_LIST,
    AdmittedCandidate,
    AdmittedListData,
)
from ndrc.web.documents.layout import DocumentTooLarge
from ndrc.web.documents.minutes import (
    MINUTES,
    MinutesCandidate,
    MinutesChange,
    MinutesData,
    minutes_of_plain,
    minutes_plain,
)
from ndrc.web.documents.models import IssuedDocument
from ndrc.web.documents.services import Issue, document_issue
from ndrc.web.jobs.models import Job
from ndrc.web.jobs.services import job_run
from ndrc.web.jobs.work import JobError, Progress
from ndrc.web.lookups import among

ADMITTED = tuple(d.value for d in Decision if d.is_admitted)


def minutes_subject(jury_id: int, round_: int) -> str:
    return f"jury:{jury_id}:round:{round_}"


def admitted_subject(jury_id: int) -> str:
    return f"admitted:jury:{jury_id}"


def _when(moment: Any, *, at: str = " ") -> str:
    return "" if moment is None else timezone.localtime(moment).strftime(f"%d/%m/%Y{at}%H:%M")


def closed_rounds(jury: Jury) -> range:
    """The rounds of the jury's deliberation that were closed (a reopened round was)."""
    return range(1, jury.round + 1 if jury.is_closed else jury.round)


def _grades_before(jury: Jury, round_: int, candidate_ids: list[int]) -> dict[int, list[Any]]:
    """The jury's changes as the arrested results explain them (the grade each replaced), by
    candidate: one query, for the candidates the jury changed a grade of."""
    if not candidate_ids:
        return {}
    steps: dict[int, list[Any]] = {}
    for candidate_id, explanation in FrozenResult.objects.filter(
        among("candidate_id", candidate_ids), jury=jury, round=round_
    ).values_list("candidate_id", "result__explanation"):
        steps[candidate_id] = [
            s for s in explanation or [] if isinstance(s, dict) and s.get("rule") == "jury_change"
        ]
    return steps


def _before(steps: list[Any], change: JuryGradeChange) -> str:
    """The grade a change replaced, as the result's explanation recorded it (empty for a
    change the result did not apply: withdrawn, or replaced by a later one)."""
    for step in steps:
        figures = step.get("figures") or {}
        if str(step.get("text", "")).startswith(f"{change.exam} :") and figures.get("reason") == (
            change.reason
        ):
            return str(figures.get("before") or "")
    return ""


def minutes_data(jury: Jury, round_: int) -> MinutesData:
    """The PV of one closed round of the jury (five queries, whatever the jury's size)."""
    jury = Jury.objects.select_related("session", "academy").get(pk=jury.pk)
    president, members = member_lines(jury)
    if not president and not members:  # no composition recorded: the accounts of the jury
        members = tuple(
            user.get_full_name() or user.username
            for user in jury.members.order_by("last_name", "first_name", "username")
        )
    rows = list(
        FrozenResult.objects.filter(jury=jury, round=round_)
        .order_by("candidate__last_name", "candidate__first_name", "candidate__number")
        .values_list(
            "candidate__number",
            "candidate__last_name",
            "candidate__first_name",
            "decision",
            "decision_label",
            "average_display",
            "frozen_at",
        )
    )
    changes = list(
        JuryGradeChange.objects.filter(jury=jury, round=round_)
        .select_related("candidate", "author")
        .order_by("candidate__last_name", "candidate__first_name", "at", "id")
    )
    steps = _grades_before(
        jury, round_, sorted({c.candidate_id for c in changes if not c.withdrawn})
    )
    decisions = [Decision(row[3]) for row in rows]
    closed = max((row[6] for row in rows if row[6] is not None), default=None)
    return MinutesData(
        academy=jury.academy.name,
        session=jury.session.year,
        texts=texts_applied(jury.session.year),
        jury=jury.name,
        round=round_,
        closed_on=_when(closed, at=" à "),
        members=members,
        president=president,
        candidates=tuple(
            MinutesCandidate(
                number=number,
                last_name=last,
                first_name=first,
                decision=label,
                average=average,
            )
            for number, last, first, _decision, label, average, _at in rows
        ),
        changes=tuple(
            MinutesChange(
                number=c.candidate.number,
                name=f"{c.candidate.last_name.upper()} {c.candidate.first_name}",
                exam=c.exam,
                before="" if c.withdrawn else _before(steps.get(c.candidate_id, []), c),
                after=f"{c.value:.2f}".replace(".", ","),
                author=c.author_name,
                at=_when(c.at),
                reason=c.reason,
                withdrawn=c.withdrawn,
            )
            for c in changes
        ),
        counts=tuple((d.label_fr, n) for d, n in decision_counts(decisions)),
        pass_rate=pass_rate_text(decisions) or "",
        annex=jury_round_panels(jury, round_),
    )


def minutes_keep(jury: Jury) -> ClosedRound:
    """Keep the PV's data of the round the jury has just closed (called by the closing, in
    its transaction): issued again later, that round's PV says what was decided then."""
    return ClosedRound.objects.create(
        jury=jury, round=jury.round, minutes=minutes_plain(minutes_data(jury, jury.round))
    )


def minutes_as_closed(jury: Jury, round_: int) -> MinutesData:
    """The PV's data of a closed round as the closing kept it; read from the files for a
    round closed before the closing kept it (DEC D140)."""
    kept = (
        ClosedRound.objects.filter(jury=jury, round=round_)
        .values_list("minutes", flat=True)
        .first()
    )
    return minutes_data(jury, round_) if kept is None else minutes_of_plain(kept)


def minutes_issue(*, jury: Jury, actor: Any, round_: int | None = None) -> IssuedDocument:
    """Issue the PV of a closed round (by default the last one closed), from the data kept
    when it closed: the same data gives back the PV already issued; a round reopened and
    closed again is another round, so another PV (the earlier one kept)."""
    jury = Jury.objects.select_related("session").get(pk=jury.pk)  # its state as stored
    rounds = closed_rounds(jury)
    chosen = rounds[-1] if round_ is None and rounds else round_
    if chosen is None or chosen not in rounds:
        raise ValidationError("Le procès-verbal ne s'édite que pour un tour de délibération clos.")
    if not FrozenResult.objects.filter(jury=jury, round=chosen).exists():
        raise ValidationError("Aucun résultat n'a été arrêté à ce tour de délibération.")
    return document_issue(
        kind=MINUTES,
        issue=Issue(
            subject=minutes_subject(jury.pk, chosen),
            subject_ref=f"J{jury.pk:04d}-T{chosen}",
            data=minutes_as_closed(jury, chosen),
            session_id=jury.session_id,
            session_year=jury.session.year,
            academy_id=jury.academy_id,
            jury_id=jury.pk,
        ),
        actor=actor,
    )


def minutes_issue_work(*, params: dict[str, Any], actor: Any, progress: Progress) -> dict[str, Any]:
    """The job issuing a closed round's PV (started once the closing is done: the PV of a
    national jury is a thousand pages, not part of the closing's own time)."""
    jury = Jury.objects.get(pk=params["jury"])
    url = reverse("jury_detail", args=[jury.pk])
    progress(0, 1, "Édition du procès-verbal…")
    try:
        document = minutes_issue(jury=jury, actor=actor, round_=params.get("round"))
    except ValidationError as error:
        raise JobError(
            f"Le procès-verbal n'a pas pu être édité : {' '.join(error.messages)}",
            url=url,
            link_label="Retour au jury",
        ) from None
    except DocumentTooLarge as error:
        raise JobError(
            f"Le procès-verbal n'a pas pu être édité : {error}",
            url=url,
            link_label="Retour au jury",
        ) from None
    progress(1, 1, "Procès-verbal édité.")
    return {
        "message": f"Procès-verbal édité (réf. {document.reference}).",
        "url": url,
        "link_label": "Retour au jury",
    }


def minutes_issue_start(*, jury: Jury, actor: Any, round_: int | None = None) -> Job:
    """Start the job issuing the PV of the jury's last closed round (or of ``round_``)."""
    return job_run(
        kind="minutes_issue",
        task=minutes_issue_work,
        params={"jury": jury.pk, "round": round_},
        actor=actor,
        label=f"Procès-verbal — {jury.name}",
    )


def published_round(jury: Jury) -> tuple[int, Any] | None:
    """The jury's last published round and when it was published (None before any)."""
    row = (
        FrozenResult.objects.filter(jury=jury, published_at__isnull=False)
        .values("round")
        .annotate(at=Min("published_at"))
        .order_by("-round")
        .first()
    )
    return None if row is None else (row["round"], row["at"])


def admitted_list_data(jury: Jury) -> AdmittedListData | None:
    """The list of admitted of the jury's last published round (three queries), None before
    publication."""
    published = published_round(jury)
    if published is None:
        return None
    round_, at = published
    jury = Jury.objects.select_related("session", "academy").get(pk=jury.pk)
    rows = (
        FrozenResult.objects.filter(jury=jury, round=round_, decision__in=ADMITTED)
        .order_by("candidate__last_name", "candidate__first_name", "candidate__number")
        .values_list(
            "candidate__last_name",
            "candidate__first_name",
            "candidate__number",
            "candidate__establishment__name",
        )
    )
    return AdmittedListData(
        academy=jury.academy.name,
        session=jury.session.year,
        texts=texts_applied(jury.session.year),
        jury=jury.name,
        round=round_,
        published_on=timezone.localtime(at).strftime("%d/%m/%Y"),
        candidates=tuple(
            AdmittedCandidate(
                last_name=last, first_name=first, number=number, establishment=school or ""
            )
            for last, first, number, school in rows
        ),
    )


def admitted_list_issue(*, jury: Jury, actor: Any) -> IssuedDocument:
    """Issue the list of admitted of the jury's last published round (refused before the
    publication). A later round published gives a new version replacing the earlier list."""
    data = admitted_list_data(jury)
    if data is None:
        raise ValidationError(
            "La liste des admis ne s'édite qu'une fois les résultats du jury publiés."
        )
    return document_issue(
        kind=ADMITTED_LIST,
        issue=Issue(
            subject=admitted_subject(jury.pk),
            subject_ref=f"J{jury.pk:04d}",
            data=data,
            session_id=jury.session_id,
            session_year=jury.session.year,
            academy_id=jury.academy_id,
            jury_id=jury.pk,
        ),
        actor=actor,
        reason=""
        if data.round == 1
        else f"résultats du tour de délibération n° {data.round} publiés",
    )


def jury_documents(jury: Jury) -> tuple[dict[int, IssuedDocument], IssuedDocument | None]:
    """The current PV of each round of the jury (by round) and its current list of admitted
    (one query, without the files' bytes)."""
    minutes: dict[int, IssuedDocument] = {}
    admitted: IssuedDocument | None = None
    for document in (
        IssuedDocument.objects.filter(jury_id=jury.pk, kind__in=(MINUTES.slug, ADMITTED_LIST.slug))
        .defer("content")
        .order_by("version")
    ):
        if document.kind == ADMITTED_LIST.slug:
            admitted = document
        elif document.subject.startswith(f"jury:{jury.pk}:round:"):
            minutes[int(document.subject.rsplit(":", 1)[1])] = document
    return minutes, admitted


def minutes_document(jury: Jury, round_: int) -> IssuedDocument | None:
    """The current PV of a round of the jury, with its bytes (None when not issued)."""
    return (
        IssuedDocument.objects.filter(kind=MINUTES.slug, subject=minutes_subject(jury.pk, round_))
        .order_by("-version")
        .first()
    )


def admitted_document(jury: Jury) -> IssuedDocument | None:
    """The current list of admitted of the jury, with its bytes (None when not issued)."""
    return (
        IssuedDocument.objects.filter(kind=ADMITTED_LIST.slug, subject=admitted_subject(jury.pk))
        .order_by("-version")
        .first()
    )
