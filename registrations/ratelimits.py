"""Rate limits of the public forms: a fixed-window counter per client address and per email.

The counters live in Django's cache, which production shares between workers (Redis), so a
limit holds across processes. ``REGISTRATIONS_RATE_LIMITS`` maps a limit's name to
``(attempts, seconds)``; ``None`` switches that limit off. It is read at call time, so
tests and the burst benchmark can raise it. Client addresses come from allauth's adapter,
which honours ``ALLAUTH_TRUSTED_PROXY_COUNT`` / ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER`` behind a
reverse proxy, the same as the login limits.
"""

import hashlib
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEFAULT_LIMITS: dict[str, tuple[int, int] | None] = {
    # One office behind one address may register a handful of colleagues in a row.
    "registration_ip": (30, 10 * 60),
    "registration_email": (5, 10 * 60),
    # Workshop and consulting requests: a municipality asks a few times a year, not an hour.
    "request_ip": (10, 60 * 60),
    "request_email": (3, 60 * 60),
}
# IPv6 clients usually hold a whole /64: counting single addresses would be no limit.
IPV6_PREFIX = 64


@dataclass(frozen=True)
class Limit:
    attempts: int
    seconds: int


def limit_for(name: str) -> Limit | None:
    """Return the configured limit ``name``, ``None`` when it is switched off."""
    configured = {**DEFAULT_LIMITS, **getattr(settings, "REGISTRATIONS_RATE_LIMITS", {})}
    value = configured.get(name)
    if not value:
        return None
    attempts, seconds = value
    return Limit(int(attempts), int(seconds))


def client_address(request: HttpRequest) -> str:
    """The client's address as allauth sees it; IPv6 addresses cut to their /64."""
    from allauth.account.adapter import get_adapter

    address = get_adapter(request).get_client_ip(request) or ""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.IPv6Network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return address


def hit(name: str, key: str) -> bool:
    """Count one attempt of ``key`` against the limit ``name``; return whether it is allowed.

    ``cache.add`` starts a window only if none runs, and ``cache.incr`` is atomic in Redis
    and in the local-memory cache, so concurrent requests cannot both slip through.
    """
    limit = limit_for(name)
    if limit is None or not key:
        return True
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{name}:{digest}"
    if cache.add(cache_key, 1, timeout=limit.seconds):
        return limit.attempts >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The window ended between add and incr: this attempt opens the next one.
        cache.add(cache_key, 1, timeout=limit.seconds)
        return True
    return count <= limit.attempts


def registration_allowed(request: HttpRequest, email: str) -> bool:
    """Count a registration attempt per client address and per email address.

    Both counters move on every attempt, so one exhausted limit does not spare the other.
    """
    by_address = hit("registration_ip", client_address(request))
    by_email = hit("registration_email", (email or "").strip().lower())
    return by_address and by_email
