"""A list of keys as one query parameter (ndrc.web.lookups.among): the same rows as ``__in``,
on SQLite and on PostgreSQL, whatever the number of keys; on PostgreSQL one parameter for any
number of keys."""

import pytest
from django.db import connection

from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.selectors import candidates_read
from ndrc.web.lookups import among
from tests.factories import CandidateFactory, EstablishmentFactory

pytestmark = pytest.mark.django_db


def test_among_finds_the_same_rows_as_in():
    candidates = CandidateFactory.create_batch(5)
    wanted = [candidates[0].pk, candidates[3].pk, candidates[4].pk, 10**9]
    found = set(Candidate.objects.filter(among("pk", wanted)).values_list("pk", flat=True))
    assert found == set(Candidate.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    assert found == {candidates[0].pk, candidates[3].pk, candidates[4].pk}


def test_among_no_key_is_no_row_and_keys_are_read_as_integers():
    CandidateFactory()
    assert not Candidate.objects.filter(among("pk", [])).exists()
    pk = Candidate.objects.get().pk
    assert Candidate.objects.filter(among("pk", [str(pk)])).get().pk == pk
    with pytest.raises(ValueError):
        among("pk", ["1; DROP TABLE candidates_candidate"])


def test_among_a_relation_by_its_column_and_combined_with_other_conditions():
    establishment = EstablishmentFactory()
    inside = CandidateFactory(establishment=establishment)
    CandidateFactory(establishment=establishment)
    other = CandidateFactory()
    found = Candidate.objects.filter(
        among("establishment_id", [establishment.pk]), pk__in=[inside.pk, other.pk]
    )
    assert list(found) == [inside]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the array parameter")
def test_on_postgresql_thousands_of_keys_are_one_parameter():
    pk = CandidateFactory().pk
    keys = [*range(pk + 1, pk + 3001), pk]
    query = Candidate.objects.filter(among("pk", keys)).values_list("pk", flat=True)
    sql, params = query.query.sql_with_params()
    assert "= ANY(" in sql and len(params) == 1
    assert list(query) == [pk]


def test_candidates_read_gives_their_session_and_establishment_without_more_queries(
    django_assert_num_queries,
):
    establishment = EstablishmentFactory()
    first = CandidateFactory(establishment=establishment)
    second = CandidateFactory(establishment=None)
    with django_assert_num_queries(3):
        read = candidates_read([second.pk, first.pk])
        assert [c.pk for c in read] == sorted([first.pk, second.pk])
        assert [c.establishment for c in read] == (
            [establishment, None] if first.pk < second.pk else [None, establishment]
        )
        assert {c.session.year for c in read} == {first.session.year}
