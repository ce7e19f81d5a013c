"""Correspondence between the units of the former BTS NRC and the BTS NDRC (annexe IV)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ndrc.rules.citation import Citation, cite
from ndrc.rules.data_files import load_yaml


@dataclass(frozen=True)
class CorrespondenceRow:
    nrc_units: tuple[str, ...]
    nrc_titles: tuple[str, ...]
    ndrc_unit: str
    ndrc_exam: str
    ndrc_title: str
    note: str
    citation: Citation


@cache
def correspondence_rows() -> tuple[CorrespondenceRow, ...]:
    raw = load_yaml("correspondence.yaml")
    citation = cite(raw["cite"])
    return tuple(
        CorrespondenceRow(
            nrc_units=tuple(str(n["unit"]) for n in row["nrc"]),
            nrc_titles=tuple(f"{n['exam']} {n['title']}" for n in row["nrc"]),
            ndrc_unit=str(row["ndrc"]["unit"]),
            ndrc_exam=str(row["ndrc"]["exam"]),
            ndrc_title=str(row["ndrc"]["title"]),
            note=str(row.get("note", "")),
            citation=citation,
        )
        for row in raw["rows"]
    )


def ndrc_units_from_nrc(held: set[str]) -> dict[str, CorrespondenceRow]:
    """NDRC units covered by the NRC units held: every NRC unit of a row must be held."""
    return {row.ndrc_unit: row for row in correspondence_rows() if set(row.nrc_units) <= held}


def incomplete_rows(held: set[str]) -> list[CorrespondenceRow]:
    """Rows of which some, but not all, NRC units are held (E31 without E32, say)."""
    return [
        row
        for row in correspondence_rows()
        if set(row.nrc_units) & held and not set(row.nrc_units) <= held
    ]
