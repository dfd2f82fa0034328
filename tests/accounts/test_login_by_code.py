import pytest

from tests.accounts.reading import code_in, headings, main_text
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_login_by_code_mails_a_code_that_logs_in(client, mailoutbox):
    user = UserFactory(email="buergermeister@soest.example")

    requested = client.post("/konto/login/code/", {"email": "buergermeister@soest.example"})

    assert requested.status_code == 302
    assert requested.url == "/konto/login/code/confirm/"
    assert [mail.subject for mail in mailoutbox] == ["[Kommunalforum] Ihr Anmeldecode"]
    page = client.get(requested.url)
    assert headings(page) == ["Anmeldecode eingeben"]
    assert "Falls zu buergermeister@soest.example ein Konto besteht" in main_text(page)

    confirmed = client.post(requested.url, {"code": code_in(mailoutbox[0])})

    assert confirmed.status_code == 302
    assert confirmed.url == "/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_by_code_rejects_a_wrong_code(client, mailoutbox):
    UserFactory(email="buergermeister@soest.example")
    client.post("/konto/login/code/", {"email": "buergermeister@soest.example"})

    response = client.post("/konto/login/code/confirm/", {"code": "XXXX-XXXX"})

    assert response.status_code == 200
    assert "Der Code ist nicht korrekt." in main_text(response)
    assert "_auth_user_id" not in client.session


def test_login_page_links_to_login_by_code(client):
    response = client.get("/konto/login/")

    assert '<a class="kern-btn kern-btn--secondary" href="/konto/login/code/">' in (
        response.content.decode()
    )
    assert "Anmeldung per Code" in main_text(response)
