"""The API's error mapping: every refusal is a JSON problem body (RFC 9457), never a stack trace."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from omvarld.core.api_input import NestedTooDeep, RequestTooLarge
from omvarld.core.errors import ApplicationError
from omvarld.core.maintenance import RETRY_AFTER_SECONDS, MaintenanceInProgress

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem(
    status_code: int, title: str, *, code: str, errors: list[dict[str, Any]] | None = None
) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status_code, "code": code}
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_response(
    status_code: int, title: str, *, code: str, errors: list[dict[str, Any]] | None = None
) -> HttpResponse:
    """The same problem body outside DRF: for Django's error handlers and middleware on ``/api/``."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status_code, "code": code}
    if errors:
        body["errors"] = errors
    return JsonResponse(
        body, status=status_code, content_type=PROBLEM_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _codes(detail: Any) -> set[str]:
    """The codes of a validation error's details, however nested."""
    if isinstance(detail, dict):
        return {code for value in detail.values() for code in _codes(value)}
    if isinstance(detail, list):
        return {code for value in detail for code in _codes(value)}
    return {str(getattr(detail, "code", ""))}


def _flatten(detail: Any, field: str | None = None) -> list[dict[str, Any]]:
    if isinstance(detail, dict):
        return [
            item
            for key, value in detail.items()
            for item in _flatten(value, key if field is None else f"{field}.{key}")
        ]
    if isinstance(detail, list):
        return [item for value in detail for item in _flatten(value, field)]
    entry: dict[str, Any] = {"message": str(detail)}
    if field and field != "non_field_errors":
        entry["field"] = field
    return [entry]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = _problem_for(exc, context)
    request = context.get("request")
    if response is not None and request is not None:
        # A problem is JSON whatever the endpoint renders otherwise (the schema's YAML, say).
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = PROBLEM_CONTENT_TYPE
    return response


def _problem_for(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        response = problem(exc.status, exc.message, code=exc.code, errors=[d.as_dict() for d in exc.details])
        if isinstance(exc, MaintenanceInProgress):
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if isinstance(exc, Http404):
        return problem(status.HTTP_404_NOT_FOUND, "Det du söker finns inte.", code="not_found")
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return problem(status.HTTP_401_UNAUTHORIZED, "Du måste logga in.", code="not_authenticated")
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        return problem(
            status.HTTP_403_FORBIDDEN,
            "Begäran saknar en giltig CSRF-token: skicka med huvudet X-CSRFToken med värdet i kakan "
            "csrftoken.",
            code="csrf_failed",
        )
    if isinstance(exc, exceptions.PermissionDenied):
        return problem(
            status.HTTP_403_FORBIDDEN, "Du har inte behörighet att göra detta.", code="permission_denied"
        )
    if isinstance(exc, exceptions.ValidationError):
        if _codes(exc.detail) == {"null"}:
            return problem(400, "Begäran saknar uppgifter: skicka ett JSON-objekt.", code="no_data")
        return problem(400, "Uppgifterna är felaktiga.", code="invalid", errors=_flatten(exc.detail))
    if isinstance(exc, NestedTooDeep):
        return problem(400, str(exc.detail), code="too_deep")
    if isinstance(exc, exceptions.ParseError):
        return problem(400, "Begäran kunde inte tolkas (felaktig JSON?).", code="parse_error")
    if isinstance(exc, RequestTooLarge):
        return problem(exc.status_code, str(exc.detail), code="too_large")
    if isinstance(exc, exceptions.APIException):
        drf_response = drf_exception_handler(exc, context)
        if drf_response is not None:
            return problem(drf_response.status_code, str(exc.detail), code=exc.default_code)
    return None
