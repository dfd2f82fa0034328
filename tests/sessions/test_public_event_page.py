"""The public event page: header, programme by day and stage, lineups, consent, JSON-LD."""

import datetime
import json
import re
import zoneinfo

import pytest
from django.core.cache import cache
from django.utils.text import slugify

from conferences.enums import EventFormat, EventStatus
from sessions.enums import SessionKind, SessionStatus, SpeakerRole
from sessions.fragments import EventFragment, register_event_fragment, unregister_event_fragment
from tests.factories.conferences import EventFactory, SeriesFactory, TopicFactory
from tests.factories.sessions import (
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2031, 6, day, hour, minute, tzinfo=BERLIN)


def jsonld(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', response.text, re.S
    )
    assert match, "no JSON-LD script on the page"
    return json.loads(match.group(1))


@pytest.fixture
def conference():
    """The 2nd Fachkonferenz: welcome, a panel with a moderator and three panelists
    (one without consent), on one day and one stage."""
    event = EventFactory(
        title="Digitalisierung der Kommunen in NRW",
        slug="fachkonferenz-2031",
        series=SeriesFactory(name="Fachkonferenz"),
        series_number=2,
        starts_at=at(20, 10),
        ends_at=at(20, 13),
        summary="Die zweite Fachkonferenz des Programms.",
        description='<p>Mit <strong>Ministerin</strong>.</p><script>alert("x")</script>',
        online_access_notes="Zugang: https://video.example/geheim",
        languages=["de", "dgs"],
    )
    event.topics.add(TopicFactory(name="E-Government", slug="e-government"))
    stage = StageFactory(event=event, name="Livestream")
    welcome = SessionFactory(
        event=event,
        stage=stage,
        kind=SessionKind.WELCOME,
        title="Begrüßung",
        slug="begruessung",
        starts_at=at(20, 10),
        ends_at=at(20, 10, 15),
    )
    panel = SessionFactory(
        event=event,
        stage=stage,
        kind=SessionKind.PANEL,
        title="Geht Digitalisierung auch in kleineren Kommunen?",
        slug="panel-1",
        starts_at=at(20, 10, 15),
        ends_at=at(20, 11, 30),
    )
    minister = SpeakerFactory(
        team=event.team, first_name="Andrea", last_name="Ministerin", slug="ministerin"
    )
    SessionSpeakerFactory(session=welcome, speaker=minister, role=SpeakerRole.WELCOME)
    people = [
        ("Mara", "Moderatorin", SpeakerRole.MODERATOR, True),
        ("Paul", "Podium", SpeakerRole.PANELIST, True),
        ("Geheim", "Ohnezustimmung", SpeakerRole.PANELIST, False),
        ("Bea", "Bürgermeisterin", SpeakerRole.PANELIST, True),
    ]
    for order, (first, last, role, consent) in enumerate(people):
        SessionSpeakerFactory(
            session=panel,
            speaker=SpeakerFactory(
                team=event.team,
                first_name=first,
                last_name=last,
                slug=slugify(last),
                consent_to_show=consent,
            ),
            role=role,
            order=order,
        )
    return event


def test_event_page_shows_header_facts(client, conference):
    response = client.get("/veranstaltungen/fachkonferenz-2031/")

    assert response.status_code == 200
    assert '<p class="kern-preline">2. Fachkonferenz</p>' in response.text
    assert '<h1 class="kern-heading-x-large">Digitalisierung der Kommunen in NRW</h1>' in (
        response.text
    )
    assert "Freitag, 20. Juni 2031, 10:00–13:00 Uhr" in response.text
    assert "Zeitzone: Europe/Berlin" in response.text
    assert "Deutsch, Deutsche Gebärdensprache" in response.text
    assert "E-Government" in response.text
    assert 'href="mailto:konferenz@land.example"' in response.text


