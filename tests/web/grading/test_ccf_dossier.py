"""The CCF evaluation dossier (A2023 annexe II, E4 §4.2.2 and E6 §4.2.2): each situation's
date and commission, required before the grid that records it is signed (E4: its own; E6:
the one grid of both situations); the files the training centre keeps
for the jury and the rectorat (their type read from their content), uploaded, downloaded and
deleted with the journal, nothing changed once the jury has closed; only the candidate's
training centre and the exam office open the page."""

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse

from ndrc.rules.grids import default_grids
from ndrc.rules.grids.ccf import situation_problems, situation_window
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AccessLog, AuditEntry
from ndrc.web.candidates.locks import lock_files
from ndrc.web.candidates.models import Route
from ndrc.web.grading.ccf_checks import ccf_sign_problems
from ndrc.web.grading.ccf_files import MAX_BYTES, RefusedFile, check_file, safe_filename
from ndrc.web.grading.models import CcfSituation, EvaluationDossierFile, EvaluationGrid
from tests.factories import CandidateFactory, EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _office_file(folder="word/", macros=False):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<document/>")
        if macros:
            archive.writestr(f"{folder}vbaProject.bin", b"\x00")
    return buffer.getvalue()


@pytest.fixture
def candidate(session, office):
    """A school candidate of a public establishment: E4 and E6 in CCF."""
    return CandidateFactory(session=session, academy=office.academy, last_name="Durand")


@pytest.fixture
def centre(candidate, office):
    return UserFactory(
        role=Role.TRAINING_CENTRE,
        academy=office.academy,
        establishment=candidate.establishment,
        username="centre1",
    )


def _url(candidate, exam="E4"):
    return reverse("ccf_dossier", args=[candidate.pk, exam])


def _sign(client, candidate, situation, proposal="", exam="E4"):
    """Fill every level of the situation's grid and sign it (confirmed); the page's
    problems when it cannot be signed."""
    args = [candidate.pk, exam, situation] if situation else [candidate.pk, exam]
    url = reverse("grid_fill", args=args)
    grid = default_grids(2025)[(exam, "ccf", situation)]
    levels = {f"level-{c.code}": "S" for c in grid.criteria}
    before = EvaluationGrid.objects.filter(
        candidate=candidate, exam=exam, situation=situation
    ).first()
    version = {"version": str(before.version)} if before else {}
    html = client.post(
        url, {**levels, **version, "proposal": proposal, "action": "sign"}
    ).content.decode()
    stored = EvaluationGrid.objects.get(candidate=candidate, exam=exam, situation=situation)
    if "Confirmer la signature" not in html:
        return html
    client.post(url, {"action": "sign", "confirmed": "1", "version": str(stored.version)})
    return ""


def test_the_period_of_the_situations_follows_the_texts():
    e4, e6 = situation_window(2025, "E4"), situation_window(2025, "E6")
    # E4: « dans le cadre normal de la formation » (two years); E6: « durant l'année
    # terminale de la formation ».
    assert (e4.first, e4.last) == (dt.date(2023, 9, 1), dt.date(2025, 8, 31))
    assert (e6.first, e6.last) == (dt.date(2024, 9, 1), dt.date(2025, 8, 31))
    assert e4.citation.short.startswith("A2023 annexe II, E4 §4.2.2")
    assert situation_window(2023, "E6").citation.short.startswith("A2018")
    assert situation_window(2025, "EF2") is None
    problems = situation_problems(
        session=2025,
        exam="E4",
        situation="A",
        day=dt.date(2023, 8, 31),
        commission=" ",
        signed_on=dt.date(2025, 5, 2),
    )
    assert problems == [
        "La date de la situation A (31/08/2023) n'est pas comprise entre le 01/09/2023 et le "
        "31/08/2025 (A2023 annexe II, E4 §4.2.2 (situations « dans le cadre normal de la "
        "formation ») ; DEC D115 (les deux années de la formation)).",
        "Indiquez les membres de la commission de la situation A.",
    ]


