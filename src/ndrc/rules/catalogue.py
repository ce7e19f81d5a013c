"""The regulation's lists in one catalogue, derived from the data (nothing listed here).

- the épreuves of every regulation version, in the order of the règlement, and their parts
  (``regulations/*.yaml``);
- the codes a grade may be stored for (each épreuve followed by its parts, the order of the
  results files) and the codes a grade is entered for (the parts instead of the épreuve they
  compose);
- the épreuves with a dossier (the définitions des épreuves);
- the units of the former BTS NRC that annexe IV maps (``correspondence.yaml``);
- the grade scale, with its citation (``diploma.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ndrc.rules.citation import Citation, cite
from ndrc.rules.correspondence import correspondence_rows
from ndrc.rules.data_files import load_yaml
from ndrc.rules.errors import RegulationDataError
from ndrc.rules.regulation import all_regulations


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
    grade_scale_citation: Citation
    exam_parts: tuple[tuple[str, tuple[str, ...]], ...]  # each épreuve with its parts

    @property
    def grade_quantum(self) -> Decimal:
        """The smallest step of a grade (0.01 for two decimals)."""
        return Decimal(1).scaleb(-self.grade_places)

    def parts_of(self, code: str) -> tuple[str, ...]:
        """The parts an épreuve is made of (E5 → E5W, E5P); none for the others."""
        for exam, parts in self.exam_parts:
            if exam == code:
                return parts
        raise KeyError(f"Épreuve inconnue : {code}.")

    def exam_of(self, code: str) -> str:
        """The épreuve a grade code belongs to: itself, or the épreuve a part composes."""
        for exam, parts in self.exam_parts:
            if code == exam or code in parts:
                return exam
        raise KeyError(f"Code d'épreuve inconnu : {code}.")


def _union(groups: list[tuple[str, ...]]) -> tuple[str, ...]:
    """Codes in their order of first appearance."""
    seen: dict[str, None] = {}
    for group in groups:
        seen.update(dict.fromkeys(group))
    return tuple(seen)


@cache
def catalogue() -> Catalogue:
    regulations = all_regulations()
    exam_codes = _union([tuple(e.code for e in r.exams) for r in regulations])
    parts: dict[str, tuple[str, ...]] = {}
    for regulation in regulations:
        for exam in regulation.exams:
            codes = tuple(p.code for p in exam.parts)
            if parts.setdefault(exam.code, codes) != codes:
                raise RegulationDataError(f"{exam.code} : parties différentes selon le règlement.")
    dossier_exams = _union(
        [tuple(e.code for e in r.exams if e.dossier is not None) for r in regulations]
    )
    scale = load_yaml("diploma.yaml")["grade_scale"]
    return Catalogue(
        exam_codes=exam_codes,
        part_codes=_union([parts[code] for code in exam_codes]),
        grade_codes=_union([(code, *parts[code]) for code in exam_codes]),
        entry_codes=_union([parts[code] or (code,) for code in exam_codes]),
        dossier_exams=tuple(code for code in exam_codes if code in dossier_exams),
        nrc_units=_union([row.nrc_units for row in correspondence_rows()]),
        max_grade=Decimal(str(scale["max"])),
        grade_places=int(scale["places"]),
        grade_scale_citation=cite(scale["cite"]),
        exam_parts=tuple((code, parts[code]) for code in exam_codes),
    )


@dataclass(frozen=True)
class LanguagesOffered:
    """The foreign languages a candidate may choose at a session: for E2 (LV1) and for EF1,
    each list with its citation (``languages.yaml``)."""

    lv1: tuple[str, ...]
    ef1: tuple[str, ...]
    lv1_citation: Citation
    ef1_citation: Citation


@cache
def languages_offered(session: int) -> LanguagesOffered:
    """The languages offered at a session: for each list, the values of the latest ``from``
    not after the session."""
    raw = load_yaml("languages.yaml")

    def offered(key: str) -> tuple[str, ...]:
        values = [v for v in raw[key]["values"] if int(v["from"]) <= session]
        if not values:
            raise RegulationDataError(f"Aucune liste de langues pour la session {session}.")
        latest = max(values, key=lambda v: int(v["from"]))
        return tuple(str(language) for language in latest["value"])

    return LanguagesOffered(
        lv1=offered("lv1"),
        ef1=offered("ef1"),
        lv1_citation=cite(raw["lv1"]["cite"]),
        ef1_citation=cite(raw["ef1"]["cite"]),
    )
