import pytest
from django.test import Client

from tests.accounts.reading import headings, main_text, parse
from tests.factories.core import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def fail_login(client, email: str = "kaemmerei@soest.example"):
    return client.post("/konto/login/", {"login": email, "password": "falsch-geraten"})


def test_rate_limit_stops_password_guessing_for_one_address(client):
    UserFactory(email="kaemmerei@soest.example")

    first_five = [main_text(fail_login(client)) for _ in range(5)]
    sixth = fail_login(client)
    correct = client.post(
        "/konto/login/", {"login": "kaemmerei@soest.example", "password": PASSWORD}
    )

    assert all("E-Mail-Adresse oder Passwort sind nicht korrekt." in text for text in first_five)
    assert "Zu viele fehlgeschlagene Anmeldeversuche." in main_text(sixth)
    assert correct.status_code == 200
    assert "Zu viele fehlgeschlagene Anmeldeversuche." in main_text(correct)
    assert "_auth_user_id" not in client.session


def test_rate_limit_answers_429_in_the_project_layout(client):
    """After 30 login attempts a minute from one address, allauth answers 429."""
    responses = [fail_login(client, f"person{n}@soest.example") for n in range(31)]

    assert [response.status_code for response in responses[:30]] == [200] * 30
    blocked = responses[30]
    assert blocked.status_code == 429
    html = blocked.content.decode()
    assert '<html lang="de"' in html
    tags = parse(blocked).tags
    assert ("main", {"id": "main", "class": "kern-container kf-main", "tabindex": "-1"}) in tags
    assert headings(blocked) == ["Zu viele Anfragen"]
    assert "Bitte warten Sie einige Minuten und versuchen Sie es dann erneut." in main_text(
        blocked
    )


def test_rate_limit_failed_logins_from_one_client_do_not_lock_out_another():
    """A stranger's wrong passwords must not lock the organiser out of their own login."""
    UserFactory(email="organisation@land.example")
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    organiser = Client(REMOTE_ADDR="198.51.100.4")

    attempts = [fail_login(stranger, "organisation@land.example") for _ in range(6)]
    response = organiser.post(
        "/konto/login/", {"login": "organisation@land.example", "password": PASSWORD}
    )

    assert "Zu viele fehlgeschlagene Anmeldeversuche." in main_text(attempts[5])
    assert response.status_code == 302
    assert response.url == "/"
    assert "_auth_user_id" in organiser.session


def test_rate_limit_counts_an_ipv6_client_by_its_network():
    """Addresses of one /64 are one client: hopping inside it does not reset the count."""
    UserFactory(email="kaemmerei@soest.example")
    hops = [Client(REMOTE_ADDR=f"2001:db8:1:2::{n}") for n in range(1, 7)]

    texts = [main_text(fail_login(hop)) for hop in hops]

    assert "Zu viele fehlgeschlagene Anmeldeversuche." in texts[5]
