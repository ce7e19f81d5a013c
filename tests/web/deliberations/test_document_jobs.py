"""Issuing a kind's documents for a jury, a training centre or a whole session as a background
job, made into one ZIP (one file per candidate) or one merged PDF: each document issued once,
the same documents back when nothing changed, progress reported, the académie's candidates
only, a failure leaves no bundle; the page « Éditer des documents », its confirmation, its
list and downloads; the bundles' retention."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from ndrc.exports import Export
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.retention import retention_rules
from ndrc.web.deliberations import document_jobs
from ndrc.web.deliberations.document_jobs import (
    MergedPdfFile,
    bundle_make,
    documents_bundle_start,
    scope_read,
)
from ndrc.web.deliberations.document_views import size_label
from ndrc.web.deliberations.models import Jury, JuryAssignment
from ndrc.web.documents import layout
from ndrc.web.documents.kinds import ISSUERS, KINDS, DocumentKind, IssueInfo
from ndrc.web.documents.models import DocumentBundle, IssuedDocument
from ndrc.web.documents.services import Issue, documents_issue
from ndrc.web.jobs.models import Job, JobState
from ndrc.web.privacy.retention import retention_apply
from ndrc.web.sessions.models import ExamSession
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    EstablishmentFactory,
    UserFactory,
)
from tests.web.documents.pdfs import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db

# What the test document prints for each candidate (a test changes it to change the data),
# and the candidates who have nothing to receive.
VALUES: dict[str, str] = {}
NOTHING_FOR: set[str] = set()


def render(data: dict, info: IssueInfo) -> Export:
    story = layout.Story().heading(f"Candidat {data['number']}")
    story.line(f"Valeur : {data['value']}")
    for i in range(data["lines"]):
        story.line(f"Ligne {i}")
    if info.replacement_text:
        story.line(info.replacement_text, "muted")
    letterhead = layout.Letterhead(
        academy="Orléans-Tours",
        session=2025,
        title="Document de lot",
        reference=info.reference,
        issued_on=info.issued_on,
        texts=("Arrêté du 19 février 2018 portant définition du BTS NDRC",),
    )
    content = layout.pdf_render(letterhead=letterhead, story=story.parts)
    return Export(f"lot-{data['number']}.pdf", layout.MIMETYPE, content)


KIND = DocumentKind(code="LT", slug="lot-essai", label="Document de lot", render=render)
CALLS: list[list[int]] = []


def issuer(candidate_ids, actor):
    from ndrc.web.candidates.models import Candidate

    CALLS.append(list(candidate_ids))
    candidates = Candidate.objects.filter(pk__in=candidate_ids).select_related("session")
    issues = [
        Issue(
            subject=f"candidate:{c.pk}",
            subject_ref=c.number,
            data={
                "number": c.number,
                "value": VALUES.get(c.number, "12,50"),
                "lines": 90 if c.number.endswith("L") else 2,
            },
            session_id=c.session_id,
            session_year=c.session.year,
            academy_id=c.academy_id,
            candidate_id=c.pk,
        )
        for c in candidates
        if c.number not in NOTHING_FOR
    ]
    return documents_issue(kind=KIND, issues=issues, actor=actor)


@pytest.fixture(autouse=True)
def registered(monkeypatch, settings, tmp_path):
    """The test kind and its issuer registered; the bundles written under a test folder."""
    monkeypatch.setitem(KINDS, KIND.slug, KIND)
    monkeypatch.setitem(ISSUERS, KIND.slug, issuer)
    settings.VAR_DIR = tmp_path
    VALUES.clear()
    NOTHING_FOR.clear()
    CALLS.clear()
    return tmp_path


@pytest.fixture
def world(session, office):
    """Jury A of the office's académie: 3 candidates (one with a 2-page document) at two
    establishments; académie B's jury with 1 candidate in the same session."""
    academy = office.academy
    e1, e2 = EstablishmentFactory(academy=academy), EstablishmentFactory(academy=academy)
    jury = Jury.objects.create(session=session, academy=academy, name="Jury A")
    ours = [
        CandidateFactory(session=session, academy=academy, establishment=e1, number="A003"),
        CandidateFactory(session=session, academy=academy, establishment=e2, number="A001L"),
        CandidateFactory(session=session, academy=academy, establishment=e1, number="A002"),
    ]
    for c in ours:
        JuryAssignment.objects.create(jury=jury, candidate=c)
    lone = CandidateFactory(session=session, academy=academy, establishment=e2, number="A009")
    other_academy = AcademyFactory()
    theirs = CandidateFactory(session=session, academy=other_academy, number="B001")
    other_jury = Jury.objects.create(session=session, academy=other_academy, name="Jury B")
    JuryAssignment.objects.create(jury=other_jury, candidate=theirs)
    return {
        "jury": jury,
        "ours": ours,
        "lone": lone,
        "e1": e1,
        "e2": e2,
        "theirs": theirs,
        "other_jury": other_jury,
        "other_office": UserFactory(role=Role.EXAM_OFFICE, academy=other_academy),
    }


