"""The E4 fiche-sujet and the E5 practical subjects in the browser's requests: the
commission writes a candidate's fiche-sujet on one of the two activities of the dossier
(A2023 annexe II, E4 §4.2.1 « Conception des fiches-sujets »; C2022 §1.11), never on another,
never once the jury has closed, never for a candidate not entrusted to it; in CCF it is
situation B's, written by the centre; the exam office keeps the session's bank of E5
practical subjects and shares them out alternating WordPress and PrestaShop (C2022 §1.12)."""

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.locks import lock_files
from ndrc.web.candidates.models import ConformityOutcome, Dossier, Route
from ndrc.web.grading.models import (
    ExaminerAssignment,
    PracticalSubject,
    PracticalSubjectAssignment,
    SubjectSheet,
)
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db

TWO_FICHES = {
    "deposited_on": "2025-03-10",
    "signed": True,
    "fiches": [
        {"nature": "sales_negotiation", "covers_pole": True},
        {"nature": "commercial_event", "covers_pole": True},
    ],
}
TEXT = {
    "changed_parameters": "Le budget de l'évènement est réduit de moitié.",
    "roles": "Un membre de la commission joue le responsable du magasin.",
}


@pytest.fixture
def one_off(session, office):
    candidate = CandidateFactory(
        session=session,
        academy=office.academy,
        route=Route.PROFESSIONAL_EXPERIENCE,
        last_name="Martin",
    )
    Dossier.objects.create(candidate=candidate, exam="E4", content=TWO_FICHES)
    return candidate


@pytest.fixture
def examiner(office, one_off):
    user = UserFactory(role=Role.EXAMINER, academy=office.academy, username="exam1")
    ExaminerAssignment.objects.create(examiner=user, candidate=one_off, exam="E4")
    return user


def test_the_commission_writes_a_fiche_sujet_on_one_of_the_two_activities(
    client, examiner, one_off
):
    client.force_login(examiner)
    url = reverse("subject_sheet", args=[one_off.pk])
    html = client.get(url).content.decode()
    assert "Fiche 1 — négociation-vente et accompagnement d&#x27;une relation client" in html
    assert "Fiche 2 — organisation et animation d&#x27;un évènement commercial" in html
    client.post(url, {"activity": "1", **TEXT, "version": "0", "action": "save"})
    sheet = SubjectSheet.objects.get(candidate=one_off)
    assert (sheet.exam, sheet.form, sheet.situation) == ("E4", "one_off", "")
    assert sheet.activity == 1 and sheet.nature == "commercial_event"
    assert sheet.roles == TEXT["roles"] and not sheet.is_final and sheet.author == examiner
    # A page that read an older version meets a conflict; the current one makes it final.
    stale = client.post(url, {"activity": "0", **TEXT, "version": "0"}, follow=True)
    assert "modifiée entre-temps" in stale.content.decode()
    client.post(url, {"activity": "1", **TEXT, "version": "1", "action": "final"})
    sheet.refresh_from_db()
    assert sheet.is_final and sheet.version == 2
    shown = client.get(url).content.decode()
    assert "Fiche 2 du dossier — organisation et animation d&#x27;un évènement commercial" in shown
    assert 'id="sheet-form"' not in shown and 'id="sheet-reopen"' in shown
    # A final fiche-sujet changes only after a reopening with a reason.
    refused = client.post(url, {"activity": "0", **TEXT, "version": "2"}, follow=True)
    assert "Fiche-sujet définitive : rouvrez-la" in refused.content.decode()
    client.post(url, {"action": "reopen", "reason": ""})
    assert SubjectSheet.objects.get(pk=sheet.pk).is_final
    client.post(url, {"action": "reopen", "reason": "Rôle de la simulation à préciser"})
    assert not SubjectSheet.objects.get(pk=sheet.pk).is_final
    entries = AuditEntry.objects.filter(object_type="grading.SubjectSheet")
    assert list(entries.order_by("pk").values_list("action", flat=True)) == [
        "subject_sheet_write",
        "subject_sheet_write",
        "subject_sheet_reopen",
    ]
    assert entries.filter(action="subject_sheet_reopen").get().reason == (
        "Rôle de la simulation à préciser"
    )
    listing = client.get(reverse("subject_sheets")).content.decode()
    assert "MARTIN" in listing and "brouillon" in listing


def test_an_activity_not_in_the_dossier_is_refused(client, examiner, one_off):
    client.force_login(examiner)
    url = reverse("subject_sheet", args=[one_off.pk])
    for activity in ("2", "", "x", "-1"):
        html = client.post(url, {"activity": activity, **TEXT}, follow=True).content.decode()
        assert "Choisissez l&#x27;activité parmi celles que décrit le dossier du candidat" in html
    html = client.post(url, {"activity": "0"}, follow=True).content.decode()
    assert "Indiquez les paramètres modifiés" in html and "Indiquez le rôle tenu" in html
    assert not SubjectSheet.objects.exists()


