"""The error answers every API view shares, described once for the OpenAPI schema."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers, status, views

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


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


def exception_handler(error, context):
    """DRF's handler, plus Django's body limits as JSON (413 or 400) instead of an HTML 400."""
    if isinstance(error, RequestDataTooBig):
        error = PayloadTooLarge(
            f"The request body is too large: at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes "
            "of JSON or form fields."
        )
    elif isinstance(error, TooManyFieldsSent | TooManyFilesSent):
        error = exceptions.ParseError(str(error))
    return views.exception_handler(error, context)
