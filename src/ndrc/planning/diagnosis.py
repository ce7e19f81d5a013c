"""Why a centre has no schedule: one resource relaxed at a time (rooms, posts, loge seats,
half-days, examiners of each kind); the ones whose relaxing makes a schedule name the cause,
in words for the exam office (design note « Honest lower bounds, and the binding resource »)."""

from __future__ import annotations

from ndrc.planning.additions import kind_words
from ndrc.planning.centre_model import Relax, Used, solve_centre
from ndrc.planning.instance import Candidate, Centre, Examiner, Instance
from ndrc.planning.schedule import Binding


def diagnose(
    instance: Instance,
    centre: Centre,
    candidates: list[Candidate],
    used: Used,
    previous: dict[tuple[str, str], int],
    budget: float,
    workers: int,
) -> tuple[Binding, ...]:
    """Relax one resource at a time; the ones whose relaxing makes a schedule name the cause."""
    halves = frozenset(range(len(instance.half_days)))
    every = frozenset(c.code for c in instance.centres)
    trials: list[tuple[str, str, Relax]] = [
        ("rooms", f"il manque des salles d'oral au centre {centre.name}", Relax(rooms=True)),
        (
            "posts",
            f"il manque des postes informatiques au centre {centre.name}",
            Relax(posts=True),
        ),
        ("loge", f"il manque des places de loge au centre {centre.name}", Relax(loge=True)),
        (
            "days",
            f"le centre {centre.name} n'ouvre pas assez de demi-journées",
            Relax(halves=True),
        ),
    ]
    kinds = sorted(
        {k for exam in instance.exams.values() for seat in exam.seats for k in seat.kinds}
    )
    for kind in kinds:
        extra = tuple(
            Examiner(
                f"~{kind}{i}",
                "",
                f"~{i}",
                frozenset({kind}),
                frozenset(t.language for c in candidates for t in c.tasks if t.language),
                every,
                halves,
            )
            for i in range(6)
        )
        word = kind_words(kind, several=kind != "professional") + " de plus"
        trials.append(
            (
                f"teacher:{kind}" if kind != "professional" else "professional",
                f"il faut {word} au centre {centre.name}",
                Relax(extra=extra),
            )
        )
    found = []
    share = max(0.5, budget / max(1, len(trials)))
    for code, message, relax in trials:
        result = solve_centre(
            instance, centre, candidates, used, previous, share, workers, relax, detail=False
        )
        if result.status in ("optimal", "feasible"):
            found.append(Binding(code, centre.code, message))
    if not found:
        found.append(
            Binding(
                "combined",
                centre.code,
                f"aucune ressource seule ne suffit au centre {centre.name} : "
                "plusieurs manquent à la fois",
            )
        )
    return tuple(found)
