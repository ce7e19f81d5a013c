"""The page of a State service, for every document the site issues (ReportLab): the
Republic's block, the académie and its examinations office, the session and the diploma, the
document's title, its reference and date of issue on each page, the texts applied and
« page n / N » at the foot. A renderer gives its ``Letterhead`` and its story (paragraphs,
tables) and receives the PDF's bytes.

The same input gives the same bytes (ReportLab's invariant mode: no creation time, a fixed
document identifier), so that a document issued again is identical. Fonts: DejaVu Sans,
bundled (fonts/LICENSE: the Bitstream Vera licence, redistribution allowed)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
MIMETYPE = "application/pdf"
DIPLOMA = "BTS Négociation et digitalisation de la relation client"
# The State's blue (the DSFR's « bleu France »), for rules and headings.
BLUE = colors.HexColor("#000091")
GREY = colors.HexColor("#666666")
LIGHT = colors.HexColor("#eeeeee")

_registered = False


def fonts_register() -> None:
    """Register the bundled fonts with ReportLab (once per process)."""
    global _registered
    if _registered:
        return
    for name, file in (
        (FONT, "DejaVuSans.ttf"),
        (FONT_BOLD, "DejaVuSans-Bold.ttf"),
        (FONT_ITALIC, "DejaVuSans-Oblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC)
    _registered = True


def _style(name: str, **values: Any) -> ParagraphStyle:
    base: dict[str, Any] = {"fontName": FONT, "fontSize": 9.5, "leading": 12.5}
    return ParagraphStyle(name, **{**base, **values})


fonts_register()  # paragraphs are built with these fonts' names

STYLES: dict[str, ParagraphStyle] = {
    "body": _style("body"),
    "small": _style("small", fontSize=8, leading=10),
    "muted": _style("muted", fontSize=8, leading=10, textColor=GREY),
    "title": _style(
        "title", fontName=FONT_BOLD, fontSize=15, leading=19, alignment=TA_CENTER, spaceAfter=2
    ),
    "subtitle": _style("subtitle", fontSize=10, leading=13, alignment=TA_CENTER, spaceAfter=8),
    "heading": _style(
        "heading", fontName=FONT_BOLD, fontSize=10.5, leading=14, textColor=BLUE, spaceBefore=8
    ),
    "cell": _style("cell", fontSize=8.5, leading=10.5),
    "cell_bold": _style("cell_bold", fontName=FONT_BOLD, fontSize=8.5, leading=10.5),
    "cell_right": _style("cell_right", fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
    "signature": _style("signature", fontSize=9, leading=12),
}


@dataclass(frozen=True)
class Letterhead:
    """What heads and foots every page of a document: who issues it (the académie), for which
    session, its title, the texts applied (citations as the rules core writes them), its
    reference and date of issue. ``landscape`` for wide lists."""

    academy: str
    session: int
    title: str
    reference: str
    issued_on: dt.date
    texts: tuple[str, ...] = ()
    subtitle: str = ""
    landscape: bool = False
    office: str = "Division des examens et concours"

    @property
    def issued_text(self) -> str:
        return self.issued_on.strftime("%d/%m/%Y")


def academy_title(name: str) -> str:
    """« Académie de Lyon », « Académie d'Orléans-Tours » (elided before a vowel)."""
    name = name.strip()
    if name.lower().startswith("académie"):
        return name
    elided = name[:1].upper() in "AEIOUYÉÈÊÎÔH"
    return f"Académie d'{name}" if elided else f"Académie de {name}"