def test_a_dossier_with_one_fiche_or_none_says_why(client, examiner, one_off):
    client.force_login(examiner)
    url = reverse("subject_sheet", args=[one_off.pk])
    dossier = Dossier.objects.get(candidate=one_off)
    dossier.content = {**TWO_FICHES, "fiches": TWO_FICHES["fiches"][1:]}
    dossier.save()
    html = client.get(url).content.decode()
    assert "ne décrit qu&#x27;une activité" in html and "Fiche 2" not in html
    client.post(url, {"activity": "1", **TEXT}, follow=True)
    assert not SubjectSheet.objects.exists()
    client.post(url, {"activity": "0", **TEXT})
    assert SubjectSheet.objects.get().nature == "commercial_event"
    SubjectSheet.objects.all().delete()
    dossier.delete()
    html = client.get(url).content.decode()
    assert "Pas de fiche-sujet possible pour ce candidat" in html
    assert "dossier E4 non enregistré pour ce candidat" in html
    html = client.post(url, {"activity": "0", **TEXT}, follow=True).content.decode()
    assert "dossier E4 non enregistré" in html and not SubjectSheet.objects.exists()
    Dossier.objects.create(candidate=one_off, exam="E4", content=TWO_FICHES)
    ConformityOutcome.objects.create(
        candidate=one_off, exam="E4", outcome="nv", outcome_label="Non valide"
    )
    html = client.get(url).content.decode()
    assert "dossier E4 non valide (NV) : le candidat n&#x27;est pas interrogé" in html


def test_a_closed_jury_locks_the_fiche_sujet(client, examiner, one_off):
    client.force_login(examiner)
    url = reverse("subject_sheet", args=[one_off.pk])
    lock_files(candidates=[one_off], jury_name="Jury A")
    html = client.post(url, {"activity": "0", **TEXT}, follow=True).content.decode()
    assert "Délibération close (jury « Jury A »)" in html
    assert not SubjectSheet.objects.exists()


def test_only_the_entrusted_examiner_or_the_office_writes_it(client, examiner, one_off, office):
    other = UserFactory(role=Role.EXAMINER, academy=office.academy, username="exam2")
    client.force_login(other)
    url = reverse("subject_sheet", args=[one_off.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"activity": "0", **TEXT}).status_code == 404
    assert "MARTIN" not in client.get(reverse("subject_sheets")).content.decode()
    # The candidate's training centre does not write a one-off fiche-sujet (nor reads it).
    centre = UserFactory(
        role=Role.TRAINING_CENTRE, academy=office.academy, establishment=one_off.establishment
    )
    client.force_login(centre)
    html = client.post(url, {"activity": "0", **TEXT}, follow=True).content.decode()
    assert "épreuve ponctuelle : saisie par le rectorat" in html
    assert not SubjectSheet.objects.exists()
    client.force_login(office)
    client.post(url, {"activity": "0", **TEXT})
    assert SubjectSheet.objects.get().author == office


def test_in_ccf_the_centre_writes_situation_bs_fiche_sujet(client, session, office):
    candidate = CandidateFactory(session=session, academy=office.academy)
    Dossier.objects.create(candidate=candidate, exam="E4", content=TWO_FICHES)
    centre = UserFactory(
        role=Role.TRAINING_CENTRE, academy=office.academy, establishment=candidate.establishment
    )
    client.force_login(centre)
    url = reverse("subject_sheet", args=[candidate.pk])
    assert "situation B" in client.get(url).content.decode()
    client.post(url, {"activity": "0", **TEXT})
    sheet = SubjectSheet.objects.get()
    assert (sheet.form, sheet.situation, sheet.nature) == ("ccf", "B", "sales_negotiation")


def _bank(client, office):
    client.force_login(office)
    url = reverse("practical_subjects")
    for code, cms in (("WP1", "wordpress"), ("WP2", "wordpress"), ("PS1", "prestashop")):
        client.post(url, {"code": code, "title": f"Sujet {code}", "cms": cms})
    return url


def test_the_office_keeps_the_bank_of_e5_practical_subjects(client, office, session):
    url = _bank(client, office)
    html = client.get(url).content.decode()
    assert "WordPress (site web) : 2" in html and "PrestaShop (site de e-commerce) : 1" in html
    assert "autant de sujets de chaque CMS" in html
    again = client.post(url, {"code": "WP1", "title": "Doublon", "cms": "wordpress"}, follow=True)
    assert "Un sujet de code « WP1 » existe déjà" in again.content.decode()
    bad = client.post(url, {"code": "X", "title": "", "cms": "joomla"}, follow=True)
    text = bad.content.decode()
    assert "Indiquez l&#x27;intitulé du sujet." in text and "WordPress ou PrestaShop" in text
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("ps2.pdf", b"%PDF-1.4 sujet", content_type="application/pdf")
    client.post(url, {"code": "PS2", "title": "Sujet PS2", "cms": "prestashop", "file": upload})
    assert client.get(url, {"fichier": "PS2"}).content == b"%PDF-1.4 sujet"
    assert client.get(url, {"fichier": "WP1"}).status_code == 404
    assert PracticalSubject.objects.filter(session=session).count() == 4
    assert AuditEntry.objects.filter(action="practical_subject_add").count() == 4


