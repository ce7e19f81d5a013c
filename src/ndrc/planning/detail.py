"""A centre's aggregated solution detailed into sittings: each candidate's units to half-days
(König: `colouring.split_counts`), candidates to the examiners' sessions, the second members
of two-member commissions by matching (never one of the candidates' establishment), then rooms
and minutes (E5 practical in rounds of the group size; each oral after the longest loge)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ndrc.planning.aggregate import Unit
from ndrc.planning.colouring import max_matching, split_counts
from ndrc.planning.instance import Candidate, Centre, Examiner, Instance, Room
from ndrc.planning.schedule import Sitting


class PairingFailed(Exception):
    """No pairing of the commissions' two members on that half-day: the solver is asked
    again with one commission fewer of that exam there."""

    def __init__(self, half: int, exam: str, commissions: int) -> None:
        super().__init__(f"{exam}@{half}")
        self.half, self.exam, self.commissions = half, exam, commissions


def detail_sittings(
    instance: Instance,
    centre: Centre,
    profiles: dict[tuple[Any, ...], list[tuple[Candidate, tuple[Unit, ...]]]],
    counts: dict[tuple[tuple[Any, ...], int, int], int],
    xs: dict[tuple[tuple[str, str, str, int], str, int], int],
    ys: list[tuple[str, int, str]],
    y2s: list[tuple[str, int, str]],
    free_rooms: dict[int, list[Room]],
    by_id: dict[str, Examiner],
) -> list[Sitting]:
    exams = instance.exams
    # 1. Each candidate's units to half-days (König).
    pool: dict[tuple[tuple[str, str, str, int], int], list[tuple[Candidate, Unit]]] = defaultdict(
        list
    )
    by_unit: dict[tuple[tuple[Any, ...], int], dict[int, int]] = defaultdict(dict)
    for (k, i, h), c in counts.items():
        if c > 0:
            by_unit[(k, i)][h] = c
    for key, members in profiles.items():
        per_unit = [by_unit.get((key, index), {}) for index in range(len(key[1]))]
        for (candidate, cand_units), timetable in zip(
            members, split_counts(len(members), per_unit), strict=True
        ):
            for index, h in timetable.items():
                unit = cand_units[index]
                pool[((key[0], unit.family, unit.language, unit.slot), h)].append((candidate, unit))
    # 2. Candidates to the examiners' sessions.
    sessions: dict[tuple[str, int, str], list[tuple[Candidate, Unit]]] = defaultdict(list)
    for (g, eid, h), count in sorted(
        xs.items(), key=lambda item: (item[0][2], item[0][1], item[0][0])
    ):
        for _ in range(count):
            sessions[(eid, h, g[1])].append(pool[(g, h)].pop())
    # 3. Second members by matching (never one of the candidates' establishment).
    partner: dict[tuple[str, int, str], str] = {}
    for h, family in sorted({(h, f) for (_e, h, f) in ys if len(exams[f].seats) > 1}):
        firsts = [k for k in ys if k[1] == h and k[2] == family]
        seconds = [eid for (eid, hh, f) in y2s if hh == h and f == family]
        ests = {k: {c.establishment for c, _u in sessions.get(k, [])} for k in firsts}

        def compatible(
            k: tuple[str, int, str], s: str, ests: dict[tuple[str, int, str], set[str]] = ests
        ) -> bool:
            return not by_id[s].establishment or by_id[s].establishment not in ests[k]

        matching = max_matching(firsts, seconds, compatible)
        if len(matching) < len(firsts):
            raise PairingFailed(h, family, len(firsts) - 1)
        partner.update(matching)
    # 4. Rooms and minutes.
    sittings: list[Sitting] = []
    for h in sorted({k[1] for k in ys}):
        half = instance.half_days[h]
        oral_rooms = [r for r in free_rooms[h] if r.posts == 0]
        post_slots = [
            r
            for r in free_rooms[h]
            if r.posts > 0
            for _ in range(
                r.posts // max((e.group_size for e in exams.values() if e.needs_post), default=1)
            )
        ]
        for key in sorted(k for k in ys if k[1] == h):
            eid, _h, family = key
            exam = exams[family]
            seated = sessions.get(key, [])
            room = (post_slots if exam.needs_post else oral_rooms).pop(0)
            who = (eid, partner[key]) if key in partner else (eid,)
            ordered = sorted(seated, key=lambda cu: (-cu[1].slot, -cu[1].loge, cu[0].id))
            if exam.group_size > 1:
                clock = (
                    half.start
                    + exam.loge
                    + max((u.loge - exam.loge for _c, u in seated), default=0)
                )
                # Rounds of up to group_size candidates of the same length (extra time apart),
                # as the model counts them: a group starts and ends together.
                chunks: list[list[tuple[Candidate, Unit]]] = []
                for slot in sorted({u.slot for _c, u in ordered}, reverse=True):
                    same = [cu for cu in ordered if cu[1].slot == slot]
                    chunks.extend(
                        same[r : r + exam.group_size] for r in range(0, len(same), exam.group_size)
                    )
                for number, chunk in enumerate(chunks, start=1):
                    label = f"{centre.code}-{h}-{eid}-{number}"
                    for candidate, unit in chunk:
                        sittings.extend(_parts(candidate, unit, centre, room, h, clock, who, label))
                    clock += chunk[0][1].slot
                continue
            start = half.start + (ordered[0][1].loge if ordered else 0)
            for position, (candidate, unit) in enumerate(ordered):
                sittings.extend(_parts(candidate, unit, centre, room, h, start, who, ""))
                if position + 1 < len(ordered):
                    actual = sum(part[2] for part in unit.parts)
                    start += max(actual, ordered[position + 1][1].loge)
    return sittings


def _parts(
    candidate: Candidate,
    unit: Unit,
    centre: Centre,
    room: Room,
    h: int,
    start: int,
    who: tuple[str, ...],
    group: str,
) -> list[Sitting]:
    out = []
    for exam, loge, minutes, _extra in unit.parts:
        out.append(
            Sitting(
                candidate.id,
                exam,
                centre.code,
                room.id,
                h,
                start - loge,
                start,
                start + minutes,
                who,
                group,
            )
        )
        start += minutes
    return out
