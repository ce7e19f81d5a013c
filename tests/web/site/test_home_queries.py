"""The home page's dashboards count with aggregate queries: the same number of queries for
3 candidates as for 60, whatever the role."""

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.deliberations.models import Jury, JuryAssignment
from ndrc.web.grading.models import ExaminerAssignment
from tests.builders import many_candidates
from tests.factories import EstablishmentFactory, UserFactory
from tests.web.list_pages import queries

pytestmark = pytest.mark.django_db


def _dashboard(role, office, session, school):
    """The user of the role and how to give him or her more candidates."""
    if role == Role.EXAM_OFFICE:
        return office, lambda added: None
    if role == Role.TRAINING_CENTRE:
        user = UserFactory(role=role, academy=office.academy, establishment=school)
        return user, lambda added: None
    if role == Role.EXAMINER:
        user = UserFactory(role=role, academy=office.academy)

        def entrust(added):
            ExaminerAssignment.objects.bulk_create(
                ExaminerAssignment(examiner=user, candidate=c, exam=exam)
                for c in added
                for exam in ("E1", "E4")
            )

        return user, entrust
    user = UserFactory(role=Role.JURY, academy=office.academy)
    juries = [
        Jury.objects.create(session=session, academy=office.academy, name=f"Jury {n}")
        for n in (1, 2)
    ]
    for jury in juries:
        jury.members.add(user)

    def assign(added):
        JuryAssignment.objects.bulk_create(
            JuryAssignment(jury=juries[i % 2], candidate=c) for i, c in enumerate(added)
        )

    return user, assign


@pytest.mark.parametrize("role", [Role.EXAM_OFFICE, Role.TRAINING_CENTRE, Role.EXAMINER, Role.JURY])
def test_the_dashboard_costs_the_same_queries_at_3_and_60_candidates(client, session, office, role):
    school = EstablishmentFactory(academy=office.academy)
    user, give = _dashboard(role, office, session, school)
    give(many_candidates(3, session=session, establishment=school))
    client.force_login(user)
    url = reverse("home")
    queries(client, url)
    small, html = queries(client, url)
    assert 'id="candidate-count">3</td>' in html
    give(many_candidates(57, session=session, establishment=school, first=3))
    queries(client, url)  # the new candidates' proposals are computed at the first visit
    large, html = queries(client, url)
    assert small == large <= 20
    assert 'id="candidate-count">60</td>' in html
