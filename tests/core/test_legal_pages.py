import pytest

from core.models import LegalPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "heading", "phrase"),
    [
        ("/seite/impressum/", "Impressum", "Angaben gemäß § 5 DDG"),
        ("/seite/datenschutz/", "Datenschutz", "nur technisch notwendige Cookies"),
        ("/seite/barrierefreiheit/", "Erklärung zur Barrierefreiheit", "Feedback und Kontakt"),
    ],
)
def test_legal_page_exists_from_the_start(client, path, heading, phrase):
    response = client.get(path)
    assert response.status_code == 200
    assert f'<h1 class="kern-heading-large">{heading}</h1>' in response.text
    assert phrase in response.text


def test_accessibility_statement_names_a_feedback_contact(client):
    response = client.get("/seite/barrierefreiheit/")
    assert 'href="mailto:barrierefreiheit@kommunalforum.example"' in response.text


def test_legal_page_shows_the_english_text_under_en(client):
    response = client.get("/en/seite/datenschutz/")
    assert "only technically necessary cookies" in response.text


def test_legal_page_edit_by_staff_shows_without_deploy(client):
    page = LegalPage.objects.get(kind="impressum")
    page.body_de = "Ministerium für Digitales\nDüsseldorf"
    page.save()
    response = client.get("/seite/impressum/")
    assert '<p class="kern-body">Ministerium für Digitales<br>Düsseldorf</p>' in response.text


def test_legal_page_unknown_kind_is_404(client):
    assert client.get("/seite/agb/").status_code == 404


def test_footer_links_every_legal_page(client):
    html = client.get("/").text
    for path in ("/seite/impressum/", "/seite/datenschutz/", "/seite/barrierefreiheit/"):
        assert f'href="{path}"' in html
