"""factory_boy factories for the web layer's models."""

import datetime as dt

import factory

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.web.accounts.models import User
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Candidate
from ndrc.web.sessions.models import Academy, AcademyCalendar, Establishment, ExamSession


class AcademyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Academy
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"A{n:02d}")
    name = factory.Sequence(lambda n: f"Académie {n}")


class ExamSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExamSession
        django_get_or_create = ("year",)

    year = 2025
    label = factory.LazyAttribute(lambda o: f"Session {o.year}")
    # The dates of one académie (``academy``, by default the tests' académie A01):
    # ExamSessionFactory(deposit_deadline=…) sets them as its exam office would.
    deposit_deadline = None
    oral_date = None
    academy = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        dates = {name: kwargs.pop(name) for name in ("deposit_deadline", "oral_date")}
        academy = kwargs.pop("academy")
        session = super()._create(model_class, *args, **kwargs)
        if any(dates.values()):
            academy_dates(session, academy, **dates)
        return session


def academy_dates(session, academy=None, *, deposit_deadline=None, oral_date=None):
    """The académie's dates for the session (the tests' académie A01 by default)."""
    calendar, _ = AcademyCalendar.objects.update_or_create(
        session=session,
        academy=academy or AcademyFactory(code="A01"),
        defaults={"deposit_deadline": deposit_deadline, "oral_date": oral_date},
    )
    return calendar


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    uai = factory.Sequence(lambda n: f"{n:07d}Z")
    name = factory.Sequence(lambda n: f"Lycée {n}")
    academy = factory.SubFactory(AcademyFactory)
    status = EstablishmentStatus.PUBLIC
    habilitation = Habilitation.CCF


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    session = factory.SubFactory(ExamSessionFactory)
    academy = factory.SubFactory(AcademyFactory)
    number = factory.Sequence(lambda n: f"T{n:06d}")
    last_name = "Durand"
    first_name = "Lou"
    birth_date = dt.date(2005, 3, 1)
    route = Route.SCHOOL
    establishment = factory.SubFactory(
        EstablishmentFactory, academy=factory.SelfAttribute("..academy")
    )
    lv1 = "anglais"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.EXAM_OFFICE
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
