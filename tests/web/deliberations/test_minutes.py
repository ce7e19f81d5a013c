"""A jury's PV de délibération and list of admitted, issued from the results it arrested: the
PV issued when the deliberation closes (and from the jury page), a new PV for a reopened
round (the earlier kept), a bounded number of queries whatever the jury's size, who may
download them, and the list of admitted only after publication, only the admitted."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ndrc.rules.texts_applied import texts_applied
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Grade
from ndrc.web.deliberations import closing, services
from ndrc.web.deliberations.anonymity import jury_anonymity_lift
from ndrc.web.deliberations.jury_member_services import jury_member_add, jury_member_remove
from ndrc.web.deliberations.minutes import (
    admitted_list_issue,
    jury_documents,
    minutes_data,
    minutes_issue,
)
from ndrc.web.deliberations.models import Jury, JuryMember
from ndrc.web.documents.minutes import minutes_of_plain, minutes_plain
from ndrc.web.documents.models import IssuedDocument
from ndrc.web.documents.services import data_fingerprint
from tests.factories import CandidateFactory, UserFactory
from tests.web.conftest import complete
from tests.web.documents.pdfs import pdf_metadata, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db
CONFIRMED = {"confirmed": "1"}


def _words(content: bytes) -> str:
    return " ".join(pdf_text(content).split())


@pytest.fixture
def member(jury):
    return jury.members.get()


def _close(client, jury):
    return client.post(reverse("jury_close", args=[jury.pk]), CONFIRMED, follow=True)


def test_closing_issues_the_pv_of_the_round(client, jury, office, member):
    # The jury's first candidate (its grades are 12; two generated names may be the same).
    candidate = jury.assignments.order_by("candidate__pk").first().candidate
    services.jury_grade_change(
        jury=jury,
        candidate=candidate,
        exam="E4",
        value="13.5",
        reason="Harmonisation de la commission",
        actor=member,
    )
    client.force_login(office)
    page = _close(client, jury).content.decode()
    assert "Procès-verbal édité (réf. PV-2025-J" in page
    document = IssuedDocument.objects.get(kind="pv-deliberation")
    assert document.subject == f"jury:{jury.pk}:round:1" and document.jury_id == jury.pk
    assert document.reference == f"PV-2025-J{jury.pk:04d}-T1-1"
    text = _words(bytes(document.content))
    pages = pdf_pages(bytes(document.content))
    for cited in texts_applied(2025):
        assert cited in text
    members = member.get_full_name() or member.username
    assert f"Membres du jury : {members}." in text
    assert f"Membre du jury : {members}" in text and "Président(e) du jury" in text
    for result in jury.results.select_related("candidate"):
        line = f"{result.candidate.number} {result.candidate.last_name.upper()}"
        assert line in text
        assert f"{result.decision_label} {result.average_display}" in text
    # The jury's change: épreuve, before and after, author and reason.
    assert "E4 12,00 13,50" in text
    assert "Harmonisation de la commission" in text
    author = member.get_full_name() or member.username
    assert author in text
    assert "Récapitulatif des décisions" in text and f"page 1 / {pages}" in text
    assert pdf_metadata(bytes(document.content))["Title"].startswith(
        "Procès-verbal de délibération — PV-2025-J"
    )
    # The jury's page offers it to download, to the exam office and to the jury's member.
    jury_page = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert f"{reverse('jury_minutes', args=[jury.pk])}?tour=1" in jury_page
    # A member reads its names once the anonymity of the deliberation is lifted (D121).
    jury_anonymity_lift(jury=jury, actor=member)
    for user in (office, member):
        client.force_login(user)
        response = client.get(reverse("jury_minutes", args=[jury.pk]), {"tour": "1"})
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content == bytes(document.content)


def test_averages_are_shown_as_arrested(jury, office):
    first = jury.assignments.order_by("pk").first().candidate
    for exam in ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6"):
        grade = Grade.objects.get(candidate=first, exam=exam)
        grade_set(
            candidate=first,
            write=GradeWrite(exam, "grade", Decimal("12.5")),
            actor=office,
            expected_version=grade.version,
        )
    closing.deliberation_close(jury=jury, actor=office)
    document = minutes_issue(jury=jury, actor=office)
    assert "Admis 12,50" in _words(bytes(document.content))


def test_issuing_again_gives_the_same_pv_and_a_reopened_round_a_new_one(jury, office):
    closing.deliberation_close(jury=jury, actor=office)
    jury.refresh_from_db()
    first = minutes_issue(jury=jury, actor=office)
    assert minutes_issue(jury=jury, actor=office).pk == first.pk
    closing.deliberation_reopen(jury=jury, reason="Recours gracieux", actor=office)
    jury.refresh_from_db()
    # The earlier round's PV is still issued (and again the same) while the jury is open.
    assert minutes_issue(jury=jury, actor=office, round_=1).pk == first.pk
    with pytest.raises(ValidationError, match="tour de délibération clos"):
        minutes_issue(jury=jury, actor=office, round_=2)
    closing.deliberation_close(jury=jury, actor=office)
    jury.refresh_from_db()
    second = minutes_issue(jury=jury, actor=office)
    assert second.pk != first.pk
    assert second.subject == f"jury:{jury.pk}:round:2" and second.version == 1
    assert "tour de délibération n° 2" in _words(bytes(second.content))
    minutes, _admitted = jury_documents(jury)
    assert minutes == {1: first, 2: second}
    assert IssuedDocument.objects.filter(kind="pv-deliberation").count() == 2


def test_a_rounds_pv_issued_later_says_what_was_decided_when_it_closed(jury, office):
    """D140: the composition, the results, the changes and the figures of round 1 are kept
    when it closes; its PV issued after a re-deliberation that changed a grade and the
    composition still says round 1's."""
    jury_member_add(
        jury=jury,
        name="Claire Martin",
        quality="enseignant_chercheur",
        president=True,
        actor=office,
    )
    closing.deliberation_close(jury=jury, actor=office)
    jury.refresh_from_db()
    kept = minutes_data(jury, 1)
    assert minutes_of_plain(minutes_plain(kept)) == kept
    closing.deliberation_reopen(jury=jury, reason="Recours gracieux", actor=office)
    jury.refresh_from_db()
    second = jury.assignments.order_by("candidate__pk").last().candidate
    grade = Grade.objects.get(candidate=second, exam="E4")
    grade_set(
        candidate=second,
        write=GradeWrite("E4", "grade", Decimal("19")),
        actor=office,
        expected_version=grade.version,
        reason="Erreur de report",
    )
    jury_member_remove(member=JuryMember.objects.get(jury=jury), actor=office)
    jury_member_add(
        jury=jury, name="Paul Durand", quality="professeur_public", president=True, actor=office
    )
    closing.deliberation_close(jury=jury, actor=office)
    jury.refresh_from_db()
    live = minutes_data(jury, 1)  # what the files say of round 1 now
    assert live.president != kept.president and live.annex != kept.annex
    first = minutes_issue(jury=jury, actor=office, round_=1)
    assert first.data_fingerprint == data_fingerprint(kept) != data_fingerprint(live)
    text = _words(bytes(first.content))
    assert "Président(e) du jury : Claire Martin" in text and "Paul Durand" not in text
    assert minutes_issue(jury=jury, actor=office, round_=1).pk == first.pk
    second_pv = _words(bytes(minutes_issue(jury=jury, actor=office, round_=2).content))
    assert "Président(e) du jury : Paul Durand" in second_pv


