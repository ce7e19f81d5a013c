"""Who a candidate is for the règlement d'examen: route of preparation and establishment.

The three columns of the règlement (annexe II c) are derived from these facts in the
exam-plan computation; this module only names the facts, with their French labels.
"""

from __future__ import annotations

from enum import StrEnum


class Route(StrEnum):
    """Voie de préparation of a candidate."""

    SCHOOL = "scolaire"
    APPRENTICESHIP = "apprentissage"
    CONTINUING_EDUCATION = "formation_continue"
    DISTANCE_LEARNING = "enseignement_a_distance"
    PROFESSIONAL_EXPERIENCE = "experience_professionnelle"

    @property
    def label_fr(self) -> str:
        return _ROUTE_LABELS[self]


_ROUTE_LABELS: dict[Route, str] = {
    Route.SCHOOL: "Voie scolaire",
    Route.APPRENTICESHIP: "Apprentissage",
    Route.CONTINUING_EDUCATION: "Formation professionnelle continue",
    Route.DISTANCE_LEARNING: "Enseignement à distance",
    Route.PROFESSIONAL_EXPERIENCE: "Expérience professionnelle",
}


class EstablishmentStatus(StrEnum):
    """Statut de l'établissement de formation."""

    PUBLIC = "public"
    PRIVATE_UNDER_CONTRACT = "prive_sous_contrat"
    PRIVATE_OUTSIDE_CONTRACT = "prive_hors_contrat"

    @property
    def label_fr(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS: dict[EstablishmentStatus, str] = {
    EstablishmentStatus.PUBLIC: "Public",
    EstablishmentStatus.PRIVATE_UNDER_CONTRACT: "Privé sous contrat",
    EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT: "Privé hors contrat",
}


class Habilitation(StrEnum):
    """Habilitation of an establishment to assess by CCF (contrôle en cours de formation)."""

    NONE = "aucune"
    CCF = "ccf"
    FULL_CCF = "ccf_integral"

    @property
    def label_fr(self) -> str:
        return _HABILITATION_LABELS[self]


_HABILITATION_LABELS: dict[Habilitation, str] = {
    Habilitation.NONE: "Non habilité au CCF",
    Habilitation.CCF: "Habilité au CCF",
    Habilitation.FULL_CCF: "Habilité à pratiquer intégralement le CCF",
}
