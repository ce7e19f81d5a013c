"""Dated, cited parameters of the results engine (``data/parameters/results.yaml``).

A parameter has a value per session (the latest ``from`` not after the session). A session
before the first value is an error. Parameters whose source is not the text itself
(certainty ``secondary`` or ``unsure``) may be overridden by the user; the override is shown
in every explanation that uses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from ndrc.rules.citation import Citation, cite
from ndrc.rules.data_files import load_yaml
from ndrc.rules.errors import NoRuleInForce, RegulationDataError


@dataclass(frozen=True)
class ParameterValue:
    name: str
    label: str
    value: str
    certainty: str
    citation: Citation
    overridden: bool = False

    def as_decimal(self) -> Decimal:
        return Decimal(self.value)

    def as_bool(self) -> bool:
        if self.value not in ("true", "false"):
            raise RegulationDataError(f"Paramètre {self.name} : booléen attendu, {self.value!r}.")
        return self.value == "true"

    def as_int(self) -> int:
        return int(self.value)

    def as_list(self) -> tuple[str, ...]:
        return tuple(v.strip() for v in self.value.split(",") if v.strip())

    def describe_fr(self) -> str:
        note = " (valeur modifiée par l'utilisateur)" if self.overridden else ""
        return f"{self.label} : {self.value}{note} [{self.citation.short}]"


@cache
def _raw() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("parameters/results.yaml")
    return data


def parameter_names() -> tuple[str, ...]:
    return tuple(_raw())


def is_overridable(name: str) -> bool:
    return str(_raw()[name]["certainty"]) != "text"


@dataclass(frozen=True)
class Parameters:
    """The parameters in force for one session, with the user's overrides."""

    session: int
    overrides: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in self.overrides:
            if name not in _raw():
                raise RegulationDataError(f"Paramètre inconnu : {name}.")
            if not is_overridable(name):
                raise RegulationDataError(
                    f"Le paramètre {name} vient du texte même : il ne peut pas être modifié."
                )

    def get(self, name: str) -> ParameterValue:
        raw = _raw().get(name)
        if raw is None:
            raise RegulationDataError(f"Paramètre inconnu : {name}.")
        in_force = [v for v in raw["values"] if int(v["from"]) <= self.session]
        if not in_force:
            raise NoRuleInForce(
                f"Le paramètre « {raw['label']} » n'a pas de valeur pour la session {self.session}."
            )
        value = str(max(in_force, key=lambda v: int(v["from"]))["value"])
        overridden = name in self.overrides
        return ParameterValue(
            name=name,
            label=str(raw["label"]),
            value=self.overrides[name] if overridden else value,
            certainty=str(raw["certainty"]),
            citation=cite(raw["cite"]),
            overridden=overridden,
        )
