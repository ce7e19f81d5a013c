"""The benchmark's instance generator: deterministic per seed, the sizes asked, every
candidate's tasks consistent with the exams, the tiers' tightness and the infeasible tier's
missing resource."""

from __future__ import annotations

from collections import Counter

import pytest
from benchmarks.scheduling_benchmark import exam_kinds

from ndrc.planning.generator import generate
from ndrc.planning.instance import Instance
from ndrc.rules.exam_days import extra_time

EXAMS = exam_kinds("R2023")


def small(tier: str, seed: int) -> Instance:
    return generate(
        tier=tier, seed=seed, candidates=600, centres=3, days=4, exams=EXAMS, extra_time=extra_time
    )


def test_the_same_seed_gives_the_same_instance_and_another_seed_another() -> None:
    assert small("realistic", 7) == small("realistic", 7)
    assert small("realistic", 7) != small("realistic", 8)


def test_the_full_size_has_the_candidates_centres_days_and_establishments_asked() -> None:
    instance = generate(tier="realistic", seed=1, exams=EXAMS, extra_time=extra_time)
    assert len(instance.candidates) == 5000
    assert len(instance.centres) == 12
    assert len(instance.half_days) == 20
    assert len({h.day for h in instance.half_days}) == 10
    assert all(h.day.weekday() < 5 for h in instance.half_days)
    establishments = {c.establishment for c in instance.candidates if c.establishment}
    assert 40 <= len(establishments) <= 80
    assert {c.centre for c in instance.candidates} == {c.code for c in instance.centres}
    languages = Counter(t.language for c in instance.candidates for t in c.tasks if t.exam == "E2")
    assert languages.most_common(1)[0][0] == "en"
    assert 0.7 < languages["en"] / sum(languages.values()) < 0.9
    share = [len(e.available) / len(instance.half_days) for e in instance.examiners]
    assert min(share) >= 0.35 and max(share) <= 0.85


@pytest.mark.parametrize("tier", ["easy", "realistic", "tight", "infeasible"])
def test_every_candidates_tasks_are_consistent_with_the_exams(tier: str) -> None:
    instance = small(tier, 3)
    for candidate in instance.candidates:
        exams = [t.exam for t in candidate.tasks]
        assert len(exams) == len(set(exams))
        assert "E5P" in exams
        assert ("E4" in exams) == ("E6" in exams)
        if "EF2" in exams:
            assert "E6" in exams
        for task in candidate.tasks:
            exam = instance.exams[task.exam]
            assert bool(task.language) == exam.language_bound
            assert task.extra in (0, extra_time(exam.duration))
            assert task.extra_loge in (0, extra_time(exam.loge))
    assert any(t.extra for c in instance.candidates for t in c.tasks)
    kinds = {k for e in instance.examiners for k in e.kinds}
    assert {"bloc1", "bloc3", "professional", "language"} <= kinds
    for centre in instance.centres:
        assert centre.loge_seats > 0
        assert sum(r.posts for r in centre.rooms) >= 3
        assert centre.open


def test_a_tighter_tier_offers_fewer_examiner_half_days() -> None:
    supply = {
        tier: sum(len(e.available) for e in small(tier, 5).examiners)
        for tier in ("easy", "realistic", "tight")
    }
    assert supply["easy"] > supply["realistic"] > supply["tight"]


def test_the_infeasible_tier_misses_a_language_or_opens_a_centre_too_little() -> None:
    even = small("infeasible", 2)
    spoken = {lang for e in even.examiners for lang in e.languages}
    asked = {t.language for c in even.candidates for t in c.tasks if t.language}
    assert asked - spoken == {"pt"}
    odd = small("infeasible", 3)
    assert min(len(c.open) for c in odd.centres) <= 2
    assert {lang for e in odd.examiners for lang in e.languages} >= {
        t.language for c in odd.candidates for t in c.tasks if t.language
    }


def test_an_unknown_tier_is_refused_in_words() -> None:
    with pytest.raises(ValueError, match="Niveau inconnu"):
        generate(tier="moyen", seed=1, exams=EXAMS)


def test_the_exams_come_from_the_rules_core_of_each_regulation() -> None:
    r2023, r2018 = exam_kinds("R2023"), exam_kinds("R2018")
    assert set(r2023) == {"E2", "E4", "E5P", "E6", "EF1", "EF2"}
    assert (r2023["E4"].loge, r2023["E4"].duration, r2018["E4"].duration) == (40, 40, 60)
    assert (r2023["E6"].duration, r2018["E6"].duration) == (30, 40)
    assert (r2023["E5P"].group_size, r2023["E5P"].needs_post) == (3, True)
    assert r2023["EF2"].follows == "E6" and r2023["E2"].language_bound
    assert [s.kinds[0] for s in r2023["E4"].seats] == ["bloc1", "professional"]
