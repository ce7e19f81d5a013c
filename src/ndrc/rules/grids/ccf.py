"""The CCF situations of E4 and E6 (issue « 12 · Evaluation »): their letters (A, B, from the
regulation's définition of the CCF), the situations a grid records (E4: one grid a
situation; E6: one grid « à l'issue des deux situations d'évaluation »), the period a
situation's date lies in (`data/ccf_situations.yaml`: E4's situations during the two years of
the training, E6's during the final year) and what keeps a grid from being signed: for each
situation it records, no date, a date outside that period or after the signature, no
commission."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ndrc.rules.citation import Citation, cite
from ndrc.rules.data_files import load_yaml
from ndrc.rules.errors import RegulationDataError
from ndrc.rules.regulation import Regulation, regulation_for_session

_LETTER = re.compile(r"Situation ([A-Z])\b")


@dataclass(frozen=True)
class SituationWindow:
    """The first and last day a CCF situation of the épreuve may take place, and why."""

    first: dt.date
    last: dt.date
    citation: Citation

    def holds(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


@cache
def _data() -> dict[str, Any]:
    raw = load_yaml("ccf_situations.yaml")
    if not isinstance(raw, dict) or "regulations" not in raw or "school_year" not in raw:
        raise RegulationDataError("ccf_situations.yaml : contenu illisible.")
    return raw


def situation_window(session: int, exam: str) -> SituationWindow | None:
    """The period of the épreuve's CCF situations for the session (None: the épreuve has no
    CCF situations in the regulation in force)."""
    raw = _data()
    spec = raw["regulations"].get(regulation_for_session(session).id, {}).get(exam)
    if spec is None:
        return None
    starts, ends = raw["school_year"]["starts"], raw["school_year"]["ends"]
    return SituationWindow(
        first=dt.date(session - int(spec["years"]), int(starts["month"]), int(starts["day"])),
        last=dt.date(session, int(ends["month"]), int(ends["day"])),
        citation=cite(spec["cite"]),
    )


def situation_letters(regulation: Regulation, exam: str) -> tuple[str, ...]:
    """The letters of the épreuve's CCF situations as its définition names them (« Situation
    A : … », « Situation B : … »); () when its CCF has no lettered situations."""
    definition = regulation.exam(exam).ccf
    if definition is None:
        return ()
    letters = tuple(m.group(1) for s in definition.situations if (m := _LETTER.match(s.name)))
    if letters and len(letters) != len(definition.situations):
        raise RegulationDataError(f"{regulation.id} : situations de CCF de {exam} sans lettre.")
    return letters


def ccf_situations(session: int, exam: str) -> tuple[str, ...]:
    """The CCF situations of the épreuve whose date and commission the training centre
    records (E4, E6: A and B; () for an épreuve without a period in
    `data/ccf_situations.yaml`)."""
    if situation_window(session, exam) is None:
        return ()
    return situation_letters(regulation_for_session(session), exam)


def recorded_by(session: int, exam: str, grid_situation: str) -> tuple[str, ...]:
    """The CCF situations a grid records: its own situation (E4: « A l'issue de la situation,
    la commission complète la grille »), or, for the épreuve's one grid (situation ""), every
    situation (E6: « À l'issue des deux situations d'évaluation, la commission complète la
    grille »)."""
    situations = ccf_situations(session, exam)
    if grid_situation:
        return (grid_situation,) if grid_situation in situations else ()
    return situations


def situation_problems(
    *,
    session: int,
    exam: str,
    situation: str,
    day: dt.date | None,
    commission: str,
    signed_on: dt.date,
) -> list[str]:
    """Every reason the situation's grid cannot be signed on ``signed_on`` ([] when it can):
    its date (required, within the period, not after the signature) and its commission."""
    window = situation_window(session, exam)
    if window is None:
        return []
    reasons = []
    if day is None:
        reasons.append(f"Indiquez la date de la situation {situation}.")
    elif day > signed_on:
        reasons.append(
            f"La situation {situation} est datée du {day:%d/%m/%Y}, après la signature : une "
            "grille se signe à l'issue de la situation."
        )
    elif not window.holds(day):
        reasons.append(
            f"La date de la situation {situation} ({day:%d/%m/%Y}) n'est pas comprise entre le "
            f"{window.first:%d/%m/%Y} et le {window.last:%d/%m/%Y} ({window.citation.short})."
        )
    if not commission.strip():
        reasons.append(f"Indiquez les membres de la commission de la situation {situation}.")
    return reasons
