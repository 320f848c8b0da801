from django.urls import path

from accounts.api import views

urlpatterns = [
    path("auth/register/", views.RegisterView.as_view(), name="auth-register"),
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("auth/tokens/", views.TokensView.as_view(), name="auth-tokens"),
    path("auth/password/", views.PasswordView.as_view(), name="auth-password"),
    path("auth/session/", views.SessionView.as_view(), name="auth-session"),
    path("auth/me/", views.MeView.as_view(), name="auth-me"),
    path("users/<int:user_id>/", views.UserRoleView.as_view(), name="user-detail"),
]
