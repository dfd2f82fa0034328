"""Services of workshop and consulting requests: submit, status changes, scheduling, mails."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from conferences.enums import EventFormat, EventKind, EventStatus
from conferences.models import ChangeLogEntry
from mailing.models import OutboundMail
from registrations.enums import RegistrationAudience
from registrations.requests import services as request_services
from registrations.requests.models import RequestKind, RequestStatus, RequestStatusChange
from registrations.requests.services import RequestDetails, WorkshopPlan
from registrations.rules import is_in_audience
from tests.factories.conferences import OrganiserTeamFactory, TopicFactory
from tests.factories.core import UserFactory
from tests.factories.directory import MunicipalityFactory
from tests.factories.requests import WorkshopRequestFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def soest():
    return MunicipalityFactory(name="Soest", ags="05974040")


@pytest.fixture
def team():
    return OrganiserTeamFactory(name="Geschäftsstelle Digitale Modellregionen")


def details(municipality, team, **changes) -> RequestDetails:
    values = {
        "kind": RequestKind.WORKSHOP,
        "municipality": municipality,
        "team": team,
        "contact_name": "Petra Schulte",
        "email": "P.Schulte@Soest.example",
        "function": "Digitalisierungsbeauftragte",
        "expected_participants": 25,
        "message": "Wir möchten digitale Anträge einführen.",
        **changes,
    }
    return RequestDetails(**values)


def plan(**changes) -> WorkshopPlan:
    values = {
        "title": "Kommunalworkshop Soest",
        "starts_at": datetime.datetime(2031, 3, 4, 9, 0, tzinfo=BERLIN),
        "ends_at": datetime.datetime(2031, 3, 4, 13, 0, tzinfo=BERLIN),
        "format": EventFormat.IN_PERSON,
        "contact_email": "team@land.example",
        "venue_name": "Rathaus Soest",
        "venue_street": "Am Vreithof 8",
        "venue_postal_code": "59494",
        "venue_city": "Soest",
        **changes,
    }
    return WorkshopPlan(**values)


def test_submit_request_stores_the_request_and_mails_a_confirmation(
    soest, team, outbox, django_capture_on_commit_callbacks
):
    topic = TopicFactory(name="E-Government", slug="e-government")
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        workshop_request = request_services.submit_request(
            details(
                soest,
                team,
                topics=[topic],
                preferred_dates=(datetime.date(2031, 3, 4), datetime.date(2031, 2, 11)),
                preferred_dates_note="nur vormittags",
            ),
            user=user,
        )

    workshop_request.refresh_from_db()
    assert workshop_request.status == RequestStatus.NEW
    assert workshop_request.email == "p.schulte@soest.example"
    assert workshop_request.created_by == user
    assert workshop_request.preferred_dates == [
        datetime.date(2031, 2, 11),
        datetime.date(2031, 3, 4),
    ]
    assert list(workshop_request.topics.all()) == [topic]
    assert workshop_request.privacy_accepted_at is not None
    assert [message.to for message in outbox] == [["p.schulte@soest.example"]]
    message = outbox[0]
    assert message.subject == "Ihre Anfrage ist eingegangen: Kommunalworkshop für Soest"
    assert "Guten Tag Petra Schulte," in message.body
    assert "Sie ist bei Geschäftsstelle Digitale Modellregionen eingegangen." in message.body
    assert "Themen: E-Government\n" in message.body
    assert "Erwartete Teilnehmende: 25\n" in message.body
    assert "Wunschtermine: 11. Februar 2031; 4. März 2031\n" in message.body
    assert "Hinweise zum Termin: nur vormittags\n" in message.body
    assert "Wir möchten digitale Anträge einführen." in message.body
    html = message.alternatives[0].content
    assert "Geschäftsstelle Digitale Modellregionen" in html
    assert OutboundMail.objects.get().idempotency_key == (
        f"workshop-request:{workshop_request.pk}:received"
    )


def test_submit_request_refuses_more_than_three_preferred_dates(soest, team):
    days = tuple(datetime.date(2031, 3, day) for day in (2, 3, 4, 5))

    with pytest.raises(ValidationError) as error:
        request_services.submit_request(details(soest, team, preferred_dates=days))

    assert error.value.message_dict == {
        "preferred_dates": ["Bitte nennen Sie höchstens drei Termine."]
    }


def test_submit_request_refuses_too_many_participants(soest, team):
    with pytest.raises(ValidationError) as error:
        request_services.submit_request(details(soest, team, expected_participants=501))

    assert list(error.value.message_dict) == ["expected_participants"]


def test_change_request_status_records_the_change_and_mails_the_requester(
    outbox, django_capture_on_commit_callbacks
):
    workshop_request = WorkshopRequestFactory(municipality__name="Soest")
    organiser = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        change = request_services.change_request_status(
            workshop_request,
            status=RequestStatus.IN_PROGRESS,
            actor=organiser,
            message="Wir rufen Sie nächste Woche an.",
        )

    workshop_request.refresh_from_db()
    assert workshop_request.status == RequestStatus.IN_PROGRESS
    assert (change.old_status, change.new_status, change.changed_by) == (
        RequestStatus.NEW,
        RequestStatus.IN_PROGRESS,
        organiser,
    )
    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == [workshop_request.email]
    assert message.subject == "Ihre Anfrage (Kommunalworkshop für Soest): in Bearbeitung"
    assert "Neuer Status: in Bearbeitung." in message.body
    assert "Ihre Anfrage ist jetzt in Bearbeitung." in message.body
    assert "Wir rufen Sie nächste Woche an." in message.body
    assert OutboundMail.objects.get().idempotency_key == (
        f"workshop-request:{workshop_request.pk}:status:in_progress:{change.pk}"
    )


def test_change_request_status_mails_in_the_language_of_the_request(
    outbox, django_capture_on_commit_callbacks
):
    workshop_request = WorkshopRequestFactory(municipality__name="Soest", language="en")

    with django_capture_on_commit_callbacks(execute=True):
        request_services.change_request_status(
            workshop_request, status=RequestStatus.DECLINED, actor=None
        )

    message = outbox[0]
    assert message.subject == "Your request (Municipal workshop for Soest): declined"
    assert "Unfortunately we cannot meet your request." in message.body
    assert OutboundMail.objects.get().language == "en"


def test_change_request_status_mails_each_change_once(outbox, django_capture_on_commit_callbacks):
    workshop_request = WorkshopRequestFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for status in (RequestStatus.IN_PROGRESS, RequestStatus.NEW, RequestStatus.IN_PROGRESS):
            request_services.change_request_status(workshop_request, status=status, actor=None)
    for callback in callbacks:
        callback()  # a task or callback that runs twice queues nothing new

    assert [message.subject.rsplit(": ", 1)[1] for message in outbox] == [
        "in Bearbeitung",
        "neu",
        "in Bearbeitung",
    ]
    assert OutboundMail.objects.count() == 3


@pytest.mark.parametrize("status", [RequestStatus.NEW, RequestStatus.SCHEDULED, "unknown"])
def test_change_request_status_refuses_the_current_unknown_or_eventless_scheduled(status):
    workshop_request = WorkshopRequestFactory()

    with pytest.raises(ValidationError) as error:
        request_services.change_request_status(workshop_request, status=status, actor=None)

    assert error.value.message_dict == {
        "status": ["Diesen Status kann die Anfrage jetzt nicht bekommen."]
    }
    assert RequestStatusChange.objects.count() == 0


def test_schedule_request_creates_a_draft_workshop_for_the_municipality_staff(
    outbox, django_capture_on_commit_callbacks
):
    topic = TopicFactory(name="E-Government", slug="e-government")
    workshop_request = WorkshopRequestFactory(municipality__name="Soest")
    workshop_request.topics.set([topic])
    organiser = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        event = request_services.schedule_request(workshop_request, plan(), actor=organiser)

    event.refresh_from_db()
    workshop_request.refresh_from_db()
    assert (event.kind, event.status, event.title) == (
        EventKind.WORKSHOP,
        EventStatus.DRAFT,
        "Kommunalworkshop Soest",
    )
    assert event.host_municipality == workshop_request.municipality
    assert event.team == workshop_request.team
    assert list(event.topics.all()) == [topic]
    assert event.registration_settings.audience == RegistrationAudience.HOST_MUNICIPALITY
    assert is_in_audience(event.registration_settings, municipality=workshop_request.municipality)
    assert not is_in_audience(event.registration_settings, municipality=MunicipalityFactory())
    assert workshop_request.scheduled_event == event
    assert workshop_request.status == RequestStatus.SCHEDULED
    assert list(ChangeLogEntry.objects.filter(event=event).values_list("action", flat=True)) == [
        "request_scheduled",
        "event_created",
    ]
    assert len(outbox) == 1
    message = outbox[0]
    assert message.subject == "Termin geplant: Kommunalworkshop für Soest am 4. März 2031"
    assert "Veranstaltung: Kommunalworkshop Soest\n" in message.body
    assert "Termin: 4. März 2031 09:00 – 13:00 (Europe/Berlin)\n" in message.body
    assert "Ort: Rathaus Soest, Am Vreithof 8, 59494 Soest\n" in message.body
    assert "Anmelden können sich die Beschäftigten von Soest." in message.body
    assert message.reply_to == ["team@land.example"]


def test_schedule_request_for_consulting_may_admit_everyone():
    workshop_request = WorkshopRequestFactory(kind=RequestKind.CONSULTING)

    event = request_services.schedule_request(
        workshop_request,
        plan(format=EventFormat.ONLINE, limit_to_municipality=False),
        actor=None,
    )

    assert event.kind == EventKind.CONSULTING
    assert event.registration_settings.audience == RegistrationAudience.EVERYONE


def test_schedule_request_twice_creates_one_event():
    workshop_request = WorkshopRequestFactory()
    request_services.schedule_request(workshop_request, plan(), actor=None)

    with pytest.raises(ValidationError) as error:
        request_services.schedule_request(workshop_request, plan(), actor=None)

    assert error.value.messages == ["Für diese Anfrage ist bereits eine Veranstaltung angelegt."]
    assert workshop_request.team.events.count() == 1


def test_schedule_request_reports_event_errors_by_field_and_keeps_the_request():
    workshop_request = WorkshopRequestFactory()

    with pytest.raises(ValidationError) as error:
        request_services.schedule_request(workshop_request, plan(venue_name=""), actor=None)

    assert error.value.message_dict == {
        "venue_name": [
            "Für eine Veranstaltung vor Ort oder hybrid geben Sie bitte den Veranstaltungsort an."
        ]
    }
    workshop_request.refresh_from_db()
    assert (workshop_request.status, workshop_request.scheduled_event) == (
        RequestStatus.NEW,
        None,
    )


def test_allowed_statuses_offer_scheduled_only_with_an_event():
    workshop_request = WorkshopRequestFactory(status=RequestStatus.IN_PROGRESS)

    assert request_services.allowed_statuses(workshop_request) == [
        "new",
        "declined",
        "done",
    ]


def test_submit_request_tells_the_team_organisers_but_not_its_moderators(
    soest, team, outbox, django_capture_on_commit_callbacks
):
    from conferences.enums import TeamRole
    from tests.factories.conferences import TeamMembershipFactory

    organiser = TeamMembershipFactory(
        team=team, user=UserFactory(email="orga@land.example", first_name="Olga")
    ).user
    TeamMembershipFactory(
        team=team, user=UserFactory(email="mod@land.example"), role=TeamRole.MODERATOR
    )

    with django_capture_on_commit_callbacks(execute=True):
        workshop_request = request_services.submit_request(details(soest, team))

    assert sorted(message.to[0] for message in outbox) == [
        "orga@land.example",
        "p.schulte@soest.example",
    ]
    notice = next(message for message in outbox if message.to == [organiser.email])
    assert notice.subject == "Neue Anfrage: Kommunalworkshop für Soest"
    assert "Guten Tag Olga," in notice.body
    assert f"/veranstalten/anfragen/{workshop_request.pk}/" in notice.body


def test_submit_request_mails_nothing_when_the_transaction_rolls_back(soest, team, outbox):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        request_services.submit_request(details(soest, team))
        raise RuntimeError("the caller fails after submitting")

    assert OutboundMail.objects.count() == 0