def _run(office, value, fmt="zip", session=None):
    session = session or ExamSession.objects.get(year=2025)
    scope = scope_read(value=value, session=session, academy_id=office.academy_id)
    return documents_bundle_start(kind=KIND, scope=scope, fmt=fmt, actor=office)


def _bytes(bundle):
    return bundle.file_path.read_bytes()


def test_a_jury_job_issues_each_document_once_and_makes_a_zip_of_them(world, office):
    job = _run(office, f"jury-{world['jury'].pk}")
    assert job.state == JobState.DONE, job.message
    bundle = DocumentBundle.objects.get()
    documents = list(IssuedDocument.objects.filter(kind=KIND.slug).order_by("candidate__number"))
    assert len(documents) == 3 and {d.version for d in documents} == {1}
    assert {d.candidate_id for d in documents} == {c.pk for c in world["ours"]}
    with zipfile.ZipFile(io.BytesIO(_bytes(bundle))) as archive:
        names = archive.namelist()
        assert names == [d.filename for d in documents]  # by candidate number
        for document in documents:
            assert archive.read(document.filename) == bytes(document.content)
        assert all(i.compress_type == zipfile.ZIP_STORED for i in archive.infolist())
    assert (bundle.kind, bundle.scope, bundle.scope_id, bundle.format) == (
        KIND.slug,
        "jury",
        world["jury"].pk,
        "zip",
    )
    assert bundle.scope_label == "Jury Jury A" and bundle.documents == 3
    assert bundle.size == bundle.file_path.stat().st_size and bundle.created_by == office
    assert bundle.job_id == job.pk and bundle.academy_id == office.academy_id
    assert bundle.filename == "lot-essai-jury-jury-a-2025.zip"
    assert job.result_url == reverse("document_bundle_download", args=[bundle.pk])
    assert "3 document(s) « Document de lot » édité(s) pour 3 candidat(s)" in job.message


def test_a_merged_pdf_has_every_page_of_every_document_in_order(world, office):
    job = _run(office, f"jury-{world['jury'].pk}", fmt="pdf")
    assert job.state == JobState.DONE, job.message
    bundle = DocumentBundle.objects.get()
    content = _bytes(bundle)
    documents = IssuedDocument.objects.filter(kind=KIND.slug).order_by("candidate__number")
    expected = sum(pdf_pages(bytes(d.content)) for d in documents)
    assert expected == 4  # A001L has two pages
    assert pdf_pages(content) == expected
    text = pdf_text(content)
    positions = [text.index(f"Candidat {n}") for n in ("A001L", "A002", "A003")]
    assert positions == sorted(positions)
    assert "page 2 / 2" in text and "Réf. LT-2025-A003-1" in text
    assert bundle.mimetype == "application/pdf" and bundle.filename.endswith(".pdf")


def test_running_again_issues_nothing_new_and_makes_a_new_identical_bundle(world, office):
    _run(office, f"jury-{world['jury'].pk}")
    first = list(IssuedDocument.objects.values_list("pk", "sha256").order_by("pk"))
    _run(office, f"jury-{world['jury'].pk}")
    assert list(IssuedDocument.objects.values_list("pk", "sha256").order_by("pk")) == first
    older, newer = DocumentBundle.objects.order_by("pk")
    assert older.path != newer.path and _bytes(older) == _bytes(newer)
    assert older.sha256 == newer.sha256
    # Changed data: only that candidate's document gets a new version, which replaces it.
    VALUES["A002"] = "14,00"
    _run(office, f"jury-{world['jury'].pk}")
    assert IssuedDocument.objects.count() == 4
    replaced = IssuedDocument.objects.get(version=2)
    assert replaced.candidate.number == "A002"
    latest = DocumentBundle.objects.order_by("pk").last()
    with zipfile.ZipFile(io.BytesIO(_bytes(latest))) as archive:
        assert archive.read(replaced.filename) == bytes(replaced.content)


