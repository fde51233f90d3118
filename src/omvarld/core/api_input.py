"""What the API accepts: JSON bodies within a size and depth, and paging parameters within range.

Kept apart from ``core.api`` because DRF imports these classes from its settings while its own views
module is still loading, and ``core.api`` imports DRF's views.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework import exceptions, pagination, parsers, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from omvarld.core.pagination import COUNT_LIMIT, CURSOR_PARAMETERS, keyset_page_asked


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Begäran är för stor."
    default_code = "too_large"


class NestedTooDeep(exceptions.ParseError):
    default_detail = "JSON-dokumentet är för djupt nästlat."
    default_code = "too_deep"


def too_large_message() -> str:
    limit_kib = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
    return f"Begäran är för stor; högst {limit_kib} kB tas emot."


class BoundedJSONParser(parsers.JSONParser):
    """DRF's JSON parser with the two limits it lacks.

    DRF reads the body straight from the request stream, so Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is
    never applied; and a document nested deeper than Python's recursion limit makes ``json`` raise
    ``RecursionError``, which DRF does not catch (a 500). Both become problem bodies here.
    """

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        request = (parser_context or {}).get("request")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request is not None and limit is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                raise RequestTooLarge(too_large_message())
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise NestedTooDeep() from exc
        if _holds_lone_surrogate(data):
            # "\ud800" is valid JSON but no text: the database driver cannot encode it (a 500).
            raise exceptions.ParseError(
                "JSON-dokumentet innehåller ogiltiga tecken (ensamma surrogattecken)."
            )
        return data


def _holds_lone_surrogate(data: Any) -> bool:
    """Whether any string in the parsed document (keys too) holds a lone UTF-16 surrogate; no recursion."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


# The largest page the API returns, and the largest offset the databases accept in LIMIT ... OFFSET
# (a signed 64-bit integer on both SQLite and PostgreSQL).
MAX_PAGE_SIZE = 500
MAX_OFFSET = 2**63 - 1 - MAX_PAGE_SIZE


class BoundedLimitOffsetPagination(pagination.LimitOffsetPagination):
    """Limit/offset paging that refuses what it cannot honour instead of guessing or crashing.

    DRF silently replaces a bad ``limit`` with the default and passes any integer through to the
    database, where a value beyond 64 bits is an error (a 500). Here a value that is not a whole number in
    range is a 400 problem naming the parameter.
    """

    default_limit = 50
    max_limit = MAX_PAGE_SIZE

    def _parameter(self, request: Request, name: str, default: int, minimum: int, maximum: int) -> int:
        raw = request.query_params.get(name)
        if raw is None:
            return default
        text = raw.strip()
        if not text.isascii() or not text.isdigit() or len(text) > 20:
            raise exceptions.ValidationError({name: [f"Ange ett heltal mellan {minimum} och {maximum}."]})
        value = int(text)
        if not minimum <= value <= maximum:
            raise exceptions.ValidationError({name: [f"Ange ett heltal mellan {minimum} och {maximum}."]})
        return value

    def get_limit(self, request: Request) -> int:
        return self._parameter(request, self.limit_query_param, self.default_limit, 1, MAX_PAGE_SIZE)

    def get_offset(self, request: Request) -> int:
        return self._parameter(request, self.offset_query_param, 0, 0, MAX_OFFSET)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": MAX_PAGE_SIZE, "default": self.default_limit},
            self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET, "default": 0},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


class TextField(serializers.CharField):
    """A text field that takes only JSON text: DRF's ``CharField`` would turn a number or a boolean into
    text and accept it, though the schema says ``string``."""

    default_error_messages = {**serializers.CharField.default_error_messages, "not_text": "Ska vara text."}

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("not_text")
        return super().to_internal_value(data)


class KeysetPagination(BoundedLimitOffsetPagination):
    """Keyset paging for the API (``core.pagination``): ``after`` or ``before`` a row, ``limit`` rows, and
    a count capped at ``COUNT_LIMIT`` — a deep page costs what the first does. The view names its order
    with ``keyset_order()``, and with ``keyset_plan_first()`` whether a filter is a text search
    (``core.pagination.keyset_page``); a cursor that does not fit the order is a 404 problem (a page
    that does not exist)."""

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        self.keyset_request = request
        self.limit = self.get_limit(request)
        # A view whose filters an index may not give in order (a text search) says so: then the database is
        # asked how it would read the list, and the page's rows may be read by their primary keys from the
        # view's queryset before the filters (what the user may see), the filters worked out once.
        plan_first = getattr(view, "keyset_plan_first", None)
        self.keyset = keyset_page_asked(
            queryset,
            request.query_params,
            order=view.keyset_order(),
            size=self.limit,
            plan_first=bool(plan_first and plan_first()),
            rows_from=view.get_queryset(),
        )
        return self.keyset.rows

    def _link(self, name: str, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = self.keyset_request.build_absolute_uri()
        for other in CURSOR_PARAMETERS:
            url = remove_query_param(url, other)
        return replace_query_param(url, name, cursor)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.keyset.total,
                "count_is_capped": self.keyset.total_is_capped,
                "next": self._link("after", self.keyset.next_cursor),
                "previous": self._link("before", self.keyset.previous_cursor),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "count_is_capped", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": f"How many rows match, counted up to {COUNT_LIMIT}.",
                },
                "count_is_capped": {
                    "type": "boolean",
                    "description": f"Whether more than {COUNT_LIMIT} rows match.",
                },
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        cursor = {"type": "string", "maxLength": 2000, "pattern": "^[A-Za-z0-9_-]*$"}
        return [
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": "Number of results to return per page.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": 50},
            },
            {
                "name": "after",
                "required": False,
                "in": "query",
                "description": "The page after the row this cursor names (the `next` link).",
                "schema": cursor,
            },
            {
                "name": "before",
                "required": False,
                "in": "query",
                "description": "The page before the row this cursor names (the `previous` link).",
                "schema": cursor,
            },
        ]
