"""Which one-off orals and practicals a candidate sits on the exam days, and what each needs
(« 11 · The exam days »): duration and loge from the candidate's exam plan, the commission's
seats, group size, computer post and order from `data/exam_days.yaml`, each cited.

CCF épreuves are not scheduled here (the training centre holds them), nor the written parts
(the national calendar)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from ndrc.rules.citation import Citation, cite
from ndrc.rules.data_files import load_yaml
from ndrc.rules.errors import NoRuleInForce, RegulationDataError
from ndrc.rules.exam_plan.model import ExamPlan, ExamStatus
from ndrc.rules.regulation import Form, Modality


@dataclass(frozen=True)
class ExamDayRule:
    """How one épreuve (or part) is scheduled under one regulation."""

    code: str
    seats: tuple[tuple[str, ...], ...]
    group_size: int
    needs_post: bool
    language_bound: bool
    follows: str
    citation: Citation


@dataclass(frozen=True)
class ScheduledExam:
    """One oral or practical a candidate sits on the exam days."""

    code: str
    label: str
    duration: int
    loge: int
    rule: ExamDayRule


@cache
def _data() -> dict[str, Any]:
    raw = load_yaml("exam_days.yaml")
    if not isinstance(raw, dict):
        raise RegulationDataError("exam_days.yaml : document inattendu")
    kinds = raw["examiner_kinds"]
    for regulation, exams in raw["regulations"].items():
        for code, entry in exams.items():
            for seat in entry["seats"]:
                unknown = [kind for kind in seat if kind not in kinds]
                if unknown or not seat:
                    raise RegulationDataError(
                        f"exam_days.yaml : {regulation} {code} : siège sans genre connu {seat}"
                    )
            if entry.get("follows") and entry["follows"] not in exams:
                raise RegulationDataError(
                    f"exam_days.yaml : {regulation} {code} suit une épreuve inconnue"
                )
    return raw


def examiner_kinds() -> dict[str, dict[str, str]]:
    """The kinds of examiner, code → {"fr", "en"} labels."""
    return dict(_data()["examiner_kinds"])


def extra_time(minutes: int) -> int:
    """The extra minutes a candidate with extra time gets on ``minutes`` (at most one third,
    rounded down to the minute: never more than the rule allows)."""
    rule = _data()["extra_time"]
    return int(Fraction(minutes) * Fraction(rule["numerator"], rule["denominator"]))


def extra_minutes(*, duration: int, arranged: bool) -> int:
    """The extra minutes a candidate gets on an épreuve (or a loge) of ``duration`` minutes:
    ``extra_time(duration)`` when he or she has the arrangement (« temps majoré »), none
    otherwise. The one way the site writes a candidate's extra time."""
    return extra_time(duration) if arranged else 0


def extra_time_citation() -> Citation:
    return cite(_data()["extra_time"]["cite"])


@cache
def exam_day_rules(regulation_id: str) -> dict[str, ExamDayRule]:
    """Every scheduled épreuve's rule under a regulation; none in force is an error."""
    exams = _data()["regulations"].get(regulation_id)
    if exams is None:
        raise NoRuleInForce(f"Aucune règle d'organisation des épreuves pour {regulation_id}")
    return {
        code: ExamDayRule(
            code=code,
            seats=tuple(tuple(seat) for seat in entry["seats"]),
            group_size=int(entry.get("group_size", 1)),
            needs_post=bool(entry.get("needs_post", False)),
            language_bound=bool(entry.get("language_bound", False)),
            follows=str(entry.get("follows", "")),
            citation=cite(entry["cite"]),
        )
        for code, entry in exams.items()
    }


