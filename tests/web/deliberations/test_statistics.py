"""The « Statistiques » pages (issue 18): pass rates by establishment, route, column and centre,
decisions by column, each épreuve's distribution (states counted apart, never as 0), the
previous session of the académie beside them; who sees which figures; the PNGs."""

import io
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ndrc.rules.candidate_category import Route
from ndrc.rules.results import Decision
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.deliberations import closing, services
from ndrc.web.deliberations.anonymity import jury_anonymity_lift
from ndrc.web.deliberations.minutes import minutes_issue
from ndrc.web.deliberations.models import FrozenResult, Jury
from ndrc.web.deliberations.statistics_plots import jury_round_panels, panel_named
from ndrc.web.deliberations.statistics_selectors import (
    CENTRE,
    COLUMN,
    ESTABLISHMENT,
    ROUTE,
    Figures,
    RateRow,
    gap_text,
    rate_text,
)
from ndrc.web.deliberations.statistics_views import jury_figures, session_figures
from ndrc.web.sessions.models import ExamCentre
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    EstablishmentFactory,
    ExamSessionFactory,
    UserFactory,
)
from tests.web.conftest import complete
from tests.web.documents.pdfs import pdf_text

pytestmark = pytest.mark.django_db


def test_rates_and_gaps_are_written_in_french():
    assert rate_text(Fraction(724, 1000)) == "72,4\xa0%"
    assert rate_text(Fraction(2, 3)) == "66,7\xa0%"
    assert rate_text(Fraction(1, 16)) == "6,3\xa0%"  # 6,25: half up, exactly
    assert rate_text(None) == "—"
    assert gap_text(Fraction(3, 4), Fraction(1, 2)) == "+25,0\xa0pts"
    assert gap_text(Fraction(1, 2), Fraction(51, 100)) == "−1,0\xa0pt"
    assert gap_text(Fraction(1, 2), None) == "—"


@pytest.fixture
def world(jury, office, session):
    """The jury's two school candidates of a public lycée served by a centre (12 and 8 at every
    épreuve), an apprentice of another establishment, not habilitated, without a centre, absent
    at E4 (12 elsewhere); the previous session: four arrested results of the académie."""
    first = jury.assignments.order_by("pk").first().candidate
    lycee = first.establishment
    lycee.exam_centre = ExamCentre.objects.create(
        code="C1", name="Centre Voltaire", academy=office.academy
    )
    lycee.save()
    cfa = EstablishmentFactory(academy=office.academy, name="CFA Pascal", habilitation="aucune")
    apprentice = complete(
        CandidateFactory(
            session=session,
            academy=office.academy,
            establishment=cfa,
            route=Route.APPRENTICESHIP,
            last_name="Zola",
        )
    )
    grade = Grade.objects.get(candidate=apprentice, exam="E4")
    grade_set(
        candidate=apprentice,
        write=GradeWrite("E4", "absent", None),
        actor=office,
        expected_version=grade.version,
    )
    services.jury_assign(jury=jury, candidates=[apprentice], actor=office)
    return jury


def _cells(page: str, table: str, label: str) -> list[str]:
    """The cells of the row headed ``label`` in the table ``table-<slug>`` of the page."""
    page = page.replace("\xa0", " ")  # the no-break space before « % »
    start = page.index(f'id="table-{table}"')
    end = page.index("</table>", start)
    for row in page[start:end].split("<tr>")[1:]:
        cells = [c.split(">", 1)[1].split("<", 1)[0] for c in row.split("<t")[1:]]
        cells = [c for c in cells if not c.startswith("r>")]
        if cells and cells[0] == label:
            return cells[1:]
    raise AssertionError(f"{label} absent de {table}")


def _classes(page: str, slug: str) -> dict[str, int]:
    """A histogram's table of classes laid across: each class and its count."""
    page = page.replace("\xa0", " ")
    start = page.index(f'id="classes-{slug}"')
    found: dict[str, int] = {}
    for table in page[start : page.index("</div></div>", start)].split("</table>")[:-1]:
        head, body = table.split("<tbody>")
        labels = [c.split("<", 1)[0] for c in head.split('<th scope="col">')[2:]]
        counts = [int(c.split("<", 1)[0]) for c in body.split("<td>")[1:]]
        found.update(zip(labels, counts, strict=True))
    return found


