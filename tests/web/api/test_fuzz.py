"""Fuzzing the REST API from its served OpenAPI document (schemathesis, in-process WSGI).

The schema is read from ``/api/schema/`` as the application serves it; every operation it
lists gets its tests (a new operation is fuzzed the day it is added). Requests are sent logged
in as an exam-office user (session cookie and CSRF token, like a browser) — or, for an
operation the exam office may not call (a candidate's own result), as the first role of the
role table that may — and every answer must not be a server error and must conform to the
schema (status code, content type, body):

- ``test_operation``: at most ``MAX_EXAMPLES`` requests generated from the schema, its
  examples, the stored objects' ids and mutations of valid bodies (``SEEDS``);
- ``test_path_parameters_at_their_bounds``: each integer path parameter at 0, 1 and past
  2**31, 2**63; ``test_negative_path_parameters``: at -1;
- ``test_valid_bodies_with_one_member_of_another_type``: every member of every seed body
  replaced in turn by a value of every JSON type (deterministic, every failure listed).

Generation is derandomized (the same examples every run, no example database) so that the
outcome does not depend on the machine: a strict xfail below stays a failure until it is fixed.
For a deeper local search: ``NDRC_FUZZ_EXAMPLES=1000 NDRC_FUZZ_RANDOM=1 pytest <this file>``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import secrets
import traceback
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ndrc.rules.candidate_category import Route
from ndrc.web.accounts.roles import Permission, Role, has_permission
from ndrc.web.deliberations.models import FrozenResult, Jury, JuryAssignment
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    EstablishmentFactory,
    ExamSessionFactory,
    UserFactory,
)

MAX_EXAMPLES = int(os.environ.get("NDRC_FUZZ_EXAMPLES", "25"))
DERANDOMIZE = os.environ.get("NDRC_FUZZ_RANDOM", "") != "1"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# The application as a WSGI server runs it; the schema as it serves it.
APP = WSGIHandler()
SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/", APP)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations() if isinstance(result, Ok)]

EXAMPLES_DIR = Path(__file__).resolve().parents[3] / "examples"


def _example(name: str) -> Any:
    return json.loads((EXAMPLES_DIR / name).read_text(encoding="utf-8"))


# A deliberation body using every member of docs/results-format.md (conformity included).
FULL_RESULT = {
    **_example("conformity_2025.json")[0],
    "grades": {"E1": 12, "E2": "13.5", "E3": {"state": "carried_over", "value": 12,
               "session": 2022}, "E4": {"value": 14, "ccf": True}, "E5W": 11, "E5P": 9,
               "E6": {"state": "absent_force_majeure"}, "EF1": 13, "EF2": 12},
    "assessment": "global",
    "vae_units": ["U6"],
    "jury_changes": [
        {"exam": "E5P", "value": 10, "author": "Président", "at": "2025-07-04T10:12",
         "reason": "Harmonisation"}
    ],
    "resit_grades": [{"unit": "U1", "value": 14}],
    "resit_declined": False,
    "fraud_procedure": False,
    "parameters": {"resit_replaces_only_if_higher": "false"},
}  # fmt: skip

# Valid bodies, by operation: a random object seldom gets past the first check, a valid one
# with one member changed reaches the rules core.
SEEDS: dict[str, list[dict[str, Any]]] = {
    "POST /api/v1/plan/": [
        _example("candidate_school_2025.json"),
        _example("candidate_experience_2023.json"),
    ],
    "POST /api/v1/deliberate/": [*_example("results_2025.json")[:3], FULL_RESULT],
}

# Known failures of the application (see the report in each reason): test → operation → why.
KNOWN_FAILURES: dict[str, dict[str, str]] = {}


def params(test: str, operations: list[Any]) -> list[Any]:
    known = KNOWN_FAILURES.get(test, {})
    return [
        pytest.param(
            o,
            id=o.label,
            marks=[pytest.mark.xfail(strict=True, reason=known[o.label])]
            if o.label in known
            else [],
        )
        for o in operations
    ]


@pytest.fixture
def in_process_requests():
    """Requests run inside the test's transaction: Django must not close the connection at the
    end of each request (django.test.Client arranges the same). Server errors are recorded with
    their traceback, for the failure messages."""
    errors: list[str] = []

    def record(sender: Any, request: Any = None, **kwargs: Any) -> None:
        errors.append(f"{request.method} {request.path}\n{traceback.format_exc()}")

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(record)
    try:
        yield errors
    finally:
        got_request_exception.disconnect(record)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def stored(db, settings, in_process_requests) -> dict[str, Any]:
    """A small session created once per test: candidates of every route in the exam office's
    académie (one without establishment, as the experience route allows), one elsewhere; a
    closed jury with a published result for the candidate who has an account, an open one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    session = ExamSessionFactory(year=2025)
    academy, other = AcademyFactory(), AcademyFactory()
    school = EstablishmentFactory(academy=academy)
    candidates = [CandidateFactory(academy=academy, establishment=school, route=r) for r in Route]
    candidates.append(
        CandidateFactory(academy=academy, establishment=None, route=Route.PROFESSIONAL_EXPERIENCE)
    )
    candidates.append(CandidateFactory(academy=other))
    users = {role: UserFactory(role=role, academy=academy, establishment=school) for role in Role}
    first = candidates[0]
    first.user = users[Role.CANDIDATE]
    first.save()
    closed = Jury.objects.create(session=session, academy=academy, name="J1", state=Jury.CLOSED)
    opened = Jury.objects.create(session=session, academy=academy, name="J2")
    for jury in (closed, opened):
        jury.members.set([users[Role.JURY]])
    JuryAssignment.objects.create(jury=closed, candidate=first)
    JuryAssignment.objects.bulk_create(
        JuryAssignment(jury=opened, candidate=c) for c in candidates[1:-1]
    )
    FrozenResult.objects.create(
        jury=closed,
        candidate=first,
        round=1,
        decision="admitted",
        decision_label="Admis",
        regulation="R2023",
        result={},
        explanation="",
        published_at=dt.datetime(2025, 7, 7, tzinfo=dt.UTC),
    )
    csrf = secrets.token_hex(16)  # 32 characters: a valid CSRF secret
    sessions = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        sessions[role] = client.cookies["sessionid"].value
    return {
        "ids": [c.pk for c in candidates] + [closed.pk, opened.pk],
        "sessions": sessions,
        "csrf": csrf,
        "errors": in_process_requests,
    }


