"""A person a re-planning leaves with no sitting: an examiner who withdrew and whose
commission now sits without him or her, sent a convocation before, gets at the next sending
« Annulation de convocation » (an e-mail with the next version of the convocation attached,
saying it is cancelled, in « Mes documents »), once, journaled; the others are not told
again."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.document_selectors import documents_visible_to
from ndrc.web.documents.models import IssuedDocument
from ndrc.web.jobs.models import Job
from ndrc.web.scheduling.models import ConvocationSent, Sitting
from tests.web.documents.pdfs import pdf_text
from tests.web.scheduling.convocation_world import exam_days

pytestmark = pytest.mark.django_db


def send(world):
    client = Client()
    client.force_login(world["office"])
    response = client.post(reverse("convocations_send"))
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert job.state == "done", job.message
    return job


def test_a_withdrawn_examiner_gets_the_cancellation_once():
    world = exam_days()
    teacher, professional = world["teacher"], world["professional"]
    send(world)
    teacher.withdrawn = True
    teacher.save()
    world["commission"].members.set([professional])  # the re-planning, without her
    mail.outbox.clear()
    job = send(world)
    assert "1 convocation(s) annulée(s)" in job.message
    assert [m.to for m in mail.outbox] == [["claire.martin@ac-ot.fr"]]
    notice = mail.outbox[0]
    assert "annulation de convocation" in notice.subject
    assert "Votre convocation réf. CE-2026-EX" in notice.body
    assert "– E4 : mardi 12 mai 2026 (matin), Lycée Voltaire, Salle 12, 1 candidat(s)" in (
        notice.body
    )
    document = documents_visible_to(user=teacher.user).order_by("-version").first()
    assert document.version == 2
    assert notice.attachments[0][0] == f"annulation-convocation-{document.reference}.pdf"
    text = " ".join(pdf_text(bytes(IssuedDocument.objects.get(pk=document.pk).content)).split())
    assert "Annulation de convocation" in text
    assert "est annulée" in text
    assert "motif : convocation annulée" in text
    # « Mes documents » says why the current version replaced the convocation.
    own = Client()
    own.force_login(teacher.user)
    page = own.get(reverse("documents")).content.decode()
    row = page.split(f'data-reference="{document.reference}"')[1].split("</tr>")[0]
    assert "Motif : convocation annulée, plus aucune épreuve au planning des épreuves" in row
    cancellation = ConvocationSent.objects.filter(examiner=teacher).latest("pk")
    assert (cancellation.lines, cancellation.document_id) == ([], document.pk)
    assert AuditEntry.objects.filter(action="convocations_cancel").count() == 1
    # Sent again: nobody is told twice.
    mail.outbox.clear()
    job = send(world)
    assert "annulée" not in job.message
    assert mail.outbox == []
    assert ConvocationSent.objects.filter(examiner=teacher).count() == 2


def test_a_candidate_with_no_sitting_left_gets_the_cancellation():
    world = exam_days(candidates=2)
    send(world)
    first = world["candidates"][0]
    Sitting.objects.filter(candidate=first).delete()
    mail.outbox.clear()
    send(world)
    told = [m for m in mail.outbox if m.to == ["candidat0@example.fr"]]
    assert len(told) == 1
    assert "annulation de convocation" in told[0].subject
    assert not [m for m in mail.outbox if m.to == ["candidat1@example.fr"]]
    mine = documents_visible_to(user=first.user).filter(kind="convocation")
    assert mine.order_by("-version").first().version == 2
