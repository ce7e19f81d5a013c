"""(Interim, replaced by the catalogue read from the YAML on branch rules-engine.)"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache


@dataclass(frozen=True)
class Catalogue:
    exam_codes: tuple[str, ...]
    part_codes: tuple[str, ...]
    grade_codes: tuple[str, ...]
    entry_codes: tuple[str, ...]
    dossier_exams: tuple[str, ...]
    nrc_units: tuple[str, ...]
    max_grade: Decimal
    grade_places: int

    def exam_of(self, code: str) -> str:
        return "E5" if code in self.part_codes else code

    def parts_of(self, code: str) -> tuple[str, ...]:
        return self.part_codes if code == "E5" else ()


@cache
def catalogue() -> Catalogue:
    return Catalogue(
        exam_codes=("E1", "E2", "E3", "E4", "E5", "E6", "EF1", "EF2"),
        part_codes=("E5W", "E5P"),
        grade_codes=("E1", "E2", "E3", "E4", "E5", "E5W", "E5P", "E6", "EF1", "EF2"),
        entry_codes=("E1", "E2", "E3", "E4", "E5W", "E5P", "E6", "EF1", "EF2"),
        dossier_exams=("E4", "E6", "EF2"),
        nrc_units=("U1", "U2", "U31", "U32", "U4", "U5", "U6", "UF1"),
        max_grade=Decimal(20),
        grade_places=2,
    )
