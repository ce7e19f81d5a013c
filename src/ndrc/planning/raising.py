"""A centre's days' bound raised where a proof says it needs more days, and that proof said
in words as the centre's binding resource: the relaxation of `day_bound` (D135), or the
centre's whole model with every examiner who can reach it (`improvement`). The pairs of
centres of `shared_bound` (D138) keep counting what they add beyond their centres' days."""

from __future__ import annotations

from dataclasses import replace

from ndrc.planning.instance import Instance
from ndrc.planning.schedule import Binding, Bounds, centre_days_of


def raise_days(
    instance: Instance,
    bounds: Bounds,
    proven: dict[str, int],
    *,
    by: str,
    helps: dict[str, list[str]] | None = None,
) -> Bounds:
    """The centre-days bound raised where a proof says a centre needs more days, the binding
    resource of that centre said as such (``by``: « relaxation », the programme above, with
    ``helps``, what would let it hold in a day fewer; « proof », the centre's whole model
    with every examiner who can reach it)."""
    raised = {
        code: (halves, max(days, proven.get(code, 0)))
        for code, (halves, days) in bounds.per_centre.items()
    }
    higher = {code for code in raised if raised[code][1] > bounds.per_centre[code][1]}
    if not higher:
        return bounds
    adding = {a for (a, b), days in bounds.together if days > raised[a][1] + raised[b][1]}
    binding = [
        b
        for b in bounds.binding
        if (b.resource == "sharing" and b.centre in adding)
        or (b.resource != "sharing" and b.centre not in higher)
    ]
    for code in sorted(higher):
        days = raised[code][1]
        fewer = "un jour" if days == 2 else f"{days - 1} jours"
        name = instance.centre(code).name
        if by == "relaxation":
            message = (
                f"au centre {name}, il faut au moins {days} jours : en {fewer}, aucun choix "
                "de jours ne réunit à la fois assez d'examinateurs pour chaque épreuve et chaque "
                "langue, de commissions complètes, de salles, de postes et de places de loge"
            )
            added = (helps or {}).get(code, [])
            if added:
                message += f" ; ce qui lèverait cet obstacle à lui seul : {', ou '.join(added)}"
        else:
            message = (
                f"au centre {name}, il faut au moins {days} jours : le solveur prouve "
                f"qu'aucun planning ne tient en {fewer}, même avec tous les examinateurs "
                "qui peuvent s'y rendre"
            )
        binding.append(Binding(by, code, message))
    return replace(
        bounds,
        per_centre=raised,
        centre_days=centre_days_of(raised, bounds.together),
        binding=tuple(binding),
    )
