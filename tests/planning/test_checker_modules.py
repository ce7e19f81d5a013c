"""The checker is cut by concept into modules under 400 lines each, still one entry point
(``ndrc.planning.checker.check``) whose codes are documented where they always were."""

from __future__ import annotations

from pathlib import Path

import pytest

from ndrc.planning import checker

PACKAGE = Path(checker.__file__).parent


@pytest.mark.parametrize(
    "module", ["__init__", "context", "candidates", "commissions", "resources"]
)
def test_each_module_of_the_checker_stays_under_400_lines(module: str) -> None:
    path = PACKAGE / f"{module}.py"
    assert len(path.read_text(encoding="utf-8").splitlines()) < 400


def test_each_group_of_checks_lives_in_the_module_of_its_concept() -> None:
    from ndrc.planning.checker import candidates, commissions, resources

    assert {"check_tasks", "check_place_and_time", "check_candidates_half_days"} <= set(
        vars(candidates)
    )
    assert {"check_commission", "check_examiner_overlaps"} <= set(vars(commissions))
    assert {"check_groups", "check_rooms", "check_posts", "check_loge"} <= set(vars(resources))
    assert checker.check.__module__ == "ndrc.planning.checker"
