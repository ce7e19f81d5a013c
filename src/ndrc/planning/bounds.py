"""Lower bounds on a schedule's examiner half-days and centre-days, and the resource that
binds them, said in words for the exam office (design note « Honest lower bounds »).

Examiner half-days ≥ Σ over (centre, exam) of the sessions the candidates need, all languages
together (an examiner speaking two languages examines both in one session: counted per
language, the sum exceeded an exact optimum on a tiny instance) (⌈candidates / capacity per
session⌉, and ⌈minutes / usable minutes⌉ with extra time), times the seats of the commission
(the teacher's seat and the professional's counted separately).
Centre-days: for each resource of a centre, sort its daily capacities and take the fewest best
days that cover the demand (rooms, posts, loge seats and commissions against each exam's
sessions, all languages together: D135); the bound is the maximum over resources and the
resource reaching it is the binding one. A demand no set of days covers makes the instance
infeasible.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from ndrc.planning.aggregate import (
    centre_candidates,
    centre_length,
    french_day,
    of_language,
    seat_eligible,
    sessions_needed,
    units,
    usable_rooms,
)
from ndrc.planning.instance import Centre, Instance
from ndrc.planning.schedule import Binding, Bounds
from ndrc.planning.session_bound import exam_floors


@dataclass(frozen=True)
class _Resource:
    code: str
    label: str  # French, singular: « professionnel », « poste informatique »
    plural: str
    demand: int
    per_half: dict[int, int]  # half-day index → capacity (in the demand's unit)
    unit_factor: int = 1  # capacity units one item gives (3 candidates per group of posts)


def _days_needed(caps: list[int], demand: int) -> int | None:
    """The fewest days whose capacities cover the demand (None: no number of days does)."""
    if demand <= 0:
        return 0
    total = 0
    for count, cap in enumerate(sorted(caps, reverse=True), start=1):
        total += cap
        if total >= demand:
            return count
    return None


def _by_day(instance: Instance, per_half: dict[int, int]) -> dict[date, int]:
    out: dict[date, int] = defaultdict(int)
    for index, cap in per_half.items():
        out[instance.half_days[index].day] += cap
    return out


def _centre_resources(
    instance: Instance,
    centre: Centre,
    demands: dict[tuple[str, str], int],
    sessions: dict[str, int],
) -> list[_Resource]:
    """The centre's resources against their demands: examiners per (exam, language) against
    that language's sessions; seats, rooms, posts and loge seats against the sessions of each
    exam, all languages together (``sessions``: one session of a bilingual examiner may hold
    candidates of both languages, so the languages' counts are not added)."""
    opened = sorted(centre.open)
    exams = instance.exams
    resources: list[_Resource] = []
    reachable = [
        e for e in instance.examiners if centre.code in e.centres and e.id not in instance.withdrawn
    ]
    for (family, language), demand in sorted(demands.items()):
        exam = exams[family]
        per_half = {
            h: sum(
                1
                for e in reachable
                if h in e.available and seat_eligible(e, exam, 0, language, centre)
            )
            for h in opened
        }
        if exam.language_bound:
            code, label = f"language:{language}", f"examinateur {of_language(language)}"
            plural = f"examinateurs {of_language(language)}"
        else:
            code = "teacher:" + "+".join(exam.seats[0].kinds)
            label, plural = (
                f"examinateur de l'épreuve {family}",
                f"examinateurs de l'épreuve {family}",
            )
        resources.append(_Resource(code, label, plural, demand, per_half))
    two_seat = {f: d for f, d in sessions.items() if len(exams[f].seats) > 1}
    if two_seat:
        demand = sum(two_seat.values())
        second = {
            h: sum(
                1
                for e in reachable
                if h in e.available
                and any(seat_eligible(e, exams[f], 1, "", centre) for f in two_seat)
            )
            for h in opened
        }
        resources.append(
            _Resource("professional", "professionnel", "professionnels", demand, second)
        )
        orals, _posts = usable_rooms(instance, centre)
        first = {
            h: sum(
                1
                for e in reachable
                if h in e.available
                and any(seat_eligible(e, exams[f], 0, "", centre) for f in two_seat)
            )
            for h in opened
        }
        members = {
            h: sum(
                1
                for e in reachable
                if h in e.available
                and any(seat_eligible(e, exams[f], s, "", centre) for f in two_seat for s in (0, 1))
            )
            for h in opened
        }
        commissions = {h: min(first[h], second[h], members[h] // 2, orals) for h in opened}
        resources.append(
            _Resource(
                "commissions", "commission complète", "commissions complètes", demand, commissions
            )
        )
    orals, post_sessions = usable_rooms(instance, centre)
    oral_demand = sum(d for f, d in sessions.items() if not exams[f].needs_post)
    if oral_demand:
        resources.append(
            _Resource(
                "rooms", "salle d'oral", "salles d'oral", oral_demand, dict.fromkeys(opened, orals)
            )
        )
    post_demand = sum(d for f, d in sessions.items() if exams[f].needs_post)
    if post_demand:
        group = max(exams[f].group_size for f in sessions if exams[f].needs_post)
        resources.append(
            _Resource(
                "posts",
                "poste informatique",
                "postes informatiques",
                post_demand,
                dict.fromkeys(opened, post_sessions),
                unit_factor=group,
            )
        )
    loge_demand = sum(d for f, d in sessions.items() if exams[f].loge > 0)
    if loge_demand:
        resources.append(
            _Resource(
                "loge",
                "place de loge",
                "places de loge",
                loge_demand,
                dict.fromkeys(opened, centre.loge_seats),
            )
        )
    return resources


def _message(instance: Instance, centre: Centre, resource: _Resource, days: int | None) -> str:
    by_day = _by_day(instance, resource.per_half)
    caps = sorted(by_day.items(), key=lambda item: (-item[1], item[0]))
    if days is None:
        missing = (resource.demand - sum(by_day.values())) * resource.unit_factor
        if sum(by_day.values()) == 0 and resource.code.startswith("language:"):
            return f"aucun {resource.label} ne peut se rendre au centre {centre.name}"
        if resource.code in ("rooms", "posts", "loge"):
            halves = max(1, len(resource.per_half))
            count = -(-missing // (halves * resource.unit_factor)) * resource.unit_factor
            word = resource.label if count == 1 else resource.plural
            return (
                f"il manque {count} {word} au centre {centre.name}, à chacune de ses "
                f"{halves} demi-journées ouvertes"
            )
        unit = "demi-journée" if missing == 1 else "demi-journées"
        article = "d'" if resource.label[:1] in "aeéèêiîouyh" else "de "
        return (
            f"il manque {missing} {unit} {article}{resource.label} au centre {centre.name}, "
            f"même en ouvrant tous les jours"
        )
    if days <= 1:
        return f"au centre {centre.name}, un jour suffit ({resource.plural})"
    best = caps[: days - 1]
    shortfall = resource.demand - sum(cap for _day, cap in best)
    weakest_day = min(best, key=lambda item: (item[1], item[0]))[0]
    halves = max(1, sum(1 for h in centre.open if instance.half_days[h].day == weakest_day))
    count = -(-shortfall // halves) * resource.unit_factor
    word = resource.label if count == 1 else resource.plural
    return (
        f"il manque {count} {word} le {french_day(weakest_day)} au centre {centre.name} "
        f"pour tenir en {days - 1} jours au lieu de {days}"
    )


def centre_demands(instance: Instance, centre: Centre) -> dict[tuple[str, str], int]:
    """Sessions needed per (exam, language) at the centre (a lower bound)."""
    length = centre_length(instance, centre)
    slots: dict[tuple[str, str], list[int]] = defaultdict(list)
    for candidate in centre_candidates(instance).get(centre.code, []):
        for unit in units(instance, candidate):
            slots[(unit.family, unit.language)].append(unit.slot)
    return {
        key: sessions_needed(instance.exams[key[0]], length, value) for key, value in slots.items()
    }


def _unservable(instance: Instance, centre: Centre) -> list[Binding]:
    """Groups of candidates no examiner may take (wrong language, own establishment…)."""
    out: list[Binding] = []
    seen: set[tuple[str, str, str]] = set()
    examiners = [
        e
        for e in instance.examiners
        if e.id not in instance.withdrawn and centre.code in e.centres and e.available & centre.open
    ]
    max_units = 0
    for candidate in centre_candidates(instance).get(centre.code, []):
        cand_units = units(instance, candidate)
        max_units = max(max_units, len(cand_units))
        for unit in cand_units:
            key = (unit.family, unit.language, candidate.establishment)
            if key in seen:
                continue
            seen.add(key)
            exam = instance.exams[unit.family]
            for seat in range(len(exam.seats)):
                able = [e for e in examiners if seat_eligible(e, exam, seat, unit.language, centre)]
                if not able:
                    if exam.language_bound and seat == 0:
                        text = (
                            f"aucun examinateur {of_language(unit.language)} "
                            f"ne peut se rendre au centre {centre.name}"
                        )
                        code = f"language:{unit.language}"
                    else:
                        text = (
                            f"aucun examinateur ne peut siéger pour l'épreuve {unit.family} "
                            f"au centre {centre.name}"
                        )
                        code = "teacher:" + "+".join(exam.seats[seat].kinds)
                    if all(b.message != text for b in out):
                        out.append(Binding(code, centre.code, text))
                elif candidate.establishment and all(
                    e.establishment == candidate.establishment for e in able
                ):
                    out.append(
                        Binding(
                            f"establishment:{candidate.establishment}",
                            centre.code,
                            f"au centre {centre.name}, les seuls examinateurs possibles pour "
                            f"l'épreuve {unit.family} des candidats de l'établissement "
                            f"{candidate.establishment} en viennent eux-mêmes",
                        )
                    )
    if max_units > len(centre.open):
        out.append(
            Binding(
                "days",
                centre.code,
                f"le centre {centre.name} n'ouvre que {len(centre.open)} demi-journées "
                f"pour des candidats qui ont {max_units} épreuves à passer",
            )
        )
    return out


def lower_bounds(instance: Instance) -> Bounds:
    per_centre: dict[str, tuple[int, int]] = {}
    bindings: list[Binding] = []
    infeasible_bindings: list[Binding] = []
    total_half_days = 0
    total_days = 0
    for centre in instance.centres:
        demands = centre_demands(instance, centre)
        if not demands:
            per_centre[centre.code] = (0, 0)
            continue
        infeasible_bindings.extend(_unservable(instance, centre))
        # Per exam, all languages together: one examiner speaking two languages examines
        # candidates of both in one session (per language, the sum could exceed an optimum).
        # The sessions by examiners' kinds (`session_bound`) are never fewer than the count.
        sessions = exam_floors(
            instance,
            centre,
            centre_candidates(instance)[centre.code],
            centre_length(instance, centre),
        )
        examiner_half_days = sum(d * len(instance.exams[f].seats) for f, d in sessions.items())
        best_days = 0
        best: tuple[_Resource, int | None] | None = None
        for resource in _centre_resources(instance, centre, demands, sessions):
            caps = list(_by_day(instance, resource.per_half).values())
            days = _days_needed(caps, resource.demand)
            if days is None:
                said = Binding(
                    resource.code, centre.code, _message(instance, centre, resource, None)
                )
                if said not in infeasible_bindings:
                    infeasible_bindings.append(said)
                continue
            if days > best_days:
                best_days, best = days, (resource, days)
        max_units = max(
            (len(units(instance, c)) for c in centre_candidates(instance)[centre.code]), default=0
        )
        halves_per_day = max(_by_day(instance, dict.fromkeys(centre.open, 1)).values(), default=1)
        by_units = -(-max_units // halves_per_day)
        if by_units > best_days:
            best_days, best = by_units, None
            bindings.append(
                Binding(
                    "days",
                    centre.code,
                    f"au centre {centre.name}, des candidats ont {max_units} épreuves à passer, "
                    f"une par demi-journée : il faut au moins {by_units} jours",
                )
            )
        if best is not None:
            resource, days = best
            bindings.append(
                Binding(resource.code, centre.code, _message(instance, centre, resource, days))
            )
        per_centre[centre.code] = (examiner_half_days, best_days)
        total_half_days += examiner_half_days
        total_days += best_days
    known = {centre.code for centre in instance.centres}
    for code in sorted({c.centre for c in instance.candidates} - known):
        infeasible_bindings.append(
            Binding(
                "centre",
                code,
                f"des candidats sont affectés au centre {code or '(aucun)'}, "
                "qui n'est pas un centre d'examen de la session",
            )
        )
    # An examiner's half-day serves one centre: the session's whole demand against the supply.
    needed = total_half_days
    supply = sum(
        len(e.available)
        for e in instance.examiners
        if e.id not in instance.withdrawn and any(c.code in e.centres for c in instance.centres)
    )
    if needed > supply:
        infeasible_bindings.append(
            Binding(
                "examiners",
                "",
                f"il manque {needed - supply} demi-journées d'examinateurs sur la session "
                f"({needed} nécessaires, {supply} disponibles)",
            )
        )
    return Bounds(
        examiner_half_days=total_half_days,
        centre_days=total_days,
        per_centre=per_centre,
        binding=tuple(infeasible_bindings) if infeasible_bindings else tuple(bindings),
        infeasible=bool(infeasible_bindings),
    )
