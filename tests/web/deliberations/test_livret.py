"""The livret scolaire or de formation (C2022 §1.3, CE D643-26): the training centre attaches
it to its own candidates (a file checked by its content, or the appreciations and the Pix
mention); the jury of the candidate and the exam office open it, each opening recorded (who,
when, round) and audited; the candidate reads his or her own; nobody else. A failure near a
threshold cannot be closed until the jury has opened the livret."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AccessLog, AuditEntry
from ndrc.web.candidates.models import Livret
from ndrc.web.deliberations import closing, services
from ndrc.web.deliberations.livret_services import livret_save
from ndrc.web.deliberations.models import Jury, LivretConsultation
from ndrc.web.deliberations.selectors import jury_review
from tests.factories import CandidateFactory, UserFactory
from tests.web.conftest import complete

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def near(jury, office):
    """A candidate of the jury failing at 7,5 (within a point below 8, session 2025)."""
    first = jury.assignments.first().candidate
    candidate = complete(
        CandidateFactory(
            session=jury.session,
            academy=office.academy,
            establishment=first.establishment,
            number="N000001",
            last_name="Proche",
        ),
        value="7.5",
    )
    services.jury_assign(jury=jury, candidates=[candidate], actor=office)
    return candidate


@pytest.fixture
def centre(near):
    return UserFactory(
        role=Role.TRAINING_CENTRE, academy=near.academy, establishment=near.establishment
    )


def _upload(client, candidate, **data):
    return client.post(reverse("livret_edit", args=[candidate.pk]), data, follow=True)


def test_the_centre_uploads_a_livret_for_its_candidate(client, near, centre):
    client.force_login(centre)
    page = _upload(
        client,
        near,
        file=SimpleUploadedFile("livret.pdf", PDF, content_type="application/pdf"),
        appreciations="Élève sérieux.",
        pix_mention="Certification Pix obtenue",
        pix_score="412",
    ).content.decode()
    assert "Livret enregistré." in page
    livret = Livret.objects.get(candidate=near)
    assert (livret.filename, livret.mimetype, livret.pix_score) == (
        "livret.pdf",
        "application/pdf",
        412,
    )
    assert bytes(livret.content) == PDF and livret.updated_by == centre
    entry = AuditEntry.objects.get(action="livret_save")
    assert entry.candidate_id == near.pk and entry.after["filename"] == "livret.pdf"


def test_a_file_is_checked_by_its_content(client, near, centre):
    client.force_login(centre)
    fake = SimpleUploadedFile("livret.pdf", b"MZ not a pdf", content_type="application/pdf")
    page = _upload(client, near, file=fake).content.decode()
    assert "Type de fichier refusé" in page
    page = _upload(client, near, pix_score="beaucoup").content.decode()
    assert "Le score Pix est un nombre entier." in page
    page = _upload(client, near).content.decode()
    assert "Le livret est vide" in page
    assert not Livret.objects.exists()


def test_nobody_else_uploads(client, near, centre, office):
    other = CandidateFactory(session=near.session, academy=near.academy)
    client.force_login(centre)
    assert client.get(reverse("livret_edit", args=[other.pk])).status_code == 404
    client.force_login(office)  # reads what the centre deposited, deposits nothing
    assert client.get(reverse("livret_edit", args=[near.pk])).status_code == 200
    assert _upload(client, near, appreciations="Non").status_code == 403
    assert not Livret.objects.exists()
    client.force_login(UserFactory(role=Role.EXAMINER, academy=near.academy))
    assert client.get(reverse("livret_edit", args=[near.pk])).status_code == 403


def _livret(candidate, centre):
    return livret_save(
        candidate=candidate,
        appreciations="Travail régulier, progrès constants.",
        pix_mention="Certification Pix obtenue",
        pix_score=380,
        upload=("livret.pdf", PDF),
        actor=centre,
    )


def test_a_near_failure_cannot_close_until_the_livret_is_opened(client, jury, near, centre, office):
    _livret(near, centre)
    review = jury_review(jury)
    blocked = {r.candidate.number: r.problems for r in review.rows if r.blocked}
    assert list(blocked) == ["N000001"]
    assert blocked["N000001"][0].startswith(
        "ajourné près d'un seuil : le jury doit consulter le livret scolaire ou de formation"
    )
    with pytest.raises(closing.DeliberationBlocked) as refused:
        closing.deliberation_close(jury=jury, actor=office)
    assert refused.value.problems[0].startswith("N000001 : ajourné près d'un seuil")
    client.force_login(office)
    page = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert 'data-blocked="N000001"' in page and "ajourné près d&#x27;un seuil" in page
    member = jury.members.get()
    client.force_login(member)
    page = client.get(reverse("deliberation_detail", args=[near.pk])).content.decode()
    assert 'id="livret-not-opened"' in page
    page = client.get(reverse("livret_consult", args=[near.pk])).content.decode()
    assert "Travail régulier, progrès constants." in page and "Certification Pix obtenue" in page
    consultation = LivretConsultation.objects.get()
    assert (consultation.user, consultation.jury, consultation.round) == (member, jury, 1)
    assert AuditEntry.objects.get(action="livret_open").actor == member
    assert AccessLog.objects.filter(user=member, candidate=near, page="livret").exists()
    page = client.get(reverse("deliberation_detail", args=[near.pk])).content.decode()
    assert 'id="livret-opened"' in page
    assert not jury_review(jury).blockers
    response = client.get(reverse("livret_consult", args=[near.pk]) + "?fichier=1")
    assert (
        response.status_code == 200
        and b"".join(response.streaming_content if response.streaming else [response.content])
        == PDF
    )
    # A livret changed after the opening must be opened again.
    _livret(near, centre)
    assert [r.candidate.number for r in jury_review(jury).blockers] == ["N000001"]
    client.get(reverse("livret_consult", args=[near.pk]))
    assert closing.deliberation_close(jury=jury, actor=office) == 3
    assert Jury.objects.get(pk=jury.pk).state == Jury.CLOSED


def test_a_candidate_without_livret_is_reported_not_blocked(client, jury, near, office):
    assert not jury_review(jury).blockers
    client.force_login(office)
    page = client.get(reverse("deliberation_detail", args=[near.pk])).content.decode()
    assert 'id="livret-missing"' in page and "document manquant" in page
    page = client.get(reverse("livret_consult", args=[near.pk])).content.decode()
    assert 'id="livret-missing"' in page and "Aucun livret n'a été déposé" in page
    assert not LivretConsultation.objects.exists()


def test_who_reads_the_livret(client, jury, near, centre, office):
    _livret(near, centre)
    url = reverse("livret_consult", args=[near.pk])
    outsider = UserFactory(role=Role.JURY, academy=near.academy)
    services.jury_create(
        session=jury.session,
        academy=office.academy,
        name="Autre",
        members=[outsider],
        candidates=[],
        actor=office,
    )
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    for role in (Role.TRAINING_CENTRE, Role.EXAMINER, Role.CANDIDATE):
        client.force_login(UserFactory(role=role, academy=near.academy))
        assert client.get(url).status_code == 403
    assert not LivretConsultation.objects.exists()
    client.force_login(office)
    assert client.get(url).status_code == 200
    assert LivretConsultation.objects.get().user == office
    # The candidate reads his or her own livret; another candidate has none to read.
    own = UserFactory(role=Role.CANDIDATE, academy=near.academy)
    near.user = own
    near.save(update_fields=["user"])
    client.force_login(own)
    page = client.get(reverse("my_livret")).content.decode()
    assert "Travail régulier, progrès constants." in page
    assert client.get(reverse("my_livret") + "?fichier=1").status_code == 200
    stranger = UserFactory(role=Role.CANDIDATE, academy=near.academy)
    CandidateFactory(session=near.session, academy=near.academy, user=stranger)
    client.force_login(stranger)
    page = client.get(reverse("my_livret")).content.decode()
    assert "Travail régulier" not in page and 'id="livret-missing"' in page


def test_the_livret_is_in_the_candidates_personal_data(near, centre):
    from ndrc.web.privacy.export import personal_data

    assert personal_data(near)["livret"] is None
    _livret(near, centre)
    livret = personal_data(near)["livret"]
    assert (livret["pix_mention"], livret["pix_score"], livret["file"]) == (
        "Certification Pix obtenue",
        380,
        "livret.pdf",
    )


def test_the_livret_is_deleted_a_year_after_the_deliberation(client, jury, near, centre, office):
    import datetime as dt

    from ndrc.web.privacy.retention import retention_apply

    _livret(near, centre)
    client.force_login(office)
    client.get(reverse("livret_consult", args=[near.pk]))
    closing.deliberation_close(jury=jury, actor=office)
    closed = Jury.objects.get(pk=jury.pk).closed_at.date()
    soon = retention_apply(today=closed + dt.timedelta(days=300))
    assert soon.counts["livrets"] == 0 and Livret.objects.exists()
    later = retention_apply(today=closed + dt.timedelta(days=400))
    assert later.counts["livrets"] == 1 and not Livret.objects.exists()
    assert LivretConsultation.objects.filter(candidate=near).exists()  # the proof stays


def _disposition(response):
    return response.headers["Content-Disposition"]


def test_an_anonymous_jury_member_gets_the_file_named_by_number(client, jury, near, centre, office):
    livret_save(
        candidate=near,
        appreciations="",
        pix_mention="",
        pix_score=None,
        upload=("Livret PROCHE.pdf", PDF),
        actor=centre,
    )
    url = reverse("livret_consult", args=[near.pk]) + "?fichier=1"
    client.force_login(jury.members.get())
    disposition = _disposition(client.get(url))
    assert "livret-N000001.pdf" in disposition and "PROCHE" not in disposition
    client.force_login(office)
    assert "PROCHE" in _disposition(client.get(url))


def test_the_journal_keeps_no_appreciation_nor_pix(near, centre):
    from ndrc.web.audit.models import WITHHELD

    _livret(near, centre)
    entry = AuditEntry.objects.get(action="livret_save")
    assert entry.after["filename"] == "livret.pdf"
    for name in ("appreciations", "pix_mention", "pix_score"):
        assert entry.after[name] == WITHHELD
    assert "Travail régulier" not in str(entry.after) and "380" not in str(entry.after)
    livret_save(
        candidate=near,
        appreciations="Autre appréciation.",
        pix_mention="Certification Pix obtenue",
        pix_score=380,
        upload=None,
        actor=centre,
    )
    changed = AuditEntry.objects.filter(action="livret_save").latest("pk")
    # That the appreciations changed, not what they say.
    assert changed.before == {"appreciations": WITHHELD}
    assert changed.after == {"appreciations": WITHHELD}


def test_a_file_too_large_is_refused_before_it_is_read(client, near, centre, monkeypatch):
    from django.core.files.uploadedfile import InMemoryUploadedFile

    from ndrc.web.deliberations import livret_views

    def unread(self, *args, **kwargs):
        if type(self) is InMemoryUploadedFile:  # the upload received, not the one sent
            raise AssertionError("read whole before its size was checked")
        return self.file.read(*args, **kwargs)

    monkeypatch.setattr(livret_views, "MAX_BYTES", len(PDF) - 1, raising=False)
    monkeypatch.setattr(InMemoryUploadedFile, "read", unread, raising=False)
    client.force_login(centre)
    sent = SimpleUploadedFile("livret.pdf", PDF, content_type="application/pdf")
    page = _upload(client, near, file=sent, appreciations="Bien.").content.decode()
    assert "Le fichier dépasse" in page and not Livret.objects.exists()


def test_an_opening_is_recorded_once_and_only_while_the_jury_is_open(
    client, jury, near, centre, office
):
    _livret(near, centre)
    member = jury.members.get()
    client.force_login(member)
    url = reverse("livret_consult", args=[near.pk])
    client.get(url)
    revision = type(near).objects.get(pk=near.pk).revision
    assert client.get(url + "?fichier=1").status_code == 200
    # The download of the page's file is in the access log, not a second opening.
    assert LivretConsultation.objects.count() == 1
    assert AuditEntry.objects.filter(action="livret_open").count() == 1
    assert AccessLog.objects.filter(user=member, candidate=near, page="livret").count() == 2
    assert type(near).objects.get(pk=near.pk).revision == revision
    closing.deliberation_close(jury=jury, actor=office)
    client.force_login(office)
    assert client.get(url).status_code == 200
    assert client.get(url + "?fichier=1").status_code == 200
    assert LivretConsultation.objects.count() == 1
    assert AuditEntry.objects.filter(action="livret_open").count() == 1


def test_the_centres_read_has_its_own_label(client, near, centre):
    _livret(near, centre)
    client.force_login(centre)
    assert client.get(reverse("livret_edit", args=[near.pk]) + "?fichier=1").status_code == 200
    read = AccessLog.objects.get(user=centre, candidate=near)
    assert read.page == "livret_centre"
    assert (
        read.page_label
        == "livret scolaire ou de formation (page du centre ou du service des examens)"
    )
