"""The grade entry page: typed cells, saving, no lost update, who may enter what."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ndrc.rules.errors import InvalidCandidate
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.grade_services import GradeForbidden, GradeWrite, grade_set
from ndrc.web.candidates.models import Grade
from ndrc.web.grading.entry import parse_entry
from tests.factories import AcademyFactory, CandidateFactory, UserFactory

PASSWORD = "pw-for-tests-123"


@pytest.mark.parametrize(
    ("typed", "state", "value", "session"),
    [
        ("12,5", "grade", Decimal("12.5"), None),
        (" 0 ", "grade", Decimal(0), None),
        ("20", "grade", Decimal(20), None),
        ("9.99", "grade", Decimal("9.99"), None),
        ("abs", "absent", None, None),
        ("FM", "absent_force_majeure", None, None),
        ("nv", "nv", None, None),
        ("RES", "reserved", None, None),
        ("DISP", "exempted", None, None),
        ("VAE", "vae", None, None),
        ("np", "not_sat", None, None),
        ("BEN:11,5:2023", "carried_over", Decimal("11.5"), 2023),
    ],
)
def test_a_typed_cell_reads_as_a_grade_state(typed, state, value, session):
    write = parse_entry(typed, "E1")
    assert (write.state, write.value, write.carried_session) == (state, value, session)


def test_a_state_of_the_file_is_never_a_ccf_proposal():
    assert parse_entry("VAE", "E4", ccf=True).ccf is False
    assert parse_entry("DISP", "E4", ccf=True).ccf is False
    assert parse_entry("ABS", "E4", ccf=True).ccf is True


@pytest.mark.parametrize("typed", ["21", "-1", "12,345", "douze", "BEN:12", "BEN:12:deux"])
def test_a_wrong_cell_is_refused(typed):
    with pytest.raises(InvalidCandidate):
        parse_entry(typed, "E1")


def test_an_empty_cell_is_no_grade():
    assert parse_entry("  ", "E1") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "write",
    [
        GradeWrite("E1", "grade", Decimal("12.50")),
        GradeWrite("E1", "absent"),
        GradeWrite("E1", "carried_over", Decimal("14.00"), carried_session=2023),
    ],
)
def test_a_stored_grade_shows_as_it_is_typed(write):
    grade = grade_set(candidate=CandidateFactory(), write=write, actor=None)
    again = parse_entry(grade.typed, "E1")
    assert (again.state, again.value, again.carried_session) == (
        write.state,
        write.value,
        write.carried_session,
    )


@pytest.fixture
def office(db):
    return UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"))


def _page(client, user, exam, **query):
    client.login(username=user.username, password=PASSWORD)
    return client.get(reverse("grade_entry"), {"epreuve": exam, **query})


def _post(client, exam, cells, **query):
    url = reverse("grade_entry") + f"?epreuve={exam}"
    for key, value in query.items():
        url += f"&{key}={value}"
    return client.post(url, cells)


def test_the_exam_office_enters_a_class_and_only_changed_cells_are_written(client, office):
    first = CandidateFactory(academy=office.academy)
    second = CandidateFactory(academy=office.academy, establishment=first.establishment)
    grade_set(candidate=second, write=GradeWrite("E1", "grade", Decimal(9)), actor=None)
    page = _page(client, office, "E1").content.decode()
    assert f'name="grade-{first.pk}"' in page and 'value="9,00"' in page
    response = _post(
        client,
        "E1",
        {
            f"grade-{first.pk}": "13,5",
            f"original-{first.pk}": "",
            f"version-{first.pk}": "",
            f"grade-{second.pk}": "9,00",
            f"original-{second.pk}": "9,00",
            f"version-{second.pk}": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 note(s) enregistrée(s)." in html
    assert Grade.objects.get(candidate=first, exam="E1").value == Decimal("13.5")
    assert Grade.objects.get(candidate=second, exam="E1").version == 1
    audit = AuditEntry.objects.get(candidate=first, action="grade_set")
    assert audit.actor == office and audit.after["value"] == "13.50"


def test_a_grade_changed_meanwhile_is_a_visible_conflict_and_not_overwritten(client, office):
    candidate = CandidateFactory(academy=office.academy)
    grade_set(candidate=candidate, write=GradeWrite("E3", "grade", Decimal(10)), actor=None)
    _page(client, office, "E3")  # the user reads version 1
    colleague = UserFactory(username="collegue", academy=office.academy)
    grade_set(
        candidate=candidate,
        write=GradeWrite("E3", "absent"),
        actor=colleague,
        expected_version=1,
    )
    html = _post(
        client,
        "E3",
        {
            f"grade-{candidate.pk}": "15",
            f"original-{candidate.pk}": "10,00",
            f"version-{candidate.pk}": "1",
        },
    ).content.decode()
    assert "data-conflict" in html
    assert "Modifiée entre-temps par collegue" in html
    assert "valeur actuelle « ABS »" in html
    assert "votre saisie « 15 » n&#x27;est pas enregistrée" in html
    assert Grade.objects.get(candidate=candidate, exam="E3").state == "absent"


def test_a_wrong_cell_is_shown_on_its_row_and_the_other_rows_are_saved(client, office):
    good = CandidateFactory(academy=office.academy)
    bad = CandidateFactory(academy=office.academy, establishment=good.establishment)
    _page(client, office, "E1")
    html = _post(
        client,
        "E1",
        {
            f"grade-{good.pk}": "ABS",
            f"original-{good.pk}": "",
            f"version-{good.pk}": "",
            f"grade-{bad.pk}": "25",
            f"original-{bad.pk}": "",
            f"version-{bad.pk}": "",
        },
    ).content.decode()
    assert "data-error" in html and 'value="25"' in html
    assert "1 ligne(s) non enregistrée(s)" in html
    assert Grade.objects.get(candidate=good, exam="E1").state == "absent"
    assert not Grade.objects.filter(candidate=bad).exists()


def test_a_grade_is_never_erased_to_empty(client, office):
    candidate = CandidateFactory(academy=office.academy)
    grade_set(candidate=candidate, write=GradeWrite("E1", "grade", Decimal(8)), actor=None)
    _page(client, office, "E1")
    html = _post(
        client,
        "E1",
        {
            f"grade-{candidate.pk}": "",
            f"original-{candidate.pk}": "8,00",
            f"version-{candidate.pk}": "1",
        },
    ).content.decode()
    assert "Une note ne s&#x27;efface pas" in html
    assert Grade.objects.get(candidate=candidate, exam="E1").value == Decimal(8)


def _column_2(**kwargs):
    """A candidate of column 2 (continuing education in a habilitated public establishment):
    E1, E2 and E3 in CCF, not graded on a grid."""
    from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation
    from tests.factories import EstablishmentFactory

    school = kwargs.pop("establishment", None) or EstablishmentFactory(
        status=EstablishmentStatus.PUBLIC, habilitation=Habilitation.FULL_CCF
    )
    return CandidateFactory(
        route="formation_continue", establishment=school, academy=school.academy, **kwargs
    )


def test_a_training_centre_enters_ccf_proposals_of_its_own_candidates_only(client, db):
    own = _column_2()
    other = _column_2(number="T999999")  # another establishment
    centre = UserFactory(role=Role.TRAINING_CENTRE, establishment=own.establishment)
    page = _page(client, centre, "E3").content.decode()
    assert f'name="grade-{own.pk}"' in page and other.number not in page
    html = _post(
        client,
        "E3",
        {
            f"grade-{own.pk}": "14",
            f"original-{own.pk}": "",
            f"version-{own.pk}": "",
            f"grade-{other.pk}": "3",
            f"original-{other.pk}": "",
            f"version-{other.pk}": "",
        },
    ).content.decode()
    assert "1 note(s) enregistrée(s)." in html
    grade = Grade.objects.get(candidate=own, exam="E3")
    assert grade.ccf is True and grade.value == Decimal(14)
    assert not Grade.objects.filter(candidate=other).exists()


def test_a_grade_of_an_epreuve_graded_on_a_grid_is_entered_by_signing_the_grid(client, db):
    """DEC D112: a centre's E4 CCF proposal, an examiner's E4, come from the signed grid."""
    own = _column_2()
    centre = UserFactory(role=Role.TRAINING_CENTRE, establishment=own.establishment)
    page = _page(client, centre, "E4").content.decode()
    assert f'name="grade-{own.pk}"' not in page
    assert "Épreuve évaluée sur grille : la note s&#x27;enregistre en signant la grille" in page
    html = _post(
        client, "E4", {f"grade-{own.pk}": "14", f"original-{own.pk}": "", f"version-{own.pk}": ""}
    ).content.decode()
    assert "Saisie impossible : épreuve évaluée sur grille" in html
    assert not Grade.objects.exists()
    with pytest.raises(GradeForbidden, match="évaluée sur grille"):
        grade_set(candidate=own, write=GradeWrite("E4", "grade", Decimal(14)), actor=centre)
    office = UserFactory(role=Role.EXAM_OFFICE, academy=own.academy)
    # The exam office transcribes a paper grid or a state: allowed, and journaled.
    assert grade_set(candidate=own, write=GradeWrite("E4", "absent"), actor=office).state == (
        "absent"
    )


def test_a_training_centre_cannot_enter_a_ponctuel_grade(client, db):
    own = CandidateFactory()
    centre = UserFactory(role=Role.TRAINING_CENTRE, establishment=own.establishment)
    page = _page(client, centre, "E1").content.decode()
    assert f'name="grade-{own.pk}"' not in page
    assert "Épreuve ponctuelle : saisie par le rectorat" in page
    html = _post(
        client, "E1", {f"grade-{own.pk}": "14", f"original-{own.pk}": "", f"version-{own.pk}": ""}
    ).content.decode()
    assert "Saisie impossible : épreuve ponctuelle" in html
    assert not Grade.objects.exists()


def test_an_optional_epreuve_the_candidate_did_not_choose_cannot_be_graded(client, office):
    candidate = CandidateFactory(academy=office.academy, ef1_language="", ef2=False)
    chosen = CandidateFactory(academy=office.academy, ef1_language="espagnol")
    page = _page(client, office, "EF1").content.decode()
    assert f'name="grade-{candidate.pk}"' not in page
    assert f'name="grade-{chosen.pk}"' in page


def test_another_academys_candidates_are_not_listed_nor_written(client, office):
    stranger = CandidateFactory(academy=AcademyFactory(code="B02"))
    page = _page(client, office, "E1").content.decode()
    assert stranger.number not in page
    _post(
        client,
        "E1",
        {f"grade-{stranger.pk}": "12", f"original-{stranger.pk}": "", f"version-{stranger.pk}": ""},
    )
    assert not Grade.objects.exists()


def test_an_examiner_grades_only_the_epreuves_entrusted_to_him(client, office):
    from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation
    from ndrc.web.grading.services import examiners_assign
    from tests.factories import EstablishmentFactory

    outside = EstablishmentFactory(
        academy=office.academy,
        status=EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
        habilitation=Habilitation.NONE,
    )
    mine = CandidateFactory(academy=office.academy, establishment=outside)
    other = CandidateFactory(academy=office.academy, establishment=outside)
    examiner = UserFactory(role=Role.EXAMINER, academy=office.academy)
    examiners_assign(examiner=examiner, exam="E5W", candidates=[mine], actor=office)
    page = _page(client, examiner, "").content.decode()
    assert f'name="grade-{mine.pk}"' in page and other.number not in page
    html = _post(
        client,
        "E5W",
        {f"grade-{mine.pk}": "13", f"original-{mine.pk}": "", f"version-{mine.pk}": ""},
    ).content.decode()
    assert "1 note(s) enregistrée(s)." in html
    assert Grade.objects.get(candidate=mine, exam="E5W").ccf is False
    html = _post(
        client,
        "E1",
        {f"grade-{mine.pk}": "13", f"original-{mine.pk}": "", f"version-{mine.pk}": ""},
    ).content.decode()
    assert "enregistrée" not in html and mine.number not in html  # E1 is not entrusted
    assert not Grade.objects.filter(exam="E1").exists()


def test_the_exam_office_entrusts_an_epreuve_to_an_examiner(client, office):
    candidate = CandidateFactory(academy=office.academy)
    examiner = UserFactory(role=Role.EXAMINER, academy=office.academy, username="exa")
    client.login(username=office.username, password=PASSWORD)
    page = client.post(
        reverse("examiner_assignments"),
        {"examiner": examiner.pk, "exam": "E1", "establishment": candidate.establishment_id},
        follow=True,
    ).content.decode()
    assert "1 candidat(s) confié(s)" in page and "(exa)" in page
    assert AuditEntry.objects.filter(action="examiners_assign").exists()


@pytest.mark.parametrize("role", [Role.JURY, Role.CANDIDATE])
def test_other_roles_cannot_enter_grades(client, db, role):
    user = UserFactory(role=role)
    client.login(username=user.username, password=PASSWORD)
    assert client.get(reverse("grade_entry")).status_code == 403
    assert client.post(reverse("grade_entry"), {}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login(client, db):
    response = client.get(reverse("grade_entry"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_conflict_does_not_quote_a_grade_the_user_may_not_see(client, office):
    """A training centre sees its CCF proposals only: a one-off grade stored meanwhile is a
    conflict whose value is not quoted to it."""
    candidate = _column_2()
    grade_set(candidate=candidate, write=GradeWrite("E3", "grade", Decimal("7.25")), actor=None)
    centre = UserFactory(role=Role.TRAINING_CENTRE, establishment=candidate.establishment)
    page = _page(client, centre, "E3").content.decode()
    assert "7,25" not in page
    html = _post(
        client,
        "E3",
        {
            f"grade-{candidate.pk}": "15",
            f"original-{candidate.pk}": "",
            f"version-{candidate.pk}": "",
        },
    ).content.decode()
    assert "Une note a été saisie entre-temps par un autre service" in html
    assert "7,25" not in html
    assert Grade.objects.get(candidate=candidate, exam="E3").value == Decimal("7.25")


def test_an_examiner_that_is_not_a_number_is_a_message_not_an_error(client, office):
    candidate = CandidateFactory(academy=office.academy)
    client.login(username=office.username, password=PASSWORD)
    response = client.post(
        reverse("examiner_assignments"),
        {"examiner": "abc", "exam": "E1", "establishment": candidate.establishment_id},
        follow=True,
    )
    assert response.status_code == 200
    assert "Choisissez un examinateur et un groupe qui passe l&#x27;épreuve." in (
        response.content.decode()
    )
