"""The "Anmeldung" box on the public event page."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from conferences.enums import EventStatus
from registrations.enums import RegistrationStatus
from tests.factories.conferences import EventFactory
from tests.factories.core import UserFactory
from tests.factories.registrations import RegistrationFactory, RegistrationSettingsFactory

pytestmark = pytest.mark.django_db

URL = "/veranstaltungen/fachkonferenz-2031/"


def box_text(response) -> str:
    content = response.content.decode()
    match = re.search(
        r'<section class="kern-card kern-card--hug kf-registration-box".*?</section>',
        content,
        re.S,
    )
    if match is None:
        return ""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(0))).split())


def event_with(**settings_fields):
    event = EventFactory(slug="fachkonferenz-2031")
    RegistrationSettingsFactory(event=event, **settings_fields)
    return event


def test_event_box_is_absent_without_registration(client):
    EventFactory(slug="fachkonferenz-2031")

    assert box_text(client.get(URL)) == ""


def test_event_box_shows_deadline_free_seats_and_the_button(client):
    event = event_with(
        capacity=5, closes_at=timezone.make_aware(datetime.datetime(2031, 6, 1, 18, 0))
    )
    RegistrationFactory.create_batch(2, event=event)

    response = client.get(URL)

    assert (
        box_text(response)
        == "Anmeldung Anmeldung bis 1. Juni 2031 18:00 Noch 3 Plätze frei Jetzt anmelden"
    )
    assert 'href="/veranstaltungen/fachkonferenz-2031/anmeldung/"' in response.content.decode()


def test_event_box_offers_the_waiting_list_when_full(client):
    event = event_with(
        capacity=1, closes_at=timezone.make_aware(datetime.datetime(2031, 6, 1, 18, 0))
    )
    RegistrationFactory(event=event)

    assert box_text(client.get(URL)) == (
        "Anmeldung Anmeldung bis 1. Juni 2031 18:00 Alle Plätze sind vergeben. Sie können "
        "sich auf die Warteliste setzen lassen. Auf die Warteliste"
    )


@pytest.mark.parametrize(
    ("settings_fields", "event_status", "text"),
    [
        (
            {"capacity": 0, "waitlist_enabled": False},
            EventStatus.PUBLISHED,
            "Anmeldung Die Veranstaltung ist ausgebucht.",
        ),
        (
            {"opens_at": timezone.make_aware(datetime.datetime(2031, 5, 1, 9, 0))},
            EventStatus.PUBLISHED,
            "Anmeldung Die Anmeldung beginnt am 1. Mai 2031 09:00.",
        ),
        (
            {
                "opens_at": timezone.now() - datetime.timedelta(days=2),
                "closes_at": timezone.now() - datetime.timedelta(days=1),
            },
            EventStatus.PUBLISHED,
            "Anmeldung Die Anmeldung ist geschlossen.",
        ),
        (
            {},
            EventStatus.CANCELLED,
            "Anmeldung Die Veranstaltung ist abgesagt. Eine Anmeldung ist nicht möglich.",
        ),
    ],
)
def test_event_box_without_a_way_to_register_says_why(client, settings_fields, event_status, text):
    event = EventFactory(slug="fachkonferenz-2031", status=event_status)
    RegistrationSettingsFactory(event=event, **settings_fields)

    response = client.get(URL)

    assert box_text(response) == text
    assert "/anmeldung/" not in response.content.decode()


def test_event_box_leads_a_registrant_to_their_registration(client):
    event = event_with(capacity=1)
    RegistrationFactory(event=event)
    user = UserFactory()
    registration = RegistrationFactory(
        event=event, user=user, email=user.email, status=RegistrationStatus.WAITLISTED
    )
    client.force_login(user)

    response = client.get(URL)

    assert (
        box_text(response)
        == "Anmeldung Sie stehen auf der Warteliste auf Platz 1. Sie sind angemeldet – verwalten"
    )
    assert f'href="/anmeldungen/{registration.management_token}/"' in response.content.decode()


@pytest.mark.parametrize("count", [1, 40])
def test_event_page_with_the_box_costs_one_query_more_whatever_the_registrations(
    client, django_assert_num_queries, count
):
    event = event_with(capacity=100)
    RegistrationFactory.create_batch(count, event=event)
    RegistrationFactory.create_batch(count, event=event, status=RegistrationStatus.WAITLISTED)

    # Event, topics, the programme's version and sessions (the page, rendered and cached), and
    # one for settings and both seat counts (the box).
    with django_assert_num_queries(5):
        response = client.get(URL)

    assert f"Noch {100 - count} Plätze frei" in box_text(response)
