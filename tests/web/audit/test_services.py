"""The audited-save helpers every service uses: check, save and one entry; the entry says who,
what, before and after."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ndrc.web.audit.models import AuditEntry
from ndrc.web.audit.services import AuditLine, audit_bulk, audited_create, audited_update
from ndrc.web.sessions.models import Academy, ExamSession
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_creation_is_checked_saved_and_recorded_with_its_fields():
    actor = UserFactory()
    session = audited_create(
        ExamSession(year=2026, label="Session 2026"),
        actor=actor,
        action="session_create",
        fields=("year", "label"),
    )
    entry = AuditEntry.objects.get()
    assert session.pk and entry.actor == actor and entry.object_id == str(session.pk)
    assert entry.after == {"year": 2026, "label": "Session 2026"}
    assert entry.object_type == "exam_sessions.ExamSession"


def test_a_refused_creation_writes_nothing():
    def refuse(academy):
        raise ValidationError("refusé")

    with pytest.raises(ValidationError):
        audited_create(Academy(code="", name="X"), actor=None, action="x", fields=("code",))
    with pytest.raises(ValidationError, match="refusé"):
        audited_create(
            Academy(code="A9", name="X"), actor=None, action="x", fields=("code",), check=refuse
        )
    assert not Academy.objects.exists() and not AuditEntry.objects.exists()


def test_an_update_records_only_what_changed_unless_asked_for_every_field():
    academy = Academy.objects.create(code="A1", name="Ancien nom")
    audited_update(
        academy,
        changes={"name": "Nouveau nom", "code": "A1"},
        actor=None,
        action="academy_update",
        fields=("code", "name"),
        reason="Coquille",
    )
    entry = AuditEntry.objects.get()
    assert entry.before == {"name": "Ancien nom"} and entry.after == {"name": "Nouveau nom"}
    assert entry.reason == "Coquille"
    audited_update(
        academy,
        changes={},
        actor=None,
        action="academy_update",
        fields=("code", "name"),
        only_changed=False,
    )
    assert AuditEntry.objects.order_by("pk").last().after == {"code": "A1", "name": "Nouveau nom"}


def test_a_bulk_write_has_one_entry_per_line():
    academies = [Academy.objects.create(code=f"B{i}", name=f"B{i}") for i in range(3)]
    count = audit_bulk(
        actor=None,
        action="academy_import",
        lines=(AuditLine(obj=a, after={"code": a.code}) for a in academies),
        reason="Import",
    )
    assert count == 3
    assert sorted(AuditEntry.objects.values_list("after__code", flat=True)) == ["B0", "B1", "B2"]
    assert set(AuditEntry.objects.values_list("reason", flat=True)) == {"Import"}


def test_a_bulk_write_keeps_every_character_and_value_as_given():
    """On PostgreSQL the entries go through COPY (text format): tabs, line breaks, backslashes,
    accents and JSON survive; None stays NULL; the date is the writing's."""
    actor = UserFactory()
    academy = Academy.objects.create(code="C1", name="C1")
    awkward = "ligne 1\nligne\t2 \\N « été » \\\\ fin\r"
    before = timezone.now()
    audit_bulk(
        actor=actor,
        action="academy_import",
        lines=[
            AuditLine(obj=academy, after={"text": awkward, "n": 1.5, "list": [None, True]}),
            AuditLine(obj=academy, before={"a": "b"}, object_id="x:1", object_repr=awkward),
        ],
        reason=awkward,
    )
    first, second = AuditEntry.objects.order_by("pk")
    assert first.after == {"text": awkward, "n": 1.5, "list": [None, True]}
    assert first.before is None and second.after is None and second.before == {"a": "b"}
    assert first.reason == second.reason == awkward == second.object_repr
    assert (first.object_id, second.object_id) == (str(academy.pk), "x:1")
    assert first.actor == actor and first.candidate_id is None
    assert first.at >= before
    assert AuditEntry.objects.filter(before__isnull=True).count() == 1
