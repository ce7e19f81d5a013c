"""What the exam office may add to lift an obstacle, one thing at a time, in French: an
examiner of each kind the centres' exams seat (of each language for a language's exam),
present at every half-day they open, and, for one centre, an oral room, a loge seat or a group
of computer posts. The programmes of `day_bound` (one centre, D135) and of `shared_bound`
(two centres that share examiners, D143) try each addition alone."""

from __future__ import annotations

from ndrc.planning.aggregate import of_language, units
from ndrc.planning.instance import Candidate, Centre, Examiner, Instance

Addition = tuple[str, tuple[Examiner, ...], tuple[int, int, int]]


# The kinds of examiner in words (the rules' `examiner_kinds`, which the planning does not
# import): (one, several).
_KINDS = {
    "professional": ("un professionnel", "des professionnels"),
    "language": ("un professeur de langue vivante", "des professeurs de langue vivante"),
    "cge": (
        "un professeur de culture générale et expression",
        "des professeurs de culture générale et expression",
    ),
    "cejm": ("un professeur de CEJM", "des professeurs de CEJM"),
}


def kind_words(kind: str, *, several: bool = False) -> str:
    """« un professeur du bloc 1 », « des professionnels »."""
    if kind.startswith("bloc") and kind[4:].isdigit():
        one, many = f"un professeur du bloc {kind[4:]}", f"des professeurs du bloc {kind[4:]}"
    else:
        one, many = _KINDS.get(kind, (f"un examinateur ({kind})", f"des examinateurs ({kind})"))
    return many if several else one


def examiner_additions(
    instance: Instance, centres: tuple[Centre, ...], candidates: list[Candidate]
) -> list[Addition]:
    """An examiner of each kind the candidates' exams seat, then of each language of a
    language's exam, who reaches every one of ``centres`` and is present at every half-day
    they open."""
    exams = instance.exams
    families = sorted({unit.family for c in candidates for unit in units(instance, c)})
    opened = frozenset().union(*(centre.open for centre in centres))
    reach = frozenset(centre.code for centre in centres)
    where = " de plus présent chaque demi-journée"
    if len(centres) == 2:
        where += ", pouvant se rendre dans les deux centres"
    elif len(centres) > 2:
        where += ", pouvant se rendre dans ces centres"

    def someone(kinds: frozenset[str], languages: frozenset[str]) -> tuple[Examiner, ...]:
        name = "~" + "+".join(sorted(kinds | languages))
        return (Examiner(name, "", "", kinds, languages, reach, opened),)

    kinds = sorted(
        {k for f in families for seat in exams[f].seats for k in seat.kinds} - {"language"}
    )
    out: list[Addition] = [
        (kind_words(kind) + where, someone(frozenset({kind}), frozenset()), (0, 0, 0))
        for kind in kinds
    ]
    languages = sorted(
        {
            unit.language
            for c in candidates
            for unit in units(instance, c)
            if exams[unit.family].language_bound and unit.language
        }
    )
    out += [
        (
            f"un examinateur {of_language(language)}{where}",
            someone(frozenset({"language"}), frozenset({language})),
            (0, 0, 0),
        )
        for language in languages
    ]
    return out


def additions(instance: Instance, centre: Centre, candidates: list[Candidate]) -> list[Addition]:
    """For one centre: an examiner of each kind and language (above), an oral room, a loge
    seat, a group of computer posts."""
    exams = instance.exams
    families = {unit.family for c in candidates for unit in units(instance, c)}
    group = max((exams[f].group_size for f in families if exams[f].needs_post), default=1)
    out = examiner_additions(instance, (centre,), candidates)
    out += [
        ("une salle d'oral de plus", (), (1, 0, 0)),
        ("une place de loge de plus", (), (0, 0, 1)),
        (f"{group} postes informatiques de plus", (), (0, 1, 0)),
    ]
    return out
