import os

import pytest

from tests.services import unavailable


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without a collected manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def postgres_db(settings):
    """Require that the suite runs on PostgreSQL (``DATABASE_URL``)."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        unavailable("PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def redis_url() -> str:
    """Return a reachable Redis URL from ``REDIS_URL`` or the CI default."""
    import redis

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_timeout=1).ping()
    except Exception:
        unavailable(f"Redis at {url}")
    return url
