"""Reads from a PostgreSQL read replica, without a user ever reading stale data of their own.

Off unless DATABASE_REPLICA_URL is set (see docs/scaling.md). Then:

- A request that may write (POST, PUT, PATCH, DELETE) reads and writes on the primary:
  its reads decide what it writes, and `select_for_update` locks only there.
- After such a request, its client (by token or session cookie, never by address, so a
  classroom behind one NAT is not pinned together) reads from the primary for
  REPLICA_PIN_SECONDS, longer than the replica's lag: a review just saved shows in the
  next card, the stats and the scores.
- Tokens, sessions, users and login attempts are always read on the primary: one indexed
  lookup a request, and a token or account created a moment ago is always found.
- Everything else a GET reads comes from the replica. Outside requests (commands,
  migrations, shells) everything stays on the primary.

The pins live in the cache; with several app servers it must be a shared one (REDIS_URL).
"""

import hashlib
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache

PRIMARY = "default"
REPLICA = "replica"
ALWAYS_ON_PRIMARY = {"knox.authtoken", "sessions.session", "accounts.user", "accounts.loginattempt"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

reads_on_replica: ContextVar[bool] = ContextVar("reads_on_replica", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if reads_on_replica.get() and model._meta.label_lower not in ALWAYS_ON_PRIMARY:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: every row exists in both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        clients = client_keys(request)
        on_replica = request.method in SAFE_METHODS and not any(cache.get_many(clients).values())
        token = reads_on_replica.set(on_replica)
        try:
            response = self.get_response(request)
        finally:
            reads_on_replica.reset(token)
        if request.method not in SAFE_METHODS:
            # The session cookie this answer sets (a login) is the client's from now on.
            new_session = response.cookies.get(settings.SESSION_COOKIE_NAME)
            pinned = clients + ([pin_key(new_session.value)] if new_session and new_session.value else [])
            cache.set_many(dict.fromkeys(pinned, True), timeout=settings.REPLICA_PIN_SECONDS)
        return response


def client_keys(request) -> list[str]:
    """Who is asking, as cache keys: their Authorization header and their session cookie."""
    credentials = [
        request.META.get("HTTP_AUTHORIZATION", ""),
        request.COOKIES.get(settings.SESSION_COOKIE_NAME, ""),
    ]
    return [pin_key(credential) for credential in credentials if credential]


def pin_key(credential: str) -> str:
    """Hashed: the cache never holds a usable token or session key."""
    return "primary-pin:" + hashlib.sha256(credential.encode("utf-8", "surrogateescape")).hexdigest()