def test_the_pv_shows_withdrawn_changes_as_withdrawn(jury, office, member):
    candidate = jury.assignments.first().candidate
    change = services.jury_grade_change(
        jury=jury, candidate=candidate, exam="E2", value="15", reason="Erreur", actor=member
    )
    services.jury_grade_change_withdraw(change=change, reason="Saisie par erreur", actor=member)
    closing.deliberation_close(jury=jury, actor=office)
    data = minutes_data(jury, 1)
    assert [(c.exam, c.after, c.withdrawn, c.before) for c in data.changes] == [
        ("E2", "15,00", True, "")
    ]
    jury.refresh_from_db()
    assert "15,00 (retirée)" in _words(bytes(minutes_issue(jury=jury, actor=office).content))


def _jury_of(session, office, size, name):
    candidates = [
        complete(CandidateFactory(session=session, academy=office.academy)) for _ in range(size)
    ]
    jury = services.jury_create(
        session=session,
        academy=office.academy,
        name=name,
        members=[UserFactory(role=Role.JURY, academy=office.academy)],
        candidates=candidates,
        actor=office,
    )
    member = jury.members.get()
    for candidate in candidates[:2]:
        services.jury_grade_change(
            jury=jury, candidate=candidate, exam="E1", value="14", reason="Motif", actor=member
        )
    closing.deliberation_close(jury=jury, actor=office)
    return jury


