"""Issuing the candidates' notices: the registration summary downloaded from the candidate's
page by whoever sees the plan (issued on demand, the same document while nothing changed, a
new version replacing it after a change), the NV notice sent by the exam office after a
confirmation (the candidate and the training centre e-mailed with the PDF, each message
recorded, nobody e-mailed twice for the same notice), refused for a conforming candidate
and before the deadline; the scopes (another centre's candidate, another candidate)."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates import notices
from ndrc.web.candidates.models import Dossier
from ndrc.web.documents.kinds import ISSUERS
from ndrc.web.documents.models import IssuedDocument, MailRecord
from tests.builders import E4, conforming_files
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    EstablishmentFactory,
    UserFactory,
    academy_dates,
)
from tests.web.documents.pdfs import pdf_text

pytestmark = pytest.mark.django_db
AFTER_DEADLINE = dt.date(2025, 4, 1)


@pytest.fixture
def place(session):
    """An académie with its deadline passed and orals ahead, an establishment, its training
    centre account (with an address) and the exam office."""
    academy = AcademyFactory(code="OT", name="Orléans-Tours")
    academy_dates(
        session, academy, deposit_deadline=dt.date(2025, 3, 14), oral_date=dt.date(2025, 5, 20)
    )
    establishment = EstablishmentFactory(academy=academy, name="Lycée Jean Zay")
    centre = UserFactory(
        role=Role.TRAINING_CENTRE,
        academy=academy,
        establishment=establishment,
        email="centre@lycee.example",
    )
    office = UserFactory(role=Role.EXAM_OFFICE, academy=academy)
    return academy, establishment, centre, office


def registered(session, place, *, number="N0003", email="hugo@example.org", nv=True):
    academy, establishment, *_ = place
    account = UserFactory(role=Role.CANDIDATE, academy=academy, email=email) if email else None
    candidate = conforming_files(
        CandidateFactory(
            session=session,
            academy=academy,
            establishment=establishment,
            number=number,
            last_name="Bernard",
            first_name="Hugo",
            birth_date=dt.date(2006, 4, 2),
            user=account,
        )
    )
    if nv:
        Dossier.objects.filter(candidate=candidate, exam="E4").update(
            content={**E4, "signed": False}
        )
    return candidate


@pytest.fixture
def after_deadline(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: AFTER_DEADLINE)


def client(user):
    c = Client()
    c.force_login(user)
    return c


# --- The registration summary -----------------------------------------------------------------


def test_the_candidate_downloads_his_summary_the_same_until_his_file_changes(session, place):
    candidate = registered(session, place)
    url = reverse("registration_summary_download", args=[candidate.pk])
    page = client(candidate.user).get(reverse("candidate_plan", args=[candidate.pk]))
    assert url in page.content.decode()
    first = client(candidate.user).get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert "attachment" in first["Content-Disposition"]
    text = pdf_text(first.content)
    assert "Récapitulatif d'inscription" in text and "02/04/2006" in text
    again = client(candidate.user).get(url)
    assert again.content == first.content
    assert IssuedDocument.objects.filter(kind="recapitulatif-inscription").count() == 1
    candidate.ef2 = True
    candidate.save()
    changed = client(place[3]).get(url)
    versions = IssuedDocument.objects.filter(candidate=candidate).order_by("version")
    assert [d.version for d in versions] == [1, 2]
    assert "annule et remplace le document réf. RI-2025-N0003-1" in " ".join(
        pdf_text(changed.content).split()
    )


def test_the_training_centre_downloads_its_candidates_summary_not_anothers(session, place):
    candidate = registered(session, place)
    url = reverse("registration_summary_download", args=[candidate.pk])
    assert client(place[2]).get(url).status_code == 200
    other_centre = UserFactory(
        role=Role.TRAINING_CENTRE,
        academy=place[0],
        establishment=EstablishmentFactory(academy=place[0]),
    )
    assert client(other_centre).get(url).status_code == 404
    another = registered(session, place, number="N0004", email="lou@example.org")
    assert client(another.user).get(url).status_code == 404
    examiner = UserFactory(role=Role.EXAMINER, academy=place[0])
    assert client(examiner).get(url).status_code == 403
    assert IssuedDocument.objects.count() == 1


def test_summaries_of_many_candidates_in_a_fixed_number_of_queries(session, place):
    ids = [registered(session, place, number=f"M{i:04d}", email="").pk for i in range(6)]
    counts = []
    for chosen in (ids[:2], ids):
        with CaptureQueriesContext(connection) as queries:
            issued = notices.registration_summaries_issue(candidate_ids=chosen, actor=place[3])
        counts.append(len(queries))
        assert [d.candidate_id for d in issued] == sorted(chosen)
    assert counts[0] == counts[1], counts
    assert ISSUERS["recapitulatif-inscription"](ids, place[3]) == issued


def test_nv_notices_of_many_candidates_in_a_fixed_number_of_queries(session, place, after_deadline):
    ids = [registered(session, place, number=f"M{i:04d}").pk for i in range(6)]
    counts = []
    for chosen in (ids[:2], ids[2:]):
        with CaptureQueriesContext(connection) as queries:
            issued = notices.nv_notices_issue(candidate_ids=chosen, actor=place[3])
        counts.append(len(queries))
        assert [d.candidate_id for d in issued] == sorted(chosen)
    assert counts[0] == counts[1], counts
    assert len(mail.outbox) == 12  # each candidate and the centre, once


# --- The NV notice -----------------------------------------------------------------------------


def test_the_exam_office_confirms_then_the_candidate_and_the_centre_are_emailed(
    session, place, after_deadline
):
    candidate = registered(session, place)
    url = reverse("nv_notice_send", args=[candidate.pk])
    office = client(place[3])
    file_page = office.get(reverse("candidate_plan", args=[candidate.pk])).content.decode()
    assert url in file_page
    confirm = office.get(url).content.decode()
    assert "hugo@example.org" in confirm and "centre@lycee.example" in confirm
    assert not mail.outbox and not IssuedDocument.objects.exists()  # nothing before confirming
    response = office.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    document = IssuedDocument.objects.get(kind="avis-non-conformite")
    assert sorted(m.to[0] for m in mail.outbox) == ["centre@lycee.example", "hugo@example.org"]
    for message in mail.outbox:
        assert message.attachments[0][0] == document.filename
        assert message.attachments[0][1] == bytes(document.content)
        assert "E4" in message.subject
    records = MailRecord.objects.filter(topic="nv_notice", document=document)
    assert sorted(r.state for r in records) == [MailRecord.SENT, MailRecord.SENT]
    text = " ".join(pdf_text(bytes(document.content)).split())
    assert "qu'ils ne pourront pas subir l'épreuve" in text
    assert AuditEntry.objects.filter(action="nv_notices_send", candidate=candidate).count() == 1
    # Sent again with nothing changed: the same notice, nobody e-mailed a second time.
    office.post(url, {"confirmed": "1"})
    assert IssuedDocument.objects.filter(kind="avis-non-conformite").count() == 1
    assert len(mail.outbox) == 2
    # A changed file (E6 not signed either): a new notice replacing the first, sent.
    Dossier.objects.filter(candidate=candidate, exam="E6").update(
        content={**Dossier.objects.get(candidate=candidate, exam="E6").content, "signed": False}
    )
    office.post(url, {"confirmed": "1"})
    assert [d.version for d in IssuedDocument.objects.filter(kind="avis-non-conformite")] == [
        1,
        2,
    ]
    assert len(mail.outbox) == 4


def test_a_candidate_without_address_is_recorded_without_address(session, place, after_deadline):
    candidate = registered(session, place, email="")
    issued = notices.nv_notices_issue(candidate_ids=[candidate.pk], actor=place[3])
    states = dict(MailRecord.objects.filter(document=issued[0]).values_list("address", "state"))
    assert states == {"": MailRecord.NO_ADDRESS, "centre@lycee.example": MailRecord.SENT}


def test_no_notice_for_a_conforming_candidate_nor_before_the_deadline(session, place, monkeypatch):
    conforming = registered(session, place, nv=False)
    not_conforming = registered(session, place, number="N0005", email="lou@example.org")
    office = client(place[3])
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2025, 3, 1))
    before = office.post(reverse("nv_notice_send", args=[not_conforming.pk]), {"confirmed": "1"})
    assert before.status_code == 200
    assert "n&#x27;est pas passée" in before.content.decode()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: AFTER_DEADLINE)
    refused = office.post(reverse("nv_notice_send", args=[conforming.pk]), {"confirmed": "1"})
    assert "Aucun dossier du candidat n&#x27;est non conforme" in refused.content.decode()
    issued = notices.nv_notices_issue(
        candidate_ids=[conforming.pk, not_conforming.pk], actor=place[3]
    )
    assert [d.candidate_id for d in issued] == [not_conforming.pk]
    assert not IssuedDocument.objects.filter(candidate=conforming).exists()


def test_only_the_exam_office_of_the_academy_sends_it(session, place, after_deadline):
    candidate = registered(session, place)
    url = reverse("nv_notice_send", args=[candidate.pk])
    assert client(place[2]).post(url, {"confirmed": "1"}).status_code == 403
    assert client(candidate.user).post(url, {"confirmed": "1"}).status_code == 403
    elsewhere = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="ZZ"))
    assert client(elsewhere).post(url, {"confirmed": "1"}).status_code == 404
    assert not IssuedDocument.objects.exists() and not mail.outbox


def test_the_conformity_list_links_an_nv_to_its_notice(session, place, after_deadline):
    candidate = registered(session, place)
    page = client(place[3]).get(reverse("conformity_list")).content.decode()
    assert reverse("nv_notice_send", args=[candidate.pk]) in page
    centre_page = client(place[2]).get(reverse("conformity_list")).content.decode()
    assert reverse("nv_notice_send", args=[candidate.pk]) not in centre_page


def test_a_file_too_long_to_lay_out_is_said_never_a_server_error(session, place):
    candidate = registered(session, place)
    candidate.diplomas = [{"kind": "licence", "title": "Licence", "proof": "justificatif " * 4000}]
    candidate.save()
    url = reverse("registration_summary_download", args=[candidate.pk])
    response = client(candidate.user).get(url, follow=True)
    assert response.status_code == 200
    assert "trop longue pour tenir sur une page" in response.content.decode()
    assert not IssuedDocument.objects.exists()
