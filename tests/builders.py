"""Builders shared by the web and browser tests: a school candidate's conforming files
(internships of 21 weeks with signed attestations, E4 and E6 dossiers as the texts want them)."""

import datetime as dt

from ndrc.web.candidates.file_services import dossier_set, internship_add
from ndrc.web.candidates.models import Candidate
from tests.factories import CandidateFactory

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
PERIODS = (
    ("Volcans Distribution", "2023-11-06", "2023-12-22"),
    ("Volcans Distribution", "2024-05-13", "2024-07-05"),
    ("Banque du Massif", "2025-01-06", "2025-02-14"),
)


def conforming_files(candidate):
    """Record the internships and dossiers of a school candidate whose files conform."""
    for organisation, start, end in PERIODS:
        internship_add(
            candidate=candidate,
            organisation=organisation,
            start=dt.date.fromisoformat(start),
            end=dt.date.fromisoformat(end),
            attestation=True,
            signed=True,
        )
    dossier_set(candidate=candidate, exam="E4", content=E4)
    dossier_set(candidate=candidate, exam="E6", content=E6)
    return candidate


def many_candidates(n, *, session, establishment, first=0):
    """``n`` school candidates of one establishment (and its académie), named NOM0000…,
    numbered N00000…, written at once (one query): the lists at two sizes."""
    return Candidate.objects.bulk_create(
        CandidateFactory.build(
            session=session,
            academy=establishment.academy,
            establishment=establishment,
            number=f"N{i:05d}",
            last_name=f"NOM{i:04d}",
            first_name="Lou",
        )
        for i in range(first, first + n)
    )
