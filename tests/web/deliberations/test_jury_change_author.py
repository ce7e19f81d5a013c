"""A jury change records who and when as well as why (CE D643-26): the row keeps its author
and its date, the results engine reads them, and a change without an author is refused."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.rules_inputs import jury_change
from ndrc.web.deliberations import services
from ndrc.web.deliberations.models import JuryGradeChange

pytestmark = pytest.mark.django_db


def test_a_jury_change_stores_its_author_and_date_and_the_rules_read_them(jury):
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    member = jury.members.get()
    change = services.jury_grade_change(
        jury=jury, candidate=candidate, exam="E1", value="12", reason="Livret", actor=member
    )
    stored = JuryGradeChange.objects.get(pk=change.pk)
    assert stored.author == member and stored.at is not None
    read = jury_change(stored)
    assert read.author == member.username
    assert read.at == stored.at.isoformat(timespec="minutes")
    after = AuditEntry.objects.get(action="jury_grade_change").after
    assert after["author"] == member.username and after["at"] == read.at


@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_a_jury_change_without_author_is_refused(jury, actor):
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    with pytest.raises(ValidationError, match="doit indiquer son auteur"):
        services.jury_grade_change(
            jury=jury, candidate=candidate, exam="E1", value="12", reason="Livret", actor=actor
        )
    assert not JuryGradeChange.objects.exists()