def test_a_situation_grid_is_signed_only_with_its_date_and_commission(client, centre, candidate):
    client.force_login(centre)
    html = _sign(client, candidate, "A")
    assert "Indiquez la date de la situation A." in html
    assert "Indiquez les membres de la commission de la situation A." in html
    assert not EvaluationGrid.objects.get(candidate=candidate, situation="A").is_signed
    response = client.post(
        _url(candidate),
        {
            "action": "situation",
            "situation": "A",
            "date": "10/03/2025",
            "commission": "Mme Roux, professeure en charge du bloc 1\n\nM. Petit, tuteur",
        },
    )
    assert response.status_code == 302
    row = CcfSituation.objects.get(candidate=candidate, exam="E4", situation="A")
    assert row.date == dt.date(2025, 3, 10) and row.members == [
        "Mme Roux, professeure en charge du bloc 1",
        "M. Petit, tuteur",
    ]
    entry = AuditEntry.objects.get(action="ccf_situation_save")
    assert entry.after["date"] == "2025-03-10" and entry.candidate_id == candidate.pk
    assert _sign(client, candidate, "A") == ""
    assert EvaluationGrid.objects.get(candidate=candidate, situation="A").is_signed
    # The situation of a signed grid is changed only after the grid is reopened.
    client.post(
        _url(candidate),
        {"action": "situation", "situation": "A", "date": "11/03/2025", "commission": "X"},
    )
    assert CcfSituation.objects.get(pk=row.pk).date == dt.date(2025, 3, 10)
    page = client.get(_url(candidate)).content.decode()
    assert "Mme Roux, professeure en charge du bloc 1<br>M. Petit, tuteur" in page
    assert "10/03/2025" in page and "Grille signée par" in page
    assert reverse("grid_fill", args=[candidate.pk, "E4", "A"]) in page


def test_the_one_e6_grid_is_signed_once_both_situations_are_recorded(client, centre, candidate):
    """A2023 annexe II, E6 §4.2.2: « À l'issue des deux situations d'évaluation, la commission
    complète la grille d'évaluation »: one grid, signed once situations A and B (the
    regulation's) each have their date and commission; E4 keeps one grid a situation."""
    client.force_login(centre)
    page = client.get(_url(candidate, "E6")).content.decode()
    assert 'id="situation-A"' in page and 'id="situation-B"' in page
    assert page.count(f'href="{reverse("grid_fill", args=[candidate.pk, "E6"])}"') == 2
    assert "une grille pour les deux situations" in page
    e4 = client.get(_url(candidate)).content.decode()
    assert reverse("grid_fill", args=[candidate.pk, "E4", "B"]) in e4
    assert "une grille pour les deux situations" not in e4
    client.post(
        _url(candidate, "E6"),
        {"action": "situation", "situation": "A", "date": "03/02/2025", "commission": "M. Bas"},
    )
    html = _sign(client, candidate, "", proposal="14", exam="E6")
    assert "Indiquez la date de la situation B." in html
    assert "Indiquez les membres de la commission de la situation B." in html
    assert "situation A" not in html
    assert not EvaluationGrid.objects.get(candidate=candidate, exam="E6").is_signed
    # Situation B in the first year of the training: E6's situations take place « durant
    # l'année terminale de la formation ».
    response = client.post(
        _url(candidate, "E6"),
        {"action": "situation", "situation": "B", "date": "02/04/2024", "commission": "M. Bas"},
        follow=True,
    )
    assert "comprise entre le 01/09/2024 et le 31/08/2025" in response.content.decode()
    client.post(
        _url(candidate, "E6"),
        {"action": "situation", "situation": "B", "date": "02/04/2025", "commission": "M. Bas"},
    )
    assert _sign(client, candidate, "", proposal="14", exam="E6") == ""
    grid = EvaluationGrid.objects.get(candidate=candidate, exam="E6")
    assert grid.is_signed and grid.situation == ""
    assert ccf_sign_problems(grid, today=dt.date(2025, 4, 1)) == [
        "La situation B est datée du 02/04/2025, après la signature : une grille se signe à "
        "l'issue de la situation."
    ]
    # Once the grid is signed, neither situation changes before it is reopened.
    html = client.post(
        _url(candidate, "E6"),
        {"action": "situation", "situation": "A", "date": "04/02/2025", "commission": "M. Bas"},
        follow=True,
    ).content.decode()
    assert "La grille de l&#x27;épreuve E6 est signée : rouvrez-la" in html
    assert CcfSituation.objects.get(candidate=candidate, exam="E6", situation="A").date == dt.date(
        2025, 2, 3
    )
    page = client.get(_url(candidate, "E6")).content.decode()
    assert page.count("Grille signée par") == 2


