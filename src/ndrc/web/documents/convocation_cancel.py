"""The cancellation of a convocation (« annulation de convocation »): the new version of a
candidate's or an examiner's convocation once a re-planning leaves him or her with no
sitting at all. It names the convocation cancelled and what it convened to; it is issued as
the next version of the same document, so that « Mes documents » shows the cancellation in
place of the convocation.

Every value is in the data, assembled by ``scheduling.convocation_cancellations``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ndrc.exports import Export
from ndrc.web.documents import layout
from ndrc.web.documents.kinds import IssueInfo

TITLE = "Annulation de convocation"


@dataclass(frozen=True)
class ConvocationCancellation:
    """Whose convocation is cancelled (``person``: « BERNARD Hugo, n° 04500000 »), the
    reference and date of the convocation cancelled, and the lines it convened to."""

    academy: str
    session: int
    texts: tuple[str, ...]
    person: str
    cancelled: str
    cancelled_on: dt.date | None
    lines: tuple[str, ...]


def render_cancellation(data: ConvocationCancellation, info: IssueInfo) -> Export:
    """The cancellation as a PDF (``annulation-convocation-<référence>.pdf``)."""
    story = layout.Story()
    when = "" if data.cancelled_on is None else f" du {data.cancelled_on:%d/%m/%Y}"
    story.line(
        f"Votre convocation réf. {data.cancelled}{when} est annulée : le planning des "
        f"épreuves de la session {data.session} a été modifié et vous n'y êtes plus convoqué(e)."
    )
    if data.lines:
        story.heading("Convocation annulée")
        for line in data.lines:
            story.line(f"– {line}", "small")
    story.line(
        "Vous n'avez pas à vous présenter aux dates ci-dessus. Si vous êtes de nouveau "
        "convoqué(e), vous recevrez une nouvelle convocation."
    )
    layout.contact(story, layout.ASK_THE_OFFICE.format(reference=info.reference))
    content = layout.letter_render(
        story=story,
        info=info,
        academy=data.academy,
        session=data.session,
        title=TITLE,
        subtitle=data.person,
        texts=data.texts,
        subject=TITLE,
    )
    return Export(f"annulation-convocation-{info.reference}.pdf", layout.MIMETYPE, content)
