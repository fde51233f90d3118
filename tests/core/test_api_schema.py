"""The API's schema tells the truth: what /api/schema/ promises is what the endpoints answer.

schemathesis generates requests from the OpenAPI schema that drf-spectacular serves (valid ones and, in
its negative phase, ones the schema forbids), sends them to the running Django application, signed in as
an administrator and as a reader, and checks every answer: never a 5xx, the status code, content type,
headers and body all as the schema says, and bad input refused. The number of examples per operation is
bounded so that the whole run takes about a minute.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.db import close_old_connections
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient
from werkzeug.test import Client as WsgiClient

from omvarld.accounts.models import Role

# Spread over every operation; four runs (two roles, valid and invalid requests) take about a minute.
EXAMPLES_PER_RUN = 400


@dataclass(frozen=True)
class Session:
    """A browser session of a user in a role: its cookies, and the CSRF token a write must send back."""

    role: Role
    cookies: dict[str, str]
    headers: dict[str, str]


@pytest.fixture(params=[Role.ADMINISTRATOR, Role.READER], ids=["administrator", "reader"])
def session(request: pytest.FixtureRequest, make_user: Any) -> Session:
    client = Client()
    client.force_login(make_user(request.param))
    token = get_token(RequestFactory().get("/"))
    cookies = {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: token,
    }
    return Session(request.param, cookies, {"X-CSRFToken": token})


@pytest.fixture
def application() -> Iterator[Any]:
    """The site's WSGI application, called in the test's own database transaction.

    At the end of every request Django closes database connections it thinks stale, which would close
    the test's transaction on PostgreSQL; Django's own test client switches that off the same way.
    """
    from omvarld.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize(
    "mode", [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE], ids=str
)
def test_every_answer_keeps_the_schemas_promise(session: Session, mode: Any, application: Any) -> None:
    # The schema as the running site serves it to the signed-in user (it is behind the login), then
    # exercised through the WSGI application like any client.
    # Werkzeug's client, as schemathesis uses: Django's would connect ``close_old_connections`` again.
    client = WsgiClient(application)
    for name, value in session.cookies.items():
        client.set_cookie(name, value)
    served = client.get("/api/schema/?format=json")
    assert served.status_code == 200, served.status
    schema = schemathesis.openapi.from_dict(served.json)
    schema.app, schema.location = application, "/api/schema/?format=json"
    schema.config.generation.update(with_security_parameters=False)

    class SignedIn:
        """How schemathesis signs each request in: the session's cookies and CSRF header."""

        def get(self, case: Any, context: Any) -> Session:
            return session

        def set(self, case: Any, data: Session, context: Any) -> None:
            case.cookies = {**(case.cookies or {}), **data.cookies}
            case.headers = {**(case.headers or {}), **data.headers}

    schema.auth(refresh_interval=None)(SignedIn)
    operations = {result.ok().label for result in schema.get_all_operations()}
    assert {
        "GET /api/units/",
        "GET /api/units/{id}/",
        "POST /api/counterparts/",
        "PUT /api/counterparts/{id}/",
        "PATCH /api/counterparts/{id}/",
        "DELETE /api/counterparts/{id}/",
    } <= operations
    answers: Counter[tuple[str, int]] = Counter()

    @given(case=schema.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_RUN,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answer_keeps_its_promise(case: Any) -> None:
        response = case.call_and_validate()
        answers[(case.operation.label, response.status_code)] += 1

    answer_keeps_its_promise()

    # The run reached the endpoints signed in, not only their refusals.
    if mode == schemathesis.GenerationMode.POSITIVE:
        assert answers[("GET /api/units/", 200)] > 0
        assert answers[("GET /api/counterparts/", 200)] > 0
        created = answers[("POST /api/counterparts/", 201)]
        assert created > 0 if session.role is Role.ADMINISTRATOR else created == 0
    else:
        assert sum(count for (label, status), count in answers.items() if status == 400) > 0
    assert not [key for key in answers if key[1] >= 500]


def _schema(user: Any) -> dict[str, Any]:
    client = APIClient()
    client.force_authenticate(user)
    return client.get("/api/schema/", {"format": "json"}).json()


def test_a_units_parent_is_declared_nullable(make_user: Any) -> None:
    schema = _schema(make_user(Role.READER))
    unit = schema["components"]["schemas"]["Unit"]["properties"]
    assert unit["parent"]["nullable"] is True
    assert unit["code"]["maxLength"] == 40


def test_lengths_and_patterns_of_a_new_counterpart_are_declared(make_user: Any) -> None:
    schema = _schema(make_user(Role.READER))
    request = schema["components"]["schemas"]["CounterpartInputRequest"]["properties"]
    reference = request["country"]["allOf"][0]["$ref"]
    request["country"] = schema["components"]["schemas"][reference.rsplit("/", 1)[1]]
    assert request["name"]["maxLength"] == 200
    # Something written (a character that is neither white space nor hidden), and nothing hidden anywhere:
    # what the service refuses (ECMA's \\uXXXX and \\xXX read the same in Python's re).
    name = re.compile(request["name"]["pattern"])
    assert name.match("Eurocities")
    assert name.match("Åbo Akademi")
    for refused in ("", "   ", "\x00", "Euro\x00cities", "a\u200bb", "\u200b", "Rad\nbrytning", "\x9d"):
        assert not name.match(refused), refused
    assert "DK" in request["country"]["enum"]
    assert "XX" not in request["country"]["enum"]
    assert {alternative["maxLength"] for alternative in request["city"]["oneOf"]} == {200, 0}  # or empty


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        ("/api/units/", "get", {"200", "400", "401", "403"}),
        ("/api/units/{id}/", "get", {"200", "400", "401", "403", "404"}),
        ("/api/counterparts/", "post", {"201", "400", "401", "403", "409", "413", "415", "503"}),
        (
            "/api/counterparts/{id}/",
            "patch",
            {"200", "400", "401", "403", "404", "409", "413", "415", "503"},
        ),
        (
            "/api/counterparts/{id}/",
            "delete",
            {"204", "400", "401", "403", "404", "409", "413", "415", "503"},
        ),
    ],
)
def test_every_answer_code_is_documented_as_a_problem(
    make_user: Any, path: str, method: str, codes: set[str]
) -> None:
    responses = _schema(make_user(Role.READER))["paths"][path][method]["responses"]
    assert set(responses) == codes
    for code in codes - {"200", "201", "204"}:
        assert list(responses[code]["content"]) == ["application/problem+json"]