def scheduled_exams(plan: ExamPlan) -> tuple[ScheduledExam, ...]:
    """The one-off orals and practicals of a candidate's plan, in the plan's order (E5's
    practical part for E5)."""
    if plan.regulation is None:
        return ()
    rules = exam_day_rules(plan.regulation.id)
    out: list[ScheduledExam] = []
    for planned in plan.exams:
        if planned.status is not ExamStatus.TO_SIT or planned.form is not Form.ONE_OFF:
            continue
        if planned.parts:
            for part in planned.parts:
                if part.modality is Modality.WRITTEN or part.code not in rules:
                    continue
                out.append(
                    ScheduledExam(
                        code=part.code,
                        label=f"{planned.exam.code} — {part.title}",
                        duration=part.duration,
                        loge=part.preparation or 0,
                        rule=rules[part.code],
                    )
                )
            continue
        if planned.modality is Modality.WRITTEN or planned.exam.code not in rules:
            continue
        if planned.duration is None:
            raise RegulationDataError(f"{planned.exam.code} : durée absente du règlement")
        out.append(
            ScheduledExam(
                code=planned.exam.code,
                label=f"{planned.exam.code} — {planned.exam.title}",
                duration=planned.duration,
                loge=planned.preparation or 0,
                rule=rules[planned.exam.code],
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class ToBring:
    """Something a candidate brings to an épreuve, and the text that says so."""

    text: str
    citation: Citation


def _to_bring(entries: Any, where: str) -> tuple[ToBring, ...]:
    if not isinstance(entries, list):
        raise RegulationDataError(f"exam_days.yaml : bring {where} : liste attendue")
    return tuple(ToBring(text=str(e["text"]), citation=cite(e["cite"])) for e in entries)


def to_bring_always() -> tuple[ToBring, ...]:
    """What a candidate brings to every épreuve (the identity document)."""
    return _to_bring(_data()["bring"]["always"], "always")


def to_bring(code: str, *, written: bool) -> tuple[ToBring, ...]:
    """What a candidate brings to this épreuve (or part) besides what every épreuve needs:
    the calculator rules for a written paper, the dossier or the fiche of some orals."""
    bring = _data()["bring"]
    found = _to_bring(bring["written"], "written") if written else ()
    return found + _to_bring(bring["exams"].get(code, []), code)


@dataclass(frozen=True)
class ResitOral:
    """The épreuve de contrôle on one unit: its exam code, title and what the data says of how
    sure its duration is (``secondary`` or ``unsure``, DEC D100)."""

    unit: str
    exam: ScheduledExam
    certainty: str


@cache
def _resit_orals(session: int) -> tuple[str, dict[str, ResitOral]]:
    periods = [p for p in _data().get("resit_orals", []) if int(p["from"]) <= session]
    if not periods:
        raise NoRuleInForce(f"Pas d'épreuve de contrôle pour la session {session}")
    period = max(periods, key=lambda p: int(p["from"]))
    kinds = _data()["examiner_kinds"]
    label = str(period["label"])
    out: dict[str, ResitOral] = {}
    for unit, entry in period["units"].items():
        seats = tuple(tuple(seat) for seat in entry["seats"])
        if not seats or any(not seat or set(seat) - set(kinds) for seat in seats):
            raise RegulationDataError(f"exam_days.yaml : contrôle {unit} : siège sans genre connu")
        code = str(entry["code"])
        out[str(unit)] = ResitOral(
            unit=str(unit),
            exam=ScheduledExam(
                code=code,
                label=f"{label} — {unit} {entry['title']}",
                duration=int(entry["duration"]),
                loge=int(entry.get("loge", 0)),
                rule=ExamDayRule(
                    code=code,
                    seats=seats,
                    group_size=1,
                    needs_post=False,
                    language_bound=bool(entry.get("language_bound", False)),
                    follows="",
                    citation=cite(entry["cite"]),
                ),
            ),
            certainty=str(entry["certainty"]),
        )
    return label, out


def resit_orals(session: int) -> dict[str, ResitOral]:
    """The épreuves de contrôle of a session, by unit (none before 2025: an error)."""
    return dict(_resit_orals(session)[1])


def resit_exams(*, session: int, units: Sequence[str]) -> tuple[ScheduledExam, ...]:
    """The orals a candidate sits in the resit days for the units he or she chose (codes
    « CU1 »…, never a first-round code), in the order of the units; a unit without an
    épreuve de contrôle is an error."""
    orals = _resit_orals(session)[1]
    out = []
    for unit in units:
        oral = orals.get(unit)
        if oral is None:
            raise NoRuleInForce(f"Pas d'épreuve de contrôle sur l'unité {unit}")
        out.append(oral.exam)
    return tuple(out)


def resit_exams_by_code(session: int) -> dict[str, ScheduledExam]:
    """Every épreuve de contrôle of a session by its exam code (« CU1 »…), none before the
    resit orals exist: how a resit sitting is named and timed on a convocation."""
    try:
        orals = _resit_orals(session)[1]
    except NoRuleInForce:
        return {}
    return {oral.exam.code: oral.exam for oral in orals.values()}
