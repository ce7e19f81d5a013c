"""The searchable lists of the site (candidates, grades, conformity, jobs, journal): a
django-filter ``FilterSet`` narrows what the user already sees (its queryset is the
selector's: a filter never widens it; a value that does not validate is ignored and the form
says why, in French), a django-tables2 ``Table`` gives the columns and the sort (``?tri=``, a
column's name, ``-`` before it for the reverse order; an unknown one is ignored), always
followed by the row's key so that a page is stable, and ``ndrc.web.pagination.paginate`` cuts
one page (one count, one slice). ``?format=csv`` or ``xlsx`` downloads every row of the
filter in the order shown (``ndrc.exports``), recorded in the journal (who, which list,
which filters, how many rows). Shared by every app: it imports no app but the journal."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.db.models import CharField, Func, QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_tables2 import Table
from django_tables2.rows import BoundRows

from ndrc.exports import FORMATS, Export, table_export
from ndrc.web.audit.services import audit_event
from ndrc.web.pagination import Pagination, paginate

SORT_PARAM = "tri"
FORMAT_PARAM = "format"
# The parameters that are not filters (what the journal's record of an export leaves out).
NOT_FILTERS = ("page", SORT_PARAM, FORMAT_PARAM)

# The accented letters a French name may hold, each with its plain letter (both cases: SQLite's
# lower() folds ASCII letters only). « œ » and « æ » are two letters and stay as they are.
# The candidates' indexes of the folded names write them too (candidates migration
# 0005_list_indexes): a change here needs new indexes.
ACCENTED = "àâäáãåéèêëíìîïóòôöõúùûüýÿçñÀÂÄÁÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÝŸÇÑ"
PLAIN = "aaaaaaeeeeiiiiooooouuuuyycnaaaaaaeeeeiiiiooooouuuuyycn"


_PLAIN_OF = str.maketrans(ACCENTED, PLAIN)


def folded(text: str) -> str:
    """A search as the folded column is compared with it: lower case, the letters of
    ``ACCENTED`` made plain and no other (as PostgreSQL's ``translate``: « Ștefan » is found
    as typed, not as « Stefan »). Composed first (NFC): an accent typed apart is the letter's."""
    return unicodedata.normalize("NFC", text.strip()).lower().translate(_PLAIN_OF)


def _folded_or_none(text: str | None) -> str | None:
    return None if text is None else folded(text)


class Folded(Func):
    """A text column in lower case without its accents (``folded`` on the database side):
    ``translate`` on PostgreSQL, ``folded`` itself elsewhere (SQLite)."""

    def __init__(self, expression: Any) -> None:
        super().__init__(Lower(expression), output_field=CharField())

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        # SQLite (the tests): Python's ``folded``, declared on the connection (again: cheap).
        sql, params = compiler.compile(self.source_expressions[0])
        connection.ensure_connection()
        connection.connection.create_function("ndrc_folded", 1, _folded_or_none, deterministic=True)
        return f"ndrc_folded({sql})", params

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"translate({sql}, %s, %s)", [*params, ACCENTED, PLAIN]


DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class ListFilters(django_filters.FilterSet):
    """A list's filters drawn in the DSFR style (``site/list_filters.html``): selects get
    ``fr-select``, inputs ``fr-input``; a date is typed JJ/MM/AAAA (or AAAA-MM-JJ)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            widget = field.widget
            field.required = False
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "fr-select")
            else:
                widget.attrs.setdefault("class", "fr-input")
            if isinstance(field, forms.DateField):
                field.input_formats = DATE_FORMATS
                field.error_messages["invalid"] = _("Saisissez une date valide (JJ/MM/AAAA).")
                field.help_text = field.help_text or "JJ/MM/AAAA"
                widget.format = DATE_FORMATS[0]
                widget.attrs.update(placeholder="JJ/MM/AAAA", inputmode="numeric")
            widget.attrs.setdefault("id", f"filter-{name}")

    @property
    def active(self) -> bool:
        """Whether any filter is given (a value in the query string)."""
        return any(self.data.get(name) for name in self.filters)


@dataclass(frozen=True)
class Header:
    """A column's header: its label, the link that sorts by it (the other way round when it
    sorts already), and how it sorts now (``aria-sort``: ascending, descending or none)."""

    label: str
    href: str
    sort: str


@dataclass(frozen=True)
class Listing:
    """One page of a list: the filters' form, the headers, the page's rows (cells in the
    order of the headers) and its pagination."""

    filters: ListFilters
    table: Table
    headers: tuple[Header, ...]
    rows: BoundRows
    pagination: Pagination
    query: str  # the filters and sort as a query string (the export links keep them)
    more: bool = False  # more rows than counted (``most``)


def _ordered(request: HttpRequest, table: Table, *, default: str) -> QuerySet[Any]:
    """The table's queryset sorted as asked (``?tri=``, else ``default``), then by key."""
    asked = request.GET.get(SORT_PARAM, "")[:64]
    table.order_by = asked if asked.lstrip("-") in table.columns.names() else default
    rows: QuerySet[Any] = table.data.data
    return rows.order_by(*rows.query.order_by, "pk")


