"""REST API (v1) of the convocations of the exam days, read-only, for the exam office of an
académie (the same permission and scope as the other exam days' endpoints): every
convocation sent to a candidate or an examiner of the current session in its académie, the
latest first, each with the version of the document sent and the link to its file."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from ndrc.web.accounts.roles import Permission
from ndrc.web.api.common import ERROR, PagePagination
from ndrc.web.api.permissions import requires
from ndrc.web.scheduling.convocation_selectors import convocations_sent
from ndrc.web.scheduling.models import ConvocationSent
from ndrc.web.sessions.selectors import session_current


class ConvocationSentSerializer(serializers.ModelSerializer[ConvocationSent]):
    person_kind = serializers.SerializerMethodField(help_text="« candidat » ou « examinateur ».")
    person = serializers.SerializerMethodField(help_text="Nom et prénom.")
    candidate_number = serializers.SerializerMethodField(
        help_text="Le numéro du candidat (null pour un examinateur)."
    )
    examiner = serializers.IntegerField(
        source="examiner_id", allow_null=True, help_text="L'examinateur (null pour un candidat)."
    )
    reference = serializers.CharField(source="document.reference")
    version = serializers.IntegerField(source="document.version")
    cancellation = serializers.SerializerMethodField(
        help_text="Vrai pour l'annulation d'une convocation (plus aucune épreuve)."
    )
    sent_at = serializers.DateTimeField(source="at")
    state = serializers.CharField(
        help_text="« sent » envoyée, « failed » échec de l'envoi, « no_address » sans adresse."
    )
    lines = serializers.ListField(
        child=serializers.CharField(), help_text="Les horaires que la convocation donnait."
    )
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = ConvocationSent
        fields = (
            "id",
            "person_kind",
            "person",
            "candidate_number",
            "examiner",
            "reference",
            "version",
            "cancellation",
            "sent_at",
            "state",
            "lines",
            "document_url",
        )

    def get_person_kind(self, sent: ConvocationSent) -> str:
        return "candidat" if sent.candidate_id is not None else "examinateur"

    def get_person(self, sent: ConvocationSent) -> str:
        person = sent.candidate if sent.candidate_id is not None else sent.examiner
        return "" if person is None else f"{person.last_name.upper()} {person.first_name}"

    def get_candidate_number(self, sent: ConvocationSent) -> str | None:
        return None if sent.candidate is None else sent.candidate.number

    def get_cancellation(self, sent: ConvocationSent) -> bool:
        return not sent.lines

    def get_document_url(self, sent: ConvocationSent) -> str:
        path = reverse("api-document-file", args=[sent.document_id])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ExamDayConvocationsView(ListAPIView[ConvocationSent]):
    permission_classes = [requires(Permission.ORGANISE_EXAM_DAYS)]
    serializer_class = ConvocationSentSerializer
    pagination_class = PagePagination

    def get_queryset(self) -> QuerySet[ConvocationSent]:
        session = session_current(user=self.request.user)
        academy_id = getattr(self.request.user, "academy_id", None)
        if session is None or academy_id is None:
            return ConvocationSent.objects.none()
        return convocations_sent(session_id=session.pk, academy_id=academy_id)

    @extend_schema(
        summary="Les convocations envoyées de la session dans l'académie",
        description="Chaque envoi d'une convocation (ou de son annulation) à un candidat ou à "
        "un examinateur de la session en cours dans l'académie, les plus récents d'abord, par "
        "page de 100 : la version du document envoyé et le lien vers son fichier.",
        responses={200: ConvocationSentSerializer(many=True), 403: ERROR},
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)
