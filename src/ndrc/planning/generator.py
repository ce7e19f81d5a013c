"""Synthetic académies for the benchmark and the tests (design note « A benchmark worth
keeping »): candidates, establishments spread over exam centres, rooms, computer posts, loge
seats, examiners with their availability, deterministic for a seed.

The exams (durations, loge times, seats, group sizes) come in as a parameter: this floor does
not read the rules core (`benchmarks.scheduling_benchmark.exam_kinds` builds them from
`ndrc.rules.exam_days` and the regulation's durations), nor does it compute extra time itself
(``extra_time``, e.g. `ndrc.rules.exam_days.extra_time`).

Tiers set the supply tightness, examiner half-days offered / examiner half-days needed, per
centre and kind of examiner (the need counted as the design note's sessions: ⌈candidates /
capacity of one half-day⌉ per exam and language): easy 1.5, realistic 1.25, tight 1.05. Rooms,
posts and loge seats follow the same tightness. The supply is a little larger than the tightness
says, never smaller: a fifth of the examiners can also reach a neighbouring centre, and teachers
may take the professional's seat when the text allows it. The infeasible tier is realistic
but for one centre: with an even seed, a few of its candidates sit EF1 in a language
(Portuguese) no examiner speaks; with an odd seed, the centre opens on one day only.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from datetime import date, timedelta

from ndrc.planning.instance import (
    Candidate,
    Centre,
    Examiner,
    ExamKind,
    HalfDay,
    Instance,
    Room,
    Task,
)

TIGHTNESS = {"easy": 1.5, "realistic": 1.25, "tight": 1.05, "infeasible": 1.25}
FIRST_DAY = date(2026, 5, 11)  # a Monday; the window skips week-ends
HALF_DAY_STARTS = (8 * 60, 13 * 60 + 30)
HALF_DAY_LENGTH = 240
ESTABLISHMENTS = (40, 80)
AVAILABILITY = (0.4, 0.8)
# Candidates' columns of the règlement's table (1: students of an approved school, 2: CCF,
# 3: one-off for everything), with their shares in this synthetic académie.
COLUMNS = ((1, 0.55), (2, 0.30), (3, 0.15))
FIRST_LANGUAGES = (("en", 0.80), ("es", 0.15), ("de", 0.045), ("it", 0.005))
SECOND_LANGUAGES = (("es", 0.50), ("de", 0.25), ("en", 0.15), ("it", 0.10))
UNSPOKEN_LANGUAGE = "pt"  # the infeasible tier's language nobody examines
EF1_SHARE = 0.15
EF2_SHARE = 0.40  # of column 3
EXTRA_TIME_SHARE = 0.03
INDIVIDUAL_SHARE = 0.03
REACH_NEIGHBOUR = 0.20
HOME_TEACHER = 0.30  # beyond a pool's first three: teachers of the centre's own establishments
POSTS_PER_ROOM = 15


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _capacity(exam: ExamKind) -> int:
    """Candidates one commission examines in one half-day (group size × sessions)."""
    return max(1, exam.group_size * ((HALF_DAY_LENGTH - exam.loge) // exam.duration))


def generate(
    *,
    tier: str,
    seed: int,
    candidates: int = 5000,
    centres: int = 12,
    days: int = 10,
    exams: Mapping[str, ExamKind],
    extra_time: Callable[[int], int] | None = None,
) -> Instance:
    """A synthetic instance of a tier (« easy », « realistic », « tight », « infeasible »)."""
    if tier not in TIGHTNESS:
        raise ValueError(f"Niveau inconnu : {tier} (attendu : {', '.join(TIGHTNESS)}).")
    if candidates < 1 or centres < 1 or days < 1:
        raise ValueError("Il faut au moins un candidat, un centre et un jour.")
    rng = random.Random(f"ndrc-exam-days:{tier}:{seed}:{candidates}:{centres}:{days}")
    tightness = TIGHTNESS[tier]

    half_days = _half_days(days)
    all_half_days = frozenset(range(len(half_days)))
    codes = [f"C{i + 1:02d}" for i in range(centres)]
    opens = {code: set(all_half_days) for code in codes}
    for code in codes:  # half of the centres close on Wednesday afternoons
        if rng.random() < 0.5:
            opens[code] -= {
                i for i, h in enumerate(half_days) if h.half == 1 and h.day.weekday() == 2
            }
    planned = {code: frozenset(opens[code]) for code in codes}  # before the infeasible cut
    infeasible_language = tier == "infeasible" and seed % 2 == 0
    if tier == "infeasible" and not infeasible_language:
        opens[codes[0]] = {0, 1} & opens[codes[0]] or {0}

    # establishments, spread over the centres (each centre serves at least one)
    count = rng.randint(*ESTABLISHMENTS)
    count = max(centres, min(count, max(1, candidates // 25)))
    establishments = [f"07{i + 1:05d}{chr(65 + i % 26)}" for i in range(count)]
    serving = {
        uai: codes[i] if i < centres else rng.choice(codes) for i, uai in enumerate(establishments)
    }
    weights = [rng.uniform(0.3, 1.7) for _ in establishments]

    people = _candidates(
        rng, candidates, codes, establishments, serving, weights, exams, extra_time
    )
    if infeasible_language:
        people = _unspoken_language(people, codes[0], exams)

    # needs per centre (sessions = commissions' half-days), then the supply that meets them
    needs: dict[str, Counter[str]] = {code: Counter() for code in codes}
    groups: dict[tuple[str, str, str], int] = Counter()
    for person in people:
        for task in person.tasks:
            groups[(person.centre, task.exam, task.language)] += 1
    for (code, exam_code, language), size in sorted(groups.items()):
        exam = exams[exam_code]
        sessions = math.ceil(size / _capacity(exam))
        for kind in _need_kinds(exam, language):
            needs[code][kind] += sessions
        needs[code]["oral" if not exam.needs_post else "posts"] += sessions

    centre_list: list[Centre] = []
    examiners: list[Examiner] = []
    others = {code: [u for u in establishments if serving[u] != code] for code in codes}
    homes = {code: [u for u in establishments if serving[u] == code] for code in codes}
    for index, code in enumerate(codes):
        need = needs[code]
        window = max(1, len(planned[code]))
        oral_rooms = math.ceil(tightness * need["oral"] / window) + 1
        posts = 3 * (math.ceil(tightness * need["posts"] / window) + 1)
        rooms = [Room(f"{code}-S{k + 1:02d}", f"Salle {101 + k}") for k in range(oral_rooms)]
        room_number = 0
        while posts > 0:
            size = min(POSTS_PER_ROOM, posts)
            room_number += 1
            rooms.append(Room(f"{code}-I{room_number}", f"Salle informatique {room_number}", size))
            posts -= size
        centre_list.append(
            Centre(
                code=code,
                name=f"Centre d'examen n° {index + 1}",
                rooms=tuple(rooms),
                loge_seats=max(2, math.ceil(0.9 * tightness * oral_rooms)),
                open=frozenset(opens[code]),
            )
        )
        neighbour = codes[(index + 1) % centres]
        for pool, target in sorted(_pools(need).items()):
            if pool == f"language:{UNSPOKEN_LANGUAGE}":
                continue  # the infeasible tier's language: nobody examines in it
            supply = 0
            number = 0
            while supply < tightness * target:
                number += 1
                kinds, languages = _pool_kinds(rng, pool)
                available = _availability(rng, len(half_days))
                if pool == "professional":
                    establishment = ""
                elif number > 3 and homes[code] and rng.random() < HOME_TEACHER:
                    # only once three examiners of the pool come from elsewhere: nobody's
                    # candidates are left to examiners of their own establishment alone
                    establishment = rng.choice(homes[code])
                else:
                    establishment = rng.choice(others[code]) if others[code] else ""
                reach = {code}
                if neighbour != code and rng.random() < REACH_NEIGHBOUR:
                    reach.add(neighbour)
                examiners.append(
                    Examiner(
                        id=f"{code}-{pool}-{number:03d}",
                        name=f"Examinateur {pool} n° {number} ({code})",
                        establishment=establishment,
                        kinds=kinds,
                        languages=languages,
                        centres=frozenset(reach),
                        available=available,
                    )
                )
                supply += len(available & planned[code])
    return Instance(
        half_days=half_days,
        exams=dict(exams),
        centres=tuple(centre_list),
        examiners=tuple(examiners),
        candidates=tuple(people),
    )


def _half_days(days: int) -> tuple[HalfDay, ...]:
    out: list[HalfDay] = []
    day = FIRST_DAY
    while len(out) < 2 * days:
        if day.weekday() < 5:
            for half, start in enumerate(HALF_DAY_STARTS):
                out.append(HalfDay(day=day, half=half, start=start, length=HALF_DAY_LENGTH))
        day += timedelta(days=1)
    return tuple(out)


def _candidates(
    rng: random.Random,
    size: int,
    codes: list[str],
    establishments: list[str],
    serving: dict[str, str],
    weights: list[float],
    exams: Mapping[str, ExamKind],
    extra_time: Callable[[int], int] | None,
) -> list[Candidate]:
    chosen = rng.choices(establishments, weights, k=size)
    out: list[Candidate] = []
    for number, uai in enumerate(chosen):
        if rng.random() < INDIVIDUAL_SHARE:
            establishment, centre = "", rng.choice(codes)
        else:
            establishment, centre = uai, serving[uai]
        column = int(_pick(rng, tuple((str(c), w) for c, w in COLUMNS)))
        first = _pick(rng, FIRST_LANGUAGES)
        wanted: list[tuple[str, str]] = [("E5P", "")]
        if column == 3:
            wanted += [("E4", ""), ("E6", "")]
            if rng.random() < EF2_SHARE:
                wanted.append(("EF2", ""))
        if column != 2:
            wanted.append(("E2", first))
        if rng.random() < EF1_SHARE:
            second = _pick(rng, SECOND_LANGUAGES)
            if second == first:
                second = "es" if first != "es" else "de"
            wanted.append(("EF1", second))
        extra = extra_time is not None and rng.random() < EXTRA_TIME_SHARE
        tasks = []
        for code, language in wanted:
            if code not in exams:
                continue
            exam = exams[code]
            tasks.append(
                Task(
                    exam=code,
                    language=language if exam.language_bound else "",
                    extra_loge=extra_time(exam.loge) if extra and extra_time else 0,
                    extra=extra_time(exam.duration) if extra and extra_time else 0,
                )
            )
        out.append(Candidate(f"N{number + 1:06d}", establishment, centre, tuple(tasks)))
    return out


def _unspoken_language(
    people: list[Candidate], centre: str, exams: Mapping[str, ExamKind]
) -> list[Candidate]:
    """Three candidates of the centre sit EF1 in a language no examiner speaks."""
    language_exams = [code for code, exam in sorted(exams.items()) if exam.language_bound]
    if not language_exams:
        return people
    code = language_exams[-1]
    out: list[Candidate] = []
    changed = 0
    for person in people:
        if changed < 3 and person.centre == centre and all(t.exam != code for t in person.tasks):
            person = Candidate(
                person.id,
                person.establishment,
                person.centre,
                (*person.tasks, Task(code, UNSPOKEN_LANGUAGE)),
            )
            changed += 1
        out.append(person)
    return out


def _need_kinds(exam: ExamKind, language: str) -> list[str]:
    """The pools an exam's commission draws on: the first kind of each seat (the teachers of
    the blocs share one pool for a seat open to all of them), the language for a
    language-bound exam."""
    kinds: list[str] = []
    for seat in exam.seats:
        if exam.language_bound and language:
            kinds.append(f"language:{language}")
        elif len(seat.kinds) > 1 and seat.kinds[0] != "professional":
            kinds.append("any:" + "+".join(seat.kinds))
        else:
            kinds.append(seat.kinds[0])
    return kinds


def _pools(need: Counter[str]) -> dict[str, float]:
    """Examiner half-days to offer per pool: a seat open to several kinds of teachers spreads
    over them."""
    pools: dict[str, float] = defaultdict(float)
    for kind, sessions in need.items():
        if kind in ("oral", "posts"):
            continue
        if kind.startswith("any:"):
            spread = kind.removeprefix("any:").split("+")
            for one in spread:
                pools[one] += sessions / len(spread)
        else:
            pools[kind] += sessions
    return dict(pools)


def _pool_kinds(rng: random.Random, pool: str) -> tuple[frozenset[str], frozenset[str]]:
    if pool.startswith("language:"):
        language = pool.removeprefix("language:")
        languages = {language}
        if rng.random() < 0.3:
            other = _pick(rng, SECOND_LANGUAGES)
            languages.add(other)
        return frozenset({"language"}), frozenset(languages)
    return frozenset({pool}), frozenset()


def _availability(rng: random.Random, half_days: int) -> frozenset[int]:
    share = rng.uniform(*AVAILABILITY)
    size = max(1, round(share * half_days))
    return frozenset(rng.sample(range(half_days), min(size, half_days)))
