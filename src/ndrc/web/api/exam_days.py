"""REST API (v1) of the exam days' organisation, read-only, for the exam office of an
académie (the same permission and scope as the pages): its exam centres with their rooms and
the half-days they are open, its examiners with their availability, and the calendar (the
window of the orals, the written papers of the session)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ndrc.web.accounts.roles import Permission
from ndrc.web.api.common import ERROR
from ndrc.web.api.permissions import requires
from ndrc.web.scheduling import organisation_selectors as selectors
from ndrc.web.scheduling.models import CentreOpening, ExaminerAvailability
from ndrc.web.sessions.selectors import session_current

HALF_NAMES = {0: "matin", 1: "apres-midi"}

HALF_DAYS = inline_serializer(
    "ExamDayHalfDay",
    {
        "date": serializers.DateField(),
        "half": serializers.ChoiceField(choices=["matin", "apres-midi"]),
    },
    many=True,
)
ROOMS = inline_serializer(
    "ExamDayRoom",
    {
        "id": serializers.IntegerField(),
        "name": serializers.CharField(),
        "kind": serializers.ChoiceField(choices=["oral", "computer"]),
        "posts": serializers.IntegerField(),
        "active": serializers.BooleanField(),
    },
    many=True,
)
CENTRES = inline_serializer(
    "ExamDayCentre",
    {
        "id": serializers.IntegerField(),
        "code": serializers.CharField(),
        "name": serializers.CharField(),
        "address": serializers.CharField(),
        "loge_seats": serializers.IntegerField(),
        "establishments": serializers.ListField(child=serializers.CharField()),
        "rooms": ROOMS,
        "openings": HALF_DAYS,
    },
    many=True,
)
EXAMINERS = inline_serializer(
    "ExamDayExaminer",
    {
        "id": serializers.IntegerField(),
        "last_name": serializers.CharField(),
        "first_name": serializers.CharField(),
        "email": serializers.CharField(),
        "establishment": serializers.CharField(allow_null=True),
        "kinds": serializers.ListField(child=serializers.CharField()),
        "languages": serializers.ListField(child=serializers.CharField()),
        "centres": serializers.ListField(child=serializers.CharField()),
        "withdrawn": serializers.BooleanField(),
        "availability": HALF_DAYS,
    },
    many=True,
)
CALENDAR = inline_serializer(
    "ExamDayCalendar",
    {
        "session": serializers.IntegerField(allow_null=True),
        "oral_window": serializers.DictField(allow_null=True),
        "written": serializers.ListField(child=serializers.DictField()),
    },
)


def _half(day: Any, half: int) -> dict[str, str]:
    return {"date": day.isoformat(), "half": HALF_NAMES[half]}


def _context(request: Request) -> tuple[Any, Any]:
    return session_current(user=request.user), getattr(request.user, "academy", None)


class ExamDayCentresView(APIView):
    permission_classes = [requires(Permission.ORGANISE_EXAM_DAYS)]

    @extend_schema(
        summary="Les centres d'examen de l'académie, leurs salles et leurs ouvertures",
        responses={200: CENTRES, 403: ERROR},
    )
    def get(self, request: Request) -> Response:
        session, academy = _context(request)
        if session is None or academy is None:
            return Response([])
        centres = list(selectors.centres_of(academy=academy))
        openings: defaultdict[int, list[dict[str, str]]] = defaultdict(list)
        for centre_id, day, half in CentreOpening.objects.filter(
            session=session, centre__in=centres
        ).values_list("centre_id", "date", "half"):
            openings[centre_id].append(_half(day, half))
        served: defaultdict[int, list[str]] = defaultdict(list)
        for establishment in selectors.establishments_served(academy=academy):
            if establishment.exam_centre_id:
                served[establishment.exam_centre_id].append(establishment.uai)
        return Response(
            [
                {
                    "id": c.pk,
                    "code": c.code,
                    "name": c.name,
                    "address": c.address,
                    "loge_seats": c.loge_seats,
                    "establishments": sorted(served[c.pk]),
                    "rooms": [
                        {
                            "id": r.pk,
                            "name": r.name,
                            "kind": r.kind,
                            "posts": r.posts,
                            "active": r.active,
                        }
                        for r in c.rooms.all()
                    ],
                    "openings": openings[c.pk],
                }
                for c in centres
            ]
        )


class ExamDayExaminersView(APIView):
    permission_classes = [requires(Permission.ORGANISE_EXAM_DAYS)]

    @extend_schema(
        summary="Les examinateurs de la session dans l'académie et leurs disponibilités",
        responses={200: EXAMINERS, 403: ERROR},
    )
    def get(self, request: Request) -> Response:
        session, academy = _context(request)
        if session is None or academy is None:
            return Response([])
        examiners = list(selectors.examiners_of(session=session, academy=academy))
        available: defaultdict[int, list[dict[str, str]]] = defaultdict(list)
        for examiner_id, day, half in (
            ExaminerAvailability.objects.filter(examiner__in=examiners)
            .order_by("date", "half")
            .values_list("examiner_id", "date", "half")
        ):
            available[examiner_id].append(_half(day, half))
        return Response(
            [
                {
                    "id": x.pk,
                    "last_name": x.last_name,
                    "first_name": x.first_name,
                    "email": x.email,
                    "establishment": x.establishment.uai if x.establishment else None,
                    "kinds": list(x.kinds or []),
                    "languages": list(x.languages or []),
                    "centres": [c.code for c in x.centres.all()],
                    "withdrawn": x.withdrawn,
                    "availability": available[x.pk],
                }
                for x in examiners
            ]
        )


class ExamDayCalendarView(APIView):
    permission_classes = [requires(Permission.ORGANISE_EXAM_DAYS)]

    @extend_schema(
        summary="Le calendrier : période des oraux de l'académie et épreuves écrites",
        responses={200: CALENDAR, 403: ERROR},
    )
    def get(self, request: Request) -> Response:
        session, academy = _context(request)
        if session is None:
            return Response({"session": None, "oral_window": None, "written": []})
        window = selectors.oral_window(session=session, academy=academy)
        return Response(
            {
                "session": session.year,
                "oral_window": None
                if window is None
                else {
                    "first_day": window.first_day.isoformat(),
                    "last_day": window.last_day.isoformat(),
                    "morning_start": window.morning_start.strftime("%H:%M"),
                    "afternoon_start": window.afternoon_start.strftime("%H:%M"),
                    "half_day_minutes": window.half_day_minutes,
                    "resit_first_day": window.resit_first_day.isoformat()
                    if window.resit_first_day
                    else None,
                    "resit_last_day": window.resit_last_day.isoformat()
                    if window.resit_last_day
                    else None,
                },
                "written": [
                    {
                        "exam": s.exam,
                        "date": s.date.isoformat(),
                        "start": s.start.strftime("%H:%M"),
                        "end": s.end.strftime("%H:%M"),
                        "loge_minutes": s.loge_minutes,
                    }
                    for s in selectors.written_sittings(session=session)
                ],
            }
        )
