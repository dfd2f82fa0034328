"""Session and speaker pages: what they show, what they hide, when they do not exist."""

import datetime
import json
import re
import zoneinfo

import pytest

from conferences.enums import EventStatus
from sessions.enums import SessionKind, SpeakerRole
from tests.factories.conferences import EventFactory
from tests.factories.directory import MunicipalityFactory
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


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.text))


@pytest.fixture
def panel():
    event = EventFactory(
        title="Fachkonferenz", slug="fachkonferenz", starts_at=at(20, 10), ends_at=at(20, 13)
    )
    session = SessionFactory(
        event=event,
        stage=StageFactory(event=event, name="Livestream"),
        kind=SessionKind.PANEL,
        title="Gemeinsam von Lösungen profitieren?",
        slug="panel-2",
        starts_at=at(20, 11, 30),
        ends_at=at(20, 12, 30),
        abstract="Land, IT-Dienstleister und Kommunen im Gespräch.",
    )
    SessionSpeakerFactory(
        session=session,
        speaker=SpeakerFactory(
            team=event.team,
            slug="mara-moderatorin",
            academic_title="Dr.",
            first_name="Mara",
            last_name="Moderatorin",
            function="Journalistin",
            organisation="WDR",
            bio="Moderiert seit 2010.",
            municipality=MunicipalityFactory(name="Köln"),
        ),
        role=SpeakerRole.MODERATOR,
        order=0,
    )
    SessionSpeakerFactory(
        session=session,
        speaker=SpeakerFactory(
            team=event.team, slug="ohne", last_name="Ohnezustimmung", consent_to_show=False
        ),
        role=SpeakerRole.PANELIST,
        order=1,
    )
    return session


def test_session_page_shows_time_kind_stage_and_lineup(client, panel):
    response = client.get("/veranstaltungen/fachkonferenz/programm/panel-2/")

    assert response.status_code == 200
    page = text(response)
    assert "Gemeinsam von Lösungen profitieren?" in page
    assert "Freitag, 20. Juni 2031, 11:30–12:30 Uhr" in page
    assert "Zeitzone: Europe/Berlin" in page
    assert "Podiumsdiskussion" in page
    assert "Livestream" in page
    assert "Moderation: Dr. Mara Moderatorin; Podium: N. N." in page
    assert "Land, IT-Dienstleister und Kommunen im Gespräch." in page
    assert "Ohnezustimmung" not in response.text
    assert 'href="/veranstaltungen/fachkonferenz/programm/panel-2.ics"' in response.text


def test_session_page_carries_jsonld_with_its_event(client, panel):
    match = re.search(
        r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>',
        (client.get("/veranstaltungen/fachkonferenz/programm/panel-2/").text),
        re.S,
    )

    data = json.loads(match.group(1))
    assert data["name"] == "Gemeinsam von Lösungen profitieren?"
    assert data["superEvent"]["name"] == "Fachkonferenz"
    assert data["performer"] == [
        {
            "@type": "Person",
            "name": "Dr. Mara Moderatorin",
            "url": "http://127.0.0.1:8000/referierende/mara-moderatorin/",
        }
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/veranstaltungen/fachkonferenz/programm/gibt-es-nicht/",
        "/veranstaltungen/gibt-es-nicht/programm/panel-2/",
    ],
)
def test_session_page_of_unknown_slugs_is_not_found(client, panel, url):
    assert client.get(url).status_code == 404


def test_session_page_of_a_draft_event_is_not_found(client):
    session = SessionFactory(
        event=EventFactory(status=EventStatus.DRAFT, published_at=None), slug="geheim"
    )

    response = client.get(f"/veranstaltungen/{session.event.slug}/programm/geheim/")

    assert response.status_code == 404


def test_speaker_page_shows_the_person_and_their_public_sessions(client, panel):
    later = SessionFactory(
        event=EventFactory(title="Transfer", slug="transfer", starts_at=at(27, 9)),
        title="Workshop Daten",
        starts_at=at(27, 9),
        ends_at=at(27, 10),
    )
    SessionSpeakerFactory(
        session=later, speaker=panel.speakers.get(slug="mara-moderatorin"), role=SpeakerRole.HOST
    )
    hidden = SessionFactory(
        event=EventFactory(status=EventStatus.DRAFT, published_at=None), title="Entwurfssitzung"
    )
    SessionSpeakerFactory(
        session=hidden, speaker=panel.speakers.get(slug="mara-moderatorin"), role=SpeakerRole.HOST
    )

    response = client.get("/referierende/mara-moderatorin/")

    assert response.status_code == 200
    page = text(response)
    assert '<h1 class="kern-heading-x-large">Dr. Mara Moderatorin</h1>' in response.text
    assert "Journalistin, WDR" in page
    assert "Kommune: Köln" in page
    assert "Moderiert seit 2010." in page
    sessions = re.findall(r'kf-session__title"><a[^>]*>([^<]+)</a>', response.text)
    assert sessions == ["Gemeinsam von Lösungen profitieren?", "Workshop Daten"]
    assert "Moderation · Fachkonferenz" in page
    assert "Gastgeber*in · Transfer" in page
    assert "Entwurfssitzung" not in response.text


def test_speaker_page_without_consent_is_not_found(client, panel):
    assert client.get("/referierende/ohne/").status_code == 404


def test_speaker_page_of_an_unknown_slug_is_not_found(client):
    assert client.get("/referierende/niemand/").status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_speaker_page_runs_a_constant_number_of_queries(client, django_assert_num_queries, count):
    speaker = SpeakerFactory(slug="viel-unterwegs")
    for index in range(count):
        session = SessionFactory(starts_at=at(1 + index % 28, 10))
        SessionSpeakerFactory(session=session, speaker=speaker, role=SpeakerRole.PRESENTER)
        SessionSpeakerFactory(session=session, role=SpeakerRole.MODERATOR, order=1)

    with django_assert_num_queries(3):
        response = client.get("/referierende/viel-unterwegs/")

    assert response.status_code == 200
