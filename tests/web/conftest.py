"""Shared fixtures of the web tests: a 2025 session with a deposit deadline, an exam office,
and a jury of two complete candidates (every grade, conforming internships and dossiers)."""

import datetime as dt
from decimal import Decimal

import pytest

from ndrc.web.accounts.roles import Role
from ndrc.web.deliberations import services
from ndrc.web.exams.file_services import dossier_set, internship_add
from ndrc.web.exams.grades import GradeWrite, grade_set
from tests.factories import AcademyFactory, CandidateFactory, ExamSessionFactory, UserFactory

PARTS = ["description", "upstream_analysis", "information_analysis", "reflective_analysis"]
E4 = {
    "deposited_on": "2025-03-10",
    "signed": True,
    "fiches": [
        {"nature": "sales_negotiation", "parts": PARTS, "offer_annex_pages": 2},
        {"nature": "commercial_event", "parts": PARTS, "offer_annex_pages": 2},
    ],
}
E6 = {
    "deposited_on": "2025-03-10",
    "signed": True,
    "fiches": [
        {"nature": "distributor_network", "real_experience": True},
        {"nature": "partner_network"},
        {"nature": "direct_sales_network"},
    ],
}


def complete(candidate, value="12"):
    """A school candidate with every grade and conforming dossiers and internships."""
    for exam in ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6"):
        grade_set(candidate=candidate, write=GradeWrite(exam, "grade", Decimal(value)), actor=None)
    for start, end in (("2023-11-06", "2023-12-22"), ("2024-05-13", "2024-07-05")):
        internship_add(
            candidate=candidate,
            organisation="Volcans Distribution",
            start=dt.date.fromisoformat(start),
            end=dt.date.fromisoformat(end),
            attestation=True,
            signed=True,
        )
    internship_add(
        candidate=candidate,
        organisation="Banque du Massif",
        start=dt.date(2025, 1, 6),
        end=dt.date(2025, 2, 14),
        attestation=True,
        signed=True,
    )
    dossier_set(candidate=candidate, exam="E4", content=E4)
    dossier_set(candidate=candidate, exam="E6", content=E6)
    return candidate


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
