"""Home page, event list with filters, archive: what the public finds."""

import datetime
import re
import zoneinfo

import pytest

from conferences.enums import EventFormat, EventKind, EventStatus
from tests.factories.conferences import EventFactory, SeriesFactory, TopicFactory
from tests.factories.directory import DistrictFactory, MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def titles(response) -> list[str]:
    """The event titles on a list page, in page order."""
    return re.findall(
        r'class="kern-link kern-link--stretched" href="[^"]+">([^<]+)</a>', response.text
    )


def test_home_lists_upcoming_public_events_with_their_facts(client):
    series = SeriesFactory(name="Fachkonferenz Digitalisierung")
    EventFactory(
        title="Digitalisierung der Kommunen",
        series=series,
        series_number=2,
        starts_at=at(2031, 6, 20, 10),
        ends_at=at(2031, 6, 20, 13),
    )
    EventFactory(
        title="Transfer Soest",
        kind=EventKind.TRANSFER,
        format=EventFormat.IN_PERSON,
        venue_city="Soest",
        starts_at=at(2031, 9, 12, 9),
        ends_at=at(2031, 9, 12, 16),
    )
    EventFactory(title="Entwurf", status=EventStatus.DRAFT)
    EventFactory(title="Vorbei", starts_at=at(2020, 6, 19), ends_at=at(2020, 6, 19, 13))

    response = client.get("/")

    assert response.status_code == 200
    assert titles(response) == ["Digitalisierung der Kommunen", "Transfer Soest"]
    assert "2. Fachkonferenz Digitalisierung" in response.text
    assert "Freitag, 20. Juni 2031, 10:00–13:00 Uhr" in response.text
    assert "<dt>Format</dt><dd>online</dd>" in response.text
    assert "<dt>Art</dt><dd>Transferveranstaltung</dd>" in response.text
    assert "<dt>Ort</dt><dd>Soest</dd>" in response.text
    assert 'href="/veranstaltungen/"' in response.text
    assert 'href="/veranstaltungen/archiv/"' in response.text


def test_home_shows_times_in_the_event_time_zone_across_midnight(client):
    EventFactory(
        title="Zwei Tage",
        starts_at=at(2031, 6, 19, 18),
        ends_at=at(2031, 6, 20, 12, 30),
    )

    response = client.get("/")

    assert "Donnerstag, 19. Juni 2031, 18:00 Uhr bis Freitag, 20. Juni 2031, 12:30 Uhr" in (
        response.text
    )


def test_event_list_hides_drafts_and_marks_cancelled_events(client):
    EventFactory(title="Öffentlich", starts_at=at(2031, 6, 20))
    EventFactory(title="Abgesagt", status=EventStatus.CANCELLED, starts_at=at(2031, 6, 21))
    EventFactory(title="Entwurf", status=EventStatus.DRAFT)
    EventFactory(
        title="Nie veröffentlicht und abgesagt", status=EventStatus.CANCELLED, published_at=None
    )

    response = client.get("/veranstaltungen/")

    assert titles(response) == ["Öffentlich", "Abgesagt"]
    assert response.text.count('<span class="kern-label">abgesagt</span>') == 1
    assert "2 Veranstaltungen gefunden" in response.text


def test_event_list_filters_by_kind_and_format(client):
    EventFactory(title="Konferenz online", starts_at=at(2031, 6, 20))
    EventFactory(
        title="Workshop vor Ort",
        kind=EventKind.WORKSHOP,
        format=EventFormat.IN_PERSON,
        starts_at=at(2031, 6, 21),
    )
    EventFactory(title="Workshop online", kind=EventKind.WORKSHOP, starts_at=at(2031, 6, 22))

    by_kind = client.get("/veranstaltungen/", {"kind": "workshop"})
    by_both = client.get("/veranstaltungen/", {"kind": "workshop", "format": "in_person"})

    assert titles(by_kind) == ["Workshop vor Ort", "Workshop online"]
    assert titles(by_both) == ["Workshop vor Ort"]
    assert "1 Veranstaltung gefunden" in by_both.text
    assert "<title>Veranstaltungen (1 Treffer) – Kommunalforum</title>" in by_both.text


def test_event_list_filters_by_topic(client):
    mobility = TopicFactory(name="Smart Mobility", slug="smart-mobility")
    health = TopicFactory(name="Smart Health", slug="smart-health")
    EventFactory(title="Verkehr", starts_at=at(2031, 6, 20)).topics.add(mobility)
    EventFactory(title="Gesundheit", starts_at=at(2031, 6, 21)).topics.add(health, mobility)
    EventFactory(title="Ohne Thema", starts_at=at(2031, 6, 22))

    response = client.get("/veranstaltungen/", {"topic": "smart-health"})

    assert titles(response) == ["Gesundheit"]


