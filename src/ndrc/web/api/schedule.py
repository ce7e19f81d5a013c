"""REST API (v1) of the exam days' schedule: the sittings the user may read (the same rule
as the pages, ``scheduling.selectors.sittings_visible_to``: the exam office its académie's, a
training centre its candidates', an examiner his or her commissions', a candidate his or her
own), by default those of the applied schedules, filterable by centre, date, examiner and
candidate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from ndrc.web.accounts.roles import Permission
from ndrc.web.api.common import ERROR, PagePagination
from ndrc.web.api.permissions import requires
from ndrc.web.scheduling.models import Schedule, Sitting
from ndrc.web.scheduling.selectors import schedule_visible_to, sittings_visible_to

FILTER_LENGTH = 64


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class SittingSerializer(serializers.ModelSerializer[Sitting]):
    schedule = serializers.IntegerField(source="commission.schedule_id", help_text="Le planning.")
    candidate_number = serializers.CharField(source="candidate.number", help_text="Le candidat.")
    centre = serializers.CharField(source="commission.centre.code", help_text="Le centre.")
    centre_name = serializers.CharField(source="commission.centre.name")
    room = serializers.CharField(source="commission.room.name", help_text="La salle.")
    date = serializers.DateField(source="commission.date")
    half = serializers.IntegerField(source="commission.half", help_text="0 matin, 1 après-midi.")
    loge_time = serializers.SerializerMethodField(help_text="L'heure d'entrée en loge.")
    start_time = serializers.SerializerMethodField(help_text="L'heure de début de l'épreuve.")
    end_time = serializers.SerializerMethodField(help_text="L'heure de fin (temps majoré compris).")
    examiners = serializers.SerializerMethodField(help_text="Les membres de la commission.")

    class Meta:
        model = Sitting
        fields = (
            "id",
            "schedule",
            "candidate_number",
            "exam",
            "centre",
            "centre_name",
            "room",
            "date",
            "half",
            "loge_time",
            "start_time",
            "end_time",
            "group",
            "examiners",
        )

    def get_loge_time(self, sitting: Sitting) -> str:
        return _clock(sitting.loge_start)

    def get_start_time(self, sitting: Sitting) -> str:
        return _clock(sitting.start)

    def get_end_time(self, sitting: Sitting) -> str:
        return _clock(sitting.end)

    def get_examiners(self, sitting: Sitting) -> list[dict[str, Any]]:
        return [{"id": m.pk, "name": str(m)} for m in sitting.commission.members.all()]


def _date(raw: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise ParseError(f"Date illisible : « {raw} » (attendu 12/05/2026).")


class ScheduleSittingsView(ListAPIView[Sitting]):
    permission_classes = [requires(Permission.VIEW_EXAM_DAYS)]
    serializer_class = SittingSerializer
    pagination_class = PagePagination

    @extend_schema(
        summary="Les passages du planning des épreuves orales et pratiques",
        description="Par page de 100, dans l'ordre des jours et des heures : ceux des plannings "
        "appliqués (ou du planning ``schedule``), que l'utilisateur peut lire : le rectorat ceux "
        "de son académie, un centre de formation ceux de ses candidats, un examinateur ceux de "
        "ses commissions, un candidat les siens.",
        parameters=[
            OpenApiParameter("schedule", int, description="Un planning (proposé ou remplacé)."),
            OpenApiParameter("centre", str, description="Le code du centre d'examen."),
            OpenApiParameter("date", str, description="Le jour (12/05/2026 ou 2026-05-12)."),
            OpenApiParameter("examiner", int, description="L'examinateur (son identifiant)."),
            OpenApiParameter("candidate", str, description="Le numéro du candidat."),
        ],
        responses={200: SittingSerializer(many=True), 400: ERROR, 404: ERROR},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Sitting]:
        params = self.request.query_params
        user = self.request.user
        raw = params.get("schedule", "").strip()
        if raw:
            if not raw.isdigit() or len(raw) > 9:
                raise ParseError("Le planning est désigné par un nombre.")
            schedule = schedule_visible_to(user=user, pk=int(raw))
            sittings = sittings_visible_to(user=user, schedule=schedule)
        else:
            sittings = sittings_visible_to(user=user, schedule=None).filter(
                commission__schedule__status=Schedule.APPLIED
            )
        centre = params.get("centre", "").strip()[:FILTER_LENGTH]
        if centre:
            sittings = sittings.filter(commission__centre__code=centre)
        day = params.get("date", "").strip()[:FILTER_LENGTH]
        if day:
            sittings = sittings.filter(commission__date=_date(day))
        examiner = params.get("examiner", "").strip()
        if examiner:
            if not examiner.isdigit() or len(examiner) > 9:
                raise ParseError("L'examinateur est désigné par un nombre.")
            sittings = sittings.filter(commission__members=int(examiner))
        number = params.get("candidate", "").strip()[:FILTER_LENGTH]
        if number:
            sittings = sittings.filter(candidate__number=number)
        return (
            sittings.select_related("candidate", "commission__centre", "commission__room")
            .prefetch_related("commission__members")
            .order_by("commission__date", "commission__half", "start", "candidate__number", "pk")
        )