def test_progress_is_reported_after_each_chunk(world, office, monkeypatch):
    monkeypatch.setattr(document_jobs, "CHUNK", 2)
    seen = []
    scope = scope_read(value="session", session=world["jury"].session, academy_id=office.academy_id)
    ids = document_jobs.scope_candidate_ids(scope)
    bundle_make(
        kind=KIND,
        issuer=issuer,
        scope=scope,
        candidate_ids=ids,
        fmt="zip",
        actor=office,
        progress=lambda done, total, message: seen.append((done, total, message)),
    )
    assert [(d, t) for d, t, _m in seen] == [(2, 4), (4, 4)]
    assert (
        seen[-1][2] == "4 candidat(s) sur 4 traité(s) : 4 document(s) « Document de lot » édité(s)…"
    )
    assert [len(c) for c in CALLS] == [2, 2]
    job = _run(office, "session")
    assert (job.done, job.total) == (4, 4)


def test_the_scopes_are_the_actors_academys_only(world, office):
    session = world["jury"].session
    job = _run(office, "session")
    assert job.state == JobState.DONE
    issued = set(IssuedDocument.objects.values_list("candidate__number", flat=True))
    assert issued == {"A001L", "A002", "A003", "A009"}  # never B001
    assert (
        scope_read(
            value=f"jury-{world['other_jury'].pk}", session=session, academy_id=office.academy_id
        )
        is None
    )
    assert (
        scope_read(
            value=f"establishment-{world['theirs'].establishment_id}",
            session=session,
            academy_id=office.academy_id,
        )
        is None
    )
    for value in ("jury-x", "jury-", "rien", "establishment-99999999999999999999999"):
        assert scope_read(value=value, session=session, academy_id=office.academy_id) is None
    # A training centre's scope: its candidates of the session, whatever their jury.
    _run(office, f"establishment-{world['e2'].pk}")
    bundle = DocumentBundle.objects.order_by("pk").last()
    with zipfile.ZipFile(io.BytesIO(_bytes(bundle))) as archive:
        assert archive.namelist() == ["lot-A001L.pdf", "lot-A009.pdf"]