def test_the_e5_subjects_are_shared_out_alternating_wordpress_and_prestashop(
    client, office, session
):
    url = _bank(client, office)
    candidates = [
        CandidateFactory(
            session=session, academy=office.academy, route=Route.PROFESSIONAL_EXPERIENCE
        )
        for _ in range(5)
    ]
    assign = reverse("practical_assignments")
    # One picked by hand first: the share balances with it.
    ps1 = PracticalSubject.objects.get(code="PS1")
    client.post(assign, {"candidate": candidates[0].pk, "subject": ps1.pk})
    assert PracticalSubjectAssignment.objects.get(candidate=candidates[0]).subject == ps1
    client.post(assign, {"action": "share"})
    given = {a.candidate_id: a.subject for a in PracticalSubjectAssignment.objects.select_related()}
    assert set(given) == {c.pk for c in candidates}
    counts = [s.cms for s in given.values()]
    assert sorted((counts.count("wordpress"), counts.count("prestashop"))) == [2, 3]
    # Within WordPress, the two subjects are used in turn.
    wordpress = [s.code for s in given.values() if s.cms == "wordpress"]
    assert abs(wordpress.count("WP1") - wordpress.count("WP2")) <= 1
    assert AuditEntry.objects.filter(action="practical_subject_share").count() == 4
    assert AuditEntry.objects.filter(action="practical_subject_assign").count() == 1
    html = client.get(assign).content.decode()
    assert "PS1 — Sujet PS1 (PrestaShop)" in html
    assert client.get(url).status_code == 200


def test_a_bank_without_one_cms_cannot_be_shared(client, office, session):
    client.force_login(office)
    client.post(
        reverse("practical_subjects"), {"code": "WP1", "title": "Sujet", "cms": "wordpress"}
    )
    CandidateFactory(session=session, academy=office.academy, route=Route.PROFESSIONAL_EXPERIENCE)
    html = client.post(
        reverse("practical_assignments"), {"action": "share"}, follow=True
    ).content.decode()
    assert "aucun sujet PrestaShop (site de e-commerce)" in html
    assert not PracticalSubjectAssignment.objects.exists()


def test_a_post_without_version_does_not_overwrite_a_written_fiche_sujet(client, examiner, one_off):
    """A page that does not say which version it read meets a conflict once the fiche-sujet
    exists (it could be one changed meanwhile by the other member)."""
    client.force_login(examiner)
    url = reverse("subject_sheet", args=[one_off.pk])
    client.post(url, {"activity": "1", **TEXT, "action": "save"})
    sheet = SubjectSheet.objects.get(candidate=one_off)
    assert (sheet.activity, sheet.version) == (1, 1)
    for version in ({}, {"version": ""}, {"version": "²"}):
        refused = client.post(
            url, {"activity": "0", **TEXT, **version, "action": "save"}, follow=True
        )
        assert "relisez-la" in refused.content.decode()
    sheet.refresh_from_db()
    assert (sheet.activity, sheet.version) == (1, 1)
    assert AuditEntry.objects.filter(action="subject_sheet_write").count() == 1


def test_the_lists_show_the_fiche_sujet_of_the_plans_form(examiner, one_off):
    """A candidate with two fiches-sujets (one of another form, the plan changed since) is
    listed and printed with the one of the plan's form."""
    from ndrc.web.grading.subject_selectors import sheets_of

    fields = {"candidate": one_off, "exam": "E4", **TEXT}
    planned = SubjectSheet.objects.create(
        **fields, form="one_off", situation="", activity=0, nature="sales_negotiation"
    )
    SubjectSheet.objects.create(
        **fields, form="ccf", situation="B", activity=1, nature="commercial_event"
    )
    assert sheets_of([one_off]) == {one_off.pk: planned}


def test_the_bank_lists_never_read_the_subjects_files(client, office, session):
    """The files (up to 5 Mio each) are read only when one is downloaded."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = _bank(client, office)
    PracticalSubject.objects.update(file_name="sujet.pdf", file_content=b"%PDF-1.4")
    CandidateFactory(session=session, academy=office.academy, route=Route.PROFESSIONAL_EXPERIENCE)
    assign = reverse("practical_assignments")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
        client.post(assign, {"action": "share"})
        assert client.get(assign).status_code == 200
    assert PracticalSubjectAssignment.objects.count() == 1
    assert not [q["sql"] for q in queries.captured_queries if "file_content" in q["sql"]]
    assert client.get(url, {"fichier": "WP1"}).content == b"%PDF-1.4"
