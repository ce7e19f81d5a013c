"""Dates of the export (ISO in the JSON) as the page shows them: 02/04/2006, 02/04/2006 14:05."""

import datetime as dt

from django import template

register = template.Library()


@register.filter
def iso_fr(value: str | None) -> str:
    if not value:
        return "—"
    try:
        if "T" in value:
            return dt.datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M")
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value