def text(value: object, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped: a candidate's name is never read as markup)."""
    return Paragraph(escape(str(value)), STYLES[style])


def markup(value: str, style: str = "body") -> Paragraph:
    """A paragraph of ReportLab markup written by the renderer (``<b>``, ``<i>``, ``<br/>``);
    values from the data go through ``escape``."""
    return Paragraph(value, STYLES[style])


def escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def heading(value: str) -> Paragraph:
    return text(value, "heading")


def spacer(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


def table(
    rows: Sequence[Sequence[Any]],
    *,
    widths: Sequence[float],
    header_rows: int = 1,
    right: Sequence[int] = (),
    bold_rows: Sequence[int] = (),
) -> Table:
    """A ruled table, its first ``header_rows`` repeated on each page; cells given as text are
    wrapped (``right``: the columns of figures, aligned right; widths in mm)."""
    body: list[list[Any]] = []
    for index, row in enumerate(rows):
        cells = []
        for column, cell in enumerate(row):
            if isinstance(cell, Flowable):
                cells.append(cell)
                continue
            style = "cell_bold" if index < header_rows or index in bold_rows else "cell"
            if column in right and index >= header_rows and index not in bold_rows:
                style = "cell_right"
            cells.append(Paragraph(escape("" if cell is None else str(cell)), STYLES[style]))
        body.append(cells)
    result = Table(body, colWidths=[w * mm for w in widths], repeatRows=header_rows, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), LIGHT))
    for index in bold_rows:
        commands.append(("BACKGROUND", (0, index), (-1, index), LIGHT))
    result.setStyle(TableStyle(commands))
    return result


def signatures(places: Sequence[str], *, width_mm: float = 170) -> Flowable:
    """Places for signatures, side by side (« Le président du jury », …), kept together."""
    cells = [[text(place, "signature") for place in places]]
    cells.append([Spacer(1, 22 * mm) for _ in places])
    width = width_mm / max(1, len(places))
    grid = Table(cells, colWidths=[width * mm] * len(places))
    grid.setStyle(
        TableStyle(
            [("BOX", (0, 0), (-1, -1), 0.4, GREY), ("INNERGRID", (0, 0), (-1, -1), 0.4, GREY)]
        )
    )
    return KeepTogether([spacer(4), grid])


class _NumberedCanvas(Canvas):
    """A canvas that writes « page n / N » once the number of pages is known."""

    def __init__(self, *args: Any, letterhead: Letterhead, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._letterhead = letterhead
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for page in self._pages:
            self.__dict__.update(page)
            page_number_draw(self, self._letterhead, total)
            super().showPage()
        super().save()


def page_number_draw(canvas: Canvas, letterhead: Letterhead, total: int) -> None:
    """« Réf. … — page n / N » at the foot of the canvas's page."""
    width, _height = canvas._pagesize
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(GREY)
    canvas.drawRightString(
        width - 15 * mm,
        10 * mm,
        f"Réf. {letterhead.reference} — page {canvas.getPageNumber()} / {total}",
    )


def page_frame_draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """The letterhead and the texts applied on the canvas's page (``doc.letterhead``); a
    renderer that draws on the canvas itself calls it as the page template does."""
    letterhead: Letterhead = doc.letterhead  # type: ignore[attr-defined]
    width, height = canvas._pagesize
    canvas.saveState()
    top = height - 14 * mm
    # The Republic's block (text only: the Marianne logo is not reproduced).
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT_BOLD, 9)
    canvas.drawString(15 * mm, top, "RÉPUBLIQUE")
    canvas.drawString(15 * mm, top - 10, "FRANÇAISE")
    canvas.setFont(FONT_ITALIC, 7)
    canvas.drawString(15 * mm, top - 20, "Liberté")
    canvas.drawString(15 * mm, top - 28, "Égalité")
    canvas.drawString(15 * mm, top - 36, "Fraternité")
    canvas.setFont(FONT_BOLD, 8.5)
    canvas.drawString(48 * mm, top, academy_title(letterhead.academy))
    canvas.setFont(FONT, 8)
    canvas.drawString(48 * mm, top - 10, letterhead.office)
    canvas.drawString(48 * mm, top - 20, DIPLOMA)
    canvas.setFont(FONT_BOLD, 8.5)
    canvas.drawRightString(width - 15 * mm, top, f"Session {letterhead.session}")
    canvas.setFont(FONT, 8)
    canvas.drawRightString(width - 15 * mm, top - 10, f"Réf. {letterhead.reference}")
    canvas.drawRightString(width - 15 * mm, top - 20, f"Délivré le {letterhead.issued_text}")
    canvas.setStrokeColor(BLUE)
    canvas.setLineWidth(0.8)
    canvas.line(15 * mm, top - 44, width - 15 * mm, top - 44)
    # The texts applied, at the foot of each page.
    canvas.setFont(FONT, 6.5)
    canvas.setFillColor(GREY)
    y = 15 * mm
    for line in reversed(letterhead.texts[:3]):
        canvas.drawString(15 * mm, y, line[:180])
        y += 8
    canvas.restoreState()


