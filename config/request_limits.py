"""Refuse request bodies too large to be worth reading, before anything reads them.

Django limits form and JSON bodies (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams file
uploads to disk whatever their size; this caps every body by its Content-Length, so an
import file or a JSON body of a gigabyte costs one header read, not a gigabyte.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse

TOO_LARGE = "The request body is too large: at most {limit} bytes."


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_BODY_BYTES
        if self._declared_length(request) > limit:
            return too_large_response(request, limit=limit)
        return self.get_response(request)

    @staticmethod
    def _declared_length(request) -> int:
        try:
            return int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 0


def too_large_response(request, *, limit: int) -> HttpResponse:
    message = TOO_LARGE.format(limit=limit)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
