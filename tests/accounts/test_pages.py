"""Every allauth page renders inside the project's layout, accessible and in both languages."""

import time

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

from tests.accounts.reading import headings, parse
from tests.factories.core import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    ("/konto/login/", "Anmelden"),
    ("/konto/signup/", "Konto anlegen"),
    ("/konto/password/reset/", "Passwort zurücksetzen"),
    ("/konto/password/reset/done/", "Passwort zurücksetzen"),
    ("/konto/password/reset/key/1-falsch/", "Link ungültig"),
    ("/konto/login/code/", "Anmeldung per Code"),
    ("/konto/confirm-email/", "Bitte bestätigen Sie Ihre E-Mail-Adresse"),
    ("/konto/confirm-email/unbekannt/", "E-Mail-Adresse bestätigen"),
]

ACCOUNT_PAGES = [
    ("/konto/email/", "E-Mail-Adressen"),
    ("/konto/password/change/", "Passwort ändern"),
    ("/konto/logout/", "Abmelden"),
    ("/konto/2fa/", "Zwei-Faktor-Authentifizierung"),
    ("/konto/2fa/totp/activate/", "Authenticator-App einrichten"),
]

PROTECTED_PAGES = [
    ("/konto/2fa/recovery-codes/", "Wiederherstellungscodes"),
    ("/konto/2fa/recovery-codes/generate/", "Neue Wiederherstellungscodes"),
    ("/konto/2fa/totp/deactivate/", "Authenticator-App entfernen"),
]


def assert_in_project_layout(response, lang: str = "de") -> None:
    """The page is the project's: lang, landmarks, one h1, labelled fields, strict CSP."""
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}" class="kern-light">' in html
    tags = parse(response).tags
    classes = [attrs.get("class") for _name, attrs in tags]
    assert classes.count("kf-header") == 1
    assert classes.count("kf-footer") == 1
    assert [attrs.get("id") for name, attrs in tags if name == "main"] == ["main"]
    assert len(headings(response)) == 1
    assert not [attrs for _name, attrs in tags if "style" in attrs]
    for name, attrs in tags:
        if name == "script":
            assert attrs.get("src") or attrs.get("type") == "application/json", attrs
    labelled = {attrs.get("for") for name, attrs in tags if name == "label"}
    for name, attrs in tags:
        if name in {"input", "select", "textarea"} and attrs.get("type") != "hidden":
            assert attrs.get("id") in labelled, attrs
            assert "placeholder" not in attrs


@pytest.mark.parametrize(("path", "heading"), ANONYMOUS_PAGES)
def test_pages_for_visitors_render_in_the_layout(client, path, heading):
    response = client.get(path)

    assert_in_project_layout(response)
    assert headings(response) == [heading]


@pytest.mark.parametrize(("path", "heading"), ACCOUNT_PAGES)
def test_pages_for_signed_in_people_render_in_the_layout(client, path, heading):
    user = UserFactory()
    client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    client.post("/konto/reauthenticate/", {"password": PASSWORD})

    response = client.get(path)

    assert_in_project_layout(response)
    assert headings(response) == [heading]


@pytest.mark.parametrize(("path", "heading"), PROTECTED_PAGES)
def test_pages_for_two_factor_accounts_render_in_the_layout(client, path, heading, settings):
    settings.MFA_TOTP_TOLERANCE = 1
    user = UserFactory()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post("/konto/2fa/authenticate/", {"code": code})
    client.post("/konto/reauthenticate/", {"password": PASSWORD})

    response = client.get(path)

    assert_in_project_layout(response)
    assert headings(response) == [heading]


def test_pages_login_renders_in_english(client):
    response = client.get("/en/konto/login/")

    assert_in_project_layout(response, lang="en")
    assert response.headers["Content-Language"] == "en"
    assert headings(response) == ["Sign in"]
    assert '<label class="kern-label" for="id_login">Email</label>' in response.content.decode()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/en/konto/signup/", "Create an account"),
        ("/en/konto/password/reset/", "Reset password"),
        ("/en/konto/login/code/", "Sign in with a code"),
        ("/en/konto/confirm-email/", "Please confirm your email address"),
    ],
)
def test_pages_for_visitors_render_in_english(client, path, heading):
    response = client.get(path)

    assert_in_project_layout(response, lang="en")
    assert headings(response) == [heading]


def test_pages_two_factor_overview_renders_in_english(client):
    client.force_login(UserFactory())

    response = client.get("/en/konto/2fa/")

    assert_in_project_layout(response, lang="en")
    assert headings(response) == ["Two-factor authentication"]
    assert "No authenticator app has been set up yet." in response.content.decode()


def test_pages_login_fields_keep_autocomplete_and_describe_the_hint(client):
    html = client.get("/konto/login/").content.decode()

    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert 'aria-describedby="id_password_helptext"' in html
    assert (
        '<div class="kern-hint" id="id_password_helptext">'
        '<a class="kern-link" href="/konto/password/reset/">Passwort vergessen?</a>'
    ) in html


def test_pages_manage_menu_marks_the_current_page(client):
    user = UserFactory()
    client.force_login(user)

    html = client.get("/konto/2fa/").content.decode()

    assert '<a class="kern-link" href="/konto/2fa/" aria-current="page">' in html
    assert html.count('aria-current="page"') == 1
