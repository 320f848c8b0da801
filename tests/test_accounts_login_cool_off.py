"""The login rules lift when their failures leave the 15-minute window, and an account
attacked from everywhere is slowed, never locked (time moved, not slept)."""

from datetime import UTC, datetime, timedelta

import pytest

from accounts import brute_force, services
from accounts.brute_force import LoginThrottled
from accounts.models import LoginAttempt, User

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"
WRONG = "wrong-horse-battery-9"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ADDRESS = "198.51.100.1"


@pytest.fixture
def alice():
    return User.objects.create_user("alice", password=PASSWORD)


def log_in(password: str, *, at: datetime, username="alice", address=ADDRESS, known_device=False):
    return services.authenticate_user(
        username=username, password=password, ip_address=address, known_device=known_device, now=at
    )


def fail_once_a_minute(times: int, *, username: str = "alice") -> None:
    for minute in range(times):
        with pytest.raises(services.InvalidCredentials):
            log_in(WRONG, username=username, at=START + timedelta(minutes=minute))


def test_the_owner_logs_in_once_the_fifth_latest_failure_is_fifteen_minutes_old(alice):
    fail_once_a_minute(5)  # 9:00 to 9:04; the lock lifts at 9:15

    with pytest.raises(LoginThrottled) as still_locked:
        log_in(PASSWORD, at=START + timedelta(minutes=14, seconds=59))
    user = log_in(PASSWORD, at=START + timedelta(minutes=15))

    assert still_locked.value.retry_after == 1
    assert user == alice


def test_retry_after_counts_down_to_when_the_lock_lifts(alice):
    fail_once_a_minute(5)

    with pytest.raises(LoginThrottled) as locked:
        log_in(PASSWORD, at=START + timedelta(minutes=5))

    assert locked.value.retry_after == 10 * 60


def test_with_more_failures_the_lock_lasts_until_only_four_remain_in_the_window(alice):
    fail_once_a_minute(5)
    with pytest.raises(services.InvalidCredentials):  # 9:15: the 9:00 failure has just expired
        log_in(WRONG, at=START + timedelta(minutes=15))

    with pytest.raises(LoginThrottled) as locked:
        log_in(PASSWORD, at=START + timedelta(minutes=15, seconds=30))

    assert locked.value.retry_after == 30  # until 9:16, when the 9:01 failure expires


def test_refused_attempts_during_a_lockout_are_not_recorded_and_do_not_extend_it(alice):
    fail_once_a_minute(5)
    for second in range(0, 600, 60):
        with pytest.raises(LoginThrottled):
            log_in(WRONG, at=START + timedelta(minutes=5, seconds=second))

    user = log_in(PASSWORD, at=START + timedelta(minutes=15))

    assert user == alice
    assert LoginAttempt.objects.filter(succeeded=False).count() == 5


def test_a_success_does_not_reset_the_count_only_failures_count(alice):
    fail_once_a_minute(4)
    log_in(PASSWORD, at=START + timedelta(minutes=4))
    with pytest.raises(services.InvalidCredentials):
        log_in(WRONG, at=START + timedelta(minutes=5))

    with pytest.raises(LoginThrottled):
        log_in(PASSWORD, at=START + timedelta(minutes=6))
    assert LoginAttempt.objects.filter(succeeded=True).count() == 1


def test_an_address_lock_lifts_after_the_cool_off_too(alice):
    for number in range(brute_force.FAILURES_PER_ADDRESS):
        with pytest.raises(services.InvalidCredentials):
            log_in(WRONG, username=f"guess{number}", at=START + timedelta(seconds=number))

    with pytest.raises(LoginThrottled):
        log_in(PASSWORD, at=START + timedelta(minutes=14))
    assert log_in(PASSWORD, at=START + timedelta(minutes=15, seconds=50)) == alice


def guessed_from_everywhere(times: int) -> datetime:
    """A distributed guesser, each guess from a new address, as fast as it is let (one a
    second, then one per SLOW_DOWN); returns when the last guess was made."""
    at = START
    for number in range(times):
        if number >= brute_force.FAILURES_BEFORE_SLOWING:
            at += brute_force.SLOW_DOWN - timedelta(seconds=1)
        with pytest.raises(services.InvalidCredentials):
            log_in(WRONG, address=f"203.0.113.{number}", at=at)
        at += timedelta(seconds=1)
    return at - timedelta(seconds=1)


def test_an_account_guessed_from_everywhere_is_slowed_to_one_try_per_thirty_seconds(alice):
    guessed_from_everywhere(brute_force.FAILURES_BEFORE_SLOWING)
    last_failure = START + timedelta(seconds=brute_force.FAILURES_BEFORE_SLOWING - 1)

    with pytest.raises(LoginThrottled) as slowed:
        log_in(WRONG, address="203.0.113.200", at=last_failure + timedelta(seconds=10))
    with pytest.raises(services.InvalidCredentials):  # the next guess is allowed, and counts
        log_in(WRONG, address="203.0.113.201", at=last_failure + brute_force.SLOW_DOWN)

    assert slowed.value.retry_after == 20


def test_an_account_guessed_from_everywhere_is_never_locked_its_owner_waits_at_most_thirty_seconds(alice):
    last_failure = guessed_from_everywhere(200)

    with pytest.raises(LoginThrottled) as slowed:
        log_in(PASSWORD, address="198.51.100.77", at=last_failure)

    assert slowed.value.retry_after <= brute_force.SLOW_DOWN.total_seconds()
    assert log_in(PASSWORD, address="198.51.100.77", at=last_failure + brute_force.SLOW_DOWN) == alice


def test_the_owners_known_device_is_not_slowed_at_all(alice):
    last_failure = guessed_from_everywhere(200)

    assert log_in(PASSWORD, known_device=True, at=last_failure) == alice


def test_a_known_device_is_still_locked_after_its_own_five_failures(alice):
    for minute in range(5):
        with pytest.raises(services.InvalidCredentials):
            log_in(WRONG, known_device=True, at=START + timedelta(minutes=minute))

    with pytest.raises(LoginThrottled):
        log_in(PASSWORD, known_device=True, at=START + timedelta(minutes=5))


def test_an_unknown_address_is_only_limited_by_username(alice):
    for number in range(25):
        with pytest.raises(services.InvalidCredentials):
            log_in(WRONG, username=f"guess{number}", address=None, at=START)

    assert log_in(PASSWORD, address=None, at=START) == alice


def test_pruning_deletes_only_attempts_older_than_a_day(alice):
    fail_once_a_minute(2)

    deleted = brute_force.prune(now=START + timedelta(days=1, seconds=30))

    assert deleted == 1
    assert list(LoginAttempt.objects.values_list("attempted_at", flat=True)) == [START + timedelta(minutes=1)]
