"""The public programme pages cache what is the same for everyone, keyed by what it shows:
an organiser's change appears at once, and a cached page costs a few queries."""

import datetime
import re
import zoneinfo

import pytest
from django.core.cache import cache

from sessions.enums import SpeakerRole
from sessions.models import SessionSpeaker
from sessions.services import move_session_speaker, update_session, update_speaker
from tests.factories.conferences import EventFactory
from tests.factories.sessions import (
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
EVENT_PAGE = "/veranstaltungen/cache-2031/"
SESSION_PAGE = "/veranstaltungen/cache-2031/programm/podium/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def panel():
    start = datetime.datetime(2031, 6, 20, 10, tzinfo=BERLIN)
    event = EventFactory(
        slug="cache-2031", starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    session = SessionFactory(
        event=event,
        stage=StageFactory(event=event, name="Saal"),
        title="Kleine Kommunen digital",
        slug="podium",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    for order, last_name in enumerate(["Erste", "Zweite"]):
        SessionSpeakerFactory(
            session=session,
            speaker=SpeakerFactory(team=event.team, first_name="Person", last_name=last_name),
            role=SpeakerRole.PANELIST,
            order=order,
        )
    return session


def lineup(page) -> list[str]:
    return re.findall(r'<a class="kern-link" href="/referierende/[^"]+/">([^<]+)</a>', page.text)


def test_an_edited_session_title_shows_at_once_on_event_and_session_page(client, panel):
    assert "Kleine Kommunen digital" in client.get(EVENT_PAGE).text
    assert "Kleine Kommunen digital" in client.get(SESSION_PAGE).text

    update_session(panel, actor=None, changes={"title": "Große Städte digital"})

    event_page, session_page = client.get(EVENT_PAGE), client.get(SESSION_PAGE)
    assert "Große Städte digital" in event_page.text
    assert "Kleine Kommunen digital" not in event_page.text
    assert '<h1 class="kern-heading-x-large">Große Städte digital</h1>' in session_page.text
    assert '"name":"Große Städte digital"' in session_page.text


def test_a_moved_panelist_shows_in_the_new_order_at_once(client, panel):
    # Moving touches only the lineup rows, which have no timestamp of their own.
    assert lineup(client.get(EVENT_PAGE))[:2] == ["Person Erste", "Person Zweite"]

    first = SessionSpeaker.objects.get(session=panel, order=0)
    move_session_speaker(first, actor=None, direction="down")

    assert lineup(client.get(EVENT_PAGE))[:2] == ["Person Zweite", "Person Erste"]
    assert lineup(client.get(SESSION_PAGE))[:2] == ["Person Zweite", "Person Erste"]


def test_a_withdrawn_consent_removes_the_name_at_once(client, panel):
    assert "Person Zweite" in client.get(EVENT_PAGE).text
    speaker = SessionSpeaker.objects.get(session=panel, order=1).speaker

    update_speaker(speaker, actor=None, changes={"consent_to_show": False})

    page = client.get(EVENT_PAGE)
    assert "Person Zweite" not in page.text
    assert "Podium: Person Erste, N. N." in re.sub(r"<[^>]+>", "", page.text)


def test_cached_parts_follow_the_visitors_language(client, panel):
    german = client.get(EVENT_PAGE)
    english = client.get(f"/en{EVENT_PAGE}")

    assert '<h2 id="programme-heading" class="kern-heading-large">Programm</h2>' in german.text
    assert '<h2 id="programme-heading" class="kern-heading-large">Programme</h2>' in english.text


def test_cached_pages_keep_the_visitors_own_header(client, panel, django_user_model):
    client.get(EVENT_PAGE)  # cached while nobody is logged in
    user = django_user_model.objects.create_user(email="leser@kommune.example", password="x" * 12)
    client.force_login(user)

    page = client.get(EVENT_PAGE)

    assert "Meine Anmeldungen" in page.text
    assert "Kleine Kommunen digital" in page.text


def test_a_cached_session_page_costs_two_queries(client, panel, django_assert_num_queries):
    first = client.get(SESSION_PAGE)

    # The session with its event and stage, and the programme's version.
    with django_assert_num_queries(2):
        again = client.get(SESSION_PAGE)

    assert again.status_code == 200
    body = again.text[again.text.index("<main") :]
    assert body.count("Person Erste") == first.text[first.text.index("<main") :].count(
        "Person Erste"
    )
