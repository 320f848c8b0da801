"""The error answers every API view shares, described once for the OpenAPI schema."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
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


# Django's own error pages, answered as JSON under /api/ (an unknown URL, a malformed id
# such as /api/sets/x/, a suspicious request, a crash): API clients never get HTML, and a
# 500 never carries a traceback.
def is_api_request(request) -> bool:
    return request.path.startswith("/api/")


def api_error(*, status: int, detail: str, field: str | None = None) -> JsonResponse:
    """The API's error body outside DRF: `{"detail": …}`, or `{field: [detail]}` as for a field."""
    return JsonResponse({field: [detail]} if field else {"detail": detail}, status=status)


def _api_or_page(request, *, status: int, detail: str, page, **arguments) -> HttpResponse:
    if is_api_request(request):
        return api_error(status=status, detail=detail)
    return page(request, **arguments)


def bad_request(request, exception):
    return _api_or_page(
        request, status=400, detail="Bad request.", page=defaults.bad_request, exception=exception
    )


def permission_denied(request, exception):
    return _api_or_page(
        request,
        status=403,
        detail="You do not have permission to perform this action.",
        page=defaults.permission_denied,
        exception=exception,
    )


def page_not_found(request, exception):
    return _api_or_page(
        request, status=404, detail="Not found.", page=defaults.page_not_found, exception=exception
    )


def server_error(request):
    return _api_or_page(request, status=500, detail="Server error.", page=defaults.server_error)


def document_framework_errors(result, generator, request, public):
    """drf-spectacular hook: the statuses answered before a view's own code runs, added to
    every operation they can come from, rather than written on each view: 413 (the body
    limits) and 415 (a media type the operation does not read) wherever a body is read,
    404 for a page of a list past its end (`?page=`)."""
    detail = {"application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}}
    for operations in result["paths"].values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if "requestBody" in operation:
                for code in (413, 415):
                    responses.setdefault(str(code), {"content": detail, "description": DESCRIPTIONS[code]})
            if any(parameter["name"] == "page" for parameter in operation.get("parameters", [])):
                responses.setdefault("404", {"content": detail, "description": "No such page."})
    return result


@csrf_exempt  # it changes nothing; a CSRF refusal would answer HTML instead of this 404
def unknown_api_url(request, *args, **kwargs):
    """Any URL under /api/ that no endpoint has: a JSON 404, whatever DEBUG says."""
    return api_error(status=404, detail="Not found.")
