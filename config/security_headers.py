"""Content-Security-Policy on every answer (Django 5.2 has none built in).

The pages load only their own static files (htmx from django-htmx, small scripts in
static/js, the Swagger UI from drf-spectacular-sidecar), so the policy allows nothing
else: no inline scripts or styles, no eval, no other origins, no framing. An injected
`<script>` in a title or an answer would not run even if escaping ever failed.
"""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response and not self._is_debug_page(response):
            response["Content-Security-Policy"] = policy
        return response

    @staticmethod
    def _is_debug_page(response) -> bool:
        """Django's technical 404 and 500 pages are styled and scripted inline; they exist only in DEBUG."""
        return settings.DEBUG and response.status_code in (404, 500)
