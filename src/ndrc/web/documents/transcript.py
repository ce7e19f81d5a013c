"""The relevé de notes of a candidate, once the jury's result is published: each unit with its
grade or state, coefficient and points, the optional units' points above the threshold, the
general average as the rules core displays it (never rounded across a threshold here), the
decision, the units awarded and the grades kept with their validity, the competence blocks
obtained; signed for the recteur.

A relevé is one page, issued by tens of thousands at publication: it is drawn on ReportLab's
canvas (no platypus layout), under the same letterhead and footer as every document
(``layout``'s page drawing), with the fonts' subsets prepared once per process
(``FastCanvas``)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit as _simple_split
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ndrc.exports import Export
from ndrc.web.documents import layout
from ndrc.web.documents.kinds import DocumentKind, IssueInfo, kind_register

SIGNATURE = ("Le recteur", "Pour le recteur et par délégation")


# -- Drawing one-page documents fast ---------------------------------------------------------

# The characters whose glyphs every relevé embeds, in a fixed order: the fonts' subsets are
# then the same in every document, made and compressed once per process (a character outside
# them still prints, in a subset of its own).
ALPHABET = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~°«»’–—…≥≤ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆàâäçéèêëîïôöùûüÿœæ"
)


class _CachedCompress(pdfdoc.PDFStreamFilterZCompress):
    """Flate compression remembered by content: a font subset is compressed once."""

    def __init__(self) -> None:
        self._done: dict[bytes, bytes] = {}

    def encode(self, text: Any) -> Any:
        done = self._done.get(text)
        if done is None:
            done = self._done[text] = super().encode(text)
        return done


class _Formatted(pdfdoc.PDFObject):
    """A PDF array of numbers formatted once (a font subset's widths: the same subset, the
    same text)."""

    _done: dict[tuple[Any, ...], bytes] = {}

    def __init__(self, sequence: Sequence[Any]) -> None:
        self.key = tuple(sequence)

    def format(self, document: Any) -> bytes:
        done = self._done.get(self.key)
        if done is None:
            done = self._done[self.key] = pdfdoc.PDFArray(self.key).format(document)
        return done


_prepared = False


def _fonts_prepare() -> None:
    """Make each bundled font's subsets once per process (the same subset gives the same
    bytes: documents are unchanged, only made faster)."""
    global _prepared
    if _prepared:
        return
    layout.fonts_register()
    compress = _CachedCompress()
    for name in (layout.FONT, layout.FONT_BOLD, layout.FONT_ITALIC):
        face: Any = pdfmetrics.getFont(name).face
        made: dict[tuple[int, ...], bytes] = {}
        subset_make = face.makeSubset
        objects_add = face.addSubsetObjects

        def make(subset: Sequence[int], made: Any = made, subset_make: Any = subset_make) -> Any:
            key = tuple(subset)
            content = made.get(key)
            if content is None:
                content = made[key] = subset_make(subset)
            return content

        def add(
            doc: Any, fontname: str, subset: Any, face: Any = face, objects_add: Any = objects_add
        ) -> Any:
            reference = objects_add(doc, fontname, subset)
            stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
            if stream is not None and stream.filters:
                stream.filters = [compress]
            return reference

        face.makeSubset = make
        face.addSubsetObjects = add
        font: Any = pdfmetrics.getFont(name)

        def objects_add(doc: Any, original: Any = font.addObjects) -> None:
            original(doc)
            for key, value in doc.idToObject.items():
                widths = getattr(value, "Widths", None)
                if isinstance(widths, pdfdoc.PDFArray):
                    value.Widths = _Formatted(widths.sequence)
                elif key.startswith("toUnicodeCMap:") and value.filters:
                    value.filters = [compress]

        font.addObjects = objects_add
    _prepared = True


_WRAPPED: dict[tuple[str, str, float, float], list[str]] = {}
_ESCAPED: dict[tuple[str, str], str] = {}
_KEPT = 65536  # texts remembered (bounded: names and numbers vary)
_ALPHABET = frozenset(ALPHABET)


def simpleSplit(value: str, font: str, size: float, width: float) -> list[str]:
    """``value`` wrapped to ``width`` (ReportLab's ``simpleSplit``), remembered: headers,
    titles, states and grades recur in every document."""
    key = (value, font, size, width)
    lines = _WRAPPED.get(key)
    if lines is None:
        if len(_WRAPPED) >= _KEPT:
            _WRAPPED.clear()
        lines = _WRAPPED[key] = _simple_split(value, font, size, width)
    return lines


def _colour(canvas: Canvas, colour: Any, operator: str) -> None:
    """Set the fill (``rg``) or stroke (``RG``) colour, written at once."""
    canvas._code.append(f"{colour.red:.3f} {colour.green:.3f} {colour.blue:.3f} {operator}")


def _box(canvas: Canvas, x: float, y: float, width: float, height: float, operator: str) -> None:
    """A rectangle, stroked (``S``) or filled (``f``), written at once."""
    canvas._code.append(f"{x:.2f} {y:.2f} {width:.2f} {height:.2f} re {operator}")


def text_draw(
    canvas: Canvas, font_name: str, size: float, x: float, y: float, value: str, align: str = ""
) -> None:
    """A line of text, as ``canvas.drawString`` writes it (``align``: « right » ends it at
    ``x``, « centre » centres it there), its operators written at once (the canvas's text
    object formats each number through ReportLab's pure-Python routine: slow by the
    thousand)."""
    font: Any = pdfmetrics.getFont(font_name)
    if align:
        width = font.stringWidth(value, size)
        x -= width if align == "right" else width / 2
    document = canvas._doc
    if font_name != layout.FONT_ITALIC and _ALPHABET.issuperset(value):
        # Every character in the first subset, placed there at the document's start: its
        # encoding is the same in every document.
        escaped = _ESCAPED.get((font_name, value))
        if escaped is None:
            if len(_ESCAPED) >= _KEPT:
                _ESCAPED.clear()
            ((_subset, chunk),) = font.splitString(value, document) or ((0, b""),)
            escaped = _ESCAPED[(font_name, value)] = escapePDF(chunk)
        name = font.getSubsetInternalName(0, document)
        canvas._code.append(f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm {name} {size:g} Tf ({escaped}) Tj ET")
        return
    parts = [f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm"]
    for subset, chunk in font.splitString(value, document):
        name = font.getSubsetInternalName(subset, document)
        parts.append(f"{name} {size:g} Tf ({escapePDF(chunk)}) Tj")
    parts.append("ET")
    canvas._code.append(" ".join(parts))


@dataclass
class Page:
    """What one page draws, in order (callables taking the canvas)."""

    draws: list[Callable[[Canvas], None]] = field(default_factory=list)


class Sheet:
    """A document drawn on the canvas: a cursor going down the page, a new page (under the
    same letterhead) when a block does not fit, « page n / N » written once all are known."""

    LEFT = 15 * mm
    WIDTH = A4[0] - 30 * mm

    def __init__(self, letterhead: layout.Letterhead) -> None:
        self.letterhead = letterhead
        self.top = A4[1] - 34 * mm
        self.bottom = 22 * mm + 8 * len(letterhead.texts[:3])
        self.pages: list[Page] = [Page()]
        self.y = self.top

    def room(self, height: float) -> None:
        """Go to a new page unless ``height`` points fit on this one."""
        if self.y - height < self.bottom and self.y < self.top:
            self.pages.append(Page())
            self.y = self.top

    def draw(self, height: float, draw: Callable[[Canvas, float], None]) -> None:
        """A block of ``height`` points, drawn from the cursor down."""
        self.room(height)
        y = self.y
        self.pages[-1].draws.append(lambda canvas: draw(canvas, y))
        self.y -= height

    def title(self, value: str, subtitle: str = "") -> None:
        def draw(canvas: Canvas, y: float) -> None:
            canvas.setFillColor(layout.colors.black)
            text_draw(canvas, layout.FONT_BOLD, 15, A4[0] / 2, y - 15, value, "centre")
            if subtitle:
                text_draw(canvas, layout.FONT, 10, A4[0] / 2, y - 31, subtitle, "centre")

        self.draw(44 if subtitle else 28, draw)

    def heading(self, value: str) -> None:
        def draw(canvas: Canvas, y: float) -> None:
            canvas.setFillColor(layout.BLUE)
            text_draw(canvas, layout.FONT_BOLD, 10.5, self.LEFT, y - 17, value)

        self.room(60)  # never a heading alone at the foot of a page
        self.draw(22, draw)

    def lines(self, value: str, *, size: float = 9.5, bold: bool = False, grey: bool = False):
        """A paragraph of plain text, wrapped to the width."""
        font = layout.FONT_BOLD if bold else layout.FONT
        leading = size * 1.3
        for line in simpleSplit(value, font, size, self.WIDTH):

            def draw(canvas: Canvas, y: float, line: str = line) -> None:
                canvas.setFillColor(layout.GREY if grey else layout.colors.black)
                text_draw(canvas, font, size, self.LEFT, y - size, line)

            self.draw(leading, draw)

    def bullets(self, items: Sequence[str], *, columns: int = 2, size: float = 9) -> None:
        """A list of short items (« • … »), in columns, read row by row."""
        width = self.WIDTH / columns
        leading = size * 1.3
        for start in range(0, len(items), columns):
            row = [
                simpleSplit(f"• {item}", layout.FONT, size, width - 6)
                for item in items[start : start + columns]
            ]
            height = leading * max(len(lines) for lines in row)

            def draw(canvas: Canvas, y: float, row: Any = row) -> None:
                canvas.setFillColor(layout.colors.black)
                for column, lines in enumerate(row):
                    for i, line in enumerate(lines):
                        text_draw(
                            canvas,
                            layout.FONT,
                            size,
                            self.LEFT + column * width,
                            y - size - leading * i,
                            line,
                        )

            self.draw(height, draw)

    def pairs(self, rows: Sequence[tuple[str, str]], *, label_mm: float = 48) -> None:
        """« label : value » lines, the labels in a column."""
        for label, value in rows:
            wrapped = simpleSplit(value, layout.FONT_BOLD, 9.5, self.WIDTH - label_mm * mm)
            height = 12.5 * max(1, len(wrapped))

            def draw(canvas: Canvas, y: float, label: str = label, wrapped: Any = wrapped) -> None:
                canvas.setFillColor(layout.colors.black)
                text_draw(canvas, layout.FONT, 9.5, self.LEFT, y - 9.5, label)
                for i, part in enumerate(wrapped):
                    text_draw(
                        canvas,
                        layout.FONT_BOLD,
                        9.5,
                        self.LEFT + label_mm * mm,
                        y - 9.5 - 12.5 * i,
                        part,
                    )

            self.draw(height, draw)

    def table(
        self,
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float],
        right: Sequence[int] = (),
        bold_rows: Sequence[int] = (),
    ) -> None:
        """A ruled table like ``layout.table``: its header row (repeated on a new page)
        shaded, cells wrapped, the columns of figures aligned right (widths in mm)."""
        size, leading, pad = 8.5, 10.5, 2.2
        points = [w * mm for w in widths]
        total = sum(points)
        header = rows[0]

        def wrapped(row: Sequence[str], bold: bool) -> list[list[str]]:
            font = layout.FONT_BOLD if bold else layout.FONT
            return [
                simpleSplit(str(c), font, size, w - 2 * pad) or [""]
                for c, w in zip(row, points, strict=True)
            ]

        def draw_row(cells: list[list[str]], bold: bool, shaded: bool, height: float) -> Any:
            def draw(canvas: Canvas, y: float) -> None:
                if shaded:
                    _colour(canvas, layout.LIGHT, "rg")
                    _box(canvas, self.LEFT, y - height, total, height, "f")
                _colour(canvas, layout.GREY, "RG")
                canvas._code.append("0.4 w")
                _box(canvas, self.LEFT, y - height, total, height, "S")
                _colour(canvas, layout.colors.black, "rg")
                font = layout.FONT_BOLD if bold else layout.FONT
                x = self.LEFT
                for column, (lines, width) in enumerate(zip(cells, points, strict=True)):
                    if column:
                        canvas._code.append(f"{x:.2f} {y:.2f} m {x:.2f} {y - height:.2f} l S")
                    for i, line in enumerate(lines):
                        baseline = y - pad - size + 0.5 - leading * i
                        if column in right and not bold:
                            text_draw(canvas, font, size, x + width - pad, baseline, line, "right")
                        else:
                            text_draw(canvas, font, size, x + pad, baseline, line)
                    x += width

            return draw

        head = wrapped(header, True)
        head_height = leading * max(len(c) for c in head) + 2 * pad
        for index, row in enumerate(rows):
            bold = index == 0 or index in bold_rows
            cells = head if index == 0 else wrapped(row, bold)
            height = leading * max(len(c) for c in cells) + 2 * pad
            pages = len(self.pages)
            self.room(height + (head_height if index == 1 else 0))
            if index and len(self.pages) > pages:  # a new page: the header again
                self.draw(head_height, draw_row(head, True, True, head_height))
            self.draw(height, draw_row(cells, bold, index == 0 or index in bold_rows, height))
        self.y -= 4

    def signature(self, academy: str, when: str) -> None:
        """« Académie de …, le … » and the place of the recteur's signature, at the right."""
        width = 80 * mm

        def draw(canvas: Canvas, y: float) -> None:
            x = self.LEFT + self.WIDTH - width
            canvas.setFillColor(layout.colors.black)
            text_draw(
                canvas, layout.FONT, 9, x, y - 12, f"{layout.academy_title(academy)}, le {when}"
            )
            for i, line in enumerate(SIGNATURE):
                text_draw(canvas, layout.FONT, 9, x, y - 26 - 12 * i, line)
            canvas.setStrokeColor(layout.GREY)
            canvas.setLineWidth(0.4)
            canvas.rect(x, y - 90, width, 46, stroke=1, fill=0)

        self.draw(92, draw)

    def space(self, points: float) -> None:
        self.y -= points

    def render(self, *, subject: str) -> bytes:
        """The PDF's bytes (the same data, the same bytes)."""
        _fonts_prepare()
        letterhead = self.letterhead
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=A4, invariant=1)
        canvas.setTitle(f"{letterhead.title} — {letterhead.reference}")
        canvas.setAuthor(f"{layout.academy_title(letterhead.academy)} — {letterhead.office}")
        canvas.setSubject(subject)
        canvas.setCreator("NDRC — gestion des examens du BTS")
        canvas.setKeywords([letterhead.reference, f"session {letterhead.session}"])
        document = canvas._doc
        for name in (layout.FONT, layout.FONT_BOLD):
            pdfmetrics.getFont(name).splitString(ALPHABET, document)
        frame = SimpleNamespace(letterhead=letterhead)
        total = len(self.pages)
        for page in self.pages:
            layout.page_frame_draw(canvas, frame)  # type: ignore[arg-type]
            for draw in page.draws:
                draw(canvas)
            layout.page_number_draw(canvas, letterhead, total)
            canvas.showPage()
        # The pages' streams compressed, not also written in ASCII85 (smaller, faster).
        a85, rl_config.useA85 = rl_config.useA85, 0
        try:
            canvas.save()
        finally:
            rl_config.useA85 = a85
        return buffer.getvalue()