def test_the_paging_parameters_declare_their_bounds(make_user: Any) -> None:
    parameters = {
        p["name"]: p["schema"]
        for p in _schema(make_user(Role.READER))["paths"]["/api/units/"]["get"]["parameters"]
    }
    assert (parameters["limit"]["minimum"], parameters["limit"]["maximum"]) == (1, 500)
    assert parameters["offset"]["maximum"] == 2**63 - 1 - 500


def test_the_filters_declare_their_parameters(make_user: Any) -> None:
    # Recorded where the filters are defined (``core.filters.openapi_field``), handed to drf-spectacular
    # when the schema is made.
    paths = _schema(make_user(Role.READER))["paths"]
    register = {p["name"]: p["schema"] for p in paths["/api/engagements/"]["get"]["parameters"]}
    assert register["q"] == {"type": "string", "maxLength": 200, "pattern": "^[^\\x00]*$"}
    assert {"type": "integer", "minimum": 1900, "maximum": 2999} in register["year"]["oneOf"]
    assert {"DK", "Danmark", "Denmark"} <= set(register["country"]["enum"])
    units = {p["name"]: p["schema"] for p in paths["/api/units/"]["get"]["parameters"]}
    assert "ended" in units["status"]["enum"]
    assert {alternative.get("format") for alternative in units["on"]["oneOf"]} == {"date", None}


def test_setting_django_up_does_not_load_the_apis_libraries() -> None:
    # A command, a worker or a pool's process never makes the API's schema: half a second saved at each start.
    code = (
        "import sys, django; django.setup(); "
        "print(sorted(m for m in ('rest_framework.fields', 'drf_spectacular.utils', 'requests', 'pygments')"
        " if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stderr


def _allowed(schema: dict[str, Any], prop: dict[str, Any]) -> set[Any]:
    """The values an enum property allows, following its references and alternatives."""
    if "$ref" in prop:
        return _allowed(schema, schema["components"]["schemas"][prop["$ref"].rsplit("/", 1)[1]])
    found: set[Any] = set(prop.get("enum", ()))
    for alternative in (*prop.get("oneOf", ()), *prop.get("anyOf", ()), *prop.get("allOf", ())):
        found |= _allowed(schema, alternative)
    if prop.get("nullable"):
        found.add(None)
    return found


def test_an_engagements_unstated_choices_and_a_drafts_outcome_are_as_the_schema_says(
    units: Any, make_user: Any
) -> None:
    from tests.factories import EngagementFactory

    reader = make_user(Role.READER)
    draft = EngagementFactory(unit=units["MHN"], kind="membership")
    schema = _schema(reader)
    client = APIClient()
    client.force_authenticate(reader)
    body = client.get(f"/api/engagements/{draft.pk}/").json()
    properties = schema["components"]["schemas"]["Engagement"]["properties"]
    for name in (
        "participation",
        "scope",
        "travel_paid_by",
        "accommodation_paid_by",
        "agreement_type",
        "origin",
    ):
        assert body[name] in _allowed(schema, properties[name]), name
        assert "" in _allowed(schema, properties[name]), name
    assert body["latest_outcome"] is None
    assert body["latest_decided_by"] is None
