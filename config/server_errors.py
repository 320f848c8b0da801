"""The answer while the database is unreachable: a 503 to retry, never a traceback.

While PostgreSQL is unreachable (restarting, failing over) a request gets a 503 with
Retry-After instead of a 500, so clients know to try again; reviews are safe to resend
because a repeated client_id records nothing twice. The next request after PostgreSQL
is back reconnects by itself (CONN_HEALTH_CHECKS), so the app never needs a restart.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse

from config.api_errors import api_error, is_api_request

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 2
UNAVAILABLE = "The service is briefly unavailable; please try again in a moment."


def database_unavailable(request) -> HttpResponse:
    """503 with Retry-After: a JSON detail for the API, a plain page for people."""
    if is_api_request(request):
        response = api_error(status=503, detail=UNAVAILABLE)
    else:
        # Plain HTML without a template: rendering the site's base template needs the database.
        response = HttpResponse(
            f"<!doctype html><title>Back in a moment</title><h1>Back in a moment</h1><p>{UNAVAILABLE}</p>",
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection in a view into a 503, logged in one line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        reason = str(exception).strip().split("\n")[0]
        logger.warning("Database unavailable for %s %s: %s", request.method, request.path, reason)
        return database_unavailable(request)
