"""A candidate as the regulation sees one: route, establishment, choices, diplomas held.

``candidate_from_dict`` reads the JSON format documented by
``docs/schemas/candidate.schema.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.shapes import check_shape


@dataclass(frozen=True)
class DiplomaHeld:
    """A diploma the candidate holds, which may ground an exemption (annexe II b)."""

    kind: str
    law_economics_management: bool = False
    title: str = ""


@dataclass(frozen=True)
class NrcUnitHeld:
    """A unit of the former BTS NRC that the candidate holds (annexe IV)."""

    unit: str
    session: int | None = None


@dataclass(frozen=True)
class CandidateProfile:
    route: Route
    establishment_status: EstablishmentStatus | None = None
    habilitation: Habilitation | None = None
    lv1: str = ""
    ef1_language: str = ""
    ef2: bool = False
    diplomas: tuple[DiplomaHeld, ...] = ()
    exemption_requests: tuple[str, ...] = ()
    nrc_units: tuple[NrcUnitHeld, ...] = ()
    e6_professional_dossier: bool = False
    identifier: str = ""
    name: str = ""


# The keys of a candidate object in the JSON files of the CLI.
CANDIDATE_KEYS = {
    "id",
    "name",
    "session",
    "route",
    "establishment",
    "lv1",
    "ef1_language",
    "ef2",
    "diplomas",
    "exemption_requests",
    "nrc_units",
    "e6_professional_dossier",
}


def _enum(enum: type[Any], value: Any, field_name: str) -> Any:
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise InvalidCandidate(
            f"{field_name} : valeur « {value} » inconnue (valeurs possibles : {allowed})."
        ) from None


def candidate_from_dict(data: dict[str, Any]) -> CandidateProfile:
    check_shape(data)
    if data.get("route") is None:
        raise InvalidCandidate("route : la voie du candidat est obligatoire.")
    establishment = data.get("establishment") or {}
    return CandidateProfile(
        route=_enum(Route, data["route"], "route"),
        establishment_status=_enum(
            EstablishmentStatus, establishment.get("status"), "establishment.status"
        ),
        habilitation=_enum(
            Habilitation, establishment.get("habilitation"), "establishment.habilitation"
        ),
        lv1=str(data.get("lv1", "")).strip().lower(),
        ef1_language=str(data.get("ef1_language", "") or "").strip().lower(),
        ef2=bool(data.get("ef2", False)),
        diplomas=tuple(
            DiplomaHeld(
                kind=str(d["kind"]),
                law_economics_management=bool(d.get("law_economics_management", False)),
                title=str(d.get("title", "")),
            )
            for d in data.get("diplomas", [])
        ),
        exemption_requests=tuple(str(u).upper() for u in data.get("exemption_requests", [])),
        nrc_units=tuple(
            NrcUnitHeld(unit=str(u["unit"]).upper(), session=u.get("session"))
            for u in data.get("nrc_units", [])
        ),
        e6_professional_dossier=bool(data.get("e6_professional_dossier", False)),
        identifier=str(data.get("id", "")),
        name=str(data.get("name", "")),
    )
