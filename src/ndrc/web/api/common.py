"""What every API view shares: the error body, the loose object schema, and the candidate of
the session in progress that the user may see."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from ndrc.web.pagination import page_number

ERROR = inline_serializer("Error", {"detail": serializers.CharField()})
ANY_OBJECT = OpenApiTypes.OBJECT


def error_response(message: str, code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"detail": message}, status=code)


def refused_response(error: ValidationError) -> Response:
    """A service that refuses the request (its French reasons): a 400 saying them."""
    return error_response(" ".join(error.messages))


def invalid_response(body: serializers.Serializer[Any]) -> Response:
    """A body that does not validate: a 400 naming each field and what is wrong with it."""
    return error_response(
        "; ".join(f"{k} : {' '.join(map(str, v))}" for k, v in body.errors.items())
    )


class PagePagination(PageNumberPagination):
    """A list of the API, one page at a time: ``{count, next, previous, results}``, 100 rows
    a page, the page in ``?page=``. As on the site's pages, a page that is not a number
    (or below 1) is the first, a page beyond the last is the last: never an error."""

    page_size = 100
    page_query_description = "Le numéro de la page (100 lignes par page), à partir de 1."

    def get_page_number(self, request: Request, paginator: Paginator) -> int:  # type: ignore[override]
        return min(
            page_number(request.query_params.get(self.page_query_param)), paginator.num_pages
        )