def date_text(value: dt.date | None) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y")


# -- The relevé de notes ----------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """Who the document is about, as the candidate's file says."""

    last_name: str
    first_name: str
    number: str
    birth_date: dt.date
    establishment: str  # « candidat individuel » when none

    @property
    def name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


@dataclass(frozen=True)
class UnitLine:
    """One unit of the result: its grade or state as read (« 12,50 », « absent (non
    justifié) », « 14,00 (bénéfice 2023) », « dispensé », « validé par la VAE »), its
    coefficient, its points in the total (grade × coefficient, when it counts) and, for an
    optional unit, its points above the threshold."""

    unit: str
    exam: str
    title: str
    category: str
    coefficient: int | None
    grade: str
    points: str
    bonus: str = ""
    note: str = ""


@dataclass(frozen=True)
class KeptLine:
    """A unit awarded or a grade kept, with the session it was obtained at and its validity."""

    unit: str
    exam: str
    grade: str
    obtained: int
    valid_until: int


@dataclass(frozen=True)
class TranscriptData:
    """A candidate's relevé de notes: identity, jury, the published result as the rules core
    wrote it (averages as displayed, never rounded here)."""

    academy: str
    session: int
    texts: tuple[str, ...]
    identity: Identity
    jury: str
    round: int
    deliberated_on: dt.date | None
    published_on: dt.date | None
    units: tuple[UnitLine, ...]
    optional_bonus: str
    bonus_threshold: str
    total_points: str
    divisor: int
    average_display: str
    average_after_resit_display: str
    decision_label: str
    units_awarded: tuple[KeptLine, ...]
    grades_kept: tuple[KeptLine, ...]
    blocks: tuple[str, ...]


