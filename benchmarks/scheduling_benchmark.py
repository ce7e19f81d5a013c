"""The exam days' schedule (issue 16): instances from the generator, solved and checked.

    .venv/bin/python -m benchmarks.scheduling_benchmark
    make bench-scheduling            (QUICK=1 for a small run)
"""

from __future__ import annotations

from ndrc.planning.instance import ExamKind, Seat


def exam_kinds(regulation_id: str = "R2023") -> dict[str, ExamKind]:
    """The scheduled exams as the planning floor takes them: durations and loge times from
    the regulation's one-off column 3 (E5's practical part for E5P), seats, group sizes,
    posts and order from `ndrc.rules.exam_days` (the planning floor does not read the rules
    core: the web layer and this benchmark hand them in)."""
    from ndrc.rules.exam_days import exam_day_rules
    from ndrc.rules.regulation import Form, all_regulations

    regulation = next(r for r in all_regulations() if r.id == regulation_id)
    out: dict[str, ExamKind] = {}
    for code, rule in exam_day_rules(regulation_id).items():
        part = next(
            (p for exam in regulation.exams for p in exam.parts if p.code == code), None
        )
        if part is not None:
            duration, loge, label = part.duration, part.preparation or 0, part.title
        else:
            exam = regulation.exam(code)
            cell = next(c for c in exam.cells.values() if c.form is Form.ONE_OFF and c.duration)
            assert cell.duration is not None
            duration, loge, label = cell.duration, cell.preparation or 0, exam.title
        out[code] = ExamKind(
            code=code,
            label=label,
            duration=duration,
            loge=loge,
            seats=tuple(Seat(kinds=seat) for seat in rule.seats),
            group_size=rule.group_size,
            needs_post=rule.needs_post,
            language_bound=rule.language_bound,
            follows=rule.follows,
        )
    return out
