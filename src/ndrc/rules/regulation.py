"""The règlement d'examen and the définition des épreuves, as versioned, cited data.

Each version (``data/regulations/*.yaml``) says which sessions it governs. Asking for a
session that no version governs, or that two versions govern, raises an error: there is no
default regulation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from ndrc.rules.citation import Citation, cite
from ndrc.rules.data_files import list_data, load_yaml
from ndrc.rules.errors import AmbiguousRule, NoRuleInForce, RegulationDataError


class Form(StrEnum):
    """Forme d'une épreuve."""

    CCF = "ccf"
    ONE_OFF = "one_off"

    @property
    def label_fr(self) -> str:
        return {"ccf": "CCF", "one_off": "Ponctuelle"}[self.value]


class Modality(StrEnum):
    WRITTEN = "written"
    ORAL = "oral"
    PRACTICAL = "practical"

    @property
    def label_fr(self) -> str:
        return {"written": "écrite", "oral": "orale", "practical": "pratique"}[self.value]


class ExamCategory(StrEnum):
    GENERAL = "general"
    PROFESSIONAL = "professional"
    OPTIONAL = "optional"

    @property
    def label_fr(self) -> str:
        return {
            "general": "Épreuve générale",
            "professional": "Épreuve professionnelle",
            "optional": "Épreuve facultative",
        }[self.value]


@dataclass(frozen=True)
class Timed:
    """A situation or an oral phase: a name and its (maximum) durations in minutes."""

    name: str
    duration: int | None = None
    preparation: int | None = None
    detail: str = ""


@dataclass(frozen=True)
class Part:
    """A part of an épreuve marked on its own (E5: written and practical)."""

    code: str
    title: str
    modality: Modality
    duration: int
    coefficient: int
    commission: str
    citation: Citation
    preparation: int | None = None


@dataclass(frozen=True)
class Cell:
    """One cell of the règlement's table: an épreuve for one column of candidates."""

    form: Form
    modality: Modality | None = None
    duration: int | None = None
    preparation: int | None = None
    preparation_place: str = ""
    situations: int | None = None
    has_parts: bool = False


@dataclass(frozen=True)
class FormDefinition:
    """What the définition des épreuves says of one form (situations, phases, commission)."""

    citation: Citation
    situations: tuple[Timed, ...] = ()
    phases: tuple[Timed, ...] = ()
    commission: str = ""
    subject_sheet: str = ""
    timing: str = ""


@dataclass(frozen=True)
class DossierItem:
    code: str
    label: str
    citation: Citation | None = None
    from_session: int | None = None

    def applies_to(self, session: int) -> bool:
        return self.from_session is None or session >= self.from_session


@dataclass(frozen=True)
class ProfessionalDossier:
    replaces: tuple[str, ...]
    label: str
    routes: tuple[str, ...]
    citation: Citation


@dataclass(frozen=True)
class Dossier:
    """What the candidate's dossier support must contain."""

    citation: Citation
    items: tuple[DossierItem, ...]
    rules: tuple[str, ...] = ()
    professional_dossier: ProfessionalDossier | None = None


@dataclass(frozen=True)
class Exam:
    code: str
    unit: str
    title: str
    category: ExamCategory
    category_citation: Citation
    coefficient: int | None
    citation: Citation
    cells: dict[int, Cell]
    definition_citation: Citation
    one_off: FormDefinition | None = None
    ccf: FormDefinition | None = None
    parts: tuple[Part, ...] = ()
    dossier: Dossier | None = None
    level: str = ""
    reference: str = ""
    language_rule: str = ""
    coefficient_note: str = ""
    unit_text_variant: str = ""
    notes: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    only_sessions: tuple[int, ...] = ()
    sessions_citation: Citation | None = None

    def offered_in(self, session: int) -> bool:
        return not self.only_sessions or session in self.only_sessions

    def form_definition(self, form: Form) -> FormDefinition | None:
        return self.ccf if form is Form.CCF else self.one_off


@dataclass(frozen=True)
class Column:
    number: int
    label: str
    citation: Citation


