"""Lockout after repeated failed logins, per username and per address.

The attempts live in PostgreSQL (`LoginAttempt`), not in a per-process cache, so every
web process enforces the same limits. Only failures count; a success is kept as history.
While a name or address is locked, attempts are refused without checking the password
and without being recorded, so the lock lifts `WINDOW` after the failure that set it.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import LoginAttempt

WINDOW = timedelta(minutes=15)
FAILURES_PER_USERNAME = 5
FAILURES_PER_ADDRESS = 20
# Rows older than this take no part in any rule; `prune_login_attempts` deletes them.
KEPT_FOR = timedelta(days=1)


class LoginThrottled(Exception):
    """Refused before the password is checked; `retry_after` is in whole seconds."""

    def __init__(self, *, retry_after: int):
        super().__init__(f"Too many failed logins; try again in {retry_after} seconds.")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Rule:
    field: str
    limit: int


RULES = (Rule("username", FAILURES_PER_USERNAME), Rule("ip_address", FAILURES_PER_ADDRESS))


def normalize_username(username: str) -> str:
    """Lower-cased, and cut to the column's length: a few letters grow when lower-cased ("İ")."""
    return username.lower()[: LoginAttempt._meta.get_field("username").max_length]


def check_allowed(*, username: str, ip_address: str | None, now: datetime) -> None:
    """Raise LoginThrottled while either rule is broken: one query per rule."""
    values = {"username": normalize_username(username), "ip_address": ip_address}
    waits = [_seconds_locked(rule=rule, value=values[rule.field], now=now) for rule in RULES]
    if max(waits) > 0:
        raise LoginThrottled(retry_after=max(waits))


def _seconds_locked(*, rule: Rule, value: str | None, now: datetime) -> int:
    """The lock lasts until the `limit`-th most recent failure leaves the window."""
    if value is None:
        return 0
    oldest_counted = list(
        LoginAttempt.objects.failures_since(now - WINDOW)
        .filter(**{rule.field: value})
        .order_by("-attempted_at")
        .values_list("attempted_at", flat=True)[rule.limit - 1 : rule.limit]
    )
    if not oldest_counted:
        return 0
    return max(1, math.ceil((oldest_counted[0] + WINDOW - now).total_seconds()))


def record_attempt(*, username: str, ip_address: str | None, now: datetime) -> LoginAttempt:
    """Recorded as a failure until `record_success`, so a guess still being checked already counts."""
    return LoginAttempt.objects.create(
        username=normalize_username(username), ip_address=ip_address, succeeded=False, attempted_at=now
    )


def record_success(attempt: LoginAttempt) -> None:
    attempt.succeeded = True
    attempt.save(update_fields=["succeeded"])


def prune(*, now: datetime | None = None) -> int:
    """Delete attempts too old for any rule; returns how many went."""
    now = now or timezone.now()
    deleted, _ = LoginAttempt.objects.filter(attempted_at__lt=now - KEPT_FOR).delete()
    return deleted
