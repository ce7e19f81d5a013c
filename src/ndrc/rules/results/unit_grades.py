"""The grade each unit counts with, before any average.

- the dossiers' conformity decides the state of E4, E6 and EF2 (NV, reserved, fraud, not held);
- the jury's changes set grades, on an épreuve or on a part of one, never on a state the jury
  does not turn into a grade (CE D643-24, D643-26);
- an exempted unit and a unit validated by VAE have no grade (they leave the divisor); a grade
  « VAE » of a unit the file does not list as validated by the VAE counts for nothing and the
  decision waits (``grade_basis``, CE D643-13, D643-18); a unit carried over from the BTS NRC
  counts with the grade reported (annexe IV);
- E5 is computed from its parts with their coefficients (annexe II d, E5 §4);
- a carried-over grade counts for five years, and in forme globale only from the award
  threshold up (CE D643-15, D643-23; DEC D17);
- an absence for force majeure counts as the force majeure grade (zero, CE D643-24).
"""

from __future__ import annotations

from decimal import Decimal

from ndrc.rules.conformity import DossierOutcome, Outcome
from ndrc.rules.grade_basis import vae_refusal
from ndrc.rules.grades import MISSING, Grade, GradeState, format_grade
from ndrc.rules.results.compiled import CompiledExam, CompiledPlan, SessionRules
from ndrc.rules.results.display import format_average
from ndrc.rules.results.inputs import JuryChange
from ndrc.rules.results.trace import Record, Trace, explains

ZERO = Decimal(0)
# The grades that are a state alone, shared (a grade is immutable).
_STATE_GRADES: dict[GradeState, Grade] = {
    state: Grade(state)
    for state in GradeState
    if state not in (GradeState.GRADE, GradeState.CARRIED_OVER)
}
_EXEMPTED, _VAE = _STATE_GRADES[GradeState.EXEMPTED], _STATE_GRADES[GradeState.VAE]
_NOT_SAT = _STATE_GRADES[GradeState.NOT_SAT]
_GRADE, _EXEMPTED_STATE, _CARRIED_OVER, _VAE_STATE = (
    GradeState.GRADE,
    GradeState.EXEMPTED,
    GradeState.CARRIED_OVER,
    GradeState.VAE,
)
_FORCE_MAJEURE = GradeState.ABSENT_FORCE_MAJEURE
_CONFORM = Outcome.CONFORM
# A part with one of these states makes E5 take the state (in this order of precedence).
_PART_BLOCKERS = (GradeState.NOT_VALID, GradeState.ABSENT, GradeState.RESERVED, GradeState.MISSING)
_PART_STATES = (GradeState.GRADE, GradeState.ABSENT_FORCE_MAJEURE)
# States the jury does not turn into a grade, on a part and on an épreuve.
REFUSED_ON_PART = frozenset({GradeState.ABSENT, GradeState.NOT_VALID})
REFUSED_ON_EXAM = frozenset(
    {GradeState.ABSENT, GradeState.NOT_VALID, GradeState.EXEMPTED, GradeState.VAE}
)


def apply_conformity(
    outcomes: tuple[DossierOutcome, ...], given: dict[str, Grade], trace: Trace | None
) -> tuple[dict[str, Grade], bool]:
    """The grades once the dossiers' outcomes apply, and whether a fraud procedure is open."""
    grades = given  # copied only when an outcome changes a grade
    fraud = False
    for outcome in outcomes:
        kind = outcome.outcome
        if kind is _CONFORM and not outcome.defects:
            continue
        code = outcome.exam
        if kind is Outcome.NOT_VALID or kind is Outcome.RESERVED or kind is Outcome.NOT_HELD:
            if grades is given:
                grades = dict(given)
            if kind is Outcome.NOT_VALID:
                grades[code] = _STATE_GRADES[GradeState.NOT_VALID]
            elif kind is Outcome.RESERVED:
                grades[code] = _STATE_GRADES[GradeState.RESERVED]
            else:
                grades.pop(code, None)
        elif kind is Outcome.FRAUD:
            fraud = True
        elif not outcome.defects:
            continue
        if trace is not None:
            citation = outcome.citations[0].short if outcome.citations else None
            trace.step("dossier_conformity", citation, outcome)
    return grades, fraud


@explains("dossier_conformity")
def _conformity_text(record: Record, _: object) -> str:
    outcome: DossierOutcome = record[2]
    code = outcome.exam
    if outcome.outcome is Outcome.NOT_VALID:
        return f"{code} : dossier non conforme ({' ; '.join(outcome.nv_causes)}) : NV."
    if outcome.outcome is Outcome.RESERVED:
        return f"{code} : {outcome.note} : note réservée."
    if outcome.outcome is Outcome.FRAUD:
        return f"{code} : {outcome.note} : procédure de fraude."
    if outcome.outcome is Outcome.NOT_HELD:
        return f"{code} : {outcome.note}."
    return (
        f"{code} : dossier conforme ; insuffisances pénalisées dans la grille : "
        + " ; ".join(outcome.defects)
        + "."
    )


