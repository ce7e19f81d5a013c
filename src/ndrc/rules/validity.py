"""How long a grade or a unit obtained at a session counts (CE D643-15: five years from when
it was obtained; DEC D17: a grade of session S counts at sessions S+1 to S+5).

One rule, read by the exam plan (a unit of the BTS NRC credited under annexe IV) and by the
results engine (a grade kept from an earlier session, the units a candidate is awarded)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ndrc.rules.citation import Citation
from ndrc.rules.parameters import Parameters


@dataclass(frozen=True)
class GradeValidity:
    """A grade obtained at session ``obtained``, looked at from session ``session``."""

    obtained: int
    session: int
    years: int
    citation: Citation

    @property
    def valid_until(self) -> int:
        """The last session the grade counts for."""
        return self.obtained + self.years

    @property
    def earlier(self) -> bool:
        """A kept grade comes from an earlier session."""
        return self.obtained < self.session

    @property
    def expired(self) -> bool:
        return self.session > self.valid_until

    @property
    def counts(self) -> bool:
        """The grade counts at the session: from an earlier session and still valid."""
        return self.earlier and not self.expired

    def expired_fr(self, what: str) -> str:
        return (
            f"{what} : obtenue à la session {self.obtained}, elle n'est plus valable "
            f"(validité de {self.years} ans, jusqu'à la session {self.valid_until})."
        )

    def not_earlier_fr(self, what: str) -> str:
        return (
            f"{what} : une note conservée doit venir d'une session antérieure "
            f"({self.obtained} ≥ {self.session})."
        )


@cache
def _validity_years(session: int) -> tuple[int, Citation]:
    # The duration comes from the text itself: no user override applies (certainty "text").
    years = Parameters(session=session).get("validity_years")
    return years.as_int(), years.citation


def grade_validity(*, obtained: int, session: int) -> GradeValidity:
    """The validity of a grade obtained at ``obtained`` for the session ``session``."""
    years, citation = _validity_years(session)
    return GradeValidity(obtained=obtained, session=session, years=years, citation=citation)
