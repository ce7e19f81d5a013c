"""What the convocations of the exam days share: the applied schedules of a session in an
académie, the people they convene, and the lines of the schedule a convocation gives (to tell
what changed between two sendings)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Max

from ndrc.rules.errors import RegulationError
from ndrc.rules.texts_applied import texts_applied
from ndrc.web.documents.convocation import (
    date_text,
    time_text,
)
from ndrc.web.lookups import among
from ndrc.web.scheduling.models import (
    Commission,
    ConvocationSent,
    Schedule,
    Sitting,
)

CHUNK = 500  # people built, issued and e-mailed together (bounded memory and queries)
TOPIC = "convocation"
JOB_KIND = "convocations_send"


def minutes_of(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def texts_of(year: int) -> tuple[str, ...]:
    try:
        return texts_applied(year)
    except RegulationError:  # a session under no regulation
        return ()


def applied_schedules(*, session_id: int, academy_id: int) -> list[int]:
    """The keys of the applied schedules of a session in an académie (the orals and
    practicals, and the resit orals once scheduled)."""
    return list(
        Schedule.objects.filter(
            session_id=session_id, academy_id=academy_id, status=Schedule.APPLIED
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def convened_candidates(schedule_ids: Sequence[int]) -> list[int]:
    """The candidates who sit something in these schedules, by key."""
    return sorted(
        set(
            Sitting.objects.filter(commission__schedule_id__in=schedule_ids).values_list(
                "candidate_id", flat=True
            )
        )
    )


def convened_examiners(schedule_ids: Sequence[int]) -> list[int]:
    """The examiners who sit in a commission of these schedules, by key."""
    return sorted(
        set(
            Commission.members.through.objects.filter(
                commission__schedule_id__in=schedule_ids
            ).values_list("examiner_id", flat=True)
        )
    )


# ---------------------------------------------------------------------------------------------
# The lines of the schedule a convocation gives (to tell what changed)
# ---------------------------------------------------------------------------------------------


def _sitting_line(sitting: Sitting) -> str:
    commission = sitting.commission
    loge = ""
    if sitting.loge_start < sitting.start:
        loge = f" (loge à {time_text(sitting.loge_start)})"
    return (
        f"{sitting.exam} : {date_text(commission.date)}, {time_text(sitting.start)} – "
        f"{time_text(sitting.end)}, {commission.centre.name}, {commission.room.name}{loge}"
    )


def sittings_of(candidate_ids: Iterable[int], schedule_ids: Sequence[int]) -> list[Sitting]:
    return list(
        Sitting.objects.filter(
            among("candidate_id", candidate_ids), commission__schedule_id__in=schedule_ids
        )
        .select_related("commission__centre", "commission__room")
        .order_by("commission__date", "start", "exam", "pk")
    )


def candidate_lines(
    candidate_ids: Iterable[int], schedule_ids: Sequence[int]
) -> dict[int, list[str]]:
    """The lines of each candidate's sittings in these schedules (one query)."""
    lines: dict[int, list[str]] = defaultdict(list)
    for sitting in sittings_of(candidate_ids, schedule_ids):
        lines[sitting.candidate_id].append(_sitting_line(sitting))
    return lines


def latest_sent(field: str, ids: Iterable[int]) -> dict[int, ConvocationSent]:
    """Each person's latest sending (two queries)."""
    last = (
        ConvocationSent.objects.filter(among(field, ids))
        .order_by()
        .values(field)
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    return {
        getattr(sent, field): sent for sent in ConvocationSent.objects.filter(pk__in=list(last))
    }
