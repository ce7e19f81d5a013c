"""Writes on the livret scolaire or de formation (C2022 §1.3, CE D643-26): the training
centre attaches it to its candidate (a file checked by its content, ``grading.ccf_files``,
and/or the appreciations and the Pix mention); the jury's opening of it is recorded (who,
when, round) with an audit entry. One transaction and one audit entry each."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ndrc.web.audit.services import audit_record, snapshot
from ndrc.web.candidates.locks import ensure_open
from ndrc.web.candidates.models import Candidate, Livret
from ndrc.web.deliberations.models import Jury, LivretConsultation
from ndrc.web.grading.ccf_files import RefusedFile, check_file

_FIELDS = ("appreciations", "pix_mention", "pix_score", "filename", "size", "sha256")


@transaction.atomic
def livret_save(
    *,
    candidate: Candidate,
    appreciations: str,
    pix_mention: str,
    pix_score: int | None,
    upload: tuple[str, bytes] | None,
    actor: Any,
) -> Livret:
    """Record the candidate's livret (a new file replaces the former one). Refused once the
    candidate's deliberation is closed, for an empty livret and for a file that is not a
    PDF, an image or an office document."""
    ensure_open([candidate])
    livret = Livret.objects.select_for_update().filter(candidate=candidate).first()
    livret = livret or Livret(candidate=candidate)
    before = snapshot(livret, _FIELDS) if livret.pk else None
    raw = {f: getattr(livret, f) for f in _FIELDS}
    livret.appreciations = appreciations.strip()
    livret.pix_mention = pix_mention.strip()
    livret.pix_score = pix_score
    if upload is not None:
        name, content = upload
        try:
            checked = check_file(name=name, content=content)
        except RefusedFile as refused:
            raise ValidationError({"file": str(refused)}) from None
        livret.filename, livret.mimetype = checked.filename, checked.mimetype
        livret.content, livret.size = content, len(content)
        livret.sha256 = hashlib.sha256(content).hexdigest()
    if not (livret.appreciations or livret.pix_mention or livret.filename):
        raise ValidationError(
            "Le livret est vide : déposez son fichier ou saisissez les appréciations et la "
            "mention Pix."
        )
    livret.updated_by = actor
    livret.full_clean(exclude=["candidate"])
    livret.save()
    # The appreciations and the Pix mention are withheld (``WITHHELD_FIELDS``): the journal
    # outlives the livret; it says which fields changed, not their content.
    after = snapshot(livret, _FIELDS)
    if before is not None:
        changed = [f for f in _FIELDS if raw[f] != getattr(livret, f)]
        before = {f: before[f] for f in changed}
        after = {f: after[f] for f in changed}
    audit_record(
        actor=actor,
        action="livret_save",
        obj=livret,
        before=before,
        after=after,
        candidate=candidate,
    )
    return livret


@transaction.atomic
def livret_open(*, candidate: Candidate, jury: Jury, actor: Any) -> LivretConsultation:
    """Record that a member of the jury (or the exam office, its secretariat: DEC D30) opened
    the candidate's livret in the jury's current round. The candidate's revision moves: his
    or her proposed result is reviewed again (the blocker of D643-26 is lifted)."""
    if not Livret.objects.filter(candidate=candidate).exists():
        raise ValidationError("Aucun livret n'a été déposé pour ce candidat.")
    consultation = LivretConsultation.objects.create(
        candidate=candidate, jury=jury, round=jury.round, user=actor
    )
    audit_record(
        actor=actor,
        action="livret_open",
        obj=consultation,
        after={"jury": jury.name, "round": jury.round},
        candidate=candidate,
    )
    return consultation
