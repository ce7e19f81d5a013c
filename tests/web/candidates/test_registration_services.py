import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ndrc.rules.candidate_category import Route
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates import services
from ndrc.web.candidates.models import Candidate
from tests.factories import AcademyFactory, EstablishmentFactory, ExamSessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _register(**overrides):
    academy = overrides.pop("academy", None) or AcademyFactory()
    values = {
        "session": ExamSessionFactory(),
        "academy": academy,
        "number": "25X0001",
        "last_name": "Petit",
        "first_name": "Malo",
        "birth_date": dt.date(2005, 5, 5),
        "route": Route.SCHOOL,
        "establishment": EstablishmentFactory(academy=academy),
        "lv1": "anglais",
    }
    values.update(overrides)
    return services.candidate_register(**values)


def test_candidate_register_writes_one_audit_entry_with_the_actor():
    actor = UserFactory()
    candidate = _register(actor=actor)
    entry = AuditEntry.objects.get(candidate=candidate)
    assert entry.actor == actor
    assert entry.action == "candidate_register"
    assert entry.after["number"] == "25X0001"
    # The journal records that a birth date was given, not the date (WITHHELD_FIELDS).
    assert entry.after["birth_date"] == "[valeur non conservée]"


def test_a_school_candidate_needs_an_establishment():
    with pytest.raises(ValidationError):
        _register(establishment=None)
    assert not Candidate.objects.exists()
    assert not AuditEntry.objects.filter(action="candidate_register").exists()


def test_an_experience_candidate_needs_none():
    candidate = _register(route=Route.PROFESSIONAL_EXPERIENCE, establishment=None)
    assert candidate.establishment is None


def test_the_establishment_must_be_in_the_candidate_academy():
    with pytest.raises(ValidationError):
        _register(establishment=EstablishmentFactory())


def test_a_number_is_unique_within_a_session():
    first = _register()
    with pytest.raises(ValidationError):
        _register(academy=first.academy, establishment=first.establishment)
    assert Candidate.objects.count() == 1


def test_every_audited_action_has_a_french_label():
    import re
    from pathlib import Path

    from ndrc.web.audit.models import ACTION_LABELS

    source = Path(__file__).resolve().parents[3] / "src" / "ndrc" / "web"
    used = {
        match
        for path in source.rglob("*.py")
        for match in re.findall(r'action="([a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    assert used and used <= set(ACTION_LABELS), sorted(used - set(ACTION_LABELS))
