"""The texts a session's documents cite, as people read them (data/texts_applied.yaml): the
arrêté of 19 February 2018, the arrêté of 13 December 2023 from the 2024 session, the Code de
l'éducation. A session under no regulation has none: a loud error."""

from __future__ import annotations

from functools import cache

from ndrc.rules.citation import cite
from ndrc.rules.data_files import load_yaml
from ndrc.rules.errors import NoRuleInForce
from ndrc.rules.regulation import regulation_for_session


@cache
def texts_applied(session: int) -> tuple[str, ...]:
    """The texts applied to a session, each as « title, location »."""
    regulation = regulation_for_session(session)
    listed = load_yaml("texts_applied.yaml").get(regulation.id)
    if not listed:
        raise NoRuleInForce(
            f"Les textes appliqués du règlement {regulation.id} ne sont pas décrits "
            "(data/texts_applied.yaml)."
        )
    return tuple(cite(text).render_fr() for text in listed)
