"""The documents API: the same documents as the pages (candidates.document_selectors), their
description and their file as it was issued; 404 for a document the user may not read."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CandidateFactory
from tests.web.candidates.documents_world import (
    FOR_CANDIDATE,
    FOR_CENTRE,
    declare_kinds,
    documents_world,
    issue,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(session, office, monkeypatch, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    declare_kinds(monkeypatch)
    return documents_world(session, office)


def _listed(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("api-documents"), params)
    assert response.status_code == 200
    return response.json()


def _refs(body):
    return {row["reference"] for row in body["results"]}


def _of(world, *names):
    return {world.docs[n].reference for n in names}


def test_each_role_lists_exactly_its_documents(client, world):
    users = world.users
    assert _refs(_listed(client, users["x"])) == _of(world, "x_letter_1", "x_letter_2")
    assert _refs(_listed(client, users["centre"])) == _of(world, "x_centre")
    assert _refs(_listed(client, users["centre_e2"])) == set()
    assert _refs(_listed(client, users["office"])) == _of(
        world, "x_letter_1", "x_letter_2", "x_centre", "x_office", "z_letter", "pv_a"
    )
    assert _refs(_listed(client, users["office_b"])) == _of(world, "y_letter", "y_centre", "pv_b")


def test_a_document_s_description(client, world):
    body = _listed(client, world.users["x"])
    assert body["count"] == 2
    rows = {row["version"]: row for row in body["results"]}
    current, replaced = world.docs["x_letter_2"], world.docs["x_letter_1"]
    assert rows[2] == {
        "id": current.pk,
        "kind": FOR_CANDIDATE.slug,
        "label": FOR_CANDIDATE.label,
        "reference": current.reference,
        "version": 2,
        "current": True,
        "candidate_number": "A000001",
        "session": 2025,
        "issued_at": rows[2]["issued_at"],
        "pages": current.pages,
        "size": current.size,
        "sha256": current.sha256,
        "download_url": "http://testserver" + reverse("api-document-file", args=[current.pk]),
    }
    assert rows[1]["current"] is False and rows[1]["reference"] == replaced.reference
    pv = next(
        row
        for row in _listed(client, world.users["office"])["results"]
        if row["reference"] == world.docs["pv_a"].reference
    )
    assert pv["candidate_number"] is None


def test_filters_by_kind_and_candidate(client, world):
    office = world.users["office"]
    assert _refs(_listed(client, office, kind=FOR_CENTRE.slug)) == _of(world, "x_centre")
    assert _refs(_listed(client, office, candidate="A000002")) == _of(world, "z_letter")
    assert _refs(_listed(client, office, candidate="B000001")) == set()  # another académie's
    assert _refs(_listed(client, office, kind="inconnu")) == set()


def test_the_file_is_the_recorded_bytes(client, world):
    client.force_login(world.users["x"])
    for row in client.get(reverse("api-documents")).json()["results"]:
        response = client.get(row["download_url"])
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert hashlib.sha256(response.content).hexdigest() == row["sha256"]
    pdf = client.get(
        reverse("api-document-file", args=[world.docs["x_letter_2"].pk]),
        headers={"accept": "application/pdf"},
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("who", "hidden"),
    [
        ("x", ["x_centre", "x_office", "z_letter", "y_letter", "pv_a"]),
        ("centre", ["x_letter_2", "x_office", "y_centre", "pv_a"]),
        ("office", ["y_letter", "pv_b"]),
    ],
)
def test_a_file_not_meant_for_the_user_is_a_404(client, world, who, hidden):
    client.force_login(world.users[who])
    for name in hidden:
        url = reverse("api-document-file", args=[world.docs[name].pk])
        response = client.get(url, headers={"accept": "application/pdf"})
        assert response.status_code == 404, name
        assert response.json() == {"detail": "Aucun document de ce numéro ne vous est destiné."}


def test_a_jury_member_has_no_documents(client, world):
    client.force_login(world.users["jury"])
    assert client.get(reverse("api-documents")).status_code == 403
    url = reverse("api-document-file", args=[world.docs["pv_a"].pk])
    assert client.get(url).status_code == 403


def test_the_list_costs_the_same_queries_at_two_sizes(client, world, session, office):
    client.force_login(office)

    def cost():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("api-documents")).status_code == 200
        return len(captured.captured_queries)

    def more(n):
        for _ in range(n):
            candidate = CandidateFactory(session=session, academy=office.academy)
            issue(FOR_CANDIDATE, candidate, session, office)
            issue(FOR_CANDIDATE, candidate, session, office, value="9")

    more(2)
    small = cost()
    more(10)
    assert cost() == small
