"""What every API view shares: the error body, the loose object schema, and the candidate of
the session in progress that the user may see."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

ERROR = inline_serializer("Error", {"detail": serializers.CharField()})
ANY_OBJECT = OpenApiTypes.OBJECT


def error_response(message: str, code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"detail": message}, status=code)
