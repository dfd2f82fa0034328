"""Calendar files of sessions and speakers."""

import datetime
import zoneinfo

import icalendar
import pytest

from conferences.enums import EventStatus
from conferences.services import cancel_event
from sessions.enums import SpeakerRole
from tests.factories.conferences import EventFactory
from tests.factories.core import UserFactory
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


def vevents(response) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


@pytest.fixture
def panel():
    event = EventFactory(slug="fachkonferenz", starts_at=at(20, 10), ends_at=at(20, 13))
    session = SessionFactory(
        event=event,
        stage=StageFactory(event=event, name="Livestream"),
        title="Panel 1",
        slug="panel-1",
        starts_at=at(20, 10, 15),
        ends_at=at(20, 11, 30),
        abstract="Kleine Kommunen.",
    )
    SessionSpeakerFactory(
        session=session,
        speaker=SpeakerFactory(
            team=event.team, slug="mara", first_name="Mara", last_name="Moderatorin"
        ),
        role=SpeakerRole.MODERATOR,
        order=0,
    )
    SessionSpeakerFactory(
        session=session,
        speaker=SpeakerFactory(team=event.team, last_name="Geheim", consent_to_show=False),
        role=SpeakerRole.PANELIST,
        order=1,
    )
    return session


def test_session_ics_describes_the_session_without_unconsenting_names(client, panel):
    response = client.get("/veranstaltungen/fachkonferenz/programm/panel-1.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == ('attachment; filename="fachkonferenz-panel-1.ics"')
    (vevent,) = vevents(response)
    assert vevent["UID"] == f"session-{panel.pk}@kommunalforum"
    assert vevent["SUMMARY"] == "Panel 1"
    assert vevent.start == at(20, 10, 15)
    assert vevent["LOCATION"] == "Livestream, online"
    assert str(vevent["RELATED-TO"]) == panel.event.calendar_uid
    assert vevent["DESCRIPTION"] == (
        f"{panel.event.title}\n\nModeration: Mara Moderatorin; Podium: N. N.\n\n"
        "Kleine Kommunen.\n\n"
        "http://127.0.0.1:8000/veranstaltungen/fachkonferenz/programm/panel-1/"
    )
    assert b"Geheim" not in response.content


def test_session_ics_is_cancelled_with_its_event(client, panel):
    before = vevents(client.get("/veranstaltungen/fachkonferenz/programm/panel-1.ics"))[0]

    cancel_event(panel.event, actor=UserFactory())
    after = vevents(client.get("/veranstaltungen/fachkonferenz/programm/panel-1.ics"))[0]

    assert (before["STATUS"], after["STATUS"]) == ("CONFIRMED", "CANCELLED")
    assert after["SEQUENCE"] > before["SEQUENCE"]


def test_session_ics_answers_304_to_a_matching_etag(client, panel):
    url = "/veranstaltungen/fachkonferenz/programm/panel-1.ics"
    first = client.get(url)

    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_speaker_ics_lists_the_public_sessions_of_the_speaker(client, panel):
    mara = panel.speakers.get(slug="mara")
    later = SessionFactory(
        event=EventFactory(starts_at=at(27, 9)), title="Workshop", starts_at=at(27, 9)
    )
    SessionSpeakerFactory(session=later, speaker=mara, role=SpeakerRole.HOST)
    draft = SessionFactory(event=EventFactory(status=EventStatus.DRAFT, published_at=None))
    SessionSpeakerFactory(session=draft, speaker=mara, role=SpeakerRole.HOST)

    response = client.get("/referierende/mara.ics")

    assert response["Content-Disposition"] == 'attachment; filename="mara.ics"'
    assert [item["SUMMARY"] for item in vevents(response)] == ["Panel 1", "Workshop"]


def test_speaker_ics_without_consent_is_not_found(client, panel):
    hidden = panel.speakers.get(consent_to_show=False)

    assert client.get(f"/referierende/{hidden.slug}.ics").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/referierende/niemand.ics",
        "/veranstaltungen/fachkonferenz/programm/gibt-es-nicht.ics",
        "/veranstaltungen/gibt-es-nicht/programm/panel-1.ics",
    ],
)
def test_unknown_calendar_files_are_not_found(client, panel, url):
    assert client.get(url).status_code == 404


def test_programme_ics_holds_the_event_then_every_session_with_one_timezone(client, panel):
    SessionFactory(
        event=panel.event, title="Panel 2", starts_at=at(20, 11, 30), ends_at=at(20, 12, 30)
    )

    response = client.get("/veranstaltungen/fachkonferenz.ics?programm=1")

    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(v["SUMMARY"]) for v in calendar.walk("VEVENT")] == [
        panel.event.title,
        "Panel 1",
        "Panel 2",
    ]
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert response.content.endswith(b"END:VEVENT\r\nEND:VCALENDAR\r\n")


def test_programme_ics_shows_a_changed_session_and_a_changed_lineup_at_once(client, panel):
    url = "/veranstaltungen/fachkonferenz.ics?programm=1"
    client.get(url)  # fills the cache of serialised sessions

    panel.title = "Panel 1: Kleine Kommunen"
    panel.save()
    moderator = panel.speaker_roles.get(role=SpeakerRole.MODERATOR).speaker
    moderator.last_name = "Neumann"
    moderator.save()

    session = vevents(client.get(url))[1]
    assert str(session["SUMMARY"]) == "Panel 1: Kleine Kommunen"
    assert "Moderation: Mara Neumann" in str(session["DESCRIPTION"])
