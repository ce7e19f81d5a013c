"""The jury's composition (CE D643-31): a president of the required quality, as many teachers
as members of the profession, the public sector's teachers the majority, an
enseignant-chercheur among the teachers, two qualified persons at most; each problem in
French with its citation."""

import pytest

from ndrc.rules.errors import RegulationDataError
from ndrc.rules.jury_composition import Member, composition_problems, qualities

CHAIR = Member("Claire Martin", "enseignant_chercheur", president=True)
TEACHER = Member("Paul Durand", "professeur_public")
EMPLOYER = Member("Emma Roux", "employeur")
EMPLOYEE = Member("Sam Petit", "salarie")


def test_a_regular_jury_has_no_problem():
    assert composition_problems([CHAIR, TEACHER, EMPLOYER, EMPLOYEE]) == []


def test_an_inspector_chairs_outside_the_halves():
    jury = [
        Member("Inès Bernard", "ia_ipr", president=True),
        Member("Luc Moreau", "enseignant_chercheur"),
        EMPLOYER,
    ]
    assert composition_problems(jury) == []


def test_every_problem_cites_d643_31():
    problems = composition_problems([Member("Zoé", "professeur_prive", president=True)])
    assert problems and all("CE D643-31" in p for p in problems)


def test_no_member_recorded():
    assert composition_problems([]) == [
        "Aucun membre du jury n'est enregistré : sa composition ne peut être vérifiée (CE D643-31)."
    ]


def test_a_president_of_another_quality_is_refused():
    jury = [
        Member("Paul Durand", "professeur_public", president=True),
        TEACHER,
        EMPLOYER,
        EMPLOYEE,
        Member("Luc Moreau", "enseignant_chercheur"),
    ]
    problems = composition_problems(jury)
    assert any(
        p.startswith("Le président (Paul Durand, professeur de l'enseignement public)")
        for p in problems
    )


def test_no_president_or_two_presidents():
    assert "Le jury n'a pas de président (CE D643-31)." in composition_problems(
        [Member("Luc", "enseignant_chercheur"), TEACHER, EMPLOYER, EMPLOYEE]
    )
    two = [CHAIR, Member("Inès", "ia_ipr", president=True), TEACHER, EMPLOYER, EMPLOYEE]
    assert "Le jury a 2 présidents : un seul préside (CE D643-31)." in composition_problems(two)


def test_halves_must_be_equal_an_odd_count_never_is():
    problems = composition_problems([CHAIR, TEACHER, EMPLOYER])
    assert (
        "Le jury doit compter autant d'enseignants que de membres de la profession : "
        "2 enseignant(s) pour 1 professionnel(s) (CE D643-31)." in problems
    )


def test_teachers_of_the_public_sector_are_the_majority():
    jury = [
        CHAIR,
        Member("A", "professeur_prive"),
        Member("B", "professeur_apprentissage"),
        EMPLOYER,
        EMPLOYEE,
        Member("C", "employeur"),
    ]
    assert (
        "Les professeurs de l'enseignement public doivent être la majorité des enseignants : "
        "1 sur 3 (CE D643-31)." in composition_problems(jury)
    )


def test_an_enseignant_chercheur_among_the_teachers():
    jury = [Member("Inès", "ia_ipr", president=True), TEACHER, EMPLOYER]
    assert (
        "Les enseignants du jury doivent compter un enseignant-chercheur (CE D643-31)."
        in composition_problems(jury)
    )


def test_at_most_two_qualified_persons_outside_the_halves():
    regular = [CHAIR, TEACHER, EMPLOYER, EMPLOYEE]
    assert composition_problems(regular + [Member(n, "personne_qualifiee") for n in "AB"]) == []
    assert any(
        "2 personnes qualifiées au plus : 3 enregistrées" in p
        for p in composition_problems(regular + [Member(n, "personne_qualifiee") for n in "ABC"])
    )


def test_an_unknown_quality_is_a_data_error():
    with pytest.raises(RegulationDataError):
        composition_problems([Member("X", "astronaute")])


def test_the_qualities_say_who_may_preside():
    assert {k for k, q in qualities().items() if q.may_preside} == {
        "enseignant_chercheur",
        "ia_ipr",
    }
