"""The builder: the database's exam days as the planning floor's instance."""

import pytest

from ndrc.rules.exam_days import extra_time
from ndrc.web.scheduling.build import instance_build
from ndrc.web.scheduling.models import CentreAssignment, Schedule
from ndrc.web.sessions.models import ExamCentre
from tests.factories import CandidateFactory
from tests.web.scheduling.world import small_world

pytestmark = pytest.mark.django_db


def test_the_builder_reads_tasks_languages_extra_time_centres_and_examiners():
    world = small_world()
    instance, problems = instance_build(session=world.session, academy=world.academy)
    assert problems == []
    assert [(h.day.day, h.half, h.start, h.length) for h in instance.half_days] == [
        (12, 0, 480, 240),
        (12, 1, 810, 240),
        (13, 0, 480, 240),
        (13, 1, 810, 240),
        (14, 0, 480, 240),
        (14, 1, 810, 240),
    ]
    centre, annexe = instance.centres
    assert annexe.code == "C02"
    assert centre.code == "C01" and centre.loge_seats == 6 and centre.open == {0, 1, 2, 3, 4, 5}
    assert {r.name: r.posts for r in centre.rooms} == {
        "Salle A": 0,
        "Salle B": 0,
        "Salle C": 0,
        "Salle informatique": 6,
    }
    by_id = {c.id: c for c in instance.candidates}
    assert [t.exam for t in by_id["25000001"].tasks] == ["E2", "E4", "E5P", "E6"]
    assert {t.exam: t.language for t in by_id["25000003"].tasks}["EF1"] == "espagnol"
    assert {t.exam: t.language for t in by_id["25000003"].tasks}["E2"] == "anglais"
    plain = {t.exam: t for t in by_id["25000001"].tasks}
    assert plain["E4"].extra == 0 and plain["E4"].extra_loge == 0
    longer = {t.exam: t for t in by_id["25000002"].tasks}
    e4 = instance.exams["E4"]
    assert longer["E4"].extra == extra_time(e4.duration) > 0
    assert longer["E4"].extra_loge == extra_time(e4.loge) > 0
    assert by_id["25000001"].establishment == world.establishment.uai
    assert instance.exams["E5P"].needs_post and instance.exams["E5P"].group_size == 3
    assert instance.exams["E2"].language_bound
    names = {e.name: e for e in instance.examiners}
    assert names["LAMBERT Camille"].languages == {"anglais", "espagnol"}
    assert names["LAMBERT Camille"].available == {0, 1, 2, 3, 4, 5}
    assert names["LAMBERT Camille"].centres == {"C01", "C02"}
    # The candidate the exam office assigned to the annexe sits there.
    assert by_id["25000002"].centre == "C02" and by_id["25000001"].centre == "C01"


def test_an_assigned_centre_wins_over_the_serving_one_and_problems_are_listed_in_french():
    world = small_world()
    other = ExamCentre.objects.create(code="C03", name="Lycée Camus", academy=world.academy)
    CentreAssignment.objects.create(candidate=world.candidates[0], centre=other, reason="PMR")
    lost = CandidateFactory(session=world.session, academy=world.academy, number="25000009")
    world.examiners["lang"].withdrawn = True
    world.examiners["lang"].save()
    world.rooms["A"].active = False
    world.rooms["A"].save()
    instance, problems = instance_build(session=world.session, academy=world.academy)
    by_id = {c.id: c for c in instance.candidates}
    assert by_id["25000001"].centre == "C03"
    assert lost.number not in by_id
    assert any(lost.number in p and "aucun centre d'examen" in p for p in problems)
    assert "Le centre Lycée Camus n'ouvre aucune demi-journée des oraux." in problems
    assert any(p.startswith("E2 : aucun examinateur ne peut siéger") for p in problems)
    assert instance.withdrawn == {str(world.examiners["lang"].pk)}
    assert instance.rooms_lost == {str(world.rooms["A"].pk)}
    assert str(world.rooms["A"].pk) not in {r.id for c in instance.centres for r in c.rooms}


def test_without_a_window_of_orals_nothing_is_built_and_the_problem_is_said():
    world = small_world()
    from ndrc.web.scheduling.models import OralWindow

    OralWindow.objects.all().delete()
    instance, problems = instance_build(session=world.session, academy=world.academy)
    assert instance.candidates == ()
    assert problems == ["La période des oraux n'est pas renseignée pour cette académie."]


def test_resits_take_the_chosen_units_resit_orals_in_the_resit_days():
    world = small_world()
    instance, problems = instance_build(
        session=world.session,
        academy=world.academy,
        purpose=Schedule.RESIT,
        resits={world.candidates[1].pk: ["U1", "U2"], world.candidates[2].pk: ["U4"]},
    )
    # Only the candidates who chose; the first round's exams are not scheduled again.
    assert [c.id for c in instance.candidates] == ["25000002"]
    cu1, cu2 = instance.candidates[0].tasks
    assert (cu1.exam, cu1.language) == ("CU1", "")
    assert (cu2.exam, cu2.language) == ("CU2", world.candidates[1].lv1)
    # The candidate has extra time: a third more on the 20 min oral and its 20 min loge.
    assert (cu1.extra, cu1.extra_loge) == (extra_time(20), extra_time(20)) != (0, 0)
    assert instance.exams["CU1"].label == "Épreuve de contrôle — U1 Culture générale et expression"
    assert instance.exams["CU1"].seats[0].kinds == ("cge",)
    assert instance.exams["CU2"].language_bound
    # The centre opens no resit day yet: said, not raised.
    assert instance.half_days == ()
    assert "Aucun centre n'est ouvert pendant la période des oraux." in problems
    # A unit without an épreuve de contrôle is said, not dropped in silence; nobody can sit
    # in the CGE commission yet.
    assert any("25000003" in p and "U4" in p and "contrôle non planifié" in p for p in problems)
    assert any(p.startswith("CU1 : aucun examinateur ne peut siéger") for p in problems)
