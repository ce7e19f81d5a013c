"""The units of the diploma (annexe II a; UF2 from the arrêté of 13 December 2023)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ndrc.rules.citation import Citation, cite
from ndrc.rules.data_files import load_yaml


@dataclass(frozen=True)
class Unit:
    code: str
    title: str
    optional: bool
    citation: Citation
    competence_block: int | None = None
    from_session: int | None = None
    also_sessions: tuple[int, ...] = ()

    def offered_in(self, session: int) -> bool:
        return (
            self.from_session is None
            or session >= self.from_session
            or session in self.also_sessions
        )


@cache
def units() -> tuple[Unit, ...]:
    raw = load_yaml("diploma.yaml")["units"]
    default = raw["cite"]
    return tuple(
        Unit(
            code=str(u["code"]),
            title=str(u["title"]),
            optional=bool(u["optional"]),
            citation=cite(u.get("cite", default)),
            competence_block=u.get("competence_block"),
            from_session=u.get("from_session"),
            also_sessions=tuple(int(y) for y in u.get("also_sessions", [])),
        )
        for u in raw["items"]
    )


@dataclass(frozen=True)
class TimetableModule:
    name: str
    lectures: int
    tutorials: int
    teacher_hours: int
    yearly_volume: int
    optional: bool = False
    note: str = ""


@cache
def timetable() -> tuple[tuple[TimetableModule, ...], TimetableModule, Citation]:
    """Annexe III a: the modules (compulsory then optional), the total, the citation."""
    raw = load_yaml("timetable.yaml")

    def module(m: dict[str, object], optional: bool = False) -> TimetableModule:
        return TimetableModule(
            name=str(m["name"]),
            lectures=int(str(m["lectures"])),
            tutorials=int(str(m["tutorials"])),
            teacher_hours=int(str(m["teacher_hours"])),
            yearly_volume=int(str(m["yearly_volume"])),
            optional=optional,
            note=str(m.get("note", "")),
        )

    modules = tuple(module(m) for m in raw["modules"]) + tuple(
        module(m, optional=True) for m in raw["optional"]
    )
    total = module({"name": "Total", **raw["total"]})
    return modules, total, cite(raw["cite"])
