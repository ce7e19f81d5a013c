"""Writes on a jury's composition (CE D643-31): the exam office records each member with his
or her quality, whether he or she presides and, when he or she has one, the user account that
opens the jury's deliberation (kept in ``Jury.members``, the jury members' scope). Until a
member is recorded, the accounts chosen when the jury was created open it; once one is, the
accounts that open it are exactly the recorded members' (DEC D141): an account chosen at the
creation that is no member's loses its access, and the journal entry names it. One
transaction and one audit entry each; refused once the deliberation is closed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ndrc.rules.jury_composition import qualities
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.services import audit_record
from ndrc.web.deliberations.models import Jury, JuryMember
from ndrc.web.deliberations.services import open_jury

_FIELDS = ("name", "quality", "president")


def _check(member: JuryMember, jury: Jury) -> None:
    if member.quality not in qualities():
        raise ValidationError({"quality": "Choisissez la qualité du membre dans la liste."})
    user = member.user
    if user is not None and (user.role != Role.JURY or user.academy_id != jury.academy_id):
        raise ValidationError(
            {"user": "Ce compte n'est pas un compte de jury de l'académie du jury."}
        )
    if (
        user is not None
        and JuryMember.objects.filter(jury=jury, user=user).exclude(pk=member.pk).exists()
    ):
        raise ValidationError({"user": "Ce compte est déjà celui d'un membre de ce jury."})
    if (
        member.president
        and JuryMember.objects.filter(jury=jury, president=True).exclude(pk=member.pk).exists()
    ):
        raise ValidationError(
            {"president": "Le jury a déjà un président : retirez-le ou modifiez-le d'abord."}
        )


def _sync_access(jury: Jury) -> dict[str, list[str]]:
    """Once a member is recorded, the accounts that open the jury are the recorded members'
    (D141); nothing changes while none is. Returns the accounts whose access it removed, by
    username (for the journal entry)."""
    recorded = JuryMember.objects.filter(jury=jury)
    if not recorded.exists():
        return {}
    wanted = set(recorded.filter(user__isnull=False).values_list("user", flat=True))
    current = dict(jury.members.values_list("pk", "username"))
    gone = [pk for pk in current if pk not in wanted]
    jury.members.remove(*gone)
    jury.members.add(*(wanted - current.keys()))
    return {"access_removed": sorted(current[pk] for pk in gone)} if gone else {}


@transaction.atomic
def jury_member_add(
    *, jury: Jury, name: str, quality: str, president: bool, user: Any = None, actor: Any
) -> JuryMember:
    """Record a member of an open jury; his or her account (if any) gets access to it."""
    jury = open_jury(jury)
    member = JuryMember(
        jury=jury, name=name.strip(), quality=quality, president=president, user=user
    )
    member.full_clean()
    _check(member, jury)
    member.save()
    access = _sync_access(jury)
    audit_record(  # about the jury: its page's history shows its composition's changes
        actor=actor,
        action="jury_member_add",
        obj=jury,
        after={f: getattr(member, f) for f in _FIELDS}
        | {"user": getattr(user, "username", "")}
        | access,
    )
    return member


@transaction.atomic
def jury_member_update(
    *, member: JuryMember, name: str, quality: str, president: bool, actor: Any
) -> JuryMember:
    """Correct a member's name, quality or presidency while the deliberation is open."""
    jury = open_jury(member.jury)
    before = {f: getattr(member, f) for f in _FIELDS}
    member.name, member.quality, member.president = name.strip(), quality, president
    member.full_clean()
    _check(member, jury)
    member.save()
    after = {f: getattr(member, f) for f in _FIELDS}
    changed = [f for f in _FIELDS if before[f] != after[f]]
    if not changed:  # nothing corrected: nothing to journal
        return member
    audit_record(
        actor=actor,
        action="jury_member_update",
        obj=jury,
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )
    return member


@transaction.atomic
def jury_member_remove(*, member: JuryMember, actor: Any) -> None:
    """Remove a member while the deliberation is open; his or her account loses access to
    the jury (the access follows the recorded composition)."""
    jury = open_jury(member.jury)
    before = {f: getattr(member, f) for f in _FIELDS} | {
        "user": getattr(member.user, "username", "")
    }
    if member.user_id is not None:
        jury.members.remove(member.user_id)
    member.delete()
    audit_record(
        actor=actor,
        action="jury_member_remove",
        obj=jury,
        before=before,
        after=_sync_access(jury) or None,
    )
