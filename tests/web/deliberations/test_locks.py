"""What the review of the deliberation found, kept fixed: files locked after closing, judgements
reserved to the rectorat, dates frozen, stale pages refused, exact displays, resit limits,
reopening by the exam office only, late candidates, read-only admin."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ndrc.rules.results import display_average
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.file_services import dossier_set, internship_add
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Candidate, Dossier, Grade
from ndrc.web.deliberations import closing, resits, services
from ndrc.web.deliberations.models import FrozenResult, Jury
from ndrc.web.deliberations.selectors import jury_review
from ndrc.web.sessions import selectors
from ndrc.web.sessions.models import ExamSession
from ndrc.web.sessions.services import session_choose, session_dates_set
from tests.factories import CandidateFactory, ExamSessionFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"


def _first(jury):
    return Candidate.objects.filter(jury_assignment__jury=jury).order_by("pk").first()


def _set(candidate, exam, value, actor):
    grade = Grade.objects.get(candidate=candidate, exam=exam)
    grade_set(
        candidate=candidate,
        write=GradeWrite(exam, "grade", Decimal(value)),
        actor=actor,
        expected_version=grade.version,
    )


def test_dossiers_and_internships_are_locked_once_the_deliberation_is_closed(jury, office):
    closing.deliberation_close(jury=jury, actor=office)
    candidate = _first(jury)
    with pytest.raises(ValidationError, match="Délibération close"):
        dossier_set(candidate=candidate, exam="E4", content={"deposited_on": "2025-03-20"})
    with pytest.raises(ValidationError, match="Délibération close"):
        internship_add(
            candidate=candidate,
            organisation="X",
            start=dt.date(2025, 1, 1),
            end=dt.date(2025, 1, 2),
        )
    assert (
        Dossier.objects.get(candidate=candidate, exam="E4").content["deposited_on"] == "2025-03-10"
    )


def test_a_training_centre_cannot_clear_the_rectorats_judgements(client, jury, office):
    candidate = _first(jury)
    content = dict(Dossier.objects.get(candidate=candidate, exam="E4").content)
    dossier_set(
        candidate=candidate,
        exam="E4",
        content={**content, "exam_day_doubt": "pending", "plagiarism_suspected": True},
        actor=office,
        reason="Doute de la commission le jour de l'épreuve",
    )
    centre = UserFactory(role=Role.TRAINING_CENTRE, establishment=candidate.establishment)
    client.login(username=centre.username, password=PASSWORD)
    page = client.get(reverse("dossier_edit", args=[candidate.pk, "E4"])).content.decode()
    assert 'name="exam_day_doubt"' not in page and 'id="judgements"' in page
    client.post(
        reverse("dossier_edit", args=[candidate.pk, "E4"]),
        {"deposited_on": "2025-03-10", "signed": "1", "exam_day_doubt": "cleared"},
    )
    stored = Dossier.objects.get(candidate=candidate, exam="E4").content
    assert stored["exam_day_doubt"] == "pending" and stored["plagiarism_suspected"] is True


def test_session_dates_are_frozen_once_a_jury_closed(jury, office, session):
    closing.deliberation_close(jury=jury, actor=office)
    with pytest.raises(ValidationError, match="ne changent plus"):
        session_dates_set(
            session=session,
            academy=office.academy,
            deposit_deadline=dt.date(2025, 1, 15),
            oral_date=None,
            actor=office,
        )


def test_creating_next_years_session_does_not_move_the_session_in_progress(office):
    session_2025 = ExamSessionFactory(year=2025)
    session_choose(user=office, session=session_2025)
    ExamSessionFactory(year=2026)
    assert selectors.session_current(user=office) == session_2025
    session_choose(user=office, session=ExamSession.objects.get(year=2026))
    assert selectors.session_current(user=office).year == 2026


def test_closing_is_refused_when_a_grade_changed_since_the_page_was_read(jury, office):
    seen = jury_review(jury).fingerprint
    _set(_first(jury), "E1", 13, office)
    with pytest.raises(closing.DeliberationBlocked, match="ont changé"):
        closing.deliberation_close(jury=jury, actor=office, seen=seen)
    assert not FrozenResult.objects.exists()
    assert closing.deliberation_close(jury=jury, actor=office, seen=jury_review(jury).fingerprint)


def test_an_average_just_below_a_threshold_never_reads_as_the_threshold():
    assert display_average(Fraction(6999, 700), 2025) == "9,9986"
    assert display_average(Fraction(7999, 1000), 2025) == "7,9990"
    assert display_average(Fraction(1186, 100), 2025) == "11,86"


def test_the_session_list_shows_the_jurys_changes(client, jury, office):
    weak = Candidate.objects.filter(jury_assignment__jury=jury, grades__value=8).distinct().get()
    for exam in ("E1", "E2", "E3", "E4", "E5", "E6"):
        services.jury_grade_change(
            jury=jury, candidate=weak, exam=exam, value="12", reason="Harmonisation", actor=office
        )
    client.login(username=office.username, password=PASSWORD)
    page = client.get(reverse("deliberation")).content.decode()
    assert 'data-decision="failed"' not in page


def _resit_eligible(jury, office):
    candidate = _first(jury)
    for exam in ("E1", "E2", "E3"):
        _set(candidate, exam, 6, office)
    return candidate


def test_resits_are_limited_to_two_eligible_units_and_can_be_withdrawn(jury, office):
    candidate = _resit_eligible(jury, office)
    with pytest.raises(ValidationError, match="pas d'épreuve de contrôle possible"):
        resits.resit_grade_set(candidate=candidate, unit="ZZ", value="12", actor=office)
    resits.resit_grade_set(candidate=candidate, unit="U1", value="12", actor=office)
    resits.resit_grade_set(candidate=candidate, unit="U3", value="11", actor=office)
    with pytest.raises(ValidationError, match="au plus"):
        resits.resit_grade_set(candidate=candidate, unit="U2", value="14", actor=office)
    with pytest.raises(ValidationError, match="motif"):
        resits.resit_grade_withdraw(candidate=candidate, unit="U3", reason="", actor=office)
    resits.resit_grade_withdraw(candidate=candidate, unit="U3", reason="Erreur", actor=office)
    resits.resit_grade_set(candidate=candidate, unit="U2", value="14", actor=office)
    assert sorted(candidate.resits.values_list("unit", flat=True)) == ["U1", "U2"]


def test_a_candidate_who_is_not_eligible_has_no_resit(jury, office):
    admitted = Candidate.objects.filter(jury_assignment__jury=jury, grades__value=12).first()
    with pytest.raises(ValidationError, match="n'est pas admissible"):
        resits.resit_grade_set(candidate=admitted, unit="U1", value="12", actor=office)


def test_only_the_exam_office_reopens_and_candidates_are_told(client, jury, office):
    closing.deliberation_close(jury=jury, actor=office)
    closing.results_publish(jury=jury, actor=office)
    client.login(username="president", password=PASSWORD)
    assert client.post(reverse("jury_reopen", args=[jury.pk]), {"reason": "x"}).status_code == 403
    closing.deliberation_reopen(jury=jury, reason="Recours", actor=office)
    candidate = _first(jury)
    account = UserFactory(role=Role.CANDIDATE)
    Candidate.objects.filter(pk=candidate.pk).update(user=account)
    client.login(username=account.username, password=PASSWORD)
    assert 'id="reconsidered"' in client.get(reverse("my_result")).content.decode()
    client.login(username=office.username, password=PASSWORD)
    export = client.get(reverse("jury_export", args=[jury.pk, "csv"]))
    assert export.status_code == 200 and "tour-1" in export["Content-Disposition"]
    assert client.get(reverse("jury_export", args=[jury.pk, "csv"]) + "?tour=2").status_code == 404


def test_late_candidates_are_added_to_an_open_jury(client, jury, office, session):
    late = CandidateFactory(session=session, academy=office.academy)
    client.login(username=office.username, password=PASSWORD)
    page = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert 'id="add-candidates"' in page
    client.post(
        reverse("jury_add_candidates", args=[jury.pk]), {"establishment": late.establishment_id}
    )
    assert Jury.objects.get(pk=jury.pk).assignments.filter(candidate=late).exists()


def test_the_admin_cannot_change_what_decides_a_result(client, jury):
    admin = UserFactory(role="", is_superuser=True, is_staff=True, username="root")
    client.login(username=admin.username, password=PASSWORD)
    candidate = _first(jury)
    url = reverse("admin:candidates_candidate_change", args=[candidate.pk])
    client.post(url, {"last_name": "Changé"})
    candidate.refresh_from_db()
    assert candidate.last_name != "Changé"
    grade = Grade.objects.filter(candidate=candidate).first()
    client.post(reverse("admin:candidates_grade_delete", args=[grade.pk]), {"post": "yes"})
    assert Grade.objects.filter(pk=grade.pk).exists()


def test_closing_locks_the_files_and_reopening_unlocks_them(jury, office):
    candidates = Candidate.objects.filter(jury_assignment__jury=jury)
    assert set(candidates.values_list("locked_by", flat=True)) == {""}
    closing.deliberation_close(jury=jury, actor=office)
    assert set(candidates.values_list("locked_by", flat=True)) == {jury.name}
    closing.deliberation_reopen(jury=jury, reason="Recours", actor=office)
    assert set(candidates.values_list("locked_by", flat=True)) == {""}
    _set(_first(jury), "E1", 13, office)  # writable again


def test_session_dates_stay_frozen_while_any_jury_of_the_session_is_closed(jury, office, session):
    other = services.jury_create(
        session=session, academy=office.academy, name="Jury B", members=[], candidates=[]
    )
    closing.deliberation_close(jury=jury, actor=office)
    Jury.objects.filter(pk=other.pk).update(state=Jury.CLOSED)  # as if closed too
    closing.deliberation_reopen(jury=jury, reason="Recours", actor=office)
    assert ExamSession.objects.get(pk=session.pk).results_frozen  # Jury B is still closed
    closing.deliberation_close(jury=Jury.objects.get(pk=jury.pk), actor=office)
    closing.deliberation_reopen(jury=Jury.objects.get(pk=jury.pk), reason="Recours", actor=office)
    Jury.objects.filter(pk=other.pk).update(state=Jury.OPEN)
    closing.deliberation_close(jury=Jury.objects.get(pk=jury.pk), actor=office)
    closing.deliberation_reopen(jury=Jury.objects.get(pk=jury.pk), reason="Recours", actor=office)
    assert not ExamSession.objects.get(pk=session.pk).results_frozen
    session_dates_set(
        session=session,
        academy=office.academy,
        deposit_deadline=dt.date(2025, 3, 14),
        oral_date=None,
        actor=office,
    )
