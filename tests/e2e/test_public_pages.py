"""The public event pages in a real browser: WCAG 2.1 A/AA (axe-core), small screens, print."""

import datetime
import zoneinfo

import pytest

from conferences.enums import EventFormat, EventKind, EventStatus
from sessions.enums import SessionKind, SessionStatus, SpeakerRole
from tests.e2e.browser import axe_check
from tests.factories.conferences import EventFactory, SeriesFactory, TopicFactory
from tests.factories.sessions import (
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    StageFactory,
)

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2031, 6, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def conference(transactional_db):
    """A hybrid conference on two stages with a panel, a cancelled talk and an unnamed
    panelist, plus a cancelled and an archived event for the lists."""
    TopicFactory(name="E-Government", slug="e-government")
    event = EventFactory(
        title="Digitalisierung der Kommunen in Nordrhein-Westfalen",
        slug="fachkonferenz",
        series=SeriesFactory(name="Fachkonferenz"),
        series_number=2,
        format=EventFormat.HYBRID,
        venue_name="Stadthalle",
        venue_street="Markt 1",
        venue_postal_code="59494",
        venue_city="Soest",
        venue_accessibility="Stufenloser Zugang, Induktionsschleife im Saal.",
        starts_at=at(20, 10),
        ends_at=at(20, 16),
        description="<p>Mit der <strong>Ministerin</strong>.</p><ul><li>Zwei Panels</li></ul>",
    )
    event.topics.add(TopicFactory(name="Smart Mobility", slug="smart-mobility"))
    hall = StageFactory(event=event, name="Saal", order=0)
    room = StageFactory(event=event, name="Raum 2", order=1)
    SessionFactory(
        event=event,
        stage=hall,
        kind=SessionKind.WELCOME,
        title="Begrüßung",
        slug="begruessung",
        starts_at=at(20, 10),
        ends_at=at(20, 10, 15),
    )
    panel = SessionFactory(
        event=event,
        stage=hall,
        kind=SessionKind.PANEL,
        title="Geht Digitalisierung auch in kleineren Kommunen?",
        slug="panel-1",
        starts_at=at(20, 10, 15),
        ends_at=at(20, 11, 30),
        abstract="Kommunale Fachleute im Gespräch.",
    )
    SessionFactory(
        event=event,
        stage=room,
        kind=SessionKind.TALK,
        title="Abgesagter Vortrag",
        slug="vortrag",
        starts_at=at(20, 10, 15),
        ends_at=at(20, 11),
        status=SessionStatus.CANCELLED,
    )
    people = [
        ("mara", "Mara", "Moderatorin", SpeakerRole.MODERATOR, True),
        ("paul", "Paul", "Podium", SpeakerRole.PANELIST, True),
        ("geheim", "Geheim", "Person", SpeakerRole.PANELIST, False),
    ]
    for order, (slug, first, last, role, consent) in enumerate(people):
        SessionSpeakerFactory(
            session=panel,
            speaker=SpeakerFactory(
                team=event.team,
                slug=slug,
                first_name=first,
                last_name=last,
                consent_to_show=consent,
                bio="Arbeitet an der digitalen Verwaltung.",
            ),
            role=role,
            order=order,
        )
    EventFactory(
        title="Transfer Soest",
        kind=EventKind.TRANSFER,
        status=EventStatus.CANCELLED,
        starts_at=at(27, 9),
        ends_at=at(27, 15),
    )
    EventFactory(
        title="1. Fachkonferenz",
        starts_at=at(19, 10).replace(year=2020),
        ends_at=at(19, 13).replace(year=2020),
    )
    return event


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/veranstaltungen/",
        "/veranstaltungen/?kind=conference&topic=e-government&date_from=2031-01-01",
        "/veranstaltungen/archiv/",
        "/veranstaltungen/fachkonferenz/",
        "/veranstaltungen/fachkonferenz/programm/panel-1/",
        "/referierende/mara/",
        "/en/veranstaltungen/fachkonferenz/",
        "/gebaerdensprache/",
    ],
)
def test_public_page_has_no_wcag_violations(page, conference, path):
    response = page.goto(path)

    assert response.status == 200
    axe_check(page)


def test_event_page_fits_a_320_pixel_screen(page, conference):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/veranstaltungen/fachkonferenz/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_event_page_prints_the_programme_without_sidebar(page, conference):
    page.goto("/veranstaltungen/fachkonferenz/")
    page.emulate_media(media="print")

    assert page.locator(".kf-event-layout__aside").is_hidden()
    assert page.locator(".kf-header").is_hidden()
    assert page.locator("#programm").is_visible()
    lineup = page.locator(".kf-session__lineup").first.inner_text()
    assert lineup == "Moderation: Mara Moderatorin; Podium: Paul Podium, N. N."


def test_event_list_filter_form_narrows_the_list(page, conference):
    page.goto("/veranstaltungen/")
    page.locator("#id_kind").select_option("transfer")
    page.get_by_role("button", name="Filter anwenden").click()

    assert page.get_by_role("heading", level=2, name="1 Veranstaltung gefunden").is_visible()
    assert page.title() == "Veranstaltungen (1 Treffer) – Kommunalforum"
    assert page.get_by_text("abgesagt", exact=True).is_visible()
