"""A candidate's history, one page of entries at a time (the latest first), with a bounded
number of queries whatever the number of entries."""

import pytest
from django.urls import reverse

from ndrc.web.audit.models import AuditEntry
from tests.builders import many_candidates
from tests.factories import EstablishmentFactory
from tests.web.list_pages import queries

pytestmark = pytest.mark.django_db


def _entries(candidate, actor, first, n):
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=actor,
            action="candidate_update",
            object_type="candidates.Candidate",
            object_id=str(candidate.pk),
            object_repr=str(candidate),
            candidate=candidate,
            before={"last_name": f"AVANT{i:03d}"},
            after={"last_name": f"APRES{i:03d}"},
            reason=f"Motif {i:03d}",
        )
        for i in range(first, first + n)
    )


def test_the_history_costs_the_same_queries_at_3_and_40_entries(
    client, session, office, small_pages
):
    candidate = many_candidates(
        1, session=session, establishment=EstablishmentFactory(academy=office.academy)
    )[0]
    client.force_login(office)
    url = reverse("candidate_audit", args=[candidate.pk])
    _entries(candidate, office, 0, 3)
    queries(client, url)
    small, html = queries(client, url)
    assert "Page 1 sur" not in html and html.count("<tr data-action=") == 3
    _entries(candidate, office, 3, 37)
    large, html = queries(client, url, {"page": "2"})
    assert small == large <= 12
    assert html.count("<tr data-action=") == 5 and "Page 2 sur 8" in html
    # The latest first: entries 39…35 on page 1, 34…30 on page 2.
    assert "Motif 034" in html and "Motif 030" in html and "Motif 035" not in html
    assert "APRES034" in html  # each entry's changes still read « avant → après »
