"""The subjects of ``data/subjects.yaml``: E4's fiche-sujet (its épreuve, the situation it
belongs to in each form, its text) and E5's practical subjects (the épreuve part, the CMS
of the bank, its text); and the balanced share of a bank's CMS among candidates."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from ndrc.rules.citation import Citation, cite
from ndrc.rules.data_files import load_yaml


@cache
def subjects_data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("subjects.yaml")
    return data


def sheet_exam() -> str:
    """The épreuve whose commission writes a fiche-sujet per candidate (E4)."""
    return str(subjects_data()["subject_sheet"]["exam"])


def sheet_situation(form: str) -> str | None:
    """The situation the fiche-sujet belongs to in this form ("" for the one-off oral, B in
    CCF), None for a form that has none."""
    situations: dict[str, str] = subjects_data()["subject_sheet"]["situations"]
    value = situations.get(form)
    return None if value is None else str(value)


def sheet_citation() -> Citation:
    return cite(subjects_data()["subject_sheet"]["cite"])


def practical_exam() -> str:
    """The épreuve part whose subject is drawn from the session's bank (E5P)."""
    return str(subjects_data()["practical"]["exam"])


def practical_cms() -> dict[str, str]:
    """The CMS of the bank's subjects: code → French label."""
    return {str(k): str(v) for k, v in subjects_data()["practical"]["cms"].items()}


def practical_citation() -> Citation:
    return cite(subjects_data()["practical"]["cite"])


def cms_share(count: int, *, already: Sequence[str] = ()) -> list[str]:
    """The CMS of ``count`` more candidates, alternating the bank's CMS so that, counted with
    those ``already`` given, no CMS has more than one candidate over another (the bank has
    as many subjects of each: C2022 §1.12). The CMS the fewest have comes first; on a tie,
    the bank's order."""
    codes = list(practical_cms())
    counts = {code: sum(1 for c in already if c == code) for code in codes}
    out = []
    for _ in range(count):
        code = min(codes, key=lambda c: (counts[c], codes.index(c)))
        counts[code] += 1
        out.append(code)
    return out
