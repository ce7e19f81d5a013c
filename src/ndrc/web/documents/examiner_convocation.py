"""An examiner's convocation (« convocation d'examinateur »): for each half-day he or she
examines, the centre (with its address), the room, the épreuve, the other member(s) of the
commission, and the candidates with their times (number, name, loge, start, end, extra
time).

Every value is in the data, assembled by ``scheduling.convocation_examiners``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ndrc.exports import Export
from ndrc.web.documents import layout
from ndrc.web.documents.convocation import date_text, duration_text, time_text
from ndrc.web.documents.convocation_cancel import ConvocationCancellation, render_cancellation
from ndrc.web.documents.kinds import DocumentKind, IssueInfo, kind_register


@dataclass(frozen=True)
class ExaminerCandidate:
    """A candidate the commission examines: times in minutes from midnight, ``extra`` the
    extra minutes included (0: none)."""

    number: str
    name: str
    loge_start: int
    start: int
    end: int
    extra: int = 0
    group: str = ""


@dataclass(frozen=True)
class ExaminerHalfDay:
    """One commission the examiner sits in: a half-day in a room for an épreuve."""

    date: dt.date
    half: str
    centre: str
    centre_address: str
    room: str
    exam: str
    others: tuple[str, ...]
    candidates: tuple[ExaminerCandidate, ...]


@dataclass(frozen=True)
class ExaminerConvocationData:
    academy: str
    session: int
    texts: tuple[str, ...]
    last_name: str
    first_name: str
    establishment: str
    half_days: tuple[ExaminerHalfDay, ...]


TITLE = "Convocation d'examinateur"


def _candidate_row(candidate: ExaminerCandidate) -> list[str]:
    loge = "—" if candidate.loge_start >= candidate.start else time_text(candidate.loge_start)
    extra = duration_text(candidate.extra) if candidate.extra else "—"
    name = f"{candidate.name} (groupe {candidate.group})" if candidate.group else candidate.name
    return [
        candidate.number,
        name,
        loge,
        time_text(candidate.start),
        time_text(candidate.end),
        extra,
    ]


def render(data: ExaminerConvocationData | ConvocationCancellation, info: IssueInfo) -> Export:
    """The examiner's convocation as a PDF (``convocation-examinateur-<référence>.pdf``).
    A cancellation (``ConvocationCancellation``) is rendered as such."""
    if isinstance(data, ConvocationCancellation):
        return render_cancellation(data, info)
    name = f"{data.last_name.upper()} {data.first_name}"
    story = layout.Story()
    story.add(
        layout.table(
            [
                ["Nom, prénom", name],
                ["Établissement", data.establishment or "—"],
            ],
            widths=(50, 130),
            header_rows=0,
        ),
        layout.spacer(3),
    )
    days = len(data.half_days)
    story.line(
        f"Vous êtes convoqué(e) pour faire passer les épreuves ci-dessous ({days} "
        f"demi-journée{'s' if days > 1 else ''}). Le temps majoré des candidats qui en "
        "bénéficient est compris dans leurs horaires."
    )
    for half_day in data.half_days:
        story.heading(
            f"{date_text(half_day.date)} ({half_day.half}) — {half_day.exam} — "
            f"{half_day.centre}, {half_day.room}"
        )
        if half_day.centre_address:
            story.line(f"Adresse : {half_day.centre_address}", "small")
        others = ", ".join(half_day.others) if half_day.others else "aucun (examinateur seul)"
        story.line(f"Autre(s) membre(s) de la commission : {others}", "small")
        rows: list[list[str]] = [["N°", "Candidat", "Loge", "Début", "Fin", "Temps majoré"]]
        rows += [_candidate_row(c) for c in half_day.candidates]
        story.add(layout.table(rows, widths=(22, 70, 20, 20, 20, 28)))
    layout.contact(
        story,
        "Pour tout empêchement, prévenez sans délai le service des examens de l'académie en "
        f"rappelant la référence {info.reference}.",
    )
    content = layout.letter_render(
        story=story,
        info=info,
        academy=data.academy,
        session=data.session,
        title=TITLE,
        subtitle=name,
        texts=data.texts,
        subject=TITLE,
    )
    return Export(f"convocation-examinateur-{info.reference}.pdf", layout.MIMETYPE, content)


EXAMINER_CONVOCATION = kind_register(
    DocumentKind(
        code="CE",
        slug="convocation-examinateur",
        label="Convocation d'examinateur",
        render=render,
        to_examiner=True,
    )
)
