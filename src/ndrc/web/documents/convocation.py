"""The candidate's convocation (« convocation aux épreuves »): the candidate's identity and
number, the exam centre with its address, then every épreuve he or she sits on the exam days
(orals and practicals, from the applied schedule) and in the national calendar (written
papers): date, times, place, loge, duration (extra time included and said) and what to bring,
each with the text that says so.

Every value is in the data, assembled by ``scheduling.convocation_candidates``: what to
bring and its citations come from the rules core (``exam_days.yaml``, ``bring``), nothing
regulatory is written here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ndrc.exports import Export
from ndrc.french_dates import day_text
from ndrc.web.documents import layout
from ndrc.web.documents.convocation_cancel import ConvocationCancellation, render_cancellation
from ndrc.web.documents.kinds import DocumentKind, IssueInfo, kind_register


def date_text(day: dt.date) -> str:
    """« mardi 12 mai 2026 » (« 1er » for the first of the month)."""
    return day_text(day)


def time_text(minute: int) -> str:
    """« 08 h 20 » for a minute counted from midnight."""
    return f"{minute // 60:02d} h {minute % 60:02d}"


def duration_text(minutes: int) -> str:
    """« 40 min », « 4 h », « 5 h 20 »."""
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h" if rest == 0 else f"{hours} h {rest:02d}"


@dataclass(frozen=True)
class ConvocationExam:
    """One épreuve the candidate sits: written (the national calendar: ``loge`` is the time
    nobody may leave the room) or oral / practical (``loge_start`` is when to be at the
    loge); times in minutes from midnight, ``extra`` the extra minutes included."""

    code: str
    label: str
    date: dt.date
    start: int
    end: int
    written: bool
    centre: str
    room: str
    duration: int
    extra: int
    loge_start: int | None = None
    loge: int = 0
    bring: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConvocationData:
    academy: str
    session: int
    texts: tuple[str, ...]
    number: str
    last_name: str
    first_name: str
    birth_date: dt.date
    centre: str
    centre_address: str
    exams: tuple[ConvocationExam, ...]
    always: tuple[str, ...]
    citations: tuple[str, ...]
    extra_time: bool = False
    extra_time_citation: str = ""
    # Written papers the candidate sits whose date the national calendar does not give yet.
    undated: tuple[str, ...] = ()


TITLE = "Convocation aux épreuves"


def _presence(exam: ConvocationExam) -> str:
    if exam.written:
        leave = time_text(exam.start + exam.loge)
        return f"Temps de loge : {duration_text(exam.loge)} (aucune sortie avant {leave})"
    if exam.loge_start is not None and exam.loge_start < exam.start:
        loge = duration_text(exam.start - exam.loge_start)
        return f"Loge à {time_text(exam.loge_start)} ({loge})"
    return f"Se présenter à {time_text(exam.start)}"


def _duration(exam: ConvocationExam) -> str:
    if not exam.extra:
        return duration_text(exam.duration)
    return (
        f"{duration_text(exam.duration + exam.extra)} "
        f"(dont {duration_text(exam.extra)} de temps majoré)"
    )


def _bring(items: tuple[str, ...]) -> object:
    if not items:
        return "—"
    return layout.markup("<br/>".join(f"• {layout.escape(i)}" for i in items), "cell")


def render(data: ConvocationData | ConvocationCancellation, info: IssueInfo) -> Export:
    """The convocation as a PDF (``convocation-<numéro>-<référence>.pdf``). A cancellation
    (``ConvocationCancellation``) is rendered as such."""
    if isinstance(data, ConvocationCancellation):
        return render_cancellation(data, info)
    story = layout.Story()
    story.add(
        layout.table(
            [
                ["Nom, prénom", f"{data.last_name.upper()} {data.first_name}"],
                ["N° de candidat", data.number],
                ["Date de naissance", data.birth_date.strftime("%d/%m/%Y")],
                [
                    "Centre d'examen",
                    f"{data.centre} — {data.centre_address}"
                    if data.centre_address
                    else data.centre,
                ],
            ],
            widths=(50, 130),
            header_rows=0,
        ),
        layout.spacer(3),
    )
    story.line(
        "Vous êtes convoqué(e) aux épreuves ci-dessous, aux dates, heures et lieux indiqués. "
        "Présentez-vous à l'heure de loge : un retard peut vous interdire l'accès à l'épreuve."
    )
    if data.extra_time:
        story.line(
            "Un temps majoré vous est accordé : il est compris dans les horaires et les durées "
            f"ci-dessous ({data.extra_time_citation})."
        )
    story.heading("Vos épreuves")
    rows: list[list[object]] = [
        ["Épreuve", "Date et horaires", "Lieu", "Loge", "Durée", "À apporter"]
    ]
    for exam in data.exams:
        rows.append(
            [
                exam.label,
                f"{date_text(exam.date)}, {time_text(exam.start)} – {time_text(exam.end)}",
                f"{exam.centre}, {exam.room}" if exam.room else exam.centre,
                _presence(exam),
                _duration(exam),
                _bring(exam.bring),
            ]
        )
    story.add(layout.table(rows, widths=(27, 30, 25, 27, 19, 52)), layout.spacer(2))
    if data.undated:
        story.line(
            "Épreuves écrites dont la date n'est pas encore fixée (une nouvelle convocation "
            f"vous sera adressée) : {', '.join(data.undated)}."
        )
    story.heading("À apporter à chaque épreuve")
    for item in data.always:
        story.line(f"• {item}")
    story.heading("Textes appliqués")
    for citation in data.citations:
        story.line(citation, "muted")
    layout.contact(story, layout.ASK_THE_OFFICE.format(reference=info.reference))
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
    return Export(f"convocation-{data.number}-{info.reference}.pdf", layout.MIMETYPE, content)


CONVOCATION = kind_register(
    DocumentKind(
        code="CV",
        slug="convocation",
        label="Convocation aux épreuves",
        render=render,
        to_candidate=True,
    )
)
