"""The procès-verbal de délibération of one round of a jury: the texts applied, the jury (its
members, a place for its president), the round and the date it closed, every candidate with
the decision and the average as arrested, every change the jury made to a grade (with its
author and reason; a withdrawn one shown as withdrawn), the counts by decision and the places
for signatures. Landscape, on as many pages as the jury takes (the table's header repeated
on each page)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from ndrc.exports import Export
from ndrc.web.documents import layout
from ndrc.web.documents.figures_annex import annex_story
from ndrc.web.documents.kinds import DocumentKind, IssueInfo, kind_register
from ndrc.web.plots import Panel

TITLE = "Procès-verbal de délibération"
PRESIDENT = "Président(e) du jury"
# Signature places per row (landscape page: 267 mm wide).
PLACES_PER_ROW = 4


@dataclass(frozen=True)
class MinutesCandidate:
    """A candidate as the jury arrested the result: the decision's label and the average as
    displayed (« 12,50 »; empty when there is none)."""

    number: str
    last_name: str
    first_name: str
    decision: str
    average: str


@dataclass(frozen=True)
class MinutesChange:
    """A change the jury made to a grade during the round: ``before`` is the grade it
    replaced as the result records it (empty when not recorded), ``at`` « 04/07/2025 14:30 »."""

    number: str
    name: str
    exam: str
    before: str
    after: str
    author: str
    at: str
    reason: str
    withdrawn: bool = False


@dataclass(frozen=True)
class MinutesData:
    """What a PV shows (plain values: its fingerprint says whether it changed)."""

    academy: str
    session: int
    texts: tuple[str, ...]
    jury: str
    round: int
    closed_on: str  # « 04/07/2025 à 14:30 », empty when unknown
    members: tuple[str, ...]
    candidates: tuple[MinutesCandidate, ...]
    changes: tuple[MinutesChange, ...]
    counts: tuple[tuple[str, int], ...]  # (decision's label, how many), in the decisions' order
    pass_rate: str = ""  # « 72,4 » (per cent of the definitive decisions), empty when none
    # The president as recorded in the jury's composition (« Nom, qualité », CE D643-31),
    # empty when no composition is recorded; ``members`` then name each one's quality.
    president: str = ""
    annex: tuple[Panel, ...] = ()  # the jury's figures, each plot with its table (D125)


def minutes_plain(data: MinutesData) -> dict[str, Any]:
    """The PV's data as plain JSON values, to keep (``ClosedRound``)."""
    return asdict(data)


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def minutes_of_plain(plain: dict[str, Any]) -> MinutesData:
    """The PV's data kept by `minutes_plain`, as it was (its fingerprint unchanged)."""
    values = {f.name: _tuples(plain[f.name]) for f in fields(MinutesData) if f.name in plain}
    values["candidates"] = tuple(MinutesCandidate(**c) for c in plain["candidates"])
    values["changes"] = tuple(MinutesChange(**c) for c in plain["changes"])
    values["annex"] = tuple(
        Panel(**{k: _tuples(v) for k, v in panel.items()}) for panel in plain.get("annex", ())
    )
    return MinutesData(**values)


def _count_text(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _story(data: MinutesData, info: IssueInfo) -> layout.Story:
    story = layout.Story()
    if info.replacement_text:
        story.line(info.replacement_text, "muted")
    story.heading("Textes appliqués")
    for cited in data.texts:
        story.line(f"– {cited}", "small")
    story.heading("Jury")
    closed = f", close le {data.closed_on}" if data.closed_on else ""
    story.line(f"{data.jury} — tour de délibération n° {data.round}{closed}.")
    if data.president:
        story.line(f"Président(e) du jury : {data.president}.")
    # « Nom, qualité » of a recorded composition are separated by semicolons.
    separator = " ; " if data.president else ", "
    members = separator.join(data.members) if data.members else "aucun membre enregistré"
    story.line(f"Membres du jury : {members}.")
    story.line(
        f"Le jury a délibéré sur {_count_text(len(data.candidates), 'candidat', 'candidats')}."
    )
    story.heading("Décisions par candidat")
    rows: list[list[str]] = [["N° candidat", "Nom", "Prénom", "Décision", "Moyenne"]]
    rows += [
        [c.number, c.last_name.upper(), c.first_name, c.decision, c.average or "—"]
        for c in data.candidates
    ]
    story.add(layout.table(rows, widths=(34, 72, 58, 78, 25), right=(4,)))
    story.heading("Modifications de notes par le jury")
    if data.changes:
        changes: list[list[str]] = [
            [
                "N° candidat",
                "Candidat",
                "Épreuve",
                "Note initiale",
                "Note du jury",
                "Auteur",
                "Date",
                "Motif",
            ]
        ]
        changes += [
            [
                c.number,
                c.name,
                c.exam,
                c.before or "—",
                f"{c.after} (retirée)" if c.withdrawn else c.after,
                c.author,
                c.at,
                c.reason,
            ]
            for c in data.changes
        ]
        story.add(layout.table(changes, widths=(31, 37, 19, 20, 27, 31, 34, 68), right=(3, 4)))
        withdrawn = sum(1 for c in data.changes if c.withdrawn)
        if withdrawn:
            story.line(
                f"{_count_text(withdrawn, 'modification retirée', 'modifications retirées')} "
                "pendant la délibération : mentionnée(s) pour mémoire, non appliquée(s).",
                "muted",
            )
    else:
        story.line("Le jury n'a modifié aucune note à ce tour.")
    story.heading("Récapitulatif des décisions")
    summary: list[list[str]] = [["Décision", "Candidats"]]
    summary += [[label, str(n)] for label, n in data.counts]
    summary.append(["Total", str(len(data.candidates))])
    story.add(layout.table(summary, widths=(90, 25), right=(1,), bold_rows=(len(summary) - 1,)))
    if data.pass_rate:
        story.line(f"Taux de réussite (décisions définitives) : {data.pass_rate} %.")
    story.heading("Signatures")
    president = f"{PRESIDENT} : {data.president}" if data.president else PRESIDENT
    places = [president, *(f"Membre du jury : {m}" for m in data.members)]
    for start in range(0, len(places), PLACES_PER_ROW):
        row = places[start : start + PLACES_PER_ROW]
        story.add(layout.signatures(row, width_mm=66 * len(row)))
    annex_story(story, data.annex)
    return story


def minutes_render(data: MinutesData, info: IssueInfo) -> Export:
    """The PV as a PDF (landscape A4)."""
    letterhead = layout.Letterhead(
        academy=data.academy,
        session=data.session,
        title=TITLE,
        subtitle=f"{data.jury} — tour de délibération n° {data.round}",
        reference=info.reference,
        issued_on=info.issued_on,
        texts=data.texts,
        landscape=True,
    )
    content = layout.pdf_render(
        letterhead=letterhead,
        story=_story(data, info).parts,
        subject=f"{TITLE} — {data.jury} — tour {data.round}",
    )
    return Export(f"pv-deliberation-{info.reference}.pdf", layout.MIMETYPE, content)


MINUTES = kind_register(
    DocumentKind(
        code="PV",
        slug="pv-deliberation",
        label=TITLE,
        render=minutes_render,
        to_candidate=False,
        to_centre=False,
    )
)
