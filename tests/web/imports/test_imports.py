"""Importing candidates and grades: dry run with every row's errors, all-or-nothing import run
as a job through the audited services, encodings, XLSX, who may import."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.locks import lock_files
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.deliberations.models import Jury
from ndrc.web.deliberations.services import jury_create
from ndrc.web.imports import cells, parsing
from ndrc.web.imports.models import ImportFile
from ndrc.web.jobs.models import Job, JobState
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    EstablishmentFactory,
    ExamSessionFactory,
    UserFactory,
)

PASSWORD = "pw-for-tests-123"
EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "import"
CANDIDATES_CSV = (EXAMPLES / "candidats.csv").read_bytes()
GRADES_CSV = (EXAMPLES / "notes.csv").read_bytes()
HEADER = "numero;nom;prenom;date_naissance;voie;uai;lv1"
GOOD_ROW = "25X0001;Durand;Lou;01/03/2005;scolaire;0630001A;anglais"


@pytest.fixture
def office(db):
    academy = AcademyFactory(code="A01", name="Académie de test")
    ExamSessionFactory(year=2025)
    for uai, status, habilitation in [
        ("0630001A", EstablishmentStatus.PUBLIC, Habilitation.CCF),
        ("0630004D", EstablishmentStatus.PUBLIC, Habilitation.CCF),
        ("0630006F", EstablishmentStatus.PUBLIC, Habilitation.FULL_CCF),
        ("0860009J", EstablishmentStatus.PUBLIC, Habilitation.NONE),
    ]:
        EstablishmentFactory(uai=uai, academy=academy, status=status, habilitation=habilitation)
    return UserFactory(role=Role.EXAM_OFFICE, academy=academy)


@pytest.fixture
def logged(client, office):
    client.login(username=office.username, password=PASSWORD)
    return client


def _upload(client, content, *, kind="candidates", name="fichier.csv"):
    return client.post(
        reverse("import_index"),
        {
            "contenu": kind,
            "fichier": SimpleUploadedFile(name, content),
        },
    )


def _confirm(client, response):
    stored = response.context["stored"]
    assert stored is not None, [str(e) for e in response.context["report"].errors]
    return client.post(reverse("import_confirm"), {"fichier_id": stored.pk}, follow=True)


def _errors(response):
    return [(e.line, e.column, e.message) for e in response.context["report"].errors]


def _csv(*lines, encoding="utf-8"):
    return "\r\n".join(lines).encode(encoding)


def _nothing_written():
    return not Candidate.objects.exists() and not Grade.objects.exists()


# --------------------------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------------------------


def test_the_dry_run_of_the_example_reports_every_candidate_and_writes_nothing(logged):
    response = _upload(logged, CANDIDATES_CSV, name="candidats.csv")
    report = response.context["report"]
    html = response.content.decode()
    assert report.ok and report.rows == 5 and report.described == "CSV, encodage UTF-8"
    assert [row["number"] for row in report.planned] == [f"25NDRC9000{i}" for i in range(1, 6)]
    assert "Aucune erreur : 5 candidats seront inscrits." in html
    assert "lu en CSV, encodage UTF-8 : 5 lignes de données." in html
    assert 'id="import-confirm"' in html and "LEFÈVRE Chloé" in html
    assert not Candidate.objects.exists()
    assert ImportFile.objects.get().job is None


def test_the_confirmed_import_registers_every_candidate_audited_through_a_job(logged, office):
    response = _confirm(logged, _upload(logged, CANDIDATES_CSV, name="candidats.csv"))
    job = Job.objects.get(kind="import_candidates")
    assert response.redirect_chain == [(reverse("job_detail", args=[job.pk]), 302)]
    assert job.state == JobState.DONE and job.percent == 100 and job.done == job.total == 10
    assert job.result["created"] == 5
    html = response.content.decode()
    assert 'value="100"' in html and "5 candidat(s) inscrit(s) à la Session 2025" in html
    assert f'href="{reverse("candidate_list")}"' in html
    assert Candidate.objects.count() == 5
    moussa = Candidate.objects.get(number="25NDRC90002")
    assert moussa.route == Route.APPRENTICESHIP and moussa.ef2 and moussa.extra_time
    assert moussa.birth_date == dt.date(2005, 11, 30) and moussa.last_name == "N'Diaye"
    assert moussa.arrangements == "Tiers-temps aux épreuves écrites"
    assert Candidate.objects.get(number="25NDRC90003").assessment_form == "progressive"
    expert = Candidate.objects.get(number="25NDRC90005")
    assert expert.establishment is None and expert.route == Route.PROFESSIONAL_EXPERIENCE
    assert {c.academy for c in Candidate.objects.all()} == {office.academy}
    entries = AuditEntry.objects.filter(action="candidate_register")
    assert entries.count() == 5 and {e.actor for e in entries} == {office}
    # Once imported, the file is not kept (deleted in the import's transaction, audited).
    assert not ImportFile.objects.exists()
    deleted = AuditEntry.objects.get(action="import_file_delete")
    assert deleted.before["filename"] == "candidats.csv" and deleted.actor == office


def test_confirming_twice_imports_once(logged):
    checked = _upload(logged, CANDIDATES_CSV)
    _confirm(logged, checked)
    again = _confirm(logged, checked)
    imports = Job.objects.filter(kind="import_candidates")
    assert imports.count() == 1 and Candidate.objects.count() == 5
    # The imported file is gone: nothing is imported a second time.
    assert "Fichier à importer introuvable" in again.content.decode()


def test_optional_columns_dispenses_and_vae(logged):
    content = _csv(
        HEADER + ";dispenses;unites_vae;forme",
        GOOD_ROW + ";U1 u2;U4;Progressive",
    )
    response = _upload(logged, content)
    warnings = [w.message for w in response.context["report"].warnings]
    assert warnings and all(w.startswith("plan d'épreuves :") for w in warnings)
    _confirm(logged, response)
    candidate = Candidate.objects.get()
    assert candidate.exemption_requests == ["U1", "U2"] and candidate.vae_units == ["U4"]
    assert candidate.assessment_form == "progressive"


def test_a_file_that_cannot_be_read_is_refused(logged):
    """Every unreadable file and its message: tests/test_tables.py."""
    response = _upload(logged, b"%PDF-1.4 binary", name="releve.pdf")
    assert _errors(response) == [
        (0, "", "Le fichier doit être un CSV (.csv) ou un classeur XLSX (.xlsx).")
    ]
    assert 'id="import-confirm"' not in response.content.decode()
    assert _nothing_written() and not ImportFile.objects.exists()


def test_the_import_reads_at_most_its_row_limit(logged):
    content = _csv(HEADER, *[GOOD_ROW] * (parsing.MAX_CANDIDATE_ROWS + 1))
    assert _errors(_upload(logged, content)) == [
        (0, "", "Le fichier dépasse 60000 lignes : découpez-le.")
    ]
    assert _nothing_written() and not ImportFile.objects.exists()


def test_a_grade_file_of_a_national_session_is_within_the_limits(logged):
    """A national session's grades (about 30,000 candidates, 8 grades each) fit in one file;
    one more row than the limit is refused, the limit named."""
    assert parsing.MAX_GRADE_ROWS >= 240_000 and parsing.MAX_CANDIDATE_ROWS >= 30_000
    row = "25NDRC000001;E1;12,5"
    assert 250_000 * len(row + "\r\n") < parsing.MAX_BYTES
    content = _csv("numero;epreuve;note", *[row] * (parsing.MAX_GRADE_ROWS + 1))
    assert _errors(_upload(logged, content, kind="grades")) == [
        (0, "", "Le fichier dépasse 250000 lignes : découpez-le.")
    ]
    assert _nothing_written() and not ImportFile.objects.exists()


def test_an_empty_upload_is_refused_by_the_form(logged):
    response = _upload(logged, b"", name="vide.csv")
    assert response.context["form"].errors["fichier"] == ["Le fichier est vide."]
    assert response.context["report"] is None and _nothing_written()


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        (
            "numero;nom;prenom;date_naissance;uai;lv1",
            "1;A;B;01/01/2000;0630001A;anglais",
            [(1, "voie", "colonne obligatoire absente.")],
        ),
        (
            HEADER + ";couleur",
            GOOD_ROW + ";bleu",
            [
                (
                    1,
                    "couleur",
                    "colonne inconnue (colonnes possibles : numero, nom, prenom, "
                    "date_naissance, voie, uai, lv1, ef1_langue, ef2, forme, dispenses, "
                    "unites_vae, tiers_temps, amenagements, statut_stage, situation_fc).",
                )
            ],
        ),
        (HEADER + ";Nom", GOOD_ROW + ";x", [(1, "Nom", "colonne en double.")]),
    ],
)
def test_missing_unknown_or_repeated_columns_are_refused(logged, header, row, expected):
    response = _upload(logged, _csv(header, row))
    assert _errors(response) == expected
    assert _nothing_written() and not ImportFile.objects.exists()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "25X0001;Durand;Lou;31/02/2005;scolaire;0630001A;anglais",
            (
                2,
                "date_naissance",
                "date « 31/02/2005 » illisible : attendu JJ/MM/AAAA ou AAAA-MM-JJ.",
            ),
        ),
        (
            "25X0001;Durand;Lou;01/03/2005;lycée;0630001A;anglais",
            (
                2,
                "voie",
                "voie « lycée » inconnue : scolaire, apprentissage, formation_continue, "
                "enseignement_a_distance, experience_professionnelle.",
            ),
        ),
        (
            "25X0001;Durand;Lou;01/03/2005;scolaire;9999999Z;anglais",
            (2, "uai", "établissement 9999999Z inconnu."),
        ),
        (
            "25X0001;Durand;Lou;01/03/2005;scolaire;;anglais",
            (
                2,
                "uai",
                "code UAI obligatoire pour cette voie (seule la voie "
                "experience_professionnelle peut s'en passer).",
            ),
        ),
        (
            "25X0001;;Lou;01/03/2005;scolaire;0630001A;anglais",
            (2, "nom", "valeur obligatoire manquante."),
        ),
        (
            "25X 0001;Durand;Lou;01/03/2005;scolaire;0630001A;anglais",
            (2, "numero", "« 25X 0001 » : un numéro ne contient pas d'espace."),
        ),
        (
            "25X00000000000001;Durand;Lou;01/03/2005;scolaire;0630001A;anglais",
            (2, "numero", "17 caractères, 16 au plus."),
        ),
    ],
)
def test_a_wrong_row_is_reported_with_its_line_and_column(logged, row, expected):
    response = _upload(logged, _csv(HEADER, GOOD_ROW.replace("25X0001", "25X0009"), row))
    assert _errors(response) == [(3, *expected[1:])]
    html = response.content.decode()
    assert "1 erreur : rien ne sera importé." in html and 'id="import-confirm"' not in html
    assert _nothing_written() and not ImportFile.objects.exists()


def test_wrong_choices_are_reported(logged):
    content = _csv(
        HEADER + ";ef2;forme;dispenses;tiers_temps;ef1_langue",
        GOOD_ROW + ";peut-être;annuelle;U9;oui;Anglais",
    )
    assert _errors(_upload(logged, content)) == [
        (2, "ef2", "« peut-être » : attendu oui ou non."),
        (2, "forme", "forme « annuelle » inconnue : globale ou progressive."),
        (2, "dispenses", "unité « U9 » inconnue (unités : U1, U2, U3, U4, U5, U6, UF1, UF2)."),
        (2, "ef1_langue", "la langue de l'EF1 doit être différente de la LV1."),
    ]
    assert _nothing_written()


def test_a_language_not_offered_at_the_session_is_refused(logged):
    content = _csv(HEADER + ";ef1_langue", GOOD_ROW.replace("anglais", "klingon") + ";elfique")
    offered = (
        "allemand, anglais, arabe, chinois, espagnol, hébreu, italien, japonais, néerlandais, "
        "portugais, russe"
    )
    assert _errors(_upload(logged, content)) == [
        (
            2,
            "lv1",
            f"la langue « klingon » n'est pas proposée en LV1 (E2) à la session 2025 : "
            f"choisissez parmi {offered}.",
        ),
        (
            2,
            "ef1_langue",
            f"la langue « elfique » n'est pas proposée en EF1 à la session 2025 : "
            f"choisissez parmi {offered}.",
        ),
    ]
    assert _nothing_written()


def test_duplicate_numbers_in_the_file_are_refused(logged):
    response = _upload(logged, _csv(HEADER, GOOD_ROW, GOOD_ROW.replace("Lou", "Léa")))
    assert _errors(response) == [
        (3, "numero", "numéro 25X0001 en double dans le fichier (déjà ligne 2).")
    ]
    assert _nothing_written()


def test_a_number_already_registered_in_the_session_is_refused(logged):
    CandidateFactory(number="25X0001", academy=AcademyFactory(code="B02"))
    response = _upload(logged, _csv(HEADER, GOOD_ROW))
    assert _errors(response) == [
        (2, "numero", "le numéro 25X0001 est déjà inscrit à la Session 2025.")
    ]
    assert Candidate.objects.count() == 1


def test_an_establishment_of_another_academy_is_refused(logged):
    EstablishmentFactory(uai="0310001K", name="Lycée toulousain", academy=AcademyFactory(code="B"))
    response = _upload(logged, _csv(HEADER, GOOD_ROW.replace("0630001A", "0310001K")))
    assert _errors(response) == [
        (2, "uai", "l'établissement 0310001K (Lycée toulousain) n'appartient pas à votre académie.")
    ]
    assert _nothing_written()


def test_one_wrong_row_among_good_ones_writes_nothing(logged):
    lines = CANDIDATES_CSV.decode().splitlines()
    lines[3] = lines[3].replace("formation_continue", "inconnue")
    response = _upload(logged, _csv(*lines))
    assert [e[:2] for e in _errors(response)] == [(4, "voie")]
    assert 'id="import-confirm"' not in response.content.decode()
    assert _nothing_written()


def test_what_changed_since_the_dry_run_fails_the_job_and_writes_nothing(logged, office):
    checked = _upload(logged, CANDIDATES_CSV)
    CandidateFactory(number="25NDRC90004", academy=office.academy)  # registered meanwhile
    response = _confirm(logged, checked)
    job = Job.objects.get(kind="import_candidates")
    assert job.state == JobState.FAILED
    assert job.message.startswith("Import refusé : 1 erreur(s) dans le fichier ; aucune donnée")
    assert job.details == [
        "Ligne 5, colonne numero : le numéro 25NDRC90004 est déjà inscrit à la Session 2025."
    ]
    assert "Import refusé" in response.content.decode()
    assert list(Candidate.objects.values_list("number", flat=True)) == ["25NDRC90004"]
    assert not AuditEntry.objects.filter(action="candidate_register").exists()


# --------------------------------------------------------------------------------------------
# Encodings and XLSX
# --------------------------------------------------------------------------------------------


def test_a_windows_1252_file_is_read_and_the_encoding_named(logged):
    content = CANDIDATES_CSV.decode().replace("N'Diaye", "N’Diaye").encode("cp1252")
    response = _upload(logged, content)
    assert response.context["report"].described == "CSV, encodage Windows-1252"
    assert "encodage Windows-1252" in response.content.decode()
    _confirm(logged, response)
    assert Candidate.objects.get(number="25NDRC90001").last_name == "Lefèvre"
    assert Candidate.objects.get(number="25NDRC90002").last_name == "N’Diaye"


def test_a_latin_1_file_is_read_and_the_encoding_named(logged):
    response = _upload(logged, CANDIDATES_CSV.decode().encode("latin-1"))
    assert response.context["report"].described == "CSV, encodage ISO-8859-1 (latin-1)"
    _confirm(logged, response)
    assert Candidate.objects.get(number="25NDRC90003").first_name == "Inès"


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_file_of_candidates_then_grades(logged, office):
    candidates = _xlsx(
        [
            ["Numéro", "Nom", "Prénom", "Date de naissance", "Voie", "UAI", "LV1", "EF2"],
            [
                25001,
                "Durand",
                "Lou",
                dt.datetime(2005, 3, 1),
                "Voie scolaire",
                "0630001a",
                "Anglais",
                True,
            ],
            [None, None, None, None, None, None, None, None],
            [25002, "Martin", "Léo", "2004-12-31", "Apprentissage", "0630004D", "espagnol", "non"],
        ]
    )
    response = _upload(logged, candidates, name="candidats.xlsx")
    assert response.context["report"].described == "XLSX"
    _confirm(logged, response)
    lou = Candidate.objects.get(number="25001")
    assert lou.birth_date == dt.date(2005, 3, 1) and lou.route == Route.SCHOOL and lou.ef2
    assert lou.lv1 == "anglais" and lou.establishment.uai == "0630001A"
    assert Candidate.objects.get(number="25002").birth_date == dt.date(2004, 12, 31)

    grades = _xlsx(
        [
            ["numero", "epreuve", "note"],
            [25001, "E1", 12.5],
            [25001, "e2", 14],
            [25002, "E3", "abs"],
        ]
    )
    response = _upload(logged, grades, kind="grades", name="notes.xlsx")
    assert response.context["report"].ok, _errors(response)
    _confirm(logged, response)
    assert Grade.objects.get(candidate=lou, exam="E1").value == Decimal("12.5")
    assert Grade.objects.get(candidate=lou, exam="E2").value == Decimal(14)
    assert Grade.objects.get(exam="E3").state == "absent"


def test_an_xlsx_row_error_names_its_sheet_line(logged):
    content = _xlsx(
        [
            ["numero", "nom", "prenom", "date_naissance", "voie", "uai", "lv1"],
            ["A1", "Durand", "Lou", "hier", "scolaire", "0630001A", "anglais"],
        ]
    )
    assert _errors(_upload(logged, content, name="c.xlsx")) == [
        (2, "date_naissance", "date « hier » illisible : attendu JJ/MM/AAAA ou AAAA-MM-JJ.")
    ]


# --------------------------------------------------------------------------------------------
# Grades
# --------------------------------------------------------------------------------------------


@pytest.fixture
def registered(logged):
    _confirm(logged, _upload(logged, CANDIDATES_CSV))
    return {c.number: c for c in Candidate.objects.all()}


def test_the_example_grades_are_imported_audited_and_ccf_marked(logged, office, registered):
    response = _upload(logged, GRADES_CSV, kind="grades", name="notes.csv")
    report = response.context["report"]
    assert report.ok and len(report.planned) == 11
    assert "Aucune erreur : 11 notes seront créées." in response.content.decode()
    assert not Grade.objects.exists()
    page = _confirm(logged, response)
    job = Job.objects.get(kind="import_grades")
    assert job.state == JobState.DONE and job.result["created"] == 11
    assert f'href="{reverse("grade_entry")}"' in page.content.decode()
    chloe = registered["25NDRC90001"]
    assert Grade.objects.get(candidate=chloe, exam="E1").value == Decimal("12.5")
    assert Grade.objects.get(candidate=registered["25NDRC90002"], exam="E1").state == "absent"
    kept = Grade.objects.get(candidate=registered["25NDRC90003"], exam="E1")
    assert (kept.state, kept.value, kept.carried_session) == ("carried_over", Decimal("11.5"), 2023)
    assert Grade.objects.get(candidate=registered["25NDRC90005"], exam="E6").state == (
        "absent_force_majeure"
    )
    # A CCF épreuve's grade is a proposal, as in the grade entry page.
    assert Grade.objects.get(candidate=chloe, exam="E4").ccf is True
    assert Grade.objects.get(candidate=chloe, exam="E4").value == Decimal("15.25")
    assert Grade.objects.get(candidate=registered["25NDRC90004"], exam="E5W").ccf is False
    entries = AuditEntry.objects.filter(action="grade_set")
    assert entries.count() == 11 and {e.actor for e in entries} == {office}
    assert {e.reason for e in entries} == {"Import du fichier notes.csv"}


def test_grade_errors_are_each_reported_and_nothing_is_written(logged, office, registered):
    stranger = CandidateFactory(number="B0001", academy=AcademyFactory(code="B02"))
    grade_set(
        candidate=registered["25NDRC90003"],
        write=GradeWrite("E2", "grade", Decimal(8)),
        actor=None,
    )
    content = _csv(
        "numero;epreuve;note",
        "25NDRC90001;E1;12",  # good
        "25NDRC99999;E1;12",  # unknown candidate
        "B0001;E1;12",  # another académie's candidate: unknown here
        "25NDRC90003;E2;15",  # a grade exists
        "25NDRC90001;E3;21",  # out of range
        "25NDRC90001;E4;12,345",  # too many decimals
        "25NDRC90001;E6;douze",  # not a grade
        "25NDRC90003;EF1;12",  # not in the plan: no EF1 chosen
        "25NDRC90001;E7;12",  # unknown épreuve
        "25NDRC90001;E1;13",  # same grade twice
        "25NDRC90001;E2;",  # empty
        "25NDRC90003;E3;BEN:12:2025",  # carried over from this very session
    )
    response = _upload(logged, content, kind="grades")
    assert _errors(response) == [
        (
            3,
            "numero",
            "candidat 25NDRC99999 inconnu : aucun candidat de ce numéro dans votre "
            "académie pour la Session 2025.",
        ),
        (
            4,
            "numero",
            "candidat B0001 inconnu : aucun candidat de ce numéro dans votre "
            "académie pour la Session 2025.",
        ),
        (
            5,
            "note",
            "une note E2 existe déjà pour le candidat 25NDRC90003 (« 8,00 ») : "
            "l'import ne remplace aucune note, corrigez-la dans la saisie des notes.",
        ),
        (6, "note", "E3 : la note 21 doit être comprise entre 0 et 20."),
        (7, "note", "E4 : la note 12,345 a plus de deux décimales."),
        (
            8,
            "note",
            "E6 : « douze » n'est pas une note. Une note s'écrit avec les chiffres de 0 à 9 et "
            "au plus une virgule ou un point (12 ou 12,5).",
        ),
        (
            9,
            "epreuve",
            "EF1 pour le candidat 25NDRC90003 : épreuve absente du plan du "
            "candidat — pas de note à importer.",
        ),
        (
            10,
            "epreuve",
            "épreuve « E7 » inconnue (épreuves : E1, E2, E3, E4, E5W, E5P, E6, EF1, EF2).",
        ),
        (
            11,
            "epreuve",
            "note E1 du candidat 25NDRC90001 en double dans le fichier (déjà ligne 2).",
        ),
        (12, "note", "note manquante (une note ou un état : ABS, FM, NV…)."),
        (
            13,
            "note",
            "candidat 25NDRC90003 : Bénéfice refusé pour E3 : une note conservée vient "
            "d'une session antérieure à la session 2025 (session d'obtention indiquée : "
            "2025).",
        ),
    ]
    assert "11 erreurs : rien ne sera importé." in response.content.decode()
    assert list(Grade.objects.values_list("exam", flat=True)) == ["E2"]
    assert not stranger.grades.exists() and not ImportFile.objects.filter(kind="grades").exists()


def test_the_dry_run_refuses_grades_of_the_file_the_file_does_not_ground(logged, registered):
    """A « VAE », « DISP » or « BEN » comes from the candidate's file (CE D643-13, D643-18;
    A2018 annexe II b; CE D643-15): the dry run names the missing fact, nothing is written."""
    content = _csv(
        "numero;epreuve;note",
        "25NDRC90001;E4;VAE",  # no unit validated by the VAE in the file
        "25NDRC90001;E1;DISP",  # no exemption in the file
        "25NDRC90002;E3;BEN:20:2099",  # a session to come
        "25NDRC90002;E1;BEN:12:1",  # before the first session of the BTS NDRC
        "25NDRC90003;E2;BEN:12:2019",  # idem
        "25NDRC90004;E5W;BEN:12:2023",  # a part is never kept alone
    )
    response = _upload(logged, content, kind="grades")
    assert _errors(response) == [
        (
            2,
            "note",
            "candidat 25NDRC90001 : VAE refusée pour E4 : le dossier du candidat ne mentionne "
            "pas l'unité U4 validée par la VAE.",
        ),
        (
            3,
            "note",
            "candidat 25NDRC90001 : Dispense refusée pour E1 : le dossier du candidat ne "
            "mentionne pas de dispense de l'unité U1 (demande de dispense et diplôme qui la "
            "fonde).",
        ),
        (
            4,
            "note",
            "candidat 25NDRC90002 : Bénéfice refusé pour E3 : une note conservée vient d'une "
            "session antérieure à la session 2025 (session d'obtention indiquée : 2099).",
        ),
        (
            5,
            "note",
            "candidat 25NDRC90002 : Bénéfice refusé pour E1 : la session 1 précède la première "
            "session du BTS NDRC (2020) ; une note du BTS NRC se reporte par les unités du BTS "
            "NRC inscrites au dossier du candidat.",
        ),
        (
            6,
            "note",
            "candidat 25NDRC90003 : Bénéfice refusé pour E2 : la session 2019 précède la "
            "première session du BTS NDRC (2020) ; une note du BTS NRC se reporte par les "
            "unités du BTS NRC inscrites au dossier du candidat.",
        ),
        (
            7,
            "note",
            "candidat 25NDRC90004 : Bénéfice refusé pour E5W : une partie d'épreuve n'est ni "
            "dispensée, ni validée par la VAE, ni conservée seule ; seule l'unité entière (E5) "
            "peut l'être.",
        ),
    ]
    assert not Grade.objects.exists() and not ImportFile.objects.filter(kind="grades").exists()
    Candidate.objects.filter(number="25NDRC90001").update(vae_units=["U4"])
    ok = _upload(logged, _csv("numero;epreuve;note", "25NDRC90001;E4;VAE"), kind="grades")
    assert ok.context["report"].ok, _errors(ok)


def test_a_candidate_whose_deliberation_is_closed_gets_no_grade(logged, office, registered):
    jury = jury_create(
        session=registered["25NDRC90001"].session,
        academy=office.academy,
        name="Jury 1",
        members=[],
        candidates=[registered["25NDRC90001"]],
    )
    Jury.objects.filter(pk=jury.pk).update(state=Jury.CLOSED)
    lock_files(candidates=[registered["25NDRC90001"]], jury_name=jury.name)
    response = _upload(logged, _csv("numero;epreuve;note", "25NDRC90001;E1;12"), kind="grades")
    assert _errors(response) == [
        (
            2,
            "numero",
            "délibération close (jury « Jury 1 ») pour le candidat 25NDRC90001 : ses "
            "notes ne changent qu'après réouverture.",
        )
    ]
    assert not Grade.objects.exists()


def test_a_grade_entered_after_the_dry_run_is_not_overwritten(logged, registered):
    checked = _upload(
        logged, _csv("numero;epreuve;note", "25NDRC90001;E1;12", "25NDRC90002;E1;9"), kind="grades"
    )
    grade_set(candidate=registered["25NDRC90002"], write=GradeWrite("E1", "absent"), actor=None)
    _confirm(logged, checked)
    job = Job.objects.get(kind="import_grades")
    assert job.state == JobState.FAILED and "aucune donnée n'a été enregistrée" in job.message
    assert job.details == [
        "Ligne 3, colonne note : une note E1 existe déjà pour le candidat 25NDRC90002 (« ABS ») "
        ": l'import ne remplace aucune note, corrigez-la dans la saisie des notes."
    ]
    assert list(Grade.objects.values_list("state", flat=True)) == ["absent"]


# --------------------------------------------------------------------------------------------
# Access
# --------------------------------------------------------------------------------------------


def test_the_page_documents_the_columns_and_the_nav_shows_import(logged):
    html = logged.get(reverse("import_index")).content.decode()
    assert "<code>date_naissance</code>" in html and "<code>epreuve</code>" in html
    assert f'href="{reverse("import_index")}"' in html and ">Import</a>" in html
    template = logged.get(reverse("import_template"), {"contenu": "grades"})
    assert template["Content-Type"] == "text/csv; charset=utf-8"
    assert template.content.decode("utf-8-sig").splitlines()[0] == "numero;epreuve;note"


def test_another_users_stored_file_cannot_be_confirmed(client, logged, office):
    checked = _upload(logged, CANDIDATES_CSV)
    colleague = UserFactory(role=Role.EXAM_OFFICE, academy=office.academy)
    client.force_login(colleague)
    response = client.post(
        reverse("import_confirm"),
        {"fichier_id": checked.context["stored"].pk},
    )
    assert "Fichier à importer introuvable" in response.content.decode()
    assert _nothing_written() and not Job.objects.exclude(kind="import_check").exists()


def test_an_exam_office_without_academy_cannot_import(client, office):
    user = UserFactory(role=Role.EXAM_OFFICE, academy=None)
    client.force_login(user)
    response = _upload(client, CANDIDATES_CSV)
    assert "rattaché à aucune académie" in response.content.decode()
    assert _nothing_written() and not ImportFile.objects.exists()


@pytest.mark.parametrize("role", [Role.TRAINING_CENTRE, Role.EXAMINER, Role.JURY, Role.CANDIDATE])
def test_other_roles_cannot_import(client, office, role):
    user = UserFactory(role=role, academy=office.academy)
    client.force_login(user)
    assert client.get(reverse("import_index")).status_code == 403
    assert client.get(reverse("import_template")).status_code == 403
    assert _upload(client, CANDIDATES_CSV).status_code == 403
    assert ">Import</a>" not in client.get(reverse("home")).content.decode()
    assert _nothing_written() and not ImportFile.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login(client, office):
    for response in (client.get(reverse("import_index")), _upload(client, CANDIDATES_CSV)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert _nothing_written()


# --------------------------------------------------------------------------------------------
# Cells (pure functions)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Prénom", "prenom"),
        (" Date de naissance ", "date_de_naissance"),
        ("N°", "n"),
        ("EF1 langue", "ef1_langue"),
    ],
)
def test_headers_are_read_without_case_nor_accents(header, key):
    assert parsing.key(header) == key


@pytest.mark.parametrize(
    ("typed", "route"),
    [
        ("scolaire", Route.SCHOOL),
        ("Formation professionnelle continue", Route.CONTINUING_EDUCATION),
        ("formation continue", Route.CONTINUING_EDUCATION),
        ("Enseignement à distance", Route.DISTANCE_LEARNING),
        ("EXPÉRIENCE PROFESSIONNELLE", Route.PROFESSIONAL_EXPERIENCE),
    ],
)
def test_routes_are_read_by_code_or_french_label(typed, route):
    assert cells.parse_route(typed) is route


def test_dates_and_booleans():
    assert cells.parse_date("01/03/2005") == cells.parse_date("2005-03-01")
    assert cells.parse_bool("Oui") and cells.parse_bool("x") and not cells.parse_bool("")
    with pytest.raises(ValueError, match="attendu oui ou non"):
        cells.parse_bool("peut-être")
