"""A list of keys as one query parameter. ``filter(among("candidate_id", pks))`` reads the
rows of thousands of candidates with ``candidate_id = ANY(%s)`` on PostgreSQL: one array
parameter, where ``__in`` writes, quotes and parses one placeholder per key (a chunk of a
national session's work names 2,000 candidates in each of its queries). Elsewhere it is the
plain ``IN (…)``. Shared by every app (it imports none)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import F, Lookup


class AnyOf(Lookup):  # type: ignore[type-arg]
    """``field`` is one of the integer keys given."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        keys = list(self.rhs)
        if not keys:
            raise EmptyResultSet
        return f"{lhs} IN ({', '.join(['%s'] * len(keys))})", [*params, *keys]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        # The array as its text, « {1,2,3} », which the server reads.
        return f"{lhs} = ANY(%s::bigint[])", [*params, "{" + ",".join(map(str, self.rhs)) + "}"]


def among(field: str, keys: Iterable[int]) -> AnyOf:
    """The condition « ``field`` is one of ``keys`` » (integer keys), for ``filter``."""
    return AnyOf(F(field), [int(k) for k in keys])
