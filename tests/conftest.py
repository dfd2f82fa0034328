import os

import pytest

from tests.services import unavailable


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]):
    """Run the browser tests last, after pytest-django's ordering and ``-m`` selection.

    While Playwright's sync API runs (session-scoped browser), its event loop counts as
    running in the main thread, and pytest-asyncio cannot start another one.
    """
    result = yield
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    return result


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without a collected manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _german_by_default():
    """Start every test in German: a request to /en/... leaves English active in the thread,
    which would otherwise make the next test's ``reverse()`` produce /en/ URLs."""
    from django.utils import translation

    translation.activate("de")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 costs ~0.4 s per user; tests check behaviour, not the hash strength."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        # Module-scoped fixtures hash before this fixture runs; keep their hashes readable.
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def admin_user(db, django_user_model):
    """A superuser with a TOTP authenticator: the admin admits staff only with two factors."""
    from tests.factories.core import UserFactory, add_totp

    user = UserFactory(email="admin@kommune.example", is_staff=True, is_superuser=True)
    add_totp(user)
    return user


@pytest.fixture
def outbox(settings) -> list:
    """Run tasks at once, so mails queued in the outbox land in ``mail.outbox`` after commit.

    Tasks start only after commit: wrap the action in
    ``django_capture_on_commit_callbacks(execute=True)`` or use a transactional test.
    """
    from django.core import mail

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    mail.outbox = []
    return mail.outbox


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
