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
