"""Every decision explains itself: steps with their rule, citation, inputs and figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ndrc.rules.citation import Citation


@dataclass(frozen=True)
class Step:
    rule: str
    text_fr: str
    citation: Citation | None = None
    inputs: dict[str, Any] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "text": self.text_fr,
            "citation": None if self.citation is None else self.citation.to_dict(),
            "inputs": self.inputs,
            "figures": self.figures,
        }

    def render_fr(self) -> str:
        ref = f" [{self.citation.render_fr()}]" if self.citation else ""
        return f"{self.text_fr}{ref}"
