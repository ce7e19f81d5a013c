"""The attestation of competence blocks (Code de l'éducation, D643-15): for a candidate who is
not admitted, or whose units were partly validated by the VAE, the blocks obtained, each named
as the référentiel names it (rules core), how it was obtained and until which session it
stays valid. Drawn like the relevé (``transcript.Sheet``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ndrc.exports import Export
from ndrc.web.documents import layout
from ndrc.web.documents.kinds import DocumentKind, IssueInfo, kind_register
from ndrc.web.documents.transcript import (
    Identity,
    Sheet,
    date_text,
    identity_pairs,
    letterhead_of,
)

TITLE = "Attestation de blocs de compétences"


@dataclass(frozen=True)
class BlockLine:
    """A block obtained: its name in the référentiel (« Bloc de compétences n° 1 »), title,
    unit, how it was obtained (« note 12,50 », « validation des acquis de l'expérience »,
    « note conservée (bénéfice 2023) », « dispense ») and its validity (empty: not limited)."""

    name: str
    title: str
    unit: str
    how: str
    obtained: int
    valid_until: int | None


@dataclass(frozen=True)
class BlocksCertificateData:
    academy: str
    session: int
    texts: tuple[str, ...]
    identity: Identity
    jury: str
    deliberated_on: dt.date | None
    decision_label: str
    vae: bool  # units validated by the VAE (a partial VAE)
    blocks: tuple[BlockLine, ...]


def blocks_certificate_render(data: BlocksCertificateData, info: IssueInfo) -> Export:
    """The attestation's PDF."""
    sheet = Sheet(
        letterhead_of(
            academy=data.academy, session=data.session, title=TITLE, texts=data.texts, info=info
        )
    )
    sheet.title(TITLE, f"{layout.DIPLOMA} — session {data.session}")
    sheet.pairs(identity_pairs(data.identity))
    sheet.space(6)
    why = (
        "au titre de la validation des acquis de l'expérience (validation partielle)"
        if data.vae
        else f"à l'issue de la délibération du jury « {data.jury} » du "
        f"{date_text(data.deliberated_on)} (décision : {data.decision_label})"
    )
    sheet.lines(
        f"Le recteur de l'académie atteste que {data.identity.name}, candidat(e) "
        f"n° {data.identity.number} à la session {data.session} du {layout.DIPLOMA}, a obtenu, "
        f"{why}, les blocs de compétences suivants :"
    )
    sheet.space(4)
    rows = [["Bloc", "Intitulé", "Unité", "Obtenu", "Valable jusqu'à la session"]]
    for block in data.blocks:
        rows.append(
            [
                block.name,
                block.title,
                block.unit,
                f"{block.how} — session {block.obtained}",
                "—" if block.valid_until is None else str(block.valid_until),
            ]
        )
    sheet.table(rows, widths=(40, 56, 13, 49, 22), right=(4,))
    if info.replacement_text:
        sheet.space(4)
        sheet.lines(info.replacement_text, size=8, bold=True)
    sheet.space(6)
    sheet.signature(data.academy, date_text(info.issued_on))
    content = sheet.render(subject=f"{TITLE} — {data.identity.name} — {data.identity.number}")
    return Export(f"attestation-blocs-{info.reference}.pdf", layout.MIMETYPE, content)


BLOCKS_CERTIFICATE = kind_register(
    DocumentKind(
        code="AB",
        slug="attestation-blocs",
        label="Attestation de blocs de compétences",
        render=blocks_certificate_render,
        to_candidate=True,
    )
)
