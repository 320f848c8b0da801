"""The production URLs, and before them the yardstick's bare views (bench/yardstick.py)."""

from django.urls import path

from bench import yardstick
from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as production

urlpatterns = [
    path("bare/study/next/", yardstick.next_card),
    path("bare/study/reviews/", yardstick.review),
    *production,
]
