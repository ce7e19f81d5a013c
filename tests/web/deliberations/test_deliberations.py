"""Juries and their deliberation: what blocks closing, jury changes with a reason, closing
freezes the results and locks the grades, reopening with a reason, publication, exports."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.deliberations import closing, resits, services
from ndrc.web.deliberations.models import FrozenResult, Jury
from ndrc.web.deliberations.selectors import jury_review
from ndrc.web.demo.services import DEMO_PASSWORD
from tests.factories import AcademyFactory, CandidateFactory, UserFactory, academy_dates

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"


def test_a_complete_jury_closes_and_its_results_are_frozen_with_their_explanation(jury, office):
    review = jury_review(jury)
    assert review.can_close, [r.problems for r in review.rows] + review.session_problems
    assert closing.deliberation_close(jury=jury, actor=office) == 2
    jury.refresh_from_db()
    assert jury.is_closed and jury.closed_by == office
    results = {r.candidate.number: r for r in FrozenResult.objects.select_related("candidate")}
    decisions = sorted(r.decision for r in results.values())
    assert decisions == ["admitted", "failed"]
    some = next(iter(results.values()))
    assert some.regulation == "R2023"
    assert "Moyenne générale" in some.explanation
    assert some.result["decision"] == some.decision
    assert AuditEntry.objects.filter(action="result_freeze").count() == 2
    assert AuditEntry.objects.filter(action="deliberation_close").count() == 1


def test_closing_is_refused_while_a_grade_is_missing_or_reserved(jury, office):
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    grade = Grade.objects.get(candidate=candidate, exam="E3")
    grade_set(
        candidate=candidate,
        write=GradeWrite("E3", "reserved"),
        actor=office,
        expected_version=grade.version,
    )
    review = jury_review(jury)
    assert not review.can_close
    assert [r.candidate for r in review.blockers] == [candidate]
    assert "E3" in " ".join(review.blockers[0].problems)
    with pytest.raises(closing.DeliberationBlocked, match=candidate.number):
        closing.deliberation_close(jury=jury, actor=office)
    assert not FrozenResult.objects.exists()
    assert not Jury.objects.get(pk=jury.pk).is_closed


def test_no_deposit_deadline_blocks_the_closing(jury, office, session):
    academy_dates(session, office.academy, deposit_deadline=None)
    review = jury_review(jury)
    assert review.session_problems and not review.can_close


def test_another_academys_deadline_does_not_open_the_closing(jury, office, session):
    academy_dates(session, office.academy, deposit_deadline=None)
    academy_dates(session, AcademyFactory(code="B02"), deposit_deadline=dt.date(2025, 3, 14))
    review = jury_review(jury)
    assert "n'est pas fixée pour l'académie" in review.session_problems[0]


def test_after_closing_grades_are_locked_until_a_reasoned_reopening(jury, office):
    closing.deliberation_close(jury=jury, actor=office)
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    grade = Grade.objects.get(candidate=candidate, exam="E1")
    with pytest.raises(ValidationError, match="Délibération close"):
        grade_set(
            candidate=candidate,
            write=GradeWrite("E1", "grade", Decimal(15)),
            actor=office,
            expected_version=grade.version,
        )
    with pytest.raises(ValidationError, match="motif"):
        closing.deliberation_reopen(jury=jury, reason="  ", actor=office)
    closing.deliberation_reopen(jury=jury, reason="Erreur de report en E1", actor=office)
    grade_set(
        candidate=candidate,
        write=GradeWrite("E1", "grade", Decimal(15)),
        actor=office,
        expected_version=grade.version,
    )
    jury.refresh_from_db()
    assert jury.round == 2 and not jury.is_closed
    closing.deliberation_close(jury=jury, actor=office)
    rounds = list(
        FrozenResult.objects.filter(candidate=candidate).order_by("round").values_list("round")
    )
    assert rounds == [(1,), (2,)]
    reopen = AuditEntry.objects.get(action="deliberation_reopen")
    assert reopen.reason == "Erreur de report en E1"


def test_a_jury_change_needs_a_reason_and_changes_the_decision(jury, office):
    weak = Candidate.objects.filter(jury_assignment__jury=jury, grades__value=8).distinct().get()
    member = jury.members.get()
    with pytest.raises(ValidationError, match="motif"):
        services.jury_grade_change(
            jury=jury, candidate=weak, exam="E1", value="20", reason="", actor=member
        )
    for exam in ("E1", "E2", "E3", "E4", "E6"):
        services.jury_grade_change(
            jury=jury,
            candidate=weak,
            exam=exam,
            value="11",
            reason="Harmonisation",
            actor=member,
        )
    services.jury_grade_change(
        jury=jury, candidate=weak, exam="E5", value="11", reason="Harmonisation", actor=member
    )
    row = next(r for r in jury_review(jury).rows if r.candidate == weak)
    assert row.result.decision.value == "admitted"
    assert len(row.changes) == 6
    assert AuditEntry.objects.filter(action="jury_grade_change", candidate=weak).count() == 6


def test_publication_shows_the_result_to_the_candidate_only_then(client, jury, office):
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    account = UserFactory(role=Role.CANDIDATE, username="moi")
    Candidate.objects.filter(pk=candidate.pk).update(user=account)
    client.login(username="moi", password=PASSWORD)
    assert "pas encore publiés" in client.get(reverse("my_result")).content.decode()
    closing.deliberation_close(jury=jury, actor=office)
    assert "pas encore publiés" in client.get(reverse("my_result")).content.decode()
    with pytest.raises(ValidationError):
        closing.deliberation_reopen(jury=Jury.objects.get(pk=jury.pk), reason="", actor=office)
    closing.results_publish(jury=jury, actor=office)
    html = client.get(reverse("my_result")).content.decode()
    frozen = FrozenResult.objects.get(candidate=candidate)
    assert 'id="my-decision"' in html and frozen.decision_label in html
    with pytest.raises(ValidationError, match="déjà publiés"):
        closing.results_publish(jury=jury, actor=office)


def test_exports_of_the_arrested_results(client, jury, office):
    closing.deliberation_close(jury=jury, actor=office)
    client.login(username=office.username, password=PASSWORD)
    response = client.get(reverse("jury_export", args=[jury.pk, "csv"]))
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {r["decision"] for r in rows} == {"admitted", "failed"}
    assert all(r["reglement"] == "R2023" for r in rows)
    response = client.get(reverse("jury_export", args=[jury.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "N° candidat" and sheet.max_row == 3


def test_the_jury_page_walks_from_missing_to_closed_to_published(client, jury, office):
    client.login(username=office.username, password=PASSWORD)
    page = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert 'id="nothing-missing"' in page and 'id="close-button"' in page
    confirmed = {"confirmed": "1"}
    page = client.post(reverse("jury_close", args=[jury.pk]), confirmed, follow=True)
    page = page.content.decode()
    assert 'id="job-result"' in page and "2 résultat(s) arrêté(s)" in page  # the job's page
    page = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert 'id="publish-button"' in page
    page = client.post(reverse("jury_publish", args=[jury.pk]), confirmed, follow=True)
    assert 'id="published"' in page.content.decode()
    page = client.post(
        reverse("jury_reopen", args=[jury.pk]), {"reason": "", **confirmed}, follow=True
    ).content.decode()
    assert "obligatoire" in page
    page = client.post(
        reverse("jury_reopen", args=[jury.pk]),
        {"reason": "Recours gracieux", **confirmed},
        follow=True,
    ).content.decode()
    assert "nouveau tour" in page and "Recours gracieux" in page


def _summary(page):
    import re

    return re.search(r'id="confirm-summary">\s*<p class="fr-callout__title">([^<]*)<', page)[1]


def test_closing_first_shows_what_it_will_arrest_and_changes_nothing(client, jury, office):
    client.login(username=office.username, password=PASSWORD)
    url = reverse("jury_close", args=[jury.pk])
    page = client.post(url).content.decode()
    assert _summary(page) == "2 candidats — Admis : 1 ; Ajourné : 1"
    assert "verrouillés" in page and 'name="confirmed" value="1"' in page
    assert (
        'id="confirm-button"' in page
        and "disabled" not in page.split('id="confirm-button"')[1][:20]
    )
    jury.refresh_from_db()
    assert not jury.is_closed and not FrozenResult.objects.exists()
    seen = jury_review(jury).fingerprint
    response = client.post(url, {"confirmed": "1", "seen": seen})
    assert response.status_code == 302
    jury.refresh_from_db()
    assert jury.is_closed and FrozenResult.objects.count() == 2


def test_the_close_confirmation_says_what_blocks_and_offers_no_confirmation(client, jury, office):
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    Grade.objects.filter(candidate=candidate, exam="E2").delete()
    client.login(username=office.username, password=PASSWORD)
    page = client.post(reverse("jury_close", args=[jury.pk]), {"seen": "1"}).content.decode()
    assert 'id="confirm-problems"' in page and candidate.number in page
    assert 'id="confirm-button" disabled' in page
    assert 'id="changed-since"' in page  # the page read was not the current state
    assert not Jury.objects.get(pk=jury.pk).is_closed


def test_publishing_first_shows_what_candidates_will_see_and_changes_nothing(client, jury, office):
    closing.deliberation_close(jury=jury, actor=office)
    client.login(username=office.username, password=PASSWORD)
    url = reverse("jury_publish", args=[jury.pk])
    page = client.post(url).content.decode()
    assert _summary(page) == "2 candidats — Admis : 1 ; Ajourné : 1"
    assert "Mes résultats" in page and "ne se retire pas" in page
    assert not FrozenResult.objects.filter(published_at__isnull=False).exists()
    client.post(url, {"confirmed": "1"})
    assert FrozenResult.objects.filter(published_at__isnull=False).count() == 2
    page = client.post(url, follow=True).content.decode()  # nothing left to publish
    assert "déjà publiés" in page and 'id="confirm-summary"' not in page


def test_reopening_first_shows_the_arrested_results_and_changes_nothing(client, jury, office):
    closing.deliberation_close(jury=jury, actor=office)
    client.login(username=office.username, password=PASSWORD)
    url = reverse("jury_reopen", args=[jury.pk])
    page = client.post(url, {"reason": "Recours gracieux"}).content.decode()
    assert _summary(page) == "2 candidats — Admis : 1 ; Ajourné : 1"
    assert "tour de délibération 2" in page and ">Recours gracieux</textarea>" in page
    jury.refresh_from_db()
    assert jury.is_closed and jury.round == 1
    assert not AuditEntry.objects.filter(action="deliberation_reopen").exists()
    page = client.post(url, {"reason": ""}).content.decode()
    assert 'id="reason-error"' in page
    client.post(url, {"reason": "Recours gracieux", "confirmed": "1"})
    jury.refresh_from_db()
    assert not jury.is_closed and jury.round == 2


def test_a_jury_member_adds_a_change_on_the_candidate_page(client, jury):
    client.login(username="president", password=PASSWORD)
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    url = reverse("jury_change_new", args=[candidate.pk])
    page = client.post(url, {"exam": "E1", "value": "14", "reason": ""}).content.decode()
    assert 'id="errors"' in page
    page = client.post(
        url, {"exam": "E1", "value": "14", "reason": "Copie revue"}, follow=True
    ).content.decode()
    assert "Copie revue" in page and 'id="jury-changes"' in page


def test_a_jury_member_sees_only_the_juries_he_sits_on(client, jury, session, office):
    other_member = UserFactory(role=Role.JURY, academy=office.academy, username="autre")
    client.login(username="autre", password=PASSWORD)
    assert client.get(reverse("jury_detail", args=[jury.pk])).status_code == 404
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    assert client.get(reverse("deliberation_detail", args=[candidate.pk])).status_code == 404
    assert client.post(reverse("jury_close", args=[jury.pk])).status_code == 404
    assert other_member.juries.count() == 0


def test_another_academys_exam_office_cannot_reach_the_jury(client, jury):
    stranger = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="Z99"))
    client.login(username=stranger.username, password=PASSWORD)
    assert client.get(reverse("jury_detail", args=[jury.pk])).status_code == 404
    assert client.get(reverse("jury_export", args=[jury.pk, "csv"])).status_code == 404
    assert client.post(reverse("jury_publish", args=[jury.pk])).status_code == 404


def test_a_jury_member_cannot_publish(client, jury, office):
    closing.deliberation_close(jury=jury, actor=office)
    client.login(username="president", password=PASSWORD)
    assert client.post(reverse("jury_publish", args=[jury.pk])).status_code == 403
    assert not FrozenResult.objects.filter(published_at__isnull=False).exists()


def test_a_candidate_is_in_one_jury_only(jury, session, office):
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    with pytest.raises(ValidationError, match="relève déjà"):
        services.jury_create(
            session=session,
            academy=office.academy,
            name="Jury B",
            members=[],
            candidates=[candidate],
            actor=office,
        )


def test_the_exam_office_creates_a_jury_from_establishments(client, session, office):
    candidate = CandidateFactory(session=session, academy=office.academy)
    client.login(username=office.username, password=PASSWORD)
    response = client.post(
        reverse("jury_new"),
        {"name": "Jury C", "establishments": [candidate.establishment_id]},
        follow=True,
    )
    assert "Jury créé" in response.content.decode()
    assert Jury.objects.get(name="Jury C").assignments.get().candidate == candidate


def test_the_audit_trail_of_a_candidate(client, jury, office):
    client.login(username=office.username, password=PASSWORD)
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    page = client.get(reverse("candidate_audit", args=[candidate.pk])).content.decode()
    assert page.count('data-action="grade_set"') == 7
    assert page.count('data-action="dossier_set"') == 2


def test_the_demo_has_two_juries_and_blockers_to_show(demo):
    juries = list(Jury.objects.all())
    assert len(juries) == 2
    assert sum(j.assignments.count() for j in juries) == Candidate.objects.count()
    assert any(jury_review(j).blockers for j in juries)


def test_the_demo_jury_account_opens_its_juries(client, demo):
    client.login(username="jury", password=DEMO_PASSWORD)
    page = client.get(reverse("deliberation")).content.decode()
    assert page.count("data-jury=") == 2


def test_resit_orals_are_entered_and_decide_after_the_first_deliberation(client, jury, office):
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    for exam in ("E1", "E2", "E3"):
        grade = Grade.objects.get(candidate=candidate, exam=exam)
        grade_set(
            candidate=candidate,
            write=GradeWrite(exam, "grade", Decimal(6)),
            actor=office,
            expected_version=grade.version,
        )
    for exam in ("E4", "E5W", "E5P", "E6"):
        grade = Grade.objects.get(candidate=candidate, exam=exam)
        grade_set(
            candidate=candidate,
            write=GradeWrite(exam, "grade", Decimal(12)),
            actor=office,
            expected_version=grade.version,
        )
    row = next(r for r in jury_review(jury).rows if r.candidate == candidate)
    assert row.result.decision.value == "resit_eligible"
    closing.deliberation_close(jury=jury, actor=office)
    with pytest.raises(ValidationError, match="close"):
        resits.resit_grade_set(candidate=candidate, unit="U1", value="16", actor=office)
    closing.deliberation_reopen(jury=jury, reason="Épreuves de contrôle", actor=office)
    client.login(username=office.username, password=PASSWORD)
    url = reverse("deliberation_detail", args=[candidate.pk])
    assert 'id="resit-form"' in client.get(url).content.decode()
    resit = reverse("resit_grade_new", args=[candidate.pk])
    client.post(resit, {"unit": "U1", "value": "16"})
    page = client.post(resit, {"unit": "U3", "value": "15"}, follow=True)
    html = page.content.decode()
    assert 'id="resits"' in html and "Admis après épreuves de contrôle" in html
    row = next(
        r for r in jury_review(Jury.objects.get(pk=jury.pk)).rows if r.candidate == candidate
    )
    assert row.result.decision.value == "admitted_after_resit"
    assert AuditEntry.objects.filter(action="resit_grade_set", candidate=candidate).count() == 2


def test_a_candidate_who_renounces_the_resit_orals_is_ajourne(jury, office):
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    for exam in ("E1", "E2", "E3"):
        grade = Grade.objects.get(candidate=candidate, exam=exam)
        grade_set(
            candidate=candidate,
            write=GradeWrite(exam, "grade", Decimal(6)),
            actor=office,
            expected_version=grade.version,
        )
    with pytest.raises(ValidationError, match="motif"):
        resits.resit_declined_set(candidate=candidate, declined=True, reason="", actor=office)
    resits.resit_declined_set(
        candidate=candidate, declined=True, reason="Courrier du candidat", actor=office
    )
    row = next(r for r in jury_review(jury).rows if r.candidate == candidate)
    assert row.result.decision.value == "failed"


def test_a_blocked_closing_job_fails_with_what_is_missing_and_a_way_back(client, jury, office):
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).first()
    Grade.objects.filter(candidate=candidate, exam="E2").delete()
    client.login(username="president", password=PASSWORD)
    page = client.post(
        reverse("jury_close", args=[jury.pk]), {"confirmed": "1"}, follow=True
    ).content.decode()
    assert 'id="job-error"' in page and candidate.number in page
    assert f'href="{reverse("jury_detail", args=[jury.pk])}"' in page
    assert not FrozenResult.objects.exists()
