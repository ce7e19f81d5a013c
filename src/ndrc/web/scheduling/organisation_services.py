"""Writing the exam days' organisation (« 11 · The exam days »): a centre's address and loge
seats, its rooms, the establishments it serves and the half-days it is open; a candidate's
centre (with its reason, undone by going back to the default); the window of the orals and
the written papers; the examiners, their availability and their withdrawal. One transaction
and one audit entry (or one bulk entry) each.

A candidate's centre does not touch his or her result: the entry is recorded with the
candidate (it is in the candidate's journal) and so moves the candidate's revision, which
only makes a form of the candidate's file opened before it ask to be reloaded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ndrc.web.audit.services import audit_record, audited_create, audited_update
from ndrc.web.candidates.models import Candidate
from ndrc.web.scheduling.models import (
    CentreAssignment,
    CentreOpening,
    Examiner,
    ExaminerAvailability,
    OralWindow,
    Room,
    WrittenSitting,
)
from ndrc.web.sessions.models import Academy, Establishment, ExamCentre, ExamSession

HalfDay = tuple[dt.date, int]

ROOM_FIELDS = ("centre", "name", "kind", "posts", "active")
EXAMINER_FIELDS = (
    "last_name",
    "first_name",
    "email",
    "establishment",
    "kinds",
    "languages",
    "user",
)
WINDOW_FIELDS = (
    "first_day",
    "last_day",
    "morning_start",
    "afternoon_start",
    "half_day_minutes",
    "resit_first_day",
    "resit_last_day",
)
SITTING_FIELDS = ("exam", "date", "start", "end", "loge_minutes")


def _halves(values: Iterable[HalfDay]) -> list[str]:
    return sorted(
        f"{day.isoformat()} {'matin' if half == 0 else 'après-midi'}" for day, half in values
    )


@transaction.atomic
def centre_update(*, centre: ExamCentre, address: str, loge_seats: int, actor: Any) -> ExamCentre:
    """A centre's address and its seats in the loge."""
    return audited_update(
        centre,
        changes={"address": address, "loge_seats": loge_seats},
        actor=actor,
        action="exam_centre_update",
        fields=("address", "loge_seats"),
    )


def _room_check(room: Room) -> None:
    if room.kind == Room.COMPUTER and room.posts == 0:
        raise ValidationError(
            {"posts": "Une salle informatique a au moins un poste (épreuve E5 pratique)."}
        )
    if room.kind == Room.ORAL and room.posts:
        raise ValidationError({"posts": "Une salle d'interrogation n'a pas de poste : 0."})


@transaction.atomic
def room_create(
    *, centre: ExamCentre, name: str, kind: str, posts: int, active: bool, actor: Any
) -> Room:
    if Room.objects.filter(centre=centre, name=name).exists():
        raise ValidationError({"name": f"Le centre {centre.name} a déjà une salle « {name} »."})
    return audited_create(
        Room(centre=centre, name=name, kind=kind, posts=posts, active=active),
        actor=actor,
        action="room_create",
        fields=ROOM_FIELDS,
        check=_room_check,
    )


@transaction.atomic
def room_update(*, room: Room, name: str, kind: str, posts: int, active: bool, actor: Any) -> Room:
    if Room.objects.filter(centre=room.centre_id, name=name).exclude(pk=room.pk).exists():
        raise ValidationError({"name": f"Le centre a déjà une salle « {name} »."})
    return audited_update(
        room,
        changes={"name": name, "kind": kind, "posts": posts, "active": active},
        actor=actor,
        action="room_update",
        fields=ROOM_FIELDS,
        check=_room_check,
    )


@transaction.atomic
def centre_establishments_set(
    *, centre: ExamCentre, establishments: Iterable[Establishment], actor: Any
) -> None:
    """The establishments the centre serves (those it no longer serves are served by none)."""
    wanted = {e.pk for e in establishments}
    before = set(Establishment.objects.filter(exam_centre=centre).values_list("pk", flat=True))
    if wanted == before:
        return
    Establishment.objects.filter(exam_centre=centre).exclude(pk__in=wanted).update(exam_centre=None)
    Establishment.objects.filter(pk__in=wanted, academy_id=centre.academy_id).update(
        exam_centre=centre
    )
    audit_record(
        actor=actor,
        action="exam_centre_establishments",
        obj=centre,
        before=sorted(before),
        after=sorted(wanted),
    )