def _previous(office, lycee, cfa):
    """The 2024 session of the académie: four candidates of the lycée (one admitted), one of
    the CFA (failed), their results arrested by a closed jury; an E4 grade of 6."""
    before = ExamSessionFactory(year=2024)
    jury = Jury.objects.create(
        session=before, academy=office.academy, name="Jury 2024", state=Jury.CLOSED
    )
    people = [
        CandidateFactory(session=before, academy=office.academy, establishment=e)
        for e in (lycee, lycee, lycee, lycee, cfa)
    ]
    for i, candidate in enumerate(people):
        admitted = i == 0
        FrozenResult.objects.create(
            jury=jury,
            candidate=candidate,
            round=1,
            decision=Decision.ADMITTED if admitted else Decision.FAILED,
            decision_label="Admis" if admitted else "Ajourné",
            regulation="2023",
            result={},
            explanation="",
        )
    Grade.objects.create(candidate=people[1], exam="E4", state="grade", value=Decimal(6))
    return before


def test_the_office_sees_the_rates_of_each_group_from_the_proposals(client, world, office):
    client.force_login(office)
    page = client.get(reverse("statistics")).content.decode()
    assert "Décisions : les décisions proposées avant la clôture" in page
    lycee = world.assignments.order_by("pk").first().candidate.establishment.name
    # Candidates, definitive decisions, admitted, rate.
    assert _cells(page, ESTABLISHMENT, lycee) == ["2", "2", "1", "50,0 %"]
    assert _cells(page, ESTABLISHMENT, "CFA Pascal") == ["1", "1", "0", "0,0 %"]
    assert _cells(page, ESTABLISHMENT, "Ensemble") == ["3", "3", "1", "33,3 %"]
    assert _cells(page, ROUTE, "Voie scolaire") == ["2", "2", "1", "50,0 %"]
    assert _cells(page, ROUTE, "Apprentissage") == ["1", "1", "0", "0,0 %"]
    # A public lycée habilitated to the CCF, school route: column 1; an apprentice of a CFA
    # not habilitated: column 3 (rules.columns).
    assert _cells(page, COLUMN, "Colonne 1") == ["2", "2", "1", "50,0 %"]
    assert _cells(page, COLUMN, "Colonne 3") == ["1", "1", "0", "0,0 %"]
    assert _cells(page, CENTRE, "Centre Voltaire") == ["2", "2", "1", "50,0 %"]
    assert _cells(page, CENTRE, "Sans centre d&#x27;examen") == ["1", "1", "0", "0,0 %"]
    # Decisions by column: Admis, Ajourné, Diplôme ne pouvant être délivré, total.
    assert _cells(page, "decisions", "Colonne 1") == ["1", "1", "0", "2"]
    assert _cells(page, "decisions", "Colonne 3") == ["0", "0", "1", "1"]
    # Each plot is an image with a text alternative, beside its table.
    assert f'src="{reverse("statistics_plot", args=["voie"])}"' in page
    alt = 'alt="Taux de réussite par voie : Voie scolaire 50,0 %; Apprentissage 0,0 %.'
    assert alt in page.replace("\xa0", " ")


def test_a_state_is_counted_apart_never_as_zero(client, world, office):
    client.force_login(office)
    page = client.get(reverse("statistics")).content.decode()
    # E4: 12 and 8, the apprentice absent: two grades, mean 10 (not 20 / 3).
    assert _cells(page, "notes-E4", "Notes") == ["2"]
    assert _cells(page, "notes-E4", "absent (non justifié)") == ["1"]
    assert _cells(page, "notes-E4", "Moyenne") == ["10,00"]
    classes = _classes(page, "notes-E4")
    assert len(classes) == 20 and sum(classes.values()) == 2
    assert classes["[8 ; 9["] == classes["[12 ; 13["] == 1 and classes["[0 ; 1["] == 0
    assert classes["[19 ; 20]"] == 0
    # E1: three grades (12, 8, 12).
    assert _cells(page, "notes-E1", "Notes") == ["3"]
    assert _cells(page, "notes-E1", "Moyenne") == ["10,67"]


