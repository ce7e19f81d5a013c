"""Citations: every regulatory value names the text it comes from.

A citation is written ``"<source id> <location>"`` in the data, e.g. ``"A2018 annexe II c"``;
the source ids are listed in ``data/sources.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ndrc.rules.data_files import load_yaml
from ndrc.rules.errors import RegulationDataError


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    seed: str


@dataclass(frozen=True)
class Citation:
    source: Source
    location: str

    @property
    def short(self) -> str:
        return f"{self.source.id} {self.location}".strip()

    def render_fr(self) -> str:
        return f"{self.source.title}, {self.location}" if self.location else self.source.title

    def to_dict(self) -> dict[str, str]:
        return {
            "source": self.source.id,
            "location": self.location,
            "text": self.render_fr(),
            "seed": self.source.seed,
        }


@cache
def sources() -> dict[str, Source]:
    raw = load_yaml("sources.yaml")
    return {
        key: Source(id=key, title=str(value["title"]), seed=str(value["seed"]))
        for key, value in raw.items()
    }


@cache
def cite(text: object) -> Citation:
    """Parse a citation of the data; an unknown source is a data error, never ignored."""
    if not isinstance(text, str) or not text.strip():
        raise RegulationDataError(f"Citation manquante ou vide : {text!r}")
    source_id, _, location = text.strip().partition(" ")
    source = sources().get(source_id)
    if source is None:
        raise RegulationDataError(f"Source inconnue dans la citation {text!r}")
    return Citation(source=source, location=location.strip())
