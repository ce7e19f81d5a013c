"""The inputs that gave a server error (issue 14, « No server error on any input »), one test
each: every one is refused with a French message and changes nothing. They run on SQLite and
on PostgreSQL (make test), where a NUL character or an integer out of range is refused by the
database itself."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates import grade_services
from ndrc.web.candidates.models import Grade
from tests.factories import UserFactory
from tests.web.test_permission_matrix import row_counts

pytestmark = pytest.mark.django_db


def _members(jury):
    return jury.members.first()


def _candidate(jury):
    return jury.assignments.order_by("candidate__pk").first().candidate


def _page(response):
    return response.content.decode()


# --- A NUL character in a text field (five forms) ---------------------------------------------


def _nul_forms(jury):
    candidate = _candidate(jury)
    return {
        "internship_organisation": (
            reverse("internship_new", args=[candidate.pk]),
            {"organisation": "Volcans\x00", "start": "2024-05-13", "end": "2024-07-05"},
        ),
        "jury_change_reason": (
            reverse("jury_change_new", args=[candidate.pk]),
            {"exam": "E1", "value": "13", "reason": "erreur\x00de report"},
        ),
        "jury_name": (reverse("jury_new"), {"name": "Jury\x00B"}),
        "establishment": (
            reverse("establishment_list"),
            {"uai": "0630099Z", "name": "Lycée\x00", "status": "public", "habilitation": "ccf"},
        ),
        "session_label": (reverse("session_list"), {"year": "2026", "label": "Session\x00"}),
        "jury_member_name": (
            reverse("jury_member_new", args=[jury.pk]),
            {"name": "Claire\x00", "quality": "salarie"},
        ),
    }


@pytest.mark.parametrize(
    "field",
    [
        "internship_organisation",
        "jury_change_reason",
        "jury_name",
        "establishment",
        "session_label",
        "jury_member_name",
    ],
)
def test_a_nul_character_in_a_text_field_is_refused(client, office, jury, field):
    url, data = _nul_forms(jury)[field]
    client.force_login(_members(jury) if field == "jury_change_reason" else office)
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code == 400
    assert "contient un caractère nul" in _page(response)
    assert row_counts() == before


# --- Keys that are not numbers ---------------------------------------------------------------


def test_withdraw_abc_changes_nothing(client, jury):
    """``withdraw=abc`` (the withdrawal sent with a key that is no number) to the candidate's
    act pages: a French message, nothing written; a change that does not exist is a 404."""
    candidate = _candidate(jury)
    client.force_login(_members(jury))
    before = row_counts()
    response = client.post(reverse("jury_change_new", args=[candidate.pk]), {"withdraw": "abc"})
    assert response.status_code == 200
    assert "Épreuve inconnue" in _page(response) or "Motif" in _page(response)
    missing = reverse("jury_change_withdraw", args=[candidate.pk, 999999])
    assert client.post(missing, {"withdraw": "abc", "reason": "x"}).status_code == 404
    assert row_counts() == before


@pytest.mark.parametrize("members", ["abc", "²", "１２", "99999999999999999999999"])
def test_members_that_are_not_keys_are_refused(client, office, jury, members):
    client.force_login(office)
    before = row_counts()
    response = client.post(reverse("jury_new"), {"name": "Jury B", "members": members})
    assert response.status_code == 200
    assert "Membre du jury inconnu" in _page(response)
    assert row_counts() == before


# --- Grade cells -----------------------------------------------------------------------------


def _entry(client, candidate, text, exam="E1"):
    grade = Grade.objects.filter(candidate=candidate, exam=exam).first()
    return client.post(
        reverse("grade_entry") + f"?epreuve={exam}",
        {
            f"grade-{candidate.pk}": text,
            f"original-{candidate.pk}": "" if grade is None else grade.typed,
            f"version-{candidate.pk}": "" if grade is None else str(grade.version),
        },
    )


@pytest.mark.parametrize("text", ["BEN:12:40000", "BEN:12:²", "BEN:12:99999999999999999999"])
def test_a_kept_grade_with_a_session_out_of_range_is_refused(client, office, jury, text):
    candidate = _candidate(jury)
    client.force_login(office)
    before = row_counts()
    response = _entry(client, candidate, text)
    assert response.status_code == 200
    assert "session « " in _page(response) and "BEN:note:session" in _page(response)
    assert row_counts() == before


# --- Files -----------------------------------------------------------------------------------


def _xlsx():
    book = Workbook()
    sheet = book.active
    sheet.append(["numero", "epreuve", "note"])
    sheet.append([_NUMBER, "E1", 12])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_NUMBER = "T000001"


def _rewritten(content, part, change):
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, change(data) if info.filename == part else data)
    return out.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
)
BAD_FILES = {
    "doctype": lambda: _rewritten(_xlsx(), "xl/worksheets/sheet1.xml", lambda d: LAUGHS + d),
    "truncated_zip": lambda: _xlsx()[:1500],
    "truncated_xml": lambda: _rewritten(
        _xlsx(), "xl/worksheets/sheet1.xml", lambda d: d[: len(d) // 2]
    ),
}
MESSAGES = {
    "doctype": "déclaration de type de document XML",
    "truncated_zip": "incomplet ou endommagé",
    "truncated_xml": "incomplet ou endommagé",
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_damaged_or_hostile_xlsx_is_refused_in_french(client, office, jury, kind):
    client.force_login(office)
    before = row_counts()
    response = client.post(
        reverse("import_index"),
        {"contenu": "grades", "fichier": SimpleUploadedFile("notes.xlsx", BAD_FILES[kind]())},
        follow=True,
    )
    assert response.status_code == 200
    errors = [e.message for e in response.context["report"].errors]
    assert any(MESSAGES[kind] in message for message in errors), errors
    assert response.context["stored"] is None  # nothing to confirm
    after = row_counts()
    # Only the uploaded file and its check are kept (the dry run's job and its audit entry).
    changed = {k for k in after if after[k] != before[k]}
    assert changed <= {"imports.ImportFile", "jobs.Job", "audit.AuditEntry"}
    assert Grade.objects.count() == before["candidates.Grade"]


# --- Two first writes of the same grade at once ------------------------------------------------


def test_two_first_writes_of_one_grade_at_once_save_one_and_tell_the_other(
    client, office, jury, monkeypatch
):
    """The second of two first writes of a grade reads no grade (the first is not committed
    yet), then meets the first one's row when it inserts (unique constraint): a conflict on
    its row, not a server error; the page's other cells are saved and say so; one audit entry
    per saved grade."""
    first, second = (a.candidate for a in jury.assignments.order_by("candidate__pk"))
    Grade.objects.filter(candidate__in=[first, second], exam="E1").delete()
    client.force_login(office)
    other = UserFactory(role=Role.EXAM_OFFICE, academy=office.academy)
    # The other person's write, committed between this write's read and its insert.
    grade_services.grade_set(
        candidate=first,
        write=grade_services.GradeWrite("E1", "grade", Decimal("9")),
        actor=other,
    )
    real = grade_services._current
    monkeypatch.setattr(
        grade_services,
        "_current",
        lambda candidate, exam: None if candidate.pk == first.pk else real(candidate, exam),
    )
    audits = AuditEntry.objects.count()
    response = client.post(
        reverse("grade_entry") + "?epreuve=E1",
        {
            f"grade-{first.pk}": "14",
            f"original-{first.pk}": "",
            f"version-{first.pk}": "",
            f"grade-{second.pk}": "15,5",
            f"original-{second.pk}": "",
            f"version-{second.pk}": "",
        },
    )
    assert response.status_code == 200
    rows = {row.candidate.pk: row for row in response.context["rows"]}
    assert "Modifiée entre-temps" in rows[first.pk].conflict and not rows[first.pk].saved
    assert "« 9,00 »" in rows[first.pk].conflict  # the value the other person saved
    assert rows[second.pk].saved and not rows[second.pk].conflict
    assert "data-saved" in _page(response) and "1 note(s) enregistrée(s)" in _page(response)
    assert Grade.objects.get(candidate=first, exam="E1").value == Decimal("9")  # the other's
    assert Grade.objects.get(candidate=second, exam="E1").value == Decimal("15.5")
    assert AuditEntry.objects.count() == audits + 1  # the saved cell only
