"""From the stored candidate to the rules core's inputs: the candidate as the documented JSON
(docs/schemas/candidate.schema.json), its CandidateProfile, and its conformity input."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ndrc.rules.candidate import CandidateProfile, candidate_from_dict
from ndrc.rules.conformity import ConformityInput
from ndrc.rules.conformity_input import conformity_input_from_dict
from ndrc.web.exams.models import Candidate, Dossier, Internship


def candidate_dict(candidate: Candidate) -> dict[str, Any]:
    """The candidate in the format of docs/schemas/candidate.schema.json."""
    establishment = candidate.establishment
    data: dict[str, Any] = {
        "id": candidate.number,
        "name": f"{candidate.first_name} {candidate.last_name}",
        "session": candidate.session.year,
        "route": candidate.route,
        "lv1": candidate.lv1,
        "ef1_language": candidate.ef1_language,
        "ef2": candidate.ef2,
        "diplomas": list(candidate.diplomas or []),
        "exemption_requests": list(candidate.exemption_requests or []),
        "nrc_units": list(candidate.nrc_units or []),
        "e6_professional_dossier": candidate.e6_professional_dossier,
    }
    if establishment is not None:
        data["establishment"] = {
            "status": establishment.status,
            "habilitation": establishment.habilitation,
        }
    return data


def candidate_profile(candidate: Candidate) -> CandidateProfile:
    return candidate_from_dict(candidate_dict(candidate))


def conformity_input(
    candidate: Candidate, internships: Iterable[Internship], dossiers: Iterable[Dossier]
) -> ConformityInput:
    """The conformity input of a candidate (docs/conformity-format.md) from the stored file."""
    session = candidate.session
    data = candidate_dict(candidate)
    data.update(
        {
            "deposit_deadline": session.deposit_deadline and session.deposit_deadline.isoformat(),
            "exam_date": session.oral_date and session.oral_date.isoformat(),
            "periods": [
                {
                    "organisation": p.organisation,
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "kind": p.kind,
                    "attestation": p.attestation,
                    "signed": p.signed,
                    "full_time": p.full_time,
                }
                for p in internships
            ],
            "dossiers": {d.exam: d.content for d in dossiers},
            "continuing_situation": candidate.continuing_situation,
            "internship_status": candidate.internship_status,
            "vae_units": list(candidate.vae_units or []),
        }
    )
    if candidate.internship_reduction_reason:
        data["internship_reduction"] = {
            "reason": candidate.internship_reduction_reason,
            "reference": candidate.internship_reduction_reference,
        }
    return conformity_input_from_dict(data)
