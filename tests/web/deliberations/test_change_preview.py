"""What a jury change would do, shown before it is saved: « Prévisualiser » computes the
decision and the average with the changed grade through the results engine and writes
nothing; « Enregistrer » saves as before."""

import pytest
from django.urls import reverse

from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.models import Candidate
from ndrc.web.deliberations.models import JuryGradeChange

pytestmark = pytest.mark.django_db


def failing(jury):
    """The candidate of the jury with every grade at 8."""
    return Candidate.objects.get(jury_assignment__jury=jury, grades__exam="E1", grades__value=8)


def test_the_preview_shows_decision_and_average_before_and_after_and_writes_nothing(
    client, jury, office
):
    candidate = failing(jury)
    client.force_login(jury.members.get())
    revision = candidate.revision
    entries = AuditEntry.objects.count()
    response = client.post(
        reverse("jury_change_new", args=[candidate.pk]),
        {"action": "preview", "exam": "E1", "value": "20", "reason": ""},
    )
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.average_before == "8,00"
    assert preview.average_after != "8,00" and preview.average_after > "8,00"
    assert preview.decision_before.label_fr in response.content.decode()
    html = response.content.decode()
    assert 'id="change-preview"' in html and "8,00 →" in html
    assert 'id="save-button"' in html and 'value="20' in html
    assert not JuryGradeChange.objects.exists()
    assert AuditEntry.objects.count() == entries
    candidate.refresh_from_db()
    assert candidate.revision == revision


def test_a_preview_that_crosses_the_pass_mark_says_so_then_saving_records_the_change(
    client, jury, office
):
    candidate = failing(jury)
    client.force_login(office)
    url = reverse("jury_change_new", args=[candidate.pk])
    preview = client.post(
        url, {"action": "preview", "exam": "E4", "value": "20", "reason": "Livret"}
    ).context["preview"]
    # 8 everywhere, E4 at 20: ajourné at 8,00 → admis at 10,86, the engine's figures.
    assert (preview.decision_before.value, preview.average_before) == ("failed", "8,00")
    assert preview.decision_after.value == "admitted" and preview.decision_changes
    assert preview.average_after == "10,86"
    response = client.post(url, {"action": "save", "exam": "E4", "value": "20", "reason": "Livret"})
    assert response.status_code == 302
    change = JuryGradeChange.objects.get()
    assert (change.exam, str(change.value), change.reason) == ("E4", "20.00", "Livret")


def test_a_bad_grade_or_epreuve_in_the_preview_is_a_french_message(client, jury, office):
    candidate = failing(jury)
    client.force_login(office)
    url = reverse("jury_change_new", args=[candidate.pk])
    for data in ({"exam": "E9", "value": "12"}, {"exam": "E1", "value": "vingt"}):
        response = client.post(url, {"action": "preview", **data})
        assert response.status_code == 200
        assert response.context["errors"] and response.context["preview"] is None
    assert not JuryGradeChange.objects.exists()