@dataclass(frozen=True)
class Regulation:
    id: str
    title: str
    first_session: int
    last_session: int | None
    sessions_citation: Citation
    columns: tuple[Column, ...]
    exams: tuple[Exam, ...]
    preparation_note: str = ""
    _by_code: dict[str, Exam] = field(default_factory=dict, repr=False, compare=False)

    def governs(self, session: int) -> bool:
        return session >= self.first_session and (
            self.last_session is None or session <= self.last_session
        )

    def exam(self, code: str) -> Exam:
        try:
            return self._by_code[code]
        except KeyError:
            raise NoRuleInForce(
                f"L'épreuve {code} n'existe pas dans le règlement {self.id} ({self.title})."
            ) from None

    def has_exam(self, code: str, session: int | None = None) -> bool:
        exam = self._by_code.get(code)
        return exam is not None and (session is None or exam.offered_in(session))

    def exams_for(self, session: int) -> tuple[Exam, ...]:
        return tuple(e for e in self.exams if e.offered_in(session))

    def column(self, number: int) -> Column:
        for column in self.columns:
            if column.number == number:
                return column
        raise RegulationDataError(f"Colonne {number} absente du règlement {self.id}.")


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _timed(raw: dict[str, Any]) -> Timed:
    return Timed(
        name=str(raw["name"]),
        duration=_opt_int(raw.get("duration")),
        preparation=_opt_int(raw.get("preparation")),
        detail=str(raw.get("detail", "")),
    )


def _form_definition(raw: dict[str, Any] | None) -> FormDefinition | None:
    if raw is None:
        return None
    return FormDefinition(
        citation=cite(raw.get("cite")),
        situations=tuple(_timed(s) for s in raw.get("situations", [])),
        phases=tuple(_timed(p) for p in raw.get("phases", [])),
        commission=str(raw.get("commission", "")),
        subject_sheet=str(raw.get("subject_sheet", "")),
        timing=str(raw.get("timing", "")),
    )


def _dossier(raw: dict[str, Any] | None) -> Dossier | None:
    if raw is None:
        return None
    pro = raw.get("professional_dossier")
    return Dossier(
        citation=cite(raw.get("cite")),
        items=tuple(
            DossierItem(
                code=str(i["code"]),
                label=str(i["label"]),
                citation=cite(i["cite"]) if "cite" in i else None,
                from_session=_opt_int(i.get("from_session")),
            )
            for i in raw["items"]
        ),
        rules=tuple(str(r) for r in raw.get("rules", [])),
        professional_dossier=None
        if pro is None
        else ProfessionalDossier(
            replaces=tuple(pro["replaces"]),
            label=str(pro["label"]),
            routes=tuple(pro["routes"]),
            citation=cite(pro.get("cite")),
        ),
    )


def _cell(raw: dict[str, Any]) -> Cell:
    modality = raw.get("modality")
    return Cell(
        form=Form(raw["form"]),
        modality=None if modality is None else Modality(modality),
        duration=_opt_int(raw.get("duration")),
        preparation=_opt_int(raw.get("preparation")),
        preparation_place=str(raw.get("preparation_place", "")),
        situations=_opt_int(raw.get("situations")),
        has_parts=bool(raw.get("parts", False)),
    )


