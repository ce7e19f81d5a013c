"""The dossier of E4, E6 or EF2 as a form: fields from the encoded catalogue (fiche natures,
parts), read back into the documented content (docs/conformity-format.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from ndrc.rules.conformity import dossier_catalogue
from ndrc.web.keys import key_from

FICHE_SLOTS = {"E4": 2, "E6": 3}
DOUBTS = (
    ("", "aucun"),
    ("pending", "doute le jour de l'épreuve : vérification en cours"),
    ("cleared", "doute levé après vérification"),
    ("confirmed", "doute avéré après vérification"),
)


@dataclass
class FicheSlot:
    index: int
    nature: str
    parts: list[str]
    real_experience: bool
    covers_pole: bool
    offer_annex_pages: Any


def dossier_context(exam: str, content: dict[str, Any]) -> dict[str, Any]:
    """What the template needs to show the form filled with ``content``."""
    if exam == "EF2":
        return {"exam": exam, "content": content}
    catalogue = dossier_catalogue(exam)
    fiches = list(content.get("fiches", []))
    slots = []
    for index in range(FICHE_SLOTS[exam]):
        fiche = fiches[index] if index < len(fiches) else {}
        slots.append(
            FicheSlot(
                index=index,
                nature=fiche.get("nature", ""),
                parts=list(fiche.get("parts", [])),
                real_experience=bool(fiche.get("real_experience", False)),
                covers_pole=bool(fiche.get("covers_pole", True)),
                offer_annex_pages=fiche.get("offer_annex_pages", ""),
            )
        )
    return {
        "exam": exam,
        "content": content,
        "natures": list(catalogue["natures"].items()),
        "parts": list(catalogue.get("fiche_parts", {}).items()),
        "slots": slots,
        "doubts": DOUBTS,
    }


def _int(value: str, name: str, errors: list[str]) -> int | None:
    value = value.strip()
    if not value:
        return None
    pages = key_from(value)
    if pages is None:
        errors.append(f"{name} : « {value[:24]} » n'est pas un nombre de pages.")
    return pages


def dossier_content(exam: str, data: QueryDict) -> tuple[dict[str, Any], list[str]]:
    """The posted form as dossier content, and the French errors found."""
    errors: list[str] = []
    if exam == "EF2":
        return {"engagement_sheet": bool(data.get("engagement_sheet"))}, errors
    content: dict[str, Any] = {
        "deposited_on": data.get("deposited_on", "").strip() or None,
        "signed": bool(data.get("signed")),
        "exam_day_doubt": data.get("exam_day_doubt", ""),
        "plagiarism_suspected": bool(data.get("plagiarism_suspected")),
        "fiches": [],
    }
    for index in range(FICHE_SLOTS[exam]):
        nature = data.get(f"fiche-{index}-nature", "")
        if not nature:
            continue
        fiche: dict[str, Any] = {
            "nature": nature,
            "covers_pole": bool(data.get(f"fiche-{index}-covers_pole")),
        }
        if exam == "E4":
            fiche["parts"] = data.getlist(f"fiche-{index}-parts")
            pages = _int(data.get(f"fiche-{index}-offer_annex_pages", ""), "Annexe", errors)
            if pages is not None:
                fiche["offer_annex_pages"] = pages
        else:
            fiche["real_experience"] = bool(data.get(f"fiche-{index}-real_experience"))
        content["fiches"].append(fiche)
    if exam == "E6":
        content["formal_rules_respected"] = bool(data.get("formal_rules_respected"))
        for key, label in (
            ("professional_dossier_pages", "Dossier professionnel"),
            ("reflective_study_pages", "Étude réflexive"),
        ):
            pages = _int(data.get(key, ""), label, errors)
            if pages is not None:
                content[key] = pages
    return content, errors
