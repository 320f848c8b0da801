from django.urls import path

from quizzes.api import views

urlpatterns = [
    path("study/next/", views.NextCardView.as_view(), name="study-next"),
    path("study/reviews/", views.ReviewView.as_view(), name="study-reviews"),
    path("study/stats/", views.StudyStatsView.as_view(), name="study-stats"),
    path("scores/me/", views.MyScoresView.as_view(), name="scores-me"),
    path("sets/<int:pk>/leaderboard/", views.LeaderboardView.as_view(), name="set-leaderboard"),
]
