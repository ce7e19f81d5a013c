"""« Éditer des documents » offers the examiners' convocations: for the whole session (or a
training centre) the exam office issues every convened examiner's convocation in one ZIP,
one file per examiner; a jury has no examiner of the exam days, which the page says."""

import io
import zipfile

import pytest
from django.urls import reverse

from ndrc.web.deliberations import document_jobs
from ndrc.web.documents.kinds import KINDS
from ndrc.web.documents.models import DocumentBundle, IssuedDocument
from ndrc.web.jobs.models import Job
from tests.web.scheduling.convocation_world import exam_days

pytestmark = pytest.mark.django_db
SLUG = "convocation-examinateur"


@pytest.fixture
def world(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return exam_days()


def test_the_examiners_convocations_are_offered_and_bundled(client, world):
    client.force_login(world["office"])
    html = client.get(reverse("document_bundles")).content.decode()
    assert f'<option value="{SLUG}">Convocation d&#x27;examinateur</option>' in html
    chosen = {"kind": SLUG, "scope": "session", "format": "zip"}
    html = client.post(reverse("document_bundles"), chosen).content.decode()
    assert "Convocation d&#x27;examinateur — Toute la session Session 2026 — 2 examinateurs" in html
    assert "Le document de chaque examinateur de ce périmètre" in html
    assert "chaque candidat" not in html
    response = client.post(reverse("document_bundles"), {**chosen, "confirmed": "1"})
    job = Job.objects.get(kind="documents_bundle")
    assert job.state == "done", job.message
    assert "2 document(s) « Convocation d'examinateur » édité(s) pour 2 examinateur(s)" in (
        job.message
    )
    bundle = DocumentBundle.objects.get()
    names = zipfile.ZipFile(io.BytesIO(bundle.file_path.read_bytes())).namelist()
    teacher, professional = world["teacher"], world["professional"]
    subjects = [f"examiner:{teacher.pk}", f"examiner:{professional.pk}"]
    documents = IssuedDocument.objects.filter(kind=SLUG).order_by("subject")
    assert sorted(d.subject for d in documents) == sorted(subjects)
    # By name: MARTIN Claire, then ROUX Paul.
    assert [n.split("-")[-2] for n in names] == [f"EX{teacher.pk}", f"EX{professional.pk}"]
    assert response.status_code == 302


def test_a_jury_has_no_examiner_of_the_exam_days(client, world):
    from ndrc.web.deliberations.models import Jury

    jury = Jury.objects.create(session=world["session"], academy=world["academy"], name="A")
    client.force_login(world["office"])
    html = client.post(
        reverse("document_bundles"), {"kind": SLUG, "scope": f"jury-{jury.pk}", "format": "zip"}
    ).content.decode()
    assert "Ce document s&#x27;adresse aux examinateurs" in html
    scope = document_jobs.scope_read(
        value="session", session=world["session"], academy_id=world["academy"].pk
    )
    assert list(document_jobs.scope_people(KINDS[SLUG], scope)) == [
        world["teacher"].pk,
        world["professional"].pk,
    ]
