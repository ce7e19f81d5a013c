"""The default evaluation grids, built from the référentiel for an épreuve's version, and the
grid in force for a session (DEC D111).

The définition des épreuves says, for E4, E5 and E6 (« 3. Critères d'évaluation »), that the
criteria are the référentiel's performance criteria of the épreuve's competence block;
`data/grids.yaml` only says which competences each phase (one-off form) or situation (CCF)
evaluates, so that every criterion is written once, in the référentiel. In CCF, E4 has one
grid a situation (completed « à l'issue de la situation »), E6 one grid for its two situations
(« À l'issue des deux situations d'évaluation, la commission complète la grille »). EF2's
criteria come from its definition (A2023) and the content of the exposé (C2022 §1.14).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from ndrc.rules.citation import Citation, cite
from ndrc.rules.data_files import load_yaml
from ndrc.rules.errors import NoRuleInForce, RegulationDataError
from ndrc.rules.exam_days import exam_day_rules
from ndrc.rules.grids.ccf import situation_letters
from ndrc.rules.referential import referential
from ndrc.rules.regulation import Form, Regulation, regulation_for_session

GridKey = tuple[str, str, str]  # (épreuve or part, form, situation: "" for a one-off grid)


@dataclass(frozen=True)
class Level:
    code: str
    label: str


@dataclass(frozen=True)
class Criterion:
    code: str
    text: str


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    criteria: tuple[Criterion, ...]
    note: str = ""


@dataclass(frozen=True)
class Grid:
    """One grid: what the examiner fills for one candidate in one épreuve (and situation)."""

    exam: str
    form: Form
    situation: str
    title: str
    sections: tuple[Section, ...]
    levels: tuple[Level, ...]
    not_assessed: Level
    citation: Citation
    source: str = "default"  # « default » (built from the référentiel) or « circular »
    communicable: bool = False  # the only document communicable on appeal (EF2's fiche)
    defects_citation: Citation | None = None
    # Composition defect (`data/dossiers.yaml` code) → the most points its penalty may take
    # away, where the circular's grid says it; none in the default grids.
    penalty_limits: dict[str, Decimal] = field(default_factory=dict)

    @property
    def key(self) -> GridKey:
        return (self.exam, self.form.value, self.situation)

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for s in self.sections for c in s.criteria)

    @property
    def level_codes(self) -> tuple[str, ...]:
        return (*(level.code for level in self.levels), self.not_assessed.code)

    def level_label(self, code: str) -> str:
        for level in (*self.levels, self.not_assessed):
            if level.code == code:
                return level.label
        return ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "exam": self.exam,
            "form": self.form.value,
            "situation": self.situation,
            "title": self.title,
            "source": self.source,
            "communicable": self.communicable,
            "citation": self.citation.to_dict(),
            "levels": [{"code": v.code, "label": v.label} for v in self.levels],
            "not_assessed": {"code": self.not_assessed.code, "label": self.not_assessed.label},
            "sections": [
                {
                    "code": s.code,
                    "title": s.title,
                    "note": s.note,
                    "criteria": [{"code": c.code, "text": c.text} for c in s.criteria],
                }
                for s in self.sections
            ],
            "defects_citation": self.defects_citation.to_dict() if self.defects_citation else None,
            "penalty_limits": {k: str(v) for k, v in sorted(self.penalty_limits.items())},
        }


@cache
def _data() -> dict[str, Any]:
    raw = load_yaml("grids.yaml")
    if not isinstance(raw, dict):
        raise RegulationDataError("grids.yaml : contenu illisible.")
    return raw


def scale() -> tuple[tuple[Level, ...], Level, Citation]:
    raw = _data()["scale"]
    levels = tuple(Level(str(v["code"]), str(v["label"])) for v in raw["levels"])
    na = raw["not_assessed"]
    return levels, Level(str(na["code"]), str(na["label"])), cite(raw["cite"])


def _title(regulation: Regulation, exam: str) -> str:
    for entry in regulation.exams:
        if entry.code == exam:
            return f"{exam} · {entry.title}"
        for part in entry.parts:
            if part.code == exam:
                return f"{exam} · {entry.title} — {part.title}"
    raise RegulationDataError(f"grids.yaml : l'épreuve {exam} n'est pas dans {regulation.id}.")


def _phase_name(regulation: Regulation, exam: str, number: int) -> str:
    definition = regulation.exam(exam).one_off
    phases = definition.phases if definition else ()
    if not 1 <= number <= len(phases):
        raise RegulationDataError(f"grids.yaml : {exam} n'a pas de phase {number}.")
    phase = phases[number - 1]
    minutes = f" ({phase.duration} min)" if phase.duration else ""
    return f"Phase {number} · {phase.name}{minutes}"


def _sections(regulation: Regulation, exam: str, raw: list[dict[str, Any]]) -> tuple[Section, ...]:
    ref = referential()
    by_code = {c.code: c for b in ref.competence_blocks for c in b.competences}
    out: list[Section] = []
    for index, entry in enumerate(raw, start=1):
        phase = entry.get("phase")
        prefix = f"{_phase_name(regulation, exam, int(phase))} — " if phase else ""
        note = str(entry.get("note", ""))
        for code in entry.get("competences", []):
            competence = by_code.get(str(code))
            if competence is None:
                raise RegulationDataError(f"grids.yaml : compétence inconnue {code}.")
            criteria = tuple(
                Criterion(f"{competence.code}.{n}", text)
                for n, text in enumerate(competence.all_criteria, start=1)
            )
            out.append(
                Section(
                    f"P{phase}-{competence.code}" if phase else competence.code,
                    f"{prefix}{competence.code} {competence.title}",
                    criteria,
                    note,
                )
            )
        if entry.get("criteria") or entry.get("from_definition"):
            texts = (
                list(regulation.exam(exam).criteria)
                if entry.get("from_definition")
                else [str(t) for t in entry["criteria"]]
            )
            if not texts:
                raise RegulationDataError(f"grids.yaml : {exam} sans critères dans sa définition.")
            code = f"S{index}"
            out.append(
                Section(
                    code,
                    str(entry.get("title", "")),
                    tuple(Criterion(f"{code}.{n}", t) for n, t in enumerate(texts, start=1)),
                    note,
                )
            )
    return tuple(out)


def _grid(
    regulation: Regulation,
    exam: str,
    form: Form,
    situation: str,
    spec: dict[str, Any],
    raw: list[dict[str, Any]],
    exam_raw: dict[str, Any],
) -> Grid:
    levels, not_assessed, _cite = scale()
    title = _title(regulation, exam)
    if form is Form.CCF:
        letters = situation_letters(regulation, exam)
        label = (
            f"situation {situation}"
            if situation
            else f"situations {' et '.join(letters)}"
            if len(letters) > 1
            else "situation d'évaluation"
        )
        title = f"{title} — CCF, {label}"
    else:
        title = f"{title} — forme ponctuelle"
    defects = exam_raw.get("defects_cite")
    return Grid(
        exam=exam,
        form=form,
        situation=situation,
        title=title,
        sections=_sections(regulation, exam, raw),
        levels=levels,
        not_assessed=not_assessed,
        citation=cite(spec["cite"]),
        communicable=bool(spec.get("communicable", False)),
        defects_citation=cite(defects) if defects else None,
    )


@cache
def default_grids(session: int) -> dict[GridKey, Grid]:
    """Every default grid of the regulation in force for the session (an error where none
    is in force)."""
    regulation = regulation_for_session(session)
    specs = _data()["regulations"].get(regulation.id)
    if specs is None:
        raise NoRuleInForce(
            f"Aucune grille d'évaluation n'est définie pour le règlement {regulation.id} "
            f"(session {session})."
        )
    out: dict[GridKey, Grid] = {}
    for exam, exam_raw in specs.items():
        parent = "E5" if exam == "E5P" else exam
        if not regulation.has_exam(parent, session):
            continue
        one_off = exam_raw.get("one_off")
        if one_off:
            grid = _grid(regulation, exam, Form.ONE_OFF, "", one_off, one_off["sections"], exam_raw)
            out[grid.key] = grid
        ccf = exam_raw.get("ccf")
        if ccf:
            for situation, entry in ccf["situations"].items():
                raw = entry.get("sections") or [{"competences": entry["competences"]}]
                grid = _grid(regulation, exam, Form.CCF, str(situation), ccf, raw, exam_raw)
                out[grid.key] = grid
    return out


def graded_on_grid(session: int) -> tuple[str, ...]:
    """The épreuves (or parts) of the session an examiner grades on a grid."""
    return tuple(sorted({key[0] for key in default_grids(session)}))


def grid_in_force(
    *, session: int, exam: str, form: Form, situation: str = "", loaded: Grid | None = None
) -> Grid:
    """The grid of a session for an épreuve, form and situation: the national circular's
    one where it was loaded for the session, the default otherwise; an error where the
    épreuve has no grid."""
    if loaded is not None:
        if loaded.key != (exam, form.value, situation):
            raise RegulationDataError("La grille chargée ne correspond pas à cette épreuve.")
        return loaded
    grid = default_grids(session).get((exam, form.value, situation))
    if grid is None:
        where = f", situation {situation}" if situation else ""
        raise NoRuleInForce(
            f"Aucune grille d'évaluation pour {exam} ({form.label_fr.lower()}{where}) "
            f"à la session {session}."
        )
    return grid


def grid_from_dict(raw: dict[str, Any]) -> Grid:
    """A grid from its ``to_dict`` (the snapshot a filled grid keeps)."""
    citation = raw["citation"]
    defects = raw.get("defects_citation")
    return Grid(
        exam=str(raw["exam"]),
        form=Form(raw["form"]),
        situation=str(raw.get("situation", "")),
        title=str(raw["title"]),
        sections=tuple(
            Section(
                str(s["code"]),
                str(s["title"]),
                tuple(Criterion(str(c["code"]), str(c["text"])) for c in s["criteria"]),
                str(s.get("note", "")),
            )
            for s in raw["sections"]
        ),
        levels=tuple(Level(str(v["code"]), str(v["label"])) for v in raw["levels"]),
        not_assessed=Level(str(raw["not_assessed"]["code"]), str(raw["not_assessed"]["label"])),
        citation=cite(f"{citation['source']} {citation['location']}"),
        source=str(raw.get("source", "default")),
        communicable=bool(raw.get("communicable", False)),
        defects_citation=(cite(f"{defects['source']} {defects['location']}") if defects else None),
        penalty_limits={str(k): Decimal(str(v)) for k, v in raw.get("penalty_limits", {}).items()},
    )


def commission_seats(*, session: int, exam: str, form: Form) -> int:
    """The members who sign a one-off grid: the seats of the épreuve's commission (E4, E6 and
    EF2: a teacher and a professional; the E5 practical: one examiner, `data/exam_days.yaml`);
    a CCF grid is signed by the centre's commission, through its account (one)."""
    if form is Form.CCF:
        return 1
    rule = exam_day_rules(regulation_for_session(session).id).get(exam)
    if rule is None:
        raise NoRuleInForce(f"Aucune commission définie pour {exam} à la session {session}.")
    return len(rule.seats)