def _exam(raw: dict[str, Any], column_numbers: set[int]) -> Exam:
    code = str(raw["code"])
    cells = {int(k): _cell(v) for k, v in raw["cells"].items()}
    if set(cells) != column_numbers:
        raise RegulationDataError(f"{code} : une cellule par colonne est requise.")
    definition = raw.get("definition") or {}
    parts = tuple(
        Part(
            code=str(p["code"]),
            title=str(p["title"]),
            modality=Modality(p["modality"]),
            duration=int(p["duration"]),
            coefficient=int(p["coefficient"]),
            commission=str(p.get("commission", "")),
            citation=cite(p.get("cite")),
            preparation=_opt_int(p.get("preparation")),
        )
        for p in definition.get("parts", [])
    )
    exam = Exam(
        code=code,
        unit=str(raw["unit"]),
        title=str(raw["title"]),
        category=ExamCategory(raw["category"]),
        category_citation=cite(raw.get("category_cite")),
        coefficient=_opt_int(raw.get("coefficient")),
        citation=cite(raw.get("cite")),
        cells=cells,
        definition_citation=cite(definition.get("cite")),
        one_off=_form_definition(definition.get("one_off")),
        ccf=_form_definition(definition.get("ccf")),
        parts=parts,
        dossier=_dossier(definition.get("dossier")),
        level=str(definition.get("level", "")),
        reference=str(definition.get("reference", "")),
        language_rule=str(raw.get("language_rule", "")),
        coefficient_note=str(raw.get("coefficient_note", "")),
        unit_text_variant=str(raw.get("unit_text_variant", "")),
        notes=tuple(str(n) for n in definition.get("notes", [])),
        criteria=tuple(str(c) for c in definition.get("criteria", [])),
        only_sessions=tuple(int(y) for y in raw.get("only_sessions", [])),
        sessions_citation=cite(raw["sessions_cite"]) if "sessions_cite" in raw else None,
    )
    _check_exam(exam)
    return exam


def _check_exam(exam: Exam) -> None:
    """Data invariants: a regulation file that breaks them is refused when loaded."""
    for number, cell in exam.cells.items():
        where = f"{exam.code}, colonne {number}"
        if cell.has_parts:
            if not exam.parts:
                raise RegulationDataError(f"{where} : parties annoncées mais non définies.")
            if exam.coefficient is not None and sum(p.coefficient for p in exam.parts) != (
                exam.coefficient
            ):
                raise RegulationDataError(f"{where} : coefficients des parties ≠ coefficient.")
        elif cell.form is Form.CCF:
            if not cell.situations:
                raise RegulationDataError(f"{where} : nombre de situations de CCF manquant.")
            definition = exam.ccf
            if (
                definition is not None
                and definition.situations
                and (len(definition.situations) != cell.situations)
            ):
                raise RegulationDataError(f"{where} : situations définies ≠ situations du tableau.")
        else:
            if cell.modality is None or cell.duration is None:
                raise RegulationDataError(f"{where} : modalité ou durée manquante.")
            definition = exam.one_off
            if definition is not None and definition.phases:
                total = sum(p.duration or 0 for p in definition.phases)
                if total != cell.duration:
                    raise RegulationDataError(
                        f"{where} : phases ({total} min) ≠ durée du tableau ({cell.duration} min)."
                    )


def _regulation(raw: dict[str, Any]) -> Regulation:
    columns = tuple(
        Column(number=int(c["number"]), label=str(c["label"]), citation=cite(c.get("cite")))
        for c in raw["columns"]
    )
    numbers = {c.number for c in columns}
    exams = tuple(_exam(e, numbers) for e in raw["exams"])
    sessions = raw["sessions"]
    regulation = Regulation(
        id=str(raw["id"]),
        title=str(raw["title"]),
        first_session=int(sessions["first"]),
        last_session=_opt_int(sessions.get("last")),
        sessions_citation=cite(sessions.get("cite")),
        columns=columns,
        exams=exams,
        preparation_note=str(raw.get("preparation_note", "")),
    )
    regulation._by_code.update({e.code: e for e in exams})
    return regulation


@cache
def all_regulations() -> tuple[Regulation, ...]:
    return tuple(_regulation(load_yaml(name)) for name in list_data("regulations"))


def regulation_for_session(
    session: int, regulations: tuple[Regulation, ...] | None = None
) -> Regulation:
    """The one regulation in force for a session; an error when there is none, or two."""
    pool = all_regulations() if regulations is None else regulations
    candidates = [r for r in pool if r.governs(session)]
    if not candidates:
        raise NoRuleInForce(
            f"Aucun règlement d'examen du BTS NDRC n'est en vigueur pour la session {session}."
        )
    if len(candidates) > 1:
        names = ", ".join(r.id for r in candidates)
        raise AmbiguousRule(
            f"Plusieurs règlements d'examen sont en vigueur pour la session {session} : {names}."
        )
    return candidates[0]