def identity_pairs(identity: Identity) -> list[tuple[str, str]]:
    return [
        ("Candidat(e)", identity.name),
        ("Numéro de candidat", identity.number),
        ("Date de naissance", date_text(identity.birth_date)),
        ("Établissement", identity.establishment),
    ]


def letterhead_of(
    *, academy: str, session: int, title: str, texts: tuple[str, ...], info: IssueInfo
) -> layout.Letterhead:
    return layout.Letterhead(
        academy=academy,
        session=session,
        title=title,
        reference=info.reference,
        issued_on=info.issued_on,
        texts=texts,
    )


TITLE = "Relevé de notes"


def transcript_render(data: TranscriptData, info: IssueInfo) -> Export:
    """The relevé's PDF."""
    sheet = Sheet(
        letterhead_of(
            academy=data.academy, session=data.session, title=TITLE, texts=data.texts, info=info
        )
    )
    sheet.title(TITLE, f"{layout.DIPLOMA} — session {data.session}")
    jury = f"{data.jury} — délibération du {date_text(data.deliberated_on)}"
    if data.round > 1:
        jury += f" (tour n° {data.round})"
    sheet.pairs([*identity_pairs(data.identity), ("Jury", jury)])
    sheet.heading("Résultats par unité")
    rows = [["Unité", "Épreuve", "Coef.", "Note ou état", "Points"]]
    for unit in data.units:
        title = unit.title + (" (facultative)" if unit.category == "optional" else "")
        points = unit.points
        if unit.category == "optional":
            points = f"+{unit.bonus}" if unit.bonus else "—"
        rows.append(
            [
                unit.unit,
                title,
                "—" if unit.coefficient is None else str(unit.coefficient),
                unit.grade,
                points,
            ]
        )
    sheet.table(rows, widths=(16, 80, 14, 44, 26), right=(2, 4))
    totals: list[tuple[str, str]] = []
    if data.optional_bonus:
        totals.append(
            (
                f"Points des épreuves facultatives au-dessus de {data.bonus_threshold}",
                data.optional_bonus,
            )
        )
    if data.total_points:
        totals.append(("Total des points", data.total_points))
        totals.append(("Total des coefficients", str(data.divisor)))
    totals.append(
        ("Moyenne générale", f"{data.average_display} / 20" if data.average_display else "—")
    )
    if data.average_after_resit_display:
        totals.append(
            ("Moyenne après épreuves de contrôle", f"{data.average_after_resit_display} / 20")
        )
    totals.append(("Décision du jury", data.decision_label))
    sheet.pairs(totals, label_mm=95)
    if data.units_awarded or data.grades_kept:
        sheet.heading("Unités acquises et notes conservées")
        kept = [["Unité", "Épreuve", "Note", "Obtenue à la session", "Valable jusqu'à la session"]]
        seen: set[tuple[str, str]] = set()
        for line in (*data.units_awarded, *data.grades_kept):
            if (line.unit, line.exam) in seen:
                continue
            seen.add((line.unit, line.exam))
            kept.append(
                [line.unit, line.exam, line.grade, str(line.obtained), str(line.valid_until)]
            )
        sheet.table(kept, widths=(20, 22, 24, 57, 57), right=(2,))
    if data.blocks:
        sheet.heading("Blocs de compétences obtenus")
        sheet.bullets(data.blocks)
    if info.replacement_text:
        sheet.space(4)
        sheet.lines(info.replacement_text, size=8, bold=True)
    sheet.space(6)
    sheet.signature(data.academy, date_text(info.issued_on))
    content = sheet.render(subject=f"{TITLE} — {data.identity.name} — {data.identity.number}")
    return Export(f"releve-de-notes-{info.reference}.pdf", layout.MIMETYPE, content)


TRANSCRIPT = kind_register(
    DocumentKind(
        code="RN",
        slug="releve-de-notes",
        label="Relevé de notes",
        render=transcript_render,
        to_candidate=True,
    )
)
