"""The list of admitted candidates of a jury, for publication as académies publish it: only
the candidates admitted (before or after the resit orals), by name, with their first names,
their candidate numbers and their establishments — no grade, no date of birth."""

from __future__ import annotations

from dataclasses import dataclass

from ndrc.exports import Export
from ndrc.web.documents import layout
from ndrc.web.documents.kinds import DocumentKind, IssueInfo, kind_register

TITLE = "Liste des candidats admis"


@dataclass(frozen=True)
class AdmittedCandidate:
    last_name: str
    first_name: str
    number: str
    establishment: str  # empty for a candidate without one (professional experience)


@dataclass(frozen=True)
class AdmittedListData:
    """What the list shows: the candidates in the order of their names."""

    academy: str
    session: int
    texts: tuple[str, ...]
    jury: str
    round: int
    published_on: str  # « 07/07/2025 »
    candidates: tuple[AdmittedCandidate, ...]


def admitted_list_render(data: AdmittedListData, info: IssueInfo) -> Export:
    story = layout.Story()
    if info.replacement_text:
        story.line(info.replacement_text, "muted")
    n = len(data.candidates)
    story.line(
        f"{data.jury} — résultats publiés le {data.published_on} (tour de délibération "
        f"n° {data.round}) : {n} candidat{'' if n == 1 else 's'} admis, par ordre "
        "alphabétique."
    )
    rows: list[list[str]] = [["Nom", "Prénom", "N° candidat", "Établissement de formation"]]
    rows += [
        [c.last_name.upper(), c.first_name, c.number, c.establishment or "—"]
        for c in data.candidates
    ]
    if data.candidates:
        story.add(layout.spacer(2), layout.table(rows, widths=(46, 38, 30, 66)))
    else:
        story.line("Aucun candidat admis.")
    letterhead = layout.Letterhead(
        academy=data.academy,
        session=data.session,
        title=TITLE,
        subtitle=data.jury,
        reference=info.reference,
        issued_on=info.issued_on,
        texts=data.texts,
    )
    content = layout.pdf_render(
        letterhead=letterhead, story=story.parts, subject=f"{TITLE} — {data.jury}"
    )
    return Export(f"liste-des-admis-{info.reference}.pdf", layout.MIMETYPE, content)


ADMITTED_LIST = kind_register(
    DocumentKind(
        code="LA",
        slug="liste-des-admis",
        label=TITLE,
        render=admitted_list_render,
        to_candidate=False,
        to_centre=False,
    )
)
