"""The documents' machinery: the page of a State service (letterhead, numbered pages,
reference, date of issue, texts applied), identical bytes for the same input, issuance
recorded by version (the same data gives back the document issued, changed data a new
version that replaces it visibly), ZIP and merged PDF, e-mails recorded."""

import datetime as dt
import hashlib
import zipfile

import pytest
from django.core import mail
from django.utils import timezone

from ndrc.exports import Export
from ndrc.web.audit.models import AuditEntry
from ndrc.web.documents import layout
from ndrc.web.documents.bundle_files import MergedPdfFile, ZipFile
from ndrc.web.documents.kinds import DocumentKind, IssueInfo
from ndrc.web.documents.mail import Notice, notices_send
from ndrc.web.documents.models import IssuedDocument, MailRecord
from ndrc.web.documents.selectors import current_documents, documents_of_candidate
from ndrc.web.documents.services import Issue, document_issue, documents_issue
from tests.web.documents.pdfs import assert_looks_like, pdf_metadata, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db
ISSUED = IssueInfo(reference="TS-2025-00042-1", version=1, issued_on=dt.date(2025, 7, 4))


def _letterhead(info: IssueInfo, **kwargs) -> layout.Letterhead:
    return layout.Letterhead(
        academy="Orléans-Tours",
        session=2025,
        title="Document d'essai",
        reference=info.reference,
        issued_on=info.issued_on,
        texts=("Arrêté du 19 février 2018 portant définition du BTS NDRC",),
        **kwargs,
    )


def render(data: dict, info: IssueInfo) -> Export:
    story = layout.Story().heading("Lignes")
    story.add(
        layout.table(
            [["Ligne", "Valeur"], *[[f"n° {i}", data["value"]] for i in range(data["rows"])]],
            widths=(40, 40),
        )
    )
    if info.replacement_text:
        story.line(info.replacement_text, "muted")
    content = layout.pdf_render(letterhead=_letterhead(info), story=story.parts)
    return Export(f"essai-{info.reference}.pdf", layout.MIMETYPE, content)


TRIAL = DocumentKind(code="TS", slug="essai", label="Document d'essai", render=render)


def test_the_page_of_a_state_service_with_numbered_pages_and_the_same_bytes_each_time():
    content = render({"value": "12,50", "rows": 120}, ISSUED).data
    assert content == render({"value": "12,50", "rows": 120}, ISSUED).data
    text = pdf_text(content)
    pages = pdf_pages(content)
    assert pages >= 3
    for expected in (
        "RÉPUBLIQUE",
        "FRANÇAISE",
        "Académie d'Orléans-Tours",
        "Session 2025",
        "Délivré le 04/07/2025",
        "Réf. TS-2025-00042-1",
        f"page 1 / {pages}",
        f"page {pages} / {pages}",
        "Arrêté du 19 février 2018",
        "Document d'essai",
    ):
        assert expected in text, expected
    meta = pdf_metadata(content)
    assert meta["Title"] == "Document d'essai — TS-2025-00042-1"
    assert "Orléans-Tours" in meta["Author"]


def test_the_first_page_looks_like_the_reference():
    assert_looks_like(render({"value": "12,50", "rows": 10}, ISSUED).data, "machinery")


def test_a_moved_block_is_seen_on_the_image():
    def moved(data: dict, info: IssueInfo) -> Export:
        story = layout.Story().add(layout.spacer(30)).heading("Lignes")
        story.add(layout.table([["Ligne", "Valeur"], ["n° 0", "12,50"]], widths=(40, 40)))
        return Export(
            "x.pdf",
            layout.MIMETYPE,
            layout.pdf_render(letterhead=_letterhead(info), story=story.parts),
        )

    with pytest.raises(AssertionError, match="diffère de la référence"):
        assert_looks_like(moved({}, ISSUED).data, "machinery", tolerance=0.002)


def test_a_name_is_never_read_as_markup():
    paragraph = layout.text("<b>Dupont & fils</b>")
    assert "&lt;b&gt;" in paragraph.text


def test_the_academy_is_elided_before_a_vowel():
    assert layout.academy_title("Lyon") == "Académie de Lyon"
    assert layout.academy_title("Aix-Marseille") == "Académie d'Aix-Marseille"
    assert layout.academy_title("Orléans-Tours") == "Académie d'Orléans-Tours"


