"""Calendar files of events and the feed: parsed back with icalendar, conditional GET."""

import datetime
import time
import zoneinfo

import icalendar
import pytest

from conferences.enums import EventFormat, EventStatus
from conferences.services import cancel_event, update_event
from sessions.enums import SpeakerRole
from sessions.models import Session
from tests.factories.conferences import EventFactory
from tests.factories.core import UserFactory
from tests.factories.sessions import SessionFactory, SessionSpeakerFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2031, 6, day, hour, minute, tzinfo=BERLIN)


def parse(response) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(response.content)


def vevents(response) -> list[icalendar.Event]:
    return parse(response).walk("VEVENT")


@pytest.fixture
def event():
    return EventFactory(
        title="2. Fachkonferenz",
        slug="fachkonferenz",
        format=EventFormat.HYBRID,
        venue_name="Stadthalle",
        venue_street="Markt 1",
        venue_postal_code="59494",
        venue_city="Soest",
        starts_at=at(20, 10),
        ends_at=at(20, 13),
        summary="Digitalisierung der Kommunen",
        description="<p>Mit der <strong>Ministerin</strong>.</p><ul><li>Panel</li></ul>",
        contact_email="konferenz@land.example",
    )


def test_event_ics_is_a_calendar_file_with_the_event(client, event):
    response = client.get("/veranstaltungen/fachkonferenz.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="fachkonferenz.ics"'
    calendar = parse(response)
    assert calendar["PRODID"] == "-//Kommunalforum//Veranstaltungen//DE"
    assert "METHOD" not in calendar
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["UID"] == f"event-{event.pk}@kommunalforum"
    assert vevent["SUMMARY"] == "2. Fachkonferenz"
    assert vevent.start == at(20, 10)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.end == at(20, 13)
    assert vevent["SEQUENCE"] == 0
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["LOCATION"] == "Stadthalle, Markt 1, 59494 Soest / online"
    assert vevent["URL"] == "http://127.0.0.1:8000/veranstaltungen/fachkonferenz/"
    assert vevent["DESCRIPTION"] == (
        "Digitalisierung der Kommunen\n\nMit der Ministerin.\nPanel\n\n"
        "http://127.0.0.1:8000/veranstaltungen/fachkonferenz/"
    )
    assert str(vevent["ORGANIZER"]) == "mailto:konferenz@land.example"
    assert vevent["ORGANIZER"].params["CN"] == event.organisation.name
    changed = event.updated_at.replace(microsecond=0)
    assert (vevent["DTSTAMP"].dt, vevent["LAST-MODIFIED"].dt) == (changed, changed)


def test_event_ics_is_identical_across_requests(client, event):
    first = client.get("/veranstaltungen/fachkonferenz.ics")
    second = client.get("/veranstaltungen/fachkonferenz.ics")

    assert first.content == second.content
    assert first["ETag"] == second["ETag"]


def test_event_ics_sequence_rises_after_the_start_time_moves(client, event):
    before = vevents(client.get("/veranstaltungen/fachkonferenz.ics"))[0]

    update_event(
        event,
        actor=UserFactory(),
        changes={"starts_at": at(20, 11), "ends_at": at(20, 14)},
    )
    after = vevents(client.get("/veranstaltungen/fachkonferenz.ics"))[0]

    assert after["UID"] == before["UID"]
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.start == at(20, 11)


def test_event_ics_of_a_cancelled_event_is_cancelled(client, event):
    cancel_event(event, actor=UserFactory())

    (vevent,) = vevents(client.get("/veranstaltungen/fachkonferenz.ics"))

    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == 1


def test_event_ics_with_programme_adds_each_session_related_to_the_event(client, event):
    SessionFactory(event=event, title="Begrüßung", starts_at=at(20, 10), ends_at=at(20, 10, 15))
    SessionFactory(event=event, title="Panel", starts_at=at(20, 10, 15), ends_at=at(20, 11))

    response = client.get("/veranstaltungen/fachkonferenz.ics?programm=1")

    assert response["Content-Disposition"] == 'attachment; filename="fachkonferenz-programm.ics"'
    items = vevents(response)
    assert [item["SUMMARY"] for item in items] == ["2. Fachkonferenz", "Begrüßung", "Panel"]
    assert [str(item["RELATED-TO"]) for item in items[1:]] == [
        f"event-{event.pk}@kommunalforum"
    ] * 2


def test_event_ics_answers_304_to_a_matching_etag_and_200_after_a_change(client, event):
    first = client.get("/veranstaltungen/fachkonferenz.ics")

    unchanged = client.get("/veranstaltungen/fachkonferenz.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    update_event(event, actor=UserFactory(), changes={"title": "2. Fachkonferenz NRW"})
    changed = client.get("/veranstaltungen/fachkonferenz.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_event_ics_answers_304_when_not_modified_since(client, event):
    first = client.get("/veranstaltungen/fachkonferenz.ics")

    response = client.get(
        "/veranstaltungen/fachkonferenz.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )

    assert response.status_code == 304


@pytest.mark.parametrize(
    "url", ["/veranstaltungen/gibt-es-nicht.ics", "/veranstaltungen/entwurf.ics"]
)
def test_event_ics_of_unknown_or_draft_events_is_not_found(client, url):
    EventFactory(slug="entwurf", status=EventStatus.DRAFT, published_at=None)

    assert client.get(url).status_code == 404


def test_events_feed_lists_public_events_only(client, event):
    cancelled = EventFactory(title="Abgesagt", status=EventStatus.CANCELLED, starts_at=at(27, 9))
    EventFactory(title="Entwurf", status=EventStatus.DRAFT, published_at=None)

    response = client.get("/kalender/veranstaltungen.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        'inline; filename="kommunalforum-veranstaltungen.ics"'
    )
    calendar = parse(response)
    assert calendar["X-WR-CALNAME"] == "Kommunalforum – Veranstaltungen"
    assert [(item["SUMMARY"], item["STATUS"]) for item in calendar.walk("VEVENT")] == [
        ("2. Fachkonferenz", "CONFIRMED"),
        ("Abgesagt", "CANCELLED"),
    ]
    assert calendar.walk("VEVENT")[1]["UID"] == cancelled.calendar_uid


def test_events_feed_answers_304_until_an_event_changes(client, event):
    first = client.get("/kalender/veranstaltungen.ics")

    unchanged = client.get("/kalender/veranstaltungen.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    EventFactory(title="Neu")
    changed = client.get("/kalender/veranstaltungen.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert unchanged.status_code == 304
    assert changed.status_code == 200
    assert len(vevents(changed)) == 2


def test_event_ics_with_500_sessions_renders_well_under_a_second(client, event):
    event.ends_at = at(22, 20)
    event.save()
    Session.objects.bulk_create(
        Session(
            event=event,
            kind="talk",
            title=f"Programmpunkt {index}",
            slug=f"punkt-{index}",
            starts_at=at(20, 8) + datetime.timedelta(minutes=5 * index),
            ends_at=at(20, 8) + datetime.timedelta(minutes=5 * index + 30),
            abstract="Worum es geht. " * 20,
        )
        for index in range(500)
    )
    for session in Session.objects.filter(event=event)[:100]:
        SessionSpeakerFactory(
            session=session, speaker=SpeakerFactory(team=event.team), role=SpeakerRole.PRESENTER
        )
    client.get("/veranstaltungen/fachkonferenz.ics?programm=1")  # warm up imports and caches

    # CPU time of this process, best of three: the rendering, not other processes that
    # share the machine (SQLite runs in this process, so its work counts too).
    timings = []
    for _ in range(3):
        started = time.process_time()
        response = client.get("/veranstaltungen/fachkonferenz.ics?programm=1")
        timings.append(time.process_time() - started)

    assert len(vevents(response)) == 501
    assert min(timings) < 1.0
