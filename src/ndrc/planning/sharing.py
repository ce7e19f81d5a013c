"""Who holds each examiner's half-day during one solve: the centre it is given to (`owner`,
first from `allocation.allocate_shared`), each centre's current solution and the examiner
half-days it uses. A centre may use only the half-days it owns (`share_of`); a centre that
records a solution owns what it uses (`record`); a centre short of examiners may take the
half-days the others own but do not use (`take_unheld` while the first schedules are made,
`lend_unused` against the others' best solutions afterwards)."""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ndrc.planning.centre_model import CentreResult, Used
from ndrc.planning.instance import Centre, Instance

Key = tuple[str, int]  # (examiner id, half-day index)


def in_use(result: CentreResult) -> set[Key]:
    """The examiners' half-days a centre's solution uses."""
    return {
        (k[1][0], k[1][1]) for k, value in result.values.items() if k[0] in ("y", "y2") and value
    }


@dataclass
class Sharing:
    instance: Instance
    used: Used  # what nobody may use (the kept part of a re-planning)
    owner: dict[Key, str]
    results: dict[str, CentreResult] = field(default_factory=dict)
    usage: dict[str, set[Key]] = field(default_factory=dict)
    reach: dict[str, frozenset[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.reach = {e.id: e.centres for e in self.instance.examiners}

    def reaches(self, key: Key, centre: Centre) -> bool:
        """Whether the examiner's half-day may serve the centre."""
        return centre.code in self.reach[key[0]] and key[1] in centre.open

    def share_of(self, code: str) -> Used:
        """What the centre may not use: the base, and the half-days given to another
        centre."""
        mine = copy.deepcopy(self.used)
        mine.examiner.update(k for k, c in self.owner.items() if c != code)
        return mine

    def record(self, code: str, result: CentreResult) -> None:
        self.results[code] = result
        self.usage[code] = {(e, s.half_day) for s in result.sittings for e in s.examiners}
        for k in self.usage[code]:
            self.owner[k] = code

    def take_unheld(self, centre: Centre) -> None:
        """Every half-day another centre owns but its recorded solution does not use, given
        to this centre."""
        held = set().union(*(u for c, u in self.usage.items() if c != centre.code))
        for key, code in list(self.owner.items()):
            if code != centre.code and key not in held and self.reaches(key, centre):
                self.owner[key] = centre.code

    def lend_unused(self, centre: Centre, best: dict[str, CentreResult]) -> bool:
        """The half-days other centres own but their best solutions do not use, given to
        this one (those solutions stay as they are). Whether any was."""
        taken = False
        for other, result in best.items():
            if other == centre.code:
                continue
            busy = in_use(result)
            for key, code in self.owner.items():
                if code == other and key not in busy and self.reaches(key, centre):
                    self.owner[key] = centre.code
                    taken = True
        return taken


def days_by_load(instance: Instance, result: CentreResult) -> list[date]:
    """The days a solution opens, the fewest sessions first."""
    load: dict[date, int] = defaultdict(int)
    for key, value in result.values.items():
        if key[0] in ("y", "y2") and value:
            load[instance.half_days[key[1][1]].day] += 1
    return sorted(load, key=lambda day: (load[day], day))
