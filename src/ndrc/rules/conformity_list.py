"""The conformity commission's list: one row per candidate and dossier, with each NV and its
cause and the defects penalised in the grid (CSV and XLSX by the interfaces)."""

from __future__ import annotations

from typing import Any

from ndrc.rules.conformity import ConformityReport

LIST_COLUMNS = ("id", "name", "session", "exam", "outcome", "outcome_label", "nv_causes", "defects")


def commission_rows(reports: list[ConformityReport]) -> list[dict[str, Any]]:
    rows = []
    for report in reports:
        for outcome in report.outcomes:
            rows.append(
                {
                    "id": report.candidate.identifier,
                    "name": report.candidate.name,
                    "session": report.session,
                    "exam": outcome.exam,
                    "outcome": outcome.outcome.value,
                    "outcome_label": outcome.outcome.label_fr,
                    "nv_causes": " ; ".join(outcome.nv_causes),
                    "defects": " ; ".join(outcome.defects),
                }
            )
    return rows


LIST_HEADERS = (
    "N° candidat",
    "Nom",
    "Session",
    "Épreuve",
    "Décision",
    "Libellé",
    "Causes de NV",
    "Insuffisances pénalisées",
)

LIST_WIDTHS = (14, 24, 9, 8, 12, 34, 60, 60)
LIST_TITLE = "Commission de conformité"
