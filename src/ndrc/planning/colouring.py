"""Bipartite matching and the split of aggregated counts into individual timetables.

König's edge-colouring theorem: a bipartite multigraph whose degrees are at most D splits into
D matchings. Candidates of one profile sit the same units; the solver gives, per unit and
half-day, how many of them sit it there, at most D (the profile's size) per half-day: the D
matchings are the D candidates' timetables, one unit per half-day at most.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

L = TypeVar("L", bound=Hashable)
R = TypeVar("R", bound=Hashable)


def max_matching(
    left: Sequence[L], right: Sequence[R], allowed: Callable[[L, R], bool]
) -> dict[L, R]:
    """A maximum matching (augmenting paths; the graphs here have tens of vertices)."""
    owner: dict[int, int] = {}  # right index → left index
    adjacency = [[j for j, r in enumerate(right) if allowed(item, r)] for item in left]

    def augment(i: int, seen: set[int]) -> bool:
        for j in adjacency[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(left)):
        augment(i, set())
    return {left[i]: right[j] for j, i in owner.items()}


def split_counts(size: int, counts: Sequence[dict[int, int]]) -> list[dict[int, int]]:
    """``counts[u][h]`` members of a profile of ``size`` sit unit u on half-day h (Σ_h = size
    for each unit, Σ_u ≤ size for each half-day). Returns, per member, unit → half-day, no
    half-day twice."""
    if size == 0:
        return []
    halves = sorted({h for count in counts for h in count})
    load = {h: sum(count.get(h, 0) for count in counts) for h in halves}
    # Regular bipartite multigraph: units (+ dummies filling the half-days' deficit) × half-days.
    left: list[dict[int, int]] = [dict(count) for count in counts]
    deficit = {h: size - load[h] for h in halves}
    while any(deficit.values()):
        dummy: dict[int, int] = {}
        room = size
        for h in halves:
            take = min(room, deficit[h])
            if take:
                dummy[h] = take
                deficit[h] -= take
                room -= take
            if room == 0:
                break
        left.append(dummy)
    members: list[dict[int, int]] = []
    for _ in range(size):
        units = [i for i, edges in enumerate(left) if sum(edges.values()) > 0]
        matching = max_matching(units, halves, lambda i, h: left[i].get(h, 0) > 0)
        if len(matching) != len(units):  # pragma: no cover - König guarantees a perfect one
            raise ValueError("no perfect matching in a regular bipartite multigraph")
        for i, h in matching.items():
            left[i][h] -= 1
        members.append({i: h for i, h in matching.items() if i < len(counts)})
    return members