def test_event_list_filters_by_region_of_host_municipality_or_venue_city(client):
    arnsberg = RegionFactory(name="Arnsberg", slug="arnsberg")
    detmold = RegionFactory(name="Detmold", slug="detmold")
    soest = MunicipalityFactory(name="Soest", district=DistrictFactory(region=arnsberg))
    MunicipalityFactory(name="Paderborn", district=DistrictFactory(region=detmold))
    EventFactory(
        title="Workshop in Soest",
        kind=EventKind.WORKSHOP,
        host_municipality=soest,
        starts_at=at(2031, 6, 20),
    )
    EventFactory(
        title="Transfer in Soest",
        format=EventFormat.IN_PERSON,
        venue_city="Soest",
        starts_at=at(2031, 6, 21),
    )
    EventFactory(
        title="Transfer in Paderborn",
        format=EventFormat.IN_PERSON,
        venue_city="Paderborn",
        starts_at=at(2031, 6, 22),
    )

    arnsberg_events = client.get("/veranstaltungen/", {"region": "arnsberg"})
    detmold_events = client.get("/veranstaltungen/", {"region": "detmold"})

    assert titles(arnsberg_events) == ["Workshop in Soest", "Transfer in Soest"]
    assert titles(detmold_events) == ["Transfer in Paderborn"]


def test_event_list_date_range_keeps_events_overlapping_it(client):
    EventFactory(title="Vorher", starts_at=at(2031, 6, 10), ends_at=at(2031, 6, 10, 16))
    EventFactory(title="Über drei Tage", starts_at=at(2031, 6, 14), ends_at=at(2031, 6, 16, 16))
    EventFactory(title="Mittendrin", starts_at=at(2031, 6, 18), ends_at=at(2031, 6, 18, 16))
    EventFactory(title="Danach", starts_at=at(2031, 6, 21), ends_at=at(2031, 6, 21, 16))

    response = client.get(
        "/veranstaltungen/", {"date_from": "2031-06-15", "date_to": "2031-06-20"}
    )

    assert titles(response) == ["Über drei Tage", "Mittendrin"]


def test_event_list_reports_a_reversed_date_range(client):
    EventFactory(title="Irgendwann", starts_at=at(2031, 6, 10))

    response = client.get(
        "/veranstaltungen/", {"date_from": "2031-06-20", "date_to": "2031-06-15"}
    )

    assert "Das Enddatum muss am oder nach dem Anfangsdatum liegen." in response.text
    assert titles(response) == []


def test_event_list_ignores_unknown_filter_values_with_an_error(client):
    EventFactory(title="Konferenz", starts_at=at(2031, 6, 10))

    response = client.get("/veranstaltungen/", {"kind": "zirkus", "topic": "gibt-es-nicht"})

    assert response.status_code == 200
    assert titles(response) == ["Konferenz"]
    assert response.text.count('class="kern-error"') == 2


def test_event_list_form_is_an_accessible_fieldset_with_labels(client):
    response = client.get("/veranstaltungen/")

    assert '<legend class="kern-label">Veranstaltungen filtern</legend>' in response.text
    for field, label in [
        ("kind", "Art"),
        ("format", "Format"),
        ("topic", "Thema"),
        ("region", "Regierungsbezirk"),
        ("date_from", "von (Datum)"),
        ("date_to", "bis (Datum)"),
    ]:
        assert f'<label class="kern-label" for="id_{field}">{label}' in response.text


def test_event_list_pages_by_twenty_and_keeps_filters_in_page_links(client):
    for day in range(1, 23):
        EventFactory(
            title=f"Workshop {day:02d}", kind=EventKind.WORKSHOP, starts_at=at(2031, 7, day)
        )

    first = client.get("/veranstaltungen/", {"kind": "workshop"})
    second = client.get("/veranstaltungen/", {"kind": "workshop", "page": "2"})

    assert len(titles(first)) == 20
    assert "Seite 1 von 2" in first.text
    assert 'href="?kind=workshop&amp;page=2"' in first.text
    assert titles(second) == ["Workshop 21", "Workshop 22"]
    assert "22 Veranstaltungen gefunden" in second.text


def test_archive_lists_past_public_events_newest_first(client):
    EventFactory(title="2019", starts_at=at(2019, 6, 19), ends_at=at(2019, 6, 19, 13))
    EventFactory(title="2020", starts_at=at(2020, 6, 19), ends_at=at(2020, 6, 19, 13))
    EventFactory(
        title="2020 Entwurf",
        status=EventStatus.DRAFT,
        starts_at=at(2020, 6, 1),
        ends_at=at(2020, 6, 1, 13),
    )
    EventFactory(title="Kommend", starts_at=at(2031, 6, 20))

    archive = client.get("/veranstaltungen/archiv/")
    upcoming = client.get("/veranstaltungen/")

    assert titles(archive) == ["2020", "2019"]
    assert titles(upcoming) == ["Kommend"]
    assert '<h1 class="kern-heading-x-large">Archiv der Veranstaltungen</h1>' in archive.text


@pytest.mark.parametrize("url", ["/veranstaltungen/", "/veranstaltungen/archiv/", "/"])
def test_event_lists_run_the_same_number_of_queries_for_one_and_many_events(
    client, django_assert_max_num_queries, url
):
    def create(count: int, offset: int) -> None:
        past = url == "/veranstaltungen/archiv/"
        for index in range(count):
            day = at(2019 if past else 2031, 1 + (offset + index) % 12, 1 + index % 27)
            event = EventFactory(
                starts_at=day,
                ends_at=day + datetime.timedelta(hours=3),
                series=SeriesFactory(),
                series_number=index + 1,
            )
            event.topics.add(TopicFactory())

    create(1, 0)
    with django_assert_max_num_queries(12) as one:
        client.get(url, {"kind": "conference"})
    create(24, 1)
    with django_assert_max_num_queries(12) as many:
        client.get(url, {"kind": "conference"})

    assert len(many.captured_queries) == len(one.captured_queries)
