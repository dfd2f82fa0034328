"""Mails to registrants, read from anymail's test backend after going through the outbox.

Each test acts through the public pages (form, confirmation link, cancellation), so it
checks what a registrant actually receives: language, text and HTML, the calendar
attachment with its iTIP method, UID and SEQUENCE, and links that work.
"""

import re

import pytest
from django.core import mail
from icalendar import Calendar

from conferences.enums import EventFormat
from registrations.enums import RegistrationStatus
from registrations.models import Registration
from tests.factories.conferences import EventFactory
from tests.factories.core import UserFactory
from tests.factories.registrations import RegistrationFactory, RegistrationSettingsFactory
from tests.mailing.mailers import ANYMAIL_TEST_BACKEND, IMMEDIATE_TASKS, use_mailer

pytestmark = pytest.mark.django_db

FORM = "/veranstaltungen/fachkonferenz-2031/anmeldung/"
SITE = "http://127.0.0.1:8000"


@pytest.fixture
def outbox(settings) -> list:
    use_mailer(settings, ANYMAIL_TEST_BACKEND)
    settings.TASKS = {"default": {"BACKEND": IMMEDIATE_TASKS}}
    settings.REGISTRATIONS_RATE_LIMITS = {"registration_ip": None, "registration_email": None}
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def event():
    event = EventFactory(
        slug="fachkonferenz-2031",
        title="Fachkonferenz Digitalisierung 2031",
        format=EventFormat.IN_PERSON,
        venue_name="Stadthalle",
        venue_city="Soest",
        venue_postal_code="59494",
    )
    RegistrationSettingsFactory(event=event, capacity=1)
    return event


def form_data(**overrides) -> dict:
    return {
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": "erika@soest.example",
        "privacy_accepted": "on",
        **overrides,
    }


