"""From the stored candidate to the rules core's CandidateProfile."""

from __future__ import annotations

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.web.exams.models import Candidate


def candidate_profile(candidate: Candidate) -> CandidateProfile:
    establishment = candidate.establishment
    return CandidateProfile(
        route=Route(candidate.route),
        establishment_status=None
        if establishment is None
        else EstablishmentStatus(establishment.status),
        habilitation=None if establishment is None else Habilitation(establishment.habilitation),
        lv1=candidate.lv1.strip().lower(),
        ef1_language=candidate.ef1_language.strip().lower(),
        ef2=candidate.ef2,
        identifier=candidate.number,
        name=f"{candidate.first_name} {candidate.last_name}",
    )
