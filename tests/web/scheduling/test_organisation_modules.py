"""The organisation pages are cut by concept into modules a reader takes in at once (under 400
lines each), and each URL is served by the module of its concept."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import resolve, reverse

import ndrc.web.scheduling as scheduling

MODULES = [
    "organisation_forms",
    "organisation_views",
    "organisation_centre_views",
    "organisation_candidate_views",
    "organisation_calendar_views",
    "organisation_examiner_views",
]


@pytest.mark.parametrize("module", MODULES)
def test_each_organisation_module_stays_under_400_lines(module: str) -> None:
    path = Path(scheduling.__file__).parent / f"{module}.py"
    assert len(path.read_text(encoding="utf-8").splitlines()) < 400


@pytest.mark.parametrize(
    ("name", "args", "module"),
    [
        ("exam_days", [], "organisation_views"),
        ("exam_day_centres", [], "organisation_centre_views"),
        ("exam_day_centre", [1], "organisation_centre_views"),
        ("exam_day_candidates", [], "organisation_candidate_views"),
        ("exam_day_candidate_centre", [1], "organisation_candidate_views"),
        ("exam_day_calendar", [], "organisation_calendar_views"),
        ("exam_day_examiners", [], "organisation_examiner_views"),
        ("exam_day_examiner", [1], "organisation_examiner_views"),
    ],
)
def test_each_page_is_served_by_the_module_of_its_concept(
    name: str, args: list[int], module: str
) -> None:
    view = resolve(reverse(name, args=args)).func
    assert view.__module__ == f"ndrc.web.scheduling.{module}"