def test_a_date_outside_the_period_or_after_the_signature_is_refused(client, centre, candidate):
    client.force_login(centre)
    url = _url(candidate)
    response = client.post(
        url,
        {"action": "situation", "situation": "B", "date": "2025-09-01", "commission": "M. Bas"},
        follow=True,
    )
    assert "La date de la situation doit être comprise entre le 01/09/2023 et le 31/08/2025" in (
        response.content.decode()
    )
    assert not CcfSituation.objects.exists()
    html = client.post(
        url, {"action": "situation", "situation": "B", "date": "31/02/2025"}, follow=True
    ).content.decode()
    assert "Date de la situation illisible : écrivez-la JJ/MM/AAAA." in html
    assert client.post(url, {"action": "situation", "situation": "C"}).status_code == 302
    assert not CcfSituation.objects.exists()
    # A date after the day of the signature: the grid is signed at the end of the situation.
    client.post(
        url,
        {"action": "situation", "situation": "A", "date": "2025-06-02", "commission": "M. Bas"},
    )
    grid = EvaluationGrid.objects.create(
        candidate=candidate, exam="E4", form="ccf", situation="A", grid={}
    )
    assert ccf_sign_problems(grid, today=dt.date(2025, 6, 1)) == [
        "La situation A est datée du 02/06/2025, après la signature : une grille se signe à "
        "l'issue de la situation."
    ]
    assert ccf_sign_problems(grid, today=dt.date(2025, 6, 2)) == []


def test_the_centre_uploads_downloads_and_deletes_the_dossier_files(client, centre, candidate):
    client.force_login(centre)
    url = _url(candidate)
    response = client.post(
        url,
        {
            "action": "upload",
            "kind": "support",
            "file": io.BytesIO(PDF),
        },
    )
    assert response.status_code == 302
    assert not EvaluationDossierFile.objects.exists()  # no file: nothing
    upload = io.BytesIO(PDF)
    upload.name = "../Dossier support E4.pdf"
    client.post(url, {"action": "upload", "kind": "support", "file": upload})
    stored = EvaluationDossierFile.objects.get(candidate=candidate, exam="E4")
    assert (stored.filename, stored.mimetype, stored.size) == (
        "Dossier support E4.pdf",
        "application/pdf",
        len(PDF),
    )
    assert stored.uploaded_by == centre
    report = io.BytesIO(_office_file())
    report.name = "bilan.docx"
    client.post(url, {"action": "upload", "kind": "periodic", "file": report})
    page = client.get(url).content.decode()
    assert "Dossier support de l&#x27;épreuve" in page and "Bilan périodique" in page
    assert 'aria-label="Supprimer le document « Dossier support E4.pdf »"' in page
    assert not AccessLog.objects.filter(candidate=candidate).exists()
    download = client.get(url, {"fichier": stored.pk})
    assert download.status_code == 200 and download.content == PDF
    # The download of a file is a read of the candidate's file, in the access log.
    read = AccessLog.objects.get(candidate=candidate)
    assert (read.user, read.page) == (centre, "ccf_dossier_file")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == 'attachment; filename="Dossier support E4.pdf"'
    assert client.get(url, {"fichier": "abc"}).status_code == 404
    client.post(url, {"action": "delete", "file": str(stored.pk)})
    assert not EvaluationDossierFile.objects.filter(pk=stored.pk).exists()
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions.count("evaluation_dossier_upload") == 2
    deleted = AuditEntry.objects.get(action="evaluation_dossier_delete")
    assert deleted.before["filename"] == "Dossier support E4.pdf"
    html = client.post(url, {"action": "delete", "file": str(stored.pk)}, follow=True)
    assert "Ce document n&#x27;est plus dans le dossier." in html.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("note.pdf", b"MZ\x90\x00 not a pdf", "Type de fichier refusé"),
        ("dossier.exe", PDF, "un fichier .pdf est attendu"),
        ("photo.pdf", PNG, "un fichier .png est attendu"),
        ("bilan.docm", _office_file(macros=True), "Document contenant des macros"),
        ("archive.docx", b"PK\x03\x04 broken", "Archive non reconnue"),
        ("vide.pdf", b"", "Le fichier est vide."),
        ("gros.pdf", b"%PDF-" + b"0" * MAX_BYTES, "Le fichier dépasse 10 Mo."),
    ],
)
def test_a_file_is_judged_by_its_content_never_by_its_name(name, content, message):
    with pytest.raises(RefusedFile, match=message):
        check_file(name=name, content=content)


