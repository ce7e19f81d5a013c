"""REST API (v1) of a candidate's livret scolaire or de formation (C2022 §1.3): the training
centre attaches it to its own candidate (a file and/or the appreciations and the Pix mention),
as on its page (``deliberations.livret_views.livret_edit``), through the same service
(``livret_save``: one transaction, one audit entry); the training centre and the exam office
read what is attached and its file. The jury opens it on the deliberation's page, where each
opening is recorded (CE D643-26), not here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ndrc.web.accounts.roles import Permission, Role
from ndrc.web.api.common import ERROR, error_response, invalid_response, refused_response
from ndrc.web.api.permissions import requires
from ndrc.web.audit.services import access_record
from ndrc.web.candidates.models import Candidate, Livret
from ndrc.web.candidates.selectors import candidate_visible_to
from ndrc.web.deliberations.livret_services import livret_save
from ndrc.web.deliberations.livret_views import livret_download, livret_of
from ndrc.web.grading.ccf_files import MAX_BYTES

PIX_SCORE_MAX = 32767  # the column's largest value (a positive small integer)


class LivretFileSerializer(serializers.Serializer[Any]):
    filename = serializers.CharField()
    mimetype = serializers.CharField(help_text="Lu dans le contenu du fichier, pas dans son nom.")
    size = serializers.IntegerField(help_text="En octets.")
    sha256 = serializers.CharField(help_text="L'empreinte SHA-256 du fichier déposé.")
    url = serializers.CharField(help_text="Où le télécharger.")


class LivretSerializer(serializers.Serializer[Any]):
    candidate = serializers.CharField(help_text="Le numéro du candidat.")
    present = serializers.BooleanField(help_text="Un livret a-t-il été déposé ?")
    appreciations = serializers.CharField(allow_blank=True)
    pix_mention = serializers.CharField(allow_blank=True)
    pix_score = serializers.IntegerField(allow_null=True)
    file = LivretFileSerializer(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class LivretWriteSerializer(serializers.Serializer[Any]):
    """The livret as the training centre's page takes it (multipart/form-data): a file
    replaces the one deposited; without one, the file deposited stays."""

    appreciations = serializers.CharField(required=False, allow_blank=True, default="")
    pix_mention = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    pix_score = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=PIX_SCORE_MAX
    )
    file = serializers.FileField(
        required=False,
        allow_empty_file=True,
        help_text="PDF, image ou document bureautique (reconnu par son contenu).",
    )


def _body(candidate: Candidate, livret: Livret | None) -> dict[str, Any]:
    if livret is None:
        return {
            "candidate": candidate.number,
            "present": False,
            "appreciations": "",
            "pix_mention": "",
            "pix_score": None,
            "file": None,
            "updated_at": None,
        }
    file = None
    if livret.has_file:
        file = {
            "filename": livret.filename,
            "mimetype": livret.mimetype,
            "size": livret.size,
            "sha256": livret.sha256,
            "url": reverse("api-candidate-livret-file", kwargs={"pk": candidate.pk}),
        }
    return {
        "candidate": candidate.number,
        "present": True,
        "appreciations": livret.appreciations,
        "pix_mention": livret.pix_mention,
        "pix_score": livret.pix_score,
        "file": file,
        "updated_at": livret.updated_at,
    }


class CandidateLivretView(APIView):
    permission_classes = [requires(Permission.EDIT_CANDIDATE_FILE)]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Le livret scolaire ou de formation d'un candidat",
        description="Ce que le centre de formation a déposé : appréciations, mention et score "
        "Pix, et le fichier (son nom, son type, sa taille, son empreinte et où le "
        "télécharger). Pour le centre de formation de ses candidats et la division des "
        "examens ; le jury l'ouvre depuis la délibération, où chaque ouverture est "
        "enregistrée (CE D643-26).",
        responses={200: LivretSerializer, 404: ERROR},
    )
    def get(self, request: Request, pk: int) -> Response:
        candidate = candidate_visible_to(user=request.user, pk=pk)
        return Response(LivretSerializer(_body(candidate, livret_of(candidate))).data)

    @extend_schema(
        summary="Déposer ou remplacer le livret d'un candidat (centre de formation)",
        description="En multipart/form-data, comme la page du centre : un fichier (PDF, "
        "image, document bureautique : reconnu par son contenu, 10 Mo au plus) remplace le "
        "fichier déposé ; sans fichier, celui-ci reste. Les appréciations, la mention et le "
        "score Pix sont ceux envoyés. Refusé (400) pour un livret vide, un fichier d'un autre "
        "type et une fois la délibération du candidat close ; réservé au centre de formation "
        "(403 sinon). Une entrée au journal.",
        request={"multipart/form-data": LivretWriteSerializer},
        responses={200: LivretSerializer, 400: ERROR, 403: ERROR, 404: ERROR},
    )
    def put(self, request: Request, pk: int) -> Response:
        candidate = candidate_visible_to(user=request.user, pk=pk)
        if request.user.role != Role.TRAINING_CENTRE:
            return error_response(
                "Seul le centre de formation du candidat dépose son livret.",
                status.HTTP_403_FORBIDDEN,
            )
        sent = request.FILES.get("file")
        if sent is not None and (sent.size or 0) > MAX_BYTES:
            # Refused before it is read whole in memory.
            return error_response(f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo.")
        body = LivretWriteSerializer(data=request.data)
        if not body.is_valid():
            return invalid_response(body)
        data = body.validated_data
        try:
            livret = livret_save(
                candidate=candidate,
                appreciations=data["appreciations"],
                pix_mention=data["pix_mention"],
                pix_score=data["pix_score"],
                upload=(sent.name or "", sent.read()) if sent is not None else None,
                actor=request.user,
            )
        except ValidationError as error:
            return refused_response(error)
        return Response(LivretSerializer(_body(candidate, livret)).data)


class CandidateLivretFileView(APIView):
    permission_classes = [requires(Permission.EDIT_CANDIDATE_FILE)]

    @extend_schema(
        summary="Le fichier du livret d'un candidat, tel qu'il a été déposé",
        description="Chaque téléchargement est inscrit au registre des accès aux données "
        "personnelles du candidat.",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: ERROR},
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        candidate = candidate_visible_to(user=request.user, pk=pk)
        livret = livret_of(candidate)
        if livret is None or not livret.has_file:
            raise Http404
        access_record(user=request.user, candidate=candidate, page="livret_centre")
        return livret_download(livret)