@transaction.atomic
def openings_set(
    *, session: ExamSession, centre: ExamCentre, half_days: Iterable[HalfDay], actor: Any
) -> None:
    """The half-days the centre is open in the session (the grid as ticked)."""
    wanted = set(half_days)
    existing = set(
        CentreOpening.objects.filter(session=session, centre=centre).values_list("date", "half")
    )
    removed, added = existing - wanted, wanted - existing
    if not removed and not added:
        return
    for day, half in removed:
        CentreOpening.objects.filter(session=session, centre=centre, date=day, half=half).delete()
    CentreOpening.objects.bulk_create(
        [CentreOpening(session=session, centre=centre, date=d, half=h) for d, h in sorted(added)]
    )
    audit_record(
        actor=actor,
        action="exam_centre_openings",
        obj=centre,
        before=_halves(removed),
        after=_halves(added),
        reason=str(session),
    )


@transaction.atomic
def candidate_centre_set(
    *, candidate: Candidate, centre: ExamCentre, reason: str, actor: Any
) -> CentreAssignment:
    """Assign a candidate to a centre other than the default, with the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Indiquez le motif du changement de centre."})
    if centre.academy_id != candidate.academy_id:
        raise ValidationError({"centre": "Ce centre n'est pas de l'académie du candidat."})
    current = CentreAssignment.objects.filter(candidate=candidate).first()
    if current is None:
        return audited_create(
            CentreAssignment(candidate=candidate, centre=centre, reason=reason),
            actor=actor,
            action="candidate_centre_set",
            fields=("centre", "reason"),
            candidate=candidate,
            reason=reason,
        )
    return audited_update(
        current,
        changes={"centre": centre, "reason": reason},
        actor=actor,
        action="candidate_centre_set",
        fields=("centre", "reason"),
        candidate=candidate,
        reason=reason,
    )


@transaction.atomic
def candidate_centre_reset(*, candidate: Candidate, actor: Any) -> bool:
    """Back to the centre serving the candidate's establishment (the assignment deleted);
    False when there was none."""
    current = CentreAssignment.objects.filter(candidate=candidate).first()
    if current is None:
        return False
    audit_record(
        actor=actor,
        action="candidate_centre_reset",
        obj=current,
        before={"centre": current.centre_id, "reason": current.reason},
        candidate=candidate,
        reason="Retour au centre de rattachement de l'établissement",
    )
    current.delete()
    return True


def _window_check(window: OralWindow) -> None:
    errors: dict[str, str] = {}
    if window.last_day < window.first_day:
        errors["last_day"] = "Le dernier jour des oraux précède le premier."
    if window.afternoon_start <= window.morning_start:
        errors["afternoon_start"] = "L'après-midi commence après le matin."
    if (window.resit_first_day is None) != (window.resit_last_day is None):
        errors["resit_last_day"] = "Indiquez le premier et le dernier jour des oraux de contrôle."
    elif window.resit_first_day and window.resit_last_day:
        if window.resit_last_day < window.resit_first_day:
            errors["resit_last_day"] = "Le dernier jour des oraux de contrôle précède le premier."
        elif window.resit_first_day <= window.last_day:
            errors["resit_first_day"] = "Les oraux de contrôle suivent les oraux."
    if not 60 <= window.half_day_minutes <= 360:
        errors["half_day_minutes"] = "Une demi-journée dure de 60 à 360 minutes."
    for name in ("first_day", "last_day", "resit_first_day", "resit_last_day"):
        day = getattr(window, name)
        if day is not None and day.year != window.session.year and name not in errors:
            errors[name] = f"Les oraux de la session ont lieu en {window.session.year}."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def oral_window_save(
    *, session: ExamSession, academy: Academy, values: dict[str, Any], actor: Any
) -> OralWindow:
    """The window of the académie's orals for the session (created or changed)."""
    current = OralWindow.objects.filter(session=session, academy=academy).first()
    if current is None:
        return audited_create(
            OralWindow(session=session, academy=academy, **values),
            actor=actor,
            action="oral_window_create",
            fields=WINDOW_FIELDS,
            check=_window_check,
        )
    return audited_update(
        current,
        changes=values,
        actor=actor,
        action="oral_window_update",
        fields=WINDOW_FIELDS,
        check=_window_check,
    )


