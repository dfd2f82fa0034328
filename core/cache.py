"""A Redis cache that keeps the site working while Redis is unreachable.

The cache holds only what can be rebuilt: rate-limit counters, used TOTP codes, rendered
fragments. Losing Redis must therefore not lose a form: on a connection error this backend
logs a warning and serves from a local-memory cache in the process, and tries Redis again
after ``RETRY_SECONDS``. While it counts locally, rate limits hold per process instead of
across all workers (each worker allows the full limit), which is the documented trade-off
(docs/operations.md, "Redis").

When Redis answers again, every key this process wrote or deleted during the outage is
deleted in Redis, so no value from before the outage outlives a change made during it (a
used TOTP code, an invalidated fragment). Other processes do the same for their own keys.
"""

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# Seconds without Redis before the next attempt; short, so an outage ends quickly.
RETRY_SECONDS = 5.0
# Socket timeouts: a Redis that hangs must fail over as a refused one does.
DEFAULT_CONNECT_TIMEOUT = 0.5
DEFAULT_SOCKET_TIMEOUT = 1.0
# Keys remembered for the clean-up after an outage; beyond this the oldest are not replayed.
MAX_TOUCHED_KEYS = 50_000


class _Outage:
    """Shared by every backend instance of one Redis server in this process (one per thread)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.retry_at = 0.0
        self.touched: dict[tuple[str, int | None], None] = {}


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(server: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(server, _Outage())


class RedisCacheWithLocalFallback(RedisCache):
    """Django's Redis cache that falls back to a local-memory cache on connection errors.

    ``OPTIONS`` are those of ``RedisCache``; ``socket_connect_timeout`` and
    ``socket_timeout`` default to short values, and ``RETRY_SECONDS`` sets how long to
    count locally before trying Redis again.
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self._retry_seconds = float(options.pop("RETRY_SECONDS", RETRY_SECONDS))
        fallback_entries = int(options.pop("FALLBACK_MAX_ENTRIES", 20_000))
        options.setdefault("socket_connect_timeout", DEFAULT_CONNECT_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        super().__init__(server, {**params, "OPTIONS": options})
        self._outage = _outage_for(str(server))
        # LocMemCache shares its store between instances of the same name: one per process.
        self._local = LocMemCache(
            f"redis-fallback:{server}",
            {
                **{key: value for key, value in params.items() if key != "OPTIONS"},
                "OPTIONS": {"MAX_ENTRIES": fallback_entries},
            },
        )

    def _redis_or_local(self, name: str, keys: list[tuple[str, int | None]], *args, **kwargs):
        """Run the cache operation ``name`` on Redis, or locally while Redis is away."""
        outage = self._outage
        if time.monotonic() < outage.retry_at:
            self._remember(keys)
            return getattr(self._local, name)(*args, **kwargs)
        try:
            if outage.touched:
                self._forget_outage_keys()
            result = getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as error:
            with outage.lock:
                first = outage.retry_at == 0.0
                outage.retry_at = time.monotonic() + self._retry_seconds
            if first:
                logger.warning(
                    "Redis cache unreachable (%s): counting locally in this process, "
                    "retrying every %.0f s.",
                    error,
                    self._retry_seconds,
                )
            self._remember(keys)
            return getattr(self._local, name)(*args, **kwargs)
        if outage.retry_at:
            with outage.lock:
                outage.retry_at = 0.0
            logger.warning("Redis cache reachable again.")
        return result

    def _remember(self, keys: list[tuple[str, int | None]]) -> None:
        with self._outage.lock:
            for key in keys:
                if len(self._outage.touched) >= MAX_TOUCHED_KEYS:
                    break
                self._outage.touched[key] = None

    def _forget_outage_keys(self) -> None:
        """Delete in Redis what this process changed while it counted locally."""
        outage = self._outage
        with outage.lock:
            touched, outage.touched = outage.touched, {}
        by_version: dict[int | None, list[str]] = {}
        for key, version in touched:
            by_version.setdefault(version, []).append(key)
        try:
            for version, keys in by_version.items():
                super().delete_many(keys, version=version)
        except UNREACHABLE:
            with outage.lock:
                outage.touched.update(touched)
            raise
        # Local values would be stale by the next outage: start that one empty.
        self._local.clear()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._redis_or_local("add", [(key, version)], key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._redis_or_local("get", [], key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._redis_or_local("set", [(key, version)], key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._redis_or_local("touch", [(key, version)], key, timeout, version)

    def delete(self, key, version=None):
        return self._redis_or_local("delete", [(key, version)], key, version)

    def get_many(self, keys, version=None):
        return self._redis_or_local("get_many", [], keys, version)

    def has_key(self, key, version=None):
        return self._redis_or_local("has_key", [], key, version)

    def incr(self, key, delta=1, version=None):
        return self._redis_or_local("incr", [(key, version)], key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        keys = [(key, version) for key in data]
        return self._redis_or_local("set_many", keys, data, timeout, version)

    def delete_many(self, keys, version=None):
        touched = [(key, version) for key in keys]
        return self._redis_or_local("delete_many", touched, keys, version)

    def clear(self):
        return self._redis_or_local("clear", [])
