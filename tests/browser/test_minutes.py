"""A jury of 300 candidates from the demo session produces its PV de délibération in the
browser: the exam office closes the deliberation (the PV is issued with it), downloads the PV
from the jury's page and it lists the 300 candidates. Screenshots in test-artifacts/."""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from ndrc.web.accounts.models import User
from ndrc.web.candidates.file_services import dossier_set
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Candidate, Dossier, Grade
from ndrc.web.deliberations.models import Jury, JuryAssignment
from ndrc.web.deliberations.selectors import jury_review
from ndrc.web.demo.services import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _one_jury_of_the_whole_demo() -> Jury:
    """The demo's 300 candidates in one jury (its two juries merged), their reserved grades
    entered by the exam office so that nothing blocks the closing."""
    first, second = Jury.objects.order_by("pk")
    JuryAssignment.objects.filter(jury=second).update(jury=first)
    second.delete()
    office = User.objects.get(username="gestionnaire")
    for grade in Grade.objects.filter(state="reserved").select_related("candidate"):
        candidate = Candidate.objects.select_related("establishment", "session").get(
            pk=grade.candidate_id
        )
        grade_set(
            candidate=candidate,
            write=GradeWrite(grade.exam, "grade", Decimal(10), ccf=grade.ccf),
            actor=office,
            expected_version=grade.version,
            reason="Note reçue après la réserve",
        )
    for dossier in Dossier.objects.filter(content__exam_day_doubt="pending"):
        # The commission lifts the doubts raised on the exam day.
        dossier_set(
            candidate=Candidate.objects.select_related("session").get(pk=dossier.candidate_id),
            exam=dossier.exam,
            content={**dossier.content, "exam_day_doubt": "cleared"},
            actor=office,
            reason="Doute levé par la commission",
        )
    for row in jury_review(first).blockers:  # a grade never entered
        for problem in row.problems:
            exam = re.match(r"manque : (E\w+)", problem)
            if exam is None:
                continue
            current = Grade.objects.filter(candidate=row.candidate, exam=exam[1]).first()
            grade_set(
                candidate=row.candidate,
                write=GradeWrite(exam[1], "grade", Decimal(10)),
                actor=office,
                expected_version=None if current is None else current.version,
                reason="Note reçue après la réserve",
            )
    review = jury_review(first)
    assert len(review.rows) == 300 and review.can_close, [r.problems for r in review.blockers]
    return first


def test_a_jury_of_300_candidates_from_the_demo_produces_its_pv(
    live_server, demo, page, screenshot
):
    jury = _one_jury_of_the_whole_demo()
    url = live_server.url
    page.goto(url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("gestionnaire")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.goto(f"{url}/deliberation/jury/{jury.pk}/")
    page.locator("#close-button").click()
    page.locator("#confirm-button").click()
    page.wait_for_selector("#job-result")
    assert "Procès-verbal édité" in page.locator("#job-result").inner_text()
    page.goto(f"{url}/deliberation/jury/{jury.pk}/")
    screenshot("jury-closed")
    with page.expect_download() as download_info:
        page.locator("#minutes-1").click()
    download = download_info.value
    assert download.suggested_filename.startswith("pv-deliberation-PV-2025-J")
    content = Path(download.path()).read_bytes()
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    numbers = set(
        Candidate.objects.filter(jury_assignment__jury=jury).values_list("number", flat=True)
    )
    assert len(numbers) == 300
    assert all(number in text for number in numbers)
    assert f"page {len(reader.pages)} / {len(reader.pages)}" in text
    assert "Le jury a délibéré sur 300 candidats." in " ".join(text.split())
