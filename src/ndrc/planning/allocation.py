"""The half-days of the examiners who reach several centres, shared out between the centres
before each centre is solved on its own (design note « What works »: centres are solved
apart; an examiner's half-day serves one centre).

Every such half-day goes where the examiners of its kinds are scarcest against the sessions
needed, the centre's own examiners counted first. (A joint CP-SAT « supply » model of all
centres without the candidates was tried for this, D106: in 1-10 s it opened 104-115
centre-days where the per-centre solves open 82-85, so it is not used.)
"""

from __future__ import annotations

from collections import defaultdict

from ndrc.planning.aggregate import seat_eligible
from ndrc.planning.bounds import centre_demands
from ndrc.planning.instance import Centre, Examiner, Instance

Key = tuple[str, int]  # (examiner id, half-day index)


def allocate_shared(
    instance: Instance,
    order: list[Centre],
    busy: set[Key],
) -> dict[Key, str]:
    """Each half-day of an examiner who reaches several centres given to one centre, where
    the examiners of its kinds are scarcest against the sessions needed (sessions needed per
    exam, language and seat over examiner half-days already given, the centre's own
    examiners first)."""
    codes = {c.code for c in order}
    need: dict[str, dict[tuple[str, int, str], int]] = {}
    for centre in order:
        need[centre.code] = {
            (family, seat, language if seat == 0 else ""): demand
            for (family, language), demand in centre_demands(instance, centre).items()
            for seat in range(len(instance.exams[family].seats))
        }
    supply: dict[tuple[str, tuple[str, int, str]], float] = defaultdict(float)
    serves: dict[tuple[str, str], list[tuple[str, int, str]]] = {}
    shared: list[Examiner] = []
    for e in instance.examiners:
        if e.id in instance.withdrawn:
            continue
        reach = [c for c in order if c.code in e.centres]
        for centre in reach:
            serves[(e.id, centre.code)] = [
                key
                for key in need[centre.code]
                if seat_eligible(e, instance.exams[key[0]], key[1], key[2], centre)
            ]
        if len(reach) > 1:
            shared.append(e)
            continue
        for centre in reach:
            free = sum(1 for h in e.available & centre.open if (e.id, h) not in busy)
            for key in serves[(e.id, centre.code)]:
                supply[(centre.code, key)] += free
    owner: dict[Key, str] = {}
    by_code = {c.code: c for c in order}
    for h in range(len(instance.half_days)):
        for e in shared:
            if h not in e.available or (e.id, h) in busy or (e.id, h) in owner:
                continue
            best: tuple[float, str] | None = None
            for code in sorted(e.centres & codes):
                if h not in by_code[code].open:
                    continue
                keys = serves[(e.id, code)]
                score = max((need[code][k] / (1.0 + supply[(code, k)]) for k in keys), default=0.0)
                if best is None or score > best[0]:
                    best = (score, code)
            if best is None:
                continue
            owner[(e.id, h)] = best[1]
            for key in serves[(e.id, best[1])]:
                supply[(best[1], key)] += 1
    return owner
