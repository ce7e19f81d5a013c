"""A whole number as sent in a form or a query string (a row's key, a version, a year, a
round). ``str.isdigit`` is not enough: it accepts « ² » and digits of other scripts (« １２ »,
« ١٢ »), which ``int`` then refuses or reads, and numbers too long for the database's
integers. Shared by every app (it imports none)."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]{1,18}")  # within a 64-bit integer (PostgreSQL bigint)


def key_from(text: object) -> int | None:
    """The number written in ``text`` with ASCII digits only (at most 18), spaces around
    allowed; None for anything else (empty, « abc », « ² », « １２ », « -1 », too long)."""
    if not isinstance(text, str):
        return None
    cleaned = text.strip()
    return int(cleaned) if _DIGITS.fullmatch(cleaned) else None