def test_the_previous_session_of_the_academy_is_shown_beside_with_the_gap(client, world, office):
    first = world.assignments.order_by("pk").first().candidate
    cfa = Candidate.objects.get(last_name="Zola").establishment
    _previous(office, first.establishment, cfa)
    client.force_login(office)
    page = client.get(reverse("statistics")).content.decode()
    assert "Comparaison avec la session 2024" in page
    assert ">Taux 2024</th>" in page and ">Écart</th>" in page
    # This session 1 admitted of 2, the previous one 1 of 4: +25 points.
    assert _cells(page, ESTABLISHMENT, first.establishment.name) == [
        "2",
        "2",
        "1",
        "50,0 %",
        "25,0 % (1/4)",
        "+25,0 pts",
    ]
    assert _cells(page, ESTABLISHMENT, "CFA Pascal")[-2:] == ["0,0 % (0/1)", "0,0 pt"]
    assert _cells(page, ESTABLISHMENT, "Ensemble")[-2:] == ["20,0 % (1/5)", "+13,3 pts"]
    assert _cells(page, ROUTE, "Voie scolaire")[-2:] == ["20,0 % (1/5)", "+30,0 pts"]
    assert _cells(page, ROUTE, "Apprentissage")[-2:] == ["—", "—"]
    assert _cells(page, "notes-E4", "Moyenne 2024") == ["6,00"]


def test_once_closed_the_figures_are_the_arrested_results(client, world, office):
    closing.deliberation_close(jury=world, actor=office)
    # A grade changed after the closing does not change the arrested decisions.
    Candidate.objects.filter(last_name="Zola").update(revision=99)
    client.force_login(office)
    page = client.get(reverse("jury_statistics", args=[world.pk])).content.decode()
    assert (
        "Décisions : les résultats arrêtés par le jury (délibération close, dernier tour)." in page
    )
    assert _cells(page, ESTABLISHMENT, "Ensemble") == ["3", "3", "1", "33,3 %"]
    figures = jury_figures(world)
    assert (figures.frozen, figures.proposed, figures.stale) == (3, 0, 0)
    session_page = client.get(reverse("statistics")).content.decode()
    assert "Décisions : les résultats arrêtés" in session_page


def test_a_session_with_an_open_and_a_closed_jury_says_what_it_counts(
    client, world, office, session
):
    closing.deliberation_close(jury=world, actor=office)
    services.jury_create(
        session=session,
        academy=office.academy,
        name="Jury B",
        members=[],
        candidates=[complete(CandidateFactory(session=session, academy=office.academy))],
        actor=office,
    )
    client.force_login(office)
    page = client.get(reverse("statistics")).content.decode()
    assert (
        "Décisions : résultats arrêtés (jurys clos) : 3 ; décisions proposées (jurys pas encore"
        " clos) : 1." in page
    )
    # The new candidate (12 everywhere) is admitted: 2 of 4.
    assert _cells(page, ESTABLISHMENT, "Ensemble") == ["4", "4", "2", "50,0 %"]


def test_a_jury_member_sees_his_jurys_figures_only(client, world, office, session):
    member = world.members.get()
    other = services.jury_create(
        session=session,
        academy=office.academy,
        name="Jury B",
        members=[],
        candidates=[complete(CandidateFactory(session=session, academy=office.academy))],
        actor=office,
    )
    client.force_login(member)
    page = client.get(reverse("jury_statistics", args=[world.pk]))
    assert page.status_code == 200
    assert _cells(page.content.decode(), ROUTE, "Ensemble")[0] == "3"
    assert client.get(reverse("jury_statistics", args=[other.pk])).status_code == 404
    assert client.get(reverse("jury_statistics_plot", args=[other.pk, "voie"])).status_code == 404
    # The session's page is the exam office's and the centres'.
    assert client.get(reverse("statistics")).status_code == 403
    # The exam office of another académie sees neither.
    stranger = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A99"))
    client.force_login(stranger)
    assert client.get(reverse("jury_statistics", args=[world.pk])).status_code == 404