def _headers(request: HttpRequest, table: Table) -> tuple[Header, ...]:
    current = {alias.lstrip("-"): alias for alias in (table.order_by or ())}
    kept = request.GET.copy()
    for name in ("page", FORMAT_PARAM):
        kept.pop(name, None)
    headers = []
    for column in table.columns:
        if not column.orderable:
            headers.append(Header(str(column.header), "", ""))
            continue
        alias = current.get(column.name, "")
        params = kept.copy()
        params[SORT_PARAM] = (
            column.name if alias.startswith("-") or not alias else "-" + column.name
        )
        sort = "" if not alias else ("descending" if alias.startswith("-") else "ascending")
        headers.append(Header(str(column.header), "?" + params.urlencode(), sort))
    return tuple(headers)


def listing_read(
    request: HttpRequest,
    *,
    filters: ListFilters,
    table_class: type[Table],
    default: str,
    count: int | None = None,
    most: int | None = None,
) -> tuple[Listing, QuerySet[Any]]:
    """The page of the list asked for, and every row of the filter in the order shown (what
    an export writes). ``default`` is the sort when none is asked (``""``: the queryset's
    own order); ``most`` bounds the count (a journal of a million rows is not counted: past
    ``most`` rows, the pages stop there and the page says « plus de … »)."""
    table = table_class(filters.qs, order_by=())
    ordered = _ordered(request, table, default=default)
    if count is None and most is not None:
        count = ordered.order_by()[: most + 1].count()
    pagination = paginate(request, ordered, count=count)
    kept = request.GET.copy()
    for name in ("page", FORMAT_PARAM):
        kept.pop(name, None)
    listing = Listing(
        filters=filters,
        table=table,
        headers=_headers(request, table),
        rows=BoundRows(list(pagination.rows), table),
        pagination=pagination,
        query=kept.urlencode(),
        more=most is not None and pagination.count > most,
    )
    return listing, ordered


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _cells(table: Table, rows: QuerySet[Any], names: list[str]) -> Iterator[dict[str, Any]]:
    for row in BoundRows(rows.iterator(chunk_size=2000), table):
        # Each cell as the page writes it (« 12,5 », « 30/11/2026 14:05 », a label).
        yield {name: _text(row.get_cell_value(name)) for name in names}


def export_asked(request: HttpRequest) -> str:
    """The export format asked for (``csv`` or ``xlsx``), or ``""`` for the page."""
    fmt = request.GET.get(FORMAT_PARAM, "")
    return fmt if fmt in FORMATS else ""


def list_export(
    request: HttpRequest,
    *,
    listing: Listing,
    rows: QuerySet[Any],
    fmt: str,
    stem: str,
    title: str,
) -> HttpResponse:
    """Every row of the filter, in the order shown, with the columns shown (not the links),
    as ``stem.csv`` or ``stem.xlsx``, recorded in the journal (``export_response``)."""
    table = listing.table
    columns = [c for c in table.columns if not c.column.exclude_from_export]
    names = [c.name for c in columns]
    written = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal written
        for line in _cells(table, rows, names):
            written += 1
            yield line

    export: Export = table_export(
        fmt=fmt,
        stem=stem,
        title=title,
        headers=[str(c.header) for c in columns],
        columns=names,
        rows=counted(),
        widths=[18] * len(names),
    )
    return export_response(request, export=export, model=rows.model, title=title, rows=written)


def export_response(
    request: HttpRequest, *, export: Export, model: Any, title: str, rows: int
) -> HttpResponse:
    """An export of a list as a file to save, recorded in the journal: who, which list
    (``model``'s rows, ``title``), the format, the filters and how many rows (these lists
    hold personal data)."""
    filters: Mapping[str, str] = {
        k[:40]: v[:128] for k, v in request.GET.items() if k not in NOT_FILTERS and v
    }
    fmt = export.filename.rsplit(".", 1)[-1]
    audit_event(
        actor=request.user,
        action="list_export",
        object_type=model._meta.label,
        object_repr=str(title),
        after={"format": fmt, "filters": dict(filters), "rows": rows},
    )
    response = HttpResponse(export.data, content_type=export.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