def html_body(message) -> str:
    ((content, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return content


def calendar_of(message) -> tuple[Calendar, str]:
    """The invitation among the attachments (in-person events also carry a check-in code)."""
    (attachment,) = [a for a in message.attachments if a[0] == "einladung.ics"]
    _filename, content, mimetype = attachment
    return Calendar.from_ical(content), mimetype


def link_path(body: str, prefix: str = "") -> str:
    match = re.search(
        rf"{re.escape(SITE)}({re.escape(prefix)}/anmeldungen/[A-Za-z0-9_-]+/(?:bestaetigen/)?)",
        body,
    )
    assert match, body
    return match.group(1)


def test_confirmation_mail_in_german_carries_text_html_invitation_and_link(
    client, outbox, event, django_capture_on_commit_callbacks
):
    user = UserFactory(email="erika@soest.example", first_name="Erika", last_name="Mustermann")
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, form_data())

    registration = Registration.objects.get(event=event)
    (message,) = outbox
    assert message.to == ["erika@soest.example"]
    assert message.subject == "Anmeldung bestätigt: Fachkonferenz Digitalisierung 2031"
    assert "Guten Tag Erika Mustermann," in message.body
    assert "Ihre Anmeldung zu „Fachkonferenz Digitalisierung 2031“ ist bestätigt." in message.body
    assert "Stadthalle, 59494 Soest" in message.body
    assert "Ihre Anmeldung zu „Fachkonferenz Digitalisierung 2031“ ist bestätigt." in html_body(
        message
    )
    calendar, mimetype = calendar_of(message)
    (vevent,) = calendar.events
    assert mimetype.startswith("text/calendar")
    assert "method=REQUEST" in mimetype
    assert calendar["METHOD"] == "REQUEST"
    assert str(vevent["UID"]) == f"registration-{registration.public_id}@kommunalforum"
    assert vevent["SEQUENCE"] == registration.calendar_sequence
    assert str(vevent["ATTENDEE"]) == "mailto:erika@soest.example"
    manage = link_path(message.body)
    assert manage == f"/anmeldungen/{registration.management_token}/"
    assert f'href="{SITE}{manage}"' in html_body(message)
    page = client.get(manage)
    assert page.status_code == 200
    assert "Ihre Anmeldung ist bestätigt." in page.content.decode()


def test_confirmation_mail_goes_out_in_the_registrants_language(
    client, outbox, event, django_capture_on_commit_callbacks
):
    client.force_login(
        UserFactory(email="erika@soest.example", first_name="Erika", last_name="Mustermann")
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en" + FORM, form_data())

    registration = Registration.objects.get(event=event)
    (message,) = outbox
    assert registration.language == "en"
    assert message.subject == "Registration confirmed: Fachkonferenz Digitalisierung 2031"
    assert "Dear Erika Mustermann," in message.body
    assert (
        "Your registration for “Fachkonferenz Digitalisierung 2031” is confirmed." in message.body
    )
    assert "Your registration for “Fachkonferenz Digitalisierung 2031” is confirmed." in html_body(
        message
    )
    manage = link_path(message.body, prefix="/en")
    page = client.get(manage)
    assert page.status_code == 200
    assert "Your registration is confirmed." in page.content.decode()


def test_opt_in_mail_link_confirms_and_then_sends_the_invitation(
    client, outbox, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, form_data())

    (opt_in,) = outbox
    assert (
        opt_in.subject == "Bitte bestätigen Sie Ihre Anmeldung: Fachkonferenz Digitalisierung 2031"
    )
    assert [a[0] for a in opt_in.attachments] == []
    confirm = link_path(opt_in.body)
    assert confirm.endswith("/bestaetigen/")
    assert client.get(confirm).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)

    registration = Registration.objects.get(event=event)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert [m.subject for m in outbox] == [
        "Bitte bestätigen Sie Ihre Anmeldung: Fachkonferenz Digitalisierung 2031",
        "Anmeldung bestätigt: Fachkonferenz Digitalisierung 2031",
    ]
    calendar, _mimetype = calendar_of(outbox[1])
    assert calendar["METHOD"] == "REQUEST"


def test_cancellation_mail_withdraws_the_invitation(
    client, outbox, event, django_capture_on_commit_callbacks
):
    user = UserFactory(email="erika@soest.example")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, form_data())
    registration = Registration.objects.get(event=event)
    invitation, _ = calendar_of(outbox[0])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/anmeldungen/{registration.management_token}/stornieren/")

    cancellation = outbox[1]
    assert cancellation.subject == "Anmeldung storniert: Fachkonferenz Digitalisierung 2031"
    assert "Im Anhang finden Sie die Absage für Ihren Kalender." in cancellation.body
    calendar, mimetype = calendar_of(cancellation)
    (vevent,) = calendar.events
    (invited,) = invitation.events
    assert "method=CANCEL" in mimetype
    assert calendar["METHOD"] == "CANCEL"
    assert vevent["UID"] == invited["UID"]
    assert vevent["SEQUENCE"] > invited["SEQUENCE"]
    assert vevent["STATUS"] == "CANCELLED"


def test_cancellation_promotes_the_first_waiting_person_with_a_mail(
    client, outbox, event, django_capture_on_commit_callbacks
):
    seat = RegistrationFactory(event=event, email="erika@soest.example")
    first = RegistrationFactory(
        event=event, status=RegistrationStatus.WAITLISTED, email="first@werl.example"
    )
    second = RegistrationFactory(
        event=event, status=RegistrationStatus.WAITLISTED, email="second@lippstadt.example"
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/anmeldungen/{seat.management_token}/stornieren/")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    )
    by_recipient = {message.to[0]: message for message in outbox}
    assert sorted(by_recipient) == ["erika@soest.example", "first@werl.example"]
    promoted = by_recipient["first@werl.example"]
    assert promoted.subject == "Ein Platz ist frei geworden: Fachkonferenz Digitalisierung 2031"
    assert (
        "Sie sind von der Warteliste nachgerückt, Ihre Anmeldung ist jetzt bestätigt."
        in promoted.body
    )
    calendar, _mimetype = calendar_of(promoted)
    assert calendar["METHOD"] == "REQUEST"
    assert client.get(link_path(promoted.body)).status_code == 200
