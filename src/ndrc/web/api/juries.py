"""REST API (v1) of the deliberation: juries (review, jury changes, close — through the same
job and the same check as the page —, reopen, publish, arrested results) and the candidate's
own published result."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ndrc.rules.catalogue import catalogue
from ndrc.web.accounts.roles import Permission
from ndrc.web.api.common import (
    ANY_OBJECT,
    ERROR,
    error_response,
    invalid_response,
    refused_response,
)
from ndrc.web.api.permissions import requires
from ndrc.web.deliberations import closing, selectors, services
from ndrc.web.deliberations.anonymity import names_hidden
from ndrc.web.deliberations.proposal_selectors import jury_state, with_proposals
from ndrc.web.deliberations.proposals import proposals_read
from ndrc.web.jobs.models import JobState
from ndrc.web.pagination import paginate
from ndrc.web.sessions.selectors import session_current


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
        juries = selectors.juries_visible_to(
            user=request.user, session=session_current(user=request.user)
        )
        return Response([_jury_dict(j) for j in juries])


class JuryDetailView(APIView):
    permission_classes = [requires(Permission.DELIBERATE)]

    @extend_schema(
        summary="La délibération d'un jury : ce qui manque, décisions proposées ou arrêtées",
        description="Les décisions proposées, par page de 100 (« ?page= ») : « proposals_count » "
        "en donne le nombre, « pages » le nombre de pages ; « computing » compte celles en cours "
        "de calcul (décision nulle tant qu'elle n'est pas calculée). ",
        responses={200: ANY_OBJECT, 404: ERROR},
    )
    def get(self, request: Request, pk: int) -> Response:
        jury = selectors.jury_for(request.user, pk)
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
                for f in selectors.frozen_results(jury)
            ]
            return Response(data)
        _freshness, summary = proposals_read(
            candidates=selectors.jury_candidates(jury),
            session_id=jury.session_id,
            jury_id=jury.pk,
            actor=request.user,
        )
        hidden = names_hidden(user=request.user, jury=jury)
        state = jury_state(jury, summary, by_number=hidden)
        data["can_close"] = state.can_close
        data["fingerprint"] = state.fingerprint
        data["session_problems"] = state.session_problems
        data["computing"] = state.stale
        pagination = paginate(
            request, with_proposals(selectors.jury_candidates(jury), by_number=hidden), per_page=100
        )
        data["proposals_count"] = pagination.count
        data["page"] = pagination.number
        data["pages"] = pagination.pages
        data["proposals"] = [
            {
                "candidate": c.number,
                "candidate_id": c.pk,
                "decision": c.proposed.decision if c.proposal_current else None,
                "average": (c.proposed.average or None) if c.proposal_current else None,
                "problems": list(c.proposed.problems) if c.proposal_current else [],
            }
            for c in pagination.rows
        ]
        return Response(data)


REASON = inline_serializer("Reason", {"reason": serializers.CharField()})


class CloseSerializer(serializers.Serializer[Any]):
    seen = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text="L'empreinte (« fingerprint ») de la délibération lue : la clôture est refusée "
        "(409) si des notes ou des dossiers ont changé depuis.",
    )


class JuryCloseView(APIView):
    permission_classes = [requires(Permission.DELIBERATE)]

    @extend_schema(
        summary="Clore la délibération (refusé tant que quelque chose manque)",
        description="La clôture est la même tâche de fond que sur la page : 200 avec le nombre "
        "de résultats arrêtés quand elle est terminée, 202 avec la tâche à suivre quand elle "
        "attend un processus de fond, 409 avec ce qui manque quand elle est refusée.",
        request=CloseSerializer,
        responses={200: ANY_OBJECT, 202: ANY_OBJECT, 400: ERROR, 404: ERROR, 409: ANY_OBJECT},
    )
    def post(self, request: Request, pk: int) -> Response:
        jury = selectors.jury_for(request.user, pk)
        body = CloseSerializer(data=request.data if isinstance(request.data, dict) else {})
        if not body.is_valid():
            return invalid_response(body)
        job = closing.deliberation_close_start(
            jury=jury,
            actor=request.user,
            seen=body.validated_data.get("seen"),
            label=f"Clôture de la délibération — {jury}",
        )
        if job.state == JobState.DONE:
            return Response({"results": job.result["count"]})
        if job.state == JobState.FAILED:
            return Response(
                {"detail": job.message, "problems": job.details, "job": job.pk},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(
            {
                "job": job.pk,
                "state": job.state,
                "progress": reverse("job_state", args=[job.pk]),
            },
            status=status.HTTP_202_ACCEPTED,
        )


class JuryReopenView(APIView):
    permission_classes = [requires(Permission.REOPEN_DELIBERATION)]

    @extend_schema(
        summary="Rouvrir une délibération close (nouvelle délibération, motif obligatoire)",
        request=REASON,
        responses={200: JurySerializer, 400: ERROR, 404: ERROR},
    )
    def post(self, request: Request, pk: int) -> Response:
        jury = selectors.jury_for(request.user, pk)
        reason = request.data.get("reason", "") if isinstance(request.data, dict) else ""
        try:
            jury = closing.deliberation_reopen(jury=jury, reason=str(reason), actor=request.user)
        except ValidationError as error:
            return refused_response(error)
        return Response(_jury_dict(jury))


class JuryPublishView(APIView):
    permission_classes = [requires(Permission.PUBLISH_RESULTS)]

    @extend_schema(
        summary="Publier les résultats arrêtés",
        request=None,
        responses={200: ANY_OBJECT, 400: ERROR, 404: ERROR},
    )
    def post(self, request: Request, pk: int) -> Response:
        jury = selectors.jury_for(request.user, pk)
        try:
            count = closing.results_publish(jury=jury, actor=request.user)
        except ValidationError as error:
            return refused_response(error)
        return Response({"published": count})


class JuryChangeSerializer(serializers.Serializer[Any]):
    candidate_id = serializers.IntegerField()
    exam = serializers.ChoiceField(choices=list(catalogue().grade_codes))
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
        jury = selectors.jury_for(request.user, pk)
        body = JuryChangeSerializer(data=request.data)
        if not body.is_valid():
            return invalid_response(body)
        data = body.validated_data
        candidate, candidate_jury = selectors.candidate_for(request.user, data["candidate_id"])
        if candidate_jury is None or candidate_jury.pk != jury.pk:
            raise Http404
        try:
            change = services.jury_grade_change(
                jury=jury,
                candidate=candidate,
                exam=data["exam"],
                value=data["value"],
                reason=data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            return refused_response(error)
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
        candidate = selectors.own_candidate(request.user)
        result = None if candidate is None else selectors.published_result(candidate)
        if result is None:
            return error_response("Aucun résultat publié.", status.HTTP_404_NOT_FOUND)
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
