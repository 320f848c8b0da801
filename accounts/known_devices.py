"""Devices a user has logged in from before: a signed cookie naming the accounts.

OWASP's answer to lockout as a weapon ("Slow Down Online Guessing Attacks with Device
Cookies"): the owner's own browser is exempt from the rules that a stranger could set off
from elsewhere (brute_force.py), so guessing can be slowed hard without locking them out.
"""

from django.conf import settings

from accounts.brute_force import normalize_username

COOKIE = "known_device"
SALT = "accounts.known_devices"
MAX_AGE_SECONDS = 365 * 24 * 3600
MAX_ACCOUNTS = 8  # a shared family computer; more is not worth a bigger cookie


def known_usernames(request) -> list[str]:
    cookies = getattr(request, "COOKIES", {})
    if COOKIE not in cookies:
        return []
    signed = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=MAX_AGE_SECONDS)
    return [name for name in signed.split(",") if name]


def is_known(request, username: str) -> bool:
    return request is not None and normalize_username(username) in known_usernames(request)


def note_login(request, username: str) -> None:
    """Called by the backend when a password is right: the middleware below then tells the
    browser, whichever way in it used (API, pages, admin)."""
    if request is not None:
        getattr(request, "_request", request).logged_in_username = username  # DRF wraps the request


class KnownDeviceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if username := getattr(request, "logged_in_username", None):
            remember(response, request, username)
        return response


def remember(response, request, username: str) -> None:
    """After a successful login: this browser is now one of the account's known devices."""
    name = normalize_username(username)
    names = [name, *(known for known in known_usernames(request) if known != name)][:MAX_ACCOUNTS]
    response.set_signed_cookie(
        COOKIE,
        ",".join(names),  # names cannot hold a comma (the username validator)
        salt=SALT,
        max_age=MAX_AGE_SECONDS,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
