"""Check-in: the QR code in the confirmation mail, the page it opens, the search by name."""

import pytest
from django.urls import reverse

from conferences.enums import EventFormat
from registrations import services
from registrations.checkin import (
    checkin_token,
    checkin_url,
    registration_for_checkin_token,
)
from registrations.enums import RegistrationStatus
from tests.factories.conferences import EventFactory
from tests.factories.core import UserFactory
from tests.factories.registrations import RegistrationFactory, RegistrationSettingsFactory

pytestmark = pytest.mark.django_db

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def event(organiser):
    event = EventFactory(
        team=organiser.team,
        format=EventFormat.HYBRID,
        title="Fachkonferenz Digitalisierung",
        slug="fachkonferenz-digitalisierung",
    )
    RegistrationSettingsFactory(event=event)
    return event


@pytest.fixture
def client(client, organiser):
    client.force_login(organiser.user)
    return client


@pytest.fixture
def anna(event):
    return RegistrationFactory(
        event=event,
        first_name="Anna",
        last_name="Albers",
        email="anna@soest.de",
        organisation_name="Stadt Soest",
    )


def person_url(registration) -> str:
    return reverse(
        "organiser_registration_checkin_person",
        kwargs={"slug": registration.event.slug, "token": checkin_token(registration)},
    )


def test_checkin_url_is_the_organisers_page_with_a_signed_token(settings, anna):
    settings.SITE_URL = "https://kommunalforum.example"

    url = checkin_url(anna)

    assert url == "https://kommunalforum.example" + person_url(anna)
    assert anna.management_token not in url
    assert registration_for_checkin_token(anna.event, checkin_token(anna)) == anna


def test_forged_or_foreign_token_names_nobody(event, anna):
    other = RegistrationFactory()
    token = checkin_token(anna)

    assert registration_for_checkin_token(event, token[:-1] + "x") is None
    assert registration_for_checkin_token(event, anna.public_id.hex) is None
    assert registration_for_checkin_token(event, checkin_token(other)) is None


def test_confirmation_mail_of_an_event_with_a_venue_carries_the_qr_code(
    event, outbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="ben@werl.de")

    with django_capture_on_commit_callbacks(execute=True):
        services.register_attendee(
            event,
            email=user.email,
            first_name="Ben",
            last_name="Brandt",
            user=user,
            privacy_accepted=True,
            recording_acknowledged=True,
        )

    [message] = outbox
    attachments = {name: (content, mimetype) for name, content, mimetype in message.attachments}
    content, mimetype = attachments["einlass-qr-code.png"]
    assert mimetype == "image/png"
    assert content.startswith(PNG_SIGNATURE)
    assert "Für den Einlass: Bitte bringen Sie den QR-Code im Anhang" in message.body


def test_confirmation_mail_of_an_online_event_has_no_qr_code(
    organiser, outbox, django_capture_on_commit_callbacks
):
    online = EventFactory(team=organiser.team, format=EventFormat.ONLINE)
    RegistrationSettingsFactory(event=online)
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.register_attendee(
            online,
            email=user.email,
            first_name="Cem",
            last_name="Celik",
            user=user,
            privacy_accepted=True,
        )

    [message] = outbox
    assert [name for name, _content, _type in message.attachments] == ["einladung.ics"]
    assert "QR-Code" not in message.body


def test_qr_code_page_shows_the_person_and_checks_them_in(client, anna):
    page = client.get(person_url(anna)).content.decode()
    assert "Anna Albers" in page
    assert "Bestätigt, noch nicht eingecheckt." in page
    assert "Einchecken" in page

    response = client.post(person_url(anna), {"action": "checkin"}, follow=True)

    anna.refresh_from_db()
    assert anna.checked_in_at is not None
    assert [str(m) for m in response.context["messages"]] == ["Anna Albers ist eingecheckt."]
    assert "1 von 1 bestätigten Personen sind eingecheckt." in response.content.decode()


def test_check_in_can_be_undone(client, anna):
    client.post(person_url(anna), {"action": "checkin"})

    client.post(person_url(anna), {"action": "undo"})

    anna.refresh_from_db()
    assert anna.checked_in_at is None


def test_unconfirmed_registration_is_not_checked_in(client, event):
    cancelled = RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)

    page = client.get(person_url(cancelled)).content.decode()
    response = client.post(person_url(cancelled), {"action": "checkin"}, follow=True)

    assert "Diese Anmeldung ist nicht bestätigt (Status: storniert)." in page
    cancelled.refresh_from_db()
    assert cancelled.checked_in_at is None
    assert [str(m) for m in response.context["messages"]] == [
        "Dieser Schritt ist für die Anmeldung in ihrem Status nicht möglich."
    ]


def test_forged_token_page_is_not_found(client, event, anna):
    url = reverse(
        "organiser_registration_checkin_person",
        kwargs={"slug": event.slug, "token": checkin_token(anna) + "0"},
    )

    assert client.get(url).status_code == 404


def test_token_of_another_event_is_not_found_on_this_events_page(client, event, organiser):
    other_event = EventFactory(team=organiser.team)
    stranger = RegistrationFactory(event=other_event)
    url = reverse(
        "organiser_registration_checkin_person",
        kwargs={"slug": event.slug, "token": checkin_token(stranger)},
    )

    assert client.get(url).status_code == 404


def test_search_by_name_finds_confirmed_people_and_checks_them_in(client, event, anna):
    RegistrationFactory(event=event, first_name="Anna", last_name="Warten", status="waitlisted")
    RegistrationFactory(event=event, first_name="Ben", last_name="Brandt")
    search = reverse("organiser_registration_checkin", kwargs={"slug": event.slug})

    response = client.get(search, {"q": "anna"})

    assert [r.last_name for r, _token in response.context["results"]] == ["Albers"]
    assert response.context["counts"] == {"confirmed": 2, "checked_in": 0}

    back = client.post(
        person_url(anna), {"action": "checkin", "next": search + "?q=anna"}, follow=False
    )
    assert back.url == search + "?q=anna"
    assert client.get(search, {"q": "anna"}).context["counts"] == {
        "confirmed": 2,
        "checked_in": 1,
    }


def test_search_without_a_name_lists_nobody(client, event, anna):
    search = reverse("organiser_registration_checkin", kwargs={"slug": event.slug})

    assert client.get(search, {"q": ""}).context["results"] == []
