"""An organiser's change reaches the registrants it concerns: mail, calendar, pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conferences import services as event_services
from conferences.models import ChangeLogEntry
from mailing.models import OutboundMail
from registrations.enums import RegistrationStatus, SessionChoiceStatus
from registrations.models import ChangeNotice, Registration
from registrations.services.notices import notify_change, recover_change_notices
from sessions import services as session_services
from tests.factories.conferences import EventFactory
from tests.factories.registrations import (
    RegistrationFactory,
    RegistrationSettingsFactory,
    SessionChoiceFactory,
    SessionOptionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(title="Transfer Soest")
    RegistrationSettingsFactory(event=event)
    return event


def people(event) -> dict[str, Registration]:
    return {
        status: RegistrationFactory(
            event=event, status=status, email=f"{status}@kommune.example", language="de"
        )
        for status in (
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.WAITLISTED,
            RegistrationStatus.AWAITING_APPROVAL,
            RegistrationStatus.CANCELLED,
        )
    }


def mails_to(outbox, address: str) -> list:
    return [message for message in outbox if message.to == [address]]


def calendar_of(message) -> Calendar | None:
    for _name, content, mimetype in message.attachments:
        if mimetype.startswith("text/calendar"):
            return Calendar.from_ical(content)
    return None


def test_cancelling_an_event_mails_every_active_registrant_once_with_a_calendar_cancel(
    event, outbox, django_capture_on_commit_callbacks
):
    registrations = people(event)
    confirmed = registrations[RegistrationStatus.CONFIRMED]
    invitation_sequence = confirmed.calendar_sequence

    with django_capture_on_commit_callbacks(execute=True):
        event_services.cancel_event(event, actor=None)

    assert sorted(message.to[0] for message in outbox) == [
        "awaiting_approval@kommune.example",
        "confirmed@kommune.example",
        "waitlisted@kommune.example",
    ]
    [mail] = mails_to(outbox, "confirmed@kommune.example")
    assert mail.subject == "Abgesagt: Transfer Soest"
    assert "die Veranstaltung „Transfer Soest“ ist abgesagt" in mail.body
    calendar = calendar_of(mail)
    vevent = calendar.events[0]
    assert calendar["METHOD"] == "CANCEL"
    assert str(vevent["UID"]) == confirmed.calendar_uid
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert int(vevent["SEQUENCE"]) > invitation_sequence
    # Only a confirmed registrant holds an invitation to withdraw.
    [waiting] = mails_to(outbox, "waitlisted@kommune.example")
    assert calendar_of(waiting) is None


def test_cancelling_notifies_nobody_twice_when_the_task_runs_again(
    event, outbox, django_capture_on_commit_callbacks
):
    people(event)
    with django_capture_on_commit_callbacks(execute=True):
        event_services.cancel_event(event, actor=None)
    change = ChangeLogEntry.objects.get(event=event, action="event_cancelled")

    with django_capture_on_commit_callbacks(execute=True):
        assert notify_change(change.pk) == 3
    assert len(outbox) == 3
    assert ChangeNotice.objects.get(change=change).recipients == 3


def test_moving_an_event_mails_the_confirmed_registrants_the_new_time_with_a_request(
    event, outbox, django_capture_on_commit_callbacks
):
    registrations = people(event)
    new_start = event.starts_at + datetime.timedelta(days=7)

    with django_capture_on_commit_callbacks(execute=True):
        event_services.update_event(
            event,
            actor=None,
            changes={"starts_at": new_start, "ends_at": new_start + datetime.timedelta(hours=6)},
        )

    [mail] = outbox
    assert mail.to == ["confirmed@kommune.example"]
    assert mail.subject == "Geändert: Transfer Soest"
    assert "Beginn: " in mail.body
    local = timezone.localtime(new_start)
    assert f"→ {local:%d.%m.%Y %H:%M}" in mail.body
    calendar = calendar_of(mail)
    assert calendar["METHOD"] == "REQUEST"
    assert calendar.events[0].start == new_start
    assert (
        str(calendar.events[0]["UID"]) == registrations[RegistrationStatus.CONFIRMED].calendar_uid
    )


def test_a_title_change_mails_nobody(event, outbox, django_capture_on_commit_callbacks):
    people(event)
    with django_capture_on_commit_callbacks(execute=True):
        event_services.update_event(event, actor=None, changes={"title": "Transfer Soest 2"})
    assert outbox == []


def test_cancel_then_reinstate_sends_two_mails_whose_calendar_sequence_rises(
    event, outbox, django_capture_on_commit_callbacks
):
    people(event)
    with django_capture_on_commit_callbacks(execute=True):
        event_services.cancel_event(event, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        event_services.reinstate_event(event, actor=None)

    cancel, reinstate = mails_to(outbox, "confirmed@kommune.example")
    assert (cancel.subject, reinstate.subject) == (
        "Abgesagt: Transfer Soest",
        "Findet doch statt: Transfer Soest",
    )
    cancelled, reinstated = calendar_of(cancel), calendar_of(reinstate)
    assert (cancelled["METHOD"], reinstated["METHOD"]) == ("CANCEL", "REQUEST")
    assert int(reinstated.events[0]["SEQUENCE"]) > int(cancelled.events[0]["SEQUENCE"])
    assert len(mails_to(outbox, "waitlisted@kommune.example")) == 2


def test_moving_a_chosen_session_tells_the_people_who_chose_it(
    event, outbox, django_capture_on_commit_callbacks
):
    option = SessionOptionFactory(event=event, session__title="Werkstatt OZG")
    other = SessionOptionFactory(event=event, session__title="Werkstatt KI")
    chose = SessionChoiceFactory(
        option=option, registration__event=event, registration__email="chose@kommune.example"
    )
    SessionChoiceFactory(
        option=other, registration__event=event, registration__email="other@kommune.example"
    )
    session = option.session
    later = session.starts_at + datetime.timedelta(minutes=30)

    with django_capture_on_commit_callbacks(execute=True):
        session_services.update_session(
            session,
            actor=None,
            changes={
                "starts_at": later,
                "ends_at": session.ends_at + datetime.timedelta(minutes=30),
            },
        )

    [mail] = outbox
    assert mail.to == ["chose@kommune.example"]
    assert mail.subject == "Programmpunkt geändert: Werkstatt OZG"
    assert chose.status == SessionChoiceStatus.CONFIRMED


def test_cancelling_a_chosen_session_says_so(event, outbox, django_capture_on_commit_callbacks):
    option = SessionOptionFactory(event=event, session__title="Werkstatt OZG")
    SessionChoiceFactory(
        option=option, registration__event=event, registration__email="chose@kommune.example"
    )
    with django_capture_on_commit_callbacks(execute=True):
        session_services.cancel_session(option.session, actor=None)
    [mail] = outbox
    assert mail.subject == "Programmpunkt abgesagt: Werkstatt OZG"
    assert "ist abgesagt" in mail.body


def test_a_change_whose_task_was_lost_is_mailed_by_the_recovery_job(
    event, outbox, django_capture_on_commit_callbacks
):
    people(event)
    # The commit happens, but its after-commit signal never runs (a worker died there).
    with django_capture_on_commit_callbacks(execute=False):
        event_services.cancel_event(event, actor=None)
    assert outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        recovered = recover_change_notices(now=timezone.now() + datetime.timedelta(minutes=3))

    assert recovered == 1
    assert len(outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert recover_change_notices(now=timezone.now() + datetime.timedelta(minutes=3)) == 0
    assert len(outbox) == 3


def test_the_organisers_cancel_request_writes_no_mail_itself_however_many_registrants(
    event, client, django_assert_max_num_queries, organiser_of
):
    RegistrationFactory.create_batch(50, event=event)
    client.force_login(organiser_of(event))
    with django_assert_max_num_queries(30):
        response = client.post(reverse("organiser_event_cancel", kwargs={"slug": event.slug}))
    assert response.status_code == 302
    assert not OutboundMail.objects.exists()


def test_the_cancel_confirmation_tells_the_organiser_how_many_people_are_mailed(
    event, client, organiser_of
):
    people(event)
    client.force_login(organiser_of(event))
    response = client.get(reverse("organiser_event_cancel", kwargs={"slug": event.slug}))
    assert (
        "3 angemeldete Personen (bestätigt, auf der Warteliste oder mit ausstehender Freigabe) "
        "erhalten eine Mail mit der Absage." in response.content.decode()
    )


def test_the_management_page_and_my_registrations_show_the_cancellation(event, client):
    registration = RegistrationFactory(event=event, email="teilnahme@kommune.example")
    event_services.cancel_event(event, actor=None)
    page = client.get(
        reverse("registration_manage", kwargs={"token": registration.management_token})
    ).content.decode()
    assert "Die Veranstaltung ist abgesagt." in page
    assert "Ihre Anmeldung ist bestätigt." not in page
