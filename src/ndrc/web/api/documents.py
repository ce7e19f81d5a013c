"""REST API (v1) of the documents issued: those the user may read (the same rule as the pages,
``candidates.document_selectors.documents_visible_to``) and the file of one, as it was
issued."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ndrc.web.accounts.roles import Permission
from ndrc.web.api.common import ERROR, PagePagination
from ndrc.web.api.permissions import requires
from ndrc.web.audit.services import access_record
from ndrc.web.candidates.document_selectors import (
    document_visible_to,
    documents_found,
    documents_shown,
    documents_visible_to,
)
from ndrc.web.documents.downloads import attachment, document_export
from ndrc.web.documents.kinds import KINDS
from ndrc.web.documents.models import IssuedDocument

FILTER_LENGTH = 64


class DocumentSerializer(serializers.ModelSerializer[IssuedDocument]):
    label = serializers.SerializerMethodField(help_text="Le nom du document.")
    current = serializers.SerializerMethodField(
        help_text="Vrai pour la version en vigueur, faux pour une version remplacée."
    )
    candidate_number = serializers.SerializerMethodField(
        help_text="Le numéro du candidat (nul pour un document sans candidat, tel un PV)."
    )
    session = serializers.SerializerMethodField(help_text="L'année de la session.")
    download_url = serializers.SerializerMethodField(help_text="L'adresse du fichier.")

    class Meta:
        model = IssuedDocument
        fields = (
            "id",
            "kind",
            "label",
            "reference",
            "version",
            "current",
            "candidate_number",
            "session",
            "issued_at",
            "pages",
            "size",
            "sha256",
            "download_url",
        )

    def get_label(self, document: IssuedDocument) -> str:
        kind = KINDS.get(document.kind)
        return kind.label if kind else document.kind

    def get_current(self, document: IssuedDocument) -> bool:
        return not getattr(document, "replaced", False)

    def get_candidate_number(self, document: IssuedDocument) -> str | None:
        return document.candidate.number if document.candidate else None

    def get_session(self, document: IssuedDocument) -> int:
        return document.session.year

    def get_download_url(self, document: IssuedDocument) -> str:
        path = reverse("api-document-file", args=[document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class DocumentListView(ListAPIView[IssuedDocument]):
    permission_classes = [requires(Permission.VIEW_DOCUMENTS)]
    serializer_class = DocumentSerializer
    pagination_class = PagePagination

    @extend_schema(
        summary="Les documents délivrés que l'utilisateur peut lire",
        description="Toutes versions, les plus récents d'abord, par page de 100 : le rectorat "
        "ceux de son académie, un centre de formation ceux de ses candidats qui lui sont "
        "destinés, un candidat les siens qui lui sont destinés.",
        parameters=[
            OpenApiParameter(
                "kind", str, description="Le document (son nom court, tel « releve-de-notes »)."
            ),
            OpenApiParameter("candidate", str, description="Le numéro du candidat."),
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[IssuedDocument]:
        params = self.request.query_params
        documents = documents_found(
            documents_visible_to(user=self.request.user),
            kind=params.get("kind", "")[:FILTER_LENGTH],
        )
        number = params.get("candidate", "").strip()[:FILTER_LENGTH]
        if number:
            documents = documents.filter(candidate__number=number)
        return documents_shown(documents)


class DocumentFileView(APIView):
    permission_classes = [requires(Permission.VIEW_DOCUMENTS)]

    @extend_schema(
        summary="Le fichier d'un document délivré",
        description="Les octets enregistrés à sa délivrance (leur SHA-256 est celui de la "
        "liste) ; 404 pour un document que l'utilisateur ne peut pas lire.",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: ERROR},
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        document = document_visible_to(user=request.user, pk=pk)
        if document is None:
            raise NotFound("Aucun document de ce numéro ne vous est destiné.")
        if document.candidate is not None:
            access_record(user=request.user, candidate=document.candidate, page="document")
        return attachment(document_export(document))

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The file is answered whatever the Accept header asks; an error in JSON.
        return super().perform_content_negotiation(request, force=True)
