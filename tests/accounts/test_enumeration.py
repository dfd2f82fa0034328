"""Nobody learns from the site's answers whether an address has an account."""

import pytest

from tests.accounts.reading import headings, link_in, main_text
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Gemeinde-Digital-2020"


def test_signup_with_a_taken_address_answers_like_a_new_one(client, mailoutbox):
    UserFactory(email="kaemmerei@soest.example")

    taken = client.post(
        "/konto/signup/",
        {"email": "kaemmerei@soest.example", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    fresh = client.post(
        "/konto/signup/",
        {"email": "neu@soest.example", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )

    assert taken.redirect_chain == fresh.redirect_chain == [("/konto/confirm-email/", 302)]
    assert main_text(taken).replace("kaemmerei@", "neu@") == main_text(fresh)
    assert "bereits" not in main_text(taken)
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        (["kaemmerei@soest.example"], "[Kommunalforum] Sie haben bereits ein Konto"),
        (["neu@soest.example"], "[Kommunalforum] Bitte bestätigen Sie Ihre E-Mail-Adresse"),
    ]
    assert "/konto/password/reset/" in mailoutbox[0].body


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, mailoutbox):
    UserFactory(email="kaemmerei@soest.example")

    known = client.post(
        "/konto/password/reset/", {"email": "kaemmerei@soest.example"}, follow=True
    )
    unknown = client.post(
        "/konto/password/reset/", {"email": "niemand@soest.example"}, follow=True
    )

    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain == [("/konto/password/reset/done/", 302)]
    assert main_text(known) == main_text(unknown)
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        (["kaemmerei@soest.example"], "[Kommunalforum] Passwort zurücksetzen"),
        (["niemand@soest.example"], "[Kommunalforum] Kein Konto zu dieser Adresse"),
    ]


def test_password_reset_link_sets_a_new_password(client, mailoutbox):
    user = UserFactory(email="kaemmerei@soest.example")
    client.post("/konto/password/reset/", {"email": "kaemmerei@soest.example"})

    key_page = client.get(link_in(mailoutbox[0], "/konto/password/reset/key/"), follow=True)
    form_path = key_page.redirect_chain[-1][0]
    assert headings(key_page) == ["Neues Passwort festlegen"]
    saved = client.post(form_path, {"password1": PASSWORD, "password2": PASSWORD})

    assert saved.status_code == 302
    assert saved.url == "/konto/password/reset/key/done/"
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_login_by_code_answers_the_same_for_unknown_addresses(client, mailoutbox):
    UserFactory(email="kaemmerei@soest.example")

    known = client.post("/konto/login/code/", {"email": "kaemmerei@soest.example"}, follow=True)
    client.cookies.clear()
    unknown = client.post("/konto/login/code/", {"email": "niemand@soest.example"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert main_text(known).replace("kaemmerei", "niemand") == main_text(unknown)
    assert [mail.subject for mail in mailoutbox] == [
        "[Kommunalforum] Ihr Anmeldecode",
        "[Kommunalforum] Kein Konto zu dieser Adresse",
    ]
