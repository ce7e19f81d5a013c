"""The journal as a person reads it: « champ : ancienne valeur → nouvelle valeur » with the
fields' French names, the choices' labels, French dates and decimals, related objects by name;
and the candidate's history page that shows it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ndrc.rules.candidate_category import Route
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.display import Change, entry_lines, format_value
from ndrc.web.audit.models import AuditEntry
from ndrc.web.audit.selectors import candidate_history, entries_about_candidate
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.services import candidate_update
from tests.factories import CandidateFactory, EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _lines(candidate, action, **kwargs):
    entry = entries_about_candidate(candidate=candidate).filter(action=action).first()
    (line,) = entry_lines([entry], **kwargs)
    return [str(c) for c in line.changes]


def test_a_grade_change_shows_the_state_labels_and_french_decimals():
    candidate = CandidateFactory(vae_units=["U1"])
    grade_set(candidate=candidate, write=GradeWrite("E1", "grade", Decimal("12.5")), actor=None)
    grade_set(candidate=candidate, write=GradeWrite("E1", "vae"), actor=None, expected_version=1)
    lines = _lines(candidate, "grade_set")
    assert "État : note → validé par la VAE" in lines
    assert "Note : 12,50 → —" in lines
    assert "Épreuve : E1" in lines
    assert not any("Version" in line for line in lines)


def test_a_registration_change_shows_verbose_names_choices_and_names():
    candidate = CandidateFactory(route=Route.SCHOOL)
    other = EstablishmentFactory(academy=candidate.academy, name="Lycée Jean-Zay")
    candidate_update(
        candidate=candidate,
        changes={
            "birth_date": dt.date(2006, 4, 2),
            "route": Route.DISTANCE_LEARNING.value,
            "internship_status": "apprenticeship",
            "establishment": other,
            "extra_time": True,
        },
        reason="erreur de saisie",
    )
    lines = _lines(
        candidate,
        "candidate_update",
        value_labels={"internship_status": {"apprenticeship": "apprenti"}},
    )
    # The birth date and the arrangements are personal fields the journal does not keep:
    # that they changed is shown, not their values (audit.services.WITHHELD_FIELDS).
    assert "Date de naissance : modifié (valeur non conservée)" in lines
    assert "Voie : Voie scolaire → Enseignement à distance" in lines
    assert "Enseignement à distance : statut pour le stage : — → apprenti" in lines
    assert any(line.endswith("→ Lycée Jean-Zay") for line in lines), lines
    assert "Temps majoré (tiers-temps) : modifié (valeur non conservée)" in lines


def test_a_creation_lists_the_values_without_arrow():
    candidate = CandidateFactory()
    AuditEntry.objects.create(
        action="candidate_register",
        object_type="candidates.Candidate",
        object_id=str(candidate.pk),
        object_repr=str(candidate),
        candidate=candidate,
        after={"route": Route.SCHOOL.value, "exemption_requests": ["U1", "U2"], "ef2": False},
    )
    assert _lines(candidate, "candidate_register") == [  # in the model's order
        "Voie : Voie scolaire",
        "Épreuve facultative EF2 (engagement étudiant) : Non",
        "Dispenses demandées : U1, U2",
    ]


def test_values_without_a_model_are_still_french():
    assert format_value("2025-03-14") == "14/03/2025"
    assert format_value("11.875") == "11,875"
    assert format_value(None) == "—"
    assert format_value({"title": "Licence", "proof": "copie"}) == (
        "Intitulé : Licence ; Justificatif : copie"
    )
    assert str(Change("Tour de délibération", "1", "2")) == "Tour de délibération : 1 → 2"


def test_the_history_page_shows_french_labels_not_python_dicts(client):
    candidate = CandidateFactory()
    grade_set(candidate=candidate, write=GradeWrite("E4", "grade", Decimal("9")), actor=None)
    grade_set(
        candidate=candidate,
        write=GradeWrite("E4", "absent"),
        actor=None,
        reason="absent",
        expected_version=1,
    )
    candidate_update(
        candidate=candidate,
        changes={"route": Route.CONTINUING_EDUCATION.value, "continuing_situation": "retraining"},
        reason="Changement de voie",
    )
    office = UserFactory(role=Role.EXAM_OFFICE, academy=candidate.academy)
    client.force_login(office)
    html = client.get(reverse("candidate_audit", args=[candidate.pk])).content.decode()
    assert "<li>État : note → absent (non justifié)</li>" in html
    assert "<li>Note : 9,00 → —</li>" in html
    assert "<li>Formation continue : situation : — → reconversion</li>" in html
    assert "<li>Voie : Voie scolaire → Formation professionnelle continue</li>" in html
    assert "{" not in html.split('id="audit"')[1].split("</table>")[0]


def test_the_history_is_read_with_a_fixed_number_of_queries(django_assert_max_num_queries):
    candidate = CandidateFactory()
    for exam in ("E1", "E2", "E3"):
        grade_set(candidate=candidate, write=GradeWrite(exam, "grade", Decimal("10")), actor=None)
    others = [EstablishmentFactory(academy=candidate.academy) for _ in range(3)]
    for establishment in others:
        candidate_update(
            candidate=candidate, changes={"establishment": establishment}, reason="Correction"
        )
    with django_assert_max_num_queries(3):
        lines = candidate_history(candidate=candidate)
    assert len(lines) == 6


def test_the_history_page_names_dossier_codes_and_shows_an_exact_average_as_a_decimal(client):
    candidate = CandidateFactory()
    fiches = [{"nature": "distributor_network", "parts": ["upstream_analysis"]}]
    for action, after in (
        ("dossier_set", {"exam": "E6", "fiches": fiches}),
        ("deliberation_close", {"decision": "admitted", "average": "250/21"}),
    ):
        AuditEntry.objects.create(
            action=action,
            object_type="candidates.Dossier",
            object_id="1",
            object_repr=str(candidate),
            candidate=candidate,
            after=after,
        )
    client.force_login(UserFactory(role=Role.EXAM_OFFICE, academy=candidate.academy))
    html = client.get(reverse("candidate_audit", args=[candidate.pk])).content.decode()
    assert "Nature : réseau de distributeurs" in html
    assert "analyse amont (ciblage, prospection de clientèle)" in html
    assert "Moyenne : 11,90" in html and "250/21" not in html
    assert "distributor_network" not in html and "upstream_analysis" not in html
