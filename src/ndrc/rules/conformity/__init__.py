"""Conformity of a candidate's dossiers (E4, E6, EF2) and the checklist of what is done,
missing and due — weeks before the orals.

- A cause of non-conformity (not deposited, late, internship or experience too short,
  attestation missing, documents not signed) gives **NV**: the candidate is not examined and
  cannot be awarded the diploma.
- A composition defect is passed to the evaluation grid as a penalty: the candidate is examined.
- A doubt on the exam day gives a **reserved** grade until verification, then confirmed or NV.
- From 2024, plagiarism is fraud.

Modules:

- ``model``: the inputs, outcomes, checklist items and report;
- ``dossiers``: the dossiers' rules of the data (deposit, signatures, composition defects);
- ``check``: the check of one candidate.
"""

from ndrc.rules.conformity.check import check_conformity
from ndrc.rules.conformity.dossiers import dossier_catalogue
from ndrc.rules.conformity.model import (
    ChecklistItem,
    ConformityInput,
    ConformityReport,
    DossierInput,
    DossierOutcome,
    Fiche,
    ItemStatus,
    Outcome,
)

__all__ = [
    "ChecklistItem",
    "ConformityInput",
    "ConformityReport",
    "DossierInput",
    "DossierOutcome",
    "Fiche",
    "ItemStatus",
    "Outcome",
    "check_conformity",
    "dossier_catalogue",
]