def role_for(case: Any) -> Role:
    """The exam office, unless the operation needs a permission it lacks: then the first role
    of the role table that has it."""
    try:
        view = resolve(case.formatted_path).func
    except Resolver404:  # a path Django does not route (e.g. a negative id)
        return Role.EXAM_OFFICE
    classes = getattr(getattr(view, "cls", None), "permission_classes", [])
    needed = [c.required_permission for c in classes if hasattr(c, "required_permission")]

    class Someone:
        is_authenticated = True

        def __init__(self, role: Role) -> None:
            self.role = role

    for role in [Role.EXAM_OFFICE, *Role]:
        if all(has_permission(Someone(role), Permission(p)) for p in needed):
            return role
    return Role.EXAM_OFFICE


def send(case: Any, stored: dict[str, Any]) -> Any:
    """Send the request (as ``role_for``) and validate the answer against the schema."""
    cookies = {"sessionid": stored["sessions"][role_for(case)], "csrftoken": stored["csrf"]}
    headers = {"X-CSRFToken": stored["csrf"]}
    response = case.call(app=APP, cookies=cookies, headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)
    return response


def failure_line(case: Any, stored: dict[str, Any]) -> str | None:
    """None when the request passes every check, else one line: what failed and, for a
    server error, the exception."""
    seen = len(stored["errors"])
    try:
        send(case, stored)
    except FailureGroup as group:
        titles = "; ".join(sorted({f.title for f in group.exceptions}))
        exception = ""
        if len(stored["errors"]) > seen:
            exception = " — " + stored["errors"][-1].strip().splitlines()[-1]
        return f"{titles}{exception}"
    return None


# ---------------------------------------------------------------------------------------------
# Generated requests
# ---------------------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The paths of every member of a JSON value (object members and list items, nested)."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    found = []
    for key, member in items:
        found.append((*prefix, key))
        if isinstance(member, dict | list):
            found.extend(_paths(member, (*prefix, key)))
    return found


def _mutate(seed: dict[str, Any], path: tuple[Any, ...], value: Any, drop: bool = False) -> dict:
    body = copy.deepcopy(seed)
    target = body
    for key in path[:-1]:
        target = target[key]
    if drop:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return body


def _mutations(seed: dict[str, Any]) -> st.SearchStrategy[dict]:
    """The seed with one member replaced by any JSON value, or removed."""
    return st.builds(
        _mutate, st.just(seed), st.sampled_from(_paths(seed)), JSON_VALUES, st.booleans()
    )


