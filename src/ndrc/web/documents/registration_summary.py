"""The registration summary (« récapitulatif d'inscription »): what the candidate is registered
for, read from the exam plan the rules core builds (route, column of the règlement, each
épreuve with its form, duration and coefficient, the choices, the exemptions and their
proofs, the units validated by the VAE, the grades kept from an earlier session), for the
candidate to check and report an error before the date the académie fixed.

Every value is in the data, assembled by ``candidates.notices`` from the plan and the file:
nothing regulatory is written here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ndrc.exports import Export
from ndrc.web.documents import layout
from ndrc.web.documents.kinds import DocumentKind, IssueInfo, kind_register


@dataclass(frozen=True)
class SummaryExam:
    """One épreuve of the plan: its status (à passer, dispensé, bénéfice, VAE), form,
    duration and coefficient as the plan gives them, why (for a unit not to sit) and the
    text it applies."""

    code: str
    unit: str
    title: str
    coefficient: str
    status: str
    form: str
    duration: str
    detail: str = ""
    citation: str = ""


@dataclass(frozen=True)
class SummaryLine:
    """A line of the summary: what (« LV1 », « U3 »…), what the file says, the text applied."""

    label: str
    text: str
    citation: str = ""


@dataclass(frozen=True)
class CarriedGrade:
    """A grade kept from an earlier session (bénéfice): its épreuve, grade, session of
    obtention and the last session it counts for."""

    exam: str
    grade: str
    obtained: int
    valid_until: int
    citation: str


@dataclass(frozen=True)
class RegistrationSummaryData:
    academy: str
    session: int
    texts: tuple[str, ...]
    number: str
    last_name: str
    first_name: str
    birth_date: dt.date
    route: str
    establishment: str
    assessment_form: str
    regulation: str
    column: str
    column_citation: str
    exams: tuple[SummaryExam, ...]
    choices: tuple[SummaryLine, ...]
    exemptions: tuple[SummaryLine, ...]
    diplomas: tuple[SummaryLine, ...]
    vae_units: tuple[SummaryLine, ...]
    carried: tuple[CarriedGrade, ...]
    findings: tuple[SummaryLine, ...]
    check_before: dt.date | None = None


TITLE = "Récapitulatif d'inscription"


def render(data: RegistrationSummaryData, info: IssueInfo) -> Export:
    """The summary as a PDF (``récapitulatif-<numéro>-<référence>.pdf``)."""
    story = layout.Story()
    story.heading("Candidat")
    story.add(
        layout.table(
            [
                ["Nom, prénom", f"{data.last_name.upper()} {data.first_name}"],
                ["N° de candidat", data.number],
                ["Date de naissance", data.birth_date.strftime("%d/%m/%Y")],
                ["Session", str(data.session)],
                ["Voie de préparation", data.route],
                ["Établissement de formation", data.establishment or "aucun"],
                ["Forme de l'examen", data.assessment_form],
            ],
            widths=(55, 125),
            header_rows=0,
        )
    )
    story.heading("Règlement d'examen")
    if data.regulation:
        story.line(data.regulation)
    if data.column:
        story.line(data.column)
        if data.column_citation:
            story.line(data.column_citation, "muted")
    if data.exams:
        story.heading("Épreuves")
        rows: list[list[str]] = [["Épreuve", "Unité", "Coef.", "Situation", "Forme", "Durée"]]
        for exam in data.exams:
            rows.append(
                [
                    f"{exam.code} {exam.title}",
                    exam.unit,
                    exam.coefficient,
                    exam.status,
                    exam.form,
                    exam.duration,
                ]
            )
        story.add(layout.table(rows, widths=(52, 14, 13, 24, 42, 35), right=(2,)), layout.spacer(1))
        for exam in data.exams:
            if exam.detail:
                cited = f" [{exam.citation}]" if exam.citation else ""
                story.line(f"{exam.code} : {exam.detail}{cited}", "small")
        cited = [f"{e.code} : {e.citation}" for e in data.exams if e.citation and not e.detail]
        if cited:
            story.line("Textes : " + " ; ".join(cited), "muted")
    _lines(story, "Choix", data.choices)
    _lines(story, "Dispenses demandées", data.exemptions)
    _lines(story, "Diplômes déclarés et justificatifs", data.diplomas)
    _lines(story, "Unités validées par la VAE", data.vae_units)
    if data.carried:
        story.heading("Notes conservées (bénéfice)")
        rows = [["Épreuve", "Note", "Session d'obtention", "Valable jusqu'à la session"]]
        rows += [[c.exam, c.grade, str(c.obtained), str(c.valid_until)] for c in data.carried]
        story.add(layout.table(rows, widths=(30, 25, 45, 50), right=(1,)))
        citations = sorted({c.citation for c in data.carried if c.citation})
        for citation in citations:
            story.line(citation, "muted")
    _lines(story, "Erreurs et avertissements de l'inscription", data.findings)
    story.add(layout.spacer(4), _check_box(data))
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
    return Export(f"recapitulatif-{data.number}-{info.reference}.pdf", layout.MIMETYPE, content)


def _lines(story: layout.Story, title: str, lines: tuple[SummaryLine, ...]) -> None:
    if not lines:
        return
    story.heading(title)
    rows = [[line.label, line.text, line.citation] for line in lines]
    story.add(layout.table(rows, widths=(40, 90, 50), header_rows=0))


def _check_box(data: RegistrationSummaryData) -> layout.Table:
    """« À vérifier par le candidat » and the date to report an error by, when known."""
    when = f" avant le {data.check_before:%d/%m/%Y}" if data.check_before is not None else ""
    return layout.table(
        [
            [
                layout.markup(
                    "<b>À vérifier par le candidat :</b> "
                    + layout.escape(
                        "signalez toute erreur à votre centre de formation ou au service des "
                        f"examens{when}."
                    )
                )
            ]
        ],
        widths=(180,),
        header_rows=0,
    )


REGISTRATION_SUMMARY = kind_register(
    DocumentKind(
        code="RI",
        slug="recapitulatif-inscription",
        label="Récapitulatif d'inscription",
        render=render,
        to_candidate=True,
        to_centre=True,
    )
)
