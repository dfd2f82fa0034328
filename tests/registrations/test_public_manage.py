"""The pages behind the personal links: double opt-in, management, answers, cancellation
and the calendar entry."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from conferences.enums import EventFormat
from registrations import services
from registrations.enums import QuestionKind, RegistrationStatus
from registrations.models import Registration
from tests.factories.conferences import EventFactory
from tests.factories.core import UserFactory
from tests.factories.registrations import (
    AnswerFactory,
    QuestionFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
)
from tests.registrations.pages import text_of

pytestmark = pytest.mark.django_db


def open_event(**settings_fields):
    event = EventFactory(
        slug="transfer-2031",
        title="Transferveranstaltung 2031",
        format=EventFormat.ONLINE,
        online_access_notes="Zugang: https://video.land.example/raum-7",
    )
    RegistrationSettingsFactory(event=event, **settings_fields)
    return event


def pending(event, **fields) -> Registration:
    values = {
        "email": "erika@soest.example",
        "first_name": "Erika",
        "last_name": "Mustermann",
        "privacy_accepted": True,
        "recording_acknowledged": True,
    }
    values.update(fields)
    return services.register_attendee(event, **values)


def manage_url(registration) -> str:
    return f"/anmeldungen/{registration.management_token}/"


# Double opt-in ---------------------------------------------------------------------------


def test_confirm_link_asks_before_confirming(client):
    registration = pending(open_event())

    response = client.get(manage_url(registration) + "bestaetigen/")

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING
    assert response.status_code == 200
    assert (
        "Bitte bestätigen Sie die Anmeldung von Erika Mustermann mit der E-Mail-Adresse "
        "erika@soest.example." in text_of(response)
    )
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_confirm_link_confirms_and_shows_the_outcome(client):
    registration = pending(open_event(capacity=10))

    response = client.post(manage_url(registration) + "bestaetigen/", follow=True)

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.user.email == "erika@soest.example"
    assert response.redirect_chain == [(manage_url(registration), 302)]
    page = text_of(response)
    assert "Vielen Dank. Ihre E-Mail-Adresse ist bestätigt." in page
    assert "Ihre Anmeldung ist bestätigt." in page
    # Confirming creates an account without password; login works by a mailed code.
    assert "Mit einem Code anmelden" in page


def test_confirm_link_into_a_full_event_shows_the_waiting_list_place(client):
    event = open_event(capacity=1)
    RegistrationFactory(event=event)
    registration = pending(event)

    response = client.post(manage_url(registration) + "bestaetigen/", follow=True)

    assert "Sie stehen auf der Warteliste auf Platz 1." in text_of(response)


def test_confirm_link_used_twice_leads_to_the_registration(client):
    registration = pending(open_event())
    client.post(manage_url(registration) + "bestaetigen/")

    response = client.get(manage_url(registration) + "bestaetigen/")

    assert response.status_code == 302
    assert response["Location"] == manage_url(registration)


def test_confirm_link_after_the_window_says_it_expired(client):
    registration = pending(open_event(confirmation_window=1))
    Registration.objects.filter(pk=registration.pk).update(
        confirm_by=timezone.now() - datetime.timedelta(minutes=1)
    )

    get = client.get(manage_url(registration) + "bestaetigen/")
    post = client.post(manage_url(registration) + "bestaetigen/")

    assert get.status_code == 410
    assert post.status_code == 410
    assert "Der Link ist abgelaufen" in text_of(get)
    assert "Die Frist für die Bestätigung ist abgelaufen" in text_of(get)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING


@pytest.mark.parametrize(
    "suffix", ["", "bestaetigen/", "antworten/", "stornieren/", "kalender.ics"]
)
def test_personal_pages_with_a_tampered_token_are_not_found(client, suffix):
    registration = RegistrationFactory(event=open_event())
    token = registration.management_token
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    assert client.get(f"/anmeldungen/{tampered}/{suffix}").status_code == 404
    assert client.get(f"/anmeldungen/{'x' * 500}/{suffix}").status_code == 404


@pytest.mark.parametrize(
    "suffix", ["", "bestaetigen/", "antworten/", "stornieren/", "kalender.ics"]
)
def test_personal_pages_with_a_revoked_token_are_not_found(client, suffix):
    registration = RegistrationFactory(event=open_event())
    old = manage_url(registration)

    new_token = services.revoke_management_token(registration, send_link=False)

    assert client.get(old + suffix).status_code == 404
    assert client.get(f"/anmeldungen/{new_token}/").status_code == 200


# Management page -------------------------------------------------------------------------


def test_management_page_shows_status_event_answers_and_access(client):
    event = open_event()
    registration = RegistrationFactory(event=event, first_name="Erika", last_name="Mustermann")
    question = QuestionFactory(event=event, label="Funktion")
    AnswerFactory(registration=registration, question=question, value="CDO")

    response = client.get(manage_url(registration))

    page = text_of(response)
    assert "Ihre Anmeldung ist bestätigt." in page
    assert "Transferveranstaltung 2031" in page
    assert "Funktion CDO" in page
    assert "Zugang: https://video.land.example/raum-7" in page
    assert f'href="{manage_url(registration)}kalender.ics"' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize(
    "status",
    [
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.AWAITING_APPROVAL,
        RegistrationStatus.CANCELLED,
    ],
)
def test_management_page_hides_access_and_calendar_unless_confirmed(client, status):
    registration = RegistrationFactory(event=open_event(), status=status)

    response = client.get(manage_url(registration))

    assert "video.land.example" not in response.content.decode()
    assert "kalender.ics" not in response.content.decode()
    assert client.get(manage_url(registration) + "kalender.ics").status_code == 404


def test_management_page_of_a_waiting_registration_shows_its_place(client):
    event = open_event(capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    second = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    response = client.get(manage_url(second))

    assert "Sie stehen auf der Warteliste auf Platz 2." in text_of(response)


# Answers ---------------------------------------------------------------------------------


def test_answers_page_changes_the_answers(client):
    event = open_event()
    registration = RegistrationFactory(event=event)
    text = QuestionFactory(event=event, label="Funktion", kind=QuestionKind.SHORT_TEXT)
    choice = QuestionFactory(event=event, kind=QuestionKind.SINGLE_CHOICE, choices=["ja", "nein"])
    AnswerFactory(registration=registration, question=text, value="CDO")
    url = manage_url(registration) + "antworten/"

    form_page = client.get(url)
    response = client.post(
        url, {f"question_{text.pk}": "Amtsleitung", f"question_{choice.pk}": "ja"}, follow=True
    )

    assert form_page.context["form"][f"question_{text.pk}"].value() == "CDO"
    assert response.redirect_chain == [(manage_url(registration), 302)]
    assert "Ihre Antworten sind gespeichert." in text_of(response)
    assert dict(registration.answers.values_list("question_id", "value")) == {
        text.pk: "Amtsleitung",
        choice.pk: "ja",
    }


def test_answers_page_refuses_invalid_answers_with_messages(client):
    event = open_event()
    registration = RegistrationFactory(event=event)
    required = QuestionFactory(event=event, kind=QuestionKind.SHORT_TEXT, required=True)

    response = client.post(
        manage_url(registration) + "antworten/", {f"question_{required.pk}": "x" * 201}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"question_{required.pk}": ["Bitte kürzen Sie auf höchstens 200 Zeichen."]
    }


def test_answers_page_of_a_cancelled_registration_leads_back(client):
    event = open_event()
    QuestionFactory(event=event)
    registration = RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)

    response = client.get(manage_url(registration) + "antworten/")

    assert response.status_code == 302
    assert response["Location"] == manage_url(registration)


# Cancellation ----------------------------------------------------------------------------


def test_cancel_asks_first_and_changes_nothing_on_get(client):
    registration = RegistrationFactory(event=open_event())

    response = client.get(manage_url(registration) + "stornieren/")

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert (
        "Möchten Sie Ihre Anmeldung zu „Transferveranstaltung 2031“ wirklich stornieren?"
        in text_of(response)
    )
    assert "Ihr Platz geht an die nächste Person auf der Warteliste." in text_of(response)


def test_cancel_frees_the_seat_for_the_first_waiting_person(client):
    event = open_event(capacity=1)
    seat = RegistrationFactory(event=event)
    now = timezone.now()
    first = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED, queued_at=now)
    second = RegistrationFactory(
        event=event,
        status=RegistrationStatus.WAITLISTED,
        queued_at=now + datetime.timedelta(seconds=1),
    )

    response = client.post(manage_url(seat) + "stornieren/", follow=True)

    assert "Ihre Anmeldung ist storniert." in text_of(response)
    assert "Diese Anmeldung ist storniert." in text_of(response)
    assert [Registration.objects.get(pk=r.pk).status for r in (seat, first, second)] == [
        RegistrationStatus.CANCELLED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    ]


def test_cancel_of_a_cancelled_registration_leads_back(client):
    registration = RegistrationFactory(event=open_event(), status=RegistrationStatus.CANCELLED)

    response = client.post(manage_url(registration) + "stornieren/")

    assert response.status_code == 302
    assert response["Location"] == manage_url(registration)


# Calendar entry --------------------------------------------------------------------------


def test_calendar_entry_of_a_confirmed_registration_is_published_with_its_uid(client):
    event = open_event()
    registration = RegistrationFactory(event=event)

    response = client.get(manage_url(registration) + "kalender.ics")
    again = client.get(
        manage_url(registration) + "kalender.ics", HTTP_IF_NONE_MATCH=response["ETag"]
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="transfer-2031.ics"'
    calendar = Calendar.from_ical(response.content)
    (vevent,) = calendar.events
    assert calendar["METHOD"] == "PUBLISH"
    assert str(vevent["UID"]) == f"registration-{registration.public_id}@kommunalforum"
    assert vevent["SEQUENCE"] == registration.calendar_sequence
    assert str(vevent["SUMMARY"]) == "Transferveranstaltung 2031"
    assert again.status_code == 304


def test_logged_in_owner_sees_the_link_to_all_registrations(client):
    user = UserFactory()
    registration = RegistrationFactory(event=open_event(), user=user, email=user.email)
    client.force_login(user)

    response = client.get(manage_url(registration))

    assert 'href="/meine-anmeldungen/"' in response.content.decode()


def test_management_page_of_a_pending_registration_offers_the_confirmation(client):
    registration = pending(open_event())

    response = client.get(manage_url(registration))

    assert "Bitte bestätigen Sie Ihre Anmeldung über den Link in der E-Mail" in text_of(response)
    assert f'action="{manage_url(registration)}bestaetigen/"' in response.content.decode()
