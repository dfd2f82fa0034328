"""With Redis unreachable, logins and registrations still work: the cache counts locally.

What else still needs Redis answers with the layout's 503 page, never a bare 500.
"""

import logging

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.core.cache import cache
from django.test import Client
from django.urls import path
from redis.exceptions import ConnectionError as RedisConnectionError

import config.urls
from registrations.enums import RegistrationStatus
from registrations.models import Registration
from tests.accounts.reading import headings, main_text
from tests.factories.conferences import EventFactory
from tests.factories.core import PASSWORD, UserFactory
from tests.factories.registrations import RegistrationSettingsFactory

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: every connection is refused at once.
CLOSED_REDIS = "redis://127.0.0.1:1/0"


def needs_redis(request):
    raise RedisConnectionError("Error 111 connecting to 127.0.0.1:1. Connection refused.")


urlpatterns = [
    *i18n_patterns(path("braucht-redis/", needs_redis), prefix_default_language=False),
    *config.urls.urlpatterns,
]


def cache_at(url: str, backend: str = "core.cache.RedisCacheWithLocalFallback") -> dict:
    return {"default": {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": "kf-test"}}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = cache_at(CLOSED_REDIS)
    yield
    cache.clear()


def log_in(client: Client, email: str, password: str = PASSWORD):
    return client.post("/konto/login/", {"login": email, "password": password})


def register(client: Client, slug: str):
    return client.post(
        f"/veranstaltungen/{slug}/anmeldung/",
        {
            "first_name": "Erika",
            "last_name": "Mustermann",
            "email": "erika@soest.example",
            "privacy_accepted": "on",
            "recording_acknowledged": "on",
        },
    )


def test_redis_down_plain_redis_cache_fails_the_login(settings):
    """Negative control: with Django's own Redis cache the login is lost (the 503 page)."""
    settings.CACHES = cache_at(CLOSED_REDIS, "django.core.cache.backends.redis.RedisCache")
    user = UserFactory()

    response = log_in(Client(raise_request_exception=False), user.email)

    assert response.status_code == 503


def test_redis_down_login_works(redis_down, caplog):
    user = UserFactory()
    client = Client()

    with caplog.at_level(logging.WARNING, logger="core.cache"):
        wrong = log_in(client, user.email, "falsch-geraten")
        right = log_in(client, user.email)

    assert wrong.status_code == 200
    assert "E-Mail-Adresse oder Passwort sind nicht korrekt." in main_text(wrong)
    assert (right.status_code, right.url) == (302, "/")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert any("counting locally" in record.getMessage() for record in caplog.records)


def test_redis_down_failed_logins_are_still_limited_in_the_process(redis_down):
    user = UserFactory()
    client = Client()

    texts = [main_text(log_in(client, user.email, "falsch-geraten")) for _ in range(6)]

    assert "Zu viele fehlgeschlagene Anmeldeversuche." in texts[5]


def test_redis_down_registration_works(redis_down):
    event = EventFactory(slug="fachkonferenz-2031")
    RegistrationSettingsFactory(event=event)

    response = register(Client(), event.slug)

    assert response.status_code == 302, response.context["form"].errors
    assert response.url.startswith("/veranstaltungen/fachkonferenz-2031/anmeldung/ergebnis/")
    registration = Registration.objects.get()
    assert (registration.email, registration.status) == (
        "erika@soest.example",
        RegistrationStatus.PENDING,
    )


@pytest.mark.urls("tests.core.test_redis_down")
@pytest.mark.parametrize(
    ("address", "language", "heading"),
    [
        ("/braucht-redis/", "de", "Vorübergehend nicht verfügbar"),
        ("/en/braucht-redis/", "en", "Temporarily unavailable"),
    ],
)
def test_redis_down_elsewhere_answers_503_in_the_layout(address, language, heading):
    response = Client(raise_request_exception=False).get(address)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert f'<html lang="{language}"' in response.content.decode()
    assert headings(response) == [heading]


@pytest.mark.redis
def test_redis_up_the_cache_lives_in_redis(settings, redis_url):
    import redis

    settings.CACHES = cache_at(redis_url)
    cache.set("probe", "da", 30)

    stored = redis.Redis.from_url(redis_url).get("kf-test:1:probe")

    assert stored is not None
    assert cache.get("probe") == "da"
    cache.delete("probe")
