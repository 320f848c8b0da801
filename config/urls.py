from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import api_errors

urlpatterns = [
    # The API first: its study endpoints are the most requested URLs, and Django tries the
    # patterns in turn (no page's pattern matches a path under /api/).
    path("api/", include("quizzes.api.urls")),
    path("api/", include("accounts.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline scripts.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("teach/", include("quizzes.teach_urls")),
    path("", include("quizzes.urls")),
    # Last: any other URL under /api/ is a JSON 404 even with DEBUG on, where Django would
    # otherwise answer its HTML debugging page.
    re_path(r"^api/", api_errors.unknown_api_url),
]

handler400 = "config.api_errors.bad_request"
handler403 = "config.api_errors.permission_denied"
handler404 = "config.api_errors.page_not_found"
handler500 = "config.api_errors.server_error"
