"""REST API (v1) of candidates: the candidates a user sees, a candidate's exam plan, grades
(read; write with the version read: 409 on a conflict), conformity checklist and what-if
simulation. The same services and selectors as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ndrc.rules.catalogue import catalogue
from ndrc.rules.errors import InvalidCandidate, RegulationError
from ndrc.rules.grades import parse_value
from ndrc.web.accounts.roles import Permission
from ndrc.web.api.common import (
    ANY_OBJECT,
    ERROR,
    PagePagination,
    error_response,
    invalid_response,
    refused_response,
)
from ndrc.web.api.permissions import requires
from ndrc.web.audit.services import access_record
from ndrc.web.candidates.grade_services import (
    GradeConflict,
    GradeForbidden,
    GradeWrite,
    grade_set,
)
from ndrc.web.candidates.models import GRADE_STATES, Candidate, Grade
from ndrc.web.candidates.rules_inputs import conformity_reports, plan_of
from ndrc.web.candidates.selectors import (
    candidate_visible_to,
    candidates_current,
    grades_shown_to,
)
from ndrc.web.deliberations.what_if_selectors import simulation_for
from ndrc.web.grading.permits import grade_permit


class CandidateSerializer(serializers.ModelSerializer[Candidate]):
    establishment = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Candidate
        fields = ("id", "number", "last_name", "first_name", "route", "establishment", "lv1")


class CandidateListView(ListAPIView[Candidate]):
    permission_classes = [requires(Permission.VIEW_CANDIDATE_LIST)]
    serializer_class = CandidateSerializer
    pagination_class = PagePagination

    @extend_schema(
        summary="Les candidats de la session en cours que l'utilisateur peut voir",
        description="Par page de 100, dans l'ordre des noms (nom, prénom, numéro) : "
        "« next » donne la page suivante, « count » le nombre de candidats.",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Candidate]:
        return candidates_current(user=self.request.user).order_by(
            "last_name", "first_name", "number", "pk"
        )


class CandidatePlanView(APIView):
    permission_classes = [requires(Permission.VIEW_CANDIDATE_PLAN)]

    @extend_schema(
        summary="Le plan d'épreuves d'un candidat enregistré",
        responses={200: ANY_OBJECT, 404: ERROR},
    )
    def get(self, request: Request, pk: int) -> Response:
        candidate = candidate_visible_to(user=request.user, pk=pk)
        access_record(user=request.user, candidate=candidate, page="api")
        return Response(plan_of(candidate).to_dict())


class GradeSerializer(serializers.ModelSerializer[Grade]):
    class Meta:
        model = Grade
        fields = ("exam", "state", "value", "ccf", "carried_session", "version", "updated_at")


class GradeLineSerializer(serializers.Serializer[Any]):
    """A grade as the user may see it: a stored grade, or (for the candidate, once the
    result is published) a unit of the published result (no version then)."""

    exam = serializers.CharField()
    state = serializers.ChoiceField(choices=GRADE_STATES)
    value = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    ccf = serializers.BooleanField()
    carried_session = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class GradeValueField(serializers.DecimalField):
    """A grade's value read by the rules core (``parse_value``), as on the pages: a JSON
    number, or text of ASCII digits with one comma or point; not « 1e1 », « NaN », « １２ »."""

    def to_internal_value(self, data: Any) -> Decimal:
        try:
            return parse_value(data, "note")
        except InvalidCandidate as error:
            raise serializers.ValidationError(str(error)) from None


class GradeWriteSerializer(serializers.Serializer[Any]):
    state = serializers.ChoiceField(choices=[value for value, _ in GRADE_STATES])
    value = GradeValueField(max_digits=4, decimal_places=2, required=False, allow_null=True)
    carried_session = serializers.IntegerField(
        required=False, allow_null=True, min_value=2000, max_value=2100
    )
    expected_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="La version lue (absente pour une note qui n'existait pas) : 409 si elle a "
        "changé entre-temps.",
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class CandidateGradesView(APIView):
    permission_classes = [requires(Permission.VIEW_CANDIDATE_PLAN)]

    @extend_schema(
        summary="Les notes d'un candidat que l'utilisateur peut voir",
        description="Le candidat lui-même : les notes de son résultat publié (aucune avant "
        "la publication) ; un centre de formation : les propositions de CCF ; un "
        "examinateur : les épreuves qui lui sont confiées ; la division des examens : tout.",
        responses={200: GradeLineSerializer(many=True), 404: ERROR},
    )
    def get(self, request: Request, pk: int) -> Response:
        candidate = candidate_visible_to(user=request.user, pk=pk)
        access_record(user=request.user, candidate=candidate, page="api")
        lines = grades_shown_to(user=request.user, candidate=candidate)
        return Response(GradeLineSerializer(lines, many=True).data)


class CandidateGradeView(APIView):
    permission_classes = [requires(Permission.ENTER_GRADES)]

    @extend_schema(
        summary="Saisir une note (un état explicite, jamais 0 pour une absence)",
        description="Une dispense, une VAE ou une note conservée (bénéfice) vient du dossier du "
        "candidat : saisie par la division des examens seulement (403 sinon), refusée (400) "
        "quand le dossier ne la fonde pas (dispense accordée et son justificatif, unité validée "
        "par la VAE, session antérieure encore valable).",
        request=GradeWriteSerializer,
        responses={200: GradeSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    )
    def put(self, request: Request, pk: int, exam: str) -> Response:
        candidate = candidate_visible_to(user=request.user, pk=pk)
        if exam not in catalogue().grade_codes:
            raise Http404
        body = GradeWriteSerializer(data=request.data)
        if not body.is_valid():
            return invalid_response(body)
        data = body.validated_data
        permit = grade_permit(request.user, candidate, exam)
        if not permit.allowed:
            return error_response(
                f"Saisie impossible : {permit.reason}.", status.HTTP_403_FORBIDDEN
            )
        try:
            grade = grade_set(
                candidate=candidate,
                write=GradeWrite(
                    exam,
                    data["state"],
                    data.get("value"),
                    ccf=permit.ccf,
                    carried_session=data.get("carried_session"),
                ),
                actor=request.user,
                expected_version=data.get("expected_version"),
                reason=data.get("reason", ""),
            )
        except GradeConflict as conflict:
            return error_response(str(conflict), status.HTTP_409_CONFLICT)
        except GradeForbidden as forbidden:
            return error_response(str(forbidden), status.HTTP_403_FORBIDDEN)
        except ValidationError as error:
            return refused_response(error)
        return Response(GradeSerializer(grade).data)


class CandidateConformityView(APIView):
    permission_classes = [requires(Permission.VIEW_CANDIDATE_PLAN)]

    @extend_schema(
        summary="La conformité des dossiers d'un candidat et sa liste de contrôle",
        description="Format : docs/conformity-format.md (sortie JSON).",
        responses={200: ANY_OBJECT, 400: ERROR, 404: ERROR},
    )
    def get(self, request: Request, pk: int) -> Response:
        candidate = candidate_visible_to(user=request.user, pk=pk)
        access_record(user=request.user, candidate=candidate, page="api")
        report = conformity_reports([candidate], as_of=dt.date.today())[candidate.pk]
        if isinstance(report, str):
            return error_response(report)
        return Response(report.to_dict())


class CandidateWhatIfView(APIView):
    permission_classes = [requires(Permission.VIEW_CANDIDATE_PLAN)]

    @extend_schema(
        summary="La simulation d'un candidat : la note qu'il faut aux épreuves qui restent "
        "(DEC D126–D128)",
        description="Les notes que l'utilisateur voit du candidat, puis celles supposées pour "
        "les épreuves qui restent, en paramètres de la requête (« ?E4=12,5&E6=9 ») ; rien n'est "
        "écrit. Une note supposée illisible est listée dans « errors » et ignorée. La même "
        "réponse que la page « Simulation » (format JSON).",
        responses={200: ANY_OBJECT, 400: ERROR, 404: ERROR},
    )
    def get(self, request: Request, pk: int) -> Response:
        candidate = candidate_visible_to(user=request.user, pk=pk)
        if candidate.user_id != request.user.pk:
            access_record(user=request.user, candidate=candidate, page="what_if")
        try:
            simulation = simulation_for(
                user=request.user, candidate=candidate, typed=request.query_params
            )
        except (InvalidCandidate, RegulationError) as error:  # the stored file
            return error_response(str(error))
        data = simulation.found.to_dict()
        data["errors"] = simulation.errors
        return Response(data)