def _issue(session, value="12,50", subject="candidate:1"):
    return Issue(
        subject=subject,
        subject_ref=subject.split(":")[1].zfill(5),
        data={"value": value, "rows": 3},
        session_id=session.pk,
        session_year=session.year,
    )


def test_the_same_data_issued_again_gives_back_the_document_identical(session, office):
    first = document_issue(kind=TRIAL, issue=_issue(session), actor=office)
    again = document_issue(kind=TRIAL, issue=_issue(session), actor=office)
    assert again.pk == first.pk
    assert IssuedDocument.objects.count() == 1
    stored = IssuedDocument.objects.get()
    issued = IssueInfo(
        reference=stored.reference, version=1, issued_on=timezone.localdate(stored.issued_at)
    )
    assert bytes(stored.content) == render({"value": "12,50", "rows": 3}, issued).data
    assert hashlib.sha256(bytes(stored.content)).hexdigest() == stored.sha256
    assert stored.reference == "TS-2025-00001-1"
    assert stored.pages == 1 and stored.size == len(bytes(stored.content))
    entry = AuditEntry.objects.get(action="document_issue")
    assert entry.actor == office and entry.after["reference"] == "TS-2025-00001-1"


def test_changed_data_gives_a_new_version_that_replaces_the_earlier_one_visibly(session, office):
    first = document_issue(kind=TRIAL, issue=_issue(session), actor=office)
    second = document_issue(
        kind=TRIAL, issue=_issue(session, value="13,00"), actor=office, reason="erreur de saisie"
    )
    assert (first.version, second.version) == (1, 2)
    assert second.reference == "TS-2025-00001-2"
    text = pdf_text(bytes(second.content))
    assert "annule et remplace le document réf. TS-2025-00001-1" in text
    assert "erreur de saisie" in text
    assert IssuedDocument.objects.count() == 2  # the earlier one kept
    assert list(current_documents(IssuedDocument.objects.all())) == [second]


def test_many_documents_issued_at_once_in_order_with_one_entry_each(session, office, tmp_path):
    issues = [_issue(session, subject=f"candidate:{n}") for n in range(1, 6)]
    documents = documents_issue(kind=TRIAL, issues=issues, actor=office)
    assert [d.subject for d in documents] == [i.subject for i in issues]
    assert AuditEntry.objects.filter(action="documents_issue").count() == 5
    with ZipFile(tmp_path / "essais.zip") as archive:
        for document in documents:
            archive.add(document)
    with zipfile.ZipFile(tmp_path / "essais.zip") as opened:
        assert sorted(opened.namelist()) == sorted(d.filename for d in documents)
        assert opened.read(documents[0].filename) == bytes(documents[0].content)
    with MergedPdfFile(tmp_path / "essais.pdf") as merged:
        for document in documents:
            merged.add(document)
    content = (tmp_path / "essais.pdf").read_bytes()
    assert pdf_pages(content) == 5
    assert pdf_text(content).count("Délivré le") == 5


def test_documents_of_a_candidate_newest_first_each_marked_replaced_or_not(session, office):
    from tests.factories import CandidateFactory

    candidate = CandidateFactory(session=session)
    issue = _issue(session, subject=f"candidate:{candidate.pk}")
    issue = Issue(**{**issue.__dict__, "candidate_id": candidate.pk})
    document_issue(kind=TRIAL, issue=issue, actor=office)
    changed = Issue(**{**issue.__dict__, "data": {"value": "9", "rows": 1}})
    document_issue(kind=TRIAL, issue=changed, actor=office)
    listed = list(documents_of_candidate(candidate.pk))
    assert [(d.version, d.replaced) for d in listed] == [(2, False), (1, True)]


def test_each_email_is_recorded_sent_failed_or_without_address(session, monkeypatch):
    records = notices_send(
        [
            Notice(
                address="a@example.org", subject="Vos résultats", body="Publiés.", topic="results"
            ),
            Notice(address="", subject="Vos résultats", body="Publiés.", topic="results"),
        ]
    )
    assert [r.state for r in records] == [MailRecord.SENT, MailRecord.NO_ADDRESS]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["a@example.org"]
    assert mail.outbox[0].subject.endswith("Vos résultats")
    assert MailRecord.objects.count() == 2

    def broken(self, *args, **kwargs):
        raise OSError("serveur injoignable")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", broken)
    failed = notices_send([Notice(address="b@example.org", subject="x", body="y", topic="results")])
    assert failed[0].state == MailRecord.FAILED and "injoignable" in failed[0].error
