"""A filled evaluation grid as a PDF: the candidate, each criterion of the grid with the level
the examiner or the commission gave it, each section's comment, the penalties of the
composition defects, the grade proposed, who signed it and when, and the text the grid comes
from. Sent to a candidate who asks for it after the results (for EF2 the « fiche
d'évaluation », the only evaluation document communicable to the candidate on appeal: C2022
§1.14), and downloaded from the grid's page by the exam office or the examiner who signed.

The documents app is below grading: the renderer takes plain data (``GridSheetData``, the
grid as ``Grid.to_dict`` writes it), assembled by ``grading.appeal_selectors``; nothing
regulatory is written here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import PageBreak

from ndrc.exports import Export
from ndrc.web.documents import layout
from ndrc.web.documents.kinds import DocumentKind, IssueInfo, kind_register


@dataclass(frozen=True)
class SheetPenalty:
    """A penalty of a composition defect: its code, its text, the points as typed."""

    code: str
    text: str
    points: str


@dataclass(frozen=True)
class SheetGrid:
    """One filled grid: ``grid`` is the grid as it was filled (``Grid.to_dict``), ``levels``
    criterion code → level code, ``comments`` section code → comment; ``proposal`` the grade
    proposed as typed (empty on a CCF situation that does not carry the grade);
    ``second_member`` the commission's other member, named next to the signature."""

    grid: dict[str, Any]
    levels: dict[str, str]
    comments: dict[str, str]
    penalties: tuple[SheetPenalty, ...]
    proposal: str
    signed_by: str
    signed_at: dt.datetime | None
    version: int
    # The other member of a two-member commission, who signs with the member whose account
    # signed (empty for an examiner alone).
    second_member: str = ""


@dataclass(frozen=True)
class GridSheetData:
    academy: str
    session: int
    number: str
    last_name: str
    first_name: str
    birth_date: dt.date | None
    establishment: str
    exam: str
    grids: tuple[SheetGrid, ...]
    # The candidate's request this answers (its date and text), for a document sent on appeal.
    requested_on: dt.date | None = None
    request: str = ""


FORMS = {"one_off": "forme ponctuelle", "ccf": "contrôle en cours de formation (CCF)"}


def decimal_fr(value: str) -> str:
    """A number as typed, with a decimal comma (« 14.5 » → « 14,5 »)."""
    return value.strip().replace(".", ",")


def sheet_title(data: GridSheetData) -> str:
    """« Fiche d'évaluation » for the communicable fiche (EF2), « Grille(s) d'évaluation »
    otherwise."""
    if data.grids and all(g.grid.get("communicable") for g in data.grids):
        return "Fiche d'évaluation"
    return "Grilles d'évaluation" if len(data.grids) > 1 else "Grille d'évaluation"


def _level_label(grid: dict[str, Any], code: str) -> str:
    for level in [*grid.get("levels", []), grid.get("not_assessed") or {}]:
        if level.get("code") == code:
            return f"{level['label']} ({code})"
    return "non renseigné"


def _grid_story(story: layout.Story, sheet: SheetGrid) -> None:
    grid = sheet.grid
    form = FORMS.get(str(grid.get("form", "")), str(grid.get("form", "")))
    situation = f" — situation {grid['situation']}" if grid.get("situation") else ""
    story.heading(f"{grid.get('title', '')}{situation}")
    story.line(f"Forme : {form}.", "muted")
    scale = ", ".join(
        f"{level['code']} = {level['label']}"
        for level in [*grid.get("levels", []), grid.get("not_assessed") or {}]
        if level
    )
    story.line(f"Échelle : {scale}.", "muted")
    rows: list[list[Any]] = [["Critère", "Niveau"]]
    bold: list[int] = []
    for section in grid.get("sections", []):
        bold.append(len(rows))
        rows.append([section.get("title", ""), ""])
        if section.get("note"):
            rows.append([layout.text(section["note"], "muted"), ""])
        for criterion in section.get("criteria", []):
            rows.append(
                [
                    f"{criterion['code']} {criterion['text']}",
                    _level_label(grid, sheet.levels.get(criterion["code"], "")),
                ]
            )
        comment = sheet.comments.get(section.get("code", ""), "")
        if comment:
            rows.append([layout.text(f"Commentaire : {comment}", "cell"), ""])
    story.add(layout.table(rows, widths=(130, 50), bold_rows=bold))
    story.heading("Pénalités (insuffisances du dossier)")
    if sheet.penalties:
        penalty_rows: list[list[Any]] = [["Insuffisance constatée", "Points retirés"]]
        for penalty in sheet.penalties:
            penalty_rows.append([penalty.text or penalty.code, decimal_fr(penalty.points)])
        story.add(layout.table(penalty_rows, widths=(140, 40), right=(1,)))
    else:
        story.line("Aucune pénalité.")
    story.heading("Note proposée")
    if sheet.proposal:
        story.line(f"Note proposée : {decimal_fr(sheet.proposal)}")
    else:
        story.line("La note est proposée sur la grille de la dernière situation d'évaluation.")
    if sheet.signed_at is not None:
        when = f"le {sheet.signed_at:%d/%m/%Y} à {sheet.signed_at:%H:%M}"
        story.line(
            f"Grille signée par {sheet.signed_by or 'la commission'} {when} "
            f"(version {sheet.version})."
        )
        if sheet.second_member:
            story.line(f"Second membre de la commission : {sheet.second_member}.")
    else:
        story.line("Grille non signée.")
    citation = grid.get("citation") or {}
    if citation.get("text"):
        story.line(f"Texte appliqué : {citation['text']}.", "muted")


def render(data: GridSheetData, info: IssueInfo) -> Export:
    """The grid(s) as a PDF (``grille-evaluation-<numéro>-<épreuve>-<référence>.pdf``), one
    grid after the other, each from a new page."""
    story = layout.Story()
    story.add(
        layout.table(
            [
                ["Nom, prénom", f"{data.last_name.upper()} {data.first_name}"],
                ["N° de candidat", data.number],
                [
                    "Date de naissance",
                    data.birth_date.strftime("%d/%m/%Y") if data.birth_date else "—",
                ],
                ["Établissement de formation", data.establishment or "aucun"],
                ["Épreuve", data.exam],
            ],
            widths=(55, 125),
            header_rows=0,
        ),
        layout.spacer(2),
    )
    if data.requested_on is not None:
        asked = f" : « {data.request} »" if data.request else "."
        story.line(f"En réponse à votre demande du {data.requested_on:%d/%m/%Y}{asked}")
    for index, sheet in enumerate(data.grids):
        if index:
            story.add(PageBreak())
        _grid_story(story, sheet)
    texts = tuple(
        dict.fromkeys(
            str((g.grid.get("citation") or {}).get("text", ""))
            for g in data.grids
            if (g.grid.get("citation") or {}).get("text")
        )
    )
    title = sheet_title(data)
    content = layout.letter_render(
        story=story,
        info=info,
        academy=data.academy,
        session=data.session,
        title=f"{title} — {data.exam}",
        subtitle=layout.candidate_subtitle(
            first_name=data.first_name, last_name=data.last_name, number=data.number
        ),
        texts=texts,
        subject=f"{title} {data.exam} — {data.number}",
    )
    return Export(
        f"grille-evaluation-{data.number}-{data.exam}-{info.reference}.pdf",
        layout.MIMETYPE,
        content,
    )


GRID_SHEET = kind_register(
    DocumentKind(
        code="GE",
        slug="grille-evaluation",
        label="Grille d'évaluation",
        render=render,
        to_candidate=True,
    )
)