def test_the_pv_data_is_read_in_the_same_number_of_queries_for_2_and_20(session, office):
    small = _jury_of(session, office, 2, "Petit jury")
    big = _jury_of(session, office, 20, "Grand jury")
    counts = []
    for jury in (small, big):
        with CaptureQueriesContext(connection) as queries:
            data = minutes_data(jury, 1)
        counts.append(len(queries))
        assert len(data.candidates) == jury.assignments.count()
        assert len(data.changes) == 2
    # The PV's six at most, and the five of its annex of figures (statistics_selectors).
    assert counts[0] == counts[1] <= 6 + 5


def test_the_list_of_admitted_is_refused_before_publication_and_lists_only_the_admitted(
    client, jury, office
):
    closing.deliberation_close(jury=jury, actor=office)
    jury.refresh_from_db()
    with pytest.raises(ValidationError, match="publiés"):
        admitted_list_issue(jury=jury, actor=office)
    client.force_login(office)
    page = client.post(
        reverse("jury_admitted_list_issue", args=[jury.pk]), CONFIRMED, follow=True
    ).content.decode()
    assert "ne s&#x27;édite qu&#x27;une fois les résultats du jury publiés" in page
    assert not IssuedDocument.objects.filter(kind="liste-des-admis").exists()
    closing.results_publish(jury=jury, actor=office)
    # A confirmation first, then the list.
    confirm = client.post(reverse("jury_admitted_list_issue", args=[jury.pk])).content.decode()
    assert 'name="confirmed" value="1"' in confirm
    client.post(reverse("jury_admitted_list_issue", args=[jury.pk]), CONFIRMED)
    document = IssuedDocument.objects.get(kind="liste-des-admis")
    text = _words(bytes(document.content))
    results = list(jury.results.select_related("candidate"))
    admitted = [r for r in results if r.decision == "admitted"]
    others = [r for r in results if r.decision != "admitted"]
    assert admitted and others
    for r in admitted:
        assert f"{r.candidate.last_name.upper()} {r.candidate.first_name} {r.candidate.number}" in (
            text
        )
    for r in others:
        assert r.candidate.number not in text
    assert "Moyenne" not in text
    response = client.get(reverse("jury_admitted_list", args=[jury.pk]))
    assert response.status_code == 200 and response.content == bytes(document.content)


def test_issuing_the_pv_from_the_page_asks_for_a_confirmation(client, jury, office):
    closing.deliberation_close(jury=jury, actor=office)
    client.force_login(office)
    page = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert 'id="minutes-issue-1"' in page
    url = reverse("jury_minutes_issue", args=[jury.pk])
    confirm = client.post(url, {"tour": "1"}).content.decode()
    assert "Éditer le procès-verbal du tour 1 ?" in confirm
    assert not IssuedDocument.objects.exists()
    page = client.post(url, {"tour": "1", **CONFIRMED}, follow=True).content.decode()
    assert "Procès-verbal édité" in page and 'id="minutes-1"' in page
    assert IssuedDocument.objects.filter(kind="pv-deliberation").count() == 1
    # Not a closed round: refused with a message, nothing issued.
    page = client.post(url, {"tour": "2", **CONFIRMED}, follow=True).content.decode()
    assert "tour de délibération clos" in page


def test_others_may_not_download_the_pv(client, jury, office, session):
    closing.deliberation_close(jury=jury, actor=office)
    jury.refresh_from_db()
    minutes_issue(jury=jury, actor=office)
    url = reverse("jury_minutes", args=[jury.pk])
    other = services.jury_create(
        session=session,
        academy=office.academy,
        name="Autre jury",
        members=[UserFactory(role=Role.JURY, academy=office.academy)],
        candidates=[],
        actor=office,
    )
    candidate = jury.assignments.first().candidate
    candidate_user = UserFactory(role=Role.CANDIDATE)
    candidate.user = candidate_user
    candidate.save()
    centre = UserFactory(
        role=Role.TRAINING_CENTRE,
        academy=office.academy,
        establishment=candidate.establishment,
    )
    for user, statuses in (
        (other.members.get(), (404,)),
        (candidate_user, (403,)),
        (centre, (403,)),
    ):
        client.force_login(user)
        assert client.get(url).status_code in statuses
    # The list of admitted is the exam office's: a jury member is refused it.
    client.force_login(jury.members.get())
    assert client.get(reverse("jury_admitted_list", args=[jury.pk])).status_code == 403
    assert Jury.objects.get(pk=jury.pk).is_closed
