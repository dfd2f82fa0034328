"""403, 404 and 500 answer in the site's layout, in German and English, with navigation."""

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path
from django.utils import translation

import config.urls
from tests.accounts.reading import headings, main_text, parse
from tests.factories.core import UserFactory


def broken_view(request):
    raise RuntimeError("Eine Seite, die immer scheitert.")


urlpatterns = [
    *i18n_patterns(path("kaputt/", broken_view), prefix_default_language=False),
    *config.urls.urlpatterns,
]


def nav_links(response) -> list[str]:
    """Return the addresses linked from the page's main navigation and footer."""
    return [attrs["href"] for tag, attrs in parse(response).tags if tag == "a"]


@pytest.mark.django_db
def test_error_page_403_for_an_attendee_in_the_organiser_area_is_german_in_the_layout(client):
    client.force_login(UserFactory())

    response = client.get("/veranstalten/")

    assert response.status_code == 403
    assert '<html lang="de"' in response.content.decode()
    assert headings(response) == ["Kein Zugriff"]
    assert (
        "Wenn Sie meinen, dass Sie Zugriff haben sollten, wenden Sie sich bitte an das Team "
        "der Veranstaltung." in main_text(response)
    )
    assert {"/", "/veranstaltungen/", "/veranstaltungen/archiv/"} <= set(nav_links(response))


@pytest.mark.django_db
def test_error_page_403_in_english(client):
    client.force_login(UserFactory())

    response = client.get("/en/veranstalten/")

    assert response.status_code == 403
    assert '<html lang="en"' in response.content.decode()
    assert headings(response) == ["No access"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "language", "heading"),
    [
        ("/gibt-es-nicht/", "de", "Seite nicht gefunden"),
        ("/en/gibt-es-nicht/", "en", "Page not found"),
    ],
)
def test_error_page_404_in_the_layout(client, address, language, heading):
    response = client.get(address)

    assert response.status_code == 404
    assert f'<html lang="{language}"' in response.content.decode()
    assert headings(response) == [heading]
    assert ("main", {"id": "main", "class": "kern-container kf-main", "tabindex": "-1"}) in parse(
        response
    ).tags


@pytest.mark.django_db
@pytest.mark.urls("tests.core.test_error_pages")
@pytest.mark.parametrize(
    ("address", "language", "heading", "home"),
    [
        ("/kaputt/", "de", "Ein Fehler ist aufgetreten", "/"),
        ("/en/kaputt/", "en", "An error occurred", "/en/"),
    ],
)
def test_error_page_500_in_the_layout(address, language, heading, home):
    client = Client(raise_request_exception=False)

    response = client.get(address)

    assert response.status_code == 500
    assert f'<html lang="{language}"' in response.content.decode()
    assert headings(response) == [heading]
    assert home in nav_links(response)
    assert any(link.endswith("veranstaltungen/") for link in nav_links(response))


def test_error_page_500_renders_without_database_or_request():
    """No ``django_db`` mark: any query while rendering would fail this test."""
    with translation.override("en"):
        html = render_to_string("500.html")

    assert '<html lang="en"' in html
    assert '<h1 class="kern-heading-large">An error occurred</h1>' in html
    assert 'href="/en/seite/impressum/"' in html
    assert 'lang="de" href="/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "language", "heading"),
    [("", "de", "Formular abgelaufen"), ("/en", "en", "Form expired")],
)
def test_error_page_403_csrf_in_the_layout(prefix, language, heading):
    client = Client(enforce_csrf_checks=True)

    response = client.post(f"{prefix}/konto/login/", {"login": "a@b.example", "password": "x"})

    assert response.status_code == 403
    assert f'<html lang="{language}"' in response.content.decode()
    assert headings(response) == [heading]
