"""A grade « dispensé », « VAE » or « bénéfice » stands for a fact of the candidate's file: it is
refused, with the missing fact named in French, when the file does not record it.

- exemptions: A2018 annexe II b, CE D643-17 (a request, a diploma that grounds it, its proof);
- VAE: CE D643-13 and D643-18 (the units validated by the VAE);
- kept grades: CE D643-15 (valid five years from when they were obtained), annexe IV (BTS NRC).
"""

from decimal import Decimal

import pytest

from ndrc.rules.candidate import CandidateProfile, DiplomaHeld, NrcUnitHeld
from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.rules.exam_plan import exam_plan
from ndrc.rules.grade_basis import CandidateFile, basis_refusal, needs_file, unfounded_grades
from ndrc.rules.grades import CarriedOver, Grade, GradeState

DUT = DiplomaHeld(kind="dut", title="DUT GEA")
PUPIL = CandidateProfile(
    route=Route.SCHOOL,
    establishment_status=EstablishmentStatus.PUBLIC,
    habilitation=Habilitation.CCF,
    lv1="anglais",
)
EXEMPTED = CandidateProfile(
    route=Route.CONTINUING_EDUCATION,
    establishment_status=EstablishmentStatus.PUBLIC,
    habilitation=Habilitation.CCF,
    lv1="anglais",
    diplomas=(DUT,),
    exemption_requests=("U1",),
)
DISP, VAE = Grade(GradeState.EXEMPTED), Grade(GradeState.VAE)


def kept(value: str, session: int) -> Grade:
    return Grade(GradeState.CARRIED_OVER, Decimal(value), carried=CarriedOver(session))


def file_of(profile: CandidateProfile, session: int = 2025, **facts) -> CandidateFile:
    return CandidateFile(plan=exam_plan(profile, session), **facts)


def message(file: CandidateFile, code: str, grade: Grade) -> str | None:
    refusal = basis_refusal(file, code, grade)
    return None if refusal is None else refusal.message


def test_vae_needs_the_unit_validated_by_the_vae_in_the_file():
    """CE D643-13, D643-18."""
    refusal = basis_refusal(file_of(PUPIL), "E4", VAE)
    assert refusal is not None
    assert refusal.message == (
        "VAE refusée pour E4 : le dossier du candidat ne mentionne pas l'unité U4 validée "
        "par la VAE."
    )
    assert refusal.citation.short.startswith("CE D643-13")
    assert message(file_of(PUPIL, vae_units=frozenset({"U4"})), "E4", VAE) is None


def test_an_exemption_needs_the_plan_to_grant_it_and_the_diploma_proved():
    """A2018 annexe II b: granted on request to the holder of a diploma that grounds it."""
    assert message(file_of(PUPIL), "E1", DISP) == (
        "Dispense refusée pour E1 : le dossier du candidat ne mentionne pas de dispense de "
        "l'unité U1 (demande de dispense et diplôme qui la fonde)."
    )
    unproved = message(file_of(EXEMPTED), "E1", DISP)
    assert unproved == (
        "Dispense refusée pour E1 : le dossier du candidat ne mentionne pas le justificatif "
        "du diplôme qui fonde la dispense de l'unité U1."
    )
    assert message(file_of(EXEMPTED, proven_diplomas=(DUT,)), "E1", DISP) is None
    # Requested without a diploma that grounds it: the plan's reason is given.
    licence = CandidateProfile(
        route=Route.PROFESSIONAL_EXPERIENCE,
        lv1="anglais",
        diplomas=(DiplomaHeld(kind="licence"),),
        exemption_requests=("U3",),
    )
    refused = message(file_of(licence), "E3", DISP)
    assert refused is not None and refused.startswith("Dispense refusée pour E3 : Dispense de U3")


def test_a_kept_grade_comes_from_an_earlier_session_within_five_years():
    """CE D643-15: grades are valid five years from when they were obtained."""
    file = file_of(PUPIL, 2025)
    assert message(file, "E4", kept("12", 2024)) is None
    assert message(file, "E4", kept("12", 2020)) is None  # 2020 + 5 = 2025
    assert message(file, "E4", kept("20", 2099)) == (
        "Bénéfice refusé pour E4 : une note conservée vient d'une session antérieure à la "
        "session 2025 (session d'obtention indiquée : 2099)."
    )
    assert message(file, "E4", kept("12", 2025)) is not None
    assert message(file, "E4", kept("12", 1)) == (
        "Bénéfice refusé pour E4 : la session 1 précède la première session du BTS NDRC "
        "(2020) ; une note du BTS NRC se reporte par les unités du BTS NRC inscrites au "
        "dossier du candidat."
    )
    expired = basis_refusal(file_of(PUPIL, 2026), "E4", kept("12", 2020))
    assert expired is not None
    assert expired.message == (
        "Bénéfice refusé pour E4 : la note de la session 2020 n'est plus valable à la "
        "session 2026 (validité de 5 ans, jusqu'à la session 2025)."
    )
    assert expired.citation.short.startswith("CE D643-15")


def test_a_unit_carried_over_from_the_bts_nrc_takes_only_its_reported_grade():
    """A2018 annexe IV: the NRC unit's grade is reported; nothing else is entered for it."""
    nrc = CandidateProfile(
        route=Route.PROFESSIONAL_EXPERIENCE,
        lv1="anglais",
        nrc_units=(NrcUnitHeld(unit="U4", session=2019),),
    )
    file = file_of(nrc, 2023)
    assert message(file, "E4", kept("12", 2019)) is None
    refused = message(file, "E4", Grade(GradeState.GRADE, Decimal(12)))
    assert refused is not None and "BEN:note:session" in refused
    assert message(file, "E4", kept("12", 2016)) is not None  # 2016 + 5 < 2023


@pytest.mark.parametrize("grade", [DISP, VAE, kept("12", 2024)])
def test_a_part_is_never_exempted_validated_or_kept_alone(grade):
    refused = message(file_of(PUPIL, vae_units=frozenset({"U5"})), "E5W", grade)
    assert refused is not None and "seule l'unité entière (E5)" in refused


def test_assessments_need_no_basis_and_the_file_lists_every_unfounded_grade():
    file = file_of(PUPIL)
    grades = {
        "E6": kept("11", 2099),
        "E1": Grade(GradeState.GRADE, Decimal(9)),
        "E2": Grade(GradeState.ABSENT),
        "E4": VAE,
    }
    assert [r.exam for r in unfounded_grades(file, grades)] == ["E4", "E6"]


@pytest.mark.parametrize(
    "state",
    [s for s in GradeState if s not in (GradeState.EXEMPTED, GradeState.VAE)],
)
@pytest.mark.parametrize("profile", [PUPIL, EXEMPTED], ids=["pupil", "exempted"])
def test_a_file_that_needs_no_reading_has_no_unfounded_grade(state, profile):
    """The shortcut of the reviews (``needs_file``) agrees with ``unfounded_grades``: without
    a state standing for a fact of the file nor BTS NRC units, no grade can be unfounded,
    whatever the file; with one, the file is read."""
    grade = (
        kept("12", 2023)
        if state is GradeState.CARRIED_OVER
        else Grade(state, Decimal("12") if state is GradeState.GRADE else None)
    )
    grades = {code: grade for code in ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6")}
    if needs_file(grades, nrc_units=()):
        assert state is GradeState.CARRIED_OVER
    else:
        assert unfounded_grades(file_of(profile), grades) == []
    assert needs_file({"E1": DISP}, nrc_units=())
    assert needs_file({"E1": Grade(GradeState.ABSENT)}, nrc_units=("U5",))
