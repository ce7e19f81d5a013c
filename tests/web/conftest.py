"""Shared fixtures of the web tests: a 2025 session with a deposit deadline, an exam office,
and a jury of two complete candidates (every grade, conforming internships and dossiers)."""

import datetime as dt
from decimal import Decimal

import pytest

from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.deliberations import services
from tests.builders import conforming_files
from tests.factories import AcademyFactory, CandidateFactory, ExamSessionFactory, UserFactory


def complete(candidate, value="12"):
    """A school candidate with every grade and conforming dossiers and internships."""
    for exam in ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6"):
        grade_set(candidate=candidate, write=GradeWrite(exam, "grade", Decimal(value)), actor=None)
    return conforming_files(candidate)


@pytest.fixture
def session():
    return ExamSessionFactory(year=2025, deposit_deadline=dt.date(2025, 3, 14))


@pytest.fixture
def office(session):
    return UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"))


@pytest.fixture
def jury(session, office):
    first = complete(CandidateFactory(session=session, academy=office.academy))
    second = complete(
        CandidateFactory(
            session=session, academy=office.academy, establishment=first.establishment
        ),
        value="8",
    )
    member = UserFactory(role=Role.JURY, academy=office.academy, username="president")
    return services.jury_create(
        session=session,
        academy=office.academy,
        name="Jury A",
        members=[member],
        candidates=[first, second],
        actor=office,
    )


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 5 rows: a list of a few dozen rows spans several pages."""
    monkeypatch.setattr("ndrc.web.pagination.PAGE_SIZE", 5)
