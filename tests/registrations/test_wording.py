"""What registrants and organisers read: labels instead of stored codes, the state of chosen
Programmpunkte after a cancellation, promises the management page keeps, the format in mails."""

import html
import re

import pytest
from django.template.loader import render_to_string

from conferences.enums import EventFormat, EventStatus, TeamRole
from directory.enums import OrganisationType
from registrations.enums import RegistrationStatus
from tests.factories.conferences import EventFactory, TeamMembershipFactory
from tests.factories.core import UserFactory, add_totp
from tests.factories.registrations import (
    QuestionFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
    SessionChoiceFactory,
    SessionOptionFactory,
)
from tests.factories.sessions import SessionFactory

pytestmark = pytest.mark.django_db


def text_of(content: bytes | str) -> str:
    body = content.decode() if isinstance(content, bytes) else content
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def manage(client, registration) -> str:
    response = client.get(f"/anmeldungen/{registration.management_token}/")
    assert response.status_code == 200
    return text_of(response.content)


@pytest.fixture
def event():
    event = EventFactory(
        slug="transfer", title="Transfer Soest", contact_email="transfer@land.example"
    )
    RegistrationSettingsFactory(event=event)
    return event


def chose_workshop(registration) -> None:
    session = SessionFactory(event=registration.event, title="Workshop Bauakte")
    option = SessionOptionFactory(event=registration.event, session=session)
    SessionChoiceFactory(registration=registration, option=option)


def test_organiser_sees_the_label_of_the_organisation_type(client, event):
    membership = TeamMembershipFactory(team=event.team, role=TeamRole.ORGANISER)
    add_totp(membership.user)
    client.force_login(membership.user)
    registration = RegistrationFactory(
        event=event,
        organisation_name="Stadt Soest",
        organisation_type=OrganisationType.MUNICIPALITY,
    )

    response = client.get(f"/veranstalten/veranstaltungen/transfer/anmeldungen/{registration.pk}/")

    assert "Organisation Stadt Soest (Kommune)" in text_of(response.content)
    assert "(municipality)" not in text_of(response.content)


def test_confirmed_registration_lists_its_programmpunkte_as_confirmed(client, event):
    registration = RegistrationFactory(event=event)
    chose_workshop(registration)

    assert "Ihre Programmpunkte Workshop Bauakte (bestätigt)" in manage(client, registration)


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (RegistrationStatus.CANCELLED, "storniert"),
        (RegistrationStatus.REJECTED, "entfällt"),
    ],
)
def test_inactive_registration_no_longer_lists_its_programmpunkte_as_confirmed(
    client, event, status, shown
):
    registration = RegistrationFactory(event=event, status=status)
    chose_workshop(registration)

    text = manage(client, registration)

    assert f"Ihre Programmpunkte Workshop Bauakte ({shown})" in text
    assert "(bestätigt)" not in text


def test_programmpunkte_of_a_cancelled_event_are_cancelled(client, event):
    registration = RegistrationFactory(event=event)
    chose_workshop(registration)
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status"])

    assert "Workshop Bauakte (abgesagt)" in manage(client, registration)


def test_management_page_without_questions_promises_no_answers_to_change(client, event):
    registration = RegistrationFactory(event=event)

    text = manage(client, registration)

    assert (
        "Sie sind dabei. Auf dieser Seite finden Sie den Kalendereintrag und können die "
        "Anmeldung stornieren. Für andere Änderungen schreiben Sie bitte an das "
        "Veranstaltungsteam: transfer@land.example."
    ) in text
    assert "Antworten ändern" not in text


def test_management_page_with_questions_offers_to_change_the_answers(client, event):
    QuestionFactory(event=event, label="Essenswunsch")
    registration = RegistrationFactory(event=event)

    text = manage(client, registration)

    assert (
        "Auf dieser Seite finden Sie den Kalendereintrag, können Ihre Antworten ändern oder "
        "die Anmeldung stornieren."
    ) in text
    assert "Antworten ändern" in text.split("Ihre Antworten", 1)[1]


@pytest.mark.parametrize(
    ("event_format", "line"),
    [
        (EventFormat.ONLINE, "Format: online"),
        (EventFormat.HYBRID, "Format: hybrid: vor Ort und online"),
    ],
)
def test_mail_names_the_events_format(event_format, line):
    event = EventFactory(format=event_format, venue_name="Rathaus", venue_city="Soest")
    registration = RegistrationFactory(event=event)
    context = {"event": event, "registration": registration, "event_url": "https://x.example/"}

    text = render_to_string("registrations/mail/_event.txt", context)
    html_part = text_of(render_to_string("registrations/mail/_event.html", context))

    assert line in text.splitlines()
    assert line.replace("Format: ", "Format ") in html_part


def test_mail_without_questions_promises_no_answers_to_change(event):
    registration = RegistrationFactory(event=event)
    context = {"event": event, "registration": registration, "manage_url": "https://x.example/"}

    text = render_to_string("registrations/mail/_manage.txt", context)
    html_part = text_of(render_to_string("registrations/mail/_manage.html", context))

    assert text.splitlines()[0] == "Ihre Anmeldung ansehen oder stornieren:"
    assert "Dort können Sie Ihre Anmeldung ansehen oder stornieren." in html_part


def test_option_chosen_by_one_person_says_so_in_the_singular(client, event):
    membership = TeamMembershipFactory(team=event.team, role=TeamRole.ORGANISER)
    add_totp(membership.user)
    client.force_login(membership.user)
    registration = RegistrationFactory(event=event)
    chose_workshop(registration)
    option = registration.session_choices.get().option

    response = client.post(
        f"/veranstalten/veranstaltungen/transfer/anmeldungen/programmpunkte/{option.pk}/entfernen/",
        follow=True,
    )

    assert "„Workshop Bauakte“ bleibt wählbar: 1 angemeldete Person hat ihn gewählt." in text_of(
        response.content
    )


def test_admin_action_on_one_registration_reports_it_in_the_singular(client, event):
    staff = UserFactory(is_staff=True, is_superuser=True)
    add_totp(staff)
    client.force_login(staff)
    registration = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)

    response = client.post(
        "/admin/registrations/registration/",
        {"action": "cancel", "_selected_action": [registration.pk]},
        follow=True,
    )

    assert "1 Anmeldung storniert." in text_of(response.content)
