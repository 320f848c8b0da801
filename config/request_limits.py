"""Refuse, before any view runs, requests no view should have to survive.

- Bodies over MAX_REQUEST_BODY_BYTES, by their Content-Length, with 413: Django limits
  form and JSON bodies (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams file uploads to disk
  whatever their size, so without this a gigabyte import would be read in full.
- A NUL character in the path, the query string, a header or a page's form, with 400:
  PostgreSQL text cannot hold one, so a `?search=%00`, a token or session cookie, or a
  typed answer with one in it would otherwise end in a database error (a 500), and no
  client has a reason to send one. Under /api/ a NUL in a query parameter is a 400
  naming the parameter, as for a field (JSON bodies are checked field by field).
"""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpResponse

from config.api_errors import api_error, is_api_request

TOO_LARGE = "The request body is too large: at most {limit} bytes."
HAS_NUL = "The request has a NUL character in its URL or headers."
FORM_HAS_NUL = "The form has a NUL character in a field; no one types one, so nothing was saved."
NUL_IN_PARAMETER = "Null characters are not allowed."


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_BODY_BYTES
        if declared_length(request) > limit:
            return refusal(request, status=413, detail=TOO_LARGE.format(limit=limit))
        if has_nul(request):
            if parameter := query_parameter_with_nul(request):
                return refusal(request, status=400, detail=NUL_IN_PARAMETER, field=parameter)
            return refusal(request, status=400, detail=HAS_NUL)
        if form_has_nul(request):
            return refusal(request, status=400, detail=FORM_HAS_NUL)
        return self.get_response(request)


def declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def has_nul(request) -> bool:
    if "\x00" in request.path or b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return True
    return any("\x00" in value for name, value in request.META.items() if name.startswith("HTTP_"))


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def form_has_nul(request) -> bool:
    """A page's form with a NUL in a field's name or value (an uploaded file's content is
    its reader's to check; the API's bodies are JSON, checked field by field)."""
    if request.method != "POST" or is_api_request(request) or request.content_type not in FORM_TYPES:
        return False
    return any(
        "\x00" in name or any("\x00" in value for value in values) for name, values in request.POST.lists()
    )


def query_parameter_with_nul(request) -> str | None:
    """The name of a query parameter whose value holds a NUL (None if the NUL is elsewhere)."""
    return next(
        (
            name
            for name, values in request.GET.lists()
            if "\x00" not in name and any("\x00" in value for value in values)
        ),
        None,
    )


def refusal(request, *, status: int, detail: str, field: str | None = None) -> HttpResponse:
    if is_api_request(request):
        return api_error(status=status, detail=detail, field=field)
    return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")
