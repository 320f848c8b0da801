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
- Everything else a GET reads comes from the replica while it is usable: it answers and
  is at most REPLICA_MAX_LAG_SECONDS behind the primary (`replica_usable`, checked at most
  every REPLICA_CHECK_SECONDS, not per request). Otherwise reads go to the primary, and a
  GET whose replica died since the last check is answered again from the primary.
  Outside requests (commands, migrations, shells) everything stays on the primary.

A write is on the replica once its lag has passed, so REPLICA_PIN_SECONDS must exceed
REPLICA_MAX_LAG_SECONDS + REPLICA_CHECK_SECONDS for a client never to read behind its writes.

The pins live in the cache; with several app servers it must be a shared one (REDIS_URL).
"""

import hashlib
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from config.server_errors import DATABASE_ERRORS

PRIMARY = "default"
REPLICA = "replica"
# Read from the primary always: logins, and what a page polls while the worker writes it
# (a background job's progress, a scheduler fit's state), which a lagging replica would hold back.
ALWAYS_ON_PRIMARY = {
    "knox.authtoken",
    "sessions.session",
    "accounts.user",
    "accounts.loginattempt",
    "quizzes.job",
    "quizzes.schedulerfit",
}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
HEALTH_KEY = "replica-usable"
# Seconds since the last transaction the replica applied, or 0 when it has applied all the
# primary had written when asked; NULL (nothing applied since it started) counts as lagging.
# A server not in recovery is no streaming standby (a copy kept by other means, or the primary
# itself in a test): its lag is taken as none.
LAG_SQL = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= %s::pg_lsn THEN 0 "
    "ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END"
)

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
        safe, pinned = request.method in SAFE_METHODS, any(cache.get_many(clients).values())
        on_replica = safe and not pinned and replica_usable()
        response = self.respond(request, on_replica=on_replica)
        if on_replica and response.status_code == 503 and not replica_answers():
            # The replica went away since it was last checked; a read is safe to run again.
            cache.set(HEALTH_KEY, False, timeout=settings.REPLICA_CHECK_SECONDS)
            response = self.respond(request, on_replica=False)
        if request.method not in SAFE_METHODS:
            # The session cookie this answer sets (a login) is the client's from now on.
            new_session = response.cookies.get(settings.SESSION_COOKIE_NAME)
            pinned = clients + ([pin_key(new_session.value)] if new_session and new_session.value else [])
            cache.set_many(dict.fromkeys(pinned, True), timeout=settings.REPLICA_PIN_SECONDS)
        return response

    def respond(self, request, *, on_replica: bool):
        token = reads_on_replica.set(on_replica)
        try:
            return self.get_response(request)
        finally:
            reads_on_replica.reset(token)


def replica_usable() -> bool:
    """The one rule for reading from the replica: it answers and lags at most
    REPLICA_MAX_LAG_SECONDS. Asked at most once every REPLICA_CHECK_SECONDS per cache (one
    query on each database), so a request costs a cache read, not a round trip."""
    usable = cache.get(HEALTH_KEY)
    if usable is None:
        try:
            with connections[PRIMARY].cursor() as cursor:
                cursor.execute("SELECT pg_current_wal_lsn()")
                (primary_position,) = cursor.fetchone()
        except DATABASE_ERRORS:
            return False  # the primary is away: the view answers its 503; nothing learnt of the replica
        usable = replica_lag_seconds(primary_position) <= settings.REPLICA_MAX_LAG_SECONDS
        cache.set(HEALTH_KEY, usable, timeout=settings.REPLICA_CHECK_SECONDS)
    return usable


def replica_lag_seconds(primary_position: str) -> float:
    """How far behind the primary's `primary_position` the replica is; infinite if it does not answer."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(LAG_SQL, [primary_position])
            (lag,) = cursor.fetchone()
    except DATABASE_ERRORS:
        connections[REPLICA].close()
        return float("inf")
    return float("inf") if lag is None else float(lag)


def replica_answers() -> bool:
    """On a fresh connection: the one a failed request used may be the broken one."""
    connections[REPLICA].close()
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_ERRORS:
        connections[REPLICA].close()
        return False
    return True


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
