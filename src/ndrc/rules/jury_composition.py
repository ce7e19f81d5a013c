"""The composition of a BTS jury (Code de l'éducation, article D643-31): « présidé par un
enseignant-chercheur ou par un inspecteur d'académie-inspecteur pédagogique régional de la
spécialité du diplôme », « composé à parts égales » of teachers (those of the public sector
the majority, one of them an enseignant-chercheur) and of members of the profession,
employers and employees, and possibly one or two qualified persons adjoined.

``composition_problems`` returns what the recorded members fail, in French, each with its
citation; none when the jury is regular. The halves are counted on the members appointed
(the recorded ones): the text lets a jury whose parity is lost by a defection before its work
deliberate, so a member who does not come stays counted (DEC D117). The president counts in
the teachers' half when an enseignant-chercheur, in neither when an IA-IPR. « À parts
égales » is read strictly: as many teachers as professionals; an odd number of members in
the halves can never meet it (DEC D117)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ndrc.rules.citation import cite
from ndrc.rules.data_files import load_yaml
from ndrc.rules.errors import RegulationDataError


@dataclass(frozen=True)
class Quality:
    key: str
    label: str
    side: str  # "teachers", "professionals" or "none"
    public: bool
    researcher: bool
    may_preside: bool


@dataclass(frozen=True)
class Member:
    """A recorded member: his or her quality (a key of ``qualities()``) and whether he or she
    presides."""

    name: str
    quality: str
    president: bool = False


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("jury.yaml")
    return data


@cache
def qualities() -> dict[str, Quality]:
    """The qualities a jury member is recorded with, in the order of the data."""
    raw = _data()["composition"]["qualities"]
    return {
        key: Quality(
            key=key,
            label=str(value["label"]),
            side=str(value["side"]),
            public=bool(value.get("public", False)),
            researcher=bool(value.get("researcher", False)),
            may_preside=bool(value.get("may_preside", False)),
        )
        for key, value in raw.items()
    }


def quality_label(key: str) -> str:
    quality = qualities().get(key)
    return quality.label if quality is not None else key


def citation() -> str:
    """The text of the rule, as shown after each problem (« Code de l'éducation, D643-31 »)."""
    return cite(str(_data()["composition"]["cite"])).short


def composition_problems(members: Sequence[Member]) -> list[str]:
    """What the recorded members fail against D643-31, in French, with the citation."""
    known = qualities()
    for member in members:
        if member.quality not in known:
            raise RegulationDataError(f"Qualité de membre du jury inconnue : {member.quality}.")
    where = f" ({citation()})"
    if not members:
        return [
            f"Aucun membre du jury n'est enregistré : sa composition ne peut être vérifiée{where}."
        ]
    problems: list[str] = []
    presidents = [m for m in members if m.president]
    if not presidents:
        problems.append(f"Le jury n'a pas de président{where}.")
    elif len(presidents) > 1:
        problems.append(f"Le jury a {len(presidents)} présidents : un seul préside{where}.")
    for president in presidents:
        if not known[president.quality].may_preside:
            problems.append(
                f"Le président ({president.name}, {known[president.quality].label.lower()}) "
                "doit être un enseignant-chercheur ou un inspecteur d'académie-inspecteur "
                f"pédagogique régional de la spécialité{where}."
            )
    teachers = [m for m in members if known[m.quality].side == "teachers"]
    professionals = [m for m in members if known[m.quality].side == "professionals"]
    if len(teachers) != len(professionals):
        problems.append(
            f"Le jury doit compter autant d'enseignants que de membres de la profession : "
            f"{len(teachers)} enseignant(s) pour {len(professionals)} professionnel(s){where}."
        )
    if not professionals:
        problems.append(f"Aucun membre de la profession (employeur ou salarié){where}.")
    public = [m for m in teachers if known[m.quality].public]
    if teachers and 2 * len(public) <= len(teachers):
        problems.append(
            "Les professeurs de l'enseignement public doivent être la majorité des "
            f"enseignants : {len(public)} sur {len(teachers)}{where}."
        )
    if not any(known[m.quality].researcher for m in teachers):
        problems.append(f"Les enseignants du jury doivent compter un enseignant-chercheur{where}.")
    adjoined = str(_data()["composition"]["adjoined_quality"])
    limit = int(_data()["composition"]["adjoined_max"])
    count = sum(1 for m in members if m.quality == adjoined)
    if count > limit:
        problems.append(
            f"Le jury ne peut s'adjoindre que {limit} personnes qualifiées au plus : "
            f"{count} enregistrées{where}."
        )
    return problems
