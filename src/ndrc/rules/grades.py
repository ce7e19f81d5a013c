"""Grades are explicit states, never a number standing for something else.

A grade on the scale of the diploma (on 20, two decimals at most: ``catalogue().max_grade``
and ``grade_places``) is kept as a ``Decimal``. Absences, NV, reserved grades, exemptions,
carried-over grades, VAE and optional exams not sat are states of their own; none of them is
stored as 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from ndrc.rules.catalogue import catalogue
from ndrc.rules.errors import InvalidCandidate


class GradeState(StrEnum):
    GRADE = "grade"
    ABSENT = "absent"
    ABSENT_FORCE_MAJEURE = "absent_force_majeure"
    NOT_VALID = "nv"
    RESERVED = "reserved"
    EXEMPTED = "exempted"
    CARRIED_OVER = "carried_over"
    VAE = "vae"
    NOT_SAT = "not_sat"
    MISSING = "missing"

    @property
    def label_fr(self) -> str:
        return _LABELS[self]


_LABELS = {
    GradeState.GRADE: "note",
    GradeState.ABSENT: "absent (non justifié)",
    GradeState.ABSENT_FORCE_MAJEURE: "absent pour force majeure",
    GradeState.NOT_VALID: "NV (non valide)",
    GradeState.RESERVED: "note réservée",
    GradeState.EXEMPTED: "dispensé",
    GradeState.CARRIED_OVER: "note conservée (bénéfice)",
    GradeState.VAE: "validé par la VAE",
    GradeState.NOT_SAT: "non présenté",
    GradeState.MISSING: "note manquante",
}

# The short token written for each state in CSV and XLSX files (a grade is written as its
# number, a carried-over grade as BEN:note:session).
_WRITTEN_TOKENS = {
    GradeState.ABSENT: "ABS",
    GradeState.ABSENT_FORCE_MAJEURE: "FM",
    GradeState.NOT_VALID: "NV",
    GradeState.RESERVED: "RES",
    GradeState.EXEMPTED: "DISP",
    GradeState.VAE: "VAE",
    GradeState.NOT_SAT: "NP",
    GradeState.MISSING: "",
}
# Tokens read: the written ones and the aliases (ABJ, absence justifiée, reads as FM).
TOKENS = {token: state for state, token in _WRITTEN_TOKENS.items()} | {
    "ABJ": GradeState.ABSENT_FORCE_MAJEURE
}


def token_for(state: GradeState) -> str:
    """The token written for a state (the inverse of ``TOKENS``, aliases aside)."""
    try:
        return _WRITTEN_TOKENS[state]
    except KeyError:
        raise ValueError(f"L'état « {state.label_fr} » s'écrit par sa note, pas un code.") from None


# A grade as typed: ASCII digits, then at most one decimal comma or point followed by digits
# (« 12 », « 12,5 », « 12.25 »). Nothing else is a grade: not « 1e1 », « NaN », « Infinity »,
# « 12,5,3 », « +12 », nor digits of other scripts (« １２ », « ١٢ »), which Python's Decimal
# and int would otherwise read. Blanks around the cell (ASCII spaces, tabs) are not part of it.
_TYPED_GRADE = re.compile(r"[0-9]{1,4}(?:[.,][0-9]{1,6})?")
_BLANKS = " \t\r\n"
# A session year as typed in « BEN:note:session »: ASCII digits, four at most (a year out of
# range is then refused by the rule of kept grades, ``grade_basis``, with its reason).
_TYPED_YEAR = re.compile(r"[0-9]{1,4}")
_SHOWN = 24  # characters of a refused text quoted back in a message


def shown(raw: Any) -> str:
    """What was typed, quoted back in a message (cut when long, control characters made
    visible)."""
    text = str(raw)
    cut = text[:_SHOWN] + ("…" if len(text) > _SHOWN else "")
    return "".join(c if c.isprintable() else "\ufffd" for c in cut)


def parse_value(raw: Any, where: str) -> Decimal:
    """A grade on the scale: a number from 0 to 20 with at most two decimals. Text is read
    only as ASCII digits with one decimal comma or point (``_TYPED_GRADE``); a number of a
    JSON document or a spreadsheet cell (int, float, Decimal) is read as such. This is the
    one reading of a grade's value: entry page, import files, jury changes, resits, API,
    command line."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float, Decimal)):
        raise InvalidCandidate(f"{where} : « {shown(raw)} » n'est pas une note.")
    if isinstance(raw, str):
        text = raw.strip(_BLANKS)
        if not _TYPED_GRADE.fullmatch(text):
            raise InvalidCandidate(
                f"{where} : « {shown(raw)} » n'est pas une note. Une note s'écrit avec les "
                "chiffres de 0 à 9 et au plus une virgule ou un point (12 ou 12,5)."
            )
        value = Decimal(text.replace(",", "."))
    else:
        try:
            value = Decimal(str(raw)) if isinstance(raw, float) else Decimal(raw)
        except InvalidOperation:  # pragma: no cover - str(float) is always a number
            raise InvalidCandidate(f"{where} : « {shown(raw)} » n'est pas une note.") from None
    scale = catalogue()
    if not value.is_finite() or value < 0 or value > scale.max_grade:
        raise InvalidCandidate(
            f"{where} : la note {shown(raw)} doit être comprise entre 0 et {scale.max_grade}."
        )
    if value != value.quantize(scale.grade_quantum):
        raise InvalidCandidate(f"{where} : la note {shown(raw)} a plus de deux décimales.")
    return value


