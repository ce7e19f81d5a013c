"""The NV notice (« avis de non-conformité du dossier »): sent before the exam to a candidate
whose dossier the conformity check found not compliant once the deposit deadline has passed,
with each épreuve concerned, each cause of NV and the text applied as the rules core writes
them, the consequence quoted from the circular (the académie warns the candidate that he or
she will not be able to sit the épreuve), the date of the orals and whom to contact.

Every value is in the data, assembled by ``candidates.notices``: nothing regulatory is
written here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ndrc.exports import Export
from ndrc.web.documents import layout
from ndrc.web.documents.kinds import DocumentKind, IssueInfo, kind_register


@dataclass(frozen=True)
class NvExam:
    """An épreuve whose dossier is NV: its causes and the text that applies them."""

    code: str
    title: str
    causes: tuple[str, ...]
    citation: str


@dataclass(frozen=True)
class NvNoticeData:
    academy: str
    session: int
    texts: tuple[str, ...]
    number: str
    last_name: str
    first_name: str
    birth_date: dt.date
    establishment: str
    deposit_deadline: dt.date
    exams: tuple[NvExam, ...]
    warning: str
    warning_citation: str
    consequence: str
    consequence_citation: str
    oral_date: dt.date | None = None


TITLE = "Avis de non-conformité du dossier"


def render(data: NvNoticeData, info: IssueInfo) -> Export:
    """The notice as a PDF (``avis-non-conformite-<numéro>-<référence>.pdf``)."""
    codes = ", ".join(e.code for e in data.exams)
    story = layout.Story()
    story.add(
        layout.table(
            [
                ["Nom, prénom", f"{data.last_name.upper()} {data.first_name}"],
                ["N° de candidat", data.number],
                ["Date de naissance", data.birth_date.strftime("%d/%m/%Y")],
                ["Établissement de formation", data.establishment or "aucun"],
            ],
            widths=(55, 125),
            header_rows=0,
        ),
        layout.spacer(3),
    )
    story.line(
        "La commission chargée d'apprécier la conformité des dossiers a examiné votre dossier "
        f"(date limite de dépôt fixée par l'académie : {data.deposit_deadline:%d/%m/%Y}). "
        f"Votre dossier n'est pas conforme pour : {codes}."
    )
    story.heading("Causes de la non-conformité")
    rows: list[list[str]] = [["Épreuve", "Cause", "Texte appliqué"]]
    for exam in data.exams:
        for cause in exam.causes:
            rows.append([f"{exam.code} {exam.title}", _sentence(cause), exam.citation])
    story.add(layout.table(rows, widths=(45, 75, 60)))
    story.heading("Conséquence")
    story.line(f"« {data.consequence} »")
    story.line(data.consequence_citation, "muted")
    story.line(f"« {data.warning} »")
    story.line(data.warning_citation, "muted")
    if data.oral_date is not None:
        story.line(f"Date des épreuves orales fixée par l'académie : {data.oral_date:%d/%m/%Y}.")
    centre = f" ({data.establishment})" if data.establishment else ""
    layout.contact(
        story,
        f"Pour toute question, adressez-vous à votre centre de formation{centre} ou au service "
        f"des examens de l'académie, en rappelant la référence {info.reference}.",
    )
    content = layout.letter_render(
        story=story,
        info=info,
        academy=data.academy,
        session=data.session,
        title=TITLE,
        subtitle=layout.candidate_subtitle(
            first_name=data.first_name, last_name=data.last_name, number=data.number
        ),
        texts=data.texts,
        subject=f"{TITLE} — {data.number}",
    )
    return Export(
        f"avis-non-conformite-{data.number}-{info.reference}.pdf", layout.MIMETYPE, content
    )


def _sentence(cause: str) -> str:
    """A cause as the rules core writes it (« absence de dépôt du dossier »), capitalised."""
    return cause[:1].upper() + cause[1:]


NV_NOTICE = kind_register(
    DocumentKind(
        code="NV",
        slug="avis-non-conformite",
        label="Avis de non-conformité du dossier",
        render=render,
        to_candidate=True,
        to_centre=True,
    )
)
