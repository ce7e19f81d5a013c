"""The retention rules (``retention.yaml``): for each kind of personal data, its term, what is
done when it has passed, and the text that sets it. Applied by ``ndrc web retention_apply``
(``ndrc.web.privacy``), shown on the page « Données personnelles »."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import yaml

RETENTION_FILE = Path(__file__).with_name("retention.yaml")
ACTIONS = ("delete", "pseudonymise", "keep")
STARTS = ("session_end", "deposit", "event", "deliberation")


@dataclass(frozen=True)
class RetentionRule:
    kind: str
    label: str
    action: str
    source: str
    decided_by: str
    why: str = ""
    years: int | None = None
    days: int | None = None
    start: str = ""
    only_when: str = ""
    setting: str = ""

    def with_years(self, years: int) -> RetentionRule:
        """This rule with the number of years the site's setting gives (``setting``)."""
        return replace(self, years=years) if self.setting else self

    def session_years_expired(self, today: dt.date) -> int | None:
        """The latest session year whose term has passed on ``today`` (the term runs from
        31 December of the session's year), or None for a rule counted otherwise."""
        if self.years is None or self.start != "session_end":
            return None
        # The session of year Y ends on 31/12/Y; its term has passed once 31/12/(Y + years) has.
        return today.year - self.years - 1

    def deliberation_cutoff(self, today: dt.date) -> dt.date | None:
        """Rows of candidates whose deliberation closed before this day have passed their
        term (rules counted in years from the deliberation), None for the other rules."""
        if self.years is None or self.start != "deliberation":
            return None
        if today.month == 2 and today.day == 29:
            today = today - dt.timedelta(days=1)
        return today.replace(year=today.year - self.years)

    def cutoff(self, today: dt.date) -> dt.date | None:
        """Rows dated before this day have passed their term (rules counted in days)."""
        return None if self.days is None else today - dt.timedelta(days=self.days)


@cache
def retention_rules() -> dict[str, RetentionRule]:
    """The rules of ``retention.yaml`` by kind; an unknown action or start is an error."""
    data = yaml.safe_load(RETENTION_FILE.read_text(encoding="utf-8"))
    rules: dict[str, RetentionRule] = {}
    for kind, spec in data["kinds"].items():
        rule = RetentionRule(
            kind=kind,
            label=spec["label"],
            action=spec["action"],
            source=" ".join(spec["source"].split()),
            decided_by=spec["decided_by"],
            why=" ".join(spec.get("why", "").split()),
            years=spec.get("years"),
            days=spec.get("days"),
            start=spec.get("from", ""),
            only_when=spec.get("only_when", ""),
            setting=spec.get("setting", ""),
        )
        if rule.action not in ACTIONS or (rule.start and rule.start not in STARTS):
            raise ValueError(f"retention.yaml: {kind}: action or start unknown")
        if rule.action != "keep" and rule.years is None and rule.days is None:
            raise ValueError(f"retention.yaml: {kind}: a term is needed")
        rules[kind] = rule
    return rules