def parse_session_year(raw: str, where: str) -> int:
    """The session of a kept grade as typed after « BEN:note: »: a year in ASCII digits."""
    text = raw.strip(_BLANKS)
    if not _TYPED_YEAR.fullmatch(text):
        raise InvalidCandidate(
            f"{where} : session « {shown(raw)} » illisible dans BEN:note:session (une année "
            "en chiffres, ex. BEN:13:2022)."
        )
    return int(text)


@dataclass(frozen=True)
class CarriedOver:
    """Where a kept grade comes from."""

    session: int
    regulation: str = ""
    origin: str = "ndrc"  # "ndrc" or "nrc" (annexe IV)


@dataclass(frozen=True, slots=True)
class Grade:
    state: GradeState
    value: Decimal | None = None
    carried: CarriedOver | None = None
    ccf: bool = False  # a CCF grade is a proposal the jury may change

    def __post_init__(self) -> None:
        needs_value = self.state in (GradeState.GRADE, GradeState.CARRIED_OVER)
        if needs_value and self.value is None:
            raise InvalidCandidate(f"État « {self.state.label_fr} » sans note.")
        if not needs_value and self.value is not None and self.state is not GradeState.RESERVED:
            raise InvalidCandidate(f"État « {self.state.label_fr} » : pas de note attendue.")
        if self.state is GradeState.CARRIED_OVER and self.carried is None:
            raise InvalidCandidate("Une note conservée indique sa session d'obtention.")

    def label_fr(self) -> str:
        if self.value is not None and self.state is GradeState.GRADE:
            return format_grade(self.value)
        if self.state is GradeState.CARRIED_OVER and self.value is not None and self.carried:
            return f"{format_grade(self.value)} (bénéfice {self.carried.session})"
        return self.state.label_fr


MISSING = Grade(GradeState.MISSING)


# Grades written, by their text (a few hundred distinct grades written many times over;
# bounded cache).
_WRITTEN: dict[str, str] = {}
_MAX_WRITTEN = 65536


def format_grade(value: Decimal) -> str:
    """Display only: the grade's two decimals, French decimal comma."""
    key = str(value)
    text = _WRITTEN.get(key)
    if text is None:
        if len(_WRITTEN) >= _MAX_WRITTEN:
            _WRITTEN.clear()
        text = _WRITTEN[key] = f"{value.quantize(catalogue().grade_quantum)}".replace(".", ",")
    return text


def grade_from_data(raw: Any, where: str) -> Grade:
    """A grade from JSON (a number, a token, or an object with a state)."""
    if raw is None:
        return MISSING
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        return Grade(GradeState.GRADE, parse_value(raw, where))
    if isinstance(raw, str):
        return grade_from_token(raw, where)
    if not isinstance(raw, dict):
        raise InvalidCandidate(f"{where} : note illisible ({raw!r}).")
    try:
        state = GradeState(raw.get("state", "grade"))
    except ValueError:
        allowed = ", ".join(s.value for s in GradeState)
        raise InvalidCandidate(
            f"{where} : état inconnu « {raw.get('state')} » ({allowed})."
        ) from None
    value = raw.get("value")
    carried = None
    if state is GradeState.CARRIED_OVER:
        if "session" not in raw:
            raise InvalidCandidate(f"{where} : une note conservée indique sa session.")
        year = raw["session"]
        carried = CarriedOver(
            session=year
            if isinstance(year, int) and not isinstance(year, bool)
            else parse_session_year(str(year), where),
            regulation=str(raw.get("regulation", "")),
            origin=str(raw.get("origin", "ndrc")),
        )
    return Grade(
        state=state,
        value=None if value is None else parse_value(value, where),
        carried=carried,
        ccf=bool(raw.get("ccf", False)),
    )


def grade_from_token(token: str, where: str) -> Grade:
    """A grade from a CSV cell: ``12,5``, ``ABS``, ``FM``, ``NV``, ``RES``, ``DISP``, ``VAE``,
    ``NP``, ``BEN:13:2022`` (a grade of 13 kept from session 2022), or empty (missing)."""
    text = token.strip()
    upper = text.upper()
    if upper in TOKENS:
        return Grade(TOKENS[upper])
    if upper.startswith("BEN:"):
        parts = text.split(":")
        if len(parts) != 3:
            raise InvalidCandidate(f"{where} : bénéfice attendu sous la forme BEN:note:session.")
        return Grade(
            GradeState.CARRIED_OVER,
            parse_value(parts[1], where),
            carried=CarriedOver(session=parse_session_year(parts[2], where)),
        )
    return Grade(GradeState.GRADE, parse_value(text, where))
