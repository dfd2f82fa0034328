"""Mails go out in the language of the account they are about."""

import pytest

from core.models import User
from tests.accounts.reading import link_in
from tests.factories.core import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_adapters_password_reset_mail_uses_the_account_language(client, mailoutbox):
    UserFactory(email="it@paderborn.example", language="en")

    client.post("/konto/password/reset/", {"email": "it@paderborn.example"})

    assert mailoutbox[0].subject == "[Kommunalforum] Reset password"
    assert mailoutbox[0].body.startswith("Hello,\n\nsomeone – hopefully you – wants to reset")
    assert link_in(mailoutbox[0], "/en/konto/password/reset/key/")


def test_adapters_login_code_mail_uses_the_account_language(client, mailoutbox):
    UserFactory(email="kaemmerei@soest.example", language="de")

    client.post("/en/konto/login/code/", {"email": "kaemmerei@soest.example"})

    assert mailoutbox[0].subject == "[Kommunalforum] Ihr Anmeldecode"


def test_adapters_unknown_address_gets_the_page_language(client, mailoutbox):
    client.post("/en/konto/password/reset/", {"email": "niemand@soest.example"})

    assert mailoutbox[0].subject == "[Kommunalforum] No account for this address"
    assert link_in(mailoutbox[0], "/en/konto/signup/")


def test_adapters_login_remembers_the_interface_language(client):
    user = UserFactory(language="de")

    client.post("/en/konto/login/", {"login": user.email, "password": PASSWORD})

    assert User.objects.get(pk=user.pk).language == "en"


@pytest.fixture
def foreign_host(settings) -> dict:
    """A request that claims another Host, as a forged header or a proxy's inner name does."""
    settings.SITE_URL = "https://kommunalforum.example"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "angreifer.example"]
    return {"HTTP_HOST": "angreifer.example"}


def test_adapters_password_reset_link_uses_site_url_not_the_host(client, mailoutbox, foreign_host):
    UserFactory(email="it@paderborn.example", language="de")

    client.post("/konto/password/reset/", {"email": "it@paderborn.example"}, **foreign_host)

    body = mailoutbox[0].body
    assert "angreifer.example" not in body
    assert "https://kommunalforum.example/konto/password/reset/key/" in body


def test_adapters_verification_link_uses_site_url_not_the_host(client, mailoutbox, foreign_host):
    password = "Gemeinde-Digital-2020"

    client.post(
        "/en/konto/signup/",
        {"email": "neu@soest.example", "password1": password, "password2": password},
        **foreign_host,
    )

    body = mailoutbox[0].body
    assert "angreifer.example" not in body
    assert "https://kommunalforum.example/en/konto/confirm-email/" in body


def test_adapters_unknown_account_mail_links_to_site_url_not_the_host(
    client, mailoutbox, foreign_host
):
    client.post("/konto/password/reset/", {"email": "niemand@soest.example"}, **foreign_host)

    body = mailoutbox[0].body
    assert "angreifer.example" not in body
    assert "https://kommunalforum.example/konto/signup/" in body
