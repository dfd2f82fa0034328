"""The registrations of the demo data: realistic, idempotent, and without mails."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from conferences.demo import CONFERENCE_2020, TRANSFER_2027, WORKSHOP_2027
from core.demo_users import ORGANISER
from core.models import User
from mailing.models import OutboundMail
from registrations.enums import RegistrationStatus
from registrations.models import (
    Registration,
    RegistrationSettings,
    RequestNote,
    SessionChoice,
    SessionOption,
    WorkshopRequest,
)
from registrations.statistics import registration_statistics

COUNTED = [
    Registration,
    RegistrationSettings,
    SessionOption,
    SessionChoice,
    WorkshopRequest,
    RequestNote,
    OutboundMail,
]


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, object]:
    return {
        **{model._meta.label: model.objects.count() for model in COUNTED},
        "registrations": sorted(
            Registration.objects.values_list(
                "event__slug", "email", "status", "created_at", "updated_at", "token_hash"
            )
        ),
        "settings changed": sorted(
            RegistrationSettings.objects.values_list("event__slug", "updated_at")
        ),
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing():
    """Keep the real hashers: the demo seeds once per module and must find its hashes current."""


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module inside a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = seed()
        yield output
        transaction.set_rollback(True)


def test_seed_demo_registrations_twice_changes_nothing(seeded, db):
    before = snapshot()

    seed()

    assert snapshot() == before
    assert before["registrations.Registration"] == 525 + 40 + 8
    assert before["registrations.WorkshopRequest"] == 2


def test_seed_demo_registrations_reports_its_step(seeded, db):
    assert "Demo: Anmeldungen (Demo)" in seeded


def test_demo_conference_is_full_with_a_waiting_list(seeded, db):
    registrations = Registration.objects.filter(event__slug=CONFERENCE_2020)
    reg_settings = RegistrationSettings.objects.get(event__slug=CONFERENCE_2020)

    confirmed = registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    assert confirmed <= reg_settings.capacity == 500
    assert registrations.waiting().count() == 15
    assert registrations.filter(status=RegistrationStatus.CANCELLED).count() == 10
    assert not registrations.filter(privacy_accepted_at__isnull=True).exists()
    assert set(registrations.values_list("language", flat=True)) == {"de"}


def test_demo_conference_reaches_many_municipalities_over_weeks(seeded, db):
    figures = registration_statistics(
        Registration.objects.filter(event__slug=CONFERENCE_2020).first().event
    )

    assert figures.reach.reached > 100
    assert all(region.reached > 0 for region in figures.reach_by_region)
    assert len(figures.by_day) > 30
    assert figures.by_day[0].day.isoformat() == "2020-05-15"


def test_demo_transfer_choices_stay_within_workshop_seats(seeded, db):
    options = SessionOption.objects.filter(event__slug=TRANSFER_2027)

    assert [option.capacity for option in options] == [30, 30, 30, 30]
    for option in options:
        assert 0 < option.choices.count() <= 30
    assert Registration.objects.filter(event__slug=TRANSFER_2027).count() == 40


def test_demo_soest_workshop_has_registrations_awaiting_approval(seeded, db):
    registrations = Registration.objects.filter(event__slug=WORKSHOP_2027)

    assert registrations.awaiting_approval().count() == 3
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 5
    assert set(registrations.values_list("municipality__name", flat=True)) == {"Soest"}


def test_demo_registrations_send_no_mail(seeded, db):
    assert OutboundMail.objects.count() == 0


def test_demo_requests_are_new_and_in_progress(seeded, db):
    requests = WorkshopRequest.objects.order_by("municipality__ags")

    assert [(r.kind, r.municipality.ags, r.status) for r in requests] == [
        ("consulting", "05124000", "in_progress"),
        ("workshop", "05513000", "new"),
    ]
    assert requests[0].notes.count() == 1


def test_demo_organiser_sees_conference_statistics(seeded, db, client):
    client.force_login(User.objects.get(email=ORGANISER.email))

    response = client.get(
        reverse("organiser_registration_statistics", kwargs={"slug": CONFERENCE_2020})
    )

    assert response.status_code == 200
    assert "Nordrhein-Westfalen" in response.content.decode()


def test_demo_organiser_cancels_the_transfer_event_and_every_registrant_is_told(
    seeded, db, client, outbox, django_capture_on_commit_callbacks
):
    from icalendar import Calendar

    event_registrations = Registration.objects.filter(event__slug=TRANSFER_2027)
    active = {
        r.email: r for r in event_registrations.filter(status__in=RegistrationStatus.outcomes())
    }
    assert len(active) > 10
    invited_with = {email: r.calendar_sequence for email, r in active.items()}
    client.force_login(User.objects.get(email=ORGANISER.email))
    cancel_url = reverse("organiser_event_cancel", kwargs={"slug": TRANSFER_2027})
    assert f"{len(active)} angemeldete Personen" in client.get(cancel_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url)

    assert response.status_code == 302
    assert sorted(message.to[0] for message in outbox) == sorted(active)
    for message in outbox:
        registration = active[message.to[0]]
        calendars = [
            Calendar.from_ical(content)
            for _name, content, mimetype in message.attachments
            if mimetype.startswith("text/calendar")
        ]
        if registration.status == RegistrationStatus.CONFIRMED:
            [calendar] = calendars
            assert calendar["METHOD"] == "CANCEL"
            vevent = calendar.events[0]
            assert str(vevent["UID"]) == registration.calendar_uid
            assert int(vevent["SEQUENCE"]) > invited_with[registration.email]
        else:
            assert calendars == []