def _strategy(operation: Any, stored: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Generated requests, the schema's own examples, requests aimed at stored objects (a
    random id or year seldom names one) and mutations of valid bodies."""
    strategies = [operation.as_strategy(), *operation.get_strategies_from_examples()]
    seeds = SEEDS.get(operation.label, [])
    if seeds:
        bodies = st.sampled_from(seeds).flatmap(_mutations)
        strategies.append(
            bodies.flatmap(
                lambda body: operation.as_strategy(body=body, media_type="application/json")
            )
        )
    known = {"id": stored["ids"], "year": [2019, 2020, 2023, 2024, 2025, 2026]}
    names = {p.name for p in operation.path_parameters}
    for name, values in known.items():
        if name in names:
            strategies.append(
                st.sampled_from(values).flatmap(
                    lambda v, name=name: operation.as_strategy(path_parameters={name: v})
                )
            )
    return st.one_of(strategies)


def test_the_served_schema_lists_the_api():
    labels = {operation.label for operation in OPERATIONS}
    assert "GET /api/v1/candidates/{id}/plan/" in labels
    assert "POST /api/v1/plan/" in labels
    for known in KNOWN_FAILURES.values():
        assert set(known) <= labels
    assert set(SEEDS) <= labels


@pytest.mark.django_db
@pytest.mark.parametrize("operation", params("test_operation", OPERATIONS))
def test_operation(operation, stored):
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=DERANDOMIZE,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=_strategy(operation, stored))
    def run(case):
        # Negative path integers: a known failure, pinned in test_negative_path_parameters.
        assume(not any(isinstance(v, int) and v < 0 for v in case.path_parameters.values()))
        send(case, stored)

    run()


# ---------------------------------------------------------------------------------------------
# Deterministic requests
# ---------------------------------------------------------------------------------------------


def _is_integer(parameter: Any) -> bool:
    return parameter.definition.get("schema", {}).get("type") == "integer"


WITH_INTEGER_PATH = [o for o in OPERATIONS if any(_is_integer(p) for p in o.path_parameters)]
# A valid value for every path parameter, but the one under test.
PATH_VALUES = {"year": 2025, "exam": "E4", "member": 1}


def _at(operation: Any, name: str, value: Any, stored: dict[str, Any]) -> Any:
    values = {}
    for parameter in operation.path_parameters:
        if parameter.name == name:
            values[name] = value
        elif parameter.name == "id":
            values["id"] = stored["ids"][0]
        else:
            assert parameter.name in PATH_VALUES, f"{operation.label}: add {parameter.name}"
            values[parameter.name] = PATH_VALUES[parameter.name]
    return operation.Case(path_parameters=values)


def _bounds(operation: Any, values: list[int], stored: dict[str, Any]) -> list[str]:
    failures = []
    for parameter in [p for p in operation.path_parameters if _is_integer(p)]:
        for value in values:
            line = failure_line(_at(operation, parameter.name, value, stored), stored)
            if line:
                failures.append(f"{operation.label} {parameter.name}={value}: {line}")
    return failures


@pytest.mark.django_db
@pytest.mark.parametrize(
    "operation", params("test_path_parameters_at_their_bounds", WITH_INTEGER_PATH)
)
def test_path_parameters_at_their_bounds(operation, stored):
    failures = _bounds(operation, [0, 1, 2**31, 2**63, 10**30], stored)
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("operation", WITH_INTEGER_PATH, ids=lambda o: o.label)
def test_negative_path_parameters(operation, stored):
    failures = _bounds(operation, [-1], stored)
    assert not failures, "\n".join(failures)


WRONG_TYPES = [None, True, -1, 1.5, "", "x", [], ["x"], {}, {"x": 1}]


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(SEEDS))
def test_the_seeds_are_accepted(label, stored):
    operation = SCHEMA.find_operation_by_label(label)
    for seed in SEEDS[label]:
        response = send(operation.Case(body=seed, media_type="application/json"), stored)
        assert response.status_code == 200, response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "operation",
    params(
        "test_valid_bodies_with_one_member_of_another_type",
        [o for o in OPERATIONS if o.label in SEEDS],
    ),
)
def test_valid_bodies_with_one_member_of_another_type(operation, stored):
    failures = []
    for seed in SEEDS[operation.label]:
        for path in _paths(seed):
            for value in WRONG_TYPES:
                body = _mutate(seed, path, value)
                line = failure_line(
                    operation.Case(body=body, media_type="application/json"), stored
                )
                if line:
                    where = "/".join(str(p) for p in path)
                    failures.append(f"{seed.get('id')} {where} = {value!r}: {line}")
    errors = stored["errors"]
    assert not failures, (
        f"{len(failures)} failing bodies:\n"
        + "\n".join(failures)
        + "\n\nfirst traceback:\n"
        + (errors[0] if errors else "")
    )
