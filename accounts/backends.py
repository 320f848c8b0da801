"""The one way a password is checked, whoever asks (the API, the login page, the admin).

Django's `authenticate()` runs every configured backend; this is the only one, so no
login can skip the brute-force rules of brute_force.py. A refusal is raised as
LoginThrottled (not PermissionDenied, which Django would turn into a plain failure), so
each way in can say when to try again.
"""

from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from accounts import brute_force, known_devices
from accounts.rate_limits import client_address


class ThrottledModelBackend(ModelBackend):
    def authenticate(
        self, request, username=None, password=None, *, ip_address=None, known_device=None, now=None, **kwargs
    ):
        if username is None or password is None:
            return None
        if ip_address is None and request is not None:
            ip_address = client_address(request)
        if known_device is None:
            known_device = known_devices.is_known(request, username)
        now = now or timezone.now()
        brute_force.check_allowed(
            username=username, ip_address=ip_address, known_device=known_device, now=now
        )
        # Recorded before the slow password check, so parallel guesses already count.
        attempt = brute_force.record_attempt(username=username, ip_address=ip_address, now=now)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            brute_force.record_success(attempt)
            known_devices.note_login(request, username)
        return user
