import re

import pytest
from django.urls import reverse

from directory.enums import OrganisationType
from directory.models import Municipality, Profile
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

SOEST_OPTION = (
    '<li role="option" class="kf-picker__option" id="municipality-option-{pk}" '
    'data-value="{pk}" data-label="Soest (Kreis Soest)" aria-selected="false">'
    '<span class="kf-picker__name">Soest</span> '
    '<span class="kf-picker__meta">Kreis Soest, PLZ 59494, AGS 05974040</span></li>'
)


def option_labels(html: str) -> list[str]:
    return re.findall(r'data-label="([^"]+)"', html)


@pytest.mark.parametrize("term", ["Soest", "59494", "05974040"])
def test_municipality_search_answers_with_the_soest_option(client, reference_data, term):
    soest = Municipality.objects.get(ags="05974040")

    response = client.get(reverse("directory:municipality_search"), {"q": term})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.text.strip() == SOEST_OPTION.format(pk=soest.pk)


def test_municipality_search_url_is_german_at_the_root(client):
    assert reverse("directory:municipality_search") == "/kommunen/suche/"


def test_municipality_search_lists_best_matches_first(client, reference_data):
    response = client.get("/kommunen/suche/", {"q": "hamm"})

    assert option_labels(response.text) == ["Hamm (kreisfreie Stadt)", "Hamminkeln (Kreis Wesel)"]


def test_municipality_search_answers_at_most_ten_options(client, reference_data):
    response = client.get("/kommunen/suche/", {"q": "a"})

    assert len(option_labels(response.text)) == 10


def test_municipality_search_cuts_the_term_at_hundred_characters(client, reference_data):
    response = client.get("/kommunen/suche/", {"q": "Soest" + " " * 95 + "ignored"})

    assert option_labels(response.text) == ["Soest (Kreis Soest)"]


@pytest.mark.parametrize("query", [{}, {"q": ""}, {"q": "Atlantis"}])
def test_municipality_search_answers_empty_without_a_match(client, reference_data, query):
    response = client.get("/kommunen/suche/", query)

    assert (response.status_code, response.text.strip()) == (200, "")


def test_municipality_search_refuses_post(client, reference_data):
    assert client.post("/kommunen/suche/", {"q": "Soest"}).status_code == 405


def test_profile_requires_login(client):
    response = client.get("/profil/")

    assert (response.status_code, response["Location"]) == (302, "/konto/login/?next=/profil/")


def test_profile_shows_the_form_with_the_picker(client, reference_data):
    client.force_login(UserFactory(first_name="Jana", last_name="Berg", password=None))

    response = client.get("/profil/")

    html = response.text
    assert response.status_code == 200
    assert '<h1 class="kern-heading-large">Mein Profil</h1>' in html
    assert 'value="Jana"' in html and 'value="Berg"' in html
    assert 'data-search-url="/kommunen/suche/"' in html
    assert '<optgroup label="Kreisfreie Städte">' in html
    assert '<optgroup label="Kreis Soest">' in html
    assert html.count('<optgroup label="') == 32
    assert '<script src="/static/js/municipality-picker.js" defer></script>' in html
    assert not Profile.objects.exists(), "Reading the page must not create a profile."


def test_profile_saves_and_says_so(client, reference_data):
    user = UserFactory(password=None)
    client.force_login(user)
    soest = Municipality.objects.get(ags="05974040")

    response = client.post(
        "/profil/",
        {
            "first_name": "Jana",
            "last_name": "Berg",
            "academic_title": "Dr.",
            "function": "Digitalisierungsbeauftragte",
            "organisation_type": OrganisationType.MUNICIPALITY,
            "organisation_name": "Stadt Soest",
            "municipality": soest.pk,
            "district": "",
        },
        follow=True,
    )

    assert response.redirect_chain == [("/profil/", 302)]
    assert "Ihr Profil ist gespeichert." in response.text
    assert f'<option value="{soest.pk}" selected>Soest (Kreis Soest)</option>' in response.text
    profile = Profile.objects.select_related("user").get(user=user)
    assert (
        profile.user.get_full_name(),
        profile.academic_title,
        profile.function,
        profile.organisation_type,
        profile.organisation_name,
        profile.municipality,
        profile.district,
    ) == (
        "Jana Berg",
        "Dr.",
        "Digitalisierungsbeauftragte",
        "municipality",
        "Stadt Soest",
        soest,
        None,
    )


def test_profile_explains_a_missing_municipality(client, reference_data):
    client.force_login(UserFactory(password=None))

    response = client.post(
        "/profil/",
        {"first_name": "Jana", "last_name": "Berg", "organisation_type": "municipality"},
    )

    assert response.status_code == 200
    assert (
        '<p class="kern-error" id="id_municipality_error" role="alert">'
        "Bitte wählen Sie die Kommune aus, für die Sie arbeiten.</p>"
    ) in response.text
    assert 'aria-invalid="true"' in response.text
    assert not Profile.objects.exists()


def test_profile_works_in_english_under_en(client, reference_data):
    client.force_login(UserFactory(password=None))

    response = client.get("/en/profil/")

    assert response.status_code == 200
    assert '<html lang="en"' in response.text
    assert 'data-search-url="/en/kommunen/suche/"' in response.text


def test_about_data_shows_sources_counts_and_licence(client, reference_data):
    response = client.get(reverse("directory:about_data"))

    html = response.text
    assert response.status_code == 200
    assert "<title>Über die Daten – Kommunalforum</title>" in html
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)</dd>', html))
    assert counts == {
        "regions": "5",
        "kreise": "31",
        "city_districts": "22",
        "districts": "53",
        "municipalities": "396",
        "model_regions": "5",
    }
    assert (
        '<a class="kern-link" href="https://www.govdata.de/dl-de/by-2-0" lang="de">'
        "Datenlizenz Deutschland – Namensnennung – Version 2.0</a> (dl-de/by-2-0)"
    ) in html
    assert (
        "Datenquelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV-ISys, "
        "Gebietsstand 30.11.2023 (Bevölkerung 31.12.2022); Koordinaten: GV-ISys AuszugGV; "
        "Daten verändert."
    ) in html
    assert (
        "<strong>Modellregion Soest</strong>: federführend: Soest; Partner: Iserlohn, Lippstadt"
        in html
    )


def test_about_data_counts_zero_before_loading(client):
    response = client.get("/ueber-die-daten/")

    assert (
        dict(re.findall(r'data-count="(\w+)">(\d+)</dd>', response.text))["municipalities"] == "0"
    )


def test_about_data_needs_a_fixed_number_of_queries(
    client, reference_data, django_assert_num_queries
):
    # regions, district types, municipalities, model regions with leads, their members
    with django_assert_num_queries(5):
        client.get("/ueber-die-daten/")