def test_a_job_for_another_academys_jury_fails_and_issues_nothing(world, office):
    job = Job.objects.create(
        kind="documents_bundle",
        task="ndrc.web.deliberations.document_jobs.documents_bundle_work",
        params={
            "kind": KIND.slug,
            "scope": f"jury-{world['other_jury'].pk}",
            "session": world["jury"].session_id,
            "format": "zip",
        },
        created_by=office,
        academy=office.academy,
    )
    from ndrc.web.jobs.work import job_process

    job_process(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.message.startswith(
        "Le périmètre choisi n'existe plus ou n'est pas de votre académie"
    )
    assert not IssuedDocument.objects.exists() and not DocumentBundle.objects.exists()


def test_a_candidate_with_nothing_to_receive_is_left_out_and_none_at_all_is_said(world, office):
    NOTHING_FOR.add("A002")
    _run(office, f"jury-{world['jury'].pk}")
    bundle = DocumentBundle.objects.get()
    assert bundle.documents == 2
    NOTHING_FOR.update({"A001L", "A003"})
    IssuedDocument.objects.all().delete()
    job = _run(office, f"jury-{world['jury'].pk}")
    assert job.state == JobState.FAILED
    assert "aucun candidat n'a de document « Document de lot » à recevoir" in job.message
    assert DocumentBundle.objects.count() == 1


def test_a_failing_issuer_fails_the_job_in_french_and_records_no_bundle(
    world, office, monkeypatch, registered
):
    monkeypatch.setattr(document_jobs, "CHUNK", 1)

    def failing(candidate_ids, actor):
        if len(CALLS) == 2:
            raise RuntimeError("gabarit introuvable")
        return issuer(candidate_ids, actor)

    monkeypatch.setitem(ISSUERS, KIND.slug, failing)
    for fmt in ("zip", "pdf"):
        CALLS.clear()
        job = _run(office, f"jury-{world['jury'].pk}", fmt=fmt)
        assert job.state == JobState.FAILED
        assert job.message == (
            "L'édition des documents « Document de lot » a échoué (candidats 3 à 3 sur 3) : "
            "aucun fichier n'a été enregistré."
        )
        assert "Cause : gabarit introuvable" in job.details
        assert job.result_url == reverse("document_bundles")
    assert not DocumentBundle.objects.exists()
    assert list((registered / "bundles").iterdir()) == []  # no half file left
    assert IssuedDocument.objects.count() == 2  # issued before the failure, kept


def test_the_merged_pdf_copies_objects_once_per_document():
    """A document's font, used by each of its pages, is written once."""
    info = IssueInfo(reference="LT-2025-X-1", version=1, issued_on=dt.date(2025, 7, 4))
    two_pages = render({"number": "X", "value": "1", "lines": 90}, info).data
    one_page = render({"number": "Y", "value": "1", "lines": 1}, info).data
    path = document_jobs.bundle_folder()
    path.mkdir(parents=True)
    with MergedPdfFile(path / "m.pdf", title="Essai") as merged:
        merged.add_pdf(two_pages)
        merged.add_pdf(one_page)
    content = (path / "m.pdf").read_bytes()
    assert pdf_pages(content) == 3
    assert content.count(b"/FontFile2") <= two_pages.count(b"/FontFile2") + one_page.count(
        b"/FontFile2"
    )
    from tests.web.documents.pdfs import pdf_metadata

    assert pdf_metadata(content)["Title"] == "Essai"


# --- The page -------------------------------------------------------------------------------


def test_the_page_offers_the_kinds_with_an_issuer_and_the_academys_scopes(client, world, office):
    client.force_login(office)
    html = client.get(reverse("document_bundles")).content.decode()
    assert "Éditer des documents" in html
    assert f'<option value="{KIND.slug}">Document de lot</option>' in html
    assert f'value="jury-{world["jury"].pk}"' in html
    assert f'value="establishment-{world["e1"].pk}"' in html
    assert f'value="jury-{world["other_jury"].pk}"' not in html
    assert "PDF unique" in html and "ZIP (un fichier par candidat)" in html
    # From the jury page: its link, the jury chosen.
    jury_page = client.get(reverse("jury_detail", args=[world["jury"].pk])).content.decode()
    link = f"{reverse('document_bundles')}?scope=jury-{world['jury'].pk}"
    assert link in jury_page
    html = client.get(link).content.decode()
    assert f'<option value="jury-{world["jury"].pk}" selected>' in html
    assert f'href="{reverse("document_bundles")}"' in html  # the menu


def test_the_page_confirms_then_starts_the_job_and_lists_the_bundle(client, world, office):
    client.force_login(office)
    chosen = {"kind": KIND.slug, "scope": f"jury-{world['jury'].pk}", "format": "pdf"}
    response = client.post(reverse("document_bundles"), chosen)
    html = response.content.decode()
    assert response.status_code == 200 and "Éditer ces documents ?" in html
    assert "Document de lot — Jury Jury A — 3 candidats" in html
    assert "une délivrance ne s&#x27;annule pas" in html
    assert f"conservé {retention_rules()['document_bundles'].days} jours" in html
    assert not IssuedDocument.objects.exists()
    response = client.post(reverse("document_bundles"), {**chosen, "confirmed": "1"})
    job = Job.objects.get(kind="documents_bundle")
    assert response.status_code == 302 and response["Location"] == reverse(
        "job_detail", args=[job.pk]
    )
    progress = client.get(response["Location"]).content.decode()
    assert reverse("document_bundle_download", args=[DocumentBundle.objects.get().pk]) in progress
    bundle = DocumentBundle.objects.get()
    html = client.get(reverse("document_bundles")).content.decode()
    row = html.split(f'data-bundle="{bundle.pk}"')[1].split("</tr>")[0]
    assert "Document de lot" in row and "Jury Jury A" in row and "PDF unique" in row
    assert size_label(bundle.size) in row and "Ko" in row
    assert timezone.localtime(bundle.created_at).strftime("%d/%m/%Y") in row
    response = client.get(reverse("document_bundle_download", args=[bundle.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert bundle.filename in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == _bytes(bundle)


def test_the_page_says_what_is_wrong_in_french(client, world, office):
    client.force_login(office)
    html = client.post(
        reverse("document_bundles"),
        {"kind": "inconnu", "scope": f"jury-{world['other_jury'].pk}", "format": "doc"},
    ).content.decode()
    assert "Choisissez un document dans la liste." in html
    assert "Choisissez un jury, un établissement ou toute la session." in html
    assert "Choisissez le format : ZIP ou PDF unique." in html
    empty = Jury.objects.create(session=world["jury"].session, academy=office.academy, name="V")
    html = client.post(
        reverse("document_bundles"), {"kind": KIND.slug, "scope": f"jury-{empty.pk}"}
    ).content.decode()
    assert "Ce périmètre n&#x27;a aucun candidat." in html
    assert not Job.objects.exists()


def test_a_bundle_is_downloaded_only_by_the_exam_office_of_its_academy(client, world, office):
    _run(office, f"jury-{world['jury'].pk}")
    url = reverse("document_bundle_download", args=[DocumentBundle.objects.get().pk])
    client.force_login(world["other_office"])
    assert client.get(url).status_code == 404
    for role in (Role.TRAINING_CENTRE, Role.JURY, Role.CANDIDATE):
        client.force_login(UserFactory(role=role, academy=office.academy))
        assert client.get(url).status_code == 403
    client.force_login(office)
    DocumentBundle.objects.get().file_path.unlink()
    response = client.get(url)
    assert response.status_code == 404


def test_sizes_are_written_the_french_way():
    assert size_label(850) == "850 octets"
    assert size_label(1) == "1 octet"
    assert size_label(12_345) == "12 Ko"
    assert size_label(1_572_864) == "1,5 Mo"
    assert size_label(3 * 1024**3) == "3,0 Go"


# --- Retention ----------------------------------------------------------------------------


def test_retention_deletes_old_bundles_and_their_files(
    world, office, registered, django_capture_on_commit_callbacks
):
    _run(office, f"jury-{world['jury'].pk}")
    _run(office, "session")
    old, recent = DocumentBundle.objects.order_by("pk")
    days = retention_rules()["document_bundles"].days
    assert days == 30
    today = timezone.localdate()
    DocumentBundle.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days + 1)
    )
    orphan = registered / "bundles" / "0123.zip.part"  # a job interrupted long ago
    orphan.write_bytes(b"PK")
    stamp = (timezone.now() - dt.timedelta(days=days + 2)).timestamp()
    os.utime(orphan, (stamp, stamp))
    with django_capture_on_commit_callbacks(execute=True):
        report = retention_apply(today=today, dry_run=True)
    assert report.counts["document_bundles"] == 1
    assert old.file_path.exists() and DocumentBundle.objects.count() == 2 and orphan.exists()
    with django_capture_on_commit_callbacks(execute=True):
        report = retention_apply(today=today)
    assert report.counts["document_bundles"] == 1
    assert list(DocumentBundle.objects.all()) == [recent]
    assert not old.file_path.exists() and not orphan.exists()
    assert recent.file_path.exists()
    assert "fichiers de documents édités en lot supprimés : 1" in "\n".join(report.lines())
    assert IssuedDocument.objects.exists()  # the documents themselves are kept


def test_a_candidate_is_told_by_email_of_a_document_newly_issued_once(world, office):
    """A bundle's job tells each candidate of a document of his or hers newly issued (kind
    meant for candidates); a document given back unchanged is not told again, a candidate
    without an address is recorded « sans adresse »."""
    from django.core import mail

    from ndrc.web.documents.models import MailRecord

    told_kind = DocumentKind(
        code="LT", slug="lot-essai", label="Document de lot", render=render, to_candidate=True
    )
    KINDS[told_kind.slug] = told_kind  # the autouse fixture restores the registry
    first = world["ours"][0]
    first.user = UserFactory(role=Role.CANDIDATE, email="lea@example.org")
    first.save()
    session = ExamSession.objects.get(year=2025)
    scope = scope_read(
        value=f"jury-{world['jury'].pk}", session=session, academy_id=office.academy_id
    )
    job = documents_bundle_start(kind=told_kind, scope=scope, fmt="zip", actor=office)
    assert job.state == JobState.DONE, job.message
    records = MailRecord.objects.filter(topic="document")
    assert records.count() == 3
    assert records.filter(state=MailRecord.SENT).get().address == "lea@example.org"
    assert records.filter(state=MailRecord.NO_ADDRESS).count() == 2
    assert any("Mes documents" in m.body for m in mail.outbox)
    again = documents_bundle_start(kind=told_kind, scope=scope, fmt="zip", actor=office)
    assert again.state == JobState.DONE  # the same documents given back: nobody told again
    assert MailRecord.objects.filter(topic="document").count() == 3
