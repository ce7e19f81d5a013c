"""The documents of two académies, for the tests of each person's space (pages and API): three
kinds declared for the tests (one for the candidate, one for the training centre, one for
neither: the exam office's only), documents issued through the service, one replaced by a
corrected version, and two documents about no candidate (a jury's PV)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ndrc.exports import Export
from ndrc.web.accounts.roles import Role
from ndrc.web.documents import layout
from ndrc.web.documents.kinds import KINDS, DocumentKind, IssueInfo
from ndrc.web.documents.models import IssuedDocument
from ndrc.web.documents.services import Issue, document_issue
from tests.factories import AcademyFactory, CandidateFactory, EstablishmentFactory, UserFactory

ISSUED_ON = dt.date(2025, 7, 4)


def render_letter(data: dict, info: IssueInfo) -> Export:
    """A real document on the page of a State service (the candidate's kind)."""
    story = layout.Story().heading("Résultat").line(f"Moyenne : {data['value']}", "body")
    if info.replacement_text:
        story.line(info.replacement_text, "muted")
    letterhead = layout.Letterhead(
        academy="Orléans-Tours",
        session=2025,
        title="Lettre d'essai",
        reference=info.reference,
        issued_on=info.issued_on,
        texts=("Texte d'essai",),
    )
    content = layout.pdf_render(letterhead=letterhead, story=story.parts)
    return Export(f"lettre-{info.reference}.pdf", layout.MIMETYPE, content)


def render_plain(data: dict, info: IssueInfo) -> Export:
    """A few bytes of its own for each document (cheap: for many documents)."""
    return Export(f"{info.reference}.pdf", "application/pdf", f"%PDF-1.4 {info.reference}".encode())


FOR_CANDIDATE = DocumentKind(
    code="LC", slug="lettre-candidat", label="Lettre au candidat", render=render_letter,
    to_candidate=True,
)  # fmt: skip
FOR_CENTRE = DocumentKind(
    code="RC", slug="recap-centre", label="Récapitulatif pour le centre", render=render_plain,
    to_centre=True,
)  # fmt: skip
OFFICE_ONLY = DocumentKind(
    code="NR", slug="note-rectorat", label="Note du rectorat", render=render_plain
)
PV = DocumentKind(code="PVX", slug="pv-essai", label="PV d'essai", render=render_plain)
TEST_KINDS = (FOR_CANDIDATE, FOR_CENTRE, OFFICE_ONLY, PV)


def declare_kinds(monkeypatch: Any) -> None:
    """The test kinds, declared for one test only (the registry is left as it was)."""
    for kind in TEST_KINDS:
        monkeypatch.setitem(KINDS, kind.slug, kind)


def issue(kind, candidate, session, actor, value="12,50", reason="") -> IssuedDocument:
    return document_issue(
        kind=kind,
        issue=Issue(
            subject=f"candidate:{candidate.pk}",
            subject_ref=candidate.number,
            data={"value": value},
            session_id=session.pk,
            session_year=session.year,
            academy_id=candidate.academy_id,
            candidate_id=candidate.pk,
        ),
        actor=actor,
        reason=reason,
    )


def issue_pv(academy, session, actor, jury_id) -> IssuedDocument:
    return document_issue(
        kind=PV,
        issue=Issue(
            subject=f"jury:{jury_id}",
            subject_ref=f"J{jury_id}",
            data={"jury": jury_id},
            session_id=session.pk,
            session_year=session.year,
            academy_id=academy.pk,
            jury_id=jury_id,
        ),
        actor=actor,
    )


@dataclass
class DocumentsWorld:
    """Académie A (the ``office`` fixture's): establishments E1 and E2; X (at E1, with an
    account and an address) and Z (at E1, with an account without address). Académie B: Y (at
    F). X has a letter in two versions (the first replaced), a summary for the centre and a
    note of the rectorat; Z a letter; Y a letter and a summary; a PV in each académie."""

    x: Any
    z: Any
    y: Any
    users: dict[str, Any]
    docs: dict[str, IssuedDocument]


def documents_world(session: Any, office: Any) -> DocumentsWorld:
    academy_a, academy_b = office.academy, AcademyFactory()
    e1 = EstablishmentFactory(academy=academy_a)
    e2 = EstablishmentFactory(academy=academy_a)
    f = EstablishmentFactory(academy=academy_b)
    users = {
        "x": UserFactory(role=Role.CANDIDATE, email="x@example.org"),
        "z": UserFactory(role=Role.CANDIDATE, email=""),
        "y": UserFactory(role=Role.CANDIDATE, email="y@example.org"),
        "office": office,
        "office_b": UserFactory(role=Role.EXAM_OFFICE, academy=academy_b),
        "centre": UserFactory(role=Role.TRAINING_CENTRE, academy=academy_a, establishment=e1),
        "centre_e2": UserFactory(role=Role.TRAINING_CENTRE, academy=academy_a, establishment=e2),
        "centre_f": UserFactory(role=Role.TRAINING_CENTRE, academy=academy_b, establishment=f),
        "jury": UserFactory(role=Role.JURY, academy=academy_a),
        "examiner": UserFactory(role=Role.EXAMINER, academy=academy_a),
    }
    x = CandidateFactory(
        session=session, academy=academy_a, establishment=e1, user=users["x"],
        number="A000001", last_name="Martin", first_name="Léa",
    )  # fmt: skip
    z = CandidateFactory(
        session=session, academy=academy_a, establishment=e1, user=users["z"],
        number="A000002", last_name="Petit", first_name="Noé",
    )  # fmt: skip
    y = CandidateFactory(
        session=session, academy=academy_b, establishment=f, user=users["y"],
        number="B000001", last_name="Roux", first_name="Inès",
    )  # fmt: skip
    docs = {
        "x_letter_1": issue(FOR_CANDIDATE, x, session, office),
        "x_centre": issue(FOR_CENTRE, x, session, office),
        "x_office": issue(OFFICE_ONLY, x, session, office),
        "z_letter": issue(FOR_CANDIDATE, z, session, office),
        "y_letter": issue(FOR_CANDIDATE, y, session, users["office_b"]),
        "y_centre": issue(FOR_CENTRE, y, session, users["office_b"]),
        "pv_a": issue_pv(academy_a, session, office, jury_id=1),
        "pv_b": issue_pv(academy_b, session, users["office_b"], jury_id=2),
    }
    docs["x_letter_2"] = issue(
        FOR_CANDIDATE, x, session, office, value="13,00", reason="erreur de saisie"
    )
    return DocumentsWorld(x=x, z=z, y=y, users=users, docs=docs)
