"""Token logins for the API: knox's tokens, looked up in one written-out query.

Every API request makes this lookup. Knox's own reads the token with the ORM and then
reads all of the user's other tokens to delete expired ones, a query more on every
request, and building an ORM lookup costs three times the Python of this one
(docs/performance.md). Same answers as knox's: the user and their token, 401 for an
unknown, expired or malformed token or an inactive user. Expired tokens are deleted when
their user next logs in (tokens.py).
"""

import binascii
from hmac import compare_digest

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox import auth
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework import exceptions

from accounts.models import User

USER_BY_TOKEN_SQL = f"""
    SELECT u.*, t.digest AS token_digest, t.created AS token_created, t.expiry AS token_expiry
    FROM {User._meta.db_table} u JOIN {AuthToken._meta.db_table} t ON t.user_id = u.id
    WHERE t.token_key = %s
"""


class TokenAuthentication(auth.TokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        invalid = exceptions.AuthenticationFailed(_("Invalid token."))
        try:
            key = token.decode("utf-8")
            digest = hash_token(key)
        except (UnicodeDecodeError, TypeError, binascii.Error):
            raise invalid from None
        for user in User.objects.raw(USER_BY_TOKEN_SQL, [key[: CONSTANTS.TOKEN_KEY_LENGTH]]):
            if not compare_digest(digest, user.token_digest):
                continue
            if user.token_expiry is not None and user.token_expiry <= timezone.now():
                raise exceptions.AuthenticationFailed(_("Token expired: log in again."))
            if not user.is_active:
                raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
            found = AuthToken(
                digest=user.token_digest,
                token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH],
                user=user,
                created=user.token_created,
                expiry=user.token_expiry,
            )
            return user, found
        raise invalid


class TokenScheme(OpenApiAuthenticationExtension):
    """How the schema (and so /api/docs/) tells clients to send the token."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
