"""Issuing and sending the convocations of an applied schedule: issued again unchanged, the
same document and no e-mail; a room changed, version 2 « annule et remplace » and one notice
saying what changed; each person sees only his or her own; the exam office's page counts
them and sends them by a job."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.document_selectors import documents_visible_to
from ndrc.web.candidates.selectors import candidates_read
from ndrc.web.documents.kinds import ISSUERS
from ndrc.web.documents.models import IssuedDocument, MailRecord
from ndrc.web.jobs.models import Job
from ndrc.web.scheduling.convocation_candidates import candidate_convocations, convocations_issue
from ndrc.web.scheduling.convocation_examiners import examiner_convocations
from ndrc.web.scheduling.convocation_selectors import convocation_current, convocation_overview
from ndrc.web.scheduling.models import ConvocationSent, Examiner, Room
from tests.factories import UserFactory
from tests.web.documents.pdfs import pdf_text
from tests.web.scheduling.convocation_world import exam_days

pytestmark = pytest.mark.django_db


def flat(text):
    return " ".join(text.split())


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def send(world):
    response = client_for(world["office"]).post(reverse("convocations_send"))
    assert response.status_code == 302
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_issuing_twice_gives_the_same_document():
    world = exam_days()
    ids = [c.pk for c in world["candidates"]]
    first = convocations_issue(candidate_ids=ids, schedule_ids=[world["schedule"].pk], actor=None)
    again = convocations_issue(candidate_ids=ids, schedule_ids=[world["schedule"].pk], actor=None)
    assert [d.pk for _, d in first] == [d.pk for _, d in again]
    assert IssuedDocument.objects.filter(kind="convocation").count() == 1
    # « Éditer des documents » bundles them through the registered issuer.
    assert [d.pk for d in ISSUERS["convocation"](ids, None)] == [first[0][1].pk]


def test_sending_e_mails_each_person_once_with_the_convocation_attached():
    world = exam_days()
    job = send(world)
    job.refresh_from_db()
    assert job.state == "done", job.message
    assert "3 convocation(s) délivrée(s) à 1 candidat(s) et 2 examinateur(s)" in job.message
    # The candidate and the teacher have an address; the professional none (recorded).
    assert sorted(m.to[0] for m in mail.outbox) == [
        "candidat0@example.fr",
        "claire.martin@ac-ot.fr",
    ]
    candidate_mail = next(m for m in mail.outbox if m.to == ["candidat0@example.fr"])
    assert candidate_mail.attachments[0][0].startswith("convocation-04500000-CV-2026-")
    assert "E4 : mardi 12 mai 2026, 09 h 00 – 09 h 40, Lycée Voltaire, Salle 12" in (
        candidate_mail.body
    )
    states = sorted(MailRecord.objects.filter(topic="convocation").values_list("state", flat=True))
    assert states == ["no_address", "sent", "sent"]
    overview = convocation_overview(session_id=world["session"].pk, academy_id=world["academy"].pk)
    assert (overview.issued, overview.sent, overview.no_address, overview.changed) == (3, 2, 1, 0)
    # Sent again unchanged: the same documents, nobody e-mailed twice.
    send(world)
    assert len(mail.outbox) == 2
    assert IssuedDocument.objects.filter(kind__startswith="convocation").count() == 3


def test_a_room_changed_gives_version_2_and_one_notice_saying_what_changed():
    world = exam_days()
    candidate = world["candidates"][0]
    send(world)
    commission = world["commission"]
    commission.room = Room.objects.create(centre=world["centre"], name="Salle 14")
    commission.save()
    overview = convocation_overview(session_id=world["session"].pk, academy_id=world["academy"].pk)
    assert overview.changed == 1
    assert [row.number for row in overview.changed_rows] == ["04500000"]
    mail.outbox.clear()
    send(world)
    current = convocation_current(candidate=candidate)
    assert current.version == 2
    text = flat(pdf_text(bytes(IssuedDocument.objects.get(pk=current.pk).content)))
    assert "Salle 14" in text
    assert "annule et remplace le document réf. CV-2026-04500000-1" in text
    assert "planning des épreuves modifié" in text
    notices = [m for m in mail.outbox if m.to == ["candidat0@example.fr"]]
    assert len(notices) == 1
    body = notices[0].body
    assert "votre convocation a changé" in notices[0].subject
    assert "annule et remplace" in body
    assert "– annulé : E4 : mardi 12 mai 2026, 09 h 00 – 09 h 40, Lycée Voltaire, Salle 12" in body
    assert "– désormais : E4 : mardi 12 mai 2026, 09 h 00 – 09 h 40, Lycée Voltaire, Salle 14" in (
        body
    )
    # The examiner's convocation changed too (the room): a new version, a notice.
    assert [m.to for m in mail.outbox if m.to != ["candidat0@example.fr"]] == [
        ["claire.martin@ac-ot.fr"]
    ]
    assert MailRecord.objects.filter(candidate=candidate, topic="convocation").count() == 2
    assert ConvocationSent.objects.filter(candidate=candidate).count() == 2
    after = convocation_overview(session_id=world["session"].pk, academy_id=world["academy"].pk)
    assert after.changed == 0


def test_each_person_sees_only_his_or_her_convocation():
    world = exam_days(candidates=2)
    send(world)
    first, second = world["candidates"]
    teacher = world["teacher"]
    mine = documents_visible_to(user=first.user).filter(kind="convocation")
    assert [d.candidate_id for d in mine] == [first.pk]
    theirs = documents_visible_to(user=teacher.user)
    assert [d.subject for d in theirs] == [f"examiner:{teacher.pk}"]
    # Another examiner (another profile) sees none; the exam office sees all four.
    other = UserFactory(role=Role.EXAMINER, academy=world["academy"])
    Examiner.objects.create(
        session=world["session"],
        academy=world["academy"],
        last_name="Petit",
        first_name="Ana",
        user=other,
        kinds=["bloc3"],
    )
    assert not documents_visible_to(user=other).exists()
    assert documents_visible_to(user=world["office"]).count() == 4
    # « Mes documents »: the examiner's page lists his or hers, the download answers.
    page = client_for(teacher.user).get(reverse("documents"))
    assert page.status_code == 200
    assert "Convocation d&#x27;examinateur" in page.content.decode()
    document = theirs.get()
    assert (
        client_for(teacher.user).get(reverse("document_download", args=[document.pk])).status_code
        == 200
    )
    assert (
        client_for(other).get(reverse("document_download", args=[document.pk])).status_code == 404
    )
    assert (
        client_for(second.user)
        .get(reverse("document_download", args=[convocation_current(candidate=first).pk]))
        .status_code
        == 404
    )


def test_the_exam_offices_page_counts_and_sends():
    world = exam_days()
    office = client_for(world["office"])
    page = office.get(reverse("convocations")).content.decode()
    assert 'data-count="candidates"><td>Candidats convoqués</td><td>1</td>' in page
    assert "Envoyer les convocations" in page
    send(world)
    page = office.get(reverse("convocations")).content.decode()
    assert 'data-count="sent"><td>Envoyées par courriel</td><td>2</td>' in page
    assert (
        'data-count="no_address"><td>Non envoyées : sans adresse électronique</td><td>1</td>'
        in page
    )
    assert "Dernier envoi" in page
    assert client_for(world["candidates"][0].user).get(reverse("convocations")).status_code == 403


def test_without_an_applied_schedule_the_job_says_so():
    world = exam_days()
    world["schedule"].status = "draft"
    world["schedule"].save()
    job = send(world)
    job.refresh_from_db()
    assert job.state == "failed"
    assert "Aucun planning des épreuves n'est appliqué" in job.message


def _queries(build):
    with CaptureQueriesContext(connection) as captured:
        build()
    return len(captured)


def test_the_data_is_read_set_based_whatever_the_number_of_people():
    world = exam_days(candidates=4)
    schedules = [world["schedule"].pk]
    ids = [c.pk for c in world["candidates"]]
    one = candidates_read(ids[:1])
    four = candidates_read(ids)
    assert _queries(lambda: candidate_convocations(one, schedule_ids=schedules)) == _queries(
        lambda: candidate_convocations(four, schedule_ids=schedules)
    )
    teacher, professional = world["teacher"], world["professional"]
    assert _queries(lambda: examiner_convocations([teacher], schedule_ids=schedules)) == _queries(
        lambda: examiner_convocations([teacher, professional], schedule_ids=schedules)
    )
