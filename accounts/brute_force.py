"""Brute force kept slow, without letting a stranger lock the owner out.

Three rules over the failed logins of the last `WINDOW`, kept in PostgreSQL
(`LoginAttempt`) so every web process enforces the same limits:

- **an account from one address**: `FAILURES_PER_ACCOUNT_AND_ADDRESS` failures lock
  that pair. Guessing from elsewhere does not lock the owner's own address.
- **an address**: `FAILURES_PER_ADDRESS` failures on any names lock the address (one
  machine trying many accounts). Behind a proxy, set `TRUSTED_PROXY_COUNT`, or every
  client shares the proxy's address.
- **an account as a whole** is slowed, never locked: once it has
  `FAILURES_BEFORE_SLOWING` failures from anywhere, each further try must wait
  `SLOW_DOWN` after the latest failure. A device the owner has logged in from before
  (a signed cookie, `known_devices.py`) is not slowed, nor held by the address rule,
  so a distributed guesser gets a guess per `SLOW_DOWN` and the owner still gets in.

Only failures count; a success is kept as history. While a rule holds, an attempt is
refused without checking the password and without being recorded.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import LoginAttempt

WINDOW = timedelta(minutes=15)
FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
FAILURES_PER_ADDRESS = 50
FAILURES_BEFORE_SLOWING = 10
SLOW_DOWN = timedelta(seconds=30)
# Rows older than this take no part in any rule; `prune_login_attempts` deletes them.
KEPT_FOR = timedelta(days=1)


class LoginThrottled(Exception):
    """Refused before the password is checked; `retry_after` is in whole seconds."""

    def __init__(self, *, retry_after: int):
        super().__init__(f"Too many failed logins; try again in {retry_after} seconds.")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Lock:
    """`limit` failures matching `match` within the window lock what they match."""

    match: tuple[str, ...]
    limit: int


ACCOUNT_AND_ADDRESS = Lock(("username", "ip_address"), FAILURES_PER_ACCOUNT_AND_ADDRESS)
ADDRESS = Lock(("ip_address",), FAILURES_PER_ADDRESS)


def normalize_username(username: str) -> str:
    """Lower-cased, and cut to the column's length: a few letters grow when lower-cased ("İ")."""
    return username.lower()[: LoginAttempt._meta.get_field("username").max_length]


def check_allowed(*, username: str, ip_address: str | None, known_device: bool, now: datetime) -> None:
    """Raise LoginThrottled while a rule holds: a query per rule that applies."""
    values = {"username": normalize_username(username), "ip_address": ip_address}
    locks = [ACCOUNT_AND_ADDRESS] if known_device else [ACCOUNT_AND_ADDRESS, ADDRESS]
    waits = [
        _seconds_locked(lock=lock, values=values, now=now)
        for lock in locks
        if all(values[field] is not None for field in lock.match)
    ]
    if not known_device:
        waits.append(_seconds_slowed(username=values["username"], now=now))
    if max(waits, default=0) > 0:
        raise LoginThrottled(retry_after=max(waits))


def _seconds_locked(*, lock: Lock, values: dict, now: datetime) -> int:
    """The lock lasts until the `limit`-th most recent failure leaves the window."""
    oldest_counted = list(
        LoginAttempt.objects.failures_since(now - WINDOW)
        .filter(**{field: values[field] for field in lock.match})
        .order_by("-attempted_at")
        .values_list("attempted_at", flat=True)[lock.limit - 1 : lock.limit]
    )
    if not oldest_counted:
        return 0
    return _whole_seconds(oldest_counted[0] + WINDOW - now)


def _seconds_slowed(*, username: str, now: datetime) -> int:
    """Past FAILURES_BEFORE_SLOWING failures in the window, one try per SLOW_DOWN."""
    latest_first = list(
        LoginAttempt.objects.failures_since(now - WINDOW)
        .filter(username=username)
        .order_by("-attempted_at")
        .values_list("attempted_at", flat=True)[:FAILURES_BEFORE_SLOWING]
    )
    if len(latest_first) < FAILURES_BEFORE_SLOWING:
        return 0
    return _whole_seconds(latest_first[0] + SLOW_DOWN - now)


def _whole_seconds(wait: timedelta) -> int:
    seconds = wait.total_seconds()
    return max(1, math.ceil(seconds)) if seconds > 0 else 0


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
