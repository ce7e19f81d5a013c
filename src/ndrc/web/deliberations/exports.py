"""Exports of a jury's arrested results: (filename, mimetype, bytes), as pretix does."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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


# What the export reads of each result: a few columns and three keys of its JSON (not the
# explanation, not the whole result), streamed a chunk at a time.
FIELDS = (
    "candidate__number",
    "candidate__last_name",
    "candidate__first_name",
    "decision",
    "decision_label",
    "average_display",
    "average",
    "result__average_after_resit_display",
    "result__units_awarded",
    "result__blocks_obtained",
    "regulation",
    "round",
    "published_at",
)


def _rows(results: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for r in results:
        published = r["published_at"]
        yield {
            "numero": r["candidate__number"],
            "nom": r["candidate__last_name"].upper(),
            "prenom": r["candidate__first_name"],
            "decision": r["decision"],
            "decision_libelle": r["decision_label"],
            "moyenne": r["average_display"],
            "moyenne_exacte": r["average"],
            "moyenne_apres_controle": r["result__average_after_resit_display"] or "",
            "unites_obtenues": " ".join(u["unit"] for u in r["result__units_awarded"] or []),
            "blocs_obtenus": " ".join(str(b) for b in r["result__blocks_obtained"] or []),
            "reglement": r["regulation"],
            "tour": r["round"],
            "publie_le": "" if published is None else f"{published:%d/%m/%Y %H:%M}",
        }


def results_export(jury: Jury, fmt: str, round_: int) -> Export:
    """The results arrested at one round of the jury's deliberation (read as plain values,
    2,000 at a time, and written as they come: a round of 30,000 never is in memory as
    objects)."""
    results = (
        FrozenResult.objects.filter(jury=jury, round=round_)
        .order_by("candidate__last_name", "candidate__first_name", "candidate__number")
        .values(*FIELDS)
        .iterator(chunk_size=2000)
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
