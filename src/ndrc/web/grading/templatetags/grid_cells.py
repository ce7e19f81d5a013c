"""``get_item``: a value of a filled grid's dict (levels, comments, penalties) by its key."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key, "") if isinstance(mapping, dict) else ""
