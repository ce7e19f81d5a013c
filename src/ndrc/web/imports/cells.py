"""The reading of one cell of an import file: a header or a token without case nor accents,
a date, yes/no, a route, a form, units, a distance learner's status, a continuing-education
situation. Small pure functions; each problem is a French message (docs/import-format.md)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from ndrc.rules.candidate_category import Route
from ndrc.rules.results import AssessmentForm
from ndrc.rules.units import units
from ndrc.tables import cell_text


def key(text: Any) -> str:
    """A header or a token without case, accents, spaces nor punctuation: « Prénom » → prenom,
    « Date de naissance » → date_de_naissance."""
    raw = unicodedata.normalize("NFKD", str(text or "").strip().lower())
    bare = "".join(c for c in raw if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", bare).strip("_")


def parse_date(value: Any) -> dt.date:
    """A date cell, or text JJ/MM/AAAA or AAAA-MM-JJ."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"date « {text} » illisible : attendu JJ/MM/AAAA ou AAAA-MM-JJ.")


YES = {"oui", "o", "yes", "y", "vrai", "true", "1", "x"}
NO = {"non", "n", "no", "faux", "false", "0", ""}


def parse_bool(value: Any) -> bool:
    """oui / non (also o, n, 1, 0, x, vrai, faux, yes, no); empty is non."""
    token = key(cell_text(value))
    if token in YES:
        return True
    if token in NO:
        return False
    raise ValueError(f"« {cell_text(value)} » : attendu oui ou non.")


def parse_route(value: Any) -> Route:
    """A route by its code or its French label (« Voie scolaire »)."""
    token = key(cell_text(value))
    for route in Route:
        if token in (route.value, key(route.label_fr), key(f"voie {route.value}")):
            return route
    raise ValueError(
        f"voie « {cell_text(value)} » inconnue : " + ", ".join(r.value for r in Route) + "."
    )


def parse_form(value: Any) -> str:
    """The form of the exam: globale (also when empty) or progressive."""
    token = key(cell_text(value))
    if token in ("", "globale", "global", "forme_globale"):
        return AssessmentForm.GLOBAL.value
    if token in ("progressive", "forme_progressive"):
        return AssessmentForm.PROGRESSIVE.value
    raise ValueError(f"forme « {cell_text(value)} » inconnue : globale ou progressive.")


def parse_units(value: Any) -> list[str]:
    """Unit codes separated by spaces, commas, semicolons, + or /, each once, in order."""
    codes = [u.code for u in units()]
    found: list[str] = []
    for part in re.split(r"[\s,;+/]+", cell_text(value).upper()):
        if not part:
            continue
        if part not in codes:
            raise ValueError(f"unité « {part} » inconnue (unités : {', '.join(codes)}).")
        if part not in found:
            found.append(part)
    return found


# The internship situation of a distance learner (annexe III b II.4: the case of his or her
# status) and of a continuing-education candidate, by their French names; the codes are those
# of the candidate's file (docs/conformity-format.md).
DISTANCE_STATUSES = {
    "scolaire": "school",
    "statut_scolaire": "school",
    "apprenti": "apprenticeship",
    "apprentissage": "apprenticeship",
    "formation_continue": "continuing",
}
CONTINUING_SITUATIONS = {
    "": "",
    "premiere_formation": "first_training",
    "reconversion": "retraining",
    "perfectionnement": "improvement",
}


def parse_distance_status(value: Any) -> str:
    """scolaire, apprenti or formation_continue (empty stays empty)."""
    token = key(cell_text(value))
    if not token:
        return ""
    if token not in DISTANCE_STATUSES:
        raise ValueError(
            f"statut « {cell_text(value)} » inconnu : scolaire, apprenti ou formation_continue."
        )
    return DISTANCE_STATUSES[token]


def parse_continuing_situation(value: Any) -> str:
    """premiere_formation, reconversion or perfectionnement (empty: none given)."""
    token = key(cell_text(value))
    if token not in CONTINUING_SITUATIONS:
        raise ValueError(
            f"situation « {cell_text(value)} » inconnue : premiere_formation, reconversion ou "
            "perfectionnement."
        )
    return CONTINUING_SITUATIONS[token]
