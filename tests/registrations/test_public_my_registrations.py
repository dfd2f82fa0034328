""" "Meine Anmeldungen" and the personal calendar feed."""

import datetime
import html
import re

import pytest
from icalendar import Calendar

from registrations.enums import RegistrationStatus
from registrations.models import CalendarFeed
from tests.factories.conferences import EventFactory
from tests.factories.core import UserFactory
from tests.factories.registrations import RegistrationFactory
from tests.registrations.pages import text_of

pytestmark = pytest.mark.django_db

URL = "/meine-anmeldungen/"


@pytest.fixture
def user(client):
    user = UserFactory(email="erika@soest.example")
    client.force_login(user)
    return user


def feed_path(feed: CalendarFeed) -> str:
    return f"/kalender/anmeldungen/{feed.token}.ics"


def test_my_registrations_needs_a_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/meine-anmeldungen/"


def test_my_registrations_lists_every_status_with_its_management_link(client, user):
    statuses = [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.CANCELLED,
    ]
    registrations = [
        RegistrationFactory(
            user=user,
            email=user.email,
            status=status,
            event=EventFactory(
                title=f"Veranstaltung {n}",
                starts_at=EventFactory.starts_at.function() + datetime.timedelta(days=n),
            ),
        )
        for n, status in enumerate(statuses)
    ]
    RegistrationFactory(event=EventFactory(title="Fremde Veranstaltung"))

    response = client.get(URL)

    rows = re.findall(r'<tr class="kern-table__row">(.*?)</tr>', response.content.decode(), re.S)
    cells = [
        [
            " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows[1:]
    ]
    assert [(row[0], row[2], row[3]) for row in cells] == [
        ("Veranstaltung 2", "storniert", "Verwalten : Veranstaltung 2"),
        ("Veranstaltung 1", "Warteliste", "Verwalten : Veranstaltung 1"),
        ("Veranstaltung 0", "bestätigt", "Verwalten : Veranstaltung 0"),
    ]
    for registration in registrations:
        assert f'href="/anmeldungen/{registration.management_token}/"' in response.content.decode()
    assert "Fremde Veranstaltung" not in response.content.decode()


@pytest.mark.parametrize("count", [1, 25])
def test_my_registrations_runs_a_constant_number_of_queries(
    client, user, django_assert_num_queries, count
):
    for _ in range(count):
        RegistrationFactory(user=user, email=user.email)

    # session, user, registrations with their events, feed, organiser check of the header
    with django_assert_num_queries(5):
        response = client.get(URL)

    assert len(response.context["rows"]) == count


def test_header_links_to_my_registrations_when_logged_in(client, user):
    response = client.get("/")

    assert (
        '<a class="kern-link" href="/meine-anmeldungen/">Meine Anmeldungen</a>'
        in response.content.decode()
    )


def test_calendar_feed_is_set_up_on_request(client, user):
    page = client.get(URL)
    response = client.post(URL + "kalender-abo/", follow=True)

    feed = CalendarFeed.objects.get(user=user)
    assert "Kalender-Abo einrichten" in text_of(page)
    assert "Ihr Kalender-Abo ist eingerichtet." in text_of(response)
    content = response.content.decode()
    assert f'value="http://127.0.0.1:8000{feed_path(feed)}"' in content
    assert f'href="webcal://127.0.0.1:8000{feed_path(feed)}"' in content
    assert len(feed.token) == 43
    assert feed.token not in feed.token_hash


def test_calendar_feed_lists_only_confirmed_registrations_without_login(client, user):
    confirmed = RegistrationFactory(user=user, email=user.email, event=EventFactory(title="Dabei"))
    RegistrationFactory(
        user=user,
        email=user.email,
        status=RegistrationStatus.WAITLISTED,
        event=EventFactory(title="Warteliste"),
    )
    RegistrationFactory(
        user=user,
        email=user.email,
        status=RegistrationStatus.CANCELLED,
        event=EventFactory(title="Storniert"),
    )
    client.post(URL + "kalender-abo/")
    feed = CalendarFeed.objects.get(user=user)
    client.logout()

    response = client.get(feed_path(feed))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert "METHOD" not in calendar
    assert [(str(e["SUMMARY"]), str(e["UID"])) for e in calendar.events] == [
        ("Dabei", f"registration-{confirmed.public_id}@kommunalforum")
    ]
    assert str(calendar["X-WR-CALNAME"]) == "Kommunalforum – Meine Anmeldungen"


def test_calendar_feed_answers_304_while_unchanged_and_200_after_a_change(client, user):
    registration = RegistrationFactory(user=user, email=user.email)
    client.post(URL + "kalender-abo/")
    feed = CalendarFeed.objects.get(user=user)

    first = client.get(feed_path(feed))
    unchanged = client.get(feed_path(feed), HTTP_IF_NONE_MATCH=first["ETag"])
    registration.status = RegistrationStatus.CANCELLED
    registration.save()
    changed = client.get(feed_path(feed), HTTP_IF_NONE_MATCH=first["ETag"])

    assert unchanged.status_code == 304
    assert changed.status_code == 200
    assert Calendar.from_ical(changed.content).events == []
    assert "Last-Modified" not in first


def test_calendar_feed_new_address_retires_the_old_one(client, user):
    client.post(URL + "kalender-abo/")
    old = CalendarFeed.objects.get(user=user)
    old_path = feed_path(old)

    response = client.post(URL + "kalender-abo/", follow=True)

    new = CalendarFeed.objects.get(user=user)
    assert client.get(old_path).status_code == 404
    assert client.get(feed_path(new)).status_code == 200
    assert "Ihr Kalender-Abo hat eine neue Adresse." in text_of(response)
    assert old_path != feed_path(new)


def test_calendar_feed_with_a_wrong_token_is_not_found(client):
    assert client.get("/kalender/anmeldungen/ausgedacht.ics").status_code == 404
    assert client.get(f"/kalender/anmeldungen/{'x' * 300}.ics").status_code == 404


def test_calendar_feed_renewal_needs_post_and_login(client):
    assert client.post(URL + "kalender-abo/").status_code == 302
    assert CalendarFeed.objects.count() == 0
    client.force_login(UserFactory())
    assert client.get(URL + "kalender-abo/").status_code == 405
