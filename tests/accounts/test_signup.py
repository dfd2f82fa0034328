import pytest
from allauth.account.models import EmailAddress

from core.models import User
from tests.accounts.reading import headings, link_in, main_text

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Gemeinde-Digital-2020"


def sign_up(client, email: str, prefix: str = ""):
    return client.post(
        f"{prefix}/konto/signup/",
        {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def log_in(client, email: str, password: str = NEW_PASSWORD):
    return client.post("/konto/login/", {"login": email, "password": password})


def test_signup_sends_a_verification_mail_and_waits_for_it(client, mailoutbox):
    response = sign_up(client, "kaemmerei@soest.example")

    assert response.status_code == 302
    assert response.url == "/konto/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert [mail.to for mail in mailoutbox] == [["kaemmerei@soest.example"]]
    assert mailoutbox[0].subject == "[Kommunalforum] Bitte bestätigen Sie Ihre E-Mail-Adresse"
    assert "Bitte bestätigen Sie die Adresse über diesen Link:" in mailoutbox[0].body
    page = client.get(response.url)
    assert headings(page) == ["Bitte bestätigen Sie Ihre E-Mail-Adresse"]


def test_signup_unverified_account_cannot_log_in(client, mailoutbox):
    sign_up(client, "kaemmerei@soest.example")

    response = log_in(client, "kaemmerei@soest.example")

    assert response.status_code == 302
    assert response.url == "/konto/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_signup_verification_link_confirms_and_password_login_works(client, mailoutbox):
    sign_up(client, "kaemmerei@soest.example")
    confirm_path = link_in(mailoutbox[0], "/konto/confirm-email/")

    page = client.get(confirm_path)
    assert headings(page) == ["E-Mail-Adresse bestätigen"]
    assert "Bitte bestätigen Sie, dass kaemmerei@soest.example Ihre E-Mail-Adresse ist." in (
        main_text(page)
    )
    confirmed = client.post(confirm_path)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="kaemmerei@soest.example").verified is True

    response = log_in(client, "kaemmerei@soest.example")

    assert response.status_code == 302
    assert response.url == "/"
    user = User.objects.get(email="kaemmerei@soest.example")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.language == "de"


def test_signup_in_english_keeps_the_language_for_mail_and_link(client, mailoutbox):
    response = sign_up(client, "it@paderborn.example", prefix="/en")

    assert response.url == "/en/konto/confirm-email/"
    assert User.objects.get(email="it@paderborn.example").language == "en"
    assert mailoutbox[0].subject == "[Kommunalforum] Please confirm your email address"
    assert link_in(mailoutbox[0], "/en/konto/confirm-email/")


def test_signup_rejects_mismatched_passwords_next_to_the_field(client, mailoutbox):
    response = client.post(
        "/konto/signup/",
        {"email": "kaemmerei@soest.example", "password1": NEW_PASSWORD, "password2": "anders"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_password2_error"' in html
    assert 'aria-describedby="id_password2_error"' in html
    assert 'aria-invalid="true"' in html
    assert mailoutbox == []
