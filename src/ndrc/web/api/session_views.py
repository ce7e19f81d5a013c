"""REST API (v1) for running a session: a candidate's grades (read, write with the version
read: 409 on a conflict), conformity checklist, juries (review, jury changes, close, reopen,
publish, arrested results) and the candidate's own published result. The same services and
selectors as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ndrc.web.accounts.roles import Permission
from ndrc.web.api.permissions import requires
from ndrc.web.deliberations import selectors as jsel
from ndrc.web.deliberations import services as jury_services
from ndrc.web.deliberations.access import candidate_for, jury_for
from ndrc.web.exams import selectors
from ndrc.web.exams.conformity import conformity_reports
from ndrc.web.exams.grade_entry import grade_permit
from ndrc.web.exams.grades import EXAM_CODES, GradeConflict, GradeWrite, grade_set
from ndrc.web.exams.models import Candidate, Grade

ERROR = inline_serializer("SessionError", {"detail": serializers.CharField()})
ANY_OBJECT = OpenApiTypes.OBJECT


def _error(message: str, code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"detail": message}, status=code)


def _visible(request: Request, pk: int) -> Candidate:
    session = selectors.session_current()
    visible = (
        selectors.candidates_visible_to(user=request.user, session=session)
        if session
        else Candidate.objects.none()
    )
    return get_object_or_404(visible.select_related("session", "establishment"), pk=pk)


class GradeSerializer(serializers.ModelSerializer[Grade]):
    class Meta:
        model = Grade
        fields = ("exam", "state", "value", "ccf", "carried_session", "version", "updated_at")


class GradeWriteSerializer(serializers.Serializer[Any]):
    state = serializers.ChoiceField(
        choices=[
            "grade",
            "absent",
            "absent_force_majeure",
            "nv",
            "reserved",
            "exempted",
            "carried_over",
            "vae",
            "not_sat",
        ]
    )
    value = serializers.DecimalField(
        max_digits=4, decimal_places=2, required=False, allow_null=True
    )
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
        summary="Les notes enregistrées d'un candidat",
        responses={200: GradeSerializer(many=True), 404: ERROR},
    )
    def get(self, request: Request, pk: int) -> Response:
        candidate = _visible(request, pk)
        return Response(GradeSerializer(candidate.grades.order_by("exam"), many=True).data)


class CandidateGradeView(APIView):
    permission_classes = [requires(Permission.ENTER_GRADES)]

    @extend_schema(
        summary="Saisir une note (un état explicite, jamais 0 pour une absence)",
        request=GradeWriteSerializer,
        responses={200: GradeSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR},
    )
    def put(self, request: Request, pk: int, exam: str) -> Response:
        candidate = _visible(request, pk)
        if exam not in EXAM_CODES:
            raise Http404
        body = GradeWriteSerializer(data=request.data)
        if not body.is_valid():
            return _error(
                "; ".join(f"{k} : {' '.join(map(str, v))}" for k, v in body.errors.items())
            )
        data = body.validated_data
        permit = grade_permit(request.user, candidate, exam)
        if not permit.allowed:
            return _error(f"Saisie impossible : {permit.reason}.", status.HTTP_403_FORBIDDEN)
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
            return _error(str(conflict), status.HTTP_409_CONFLICT)
        except ValidationError as error:
            return _error(" ".join(error.messages))
        return Response(GradeSerializer(grade).data)


class CandidateConformityView(APIView):
    permission_classes = [requires(Permission.VIEW_CANDIDATE_PLAN)]

    @extend_schema(
        summary="La conformité des dossiers d'un candidat et sa liste de contrôle",
        description="Format : docs/conformity-format.md (sortie JSON).",
        responses={200: ANY_OBJECT, 400: ERROR, 404: ERROR},
    )
    def get(self, request: Request, pk: int) -> Response:
        candidate = _visible(request, pk)
        report = conformity_reports([candidate], as_of=dt.date.today())[candidate.pk]
        if isinstance(report, str):
            return _error(report)
        return Response(report.to_dict())


class JurySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    state = serializers.CharField()
    round = serializers.IntegerField()
    candidates = serializers.IntegerField()


def _jury_dict(jury: Any) -> dict[str, Any]:
    return {
        "id": jury.pk,
        "name": jury.name,
        "state": jury.state,
        "round": jury.round,
        "candidates": getattr(jury, "size", None) or jury.assignments.count(),
    }


class JuryListView(APIView):
    permission_classes = [requires(Permission.DELIBERATE)]

    @extend_schema(summary="Les jurys de la session", responses={200: JurySerializer(many=True)})
    def get(self, request: Request) -> Response:
        juries = jsel.juries_visible_to(user=request.user, session=selectors.session_current())
        return Response([_jury_dict(j) for j in juries])


class JuryDetailView(APIView):
    permission_classes = [requires(Permission.DELIBERATE)]

    @extend_schema(
        summary="La délibération d'un jury : ce qui manque, décisions proposées ou arrêtées",
        responses={200: ANY_OBJECT, 404: ERROR},
    )
    def get(self, request: Request, pk: int) -> Response:
        jury = jury_for(request.user, pk)
        data = _jury_dict(jury)
        if jury.is_closed:
            data["results"] = [
                {
                    "candidate": f.candidate.number,
                    "decision": f.decision,
                    "average": f.average,
                    "regulation": f.regulation,
                    "published": f.published_at is not None,
                }
                for f in jsel.frozen_results(jury)
            ]
            return Response(data)
        review = jsel.jury_review(jury)
        data["can_close"] = review.can_close
        data["session_problems"] = review.session_problems
        data["proposals"] = [
            {
                "candidate": row.candidate.number,
                "candidate_id": row.candidate.pk,
                "decision": row.result.decision.value,
                "average": row.result.to_dict()["average"],
                "problems": row.problems,
            }
            for row in review.rows
        ]
        return Response(data)


REASON = inline_serializer("Reason", {"reason": serializers.CharField()})


class JuryCloseView(APIView):
    permission_classes = [requires(Permission.DELIBERATE)]

    @extend_schema(
        summary="Clore la délibération (refusé tant que quelque chose manque)",
        request=None,
        responses={200: ANY_OBJECT, 404: ERROR, 409: ANY_OBJECT},
    )
    def post(self, request: Request, pk: int) -> Response:
        jury = jury_for(request.user, pk)
        try:
            count = jury_services.deliberation_close(jury=jury, actor=request.user)
        except jury_services.DeliberationBlocked as blocked:
            return Response(
                {"detail": str(blocked), "problems": blocked.problems},
                status=status.HTTP_409_CONFLICT,
            )
        except ValidationError as error:
            return _error(" ".join(error.messages), status.HTTP_409_CONFLICT)
        return Response({"results": count})


class JuryReopenView(APIView):
    permission_classes = [requires(Permission.REOPEN_DELIBERATION)]

    @extend_schema(
        summary="Rouvrir une délibération close (nouvelle délibération, motif obligatoire)",
        request=REASON,
        responses={200: JurySerializer, 400: ERROR, 404: ERROR},
    )
    def post(self, request: Request, pk: int) -> Response:
        jury = jury_for(request.user, pk)
        reason = request.data.get("reason", "") if isinstance(request.data, dict) else ""
        try:
            jury = jury_services.deliberation_reopen(
                jury=jury, reason=str(reason), actor=request.user
            )
        except ValidationError as error:
            return _error(" ".join(error.messages))
        return Response(_jury_dict(jury))


class JuryPublishView(APIView):
    permission_classes = [requires(Permission.PUBLISH_RESULTS)]

    @extend_schema(
        summary="Publier les résultats arrêtés",
        request=None,
        responses={200: ANY_OBJECT, 400: ERROR, 404: ERROR},
    )
    def post(self, request: Request, pk: int) -> Response:
        jury = jury_for(request.user, pk)
        try:
            count = jury_services.results_publish(jury=jury, actor=request.user)
        except ValidationError as error:
            return _error(" ".join(error.messages))
        return Response({"published": count})


class JuryChangeSerializer(serializers.Serializer[Any]):
    candidate_id = serializers.IntegerField()
    exam = serializers.ChoiceField(choices=list(EXAM_CODES))
    value = serializers.CharField(max_length=8)
    reason = serializers.CharField(max_length=1000)


class JuryChangeView(APIView):
    permission_classes = [requires(Permission.DELIBERATE)]

    @extend_schema(
        summary="Modifier une note en délibération (motif obligatoire)",
        request=JuryChangeSerializer,
        responses={201: ANY_OBJECT, 400: ERROR, 404: ERROR},
    )
    def post(self, request: Request, pk: int) -> Response:
        jury = jury_for(request.user, pk)
        body = JuryChangeSerializer(data=request.data)
        if not body.is_valid():
            return _error(
                "; ".join(f"{k} : {' '.join(map(str, v))}" for k, v in body.errors.items())
            )
        data = body.validated_data
        candidate, candidate_jury = candidate_for(request.user, data["candidate_id"])
        if candidate_jury is None or candidate_jury.pk != jury.pk:
            raise Http404
        try:
            change = jury_services.jury_grade_change(
                jury=jury,
                candidate=candidate,
                exam=data["exam"],
                value=data["value"],
                reason=data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            return _error(" ".join(error.messages))
        return Response(
            {"id": change.pk, "exam": change.exam, "value": str(change.value)},
            status=status.HTTP_201_CREATED,
        )


class MyResultView(APIView):
    permission_classes = [requires(Permission.VIEW_OWN_RESULTS)]

    @extend_schema(
        summary="Mon résultat publié, avec son explication",
        responses={200: ANY_OBJECT, 404: ERROR},
    )
    def get(self, request: Request) -> Response:
        candidate = Candidate.objects.filter(user=request.user).first()
        result = None if candidate is None else jsel.published_result(candidate)
        if result is None:
            return _error("Aucun résultat publié.", status.HTTP_404_NOT_FOUND)
        return Response(
            {
                "decision": result.decision,
                "decision_label": result.decision_label,
                "average": result.average,
                "average_display": result.average_display,
                "regulation": result.regulation,
                "round": result.round,
                "published_at": result.published_at,
                "result": result.result,
            }
        )