def test_event_page_shows_the_panel_lineup_in_order_with_unconsenting_people_unnamed(
    client, conference
):
    response = client.get("/veranstaltungen/fachkonferenz-2031/")

    lineup = re.sub(r"<[^>]+>", "", response.text)
    assert (
        "Moderation: Mara Moderatorin; Podium: Paul Podium, N. N., Bea Bürgermeisterin" in lineup
    )
    assert "Ohnezustimmung" not in response.text
    assert "Geheim" not in response.text
    assert 'href="/referierende/ohnezustimmung/"' not in response.text


def test_event_page_lists_consenting_speakers_with_their_roles(client, conference):
    response = client.get("/veranstaltungen/fachkonferenz-2031/")

    speakers = response.text[response.text.index('id="speakers-heading"') :]
    names = re.findall(r'href="/referierende/[^"]+/">([^<]+)</a>', speakers)
    assert names == ["Bea Bürgermeisterin", "Andrea Ministerin", "Mara Moderatorin", "Paul Podium"]
    assert "Begrüßung: Begrüßung" in speakers
    assert "Moderation: Geht Digitalisierung auch in kleineren Kommunen?" in speakers


def test_event_page_groups_the_programme_by_day_and_stage(client):
    event = EventFactory(slug="zwei-tage", starts_at=at(20, 9), ends_at=at(21, 17))
    hall, room = (
        StageFactory(event=event, name="Saal", order=1),
        StageFactory(event=event, name="Raum 2", order=2),
    )
    SessionFactory(event=event, stage=room, title="Workshop B", starts_at=at(20, 11))
    SessionFactory(event=event, stage=hall, title="Keynote", starts_at=at(20, 9))
    SessionFactory(event=event, stage=hall, title="Workshop A", starts_at=at(20, 11))
    SessionFactory(event=event, stage=None, title="Mittagspause", starts_at=at(20, 12))
    SessionFactory(event=event, stage=hall, title="Abschluss", starts_at=at(21, 15))

    response = client.get("/veranstaltungen/zwei-tage/")

    programme = response.text[response.text.index('id="programme-heading"') :]
    order = re.findall(
        r'<h3[^>]*>([^<]+)</h3>|<h4[^>]*>([^<]+)</h4>|kf-session__title"><a[^>]*>([^<]+)</a>',
        programme,
    )
    assert ["".join(parts) for parts in order] == [
        "Freitag, 20. Juni 2031",
        "Mittagspause",
        "Saal",
        "Keynote",
        "Workshop A",
        "Raum 2",
        "Workshop B",
        "Samstag, 21. Juni 2031",
        "Saal",
        "Abschluss",
    ]
    assert "11:00–12:00 Uhr" in programme


def test_event_page_marks_cancelled_events_and_sessions(client):
    event = EventFactory(slug="abgesagt", status=EventStatus.CANCELLED)
    SessionFactory(event=event, title="Fällt aus", status=SessionStatus.CANCELLED)

    response = client.get("/veranstaltungen/abgesagt/")

    assert response.status_code == 200
    assert "abgesagt: Diese Veranstaltung findet nicht statt." in response.text
    assert response.text.count('<span class="kern-label">abgesagt</span>') == 1
    assert jsonld(response)["eventStatus"] == "https://schema.org/EventCancelled"


def test_event_page_cleans_the_description_and_hides_online_access(client, conference):
    response = client.get("/veranstaltungen/fachkonferenz-2031/")

    assert "<p>Mit <strong>Ministerin</strong>.</p>" in response.text
    assert 'alert("x")' not in response.text
    assert "video.example" not in response.text


@pytest.mark.parametrize(
    ("status", "published"), [(EventStatus.DRAFT, False), (EventStatus.CANCELLED, False)]
)
def test_event_page_of_an_unpublished_event_is_not_found(client, status, published):
    EventFactory(slug="intern", status=status, published_at=None)

    assert client.get("/veranstaltungen/intern/").status_code == 404


def test_event_page_of_an_unknown_slug_is_not_found(client):
    assert client.get("/veranstaltungen/gibt-es-nicht/").status_code == 404


