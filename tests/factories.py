"""factory_boy factories for the web layer's models."""

import datetime as dt

import factory

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.web.accounts.models import User
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Candidate
from ndrc.web.sessions.models import Academy, Establishment, ExamSession


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
