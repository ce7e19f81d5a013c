"""The lock a closed deliberation puts on a candidate's file.

Closing a jury's deliberation sets ``Candidate.locked_by`` (the jury's name) on its candidates,
and reopening clears it (the deliberations' services do both, holding the candidates' rows).
Every service that writes a grade, an internship, a dossier or a registration calls
``ensure_open`` first, in its own transaction: the candidates' rows stay locked until that
transaction ends, so a write cannot slip in while a jury closes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from ndrc.web.candidates.models import Candidate


def ensure_open(candidates: Iterable[Candidate]) -> None:
    """Refuse (ValidationError) when the file of one of these candidates is locked by a
    closed deliberation; it changes only after a recorded reopening, with a reason."""
    pks = sorted({c.pk for c in candidates})
    if not pks:
        return
    rows = list(  # every row is locked, open or not, until the transaction ends
        Candidate.objects.select_for_update(of=("self",))
        .filter(pk__in=pks)
        .order_by("pk")
        .only("pk", "number", "last_name", "first_name", "locked_by")
    )
    locked = next((c for c in rows if c.locked_by), None)
    if locked is not None:
        raise ValidationError(
            f"Délibération close (jury « {locked.locked_by} ») : le dossier de {locked} ne "
            "change qu'après réouverture de la délibération, avec un motif."
        )


def lock_files(*, candidates: Iterable[Candidate], jury_name: str) -> int:
    """Lock these candidates' files (``jury_name`` closed its deliberation), or unlock them
    (``jury_name`` empty, at reopening). Returns how many files changed. A queryset (a
    jury's candidates) is updated in one query, without loading its candidates."""
    if isinstance(candidates, QuerySet):
        return candidates.update(locked_by=jury_name)
    pks = [c.pk for c in candidates]
    return Candidate.objects.filter(pk__in=pks).update(locked_by=jury_name)
