"""API tokens: django-rest-knox's, hashed in the database, one per device, expiring.

Knox stores only a SHA-512 digest of each token (a stolen database gives no working
token) and its expiry. Issuing, revoking and the per-user bound live here, so the login
view, the logout views and a password change share them.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import knox_settings

# Beyond this many live tokens (devices) a login retires the oldest, so the table stays
# small per user whatever a client does.
MOST_TOKENS_PER_USER = 10


def issue_token(*, user, now: dt.datetime | None = None) -> tuple[AuthToken, str]:
    """A new token for a login from one device; returns the row and the token itself, which
    is shown once and never stored. Expired tokens of the user go first."""
    now = now or timezone.now()
    mine = AuthToken.objects.filter(user=user)
    mine.filter(expiry__lte=now).delete()
    live = list(mine.order_by("-created").values_list("digest", flat=True))
    if len(live) >= MOST_TOKENS_PER_USER:
        AuthToken.objects.filter(digest__in=live[MOST_TOKENS_PER_USER - 1 :]).delete()
    return AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)


def revoke_token(token: AuthToken) -> None:
    AuthToken.objects.filter(digest=token.digest).delete()


def revoke_tokens(*, user, keep: AuthToken | None = None) -> int:
    """Log the user out on every device (but the one whose token is `keep`); returns how many."""
    tokens = AuthToken.objects.filter(user=user)
    if keep is not None:
        tokens = tokens.filter(~Q(digest=keep.digest))
    deleted, _ = tokens.delete()
    return deleted
