"""What in the candidate's file grounds a grade that is not an assessment.

Three states of a grade stand for a fact of the candidate's file, not for a mark an examiner
gave; each is refused when the file does not record that fact (``data/grade_basis.yaml``):

- « dispensé » (DISP): the exam plan exempts the unit (requested, with a diploma that grounds
  the exemption: annexe II b, CE D643-17) and the file names the proof of that diploma;
- « validé par la VAE »: the file lists the unit among the units validated by the VAE
  (CE D643-13, D643-18);
- « note conservée » (BEN): a grade on the scale, kept from an earlier session and still valid
  (``validity_years`` of ``parameters/results.yaml``, CE D643-15), from a session of the
  BTS NDRC, or the grade of a BTS NRC unit that the plan carries over (annexe IV).

An épreuve the plan carries over from the BTS NRC takes only its carried-over grade, and a
part of an épreuve (E5W, E5P) is never exempted, validated or kept alone: the whole unit is.

``basis_refusal`` says, in French, which fact is missing for one grade; ``unfounded_grades``
lists the refusals of a whole file (what blocks the closing of a deliberation).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from functools import cache

from ndrc.rules.candidate import DiplomaHeld
from ndrc.rules.catalogue import catalogue
from ndrc.rules.citation import Citation, cite
from ndrc.rules.data_files import load_yaml
from ndrc.rules.errors import NoRuleInForce
from ndrc.rules.exam_plan import ExamPlan, ExamStatus, PlannedExam, first_session
from ndrc.rules.exemptions import exemption_decision
from ndrc.rules.grades import Grade, GradeState, format_grade
from ndrc.rules.parameters import Parameters

# The states that stand for a fact of the file.
FILE_STATES = frozenset({GradeState.EXEMPTED, GradeState.VAE, GradeState.CARRIED_OVER})

_REFUSED = {
    GradeState.EXEMPTED: "Dispense refusée",
    GradeState.VAE: "VAE refusée",
    GradeState.CARRIED_OVER: "Bénéfice refusé",
}


@dataclass(frozen=True)
class CandidateFile:
    """What the candidate's file records: the exam plan (built from the route, the exemption
    requests, the diplomas held and the BTS NRC units), the units validated by the VAE and the
    diplomas whose proof the file names."""

    plan: ExamPlan
    vae_units: frozenset[str] = frozenset()
    proven_diplomas: tuple[DiplomaHeld, ...] = ()

    @property
    def session(self) -> int:
        return self.plan.session


@dataclass(frozen=True)
class BasisRefusal:
    """A grade the file does not ground: the épreuve, the French message naming the missing
    fact, and the text that requires it."""

    exam: str
    message: str
    citation: Citation

    def __str__(self) -> str:
        return self.message


@cache
def _citation(key: str) -> Citation:
    return cite(load_yaml("grade_basis.yaml")[key]["cite"])


def _planned(plan: ExamPlan, exam: str) -> PlannedExam | None:
    return next((p for p in plan.exams if p.code == exam), None)


def basis_refusal(file: CandidateFile, code: str, grade: Grade) -> BasisRefusal | None:
    """Why the file does not ground this grade of this épreuve (or part), or None when it
    does (and for every grade that is an assessment or a state of the exam day)."""
    state = grade.state
    try:
        exam = catalogue().exam_of(code)
    except KeyError:
        return None  # an unknown code is refused by the grade's own checks
    planned = _planned(file.plan, exam)
    if state not in FILE_STATES:
        if planned is not None and planned.status is ExamStatus.CARRIED_OVER:
            if state is GradeState.MISSING:
                return None
            return BasisRefusal(
                code,
                f"{code} : l'unité {planned.exam.unit} est reportée du BTS NRC ; seule la note "
                "reportée se saisit, sous la forme BEN:note:session.",
                _citation("nrc"),
            )
        return None
    refused = _REFUSED[state]
    if code != exam:
        return BasisRefusal(
            code,
            f"{refused} pour {code} : une partie d'épreuve n'est ni dispensée, ni validée par "
            f"la VAE, ni conservée seule ; seule l'unité entière ({exam}) peut l'être.",
            _citation("whole_unit"),
        )
    if planned is None:
        return BasisRefusal(
            code,
            f"{refused} pour {code} : l'épreuve {code} ne figure pas au plan d'épreuves du "
            "candidat.",
            _citation("exempted" if state is GradeState.EXEMPTED else "vae"),
        )
    if state is GradeState.VAE:
        return _vae(file, planned)
    if state is GradeState.EXEMPTED:
        return _exempted(file, planned)
    return _carried(file, planned, grade)


def _vae(file: CandidateFile, planned: PlannedExam) -> BasisRefusal | None:
    return vae_refusal(planned.code, planned.exam.unit, file.vae_units)


def vae_refusal(code: str, unit: str, vae_units: Collection[str]) -> BasisRefusal | None:
    """A grade « validé par la VAE » of an épreuve whose unit the file does not list among the
    units validated by the VAE (the results engine applies it too)."""
    if unit in vae_units:
        return None
    return BasisRefusal(
        code,
        f"VAE refusée pour {code} : le dossier du candidat ne mentionne pas l'unité {unit} "
        "validée par la VAE.",
        _citation("vae"),
    )


def _exempted(file: CandidateFile, planned: PlannedExam) -> BasisRefusal | None:
    code, unit = planned.code, planned.exam.unit
    candidate = file.plan.candidate
    if planned.status is not ExamStatus.EXEMPTED:
        if unit in candidate.exemption_requests:
            why = exemption_decision(candidate, unit).reason
        else:
            why = (
                f"le dossier du candidat ne mentionne pas de dispense de l'unité {unit} "
                "(demande de dispense et diplôme qui la fonde)."
            )
        return BasisRefusal(code, f"Dispense refusée pour {code} : {why}", _citation("exempted"))
    proven = replace(candidate, diplomas=file.proven_diplomas)
    if exemption_decision(proven, unit).granted:
        return None
    return BasisRefusal(
        code,
        f"Dispense refusée pour {code} : le dossier du candidat ne mentionne pas le "
        f"justificatif du diplôme qui fonde la dispense de l'unité {unit}.",
        _citation("exempted"),
    )


def _carried(file: CandidateFile, planned: PlannedExam, grade: Grade) -> BasisRefusal | None:
    code, unit, session = planned.code, planned.exam.unit, file.session
    cited = _citation("carried_over")
    if planned.status is ExamStatus.EXEMPTED:
        return BasisRefusal(
            code,
            f"Bénéfice refusé pour {code} : l'unité {unit} est dispensée, elle n'a pas de note.",
            _citation("exempted"),
        )
    scale = catalogue()
    value = grade.value
    if (
        value is None
        or not (0 <= value <= scale.max_grade)
        or value != value.quantize(scale.grade_quantum)
    ):
        return BasisRefusal(
            code,
            f"Bénéfice refusé pour {code} : la note conservée doit être une note de 0 à "
            f"{format_grade(scale.max_grade)}, au plus {scale.grade_places} décimales.",
            scale.grade_scale_citation,
        )
    if grade.carried is None:
        return BasisRefusal(
            code,
            f"Bénéfice refusé pour {code} : la session d'obtention de la note conservée n'est "
            "pas indiquée.",
            cited,
        )
    obtained = grade.carried.session
    if obtained >= session:
        return BasisRefusal(
            code,
            f"Bénéfice refusé pour {code} : une note conservée vient d'une session antérieure "
            f"à la session {session} (session d'obtention indiquée : {obtained}).",
            cited,
        )
    first, first_cite = first_session()
    if planned.status is ExamStatus.TO_SIT and obtained < first:
        return BasisRefusal(
            code,
            f"Bénéfice refusé pour {code} : la session {obtained} précède la première session "
            f"du BTS NDRC ({first}) ; une note du BTS NRC se reporte par les unités du BTS NRC "
            "inscrites au dossier du candidat.",
            _citation("nrc"),
        )
    try:
        validity = Parameters(session=session).get("validity_years")
    except NoRuleInForce as error:
        return BasisRefusal(code, f"Bénéfice refusé pour {code} : {error}", first_cite)
    years = validity.as_int()
    if session > obtained + years:
        return BasisRefusal(
            code,
            f"Bénéfice refusé pour {code} : la note de la session {obtained} n'est plus "
            f"valable à la session {session} (validité de {years} ans, jusqu'à la session "
            f"{obtained + years}).",
            validity.citation,
        )
    return None


def unfounded_grades(file: CandidateFile, grades: Mapping[str, Grade]) -> list[BasisRefusal]:
    """The grades of a file that the file does not ground, in the order of the grade codes."""
    order = {code: index for index, code in enumerate(catalogue().grade_codes)}
    refusals = []
    for code in sorted(grades, key=lambda c: order.get(c, len(order))):
        refusal = basis_refusal(file, code, grades[code])
        if refusal is not None:
            refusals.append(refusal)
    return refusals


def needs_file(grades: Mapping[str, Grade], *, nrc_units: Collection[str]) -> bool:
    """Whether ``unfounded_grades`` has anything to check: a grade in a state that stands
    for a fact of the file, or a candidate with BTS NRC units (whose carried-over units take
    their BEN grade only). Otherwise no grade can be unfounded and the file need not be
    read."""
    return bool(nrc_units) or any(g.state in FILE_STATES for g in grades.values())
