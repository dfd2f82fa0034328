"""Every calendar file the site serves or mails, read by Mozilla's ical.js (Thunderbird).

A summer and a winter event of 2027 in Europe/Berlin must come out at the same UTC instants
as Python computes them: ical.js reads only the first date of a multi-date RDATE line, so a
VTIMEZONE written that way puts winter events an hour early in Thunderbird. Titles and
descriptions carry & < > and quotes, which must arrive as typed, not as HTML entities.
"""

import datetime
import zoneinfo

import pytest
from django.core import mail

from conferences.enums import EventFormat
from registrations.models import CalendarFeed, Registration
from sessions.models import Speaker
from tests.factories.conferences import EventFactory
from tests.factories.core import UserFactory
from tests.factories.registrations import RegistrationFactory, RegistrationSettingsFactory
from tests.factories.sessions import SessionFactory, SessionSpeakerFactory, SpeakerFactory
from tests.mailing.mailers import ANYMAIL_TEST_BACKEND, IMMEDIATE_TASKS, use_mailer

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
TITLE = 'Bund & Länder <NRW> "digital"'
SUMMER = ("2027-06-17T08:00:00Z", "2027-06-17T14:00:00Z")  # 10:00-16:00 CEST
WINTER = ("2027-12-09T09:00:00Z", "2027-12-09T15:00:00Z")  # 10:00-16:00 CET
SUMMER_SESSION = ("2027-06-17T08:15:00Z", "2027-06-17T09:30:00Z")
WINTER_SESSION = ("2027-12-09T10:00:00Z", "2027-12-09T11:00:00Z")


def berlin(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def events():
    """A summer and a winter event with one session each, shared by one speaker."""
    summer = EventFactory(
        title=f"Sommer: {TITLE}",
        slug="sommer",
        format=EventFormat.IN_PERSON,
        venue_name="Stadthalle",
        venue_city="Soest",
        starts_at=berlin(2027, 6, 17, 10),
        ends_at=berlin(2027, 6, 17, 16),
        summary="Kurz & knapp",
        description="<p>Bund &amp; Länder &lt;NRW&gt; &quot;digital&quot; 'vor Ort'</p>",
    )
    winter = EventFactory(
        title=f"Winter: {TITLE}",
        slug="winter",
        team=summer.team,
        starts_at=berlin(2027, 12, 9, 10),
        ends_at=berlin(2027, 12, 9, 16),
    )
    speaker = SpeakerFactory(team=summer.team, slug="mara", first_name="Mara", last_name="M.")
    for event, start, end in [
        (summer, berlin(2027, 6, 17, 10, 15), berlin(2027, 6, 17, 11, 30)),
        (winter, berlin(2027, 12, 9, 11), berlin(2027, 12, 9, 12)),
    ]:
        session = SessionFactory(
            event=event,
            title=f"Panel: {TITLE}",
            slug="panel",
            starts_at=start,
            ends_at=end,
            abstract='Fragen & Antworten <live> "offen"',
        )
        SessionSpeakerFactory(session=session, speaker=speaker)
    return summer, winter


def times(items: list[dict]) -> list[tuple[str, str]]:
    return [(item["start"], item["end"]) for item in items]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/veranstaltungen/sommer.ics", [SUMMER]),
        ("/veranstaltungen/winter.ics", [WINTER]),
        ("/veranstaltungen/sommer.ics?programm=1", [SUMMER, SUMMER_SESSION]),
        ("/veranstaltungen/winter.ics?programm=1", [WINTER, WINTER_SESSION]),
        ("/veranstaltungen/sommer/programm/panel.ics", [SUMMER_SESSION]),
        ("/veranstaltungen/winter/programm/panel.ics", [WINTER_SESSION]),
        ("/referierende/mara.ics", [SUMMER_SESSION, WINTER_SESSION]),
        ("/kalender/veranstaltungen.ics", [SUMMER, WINTER]),
    ],
)
def test_public_calendar_file_gives_ical_js_the_utc_instants(
    client, ical_js, events, path, expected
):
    response = client.get(path)

    assert response.status_code == 200
    assert sorted(times(ical_js(response.content))) == sorted(expected)


