"""Imports at national size: the dry run and the import of a file cost a number of queries
that does not grow with its rows (the set-based checks and writes of ``candidates_register``
and ``grades_import``), every row written is audited with its candidate, and the bulk
services refuse what the single-row services refuse."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.grade_services import GradeWrite, grade_set, grades_import
from ndrc.web.candidates.locks import lock_files
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.candidates.services import candidates_register
from ndrc.web.imports.services import import_check, import_file_store, import_work
from ndrc.web.jobs.work import JobError
from tests.factories import AcademyFactory, EstablishmentFactory, ExamSessionFactory, UserFactory

HEADER = "numero;nom;prenom;date_naissance;voie;uai;lv1"
EXAMS = ("E1", "E2", "E3", "E5W")


@pytest.fixture
def office(db):
    academy = AcademyFactory(code="A01", name="Académie de test")
    ExamSessionFactory(year=2025)
    EstablishmentFactory(
        uai="0630001A",
        academy=academy,
        status=EstablishmentStatus.PUBLIC,
        habilitation=Habilitation.CCF,
    )
    return UserFactory(role=Role.EXAM_OFFICE, academy=academy)


def _candidates_csv(first: int, count: int) -> bytes:
    rows = [
        f"25S{i:06d};Durand;Lou;01/03/2005;scolaire;0630001A;anglais"
        for i in range(first, first + count)
    ]
    return "\r\n".join([HEADER, *rows]).encode()


def _grades_csv(first: int, count: int) -> bytes:
    rows = [
        f"25S{i:06d};{exam};{10 + i % 8},5" for i in range(first, first + count) for exam in EXAMS
    ]
    return "\r\n".join(["numero;epreuve;note", *rows]).encode()


def _import(office, kind: str, content: bytes) -> tuple[int, int]:
    """The queries of the dry run and of the import job of this file."""
    session = ExamSessionFactory(year=2025)
    args = {
        "kind": kind,
        "filename": f"{kind}.csv",
        "content": content,
        "session": session,
        "academy": office.academy,
    }
    with CaptureQueriesContext(connection) as dry:
        checked = import_check(user=office, **args)
    assert checked.report.ok, [str(e) for e in checked.report.errors]
    stored = import_file_store(actor=office, **args)
    with CaptureQueriesContext(connection) as real:
        import_work(params={"import_file": stored.pk}, actor=office, progress=_silent)
    return len(dry), len(real)


def _silent(done: int, total: int, message: str) -> None:
    return None


def test_the_queries_of_an_import_do_not_grow_with_its_rows(office):
    small = _import(office, "candidates", _candidates_csv(0, 15))
    large = _import(office, "candidates", _candidates_csv(15, 30))
    assert small == large and max(large) <= 20, (small, large)
    # (SQLite takes at most 999 parameters a query: about 100 grades per INSERT there.)
    small = _import(office, "grades", _grades_csv(0, 10))  # 40 grades
    large = _import(office, "grades", _grades_csv(10, 20))  # 80 grades
    assert small == large and max(large) <= 20, (small, large)
    assert Grade.objects.count() == 120 and set(
        Grade.objects.values_list("version", flat=True)
    ) == {1}
    # One audit entry per row written, each naming its candidate.
    registered = AuditEntry.objects.filter(action="candidate_register")
    assert registered.count() == 45 and not registered.filter(candidate=None).exists()
    assert {e.candidate_id for e in registered} == set(
        Candidate.objects.values_list("pk", flat=True)
    )
    graded = AuditEntry.objects.filter(action="grade_set")
    assert graded.count() == 120 and not graded.filter(candidate=None).exists()
    grade = Grade.objects.select_related("candidate").get(candidate__number="25S000003", exam="E2")
    entry = graded.get(object_id=str(grade.pk))
    assert entry.candidate_id == grade.candidate_id and entry.actor == office
    assert entry.after["value"] == "13.50" and entry.reason == "Import du fichier grades.csv"


def test_a_locked_file_refuses_the_whole_bulk_write(office):
    _import(office, "candidates", _candidates_csv(0, 3))
    first, second = Candidate.objects.order_by("number")[:2]
    lock_files(candidates=[second], jury_name="Jury 1")
    second.refresh_from_db()
    with pytest.raises(ValidationError, match="Délibération close \\(jury « Jury 1 »\\)"):
        grades_import(
            rows=[(first, GradeWrite("E1", "absent")), (second, GradeWrite("E1", "absent"))],
            actor=office,
            reason="test",
        )
    assert not Grade.objects.exists()


def test_a_grade_entered_meanwhile_refuses_the_whole_bulk_write(office):
    _import(office, "candidates", _candidates_csv(0, 2))
    first, second = Candidate.objects.order_by("number")
    grade_set(candidate=second, write=GradeWrite("E1", "absent"), actor=None)
    with pytest.raises(ValidationError, match="Une des notes existe déjà"):
        grades_import(
            rows=[(first, GradeWrite("E1", "absent")), (second, GradeWrite("E1", "absent"))],
            actor=office,
            reason="test",
        )
    assert Grade.objects.count() == 1


def test_a_grade_the_file_does_not_ground_is_refused_by_the_bulk_write(office):
    _import(office, "candidates", _candidates_csv(0, 1))
    candidate = Candidate.objects.get()
    with pytest.raises(
        ValidationError,
        match="25S000000 : VAE refusée pour E1 : le dossier du candidat ne mentionne pas",
    ):
        grades_import(rows=[(candidate, GradeWrite("E1", "vae"))], actor=office, reason="t")
    assert not Grade.objects.exists()


def test_the_bulk_registration_refuses_what_the_single_one_refuses(office):
    session = ExamSessionFactory(year=2025)
    row = {
        "session": session,
        "academy": office.academy,
        "number": "25B0001",
        "last_name": "Durand",
        "first_name": "Lou",
        "birth_date": Candidate._meta.get_field("birth_date").to_python("2005-03-01"),
        "route": Route.SCHOOL,
        "establishment": None,
        "lv1": "anglais",
    }
    with pytest.raises(ValidationError, match="Un établissement de formation est requis"):
        candidates_register(rows=[row])
    expert = {**row, "route": Route.PROFESSIONAL_EXPERIENCE}
    with pytest.raises(ValidationError, match="25B0001 est déjà inscrit à la session 2025"):
        candidates_register(rows=[expert, expert])
    with pytest.raises(ValidationError, match="n'est pas proposée en LV1"):
        candidates_register(rows=[{**expert, "lv1": "klingon"}], plan_errors_allowed=True)
    assert not Candidate.objects.exists() and not AuditEntry.objects.exists()
    candidates_register(rows=[expert], plan_errors_allowed=True)
    with pytest.raises(ValidationError, match="déjà inscrit"):
        candidates_register(rows=[expert], plan_errors_allowed=True)
    assert Candidate.objects.count() == 1


def test_an_import_job_refuses_a_row_that_became_wrong(office):
    _import(office, "candidates", _candidates_csv(0, 2))
    session = ExamSessionFactory(year=2025)
    args = {
        "kind": "grades",
        "filename": "notes.csv",
        "content": _grades_csv(0, 2),
        "session": session,
        "academy": office.academy,
    }
    stored = import_file_store(actor=office, **args)
    lock_files(candidates=Candidate.objects.filter(number="25S000001"), jury_name="Jury 2")
    with pytest.raises(JobError, match="Import refusé : 4 erreur"):
        import_work(params={"import_file": stored.pk}, actor=office, progress=_silent)
    assert not Grade.objects.exists()


def test_the_bulk_writes_read_their_keys_back_where_the_database_returns_none(office, monkeypatch):
    """On a database whose INSERT returns no keys, the audit entries still name the rows."""
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    _import(office, "candidates", _candidates_csv(0, 3))
    _import(office, "grades", _grades_csv(0, 3))
    for entry in AuditEntry.objects.filter(action="candidate_register"):
        assert Candidate.objects.get(pk=entry.object_id).pk == entry.candidate_id
    graded = AuditEntry.objects.filter(action="grade_set")
    assert graded.count() == Grade.objects.count() == 12
    for entry in graded:
        grade = Grade.objects.get(pk=entry.object_id)
        assert grade.candidate_id == entry.candidate_id
        assert entry.object_repr == f"{grade.candidate.number} {grade.exam}"


def test_a_number_registered_meanwhile_refuses_the_whole_bulk_registration(office, monkeypatch):
    """Registered between the read of the numbers and the INSERT: the constraint refuses."""
    session = ExamSessionFactory(year=2025)
    row = {
        "session": session,
        "academy": office.academy,
        "number": "25B0002",
        "last_name": "Durand",
        "first_name": "Lou",
        "birth_date": Candidate._meta.get_field("birth_date").to_python("1990-03-01"),
        "route": Route.PROFESSIONAL_EXPERIENCE,
        "establishment": None,
        "lv1": "anglais",
    }
    candidates_register(rows=[row], plan_errors_allowed=True)
    monkeypatch.setattr("ndrc.web.candidates.services._check_bulk_row", lambda *a: None)
    with pytest.raises(ValidationError, match="vient d'être inscrit"):
        candidates_register(rows=[{**row, "number": "25B0003"}, row], plan_errors_allowed=True)
    assert Candidate.objects.count() == 1


def test_the_dry_run_describes_the_first_rows_and_counts_them_all(client, office):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(office)
    upload = SimpleUploadedFile("candidats.csv", _candidates_csv(0, 305))
    response = client.post(reverse("import_index"), {"contenu": "candidates", "fichier": upload})
    report = response.context["report"]
    assert report.ok and report.planned_count == 305 and len(report.planned) == 300
    html = response.content.decode()
    assert "Aucune erreur : 305 candidats seront inscrits." in html
    assert "… et 5 autres lignes." in html and html.count("25S000299") == 1
    assert "25S000300" not in html
