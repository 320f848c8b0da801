"""The error answers every API view shares, described once for the OpenAPI schema."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

DETAIL = inline_serializer("Detail", fields={"detail": serializers.CharField()})
FIELD_ERRORS = inline_serializer(
    "FieldErrors",
    fields={"non_field_errors": serializers.ListField(child=serializers.CharField(), required=False)},
)

DESCRIPTIONS = {
    400: "Bad input: a JSON object naming each field (or row) and what is wrong with it.",
    401: "Not logged in.",
    403: "Logged in but not allowed.",
    404: "Not found, or not visible to you.",
    409: "Conflicts with the current state.",
    413: "The request body is too large.",
    415: "The body is not of a type this endpoint reads (JSON, or multipart for a file).",
    429: "Too many requests; see Retry-After.",
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """Schema entries for the given error statuses."""
    return {
        code: OpenApiResponse(
            response=FIELD_ERRORS if code == 400 else DETAIL, description=DESCRIPTIONS[code]
        )
        for code in codes
    }


def document_framework_errors(result, generator, request, public):
    """Statuses DRF answers by itself, added to every operation they can come from: 415 for a
    body of the wrong media type, 404 for a page of a list past its end (`?page=`)."""
    detail = {"application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}}
    for operations in result["paths"].values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if "requestBody" in operation:
                responses.setdefault("415", {"content": detail, "description": DESCRIPTIONS[415]})
            if any(parameter["name"] == "page" for parameter in operation.get("parameters", [])):
                responses.setdefault("404", {"content": detail, "description": "No such page."})
    return result
