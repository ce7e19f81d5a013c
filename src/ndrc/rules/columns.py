"""Which column of the règlement d'examen a candidate belongs to, and why.

The three columns of the règlement (annexe II c of 2018, annexe I of 2023) describe
candidates by route, establishment and habilitation. The reading of each header is written
down in docs/decisions.md (D4, D6).
"""

from __future__ import annotations

from dataclasses import dataclass

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.rules.citation import Citation
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.regulation import Column, Regulation


@dataclass(frozen=True)
class ColumnAssignment:
    column: Column
    reason: str

    @property
    def citation(self) -> Citation:
        return self.column.citation


def _habilitated(candidate: CandidateProfile) -> bool:
    return candidate.habilitation in (Habilitation.CCF, Habilitation.FULL_CCF)


def _column_number(candidate: CandidateProfile) -> tuple[int, str]:
    route, status = candidate.route, candidate.establishment_status
    if route is Route.PROFESSIONAL_EXPERIENCE:
        return 3, "candidat justifiant de 3 ans d'expérience professionnelle"
    if route is Route.DISTANCE_LEARNING:
        return 3, "enseignement à distance"
    if status is None:
        raise InvalidCandidate(
            f"establishment : le statut de l'établissement est requis pour la voie "
            f"« {route.label_fr} »."
        )
    if route is Route.SCHOOL:
        if status is EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT:
            return 3, "voie scolaire dans un établissement privé hors contrat"
        return 1, f"voie scolaire dans un établissement {status.label_fr.lower()}"
    if candidate.habilitation is None and (
        route is Route.APPRENTICESHIP or status is EstablishmentStatus.PUBLIC
    ):
        raise InvalidCandidate(
            "establishment : l'habilitation de l'établissement est requise pour la voie "
            f"« {route.label_fr} »."
        )
    if route is Route.APPRENTICESHIP:
        if _habilitated(candidate):
            return 1, "apprentissage dans un CFA ou une section d'apprentissage habilité"
        return 3, "apprentissage dans un CFA ou une section d'apprentissage non habilité"
    # Continuing education: only public establishments may be habilitated.
    if status is not EstablishmentStatus.PUBLIC:
        return 3, "formation professionnelle continue en établissement privé"
    if candidate.habilitation is Habilitation.FULL_CCF:
        return 2, (
            "formation professionnelle continue dans un établissement public habilité à "
            "pratiquer intégralement le CCF"
        )
    if candidate.habilitation is Habilitation.CCF:
        return 1, "formation professionnelle continue dans un établissement public habilité"
    return 3, "formation professionnelle continue dans un établissement public non habilité"


def candidate_column(candidate: CandidateProfile, regulation: Regulation) -> ColumnAssignment:
    number, reason = _column_number(candidate)
    return ColumnAssignment(column=regulation.column(number), reason=reason)
