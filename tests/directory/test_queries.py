import pytest

from directory.queries import reference_data_summary, search_municipalities

pytestmark = pytest.mark.django_db


def labels(term: str, **kwargs) -> list[str]:
    return [municipality.label for municipality in search_municipalities(term, **kwargs)]


@pytest.mark.parametrize("term", ["Soest", "soest", "SOEST", " Soest ", "59494", "05974040"])
def test_search_municipalities_finds_soest_by_name_postal_code_and_ags(reference_data, term):
    assert labels(term) == ["Soest (Kreis Soest)"]


@pytest.mark.parametrize("term", ["mülheim", "Muelheim", "MÜLHEIM", "mu\u0308lheim"])
def test_search_municipalities_ignores_case_and_umlaut_spelling(reference_data, term):
    assert labels(term) == ["Mülheim an der Ruhr (kreisfreie Stadt)"]


def test_search_municipalities_ranks_exact_before_prefix(reference_data):
    assert labels("Hamm") == ["Hamm (kreisfreie Stadt)", "Hamminkeln (Kreis Wesel)"]


def test_search_municipalities_ranks_word_start_before_substring(reference_data):
    # Mönchengladbach is larger, but "Gladbach" starts a word only in Bergisch Gladbach.
    assert labels("gladbach") == [
        "Bergisch Gladbach (Rheinisch-Bergischer Kreis)",
        "Mönchengladbach (kreisfreie Stadt)",
    ]


def test_search_municipalities_ranks_larger_places_first_among_equals(reference_data):
    assert labels("ruhr") == [
        "Mülheim an der Ruhr (kreisfreie Stadt)",
        "Wetter (Ruhr) (Ennepe-Ruhr-Kreis)",
        "Fröndenberg/Ruhr (Kreis Unna)",
        "Wickede (Ruhr) (Kreis Soest)",
    ]


def test_search_municipalities_matches_postal_code_prefix(reference_data):
    assert labels("5949") == ["Soest (Kreis Soest)"]


def test_search_municipalities_matches_district_key_prefix_of_the_ags(reference_data):
    found = search_municipalities("05974")

    assert len(found) == 10
    assert {municipality.district.name for municipality in found} == {"Kreis Soest"}
    assert found[0].name == "Lippstadt"


def test_search_municipalities_returns_at_most_ten(reference_data):
    assert len(search_municipalities("a")) == 10
    assert len(search_municipalities("a", limit=3)) == 3
    assert len(search_municipalities("a", limit=500)) == 10


@pytest.mark.parametrize("term", ["", "   ", "–", "Atlantis"])
def test_search_municipalities_finds_nothing_for_empty_or_unknown_terms(reference_data, term):
    assert search_municipalities(term) == []


def test_search_municipalities_reads_only_the_first_hundred_characters(reference_data):
    assert labels("Soest" + " " * 95 + "xyz") == ["Soest (Kreis Soest)"]


def test_search_municipalities_needs_one_query(reference_data, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = search_municipalities("bad")
        regions = {municipality.region.name for municipality in found}
        districts = {municipality.district.name for municipality in found}

    assert len(found) == 10
    assert regions == {"Arnsberg", "Detmold", "Köln"}
    assert "Kreis Soest" in districts


def test_reference_data_summary_counts_the_loaded_data(reference_data):
    summary = reference_data_summary()

    assert {key: value for key, value in summary.items() if key != "model_regions"} == {
        "regions": 5,
        "districts": 53,
        "kreise": 31,
        "city_districts": 22,
        "municipalities": 396,
    }
    assert [region.slug for region in summary["model_regions"]] == [
        "aachen",
        "gelsenkirchen",
        "paderborn",
        "soest",
        "wuppertal",
    ]
