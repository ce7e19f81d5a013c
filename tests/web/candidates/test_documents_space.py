"""Each person's documents: a candidate reads only his or her own documents of a kind meant
for candidates, a training centre only its candidates' documents meant for centres, the exam
office every document of its académie (those about no candidate included); the download gives
the recorded bytes to those and 404 to anyone else; the e-mails page lists the candidates who
could not be told. The pages cost the same queries whatever the number of documents."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from ndrc.web.audit.models import AccessLog
from ndrc.web.candidates.document_selectors import documents_visible_to
from ndrc.web.documents.mail import Notice, notices_send
from ndrc.web.documents.models import IssuedDocument
from tests.factories import CandidateFactory, ExamSessionFactory
from tests.web.candidates.documents_world import (
    FOR_CANDIDATE,
    FOR_CENTRE,
    OFFICE_ONLY,
    declare_kinds,
    documents_world,
    issue,
)
from tests.web.documents.pdfs import pdf_text
from tests.web.list_pages import queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(session, office, monkeypatch, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    declare_kinds(monkeypatch)
    return documents_world(session, office)


def _as(client, user):
    client.force_login(user)
    return client


def _seen(world, who):
    return set(documents_visible_to(user=world.users[who]).values_list("pk", flat=True))


def _pks(world, *names):
    return {world.docs[name].pk for name in names}


def _day(document):
    return f"{timezone.localdate(document.issued_at):%d/%m/%Y}"


def test_each_role_reads_exactly_the_documents_meant_for_it(world):
    assert _seen(world, "x") == _pks(world, "x_letter_1", "x_letter_2")
    assert _seen(world, "z") == _pks(world, "z_letter")
    assert _seen(world, "centre") == _pks(world, "x_centre")
    assert _seen(world, "centre_e2") == set()
    assert _seen(world, "centre_f") == _pks(world, "y_centre")
    assert _seen(world, "office") == _pks(
        world, "x_letter_1", "x_letter_2", "x_centre", "x_office", "z_letter", "pv_a"
    )
    assert _seen(world, "office_b") == _pks(world, "y_letter", "y_centre", "pv_b")
    assert _seen(world, "jury") == set()
    assert _seen(world, "examiner") == set()


def test_my_documents_the_current_ones_and_the_replaced_version_in_french(client, world):
    page = _as(client, world.users["x"]).get(reverse("documents")).content.decode()
    current, replaced = world.docs["x_letter_2"], world.docs["x_letter_1"]
    assert "<h1>Mes documents</h1>" in page
    assert "Délivré le" in page and _day(current) in page
    assert f'data-reference="{current.reference}"' in page
    assert "Lettre au candidat" in page
    assert f"remplacé le {_day(current)} par réf. {current.reference}" in page, (
        "the earlier version says which one replaced it"
    )
    assert f'data-reference="{replaced.reference}"' in page
    for other in ("x_centre", "x_office", "z_letter", "y_letter", "pv_a"):
        assert world.docs[other].reference not in page, other


def test_a_candidate_without_documents_is_told_so(client, world):
    IssuedDocument.objects.filter(candidate=world.x).delete()
    page = _as(client, world.users["x"]).get(reverse("documents")).content.decode()
    assert "Aucun document ne vous a encore été délivré." in page


def test_a_download_gives_the_bytes_recorded_and_the_earlier_version_is_kept(client, world):
    _as(client, world.users["x"])
    for name in ("x_letter_1", "x_letter_2"):
        document = world.docs[name]
        response = client.get(reverse("document_download", args=[document.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="{document.filename}"'
        assert hashlib.sha256(response.content).hexdigest() == document.sha256
        assert response.content == bytes(IssuedDocument.objects.get(pk=document.pk).content)
    text = pdf_text(response.content)
    assert "annule et remplace le document réf." in text and "erreur de saisie" in text
    # A candidate's own reads are not consultations of his or her file by the staff.
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize(
    ("who", "hidden"),
    [
        ("x", ["x_centre", "x_office", "z_letter", "y_letter", "pv_a"]),
        ("centre", ["x_letter_2", "x_office", "y_centre", "pv_a"]),
        ("centre_e2", ["x_centre", "x_letter_2"]),
        ("office", ["y_letter", "y_centre", "pv_b"]),
    ],
)
def test_a_document_not_meant_for_the_user_is_a_404(client, world, who, hidden):
    _as(client, world.users[who])
    for name in hidden:
        response = client.get(reverse("document_download", args=[world.docs[name].pk]))
        assert response.status_code == 404, name
    missing = IssuedDocument.objects.order_by("-pk").first().pk + 1
    assert client.get(reverse("document_download", args=[missing])).status_code == 404
    assert client.get(f"/documents/{2**63}/telecharger/").status_code == 404


def test_the_centre_and_the_office_download_what_they_read_and_the_office_is_logged(client, world):
    _as(client, world.users["centre"])
    response = client.get(reverse("document_download", args=[world.docs["x_centre"].pk]))
    assert response.status_code == 200 and response.content == b"%PDF-1.4 " + (
        world.docs["x_centre"].reference.encode()
    )
    _as(client, world.users["office"])
    for name in ("x_office", "pv_a"):
        document = world.docs[name]
        response = client.get(reverse("document_download", args=[document.pk]))
        assert hashlib.sha256(response.content).hexdigest() == document.sha256
    reads = list(AccessLog.objects.values_list("user__username", "candidate", "page"))
    assert (world.users["office"].username, world.x.pk, "document") in reads
    assert (world.users["centre"].username, world.x.pk, "document") in reads
    assert len(reads) == 2  # the PV is about no candidate


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("documents"),
        lambda w: reverse("mail_list"),
        lambda w: reverse("candidate_documents", args=[w.x.pk]),
        lambda w: reverse("document_download", args=[w.docs["pv_a"].pk]),
        lambda w: reverse("document_download", args=[w.docs["x_letter_2"].pk]),
    ],
)
def test_a_jury_member_opens_none_of_these_pages(client, world, url):
    assert _as(client, world.users["jury"]).get(url(world)).status_code == 403


def test_an_examiner_reads_only_the_documents_addressed_to_him_or_her(client, world):
    """An examiner reads his or her convocation (« Mes documents »), none of the candidates'
    documents, nor the e-mails."""
    _as(client, world.users["examiner"])
    page = client.get(reverse("documents"))
    assert page.status_code == 200
    assert "Aucun document ne vous a encore été délivré." in page.content.decode()
    assert client.get(reverse("mail_list")).status_code == 403
    for name in ("pv_a", "x_letter_2"):
        url = reverse("document_download", args=[world.docs[name].pk])
        assert client.get(url).status_code == 404, name


def test_the_mails_page_is_the_exam_office_s(client, world):
    for who in ("x", "centre"):
        assert _as(client, world.users[who]).get(reverse("mail_list")).status_code == 403


def test_the_office_s_list_with_its_filters(client, world):
    _as(client, world.users["office"])
    page = client.get(reverse("documents")).content.decode()
    assert "<h1>Documents</h1>" in page and "6 documents" in page
    for name in ("x_letter_1", "x_letter_2", "x_centre", "x_office", "z_letter", "pv_a"):
        assert f'data-reference="{world.docs[name].reference}"' in page, name
    assert world.docs["y_letter"].reference not in page
    assert world.docs["pv_b"].reference not in page
    assert "sans candidat" in page and "Délivré par" in page

    def listed(**params):
        html = client.get(reverse("documents"), params).content.decode()
        return {n for n, d in world.docs.items() if f'data-reference="{d.reference}"' in html}

    assert listed(document=FOR_CANDIDATE.slug) == {"x_letter_1", "x_letter_2", "z_letter"}
    assert listed(etat="replaced") == {"x_letter_1"}
    assert "x_letter_1" not in listed(etat="current")
    assert listed(q="A000002") == {"z_letter"}
    assert listed(q="mart") == {"x_letter_1", "x_letter_2", "x_centre", "x_office"}
    assert listed(session="2025") == listed()
    assert listed(session="2024") == set()
    # Values out of the choices are left aside, never an error.
    assert listed(document="inconnu", session="２０２５", etat="x") == listed()
    empty = client.get(reverse("documents"), {"q": "zzz"}).content.decode()
    assert "Aucun document ne correspond à cette recherche." in empty


def test_a_training_centre_s_list_has_only_its_candidates_documents_for_centres(client, world):
    page = _as(client, world.users["centre"]).get(reverse("documents")).content.decode()
    assert "1 document" in page and world.docs["x_centre"].reference in page
    assert world.docs["x_letter_2"].reference not in page
    assert "Délivré par" not in page
    assert FOR_CENTRE.label in page and OFFICE_ONLY.label not in page  # the kinds offered


def test_a_candidate_s_documents_from_the_staff_side(client, world):
    _as(client, world.users["office"])
    plan = client.get(reverse("candidate_plan", args=[world.x.pk])).content.decode()
    url = reverse("candidate_documents", args=[world.x.pk])
    assert f'href="{url}"' in plan
    page = client.get(url).content.decode()
    for name in ("x_letter_1", "x_letter_2", "x_centre", "x_office"):
        assert f'data-reference="{world.docs[name].reference}"' in page, name
    assert "erreur de saisie" in page  # the reason of the replacement
    assert world.users["office"].username in page  # who issued
    assert AccessLog.objects.filter(candidate=world.x, page="documents").exists()
    centre = _as(client, world.users["centre"]).get(url).content.decode()
    assert world.docs["x_centre"].reference in centre
    assert world.docs["x_letter_2"].reference not in centre
    assert world.docs["x_office"].reference not in centre
    other = reverse("candidate_documents", args=[world.y.pk])
    assert client.get(other).status_code == 404


def test_the_menu_names_the_documents_of_each_role(client, world):
    def menu(who):
        return _as(client, world.users[who]).get(reverse("home")).content.decode()

    candidate, office, centre, jury = menu("x"), menu("office"), menu("centre"), menu("jury")
    assert ">Mes documents</a>" in candidate and "Courriels" not in candidate
    assert ">Documents</a>" in office and ">Courriels</a>" in office
    assert ">Documents</a>" in centre and "Courriels" not in centre
    assert 'id="nav-documents"' not in jury


def test_the_mails_page_lists_the_candidates_who_could_not_be_told(client, world, session):
    x, z, y = world.x, world.z, world.y
    notices_send(
        [
            Notice(
                address=c.user.email,
                subject="Un document vous a été délivré",
                body="Téléchargez-le dans votre espace.",
                topic="document",
                session_id=session.pk,
                academy_id=c.academy_id,
                candidate_id=c.pk,
                recipient_id=c.user_id,
                document=world.docs["x_letter_2"] if c == x else None,
            )
            for c in (x, z, y)
        ]
    )
    page = _as(client, world.users["office"]).get(reverse("mail_list")).content.decode()
    untold = page.split('id="untold"')[1].split("</table>")[0]
    assert f'data-candidate="{z.number}"' in untold
    assert reverse("candidate_plan", args=[z.pk]) in untold
    assert x.number not in untold and y.number not in untold  # told, or another académie's
    assert "2 courriels" in page and "x@example.org" in page and "y@example.org" not in page
    assert "sans adresse électronique" in page and "envoyé" in page
    assert world.docs["x_letter_2"].reference in page
    sent = client.get(reverse("mail_list"), {"etat": "sent"}).content.decode()
    assert "1 courriel" in sent and "x@example.org" in sent
    told = _as(client, world.users["office_b"]).get(reverse("mail_list")).content.decode()
    assert "Tous les candidats ont pu être prévenus." in told and "y@example.org" in told


def _many(world, session, office, n):
    """``n`` more candidates of X's establishment, each with a letter (replaced once), a
    summary for the centre and a mail without address."""
    for _ in range(n):
        candidate = CandidateFactory(
            session=session, academy=office.academy, establishment=world.x.establishment
        )
        issue(FOR_CANDIDATE, candidate, session, office)
        issue(FOR_CANDIDATE, candidate, session, office, value="9")
        issue(FOR_CENTRE, candidate, session, office)
        notices_send(
            [
                Notice(
                    address="",
                    subject="Vos résultats",
                    body="Publiés.",
                    topic="results",
                    academy_id=office.academy_id,
                    candidate_id=candidate.pk,
                )
            ]
        )


@pytest.mark.parametrize(
    ("who", "name", "params"),
    [
        ("office", "documents", {}),
        ("office", "documents", {"document": FOR_CANDIDATE.slug, "etat": "replaced", "q": "T"}),
        ("centre", "documents", {}),
        ("office", "mail_list", {}),
        ("office", "mail_list", {"etat": "no_address"}),
    ],
)
def test_the_pages_cost_the_same_queries_at_two_sizes(
    client, world, session, office, small_pages, who, name, params
):
    _as(client, world.users[who])
    url = reverse(name)
    _many(world, session, office, 3)
    small, _ = queries(client, url, params)
    _many(world, session, office, 12)
    large, html = queries(client, url, params)
    assert large == small
    assert 'id="pagination' in html


def test_a_candidate_s_documents_of_an_earlier_session_from_the_staff_side(client, world, office):
    earlier = CandidateFactory(
        session=ExamSessionFactory(year=2024), academy=office.academy, number="A990001"
    )
    document = issue(FOR_CANDIDATE, earlier, earlier.session, office, value="8")
    _as(client, office)
    listed = client.get(reverse("documents"), {"session": "2024"}).content.decode()
    url = reverse("candidate_documents", args=[earlier.pk])
    assert document.reference in listed and f'href="{url}"' in listed
    assert document.reference in client.get(url).content.decode()
    assert _as(client, world.users["office_b"]).get(url).status_code == 404
    assert client.get(f"/candidats/{2**63}/documents/").status_code == 404
