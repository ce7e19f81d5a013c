"""REST API (v1) of the public texts and calculators: the référentiel, the règlement of a
session, the exam plan of a described candidate and the deliberation of a results file."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ndrc.rules.candidate import candidate_from_dict
from ndrc.rules.errors import InvalidCandidate, RegulationError
from ndrc.rules.exam_plan import exam_plan
from ndrc.rules.referential import referential_to_dict
from ndrc.rules.regulation import regulation_for_session
from ndrc.rules.result_input import result_input_from_dict
from ndrc.rules.results import deliberate
from ndrc.schemas import schema
from ndrc.web.accounts.roles import Permission
from ndrc.web.api.common import ANY_OBJECT, ERROR, error_response
from ndrc.web.api.permissions import requires


class ReferentialView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Le référentiel du BTS NDRC (pôles, blocs, compétences, critères, savoirs)",
        responses={200: ANY_OBJECT},
    )
    def get(self, request: Request) -> Response:
        return Response(referential_to_dict())


def regulation_to_dict(year: int) -> dict[str, Any]:
    regulation = regulation_for_session(year)
    return {
        "session": year,
        "id": regulation.id,
        "title": regulation.title,
        "citation": regulation.sessions_citation.to_dict(),
        "columns": [
            {"number": c.number, "label": c.label, "citation": c.citation.to_dict()}
            for c in regulation.columns
        ],
        "exams": [
            {
                "code": e.code,
                "unit": e.unit,
                "title": e.title,
                "category": e.category.value,
                "coefficient": e.coefficient,
                "citation": e.citation.to_dict(),
                "cells": {
                    str(n): {
                        "form": cell.form.value,
                        "modality": None if cell.modality is None else cell.modality.value,
                        "duration_minutes": cell.duration,
                        "preparation_minutes": cell.preparation,
                        "situations": cell.situations,
                        "parts": [
                            {
                                "code": p.code,
                                "modality": p.modality.value,
                                "duration_minutes": p.duration,
                                "coefficient": p.coefficient,
                            }
                            for p in e.parts
                        ]
                        if cell.has_parts
                        else [],
                    }
                    for n, cell in e.cells.items()
                },
            }
            for e in regulation.exams_for(year)
        ],
    }


class RegulationView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Le règlement d'examen en vigueur pour une session",
        responses={200: ANY_OBJECT, 404: ERROR},
    )
    def get(self, request: Request, year: int) -> Response:
        try:
            return Response(regulation_to_dict(year))
        except RegulationError as error:
            return error_response(str(error), status.HTTP_404_NOT_FOUND)


class PlanView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Plan d'épreuves d'un candidat décrit en JSON",
        description="Le corps suit docs/schemas/candidate.schema.json.",
        request=ANY_OBJECT,
        responses={200: ANY_OBJECT, 400: ERROR},
        examples=[
            OpenApiExample(
                "Voie scolaire 2025",
                value={
                    "session": 2025,
                    "route": "scolaire",
                    "establishment": {"status": "public", "habilitation": "ccf"},
                    "lv1": "anglais",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        from jsonschema import Draft202012Validator

        data = request.data
        problems = [
            f"{'/'.join(str(p) for p in e.absolute_path) or '(racine)'} : {e.message}"
            for e in Draft202012Validator(schema("candidate")).iter_errors(data)
        ]
        if problems:
            return error_response(" ; ".join(problems))
        try:
            plan = exam_plan(candidate_from_dict(data), int(data["session"]))
        except (InvalidCandidate, RegulationError) as error:
            return error_response(str(error))
        return Response(plan.to_dict())


class DeliberateView(APIView):
    permission_classes = [requires(Permission.DELIBERATE)]

    @extend_schema(
        summary="Décision du jury pour un candidat (notes, dossiers…), avec son explication",
        description="Le corps suit docs/results-format.md (format JSON).",
        request=ANY_OBJECT,
        responses={200: ANY_OBJECT, 400: ERROR},
    )
    def post(self, request: Request) -> Response:
        if not isinstance(request.data, dict):
            return error_response("Un candidat est un objet JSON.")
        try:
            result = deliberate(result_input_from_dict(dict(request.data)))
        except (InvalidCandidate, RegulationError, ValueError, KeyError, TypeError) as error:
            return error_response(str(error))
        return Response(result.to_dict())
