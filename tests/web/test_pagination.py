"""The pages of a long list (ndrc.web.pagination and the include site/pagination.html): the
page asked for, never an error, the other filters kept, the links in French."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from ndrc.web.pagination import page_number, paginate


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, 1),
        ("", 1),
        ("2", 2),
        (" 3 ", 3),
        ("abc", 1),
        ("0", 1),
        ("-2", 1),
        ("1.5", 1),
        ("²", 1),  # a Unicode digit int() refuses
        ("9" * 5000, 1),  # beyond what int() reads
    ],
)
def test_the_page_asked_for_is_a_number_from_one(raw, expected):
    assert page_number(raw) == expected


def _page(query, items=range(1, 121), **kwargs):
    return paginate(RequestFactory().get("/candidats/", query), list(items), **kwargs)


def test_a_page_beyond_the_last_is_the_last_and_a_word_the_first():
    assert _page({"page": "999"}, per_page=50).number == 3
    assert list(_page({"page": "999"}, per_page=50).rows) == list(range(101, 121))
    assert _page({"page": "deux"}, per_page=50).number == 1
    assert _page({"page": "2"}, per_page=50).rows[0] == 51


def test_the_links_keep_the_filters_and_change_only_the_page():
    pagination = _page({"q": "Dur and", "etablissement": "4", "page": "2"}, per_page=10)
    assert pagination.previous == "?q=Dur+and&etablissement=4&page=1"
    assert pagination.next == "?q=Dur+and&etablissement=4&page=3"
    assert pagination.last == "?q=Dur+and&etablissement=4&page=12"
    numbers = [link.number for link in pagination.links]
    assert numbers == [1, 2, 3, 4, None, 12]  # the pages far away elided


def test_a_second_list_on_the_page_has_its_own_parameter():
    pagination = _page({"page": "2", "page_centres": "3"}, per_page=10, param="page_centres")
    assert pagination.number == 3
    assert pagination.next == "?page=2&page_centres=4"


def test_the_links_are_in_french_and_mark_the_current_page():
    html = render_to_string("site/pagination.html", {"pagination": _page({"page": "2"})})
    assert "Page 2 sur 3" in html
    for label in ("Première page", "Page précédente", "Page suivante", "Dernière page"):
        assert label in html
    assert 'aria-current="page" title="Page 2">2</a>' in html
    assert 'href="?page=3" rel="next">Page suivante</a>' in html


def test_the_first_page_has_no_previous_link_and_one_page_draws_nothing():
    html = render_to_string("site/pagination.html", {"pagination": _page({})})
    assert 'aria-disabled="true" role="link">Page précédente</a>' in html
    assert 'href="?page=2" rel="next"' in html
    one = render_to_string("site/pagination.html", {"pagination": _page({}, items=range(3))})
    assert "fr-pagination" not in one