def test_an_anonymous_jurys_member_sees_no_figures_by_establishment_or_centre(
    client, world, office
):
    member = world.members.get()
    client.force_login(member)
    page = client.get(reverse("jury_statistics", args=[world.pk])).content.decode()
    assert 'id="table-voie"' in page
    for slug in (ESTABLISHMENT, CENTRE):
        assert f'id="table-{slug}"' not in page and f'id="plot-{slug}"' not in page
        plot = reverse("jury_statistics_plot", args=[world.pk, slug])
        assert client.get(plot).status_code == 404
    assert "CFA Pascal" not in page
    # The exam office sees them; once the anonymity is lifted, so does the member.
    client.force_login(office)
    page = client.get(reverse("jury_statistics", args=[world.pk])).content.decode()
    assert _cells(page, ESTABLISHMENT, "Ensemble")[0] == "3"
    jury_anonymity_lift(jury=world, actor=member)
    client.force_login(member)
    page = client.get(reverse("jury_statistics", args=[world.pk])).content.decode()
    assert _cells(page, ESTABLISHMENT, "Ensemble")[0] == "3" and 'id="table-centre"' in page
    plot = reverse("jury_statistics_plot", args=[world.pk, CENTRE])
    assert client.get(plot).status_code == 200


def test_a_centre_sees_its_establishment_and_no_decision_before_publication(client, world, office):
    first = world.assignments.order_by("pk").first().candidate
    centre = UserFactory(role=Role.TRAINING_CENTRE, establishment=first.establishment)
    client.force_login(centre)
    page = client.get(reverse("statistics")).content.decode()
    assert "avant la publication, aucune décision n'est montrée" in page
    assert 'id="table-etablissement"' not in page and 'id="table-decisions"' not in page
    assert "CFA Pascal" not in page
    # The plot is empty: nothing of the decisions is drawn.
    assert client.get(reverse("statistics_plot", args=["voie"])).status_code == 200
    assert panel_named(session_figures(user=centre), "voie").labels == ()
    assert client.get(reverse("jury_statistics", args=[world.pk])).status_code == 403
    closing.deliberation_close(jury=world, actor=office)
    page = client.get(reverse("statistics")).content.decode()
    assert 'id="table-etablissement"' not in page  # arrested, not yet published
    closing.results_publish(jury=world, actor=office)
    page = client.get(reverse("statistics")).content.decode()
    assert _cells(page, ESTABLISHMENT, "Ensemble") == ["2", "2", "1", "50,0 %"]
    assert "CFA Pascal" not in page
    assert panel_named(session_figures(user=centre), "voie").labels == ("Voie scolaire",)


@pytest.mark.parametrize("role", [Role.CANDIDATE, Role.EXAMINER])
def test_candidates_and_examiners_see_no_figures(client, world, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("statistics")).status_code == 403
    assert client.get(reverse("statistics_plot", args=["voie"])).status_code == 403
    assert client.get(reverse("jury_statistics", args=[world.pk])).status_code == 403


def test_the_plots_are_pngs(client, world, office):
    client.force_login(office)
    client.get(reverse("statistics"))  # the page makes sure the proposals are current
    for url in (
        reverse("statistics_plot", args=["etablissement"]),
        reverse("statistics_plot", args=["decisions"]),
        reverse("statistics_plot", args=["notes-E4"]),
        reverse("jury_statistics_plot", args=[world.pk, "centre"]),
    ):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert response.content.startswith(b"\x89PNG")
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert client.get(reverse("statistics_plot", args=["inconnu"])).status_code == 404
    assert client.get(reverse("statistics_plot", args=["notes-E9"])).status_code == 404
    # An épreuve of the règlement without grades: an empty plot.
    assert client.get(reverse("statistics_plot", args=["notes-EF2"])).status_code == 200


