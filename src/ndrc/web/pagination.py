"""The pages of a long list: every list of the site shows one page of rows at a time (the page
number in ``?page=``, the other filters kept), read with one count and one slice whatever the
session's size. Shared by every app (it imports none); the links are drawn by the site's
include ``site/pagination.html``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50


@dataclass(frozen=True)
class PageLink:
    """One link of the page numbers: a number and its query string, or an ellipsis
    (``number`` None) standing for the pages left out."""

    number: int | None
    query: str


@dataclass(frozen=True)
class Pagination:
    """One page of a list and the links to the others, each keeping the request's other
    parameters (the filters) and changing only ``page``."""

    page: Page
    links: tuple[PageLink, ...]
    first: str
    previous: str
    next: str
    last: str

    @property
    def rows(self) -> Sequence[Any]:
        return self.page.object_list

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def number(self) -> int:
        return self.page.number

    @property
    def pages(self) -> int:
        return self.page.paginator.num_pages


def page_number(raw: str | None) -> int:
    """The page asked for: a number from 1; anything else (empty, a word, a negative or zero
    number, digits beyond reason) is the first page. A page beyond the last is the last
    (``Paginator.get_page``)."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        return 1
    return max(int(text), 1)


class _Counted(Paginator):
    """A paginator told how many rows there are (the caller has counted them already)."""

    def __init__(self, items: Any, per_page: int, *, known: int) -> None:
        super().__init__(items, per_page)
        self.known = known

    @property
    def count(self) -> int:
        return self.known


def paginate(
    request: HttpRequest,
    items: Any,
    *,
    per_page: int | None = None,
    param: str = "page",
    count: int | None = None,
) -> Pagination:
    """The page of ``items`` (an ordered queryset or a sequence) asked for in ``?page=``
    (``param`` names another parameter for a second list on the same page), ``per_page``
    rows a page (``PAGE_SIZE`` by default): one count and one slice of the rows; ``count``,
    when the caller knows how many rows there are, saves the count."""
    size = per_page or PAGE_SIZE
    paginator = Paginator(items, size) if count is None else _Counted(items, size, known=count)
    page = paginator.get_page(page_number(request.GET.get(param)))
    kept = request.GET.copy()
    kept.pop(param, None)

    def query(number: int) -> str:
        params = kept.copy()
        params[param] = str(number)
        return "?" + params.urlencode()

    last = page.paginator.num_pages
    links = tuple(
        PageLink(n, query(n)) if isinstance(n, int) else PageLink(None, "")
        for n in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    )
    return Pagination(
        page=page,
        links=links,
        first=query(1) if page.number > 1 else "",
        previous=query(page.number - 1) if page.has_previous() else "",
        next=query(page.number + 1) if page.has_next() else "",
        last=query(last) if page.number < last else "",
    )