def pdf_render(
    *, letterhead: Letterhead, story: Sequence[Flowable], subject: str = "", author: str = ""
) -> bytes:
    """The PDF of a document: its ``story`` under the letterhead, on as many A4 pages as it
    takes. The same input gives the same bytes."""
    fonts_register()
    buffer = io.BytesIO()
    size = landscape(A4) if letterhead.landscape else A4
    doc = BaseDocTemplate(
        buffer,
        pagesize=size,
        title=f"{letterhead.title} — {letterhead.reference}",
        author=author or f"{academy_title(letterhead.academy)} — {letterhead.office}",
        subject=subject or letterhead.title,
        creator="NDRC — gestion des examens du BTS",
        keywords=[letterhead.reference, f"session {letterhead.session}"],
        invariant=1,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=34 * mm,
        bottomMargin=22 * mm + 8 * len(letterhead.texts[:3]),
    )
    doc.letterhead = letterhead  # type: ignore[attr-defined]
    frame = Frame(
        doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", showBoundary=0
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=page_frame_draw)])
    head: list[Flowable] = [text(letterhead.title, "title")]
    if letterhead.subtitle:
        head.append(text(letterhead.subtitle, "subtitle"))
    else:
        head.append(spacer(3))
    try:
        doc.build(
            [*head, *story],
            canvasmaker=lambda *a, **k: _NumberedCanvas(*a, letterhead=letterhead, **k),
        )
    except LayoutError as error:  # a cell taller than a page: never a server error
        raise DocumentTooLarge(str(error)) from error
    return buffer.getvalue()


class DocumentTooLarge(Exception):
    """A part of the document does not fit on a page (a cell taller than the page)."""


@dataclass
class Story:
    """A story being written: ``add`` flowables, ``heading`` a section."""

    parts: list[Flowable] = field(default_factory=list)

    def add(self, *flowables: Flowable) -> Story:
        self.parts.extend(flowables)
        return self

    def heading(self, value: str) -> Story:
        self.parts.append(heading(value))
        return self

    def line(self, value: object, style: str = "body") -> Story:
        self.parts.append(text(value, style))
        return self


def candidate_subtitle(*, first_name: str, last_name: str, number: str) -> str:
    """The subtitle of a document addressed to one candidate."""
    return f"{first_name} {last_name.upper()} — candidat n° {number}"


ASK_THE_OFFICE = (
    "Pour toute question, adressez-vous au service des examens de l'académie en rappelant "
    "la référence {reference}."
)


def contact(story: Story, text: str) -> None:
    """The letter's « Contact » paragraph (``text``: what to do, with the reference)."""
    story.heading("Contact")
    story.line(text)


def letter_render(
    *,
    story: Story,
    info: Any,
    academy: str,
    session: int,
    title: str,
    subtitle: str,
    texts: tuple[str, ...],
    subject: str,
) -> bytes:
    """The PDF of a document addressed to one person (a convocation, a notice, a summary): its
    story, then « Ce document annule et remplace … » when it replaces another (``info`` is the
    issue's `kinds.IssueInfo`), under the letterhead."""
    if info.replacement_text:
        story.add(spacer(3)).line(info.replacement_text, "muted")
    letterhead = Letterhead(
        academy=academy,
        session=session,
        title=title,
        subtitle=subtitle,
        reference=info.reference,
        issued_on=info.issued_on,
        texts=texts,
    )
    return pdf_render(letterhead=letterhead, story=story.parts, subject=subject)
