"""The JSON shape of the files the rules core reads (candidates, results, conformity): a member
of the wrong JSON type is a clear error of the file, never a crash further on."""

from __future__ import annotations

from typing import Any

from ndrc.rules.errors import InvalidCandidate

OBJECTS = ("establishment", "grades", "parameters", "dossiers")
LISTS = (
    "diplomas",
    "exemption_requests",
    "nrc_units",
    "vae_units",
    "periods",
    "jury_changes",
    "resit_grades",
)
LISTS_OF_OBJECTS = ("diplomas", "nrc_units", "periods", "jury_changes", "resit_grades")
TEXTS = ("route", "lv1", "ef1_language", "id", "name", "assessment")


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "un objet"
    if isinstance(value, list):
        return "une liste"
    return f"« {value} »"


def check_shape(data: Any) -> None:
    """Raise InvalidCandidate naming the member whose JSON type is wrong."""
    if not isinstance(data, dict):
        raise InvalidCandidate("Un candidat est un objet JSON.")
    who = str(data.get("id", "")) if isinstance(data.get("id"), str | int) else ""
    prefix = f"{who} " if who else ""
    for key in OBJECTS:
        if key in data and data[key] is not None and not isinstance(data[key], dict):
            raise InvalidCandidate(
                f"{prefix}{key} : un objet JSON est attendu, pas {_kind(data[key])}."
            )
    for key in LISTS:
        if key in data and data[key] is not None and not isinstance(data[key], list):
            raise InvalidCandidate(
                f"{prefix}{key} : une liste est attendue, pas {_kind(data[key])}."
            )
    for key in LISTS_OF_OBJECTS:
        for index, item in enumerate(data.get(key) or [], 1):
            if not isinstance(item, dict):
                raise InvalidCandidate(
                    f"{prefix}{key} n° {index} : un objet JSON est attendu, pas {_kind(item)}."
                )
    for key in TEXTS:
        if key in data and data[key] is not None and isinstance(data[key], dict | list):
            raise InvalidCandidate(f"{prefix}{key} : un texte est attendu, pas {_kind(data[key])}.")
    for code, dossier in (data.get("dossiers") or {}).items():
        if not isinstance(dossier, dict):
            raise InvalidCandidate(f"{prefix}dossiers.{code} : un objet JSON est attendu.")
        fiches = dossier.get("fiches")
        if fiches is not None and not isinstance(fiches, list):
            raise InvalidCandidate(f"{prefix}dossiers.{code}.fiches : une liste est attendue.")
        for index, fiche in enumerate(fiches or [], 1):
            if not isinstance(fiche, dict):
                raise InvalidCandidate(
                    f"{prefix}dossiers.{code}.fiches n° {index} : un objet JSON est attendu."
                )
            parts = fiche.get("parts")
            if parts is not None and not isinstance(parts, list):
                raise InvalidCandidate(
                    f"{prefix}dossiers.{code}.fiches n° {index}.parts : une liste est attendue."
                )
