"""Exchanges of shared examiners' half-days between neighbouring centres (DEC D110).

Each centre is solved apart (design note « What works »), so how the shared examiners' half-
days are shared out decides how close the centres get to their days' bounds together: alone,
with every examiner who can reach it, a centre often holds in its bound where, with the share
it got, it needs a day more.

So a centre still above its floor asks for one day fewer with every examiner who can reach it,
except the half-days another centre's schedule uses and where no free examiner could take that
place (a « stand-in »: free that half-day, able to reach that centre, the same seat, the
candidates' languages, none of their establishments). Each centre it takes from gets its
stand-ins in its solution, as the hint of a new first solution on no more days than it has.
The exchange is kept only when all of them hold; otherwise nothing changes.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from ndrc.planning.aggregate import seat_eligible
from ndrc.planning.centre_model import CentreResult, with_pairing
from ndrc.planning.instance import Candidate, Centre, Examiner, Instance
from ndrc.planning.sharing import Key, Sharing, days_by_load, in_use

TRIAL_SECONDS = 2.5  # a centre's trial with one day fewer
REDO_SECONDS = 3.0  # a neighbour solved again from its stand-ins


Role = tuple[str, str, tuple[tuple[str, str, str, int], ...]]  # (y or y2, exam, groups)


def roles_of(values: dict[tuple[str, Any], int]) -> dict[Key, Role]:
    """What each examiner's half-day a solution uses holds: the seat (« y » first, « y2 »
    second), the exam, and the groups of candidates it examines (first seat)."""
    groups: dict[Key, list[tuple[str, str, str, int]]] = {}
    for (name, k), v in values.items():
        if name == "x" and v:
            groups.setdefault((k[1], k[2]), []).append(k[0])
    out: dict[Key, Role] = {}
    for (name, k), v in values.items():
        if name in ("y", "y2") and v:
            out[(k[0], k[1])] = (name, k[2], tuple(groups.get((k[0], k[1]), ())))
    return out


def _stand_in(
    instance: Instance, centre: Centre, role: Role, held: Examiner, h: int, free: set[Key]
) -> Examiner | None:
    """A free examiner who can take that place at the centre on half-day ``h`` (same seat,
    the groups' languages, none of their establishments)."""
    kind, family, groups = role
    exam = instance.exams[family]
    for e in instance.examiners:
        if (e.id, h) not in free or centre.code not in e.centres:
            continue
        if kind == "y":
            able = all(
                seat_eligible(e, exam, 0, g[2], centre) and not (g[0] and g[0] == e.establishment)
                for g in groups
            )
        else:
            able = seat_eligible(e, exam, 1, "", centre) and e.establishment in (
                "",
                held.establishment,
            )
        if able:
            return e
    return None


def _swapped(
    instance: Instance,
    centre: Centre,
    values: dict[tuple[str, Any], int],
    lost: set[Key],
    free: set[Key],
) -> tuple[dict[tuple[str, Any], int], set[Key]]:
    """The centre's solution with a stand-in for each lost half-day that has one, and the
    stand-ins' half-days."""
    by_id = {e.id: e for e in instance.examiners}
    roles = roles_of(values)
    out = dict(values)
    taken: set[Key] = set()
    for key in sorted(lost):
        eid, h = key
        if key not in roles:
            continue
        e = _stand_in(instance, centre, roles[key], by_id[eid], h, free - taken)
        if e is None:
            continue
        taken.add((e.id, h))
        for (name, k), v in list(out.items()):
            if not v:
                continue
            if name == roles[key][0] and k[0] == eid and k[1] == h:
                out[(name, k)] = 0
                out[(name, (e.id, h, k[2]))] = 1
            elif name == "x" and k[1] == eid and k[2] == h:
                out[(name, k)] = 0
                out[(name, (k[0], e.id, h))] = v
    return out, taken


@dataclass
class Exchange:
    """The centres' best solutions so far and the owners of the half-days, changed together
    by each exchange kept."""

    instance: Instance
    sharing: Sharing
    best: dict[str, CentreResult]
    chosen: dict[str, frozenset[date] | None]
    by_centre: dict[str, list[Candidate]]
    order: list[Centre]
    workers: int

    def attempt(
        self,
        centre: Centre,
        *,
        limit: float,
        fewer: int,
        until: float,
    ) -> str:
        """One trial of the centre on that many days, by exchange: its status, or
        « rejected » when a centre it takes from no longer holds (nothing changed)."""
        instance, sharing, best = self.instance, self.sharing, self.best
        code = centre.code
        by_code = {c.code: c for c in self.order}
        users: dict[Key, str] = {}
        for other, result in best.items():
            if other != code:
                for key in in_use(result):
                    users[key] = other
        free = _free(instance, sharing, best)
        roles = {other: roles_of(best[other].values) for other in best if other != code}
        by_id = {e.id: e for e in instance.examiners}
        costly = frozenset(
            k
            for k, other in users.items()
            if sharing.reaches(k, centre)
            and (
                k not in roles[other]
                or _stand_in(instance, by_code[other], roles[other][k], by_id[k[0]], k[1], free)
                is None
            )
        )
        forbidden = copy.deepcopy(sharing.used)
        forbidden.examiner.update(costly)
        trial = with_pairing(
            instance,
            centre,
            self.by_centre[code],
            forbidden,
            {},
            limit,
            self.workers,
            None,
            hint=best[code].values,
            stop_at_first=True,
            detail=False,
            max_days=fewer,
        )

        if trial.status not in ("optimal", "feasible"):
            return trial.status
        wanted = in_use(trial)
        hit = sorted({users[k] for k in wanted if k in users})
        again: dict[str, CentreResult] = {}
        stand_ins: set[Key] = set()
        for other in hit:
            left = until - time.monotonic()
            if left < 0.5:
                return "rejected"
            lost = {k for k in wanted if users.get(k) == other}
            hint, standing = _swapped(
                instance, by_code[other], best[other].values, lost, free - wanted - stand_ins
            )
            share = sharing.share_of(other)
            share.examiner.update(wanted)
            share.examiner.difference_update(standing)
            redo = with_pairing(
                instance,
                by_code[other],
                self.by_centre[other],
                share,
                {},
                min(left, REDO_SECONDS),
                self.workers,
                None,
                hint=hint,
                stop_at_first=True,
                detail=False,
                max_days=best[other].days,
            )
            if redo.status not in ("optimal", "feasible"):
                return "rejected"
            again[other] = redo
            stand_ins |= standing
        for key in wanted:
            sharing.owner[key] = code
        for other, result in again.items():
            for key in in_use(result):
                sharing.owner[key] = other
        for other, result in (*again.items(), (code, trial)):
            best[other] = result
            self.chosen[other] = frozenset(days_by_load(instance, result))
        return trial.status


def exchange_days(
    *,
    instance: Instance,
    sharing: Sharing,
    best: dict[str, CentreResult],
    chosen: dict[str, frozenset[date] | None],
    by_centre: dict[str, list[Candidate]],
    order: list[Centre],
    floor: dict[str, int],
    workers: int,
    until: float,
) -> int:
    """Centres above their floor, smallest first, each tries one day fewer by exchange until
    one fails or the time is up; ``best``, ``chosen`` and the owners of the half-days are
    updated in place. Returns the days gained."""
    exchange = Exchange(instance, sharing, best, chosen, by_centre, order, workers)
    gained = 0
    for centre in sorted(order, key=lambda c: (len(by_centre[c.code]), c.code)):
        code = centre.code
        while best[code].days > floor[code]:
            left = until - time.monotonic()
            if left < 2.0:
                return gained
            status = exchange.attempt(
                centre, limit=min(left, TRIAL_SECONDS), fewer=best[code].days - 1, until=until
            )
            if status not in ("optimal", "feasible"):
                break
            gained += 1
    return gained


def _free(instance: Instance, sharing: Sharing, best: dict[str, CentreResult]) -> set[Key]:
    """The examiners' half-days no centre's solution uses (and nothing forbids)."""
    busy = set().union(*(in_use(r) for r in best.values())) | sharing.used.examiner
    return {
        (e.id, h)
        for e in instance.examiners
        if e.id not in instance.withdrawn
        for h in e.available
        if (e.id, h) not in busy
    }