def jury_changed(
    change: JuryChange,
    before: Grade,
    refused: frozenset[GradeState],
    refusal: str,
    compiled: CompiledPlan,
    trace: Trace | None,
) -> Grade | None:
    """The grade the jury set, or None when the jury may not turn this state into a grade."""
    if before.state in refused:
        if trace is not None:
            cited = compiled.citations["jury_change_refused"]
            trace.step(refusal, cited, change.exam, before.state)
        return None
    if trace is not None:
        trace.step("jury_change", compiled.citations["jury_change"], change, before.label_fr())
    return Grade(GradeState.GRADE, change.value)


@explains("jury_change_refused_on_part", rule="jury_change_refused")
def _refused_on_part_text(record: Record, _: object) -> str:
    _, _, code, state = record
    return f"{code} : modification du jury non appliquée sur un état « {state.label_fr} »."


@explains("jury_change_refused")
def _refused_text(record: Record, _: object) -> str:
    _, _, code, state = record
    return (
        f"{code} : modification du jury non appliquée : le jury arrête des notes, il ne "
        f"transforme pas un état « {state.label_fr} » en note."
    )


@explains(
    "jury_change",
    figures=lambda r, _: {
        "before": r[3],
        "after": r[2].value,
        "author": r[2].author,
        "at": r[2].at,
        "reason": r[2].reason,
    },
)
def _change_text(record: Record, _: object) -> str:
    _, _, change, before = record
    return (
        f"{change.exam} : le jury a fixé la note à {format_grade(change.value)} (au lieu de "
        f"{before}) — {change.author}, {change.at} : « {change.reason} »."
    )


def apply_part_changes(
    changes: tuple[JuryChange, ...],
    given: dict[str, Grade],
    compiled: CompiledPlan,
    trace: Trace | None,
    pending: list[str],
) -> tuple[dict[str, Grade], tuple[JuryChange, ...]]:
    """Jury changes on a part of an épreuve (E5W, E5P) change the part's grade; the changes on
    an épreuve of the plan are returned for the épreuve; a change on an épreuve that is not in
    the plan is pending, never silently ignored."""
    grades = dict(given)
    on_exams = []
    for change in changes:
        if change.exam in compiled.part_codes:
            before = grades.get(change.exam, MISSING)
            refusal = "jury_change_refused_on_part"
            changed = jury_changed(change, before, REFUSED_ON_PART, refusal, compiled, trace)
            if changed is not None:
                grades[change.exam] = changed
        elif change.exam in compiled.exam_codes:
            on_exams.append(change)
        else:
            pending.append(
                f"Modification du jury sur « {change.exam} », épreuve absente du plan "
                "d'épreuves du candidat."
            )
    return grades, tuple(on_exams)


def last_change(changes: tuple[JuryChange, ...], code: str) -> JuryChange | None:
    """The jury's last change of an épreuve (the one that stands)."""
    for change in reversed(changes):
        if change.exam == code:
            return change
    return None


def planned_grade(
    exam: CompiledExam,
    grades: dict[str, Grade],
    vae_units: tuple[str, ...],
    rules: SessionRules,
    trace: Trace | None,
    pending: list[str],
) -> tuple[Grade, str, str]:
    """The grade of an épreuve of the plan, a note on where it comes from, and which parts
    leave it incomplete (E5)."""
    if exam.exempted:
        return _EXEMPTED, exam.reason, ""
    if vae_units and exam.unit in vae_units:
        return _VAE, "Unité validée par la VAE.", ""
    given = grades.get(exam.code)
    if exam.carried_over:
        if given is None or given.state is not _CARRIED_OVER:
            return MISSING, "Note de l'unité du BTS NRC à reporter (annexe IV) non fournie.", ""
        return given, exam.reason, ""
    if given is None:
        if exam.parts:
            if not grades.keys().isdisjoint(exam.part_codes):
                grade, detail = _from_parts(exam, grades, rules, trace, pending)
                return grade, "", detail
            return MISSING, "", ""
        if exam.optional:
            return _NOT_SAT, "", ""
        return MISSING, "", ""
    if given.state is _VAE_STATE:
        refusal = vae_refusal(exam.code, exam.unit, vae_units)
        if refusal is not None:
            pending.append(refusal.message)
            return MISSING, "VAE non fondée.", ""
    if given.state is _EXEMPTED_STATE:
        pending.append(
            f"{exam.code} : « dispensé » saisi alors que le plan d'épreuves ne prévoit pas de "
            "dispense (annexe II b)."
        )
        return MISSING, "Dispense non fondée.", ""
    return given, "", ""


# The grades computed from parts, shared (a grade is immutable; bounded cache): the weighted
# points of the parts (as written, exponent included), their weights and whether a part is a
# CCF grade give the grade.
_FROM_PARTS: dict[tuple[str, int, bool], Grade] = {}
_MAX_FROM_PARTS = 65536


