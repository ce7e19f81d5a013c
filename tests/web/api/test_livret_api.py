"""The livret through the API (D145): the training centre deposits or replaces its
candidate's livret as on its page, through the same service (a file checked by its content,
one audit entry); the training centre and the exam office read it and download its file (each
download in the access register); refusals are 400 or 403 in French and write nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import encode_multipart
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AccessLog, AuditEntry
from ndrc.web.candidates.models import Livret
from ndrc.web.grading.ccf_files import MAX_BYTES
from tests.factories import CandidateFactory, EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BOUNDARY = "livret-boundary"


@pytest.fixture
def candidate(session, office):
    return CandidateFactory(session=session, academy=office.academy, number="25000042")


@pytest.fixture
def centre(candidate):
    return UserFactory(
        role=Role.TRAINING_CENTRE,
        academy=candidate.academy,
        establishment=candidate.establishment,
    )


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _put(client, candidate, **data):
    return client.put(
        reverse("api-candidate-livret", args=[candidate.pk]),
        encode_multipart(BOUNDARY, data),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )


def test_the_centre_deposits_reads_and_replaces_the_livret(client, candidate, centre):
    client.force_login(centre)
    assert client.get(reverse("api-candidate-livret", args=[candidate.pk])).json() == {
        "candidate": "25000042",
        "present": False,
        "appreciations": "",
        "pix_mention": "",
        "pix_score": None,
        "file": None,
        "updated_at": None,
    }
    response = _put(
        client,
        candidate,
        file=_file("livret.pdf", PDF),
        appreciations="Élève sérieux.",
        pix_mention="Certification Pix obtenue",
        pix_score="412",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    url = reverse("api-candidate-livret-file", args=[candidate.pk])
    assert body["file"] == {
        "filename": "livret.pdf",
        "mimetype": "application/pdf",
        "size": len(PDF),
        "sha256": Livret.objects.get(candidate=candidate).sha256,
        "url": url,
    }
    assert (body["present"], body["appreciations"], body["pix_score"]) == (
        True,
        "Élève sérieux.",
        412,
    )
    assert AuditEntry.objects.filter(action="livret_save", candidate_id=candidate.pk).count() == 1
    assert client.get(reverse("api-candidate-livret", args=[candidate.pk])).json() == body
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content if download.streaming else [download.content]) == PDF
    assert AccessLog.objects.filter(user=centre, candidate=candidate, page="livret_centre").exists()
    # Without a file, the file deposited stays; the appreciations are those sent.
    again = _put(client, candidate, appreciations="Très bon élève.")
    assert again.status_code == 200
    assert again.json()["file"]["filename"] == "livret.pdf"
    livret = Livret.objects.get(candidate=candidate)
    assert (livret.appreciations, livret.pix_mention, livret.pix_score) == (
        "Très bon élève.",
        "",
        None,
    )
    assert AuditEntry.objects.filter(action="livret_save", candidate_id=candidate.pk).count() == 2


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"file": ("livret.pdf", b"MZ not a pdf")}, "fichier"),
        ({"appreciations": "   "}, "Le livret est vide"),
        ({"appreciations": "Bien.", "pix_score": "douze"}, "pix_score"),
        ({"appreciations": "Bien.", "pix_score": "99999"}, "pix_score"),
        ({"file": ("gros.pdf", b"%PDF-1.4\n" + b"0" * MAX_BYTES)}, "Le fichier dépasse"),
    ],
    ids=["not-a-pdf", "empty", "score-text", "score-too-big", "too-big"],
)
def test_refusals_are_400_in_french_and_write_nothing(client, candidate, centre, data, said):
    client.force_login(centre)
    sent = {k: _file(*v) if isinstance(v, tuple) else v for k, v in data.items()}
    response = _put(client, candidate, **sent)
    assert response.status_code == 400, response.content
    assert said in response.json()["detail"]
    assert not Livret.objects.filter(candidate=candidate).exists()
    assert not AuditEntry.objects.filter(action="livret_save").exists()


def test_the_exam_office_reads_but_does_not_deposit(client, candidate, centre, office):
    client.force_login(centre)
    assert _put(client, candidate, appreciations="Bien.").status_code == 200
    client.force_login(office)
    assert (
        client.get(reverse("api-candidate-livret", args=[candidate.pk])).json()["appreciations"]
        == "Bien."
    )
    refused = _put(client, candidate, appreciations="Changé par la division.")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Seul le centre de formation du candidat dépose son livret."
    assert Livret.objects.get(candidate=candidate).appreciations == "Bien."
    # No file deposited: nothing to download.
    assert client.get(reverse("api-candidate-livret-file", args=[candidate.pk])).status_code == 404


def test_another_centres_candidate_is_not_found(client, candidate):
    other = UserFactory(
        role=Role.TRAINING_CENTRE,
        academy=candidate.academy,
        establishment=EstablishmentFactory(academy=candidate.academy),
    )
    client.force_login(other)
    assert client.get(reverse("api-candidate-livret", args=[candidate.pk])).status_code == 404
    assert _put(client, candidate, appreciations="Bien.").status_code == 404
    assert not Livret.objects.exists()