@pytest.mark.parametrize(
    "path", ["/kalender/veranstaltungen.ics", "/referierende/mara.ics", "feed"]
)
def test_calendar_spanning_2020_to_2027_gives_ical_js_the_utc_instants(
    client, ical_js, events, path
):
    """Like the demo, from 2020 to 2027: icalendar's VTIMEZONE then lists several changes on
    one RDATE line, of which ical.js read only the first."""
    summer, _winter = events
    earlier = EventFactory(
        slug="2020",
        team=summer.team,
        starts_at=berlin(2020, 6, 19, 10),
        ends_at=berlin(2020, 6, 19, 13),
    )
    session = SessionFactory(
        event=earlier, starts_at=berlin(2020, 6, 19, 10), ends_at=berlin(2020, 6, 19, 11)
    )
    SessionSpeakerFactory(session=session, speaker=Speaker.objects.get(slug="mara"))
    user = UserFactory()
    for event in [earlier, *events]:
        RegistrationFactory(user=user, email=user.email, event=event)
    client.force_login(user)
    client.post("/meine-anmeldungen/kalender-abo/")
    if path == "feed":
        path = f"/kalender/anmeldungen/{CalendarFeed.objects.get(user=user).token}.ics"

    response = client.get(path)

    expected = {
        "/referierende/mara.ics": [
            ("2020-06-19T08:00:00Z", "2020-06-19T09:00:00Z"),
            SUMMER_SESSION,
            WINTER_SESSION,
        ]
    }.get(path, [("2020-06-19T08:00:00Z", "2020-06-19T11:00:00Z"), SUMMER, WINTER])
    assert sorted(times(ical_js(response.content))) == expected


def test_registration_calendar_and_personal_feed_give_ical_js_the_utc_instants(
    client, ical_js, events
):
    user = UserFactory()
    registrations = [RegistrationFactory(user=user, email=user.email, event=e) for e in events]
    client.force_login(user)
    client.post("/meine-anmeldungen/kalender-abo/")
    feed = CalendarFeed.objects.get(user=user)
    client.logout()

    downloads = [
        ical_js(client.get(f"/anmeldungen/{r.management_token}/kalender.ics").content)
        for r in registrations
    ]
    personal = ical_js(client.get(f"/kalender/anmeldungen/{feed.token}.ics").content)

    assert [times(items) for items in downloads] == [[SUMMER], [WINTER]]
    assert sorted(times(personal)) == [SUMMER, WINTER]


def test_invitation_mail_gives_ical_js_the_utc_instant_of_a_winter_event(
    client, settings, ical_js, events, django_capture_on_commit_callbacks
):
    use_mailer(settings, ANYMAIL_TEST_BACKEND)
    settings.TASKS = {"default": {"BACKEND": IMMEDIATE_TASKS}}
    settings.REGISTRATIONS_RATE_LIMITS = {"registration_ip": None, "registration_email": None}
    mail.outbox = []
    _summer, winter = events
    RegistrationSettingsFactory(event=winter)
    user = UserFactory(email="erika@soest.example", first_name="Erika", last_name="Muster")
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/veranstaltungen/winter/anmeldung/",
            {
                "first_name": "Erika",
                "last_name": "Muster",
                "email": user.email,
                "privacy_accepted": "on",
                "recording_acknowledged": "on",
            },
        )

    assert response.status_code == 302, response.content.decode()
    assert Registration.objects.filter(event=winter).count() == 1
    (message,) = mail.outbox
    (ics,) = [content for name, content, _type in message.attachments if name.endswith(".ics")]
    (item,) = ical_js(ics if isinstance(ics, bytes) else ics.encode())
    assert (item["start"], item["end"]) == WINTER
    assert item["summary"] == f"Winter: {TITLE}"


def test_calendar_text_keeps_ampersands_brackets_and_quotes(client, ical_js, events):
    response = client.get("/veranstaltungen/sommer.ics?programm=1")

    event, session = ical_js(response.content)
    assert event["summary"] == 'Sommer: Bund & Länder <NRW> "digital"'
    assert event["description"] == (
        "Kurz & knapp\n\n"
        "Bund & Länder <NRW> \"digital\" 'vor Ort'\n\n"
        "http://127.0.0.1:8000/veranstaltungen/sommer/"
    )
    assert session["summary"] == 'Panel: Bund & Länder <NRW> "digital"'
    assert 'Fragen & Antworten <live> "offen"' in session["description"]
    assert "&amp;" not in response.content.decode()
