"""`manage.py prune_login_attempts` deletes attempts no lockout rule looks at any more."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import LoginAttempt

pytestmark = pytest.mark.django_db


def test_attempts_older_than_a_day_are_deleted_and_recent_ones_kept():
    now = timezone.now()
    for age in (timedelta(days=2), timedelta(days=1, minutes=1), timedelta(hours=23)):
        LoginAttempt.objects.create(username="alice", ip_address="198.51.100.1", attempted_at=now - age)
    output = StringIO()

    call_command("prune_login_attempts", stdout=output)

    assert list(LoginAttempt.objects.values_list("attempted_at", flat=True)) == [now - timedelta(hours=23)]
    assert output.getvalue().strip() == "Deleted 2 old login attempts."
