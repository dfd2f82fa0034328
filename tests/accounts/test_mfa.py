"""Organiser pages need a second factor, and the TOTP set-up and login steps work."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

from tests.accounts.reading import headings, main_text
from tests.factories.core import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_step_tolerance(settings):
    """Accept the neighbouring 30-second window so a test never fails on a boundary."""
    settings.MFA_TOTP_TOLERANCE = 1


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(client, user):
    return client.post("/konto/login/", {"login": user.email, "password": PASSWORD})


def test_mfa_staff_without_second_factor_is_sent_to_set_one_up(client):
    staff = UserFactory(is_staff=True)
    log_in(client, staff)

    response = client.get("/veranstalten/")

    assert response.status_code == 302
    assert response.url == "/konto/2fa/totp/activate/"


def test_mfa_activation_asks_for_the_password_again_first(client):
    staff = UserFactory(is_staff=True)
    log_in(client, staff)

    page = client.get("/veranstalten/", follow=True)

    assert page.redirect_chain == [
        ("/konto/2fa/totp/activate/", 302),
        ("/konto/reauthenticate/?next=%2Fkonto%2F2fa%2Ftotp%2Factivate%2F", 302),
    ]
    assert headings(page) == ["Zugriff bestätigen"]
    assert "Für den Veranstaltungsbereich brauchen Sie einen zweiten Faktor." in main_text(page)


def test_mfa_activation_page_shows_qr_code_and_secret_and_activates(client):
    staff = UserFactory(is_staff=True)
    log_in(client, staff)
    reauthenticated = client.post(
        "/konto/reauthenticate/?next=%2Fkonto%2F2fa%2Ftotp%2Factivate%2F",
        {"password": PASSWORD},
    )
    assert reauthenticated.url == "/konto/2fa/totp/activate/"

    page = client.get(reauthenticated.url)
    secret = client.session["mfa.totp.secret"]

    assert headings(page) == ["Authenticator-App einrichten"]
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert f'<code class="kf-secret" id="authenticator-secret">{secret}</code>' in html

    activated = client.post("/konto/2fa/totp/activate/", {"code": current_code(secret)})

    assert activated.status_code == 302
    assert activated.url == "/konto/2fa/recovery-codes/"
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    codes = client.get(activated.url)
    assert headings(codes) == ["Wiederherstellungscodes"]
    assert "10 von 10 Codes sind noch unbenutzt." in main_text(codes)
    assert client.get("/veranstalten/").status_code == 200


def test_mfa_login_asks_for_the_code_then_opens_the_organiser_dashboard(client):
    staff = UserFactory(is_staff=True)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    first = log_in(client, staff)

    assert first.status_code == 302
    assert first.url == "/konto/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    page = client.get(first.url)
    assert headings(page) == ["Zweiter Faktor"]

    second = client.post(first.url, {"code": current_code(secret)})

    assert second.status_code == 302
    assert second.url == "/"
    assert client.session["_auth_user_id"] == str(staff.pk)
    dashboard = client.get("/veranstalten/")
    assert dashboard.status_code == 200
    assert dashboard.wsgi_request.user == staff


def test_mfa_login_rejects_a_wrong_code(client):
    staff = UserFactory(is_staff=True)
    TOTP.activate(staff, generate_totp_secret())
    log_in(client, staff)

    response = client.post("/konto/2fa/authenticate/", {"code": "000000"})

    assert response.status_code == 200
    assert "Falscher Code." in main_text(response)
    assert "_auth_user_id" not in client.session


def test_mfa_non_organiser_with_second_factor_is_forbidden(client):
    attendee = UserFactory()
    secret = generate_totp_secret()
    TOTP.activate(attendee, secret)
    log_in(client, attendee)
    client.post("/konto/2fa/authenticate/", {"code": current_code(secret)})

    response = client.get("/veranstalten/")

    assert client.session["_auth_user_id"] == str(attendee.pk)
    assert response.status_code == 403
