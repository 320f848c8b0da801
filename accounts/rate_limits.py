"""Who is calling, by address, for the rates on sign-ups and reset emails and the login rules."""

import ipaddress

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle


def client_address(request) -> str | None:
    """The caller's IP address, or None when there is no usable one.

    REMOTE_ADDR, unless DRF's NUM_PROXIES says how many proxies of ours append to
    X-Forwarded-For; a header we did not ask for is ignored, as anyone can forge it.
    """
    address = request.META.get("REMOTE_ADDR") or ""
    forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR")
    if api_settings.NUM_PROXIES and forwarded_for:
        hops = [hop.strip() for hop in forwarded_for.split(",")]
        address = hops[-min(api_settings.NUM_PROXIES, len(hops))]
    try:
        return str(ipaddress.ip_address(address.split("%")[0]))
    except ValueError:
        return None


class AddressRateThrottle(ScopedRateThrottle):
    """A view's scoped rate ("register", "password_reset") per address, read the same way as
    the login rules read it."""

    def get_ident(self, request) -> str:
        return client_address(request) or "unknown"

    def get_cache_key(self, request, view) -> str:
        """Per address even for a logged-in caller (the sign-up page keeps its session)."""
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
