"""The citations of the results engine's own steps (``data/results_citations.yaml``), keyed
by rule: the steps that apply a parameter or a value of the regulation cite those instead. A
rule whose text differs between the regulation versions has one citation per regulation (the
text in force for the session); every citation names a known source."""

from __future__ import annotations

from functools import cache
from typing import Any

from ndrc.rules.citation import cite
from ndrc.rules.data_files import load_yaml
from ndrc.rules.errors import RegulationDataError
from ndrc.rules.regulation import all_regulations


@cache
def _citations_data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("results_citations.yaml")
    ids = {r.id for r in all_regulations()}
    for rule, value in data.items():
        texts = value.values() if isinstance(value, dict) else [value]
        if isinstance(value, dict) and set(value) != ids:
            raise RegulationDataError(
                f"Citation de l'étape « {rule} » : une par règlement ({sorted(ids)}) attendue."
            )
        for text in texts:
            cite(text)  # an unknown source is a data error
    return data


@cache
def rule_citations(regulation_id: str | None) -> dict[str, str]:
    """The citation of each step of the engine, for the regulation in force (rules whose text
    differs between versions are left out when no regulation governs the session)."""
    cited: dict[str, str] = {}
    for rule, value in _citations_data().items():
        if not isinstance(value, dict):
            cited[rule] = str(value)
        elif regulation_id is not None:
            cited[rule] = str(value[regulation_id])
    return cited
