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

from django.db import connections, router
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
from config.plain_sql import column_list, execute_prepared, field_count, from_row

USER_FIELDS = field_count(User)
USER_BY_TOKEN_SQL = f"""SELECT {column_list(User, "u")},
        t.digest, t.created, t.expiry
    FROM {User._meta.db_table} u JOIN {AuthToken._meta.db_table} t ON t.user_id = u.id
    WHERE t.token_key = %s
"""


class TokenAuthentication(auth.TokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        try:
            key = token.decode("utf-8")
            digest = hash_token(key)
        except (UnicodeDecodeError, TypeError, binascii.Error):
            raise invalid_token() from None
        connection = connections[router.db_for_read(User)]
        with connection.cursor() as cursor:
            execute_prepared(cursor, USER_BY_TOKEN_SQL, [key[: CONSTANTS.TOKEN_KEY_LENGTH]])
            rows = cursor.fetchall()
        for row in rows:
            token_digest, token_created, token_expiry = row[USER_FIELDS:]
            if not compare_digest(digest, token_digest):
                continue
            if token_expiry is not None and token_expiry <= timezone.now():
                raise exceptions.AuthenticationFailed(_("Token expired: log in again."))
            user = from_row(User, row[:USER_FIELDS], connection=connection)
            if not user.is_active:
                raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
            found = AuthToken(
                digest=token_digest,
                token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH],
                user=user,
                created=token_created,
                expiry=token_expiry,
            )
            return user, found
        raise invalid_token()


def invalid_token() -> exceptions.AuthenticationFailed:
    """Made only when raised: an API exception costs more to make than the lookup's Python."""
    return exceptions.AuthenticationFailed(_("Invalid token."))


class TokenScheme(OpenApiAuthenticationExtension):
    """How the schema (and so /api/docs/) tells clients to send the token."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
