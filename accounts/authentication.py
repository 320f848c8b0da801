"""Token logins for the API, the query of DRF's TokenAuthentication written out once.

Every API request makes this lookup, and building it with the ORM
(`Token.objects.select_related("user").get(key=...)`) cost 0.3 ms of Python a request,
three times the rest of the lookup (docs/performance.md). Same answers as DRF's: the
user and their token, 401 for an unknown key or an inactive user.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from accounts.models import User

USER_BY_TOKEN_SQL = f"""
    SELECT u.*, t.created AS token_created
    FROM {User._meta.db_table} u JOIN {Token._meta.db_table} t ON t.user_id = u.id
    WHERE t.key = %s
"""


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        found = list(User.objects.raw(USER_BY_TOKEN_SQL, [key]))
        if not found:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = found[0]
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, Token(key=key, user=user, created=user.token_created)
