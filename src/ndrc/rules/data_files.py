"""Access to the regulation data shipped in ``ndrc/rules/data``."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml


def load_yaml(name: str) -> Any:
    """Load one YAML file of the data folder (``name`` may contain a sub-folder)."""
    path = resources.files("ndrc.rules").joinpath("data", *name.split("/"))
    with path.open("r", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def list_data(folder: str) -> list[str]:
    base = resources.files("ndrc.rules").joinpath("data", folder)
    return sorted(
        f"{folder}/{entry.name}" for entry in base.iterdir() if entry.name.endswith(".yaml")
    )