def test_the_pv_has_the_jurys_figures_in_annex(world, office):
    closing.deliberation_close(jury=world, actor=office)
    document = minutes_issue(jury=world, actor=office)
    content = bytes(document.content)
    text = " ".join(pdf_text(content).split())
    annex = text[text.index("Annexe — statistiques du jury") :]
    for title in (
        "Taux de réussite par établissement",
        "Taux de réussite par voie",
        "Taux de réussite par colonne du règlement",
        "Taux de réussite par centre d'examen",
        "Décisions par colonne du règlement",
        "E4 — répartition des notes",
    ):
        assert title in annex
    # The tables beside the plots: candidates, definitive decisions, admitted, rate.
    assert "Voie scolaire 2 2 1 50,0 %" in annex
    assert "Apprentissage 1 1 0 0,0 %" in annex
    assert "Ensemble 3 3 1 33,3 %" in annex
    assert "Colonne 1 1 1 0 2" in annex
    # E4: two grades, the absence apart, the mean of the grades only.
    e4 = annex[annex.index("E4 — répartition des notes") :]
    assert "Notes : 2 ; absent (non justifié) : 1 ; Moyenne : 10,00" in e4
    # The plots are images in the PDF.
    reader = PdfReader(io.BytesIO(content))
    images = sum(len(page.images) for page in reader.pages)
    assert images == len(jury_round_panels(world, 1)) == 5 + 7


def test_a_plot_of_rates_draws_the_25_largest_groups_and_the_table_all():
    rows = [
        RateRow(key=str(i), label=f"Lycée {i:02d}", counts=((Decision.ADMITTED, i + 1),))
        for i in range(30)
    ]
    figures = Figures(total=465, frozen=465, groups={ESTABLISHMENT: rows})
    panel = panel_named(figures, ESTABLISHMENT)
    assert "(les 25 plus grands groupes ; tous dans le tableau)" in panel.title
    assert len(panel.labels) == 25 and "Lycée 00" not in panel.labels
    assert len(panel.rows) == 31  # every group and « Ensemble »


@pytest.mark.parametrize("role", [Role.TRAINING_CENTRE, Role.EXAM_OFFICE])
def test_an_account_of_no_scope_sees_empty_statistics_not_an_error(client, world, office, role):
    """A centre without an establishment, an office without an académie: they see nobody, even
    with a previous session (its figures were keyed by the SQL of an empty query: a 500)."""
    first = world.assignments.order_by("pk").first().candidate
    _previous(office, first.establishment, first.establishment)
    client.force_login(UserFactory(role=role, establishment=None, academy=None))
    assert client.get(reverse("statistics")).status_code == 200
    assert client.get(reverse("statistics_plot", args=["voie"])).status_code == 200


def test_the_api_gives_the_pages_figures_exactly(client, world, office):
    """GET /api/v1/statistics/: the page's figures as numbers (D142's sibling): counts exact,
    a rate with one decimal and its counts, a mean exact, a state counted apart."""
    client.force_login(office)
    data = client.get(reverse("api-statistics")).json()
    assert data["source"] == "proposed" and data["candidates"] == 3
    lycee = world.assignments.order_by("pk").first().candidate.establishment.name
    rows = {r["label"]: r for r in data["groups"][ESTABLISHMENT]}
    assert (rows[lycee]["candidates"], rows[lycee]["final"], rows[lycee]["admitted"]) == (2, 2, 1)
    assert rows[lycee]["rate_percent"] == "50.0" and rows["CFA Pascal"]["rate_percent"] == "0.0"
    assert data["overall"]["rate_percent"] == "33.3"
    e4 = next(e for e in data["exams"] if e["exam"] == "E4")
    assert e4["graded"] == 2 and Decimal(e4["mean"]) == 10
    assert sum(e4["states"].values()) == 1 and sum(e4["classes"]) == 2
    e1 = next(e for e in data["exams"] if e["exam"] == "E1")
    assert Decimal(e1["mean"]) == Decimal(32) / Decimal(3)  # not rounded to 10.67


def test_the_jury_api_withholds_places_from_an_anonymous_jurys_member(client, world, office):
    member = world.members.get()
    client.force_login(member)
    url = reverse("api-jury-statistics", args=[world.pk])
    data = client.get(url).json()
    assert ROUTE in data["groups"] and data["candidates"] == 3
    assert ESTABLISHMENT not in data["groups"] and CENTRE not in data["groups"]
    assert "CFA Pascal" not in str(data)
    client.force_login(office)
    assert ESTABLISHMENT in client.get(url).json()["groups"]
    jury_anonymity_lift(jury=world, actor=member)
    client.force_login(member)
    assert CENTRE in client.get(url).json()["groups"]
    assert client.get(reverse("api-statistics")).status_code == 403  # the session's: not a jury's
