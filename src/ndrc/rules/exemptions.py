"""Exemptions of units (dispenses, annexe II b): granted on request when a diploma held meets
the condition the text sets for that unit."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ndrc.rules.candidate import CandidateProfile, DiplomaHeld
from ndrc.rules.citation import Citation, cite
from ndrc.rules.data_files import load_yaml


@dataclass(frozen=True)
class ExemptionRule:
    units: tuple[str, ...]
    diplomas: tuple[str, ...]
    requires_law_economics_management: bool
    text: str
    citation: Citation

    def grounds(self, diploma: DiplomaHeld) -> bool:
        return diploma.kind in self.diplomas and (
            diploma.law_economics_management or not self.requires_law_economics_management
        )


@dataclass(frozen=True)
class ExemptionDecision:
    unit: str
    granted: bool
    code: str
    reason: str
    citation: Citation


@cache
def diploma_kinds() -> dict[str, str]:
    return {str(k): str(v) for k, v in load_yaml("exemptions.yaml")["diploma_kinds"].items()}


@cache
def exemption_rules() -> tuple[ExemptionRule, ...]:
    raw = load_yaml("exemptions.yaml")
    return tuple(
        ExemptionRule(
            units=tuple(r["units"]),
            diplomas=tuple(r["diplomas"]),
            requires_law_economics_management=bool(r["requires_law_economics_management"]),
            text=str(r["text"]),
            citation=cite(r["cite"]),
        )
        for r in raw["rules"]
    )


def _diploma_label(diploma: DiplomaHeld) -> str:
    label = diploma_kinds().get(diploma.kind, diploma.kind)
    return f"{label} ({diploma.title})" if diploma.title else label


def exemption_decision(candidate: CandidateProfile, unit: str) -> ExemptionDecision:
    rules = [r for r in exemption_rules() if unit in r.units]
    if not rules:
        return ExemptionDecision(
            unit=unit,
            granted=False,
            code="exemption_not_provided",
            reason=f"Aucune dispense de l'unité {unit} n'est prévue par l'annexe II b.",
            citation=cite("A2018 annexe II b"),
        )
    rule = rules[0]
    for diploma in candidate.diplomas:
        if rule.grounds(diploma):
            return ExemptionDecision(
                unit=unit,
                granted=True,
                code="exemption_granted",
                reason=f"Dispense de {unit} à la demande du candidat, titulaire : "
                f"{_diploma_label(diploma)}.",
                citation=rule.citation,
            )
    needed = ", ".join(diploma_kinds()[d] for d in rule.diplomas)
    extra = (
        " ayant validé une unité d'enseignement de droit, économie et management"
        if rule.requires_law_economics_management
        else ""
    )
    return ExemptionDecision(
        unit=unit,
        granted=False,
        code="exemption_condition_not_met",
        reason=f"Dispense de {unit} demandée sans diplôme qui la fonde : il faut être titulaire "
        f"de l'un de ces diplômes : {needed}{extra}.",
        citation=rule.citation,
    )
