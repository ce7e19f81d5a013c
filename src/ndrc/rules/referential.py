"""The référentiel of the BTS NDRC (annexes I a and I b, tableau de synthèse), as cited data,
with its exports to JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from typing import Any

from ndrc.rules.citation import Citation, cite
from ndrc.rules.data_files import load_yaml


@dataclass(frozen=True)
class Activity:
    title: str
    tasks: tuple[str, ...]
    expected_results: tuple[str, ...]


@dataclass(frozen=True)
class ActivityPole:
    number: int
    title: str
    citation: Citation
    activities: tuple[Activity, ...]
    other: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class SubCompetence:
    title: str
    performance_criteria: tuple[str, ...]


@dataclass(frozen=True)
class Competence:
    code: str
    title: str
    sub_competences: tuple[SubCompetence, ...]
    performance_criteria: tuple[str, ...]
    text_variant: str = ""

    @property
    def all_criteria(self) -> tuple[str, ...]:
        tied = tuple(c for s in self.sub_competences for c in s.performance_criteria)
        return tied + self.performance_criteria


@dataclass(frozen=True)
class KnowledgeDomain:
    domain: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class CompetenceBlock:
    number: int
    title: str
    unit: str
    activity_pole: int
    citation: Citation
    contexts: tuple[str, ...]
    resources: tuple[str, ...]
    competences: tuple[Competence, ...]
    associated_knowledge: tuple[KnowledgeDomain, ...]

    def competence(self, code: str) -> Competence:
        for competence in self.competences:
            if competence.code == code:
                return competence
        raise KeyError(code)


@dataclass(frozen=True)
class GeneralBlock:
    unit: str
    title: str
    citation: Citation
    competences: tuple[str, ...]
    optional: bool = False


@dataclass(frozen=True)
class Referential:
    activity_poles: tuple[ActivityPole, ...]
    competence_blocks: tuple[CompetenceBlock, ...]
    general_blocks: tuple[GeneralBlock, ...]
    job_titles: dict[str, Any]

    def block(self, number: int) -> CompetenceBlock:
        for block in self.competence_blocks:
            if block.number == number:
                return block
        raise KeyError(number)


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in (values or []))


@cache
def referential() -> Referential:
    raw = load_yaml("referential.yaml")
    poles = tuple(
        ActivityPole(
            number=int(p["number"]),
            title=str(p["title"]),
            citation=cite(p["cite"]),
            activities=tuple(
                Activity(
                    title=str(a["title"]),
                    tasks=_strings(a.get("tasks")),
                    expected_results=_strings(a.get("expected_results")),
                )
                for a in p["activities"]
            ),
            other={str(k): _strings(v) for k, v in (p.get("other") or {}).items()},
        )
        for p in raw["activity_poles"]
    )
    blocks = tuple(
        CompetenceBlock(
            number=int(b["number"]),
            title=str(b["title"]),
            unit=str(b["unit"]),
            activity_pole=int(b["activity_pole"]),
            citation=cite(b["cite"]),
            contexts=_strings(b["conditions"].get("contexts")),
            resources=_strings(b["conditions"].get("resources")),
            competences=tuple(
                Competence(
                    code=str(c["code"]),
                    title=str(c["title"]),
                    sub_competences=tuple(
                        SubCompetence(
                            title=str(s["title"]),
                            performance_criteria=_strings(s.get("performance_criteria")),
                        )
                        for s in c.get("sub_competences", [])
                    ),
                    performance_criteria=_strings(c.get("performance_criteria")),
                    text_variant=str(c.get("text_variant", "")),
                )
                for c in b["competences"]
            ),
            associated_knowledge=tuple(
                KnowledgeDomain(domain=str(k["domain"]), items=_strings(k["items"]))
                for k in b["associated_knowledge"]
            ),
        )
        for b in raw["competence_blocks"]
    )
    general = tuple(
        GeneralBlock(
            unit=str(g["unit"]),
            title=str(g["title"]),
            citation=cite(g["cite"]),
            competences=_strings(g.get("competences")),
            optional=bool(g.get("optional", False)),
        )
        for g in raw["general_blocks"]
    )
    return Referential(
        activity_poles=poles,
        competence_blocks=blocks,
        general_blocks=general,
        job_titles=dict(raw.get("job_titles") or {}),
    )


def referential_to_dict(ref: Referential | None = None) -> dict[str, Any]:
    ref = ref or referential()
    return {
        "activity_poles": [
            {
                "number": p.number,
                "title": p.title,
                "citation": p.citation.to_dict(),
                "activities": [
                    {
                        "title": a.title,
                        "tasks": list(a.tasks),
                        "expected_results": list(a.expected_results),
                    }
                    for a in p.activities
                ],
                "other": {k: list(v) for k, v in p.other.items()},
            }
            for p in ref.activity_poles
        ],
        "competence_blocks": [
            {
                "number": b.number,
                "title": b.title,
                "unit": b.unit,
                "activity_pole": b.activity_pole,
                "citation": b.citation.to_dict(),
                "contexts": list(b.contexts),
                "resources": list(b.resources),
                "competences": [
                    {
                        "code": c.code,
                        "title": c.title,
                        "text_variant": c.text_variant,
                        "sub_competences": [
                            {"title": s.title, "performance_criteria": list(s.performance_criteria)}
                            for s in c.sub_competences
                        ],
                        "performance_criteria": list(c.performance_criteria),
                    }
                    for c in b.competences
                ],
                "associated_knowledge": [
                    {"domain": k.domain, "items": list(k.items)} for k in b.associated_knowledge
                ],
            }
            for b in ref.competence_blocks
        ],
        "general_blocks": [
            {
                "unit": g.unit,
                "title": g.title,
                "optional": g.optional,
                "citation": g.citation.to_dict(),
                "competences": list(g.competences),
            }
            for g in ref.general_blocks
        ],
        "job_titles": ref.job_titles,
    }


CSV_COLUMNS = ("kind", "part", "code", "heading", "subheading", "text", "citation")


def referential_rows(ref: Referential | None = None) -> list[dict[str, str]]:
    """One row per item of the référentiel (task, result, criterion, knowledge, competence)."""
    ref = ref or referential()
    rows: list[dict[str, str]] = []

    def add(
        kind: str, part: str, code: str, heading: str, sub: str, text: str, c: Citation
    ) -> None:
        rows.append(
            dict(zip(CSV_COLUMNS, (kind, part, code, heading, sub, text, c.short), strict=True))
        )

    for p in ref.activity_poles:
        part = f"Pôle {p.number} {p.title}"
        for a in p.activities:
            for task in a.tasks:
                add("task", part, "", a.title, "", task, p.citation)
            for result in a.expected_results:
                add("expected_result", part, "", a.title, "", result, p.citation)
    for b in ref.competence_blocks:
        part = f"Bloc {b.number} {b.title} ({b.unit})"
        for c in b.competences:
            for s in c.sub_competences:
                add("sub_competence", part, c.code, c.title, s.title, s.title, b.citation)
                for criterion in s.performance_criteria:
                    add(
                        "performance_criterion",
                        part,
                        c.code,
                        c.title,
                        s.title,
                        criterion,
                        b.citation,
                    )
            for criterion in c.performance_criteria:
                add("performance_criterion", part, c.code, c.title, "", criterion, b.citation)
        for k in b.associated_knowledge:
            for item in k.items:
                add("associated_knowledge", part, "", k.domain, "", item, b.citation)
    for g in ref.general_blocks:
        for competence in g.competences:
            add(
                "general_competence",
                f"{g.unit} {g.title}",
                g.unit,
                g.title,
                "",
                competence,
                g.citation,
            )
    return rows


def referential_csv(ref: Referential | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(referential_rows(ref))
    return buffer.getvalue()


def referential_markdown(ref: Referential | None = None) -> str:
    ref = ref or referential()
    out: list[str] = ["# Référentiel du BTS NDRC", ""]
    out += ["## Référentiel des activités professionnelles", ""]
    for p in ref.activity_poles:
        out += [f"### Pôle {p.number} — {p.title}", "", f"_Source : {p.citation.render_fr()}_", ""]
        for a in p.activities:
            out += [f"#### {a.title}", "", "Tâches :", ""]
            out += [f"- {t}" for t in a.tasks]
            out += ["", "Résultats attendus :", ""]
            out += [f"- {r}" for r in a.expected_results]
            out += [""]
    out += ["## Référentiel de certification", ""]
    for b in ref.competence_blocks:
        out += [
            f"### Bloc {b.number} — {b.title} ({b.unit})",
            "",
            f"_Source : {b.citation.render_fr()}_",
            "",
        ]
        for c in b.competences:
            out += [f"#### {c.code} {c.title}", ""]
            for s in c.sub_competences:
                out += [f"- {s.title}"]
                out += [f"  - critère : {x}" for x in s.performance_criteria]
            if c.performance_criteria:
                out += ["", "Critères de performance :", ""]
                out += [f"- {x}" for x in c.performance_criteria]
            out += [""]
        out += ["#### Savoirs associés", ""]
        for k in b.associated_knowledge:
            out += [f"- **{k.domain}** : " + " ; ".join(k.items)]
        out += [""]
    from ndrc.rules.units import timetable

    modules, total, timetable_citation = timetable()
    out += ["## Grille horaire (hebdomadaire, identique en 1re et 2e année)", ""]
    out += [f"_Source : {timetable_citation.render_fr()}_", ""]
    out += ["| Module | Cours | TD | Professeur | Volume annuel |", "|---|---|---|---|---|"]
    for m in (*[m for m in modules if not m.optional], total, *[m for m in modules if m.optional]):
        name = f"{m.name} (facultatif)" if m.optional else m.name
        out += [
            f"| {name} | {m.lectures} | {m.tutorials} | {m.teacher_hours} | {m.yearly_volume} |"
        ]
    out += [""]
    out += ["## Blocs généraux", ""]
    for g in ref.general_blocks:
        out += [f"### {g.unit} — {g.title}", ""]
        out += [f"- {x}" for x in g.competences]
        out += [""]
    return "\n".join(out)