def _sitting_check(sitting: WrittenSitting) -> None:
    if sitting.end <= sitting.start:
        raise ValidationError({"end": "L'heure de fin suit l'heure de début."})
    if sitting.date.year != sitting.session.year:
        raise ValidationError({"date": f"Les épreuves ont lieu en {sitting.session.year}."})


@transaction.atomic
def written_sitting_save(
    *, session: ExamSession, exam: str, values: dict[str, Any], actor: Any
) -> WrittenSitting:
    """A written paper's date, times and loge time (created or changed)."""
    current = WrittenSitting.objects.filter(session=session, exam=exam).first()
    if current is None:
        return audited_create(
            WrittenSitting(session=session, exam=exam, **values),
            actor=actor,
            action="written_sitting_create",
            fields=SITTING_FIELDS,
            check=_sitting_check,
        )
    return audited_update(
        current,
        changes=values,
        actor=actor,
        action="written_sitting_update",
        fields=SITTING_FIELDS,
        check=_sitting_check,
    )


def _examiner_check(examiner: Examiner) -> None:
    if not examiner.kinds:
        raise ValidationError({"kinds": "Cochez au moins une qualité d'examinateur."})
    if "language" in examiner.kinds and not examiner.languages:
        raise ValidationError({"languages": "Indiquez les langues du professeur de langue."})
    if examiner.establishment and examiner.establishment.academy_id != examiner.academy_id:
        raise ValidationError({"establishment": "Cet établissement n'est pas de l'académie."})


@transaction.atomic
def examiner_create(
    *,
    session: ExamSession,
    academy: Academy,
    values: dict[str, Any],
    centres: Iterable[ExamCentre],
    actor: Any,
) -> Examiner:
    chosen = list(centres)
    examiner = audited_create(
        Examiner(session=session, academy=academy, **values),
        actor=actor,
        action="examiner_create",
        fields=EXAMINER_FIELDS,
        check=_examiner_check,
        extra={"centres": sorted(c.pk for c in chosen)},
    )
    examiner.centres.set(chosen)
    return examiner


@transaction.atomic
def examiner_update(
    *, examiner: Examiner, values: dict[str, Any], centres: Iterable[ExamCentre], actor: Any
) -> Examiner:
    chosen = list(centres)
    before = sorted(examiner.centres.values_list("pk", flat=True))
    audited_update(
        examiner,
        changes=values,
        actor=actor,
        action="examiner_update",
        fields=EXAMINER_FIELDS,
        check=_examiner_check,
    )
    after = sorted(c.pk for c in chosen)
    if before != after:
        examiner.centres.set(chosen)
        audit_record(
            actor=actor,
            action="examiner_centres",
            obj=examiner,
            before=before,
            after=after,
        )
    return examiner


@transaction.atomic
def examiner_withdraw(*, examiner: Examiner, reason: str, actor: Any) -> Examiner:
    """The examiner withdraws: kept (a schedule names him or her), given nothing more."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Indiquez le motif du désistement."})
    return audited_update(
        examiner,
        changes={"withdrawn": True},
        actor=actor,
        action="examiner_withdraw",
        fields=("withdrawn",),
        reason=reason,
    )


@transaction.atomic
def availability_set(*, examiner: Examiner, half_days: Iterable[HalfDay], actor: Any) -> None:
    """The half-days the examiner can examine (the grid as ticked)."""
    wanted = set(half_days)
    existing = set(
        ExaminerAvailability.objects.filter(examiner=examiner).values_list("date", "half")
    )
    removed, added = existing - wanted, wanted - existing
    if not removed and not added:
        return
    for day, half in removed:
        ExaminerAvailability.objects.filter(examiner=examiner, date=day, half=half).delete()
    ExaminerAvailability.objects.bulk_create(
        [ExaminerAvailability(examiner=examiner, date=d, half=h) for d, h in sorted(added)]
    )
    audit_record(
        actor=actor,
        action="examiner_availability",
        obj=examiner,
        before=_halves(removed),
        after=_halves(added),
    )