def test_the_accepted_types_and_the_names_kept():
    assert check_file(name="tableau.xlsx", content=_office_file("xl/")).mimetype.endswith(
        "spreadsheetml.sheet"
    )
    assert check_file(name="photo.JPG", content=b"\xff\xd8\xff\xe0rest").mimetype == "image/jpeg"
    assert safe_filename("C:\\dossiers\\bilan <n°1>.pdf") == "bilan _n_1_.pdf"
    assert safe_filename("a" * 200 + ".pdf").endswith(".pdf")
    assert len(safe_filename("a" * 200 + ".pdf")) == 128


def test_a_refused_upload_says_why_in_french(client, centre, candidate):
    client.force_login(centre)
    upload = io.BytesIO(b"#!/bin/sh\necho hi\n")
    upload.name = "script.pdf"
    html = client.post(
        _url(candidate), {"action": "upload", "kind": "other", "file": upload}, follow=True
    ).content.decode()
    assert "Type de fichier refusé : déposez un PDF" in html
    upload = io.BytesIO(PDF)
    upload.name = "a.pdf"
    html = client.post(
        _url(candidate), {"action": "upload", "kind": "inconnue", "file": upload}, follow=True
    ).content.decode()
    assert "Choisissez la nature du document." in html
    assert not EvaluationDossierFile.objects.exists()


def test_nothing_changes_once_the_jury_has_closed(client, centre, candidate):
    client.force_login(centre)
    row = EvaluationDossierFile.objects.create(
        candidate=candidate,
        exam="E4",
        kind="support",
        filename="d.pdf",
        mimetype="application/pdf",
        content=PDF,
        size=len(PDF),
        sha256="0" * 64,
    )
    lock_files(candidates=[candidate], jury_name="Jury A")
    html = client.post(
        _url(candidate), {"action": "delete", "file": str(row.pk)}, follow=True
    ).content.decode()
    assert "Délibération close (jury « Jury A »)" in html
    assert EvaluationDossierFile.objects.filter(pk=row.pk).exists()
    upload = io.BytesIO(PDF)
    upload.name = "b.pdf"
    client.post(_url(candidate), {"action": "upload", "kind": "other", "file": upload})
    assert EvaluationDossierFile.objects.count() == 1
    page = client.get(_url(candidate)).content.decode()
    assert 'id="ccf-locked"' in page and 'id="ccf-upload"' not in page
    assert not AuditEntry.objects.filter(action__startswith="evaluation_dossier").exists()


def test_only_the_centre_of_the_candidate_and_the_exam_office_open_the_dossier(
    client, centre, candidate, office, session
):
    client.force_login(office)
    assert client.get(_url(candidate)).status_code == 200
    assert client.get(_url(candidate, "E6")).status_code == 200
    assert client.get(_url(candidate, "EF2")).status_code == 404  # no situations
    assert client.get(_url(candidate, "E1")).status_code == 404
    one_off = CandidateFactory(
        session=session, academy=office.academy, route=Route.PROFESSIONAL_EXPERIENCE
    )
    assert client.get(_url(one_off)).status_code == 404  # E4 one-off: no CCF dossier
    other = UserFactory(
        role=Role.TRAINING_CENTRE,
        academy=office.academy,
        establishment=EstablishmentFactory(academy=office.academy),
    )
    client.force_login(other)
    assert client.get(_url(candidate)).status_code == 404
    client.force_login(UserFactory(role=Role.EXAMINER, academy=office.academy))
    assert client.get(_url(candidate)).status_code == 403
    client.force_login(centre)
    grid_page = client.get(reverse("grid_fill", args=[candidate.pk, "E4", "A"])).content.decode()
    assert _url(candidate) in grid_page


def test_different_commissions_for_the_two_situations_are_pointed_out(client, centre, candidate):
    client.force_login(centre)
    for situation, commission in (("A", "Mme Roux, professeure"), ("B", "M. Bas, formateur")):
        client.post(
            _url(candidate),
            {
                "action": "situation",
                "situation": situation,
                "date": "10/03/2025",
                "commission": commission,
            },
        )
    page = client.get(_url(candidate)).content.decode()
    assert 'id="ccf-differ"' in page and "composée de manière identique" in page
