"""After every centre has a first schedule: each centre improved on its own share of the
examiners (`sharing`), in passes (DEC D107): (a) smallest centre first, straight at its days'
bound, the solver choosing the days, one day more each time that is proven impossible (and,
when it is, the same question with every examiner who can reach the centre: a proof there
raises the centre's days' bound); (b) the centres still above, a day at a time (the lightest
day of the best solution closed, then the next lightest, then one day fewer where the solver
chooses), on half of the time left shared by candidates; (c) a centre proven short with its
share has the centres whose best solutions use shared half-days it could use solved again on
their days, using as few of them as they can (D137), then borrows the shared half-days those
solutions leave unused, and tries again from its bound; (c') the centres still above take, by
exchange, shared half-days for which a free examiner can stand in at the centre that held them
(`exchange`, D110); (d) every centre optimised on its days (examiner half-days, loads) and
detailed, the time left shared by candidates; a centre stops once its examiner half-days reach
their bound."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from ndrc.planning.centre_model import CentreResult, with_pairing
from ndrc.planning.exchange import exchange_days
from ndrc.planning.instance import Candidate, Centre, Instance
from ndrc.planning.schedule import Bounds
from ndrc.planning.sharing import Sharing, days_by_load, in_use

Progress = Callable[[float, str], None]
EXCHANGE_SHARE = 0.35  # of the time left after passes (a)-(c), for the exchanges (D110)
RELEASE_SECONDS = 3.0  # per centre asked to free shared half-days (D137)


def improve_centres(
    *,
    instance: Instance,
    bounds: Bounds,
    sharing: Sharing,
    by_centre: dict[str, list[Candidate]],
    order: list[Centre],
    prev_half: dict[tuple[str, str], int],
    workers: int,
    deadline: float,
    progress: Progress | None,
) -> dict[str, int]:
    """The centres' recorded solutions improved (``sharing.results``); returns the days each
    centre was proven to need with every examiner who can reach it (where that exceeds its
    bound)."""
    best: dict[str, CentreResult] = dict(sharing.results)
    chosen: dict[str, frozenset[date] | None] = dict.fromkeys(sharing.results)
    mine = {centre.code: sharing.share_of(centre.code) for centre in order}
    target = {centre.code: bounds.per_centre.get(centre.code, (0, 0)) for centre in order}

    def time_left() -> float:
        return deadline - time.monotonic()

    floor = {code: max(1, days) for code, (_h, days) in target.items()}

    def borrow(centre: Centre) -> bool:
        """The shared half-days the other centres' best solutions leave unused, lent to this
        one."""
        if not sharing.lend_unused(centre, best):
            return False
        for c in order:
            mine[c.code] = sharing.share_of(c.code)
        return True

    proven: dict[str, int] = {}  # days a centre needs, proven with every examiner it reaches
    settled: set[str] = set()  # centres whose proof went no further

    def alone_infeasible(centre: Centre, days: int, limit: float) -> bool:
        """Whether CP-SAT proves the centre cannot hold its candidates in that many days even
        with every examiner who can reach it (a relaxation: its days' bound rises)."""
        code = centre.code
        trial = with_pairing(
            instance,
            centre,
            by_centre[code],
            sharing.used,
            prev_half,
            limit,
            workers,
            None,
            stop_at_first=True,
            detail=False,
            max_days=days,
        )
        return trial.status == "infeasible"

    def improve(
        centre: Centre, limit: float, days: frozenset[date] | None, fewer: int | None
    ) -> str:
        """One trial with fewer days, hinted by the centre's best solution so far."""
        code = centre.code
        trial = with_pairing(
            instance,
            centre,
            by_centre[code],
            mine[code],
            prev_half,
            limit,
            workers,
            days,
            hint=best[code].values,
            stop_at_first=True,
            detail=False,
            max_days=fewer,
        )
        if trial.status in ("optimal", "feasible"):
            best[code], chosen[code] = trial, frozenset(days_by_load(instance, trial))
        return trial.status

    def release(centre: Centre, limit: float) -> None:
        """The other centres whose best solutions use shared half-days this one could use
        solved again on the same days, hinted by those solutions, using as few of them as
        they can (each weighs as much as a day): what they free, `borrow` then lends."""
        wanted = frozenset(
            key
            for key, code in sharing.owner.items()
            if code != centre.code and sharing.reaches(key, centre)
        )
        for other in order:
            code = other.code
            if code == centre.code or not in_use(best[code]) & wanted:
                continue
            if min(limit, time_left()) < 0.3:
                return
            trial = with_pairing(
                instance,
                other,
                by_centre[code],
                mine[code],
                prev_half,
                min(limit, time_left()),
                workers,
                chosen[code],
                hint=best[code].values,
                detail=False,
                max_days=best[code].days if chosen[code] is None else None,
                avoid=wanted,
            )
            if trial.status in ("optimal", "feasible") and trial.days <= best[code].days:
                best[code] = trial
                chosen[code] = frozenset(days_by_load(instance, trial))

    if not prev_half:
        # 2a. Straight at the days' bound, the solver choosing the days, smallest centre
        # first: a small centre often gets there in a second; where that is proven
        # impossible, one day more.
        quick = time.monotonic() + 0.15 * time_left()
        small_first = sorted(order, key=lambda c: (len(by_centre[c.code]), c.code))
        for centre in small_first:
            code = centre.code
            count = floor[code]
            while best[code].days > count:
                limit = min(1.5, quick - time.monotonic())
                if limit < 0.3 or improve(centre, limit, None, count) != "infeasible":
                    break
                if code not in settled:
                    if alone_infeasible(centre, count, limit):
                        proven[code] = count + 1
                    else:
                        settled.add(code)
                floor[code] = count = count + 1
        # 2b. Then a day at a time: the day of the best solution with the fewest sessions
        # is closed (then the next lightest, then one day fewer where the solver chooses),
        # on about half the time left, shared in proportion to the candidates of the
        # centres still above their bound.
        above = [c for c in order if best[c.code].days > floor[c.code]]
        closing_end = time.monotonic() + 0.5 * time_left()
        for done, centre in enumerate(above):
            code = centre.code
            weight = sum(len(by_centre[c.code]) for c in above[done:])
            share = (closing_end - time.monotonic()) * len(by_centre[code]) / max(1, weight)
            until = time.monotonic() + share
            misses = 0
            while best[code].days > floor[code] and misses < 4:
                limit = min(until - time.monotonic(), max(1.5, share * 0.4))
                if limit < 0.5:
                    break
                light = days_by_load(instance, best[code])
                if misses < 3 and len(light) > misses:
                    days = frozenset(light[:misses] + light[misses + 1 :])
                    closed = improve(centre, limit, days, None) in ("optimal", "feasible")
                    misses = 0 if closed else misses + 1
                else:
                    # Neither of the two lightest days can close: the solver chooses which.
                    fewer = best[code].days - 1
                    closed = improve(centre, limit, None, fewer) in ("optimal", "feasible")
                    misses = 0 if closed else misses + 1
        # 2c. A centre proven unable to reach its bound with its share of examiners has the
        # others free what shared half-days they can (`release`), then borrows the half-days
        # of shared examiners that their solutions, now on fewer days, leave unused; then it
        # tries again from its bound.
        for centre in small_first:
            code = centre.code
            if floor[code] <= max(1, target[code][1]):
                continue
            held, saved = best[code].days, (dict(best), dict(chosen), dict(sharing.owner))
            release(centre, min(RELEASE_SECONDS, 0.1 * time_left()))
            if borrow(centre):
                floor[code] = count = max(1, target[code][1])
                while best[code].days > count:
                    limit = min(2.5, 0.2 * time_left())
                    if limit < 0.3 or improve(centre, limit, None, count) != "infeasible":
                        break
                    floor[code] = count = count + 1
            if best[code].days >= held:
                # What the others freed let it close no day: their solutions and the shares
                # back as they were, and it borrows only what those leave unused.
                best.update(saved[0])
                chosen.update(saved[1])
                sharing.owner.clear()
                sharing.owner.update(saved[2])
                borrow(centre)
                for c in order:
                    mine[c.code] = sharing.share_of(c.code)
        # 2c'. The centres still above their floor take, by exchange, the shared half-days
        # their neighbours can do without, a stand-in taking each one's place (`exchange`).
        if any(best[c.code].days > floor[c.code] for c in order):
            exchange_days(
                instance=instance,
                sharing=sharing,
                best=best,
                chosen=chosen,
                by_centre=by_centre,
                order=order,
                floor=floor,
                workers=workers,
                until=time.monotonic() + EXCHANGE_SHARE * time_left(),
            )
            for c in order:
                mine[c.code] = sharing.share_of(c.code)
    # 2d. Each centre optimised on the days kept (examiner half-days, loads) and detailed,
    # the time left shared in proportion to the candidates of the centres still to do.
    for done, centre in enumerate(order):
        code = centre.code
        weight = sum(len(by_centre[c.code]) for c in order[done:])
        share = max(0.5, time_left() * len(by_centre[code]) / max(1, weight))
        final = with_pairing(
            instance,
            centre,
            by_centre[code],
            mine[code],
            prev_half,
            share,
            workers,
            chosen[code],
            hint=best[code].values,
            # On the days kept, nothing is gained below them: the search stops once the
            # examiner half-days reach their bound (the time goes to the centres after).
            target=(target[code][0], max(target[code][1], len(chosen[code] or ()))),
        )
        if final.status not in ("optimal", "feasible") and chosen[code] is not None:
            # No time left to improve: the best solution found, fixed, only detailed.
            final = with_pairing(
                instance,
                centre,
                by_centre[code],
                mine[code],
                prev_half,
                5.0,
                workers,
                chosen[code],
                hint=best[code].values,
                fix_hint=True,
            )
        if final.status in ("optimal", "feasible") and final.sittings:
            halves = {(e, s.half_day) for s in final.sittings for e in s.examiners}
            exact = final.status == "optimal" or (
                final.days <= target[code][1] and len(halves) <= target[code][0]
            )
            sharing.record(code, replace(final, status="optimal" if exact else "feasible"))
        if progress is not None:
            progress(
                (done + 1) / len(order),
                f"Centre {centre.name} planifié ({done + 1} sur {len(order)})",
            )
    return proven
