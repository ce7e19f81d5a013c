"""Why a centre has no schedule beside the others when it has one alone (DEC D143): the
examiners it shares with other centres are too few for them together.

The solver finds it when a centre has a schedule with every examiner who can reach it but
none with what the other centres leave. Then the programmes of `day_bound` of the centre and
of each centre it shares examiners with are put together (`shared_bound.pair_holds`, each
examiner one seat per half-day over both): where CP-SAT proves that two centres cannot hold
together, no schedule exists, and the pair is named with the examiners they share and what
would lift it (an examiner of a kind or of a language reaching both, tried alone). Where no
pair's programme tells it in its time, the centre is named with the centres and examiners it
shares, and the resources relaxed one at a time (`diagnosis`) say the rest.
"""

from __future__ import annotations

import time
from collections import defaultdict

from ndrc.planning.additions import examiner_additions
from ndrc.planning.instance import Candidate, Centre, Examiner, Instance
from ndrc.planning.schedule import Binding
from ndrc.planning.shared_bound import pair_holds

PAIR_SECONDS = 1.0  # per pair: a small instance's pair is proved in a few hundredths of a second
HELP_SECONDS = 0.5  # per addition tried on a pair
NAMES = 3  # at most this many examiners named in a message; more are counted


def partners(
    instance: Instance, code: str, by_centre: dict[str, list[Candidate]]
) -> list[tuple[str, list[Examiner]]]:
    """The centres with candidates that share examiners with centre ``code``, and those
    examiners, the most shared first."""
    shared: dict[str, list[Examiner]] = defaultdict(list)
    for examiner in instance.examiners:
        if examiner.id in instance.withdrawn or code not in examiner.centres:
            continue
        for other in sorted(examiner.centres - {code}):
            if by_centre.get(other):
                shared[other].append(examiner)
    return sorted(shared.items(), key=lambda item: (-len(item[1]), item[0]))


def _names(examiners: list[Examiner]) -> str:
    """« (DUPONT Marie, MARTIN Paul) », or nothing when there are more than ``NAMES`` (a long
    list would hide the ones that matter)."""
    if len(examiners) > NAMES:
        return ""
    return f" ({', '.join(sorted(e.name for e in examiners))})"


def _who(examiners: list[Examiner]) -> str:
    """« un examinateur (DUPONT Marie) », « 14 examinateurs »."""
    count = "un examinateur" if len(examiners) == 1 else f"{len(examiners)} examinateurs"
    return count + _names(examiners)


def pair_short(
    instance: Instance,
    centre: Centre,
    by_centre: dict[str, list[Candidate]],
    *,
    deadline: float,
    workers: int = 2,
) -> Binding | None:
    """The first centre sharing examiners with ``centre`` with which it is proven unable to
    hold, said in words with what would lift it; None when no pair is proven so by
    ``deadline``."""
    for other, examiners in partners(instance, centre.code, by_centre):
        left = deadline - time.monotonic()
        if left < 0.1:
            return None
        pair = (centre.code, other)
        if (
            pair_holds(
                instance, pair, by_centre, time_limit=min(PAIR_SECONDS, left), workers=workers
            )
            is not False
        ):
            continue
        both = (centre, instance.centre(other))
        helps: list[str] = []
        for words, extra, _more in examiner_additions(
            instance, both, by_centre[centre.code] + by_centre[other]
        ):
            left = deadline - time.monotonic()
            if left < 0.1:
                break
            if pair_holds(
                instance,
                pair,
                by_centre,
                time_limit=min(HELP_SECONDS, left),
                workers=workers,
                extra=extra,
            ):
                helps.append(words)
        message = (
            f"les centres {centre.name} et {both[1].name} partagent {_who(examiners)} : à eux "
            "deux, aucun choix de jours ne leur réunit assez d'examinateurs pour chaque "
            "épreuve et chaque langue (un examinateur ne tient qu'une place par demi-journée)"
        )
        if helps:
            message += f" ; ce qui lèverait cet obstacle à lui seul : {', ou '.join(helps)}"
        return Binding("sharing", centre.code, message)
    return None


def too_few_shared(
    instance: Instance, centre: Centre, by_centre: dict[str, list[Candidate]]
) -> Binding:
    """The centre that has a schedule alone and none beside the others, said in words."""
    shared = partners(instance, centre.code, by_centre)
    places = [instance.centre(code).name for code, _examiners in shared]
    examiners = list({e.id: e for _code, es in shared for e in es}.values())
    message = (
        f"au centre {centre.name}, un planning existe avec tous les examinateurs qui peuvent "
        "s'y rendre, mais aucun avec ce que les autres centres en laissent"
    )
    if places:
        centres = ", ".join(places[:-1]) + (" et " if len(places) > 1 else "") + places[-1]
        if len(examiners) == 1:
            said = f"l'examinateur{_names(examiners)} qu'il partage avec {centres} ne suffit"
        else:
            said = f"les {_who(examiners)} qu'il partage avec {centres} ne suffisent"
        message += f" : {said} pas à tous ces centres (un examinateur ne tient qu'une place "
        message += "par demi-journée)"
    return Binding("sharing", centre.code, message)
