"""The dossiers' rules of ``data/dossiers.yaml``: which épreuves have a deposited dossier,
its deposit and signatures, and the composition defects of E4 and E6 (penalised in the grid,
never a cause of NV: DEC D24)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from ndrc.rules.catalogue import catalogue
from ndrc.rules.citation import Citation, cite
from ndrc.rules.conformity.model import (
    ChecklistItem,
    ConformityInput,
    DossierInput,
    ItemStatus,
)
from ndrc.rules.data_files import load_yaml


@cache
def dossier_data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("dossiers.yaml")
    return data


def dossier_catalogue(exam: str) -> dict[str, Any]:
    """What a dossier of this épreuve is made of (fiche natures and parts, page limits), as
    encoded from the texts; for the forms that describe a deposited dossier."""
    exams: dict[str, Any] = dossier_data()["exams"]
    return dict(exams[exam])


def conformity_citation(regulation_id: str) -> Citation:
    return cite(dossier_data()["conformity_cite"][regulation_id])


def deposited_dossiers(deposit: bool) -> tuple[str, ...]:
    """The épreuves whose dossier is deposited with the internship attestations (E4, E6), or
    the others (EF2 and its engagement sheet)."""
    specs = dossier_data()["exams"]
    return tuple(code for code in catalogue().dossier_exams if specs[code]["deposit"] is deposit)


def deposit_items(
    exam: str,
    dossier: DossierInput | None,
    data: ConformityInput,
    as_of: dt.date | None,
    citation: Citation,
    causes: list[str],
    items: list[ChecklistItem],
) -> bool:
    """Checklist items of the deposit; True when the dossier is still awaited."""
    texts = dossier_data()["nv_causes"]
    deadline = data.deadline
    if dossier is None or dossier.deposited_on is None:
        if deadline is not None and as_of is not None and as_of <= deadline:
            items.append(
                ChecklistItem(exam, "Dépôt du dossier", ItemStatus.DUE, citation, due=deadline)
            )
            return True
        causes.append(texts["not_deposited"])
        items.append(ChecklistItem(exam, "Dépôt du dossier", ItemStatus.MISSING, citation))
        return False
    if deadline is not None and dossier.deposited_on > deadline:
        causes.append(texts["late"])
        items.append(
            ChecklistItem(
                exam,
                "Dépôt du dossier",
                ItemStatus.MISSING,
                citation,
                detail=f"déposé le {dossier.deposited_on:%d/%m/%Y}, après le {deadline:%d/%m/%Y}",
            )
        )
    else:
        items.append(
            ChecklistItem(
                exam,
                "Dépôt du dossier",
                ItemStatus.DONE,
                citation,
                detail=f"déposé le {dossier.deposited_on:%d/%m/%Y}",
            )
        )
    if dossier.signed:
        items.append(ChecklistItem(exam, "Documents visés et signés", ItemStatus.DONE, citation))
    else:
        causes.append(texts["not_signed"])
        items.append(ChecklistItem(exam, "Documents visés et signés", ItemStatus.MISSING, citation))
    return False


def e4_defects(
    dossier: DossierInput, session: int, items: list[ChecklistItem]
) -> tuple[list[str], list[Citation]]:
    spec = dossier_data()["exams"]["E4"]
    defects: list[str] = []
    citations: list[Citation] = []

    def defect(code: str, detail: str = "") -> None:
        entry = spec["defects"][code]
        defects.append(entry["text"] + (f" ({detail})" if detail else ""))
        citations.append(cite(entry["cite"]))

    natures = [f.nature for f in dossier.fiches]
    for nature, label in spec["natures"].items():
        present = nature in natures
        items.append(
            ChecklistItem(
                "E4",
                f"Fiche : {label}",
                ItemStatus.DONE if present else ItemStatus.MISSING,
                cite(spec["defects"]["missing_fiche"]["cite"]),
            )
        )
    if len(natures) > len(set(natures)):
        defect("same_nature")
    required = len(spec["natures"])  # one fiche of each nature
    if len(set(natures) & set(spec["natures"])) < required and len(set(natures)) == len(natures):
        defect("missing_fiche")
    if any(not f.covers_pole for f in dossier.fiches):
        defect("not_covering_pole")
    parts = spec["fiche_parts"]
    for fiche in dossier.fiches:
        missing = [parts[p] for p in parts if p not in fiche.parts]
        if missing:
            defect(
                "missing_part",
                f"{spec['natures'].get(fiche.nature, fiche.nature)} : " + ", ".join(missing),
            )
    annex = spec["offer_annex"]
    if session >= int(annex["from_session"]):
        for fiche in dossier.fiches:
            label = spec["natures"].get(fiche.nature, fiche.nature)
            if fiche.offer_annex_pages is None:
                defect("missing_offer_annex", label)
                status = ItemStatus.MISSING
            elif fiche.offer_annex_pages > int(annex["max_pages"]):
                defect("offer_annex_too_long", f"{label} : {fiche.offer_annex_pages} pages")
                status = ItemStatus.WARNING
            else:
                status = ItemStatus.DONE
            items.append(
                ChecklistItem(
                    "E4", f"Annexe de l'offre commerciale ({label})", status, cite(annex["cite"])
                )
            )
    return defects, citations


def e6_defects(
    dossier: DossierInput,
    session: int,
    professional_allowed: bool,
    items: list[ChecklistItem],
) -> tuple[list[str], list[Citation]]:
    spec = dossier_data()["exams"]["E6"]
    defects: list[str] = []
    citations: list[Citation] = []

    def defect(code: str, detail: str = "") -> None:
        entry = spec["defects"][code]
        defects.append(entry["text"] + (f" ({detail})" if detail else ""))
        citations.append(cite(entry["cite"]))

    uses_professional = professional_allowed and dossier.professional_dossier_pages is not None
    if uses_professional:
        pages = dossier.professional_dossier_pages or 0
        limit = int(spec["professional_dossier_max_pages"])
        items.append(
            ChecklistItem(
                "E6",
                "Dossier professionnel (activités réseau du pôle 3)",
                ItemStatus.DONE if pages <= limit else ItemStatus.WARNING,
                cite(spec["defects"]["volume"]["cite"]),
                detail=f"{pages} pages (une dizaine au maximum)",
            )
        )
        if pages > limit:
            defect("volume", f"dossier professionnel de {pages} pages")
    else:
        natures = [f.nature for f in dossier.fiches]
        for nature, label in spec["natures"].items():
            items.append(
                ChecklistItem(
                    "E6",
                    f"Fiche : {label}",
                    ItemStatus.DONE if nature in natures else ItemStatus.MISSING,
                    cite(spec["defects"]["missing_fiches"]["cite"]),
                )
            )
        distinct = set(natures) & set(spec["natures"])
        required = len(spec["natures"])  # one fiche of each network type
        if len(natures) > len(set(natures)):
            defect("same_nature")
        if len(distinct) < required:
            defect("missing_fiches", f"{len(distinct)} type(s) de réseau sur {required}")
        if any(not f.covers_pole for f in dossier.fiches):
            defect("not_covering_pole")
        if dossier.fiches and not any(f.real_experience for f in dossier.fiches):
            defect("no_real_experience")
    study = spec["reflective_study"]
    if session <= int(study["until_session"]):
        study_pages = dossier.reflective_study_pages
        if study_pages is None:
            defect("missing_reflective_study")
            status = ItemStatus.MISSING
        elif study_pages > int(study["max_pages"]):
            defect("volume", f"étude réflexive de {study_pages} pages")
            status = ItemStatus.WARNING
        else:
            status = ItemStatus.DONE
        items.append(ChecklistItem("E6", "Étude réflexive réseau", status, cite(study["cite"])))
    if not dossier.formal_rules_respected:
        defect("volume")
    return defects, citations
