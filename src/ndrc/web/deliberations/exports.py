"""Exports of a jury's arrested results: (filename, mimetype, bytes), as pretix does."""

from __future__ import annotations

from typing import Any

from ndrc.exports import Export, table_export
from ndrc.web.deliberations.models import FrozenResult, Jury

COLUMNS = (
    "numero",
    "nom",
    "prenom",
    "decision",
    "decision_libelle",
    "moyenne",
    "moyenne_exacte",
    "moyenne_apres_controle",
    "unites_obtenues",
    "blocs_obtenus",
    "reglement",
    "tour",
    "publie_le",
)
HEADERS = (
    "N° candidat",
    "Nom",
    "Prénom",
    "Décision",
    "Libellé",
    "Moyenne",
    "Moyenne exacte",
    "Moyenne après épreuves de contrôle",
    "Unités obtenues",
    "Blocs de compétences obtenus",
    "Règlement",
    "Tour",
    "Publié le",
)
WIDTHS = (14, 18, 16, 16, 34, 9, 18, 14, 30, 30, 10, 6, 18)


def _rows(results: list[FrozenResult]) -> list[dict[str, Any]]:
    return [
        {
            "numero": r.candidate.number,
            "nom": r.candidate.last_name.upper(),
            "prenom": r.candidate.first_name,
            "decision": r.decision,
            "decision_libelle": r.decision_label,
            "moyenne": r.average_display,
            "moyenne_exacte": r.average,
            "moyenne_apres_controle": r.result.get("average_after_resit_display") or "",
            "unites_obtenues": " ".join(u["unit"] for u in r.result.get("units_awarded", [])),
            "blocs_obtenus": " ".join(str(b) for b in r.result.get("blocks_obtained", [])),
            "reglement": r.regulation,
            "tour": r.round,
            "publie_le": "" if r.published_at is None else f"{r.published_at:%d/%m/%Y %H:%M}",
        }
        for r in results
    ]


def results_export(jury: Jury, fmt: str, round_: int) -> Export:
    """The results arrested at one round of the jury's deliberation."""
    results = list(
        FrozenResult.objects.filter(jury=jury, round=round_)
        .select_related("candidate")
        .order_by("candidate__last_name", "candidate__first_name", "candidate__number")
    )
    return table_export(
        fmt=fmt,
        stem=f"resultats-{jury.session.year}-{jury.name}-tour-{round_}".replace(" ", "-").lower(),
        title="Résultats",
        headers=HEADERS,
        columns=COLUMNS,
        rows=_rows(results),
        widths=WIDTHS,
    )
