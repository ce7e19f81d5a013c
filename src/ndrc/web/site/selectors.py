"""Reads of the site's own pages: its settings (the operator's details) and the counts of an
examiner's or a jury member's home page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from ndrc.web.site.models import SiteSettings


def site_settings() -> SiteSettings:
    """The operator's details: the one row, or an empty unsaved one when none was entered."""
    return SiteSettings.objects.order_by("pk").first() or SiteSettings()


def examiner_counts(*, user: Any, session: Any) -> list[tuple[str, int]]:
    """(épreuve, number of candidates) entrusted to this examiner in the session, by épreuve."""
    rows = (
        user.examiner_assignments.filter(candidate__session=session)
        .values("exam")
        .annotate(n=Count("candidate", distinct=True))
        .order_by("exam")
    )
    return [(row["exam"], row["n"]) for row in rows]
