"""Dates written in French words (« mardi 12 mai 2026 »), for the messages of the planning
floor and the documents alike; no dependency."""

from __future__ import annotations

from datetime import date

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def day_text(day: date, *, year: bool = True) -> str:
    """« mardi 12 mai 2026 », « lundi 1er juin » (without the year when ``year`` is false)."""
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{DAYS[day.weekday()]} {number} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text
