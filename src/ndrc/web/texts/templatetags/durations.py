from django import template

register = template.Library()


@register.filter
def minutes(value: int | None) -> str:
    """Minutes as the règlement writes durations: 4 h, 1 h 30, 40 min."""
    if value is None:
        return "—"
    hours, rest = divmod(int(value), 60)
    if hours and rest:
        return f"{hours} h {rest:02d}"
    if hours:
        return f"{hours} h"
    return f"{rest} min"
