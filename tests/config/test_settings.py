"""Production mode: refuses to start without its secrets, passes ``check --deploy``, and its
HTTP responses carry the security headers and cookie flags a public deployment needs.

Settings are read once at import, so every check of the production module itself runs in a
subprocess with a clean environment.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.template import engines
from django.urls import path

from tests.factories.core import PASSWORD, UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]
SECRET = "ci-only-7Hq2vLx9-pW4mZ8kR3nT6yB1cF5gJ0sD-aE2uI9oP7lK4hG3-test-secret"
PRODUCTION_ENV = {
    "KOMMUNALFORUM_ENV": "production",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "kommunalforum.example",
    # Nothing listens on port 1: settings and checks must not need a running database.
    "DATABASE_URL": "postgres://kommunalforum@127.0.0.1:1/kommunalforum",
    "REDIS_URL": "redis://127.0.0.1:1/0",
    "MFA_ENCRYPTION_KEYS": "Y2ktb25seS10ZXN0LWtleS1uZXZlci1pbi1wcm9kISE=",
}
PRODUCTION_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self' wss:; frame-src 'none'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'self'; object-src 'none'"
)


def run_python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run the project's Python in the project directory with only ``env`` (plus PATH)."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "Set SECRET_KEY (at least 50 random characters) in production."),
        ("ALLOWED_HOSTS", "Set ALLOWED_HOSTS (comma-separated host names) in production."),
        ("DATABASE_URL", "Set DATABASE_URL to a PostgreSQL database in production."),
        ("REDIS_URL", "Set REDIS_URL in production (channel layer and cache)."),
        (
            "MFA_ENCRYPTION_KEYS",
            "Set MFA_ENCRYPTION_KEYS (comma-separated Fernet keys) in production.",
        ),
    ],
)
def test_production_refuses_to_start_without(missing, message):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    result = run_python("-c", "import django; django.setup()", env=env)

    assert result.returncode == 1
    assert last_line(result.stderr) == (f"django.core.exceptions.ImproperlyConfigured: {message}")


def test_production_refuses_an_sqlite_database_url():
    env = {**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/kommunalforum.sqlite3"}

    result = run_python("-c", "import django; django.setup()", env=env)

    assert last_line(result.stderr) == (
        "django.core.exceptions.ImproperlyConfigured: "
        "Set DATABASE_URL to a PostgreSQL database in production."
    )


def test_production_refuses_debug():
    result = run_python(
        "-c", "import django; django.setup()", env={**PRODUCTION_ENV, "DEBUG": "true"}
    )

    assert last_line(result.stderr) == (
        "django.core.exceptions.ImproperlyConfigured: DEBUG must be off in production."
    )


def test_development_mode_starts_without_any_variable():
    result = run_python(
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.CHANNEL_LAYERS['default']"
        "['BACKEND'], settings.MAILERS['default']['BACKEND'])",
        env={},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "channels.layers.InMemoryChannelLayer",
        "mailing.backends.ConsoleBackend",
    ]


def test_check_deploy_passes_in_production_mode():
    result = run_python(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def production_settings() -> dict:
    """Return the HTTP-related settings that production mode computes."""
    names = [
        "CHANNEL_LAYERS",
        "CACHES",
        "CSRF_COOKIE_SECURE",
        "LANGUAGE_COOKIE_SECURE",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        "SECURE_CSP",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_REDIRECT_EXEMPT",
        "SECURE_REFERRER_POLICY",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "X_FRAME_OPTIONS",
    ]
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    result = run_python("-c", script, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture(scope="module")
def production_values() -> dict:
    return production_settings()


@pytest.fixture
def production_http(settings, production_values):
    """Serve requests in this process with the HTTP settings of production mode."""
    for name, value in production_values.items():
        if name not in {"CHANNEL_LAYERS", "CACHES"}:
            setattr(settings, name, value)
    settings.DEBUG = False
    return settings


def test_production_uses_redis_for_channel_layer_and_cache(production_values):
    assert production_values["CHANNEL_LAYERS"]["default"]["BACKEND"] == (
        "channels_redis.core.RedisChannelLayer"
    )
    assert production_values["CACHES"]["default"]["BACKEND"] == (
        "core.cache.RedisCacheWithLocalFallback"
    )


@pytest.mark.django_db
def test_production_page_carries_security_headers(client, production_http):
    response = client.get("/", secure=True)

    assert response.status_code == 200
    assert (
        response.headers["Strict-Transport-Security"]
        == "max-age=31536000; includeSubDomains; preload"
    )
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Content-Security-Policy"] == PRODUCTION_CSP
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def page_with_a_nonce(request):
    from django.http import HttpResponse

    template = engines["django"].from_string(
        '<!DOCTYPE html><html lang="de"><title>Nonce</title>'
        '<script nonce="{{ csp_nonce }}" src="/static/js/none.js"></script></html>'
    )
    return HttpResponse(template.render({}, request))


urlpatterns = [path("nonce/", page_with_a_nonce)]


@pytest.mark.urls("tests.config.test_settings")
def test_csp_names_the_nonce_a_template_uses(client, production_http):
    response = client.get("/nonce/", secure=True)

    nonce = response.text.split('nonce="')[1].split('"')[0]
    assert len(nonce) >= 16
    policy = dict(
        directive.split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split("; ")
    )
    assert policy["script-src"] == f"'self' 'nonce-{nonce}'"


@pytest.mark.django_db
def test_production_redirects_http_to_https(client, production_http):
    response = client.get("/veranstaltungen/?seite=2")

    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/veranstaltungen/?seite=2"


@pytest.mark.django_db
def test_production_trusts_the_proxy_https_header(client, production_http):
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert (
        response.headers["Strict-Transport-Security"]
        == "max-age=31536000; includeSubDomains; preload"
    )


@pytest.mark.django_db
def test_production_answers_the_health_check_over_http(client, production_http, settings):
    settings.REDIS_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


@pytest.mark.django_db
def test_production_cookies_are_secure_and_http_only(client, production_http):
    user = UserFactory()

    login_page = client.get("/konto/login/", secure=True)
    response = client.post(
        "/konto/login/", {"login": user.email, "password": PASSWORD}, secure=True
    )

    csrf = login_page.cookies["csrftoken"]
    assert (csrf["secure"], csrf["samesite"]) == (True, "Lax")
    session = response.cookies["sessionid"]
    assert (session["secure"], session["httponly"], session["samesite"]) == (True, True, "Lax")


def test_production_language_cookie_is_secure(client, production_http):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)

    assert response.headers["Location"] == "/en/"
    assert response.cookies["django_language"]["secure"] is True


def test_readme_documents_every_environment_variable_of_the_settings():
    settings_source = (BASE_DIR / "config" / "settings.py").read_text()
    readme = (BASE_DIR / "README.md").read_text()

    variables = set(re.findall(r'env(?:_bool|_list)?\(\s*"([A-Z_]+)"', settings_source))
    undocumented = sorted(name for name in variables if f"| `{name}` |" not in readme)

    assert len(variables) >= 20
    assert undocumented == []
