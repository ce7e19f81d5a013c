"""REST API (v1) of a jury's composition (CE D643-31), as on the jury's page: who reads it
(those who deliberate, within their juries), who records, corrects and removes its members (the
exam office, while the deliberation is open: the same services, one journal entry each), and
which accounts open the deliberation (DEC D141)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ndrc.rules.jury_composition import quality_label
from ndrc.web.accounts.models import User
from ndrc.web.accounts.roles import Permission, Role
from ndrc.web.api.common import ERROR, error_response, invalid_response, refused_response
from ndrc.web.api.permissions import requires
from ndrc.web.deliberations import selectors
from ndrc.web.deliberations.composition import composition_of, composition_problems_of
from ndrc.web.deliberations.jury_member_services import (
    jury_member_add,
    jury_member_remove,
    jury_member_update,
)
from ndrc.web.deliberations.models import Jury, JuryMember


class MemberSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    quality = serializers.CharField(help_text="La qualité (clé de `rules/data/jury.yaml`).")
    quality_label = serializers.CharField()
    president = serializers.BooleanField()
    account = serializers.CharField(
        allow_blank=True, help_text="Le compte de jury du membre (identifiant), vide sans compte."
    )


class CompositionSerializer(serializers.Serializer[Any]):
    members = MemberSerializer(many=True)
    problems = serializers.ListField(
        child=serializers.CharField(),
        help_text="Ce que la composition enfreint (article D643-31) : vide quand elle est "
        "conforme. Tant qu'il en reste, la délibération ne peut pas être close.",
    )
    accounts = serializers.ListField(
        child=serializers.CharField(),
        help_text="Les comptes qui ouvrent la délibération : ceux des membres enregistrés dès "
        "qu'il y en a un, ceux choisis à la création du jury avant.",
    )


class MemberWriteSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Nom et prénom."
    )
    quality = serializers.CharField(help_text="La qualité (clé de `rules/data/jury.yaml`).")
    president = serializers.BooleanField(required=False, default=False)
    account = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="L'identifiant d'un compte de jury de l'académie : il ouvrira la délibération.",
    )


class MemberUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(required=False, max_length=200)
    quality = serializers.CharField(required=False)
    president = serializers.BooleanField(required=False)


def _member(member: JuryMember) -> dict[str, Any]:
    return {
        "id": member.pk,
        "name": member.name,
        "quality": member.quality,
        "quality_label": quality_label(member.quality),
        "president": member.president,
        "account": member.user.username if member.user_id is not None else "",
    }


def _composition(jury: Jury) -> dict[str, Any]:
    return {
        "members": [_member(m) for m in composition_of(jury)],
        "problems": composition_problems_of(jury),
        "accounts": list(jury.members.order_by("username").values_list("username", flat=True)),
    }


class JuryCompositionView(APIView):
    permission_classes = [requires(Permission.DELIBERATE)]

    @extend_schema(
        summary="La composition du jury (article D643-31) et les comptes qui ouvrent sa "
        "délibération",
        responses={200: CompositionSerializer, 404: ERROR},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_composition(selectors.jury_for(request.user, pk)))


class JuryMemberNewView(APIView):
    permission_classes = [requires(Permission.MANAGE_JURIES)]

    @extend_schema(
        summary="Enregistrer un membre du jury (délibération ouverte)",
        description="Sans nom, celui du compte donné. Une entrée du journal ; dès qu'un membre "
        "est enregistré, seuls les comptes des membres enregistrés ouvrent la délibération.",
        request=MemberWriteSerializer,
        responses={201: CompositionSerializer, 400: ERROR, 404: ERROR},
    )
    def post(self, request: Request, pk: int) -> Response:
        jury = selectors.jury_for(request.user, pk)
        body = MemberWriteSerializer(data=request.data if isinstance(request.data, dict) else {})
        if not body.is_valid():
            return invalid_response(body)
        data = body.validated_data
        user = None
        if data.get("account"):
            user = User.objects.filter(
                username=data["account"], role=Role.JURY, academy_id=jury.academy_id
            ).first()
            if user is None:
                return error_response(
                    "Compte inconnu : donnez l'identifiant d'un compte de jury de l'académie."
                )
        name = (data.get("name") or "").strip()
        if not name and user is not None:
            name = user.get_full_name() or user.username
        try:
            jury_member_add(
                jury=jury,
                name=name,
                quality=data["quality"],
                president=data["president"],
                user=user,
                actor=request.user,
            )
        except ValidationError as error:
            return refused_response(error)
        return Response(_composition(jury), status=status.HTTP_201_CREATED)


class JuryMemberView(APIView):
    permission_classes = [requires(Permission.MANAGE_JURIES)]

    @extend_schema(
        summary="Corriger le nom, la qualité ou la présidence d'un membre (délibération ouverte)",
        request=MemberUpdateSerializer,
        responses={200: CompositionSerializer, 400: ERROR, 404: ERROR},
    )
    def patch(self, request: Request, pk: int, member: int) -> Response:
        jury = selectors.jury_for(request.user, pk)
        row = get_object_or_404(JuryMember, pk=member, jury=jury)
        body = MemberUpdateSerializer(data=request.data if isinstance(request.data, dict) else {})
        if not body.is_valid():
            return invalid_response(body)
        data = body.validated_data
        try:
            jury_member_update(
                member=row,
                name=data.get("name", row.name),
                quality=data.get("quality", row.quality),
                president=data.get("president", row.president),
                actor=request.user,
            )
        except ValidationError as error:
            return refused_response(error)
        return Response(_composition(jury))

    @extend_schema(
        summary="Retirer un membre du jury (délibération ouverte)",
        responses={200: CompositionSerializer, 400: ERROR, 404: ERROR},
    )
    def delete(self, request: Request, pk: int, member: int) -> Response:
        jury = selectors.jury_for(request.user, pk)
        row = get_object_or_404(JuryMember, pk=member, jury=jury)
        try:
            jury_member_remove(member=row, actor=request.user)
        except ValidationError as error:
            return refused_response(error)
        return Response(_composition(jury))