def test_event_jsonld_describes_the_event_with_sessions_as_sub_events(client, conference):
    data = jsonld(client.get("/veranstaltungen/fachkonferenz-2031/"))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Digitalisierung der Kommunen in NRW"
    assert data["startDate"] == "2031-06-20T08:00:00+00:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == [
        {
            "@type": "VirtualLocation",
            "url": "http://127.0.0.1:8000/veranstaltungen/fachkonferenz-2031/",
        }
    ]
    assert data["organizer"]["@type"] == "Organization"
    assert data["organizer"]["name"] == conference.organisation.name
    assert data["inLanguage"] == ["de", "gsg"]
    assert len(data["subEvent"]) == 2
    panel = data["subEvent"][1]
    assert panel["name"] == "Geht Digitalisierung auch in kleineren Kommunen?"
    assert [p["name"] for p in panel["performer"]] == [
        "Mara Moderatorin",
        "Paul Podium",
        "Bea Bürgermeisterin",
    ]
    assert "Ohnezustimmung" not in json.dumps(data)


def test_event_jsonld_has_a_place_with_address_for_hybrid_events(client):
    EventFactory(
        slug="hybrid",
        format=EventFormat.HYBRID,
        venue_name="Stadthalle",
        venue_street="Markt 1",
        venue_postal_code="59494",
        venue_city="Soest",
    )

    data = jsonld(client.get("/veranstaltungen/hybrid/"))

    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["location"][0] == {
        "@type": "Place",
        "name": "Stadthalle",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Markt 1",
            "postalCode": "59494",
            "addressLocality": "Soest",
            "addressCountry": "DE",
        },
    }
    assert data["location"][1]["@type"] == "VirtualLocation"


def test_event_jsonld_cannot_be_closed_by_a_title(client):
    event = EventFactory(slug="boese", title="</script><script>alert(1)</script> & Co")

    response = client.get("/veranstaltungen/boese/")

    assert "</script><script>alert(1)" not in response.text
    assert jsonld(response)["name"] == event.title


def test_event_page_renders_registered_fragments_in_the_sidebar(client, conference):
    def archive_link(request, event):
        return EventFragment("conferences/public/_nav_items.html", {"nav_current": "archive"})

    register_event_fragment(archive_link)
    try:
        response = client.get("/veranstaltungen/fachkonferenz-2031/")
    finally:
        unregister_event_fragment(archive_link)

    aside = response.text[response.text.index('<aside class="kf-event-layout__aside"') :]
    assert 'href="/veranstaltungen/archiv/" aria-current="page">Archiv</a>' in aside
    assert response.context["event_fragments"] == [
        EventFragment("conferences/public/_nav_items.html", {"nav_current": "archive"})
    ]


@pytest.mark.parametrize("count", [3, 60])
def test_event_page_runs_a_constant_number_of_queries(client, django_assert_num_queries, count):
    event = EventFactory(slug="gross", starts_at=at(20, 8), ends_at=at(21, 20))
    stages = [StageFactory(event=event, order=i) for i in range(3)]
    event.topics.add(TopicFactory(), TopicFactory())
    for index in range(count):
        session = SessionFactory(
            event=event,
            stage=stages[index % 3],
            starts_at=at(20 + index // 40, 8) + datetime.timedelta(minutes=15 * (index % 40)),
            ends_at=at(20 + index // 40, 8) + datetime.timedelta(minutes=15 * (index % 40) + 15),
        )
        for order in range(2):
            SessionSpeakerFactory(
                session=session,
                speaker=SpeakerFactory(team=event.team, consent_to_show=order == 0),
                role=SpeakerRole.PANELIST,
                order=order,
            )

    cache.clear()
    # Rendering: the event with its topics, the programme's version, sessions, roles, the
    # registration box.
    with django_assert_num_queries(6):
        response = client.get("/veranstaltungen/gross/")
    # From the cache: the event with its topics, the version, the registration box.
    with django_assert_num_queries(4):
        cached = client.get("/veranstaltungen/gross/")

    assert len(jsonld(response)["subEvent"]) == count

    def programme(page):
        return page.text[page.text.index('<section id="programm"') : page.text.index("<aside")]

    assert programme(cached) == programme(response)
    assert jsonld(cached) == jsonld(response)
