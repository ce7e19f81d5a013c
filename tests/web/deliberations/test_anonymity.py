"""The anonymous deliberation (circular 2022 §1.3: « afin d'assurer l'anonymat de la
délibération du jury »): while the jury has not lifted it, no page a jury member reaches
shows a candidate's name, first name or establishment; lifting it (with a confirmation,
recorded with who and when) shows them, and a reopening keeps it lifted."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.deliberations import anonymity, closing, services
from ndrc.web.deliberations.livret_services import livret_save
from ndrc.web.deliberations.models import AnonymityLift
from tests.factories import CandidateFactory, EstablishmentFactory, UserFactory
from tests.web.conftest import complete

pytestmark = pytest.mark.django_db
SECRETS = ("ZANZIBAR", "Zanzibar", "Philomène", "Xylophone")


@pytest.fixture
def anonymous_jury(session, office):
    school = EstablishmentFactory(academy=office.academy, name="Lycée Xylophone")
    candidates = [
        complete(
            CandidateFactory(
                session=session,
                academy=office.academy,
                establishment=school,
                last_name="Zanzibar",
                first_name="Philomène",
                number=f"A00{n}",
            ),
            value=value,
        )
        for n, value in ((1, "12"), (2, "9.5"))
    ]
    member = UserFactory(role=Role.JURY, academy=office.academy, username="jure")
    return services.jury_create(
        session=session,
        academy=office.academy,
        name="Jury anonyme",
        members=[member],
        candidates=candidates,
        actor=office,
    )


def member_pages(client, jury):
    """Every page of the deliberation a jury member reaches, as HTML."""
    pks = list(jury.assignments.values_list("candidate_id", flat=True))
    urls = [
        reverse("deliberation"),
        reverse("jury_detail", args=[jury.pk]),
        reverse("jury_grid", args=[jury.pk]),
        reverse("jury_grid", args=[jury.pk]) + "?tri=name",
        reverse("jury_anonymity_lift", args=[jury.pk]),
        *(reverse("deliberation_detail", args=[pk]) for pk in pks),
        *(reverse("livret_consult", args=[pk]) for pk in pks),
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    confirm = client.post(reverse("jury_close", args=[jury.pk]))
    assert confirm.status_code == 200
    pages["close"] = confirm.content.decode()
    preview = client.post(
        reverse("jury_change_new", args=[pks[0]]), {"action": "preview", "exam": "E1", "value": "9"}
    )
    pages["preview"] = preview.content.decode()
    return pages


def leaks(pages):
    return [(url, s) for url, html in pages.items() for s in SECRETS if s in html]


def test_a_jury_member_sees_no_name_nor_establishment_while_anonymous(client, anonymous_jury):
    member = anonymous_jury.members.get()
    client.force_login(member)
    pages = member_pages(client, anonymous_jury)
    assert not leaks(pages)
    grid = pages[reverse("jury_grid", args=[anonymous_jury.pk])]
    assert "A001" in grid and "A002" in grid
    assert 'id="filter-establishment"' not in grid
    assert 'value="name"' not in grid  # no sort by name while anonymous
    # Closed: the arrested results are listed by number too.
    closing.deliberation_close(jury=anonymous_jury, actor=member)
    closed = client.get(reverse("jury_detail", args=[anonymous_jury.pk])).content.decode()
    assert "A001" in closed and not [s for s in SECRETS if s in closed]


def test_the_exam_office_sees_the_names(client, anonymous_jury, office):
    client.force_login(office)
    grid = client.get(reverse("jury_grid", args=[anonymous_jury.pk])).content.decode()
    assert "ZANZIBAR" in grid and "Lycée Xylophone" in grid


def test_lifting_asks_a_confirmation_is_recorded_and_shows_the_names(client, anonymous_jury):
    member = anonymous_jury.members.get()
    client.force_login(member)
    url = reverse("jury_anonymity_lift", args=[anonymous_jury.pk])
    assert client.post(url).status_code == 200  # not confirmed: the confirmation again
    assert not AnonymityLift.objects.exists()
    response = client.post(url, {"confirmed": "1"}, follow=True)
    assert "L&#x27;anonymat de la délibération est levé" in response.content.decode()
    lift = AnonymityLift.objects.get()
    assert (lift.jury, lift.round, lift.lifted_by) == (anonymous_jury, 1, member)
    entry = AuditEntry.objects.get(action="jury_anonymity_lift")
    assert entry.actor == member and entry.object_id == str(anonymous_jury.pk)
    pages = member_pages(client, anonymous_jury)
    assert "ZANZIBAR" in pages[reverse("jury_grid", args=[anonymous_jury.pk])]
    assert "Lycée Xylophone" in pages[reverse("jury_grid", args=[anonymous_jury.pk])]
    history = client.get(reverse("jury_detail", args=[anonymous_jury.pk])).content.decode()
    assert "levée de l&#x27;anonymat" in history
    with pytest.raises(ValidationError):
        anonymity.jury_anonymity_lift(jury=anonymous_jury, actor=member)


def test_a_reopening_keeps_the_anonymity_lifted(client, anonymous_jury, office):
    member = anonymous_jury.members.get()
    anonymity.jury_anonymity_lift(jury=anonymous_jury, actor=office)
    closing.deliberation_close(jury=anonymous_jury, actor=office)
    closing.deliberation_reopen(jury=anonymous_jury, reason="Erreur de saisie", actor=office)
    anonymous_jury.refresh_from_db()
    assert anonymous_jury.round == 2
    assert not anonymity.names_hidden(user=member, jury=anonymous_jury)


def _join(jury, office, *people):
    """Candidates added to the jury: (last name, number, grade at every épreuve)."""
    first = jury.assignments.first().candidate
    added = []
    for last_name, number, value in people:
        candidate = CandidateFactory(
            session=jury.session,
            academy=office.academy,
            establishment=first.establishment,
            last_name=last_name,
            number=number,
        )
        added.append(complete(candidate, value=value))
    services.jury_assign(jury=jury, candidates=added, actor=office)
    return added


def _before(page, first, second):
    return page.index(first) < page.index(second)


def test_an_anonymous_jurys_lists_are_in_the_order_of_numbers(client, anonymous_jury, office):
    # By name, Aaron (A009) would come first and tell the members the alphabetical order.
    _join(anonymous_jury, office, ("Aaron", "A009", "12"))
    url = reverse("jury_detail", args=[anonymous_jury.pk])
    client.force_login(anonymous_jury.members.get())
    assert _before(client.get(url).content.decode(), "Candidat n° A001", "Candidat n° A009")
    client.force_login(office)  # the exam office reads them by name
    assert _before(client.get(url).content.decode(), "AARON", "ZANZIBAR")
    closing.deliberation_close(jury=anonymous_jury, actor=office)
    client.force_login(anonymous_jury.members.get())
    assert _before(client.get(url).content.decode(), "Candidat n° A001", "Candidat n° A009")


def test_an_anonymous_jurys_blockers_are_in_the_order_of_numbers(client, anonymous_jury, office):
    # Failures near a threshold whose livret the jury has not opened block the closing.
    for candidate in _join(
        anonymous_jury, office, ("Aaron", "A009", "7.5"), ("Zorro", "A003", "7.5")
    ):
        livret_save(
            candidate=candidate,
            appreciations="Sérieux.",
            pix_mention="",
            pix_score=None,
            upload=None,
            actor=office,
        )
    url = reverse("jury_detail", args=[anonymous_jury.pk])
    client.force_login(anonymous_jury.members.get())
    page = client.get(url).content.decode()
    assert _before(page, 'data-blocked="A003"', 'data-blocked="A009"')
    client.force_login(office)
    page = client.get(url).content.decode()
    assert _before(page, 'data-blocked="A009"', 'data-blocked="A003"')
    # The closing job's lines: by number, for everyone (its members may read them).
    with pytest.raises(closing.DeliberationBlocked) as refused:
        closing.deliberation_close(jury=anonymous_jury, actor=office)
    assert [p.split(" ")[0] for p in refused.value.problems] == ["A003", "A009"]


def test_a_member_downloads_the_pv_once_the_anonymity_is_lifted(client, anonymous_jury, office):
    from ndrc.web.deliberations.minutes import minutes_issue

    closing.deliberation_close(jury=anonymous_jury, actor=office)
    minutes_issue(jury=anonymous_jury, actor=office, round_=1)
    member = anonymous_jury.members.get()
    pv = reverse("jury_minutes", args=[anonymous_jury.pk]) + "?tour=1"
    client.force_login(member)
    refused = client.get(pv)
    assert refused.status_code == 403
    assert "un membre du jury le télécharge une fois l&#x27;anonymat" in refused.content.decode()
    page = client.get(reverse("jury_detail", args=[anonymous_jury.pk])).content.decode()
    assert 'id="minutes-hidden-1"' in page and 'id="minutes-1"' not in page
    client.force_login(office)
    assert client.get(pv).status_code == 200
    anonymity.jury_anonymity_lift(jury=anonymous_jury, actor=member)
    client.force_login(member)
    assert client.get(pv).status_code == 200
    page = client.get(reverse("jury_detail", args=[anonymous_jury.pk])).content.decode()
    assert 'id="minutes-1"' in page
