"""``{{ minutes|clock }}``: minutes from midnight as a French clock time (« 09h40 »)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def clock(minutes: int | None) -> str:
    if minutes is None:
        return ""
    return f"{int(minutes) // 60:02d}h{int(minutes) % 60:02d}"
