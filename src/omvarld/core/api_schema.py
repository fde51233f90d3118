"""The API's OpenAPI schema tells the truth about errors too: every operation lists its problem answers.

drf-spectacular documents the success answer of each operation; the refusals Omvärld gives on every
channel (``core.api``: a bad parameter or body, not signed in, not permitted, not found, too large, not
JSON, the site in maintenance) are added here, as ``application/problem+json`` bodies of one shape.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from omvarld.core.api import PROBLEM_CONTENT_TYPE
from omvarld.core.api_input import KeysetPagination
from omvarld.core.filters import document_filters

# The filters' schemas, recorded where they are defined without loading drf-spectacular there.
document_filters()


class ProblemDetailSerializer(serializers.Serializer[dict[str, Any]]):
    message = serializers.CharField()
    field = serializers.CharField(required=False, help_text="The field or query parameter at fault.")
    row = serializers.IntegerField(required=False)
    column = serializers.CharField(required=False)


class ProblemSerializer(serializers.Serializer[dict[str, Any]]):
    """An RFC 9457 problem body; ``title`` is a Swedish message for the person who made the request.

    Only describes the body for the schema. The fields are built in ``get_fields`` because one of them is
    called ``errors``, which a class attribute would shadow the serializer's own ``errors`` with.
    """

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "type": serializers.CharField(),
            "title": serializers.CharField(),
            "status": serializers.IntegerField(min_value=400, max_value=599),
            "code": serializers.CharField(),
            "errors": ProblemDetailSerializer(many=True, required=False),
        }


_READ = {
    "400": "A query parameter is wrong (out of range, not a number, not a choice).",
    "401": "Not signed in.",
    "403": "Signed in, but not permitted; or the CSRF token is missing.",
}
_ONE_OBJECT = {"404": "No such object, or not one the user may see."}
_KEYSET_PAGE = {"404": "The `after` or `before` cursor names no page of this list."}
_WRITE = {
    "400": "The body is not valid JSON, is nested too deep, or a field is wrong (see `errors`).",
    "409": "It would clash with what the register holds (a counterpart of that name in that country, or "
    "something that refers to what is to be deleted).",
    "413": "The body is larger than the server accepts.",
    "415": "The body is not JSON.",
    "503": "A restore is running; nothing was changed. Try again after `Retry-After` seconds.",
}


class OmvarldAutoSchema(AutoSchema):
    def _problem_codes(self) -> dict[str, str]:
        codes = dict(_READ)
        if self.method in {"POST", "PUT", "PATCH", "DELETE"}:
            codes.update(_WRITE)
        if "{" in self.path:
            codes.update(_ONE_OBJECT)
        elif self.method == "GET" and getattr(self.view, "pagination_class", None) is KeysetPagination:
            codes.update(_KEYSET_PAGE)
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, description in sorted(self._problem_codes().items()):
            if code not in responses:
                response = self._get_response_for_code(
                    ProblemSerializer, code, media_types=[PROBLEM_CONTENT_TYPE], direction=direction
                )
                response["description"] = description
                responses[code] = response
        return responses


def empty_choice_means_all(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """A postprocessing hook: a choice filter given as an empty value means "all", and says so.

    The FilterSets are shared with the pages, whose filter forms send ``?type=`` for "All"; the API
    accepts the same, so the schema lists the empty value among the choices.
    """
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query" and "enum" in schema and "" not in schema["enum"]:
                    schema["enum"] = ["", *schema["enum"]]
                    parameter["description"] = (parameter.get("description", "") + "\n\nEmpty: all.").strip()
    return result
