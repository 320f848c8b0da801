"""Thin API views: parse, call one service, shape the answer."""

from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError as DjangoValidationError
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from accounts import services, tokens
from accounts.api.permissions import IsAdmin
from accounts.api.serializers import (
    CredentialsSerializer,
    MeSerializer,
    PasswordChangeSerializer,
    RegisterSerializer,
    RoleSerializer,
    SettingsSerializer,
    TokenSerializer,
    UserSerializer,
)
from accounts.authentication import TokenAuthentication
from accounts.brute_force import LoginThrottled
from accounts.models import User
from accounts.rate_limits import AddressRateThrottle
from config.api_errors import errors

INVALID_CREDENTIALS = "Unable to log in with the given username and password."


class TooManyFailedLogins(exceptions.APIException):
    """429 whose `wait` DRF's exception handler turns into a Retry-After header."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "throttled"

    def __init__(self, *, wait: int):
        super().__init__(f"Too many failed logins; try again in {wait} seconds.")
        self.wait = wait


def field_errors(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's ValidationError as the 400 body DRF gives for its own field errors."""
    return serializers.ValidationError(serializers.as_serializer_error(error))


def authenticated_user(request) -> User:
    """The credentials in the body, checked (and throttled) the same way for tokens and sessions."""
    credentials = CredentialsSerializer(data=request.data)
    credentials.is_valid(raise_exception=True)
    try:
        return services.authenticate_user(
            username=credentials.validated_data["username"],
            password=credentials.validated_data["password"],
            request=request,
        )
    except LoginThrottled as throttled:
        raise TooManyFailedLogins(wait=throttled.retry_after) from None
    except services.InvalidCredentials:
        raise serializers.ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: [INVALID_CREDENTIALS]}
        ) from None


class RegisterView(APIView):
    """POST /api/auth/register/: anyone signs up as a student."""

    # A stale token in the headers must not stand in the way of signing up or logging in.
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [AddressRateThrottle]
    throttle_scope = "register"

    @extend_schema(request=RegisterSerializer, responses={201: UserSerializer, **errors(400, 429)})
    def post(self, request):
        registration = RegisterSerializer(data=request.data)
        registration.is_valid(raise_exception=True)
        try:
            user = services.register_user(**registration.validated_data)
        except DjangoValidationError as error:
            raise field_errors(error) from None
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenView(APIView):
    """POST /api/auth/token/: a new token for this device (`Authorization: Token <token>`),
    until its expiry. DELETE: log this token out."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [AllowAny]

    def perform_authentication(self, request):
        """Logging out needs the token to log out; a stale token in the headers must not
        stand in the way of logging in."""
        if request.method != "POST":
            super().perform_authentication(request)

    @extend_schema(request=CredentialsSerializer, responses={200: TokenSerializer, **errors(400, 429)})
    def post(self, request):
        token, secret = tokens.issue_token(user=authenticated_user(request))
        return Response(TokenSerializer({"token": secret, "expiry": token.expiry}).data)

    @extend_schema(request=None, responses={204: None, **errors(401)})
    def delete(self, request):
        if not isinstance(request.auth, AuthToken):
            raise exceptions.NotAuthenticated("Send the token to log out as `Authorization: Token <token>`.")
        tokens.revoke_token(request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokensView(APIView):
    """DELETE /api/auth/tokens/: log out every device (every token of yours; sessions stay)."""

    @extend_schema(request=None, responses={204: None, **errors(401)})
    def delete(self, request):
        tokens.revoke_tokens(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordView(APIView):
    """POST /api/auth/password/: change your password, knowing the current one. Every other
    device is logged out (its tokens revoked, its sessions ended); this one stays in."""

    @extend_schema(request=PasswordChangeSerializer, responses={204: None, **errors(400, 401, 429)})
    def post(self, request):
        change = PasswordChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        keep = request.auth if isinstance(request.auth, AuthToken) else None
        try:
            services.change_password(
                user=request.user,
                current_password=change.validated_data["current_password"],
                new_password=change.validated_data["new_password"],
                request=request,
                keep_token=keep,
            )
        except LoginThrottled as throttled:
            raise TooManyFailedLogins(wait=throttled.retry_after) from None
        except DjangoValidationError as error:
            raise field_errors(error) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class SessionView(APIView):
    """The web pages' login: GET sets the CSRF cookie, POST logs in, DELETE logs out.

    DRF exempts views from CSRF and checks it only for requests already authenticated by
    a session; a login form is a classic CSRF target (logging a victim into the attacker's
    account), so POST and DELETE here always check it.
    """

    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in SAFE_METHODS:
            SessionAuthentication().enforce_csrf(request)

    @extend_schema(request=None, responses={204: None})
    def get(self, request):
        get_token(request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=CredentialsSerializer, responses={200: UserSerializer, **errors(400, 403, 429)})
    def post(self, request):
        user = authenticated_user(request)
        login(request, user)
        return Response(UserSerializer(user).data)

    @extend_schema(request=None, responses={204: None, **errors(403)})
    def delete(self, request):
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """GET /api/auth/me/: who you are and your study settings; PATCH changes the settings."""

    @extend_schema(responses={200: MeSerializer, **errors(401)})
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=SettingsSerializer, responses={200: MeSerializer, **errors(400, 401)})
    def patch(self, request):
        changes = SettingsSerializer(request.user, data=request.data, partial=True)
        changes.is_valid(raise_exception=True)
        try:
            user = services.update_settings(user=request.user, changes=changes.validated_data)
        except DjangoValidationError as error:
            raise field_errors(error) from None
        return Response(MeSerializer(user).data)


class UserRoleView(APIView):
    """PATCH /api/users/{id}/: an admin grants or takes away a role (not their own, nor a superuser's)."""

    permission_classes = [IsAdmin]

    @extend_schema(request=RoleSerializer, responses={200: UserSerializer, **errors(400, 401, 403, 404)})
    def patch(self, request, user_id: int):
        user = get_object_or_404(User, pk=user_id)
        change = RoleSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        try:
            services.change_role(user=user, role=change.validated_data["role"], by=request.user)
        except DjangoValidationError as error:
            raise field_errors(error) from None
        return Response(UserSerializer(user).data)