def _from_parts(
    exam: CompiledExam,
    grades: dict[str, Grade],
    rules: SessionRules,
    trace: Trace | None,
    pending: list[str],
) -> tuple[Grade, str]:
    """E5 from its parts with their coefficients (annexe II d, E5 §4.1 and §4.2); the
    parts that leave it incomplete, if any."""
    total = ZERO
    ccf = False
    figures: list[object] = []
    value: Decimal
    for code, weight in exam.parts:
        part = grades.get(code, MISSING)
        state = part.state
        if state is _GRADE and part.value is not None:  # what it counts with (counted_value)
            value = part.value
        elif state is _FORCE_MAJEURE:
            value = rules.force_majeure
        else:
            return _incomplete(exam, grades, pending)
        total += value * weight
        ccf = ccf or part.ccf
        if trace is not None:
            figures += (code, weight, value)
    key = (str(total), exam.part_weights, ccf)  # the text keeps the decimal's exponent
    grade = _FROM_PARTS.get(key)
    if grade is None:
        if len(_FROM_PARTS) >= _MAX_FROM_PARTS:
            _FROM_PARTS.clear()
        # exact: grades have two decimals, weights divide 10^k
        grade = _FROM_PARTS[key] = Grade(GradeState.GRADE, total / exam.part_weights, ccf=ccf)
    if trace is not None:
        cited = exam.part_cite
        trace.step("unit_from_parts", cited, exam.code, exam.part_weights, grade.value, *figures)
    return grade, ""


def _incomplete(
    exam: CompiledExam, grades: dict[str, Grade], pending: list[str]
) -> tuple[Grade, str]:
    """E5 when a part is not a grade: it takes the state of the parts that block it, and
    names them; a part may not be exempted nor carried over (only the whole unit)."""
    parts = [(code, grades.get(code, MISSING)) for code, _ in exam.parts]
    states = {grade.state for _, grade in parts}
    for state in _PART_BLOCKERS:
        if state in states:
            return _STATE_GRADES[state], ", ".join(c for c, g in parts if g.state is state)
    odd = [code for code, grade in parts if grade.state not in _PART_STATES]
    pending.append(
        f"{exam.code} : état non admis pour une partie d'épreuve ({', '.join(odd)}) ; "
        "seule l'unité entière peut être dispensée ou conservée."
    )
    return MISSING, ""


def _parts_of(record: Record) -> zip[tuple[str, int, Decimal]]:
    """The parts of a step ``unit_from_parts``: (code, weight, value) from its fifth figure."""
    return zip(record[5::3], record[6::3], record[7::3], strict=True)


@explains(
    "unit_from_parts",
    figures=lambda r, _: {"parts": dict(zip(r[5::3], r[7::3], strict=True)), "value": r[4]},
)
def _from_parts_text(record: Record, _: object) -> str:
    _, _, code, weights, value = record[:5]
    return (
        f"{code} : note de l'unité calculée à partir des parties "
        + " + ".join([f"{c} {format_average(v)} × {w}" for c, w, v in _parts_of(record)])
        + f", divisé par {weights} = {format_average(value)}."
    )


def carried_grade(
    code: str,
    grade: Grade,
    global_form: bool,
    rules: SessionRules,
    trace: Trace | None,
    pending: list[str],
) -> Grade:
    """A carried-over grade if it still counts: from an earlier session, within its validity,
    and (forme globale) from 10 up; else the épreuve has no grade."""
    if grade.carried is None:
        return grade
    validity = rules.validity(grade.carried.session)
    obtained, limit = validity.obtained, validity.valid_until
    if not validity.earlier:
        pending.append(validity.not_earlier_fr(code))
        return MISSING
    if validity.expired:
        if trace is not None:
            cited = rules.validity_cite
            trace.step("carried_over_expired", cited, code, obtained, validity.years, limit)
        return MISSING
    value = grade.value or ZERO
    if global_form and not rules.awards(value):
        pending.append(
            f"{code} : note conservée {format_grade(value)} inférieure à "
            f"{format_grade(rules.award_threshold)} : en forme globale seules les notes égales "
            "ou supérieures à 10 sont conservées (CE D643-23)."
        )
        return MISSING
    if trace is not None:
        trace.step("carried_over_valid", rules.validity_cite, code, value, obtained, limit)
    return grade


@explains("carried_over_expired", figures=lambda r, _: {"obtained": r[3], "valid_until": r[5]})
def _expired_text(record: Record, _: object) -> str:
    _, _, code, obtained, years, limit = record
    return (
        f"{code} : la note conservée de la session {obtained} n'est plus valable "
        f"(validité de {years} ans, jusqu'à la session {limit}) ; l'épreuve doit "
        "être repassée."
    )


@explains("carried_over_valid", figures=lambda r, _: {"obtained": r[4], "valid_until": r[5]})
def _valid_text(record: Record, _: object) -> str:
    _, _, code, value, obtained, limit = record
    return (
        f"{code} : note conservée {format_grade(value)} de la session {obtained}, "
        f"valable jusqu'à la session {limit}."
    )


def counted_value(grade: Grade, rules: SessionRules) -> Decimal | None:
    """The figure a grade counts with: its value, the force majeure grade for an absence for
    force majeure (CE D643-24), or nothing."""
    state = grade.state
    if state is _GRADE or state is _CARRIED_OVER:
        return grade.value
    if state is _FORCE_MAJEURE:
        return rules.force_majeure
    return None
