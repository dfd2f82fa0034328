import datetime
import itertools

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from conferences.enums import EventStatus
from core.models import User
from directory.enums import OrganisationType
from mailing.models import OutboundMail
from registrations import services
from registrations.enums import (
    QuestionKind,
    RegistrationAudience,
    RegistrationStatus,
    SessionChoiceStatus,
)
from registrations.models import Registration
from registrations.queries import (
    option_seat_summary,
    registration_for_token,
    seat_summary,
    waiting_position,
)
from tests.factories.conferences import EventFactory
from tests.factories.core import UserFactory
from tests.factories.directory import MunicipalityFactory
from tests.factories.registrations import (
    QuestionFactory,
    RegistrationSettingsFactory,
    SessionOptionFactory,
)
from tests.factories.sessions import SessionFactory

pytestmark = pytest.mark.django_db

_numbers = itertools.count()


def open_event(**settings_fields):
    """A published event whose registration opened yesterday."""
    event = EventFactory()
    RegistrationSettingsFactory(event=event, **settings_fields)
    return event


def register(event, **fields) -> Registration:
    """Register an anonymous person (double opt-in pending) with valid defaults."""
    n = next(_numbers)
    values = {
        "email": f"Gast{n}@Gemeinde.example",
        "first_name": "Erika",
        "last_name": f"Muster{n}",
        "privacy_accepted": True,
    }
    values.update(fields)
    return services.register_attendee(event, **values)


def register_verified(event, **fields) -> Registration:
    """Register a logged-in person with a verified address: no double opt-in."""
    user = UserFactory()
    return register(event, user=user, email=user.email, **fields)


def statuses(event) -> list[tuple[str, str]]:
    return list(
        Registration.objects.filter(event=event).order_by("pk").values_list("last_name", "status")
    )


# Outcomes ---------------------------------------------------------------------------------


def test_register_attendee_confirms_a_verified_user_at_once():
    event = open_event(capacity=10)
    registration = register_verified(event)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.outcome == ""
    assert registration.confirmed_at is not None
    assert registration.user is not None
    assert registration.privacy_notice_version == "1"


def test_register_attendee_keeps_an_unverified_person_pending_with_the_seat_held():
    event = open_event(capacity=1, confirmation_window=24)
    pending = register(event, email=" Erika@Kommune.Example ")
    assert (pending.status, pending.outcome) == (
        RegistrationStatus.PENDING,
        RegistrationStatus.CONFIRMED,
    )
    assert pending.email == "erika@kommune.example"
    assert pending.user is None
    assert pending.confirm_by == pytest.approx(
        timezone.now() + datetime.timedelta(hours=24), abs=datetime.timedelta(seconds=5)
    )
    second = register_verified(event)
    assert second.status == RegistrationStatus.WAITLISTED
    assert seat_summary(event).taken == 1
    assert seat_summary(event).waiting == 1


def test_register_attendee_puts_people_on_the_waiting_list_with_their_position():
    event = open_event(capacity=1)
    register_verified(event)
    first = register_verified(event)
    second = register_verified(event)
    assert [waiting_position(first), waiting_position(second)] == [1, 2]
    assert seat_summary(event).free == 0


def test_register_attendee_refuses_a_full_event_without_waiting_list():
    event = open_event(capacity=1, waitlist_enabled=False)
    register_verified(event)
    with pytest.raises(services.EventFull) as caught:
        register_verified(event)
    assert str(caught.value.message) == "Die Veranstaltung ist ausgebucht."
    assert Registration.objects.filter(event=event).count() == 1


def test_register_attendee_awaits_approval_when_required():
    event = open_event(capacity=5, approval_required=True)
    registration = register_verified(event)
    assert registration.status == RegistrationStatus.AWAITING_APPROVAL
    assert seat_summary(event).taken == 0


def test_approve_registration_confirms_or_waitlists_when_full():
    event = open_event(capacity=1, approval_required=True)
    first = register_verified(event)
    second = register_verified(event)
    assert services.approve_registration(first).status == RegistrationStatus.CONFIRMED
    approved = services.approve_registration(second)
    assert approved.status == RegistrationStatus.WAITLISTED
    assert waiting_position(approved) == 1
    with pytest.raises(services.InvalidTransition):
        services.approve_registration(first)


def test_reject_registration_declines_and_keeps_the_seats():
    event = open_event(capacity=1, approval_required=True)
    registration = register_verified(event)
    rejected = services.reject_registration(registration, reason="Nur für Kommunen")
    assert rejected.status == RegistrationStatus.REJECTED
    assert rejected.decided_at is not None
    assert seat_summary(event).taken == 0


def test_confirm_registration_takes_the_held_outcome_and_creates_an_account():
    event = open_event(capacity=10)
    pending = register(event, email="neu@kommune.example", first_name="Nora", last_name="Neu")
    confirmed = services.confirm_registration(pending)
    assert confirmed.status == RegistrationStatus.CONFIRMED
    assert confirmed.outcome == ""
    assert confirmed.confirm_by is None
    user = User.objects.get(email="neu@kommune.example")
    assert confirmed.user == user
    assert (user.first_name, user.last_name, user.has_usable_password()) == ("Nora", "Neu", False)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (
        "neu@kommune.example",
        True,
        True,
    )


def test_confirm_registration_links_an_existing_verified_account():
    user = UserFactory(email="bekannt@kommune.example")
    event = open_event()
    pending = register(event, email="Bekannt@kommune.example")
    assert services.confirm_registration(pending).user == user
    assert User.objects.filter(email__iexact="bekannt@kommune.example").count() == 1


def test_confirm_registration_leaves_an_unverified_account_with_password_alone():
    user = UserFactory(email="fremd@kommune.example", verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    event = open_event()
    confirmed = services.confirm_registration(register(event, email=user.email))
    assert confirmed.status == RegistrationStatus.CONFIRMED
    assert confirmed.user is None
    assert EmailAddress.objects.get(user=user).verified is False


def test_confirm_registration_twice_returns_the_confirmed_registration():
    event = open_event()
    pending = register(event)
    first = services.confirm_registration(pending)
    second = services.confirm_registration(pending)
    assert (second.pk, second.status, second.sequence) == (
        first.pk,
        RegistrationStatus.CONFIRMED,
        first.sequence,
    )


def test_confirm_registration_of_a_waitlisted_person_keeps_their_place():
    event = open_event(capacity=1)
    register_verified(event)
    pending = register(event)
    later = register_verified(event)
    confirmed = services.confirm_registration(pending)
    assert confirmed.status == RegistrationStatus.WAITLISTED
    assert [waiting_position(confirmed), waiting_position(later)] == [1, 2]


def test_confirm_registration_after_the_window_raises_expired():
    event = open_event(confirmation_window=1)
    pending = register(event)
    Registration.objects.filter(pk=pending.pk).update(
        confirm_by=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(services.RegistrationExpired):
        services.confirm_registration(pending)


def test_expire_unconfirmed_releases_the_seat_to_the_first_waiting_person():
    event = open_event(capacity=1, confirmation_window=2)
    pending = register(event)
    first = register_verified(event)
    second = register_verified(event)
    expired = services.expire_unconfirmed(timezone.now() + datetime.timedelta(hours=3))
    assert expired == 1
    pending.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (pending.status, pending.outcome) == (RegistrationStatus.EXPIRED, "")
    assert first.status == RegistrationStatus.CONFIRMED
    assert second.status == RegistrationStatus.WAITLISTED
    assert waiting_position(second) == 1


def test_expire_unconfirmed_leaves_registrations_within_their_window():
    event = open_event(confirmation_window=48)
    pending = register(event)
    assert services.expire_unconfirmed(timezone.now() + datetime.timedelta(hours=47)) == 0
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.PENDING


def test_register_attendee_expires_overdue_registrations_of_the_event_first():
    event = open_event(capacity=1, confirmation_window=1)
    pending = register(event)
    Registration.objects.filter(pk=pending.pk).update(
        confirm_by=timezone.now() - datetime.timedelta(seconds=1)
    )
    latecomer = register_verified(event)
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.EXPIRED
    assert latecomer.status == RegistrationStatus.CONFIRMED


# Opening, audience and limits -----------------------------------------------------------


@pytest.mark.parametrize(
    ("settings_fields", "event_fields"),
    [
        ({"opens_at": timezone.now() + datetime.timedelta(days=1)}, {}),
        ({"closes_at": timezone.now() - datetime.timedelta(minutes=1)}, {}),
        ({}, {"status": EventStatus.DRAFT}),
        ({}, {"status": EventStatus.CANCELLED}),
    ],
    ids=["not-yet-open", "closed", "draft", "cancelled-event"],
)
def test_register_attendee_refuses_when_registration_is_closed(settings_fields, event_fields):
    event = EventFactory(**event_fields)
    RegistrationSettingsFactory(
        event=event,
        opens_at=settings_fields.get("opens_at", timezone.now() - datetime.timedelta(days=2)),
        closes_at=settings_fields.get("closes_at"),
    )
    with pytest.raises(services.RegistrationClosed) as caught:
        register(event)
    assert str(caught.value.message) == "Die Anmeldung für diese Veranstaltung ist nicht geöffnet."


def test_register_attendee_refuses_an_event_without_registration_settings():
    with pytest.raises(services.RegistrationClosed):
        register(EventFactory())


@pytest.mark.parametrize(
    ("organisation_type", "allowed"),
    [
        (OrganisationType.MUNICIPALITY, True),
        (OrganisationType.DISTRICT, True),
        (OrganisationType.STATE_AUTHORITY, True),
        (OrganisationType.BUSINESS, False),
        ("", False),
    ],
)
def test_register_attendee_public_bodies_only(organisation_type, allowed):
    event = open_event(audience=RegistrationAudience.PUBLIC_BODIES)
    if allowed:
        assert register(event, organisation_type=organisation_type).is_active
    else:
        with pytest.raises(services.AudienceNotAllowed):
            register(event, organisation_type=organisation_type)


def test_register_attendee_host_municipality_staff_only():
    host = MunicipalityFactory(name="Soest")
    other = MunicipalityFactory(name="Werl")
    event = EventFactory(host_municipality=host)
    RegistrationSettingsFactory(event=event, audience=RegistrationAudience.HOST_MUNICIPALITY)
    registration = register(event, municipality=host)
    assert registration.organisation_type == OrganisationType.MUNICIPALITY
    for municipality in (other, None):
        with pytest.raises(services.AudienceNotAllowed):
            register(event, municipality=municipality)


@pytest.mark.parametrize(
    ("code", "allowed"),
    [("Modellregion-2020", True), (" modellregion-2020 ", True), ("falsch", False), ("", False)],
)
def test_register_attendee_invitation_code(code, allowed):
    event = open_event(
        audience=RegistrationAudience.INVITATION_CODE, invitation_code="Modellregion-2020"
    )
    if allowed:
        assert register(event, invitation_code=code).is_active
    else:
        with pytest.raises(services.AudienceNotAllowed):
            register(event, invitation_code=code)


def test_register_attendee_limits_seats_per_municipality():
    municipality = MunicipalityFactory()
    event = open_event(per_municipality_limit=2)
    register(event, municipality=municipality)
    register(event, municipality=municipality)
    with pytest.raises(services.MunicipalityLimitReached) as caught:
        register(event, municipality=municipality)
    assert str(caught.value.message) == (
        "Für Ihre Kommune sind bereits alle verfügbaren Plätze vergeben."
    )
    assert register(event, municipality=MunicipalityFactory()).is_active


def test_register_attendee_frees_a_municipality_seat_on_cancellation():
    municipality = MunicipalityFactory()
    event = open_event(per_municipality_limit=1)
    first = register(event, municipality=municipality)
    services.cancel_registration(first)
    assert register(event, municipality=municipality).is_active


# Double submit ----------------------------------------------------------------------------


def test_register_attendee_twice_keeps_one_registration_and_returns_it():
    event = open_event(capacity=3)
    first = register(event, email="doppelt@kommune.example")
    with pytest.raises(services.AlreadyRegistered) as caught:
        register(event, email="DOPPELT@kommune.example ")
    assert caught.value.registration == first
    assert Registration.objects.filter(event=event).count() == 1


def test_register_attendee_again_after_cancellation_creates_a_new_registration():
    event = open_event()
    first = register(event, email="wieder@kommune.example")
    services.cancel_registration(first)
    second = register(event, email="wieder@kommune.example")
    assert second.pk != first.pk
    assert second.calendar_uid != first.calendar_uid


# Validation -------------------------------------------------------------------------------


def test_register_attendee_validates_every_field_with_a_message():
    event = open_event(recording_notice=True)
    with pytest.raises(ValidationError) as caught:
        services.register_attendee(
            event,
            email="keine-adresse",
            first_name="",
            last_name="x" * 151,
            organisation_type="erfunden",
            organisation_name="y" * 201,
        )
    assert caught.value.message_dict == {
        "email": ["Bitte geben Sie eine gültige E-Mail-Adresse an."],
        "first_name": ["Bitte geben Sie Ihren Vornamen an."],
        "last_name": ["Bitte kürzen Sie auf höchstens 150 Zeichen."],
        "organisation_type": ["Bitte wählen Sie eine Art der Organisation."],
        "organisation_name": ["Bitte kürzen Sie auf höchstens 200 Zeichen."],
        "privacy_accepted": [
            "Bitte bestätigen Sie, dass Sie den Datenschutzhinweis gelesen haben."
        ],
        "recording_acknowledged": [
            "Bitte nehmen Sie den Hinweis auf Foto- und Videoaufnahmen zur Kenntnis."
        ],
    }
    assert not Registration.objects.exists()


def test_register_attendee_records_consents_with_time_and_version():
    event = open_event(recording_notice=True, privacy_notice_version="2020-06")
    registration = register(
        event,
        directory_consent=True,
        directory_consent_version="netzwerk-1",
        recording_acknowledged=True,
    )
    assert registration.privacy_notice_version == "2020-06"
    assert registration.directory_consent is True
    assert registration.directory_consent_version == "netzwerk-1"
    assert registration.directory_consent_at is not None
    assert registration.recording_acknowledged_at is not None
    plain = register(event, recording_acknowledged=True)
    assert (plain.directory_consent, plain.directory_consent_at) == (False, None)


def test_register_attendee_checks_and_stores_answers():
    event = open_event()
    short = QuestionFactory(event=event, kind=QuestionKind.SHORT_TEXT, required=True)
    several = QuestionFactory(
        event=event, kind=QuestionKind.MULTIPLE_CHOICE, choices=["Mobilität", "Bildung", "Bauen"]
    )
    number = QuestionFactory(event=event, kind=QuestionKind.NUMBER)
    day = QuestionFactory(event=event, kind=QuestionKind.DATE)
    checkbox = QuestionFactory(event=event, kind=QuestionKind.CHECKBOX)
    registration = register(
        event,
        answers={
            short.pk: " Digitalisierung ",
            str(several.pk): ["Bauen", "Mobilität"],
            f"question_{number.pk}": "12",
            day.pk: "2020-06-19",
        },
    )
    stored = {a.question_id: a.value for a in registration.answers.all()}
    assert stored == {
        short.pk: "Digitalisierung",
        several.pk: ["Mobilität", "Bauen"],
        number.pk: 12,
        day.pk: "2020-06-19",
        checkbox.pk: False,
    }


def test_register_attendee_refuses_bad_answers():
    event = open_event()
    required = QuestionFactory(event=event, kind=QuestionKind.SHORT_TEXT, required=True)
    single = QuestionFactory(event=event, kind=QuestionKind.SINGLE_CHOICE, choices=["ja", "nein"])
    long = QuestionFactory(event=event, kind=QuestionKind.LONG_TEXT)
    day = QuestionFactory(event=event, kind=QuestionKind.DATE)
    with pytest.raises(ValidationError) as caught:
        register(
            event,
            answers={single.pk: "vielleicht", long.pk: "x" * 5001, day.pk: "19.06.2020"},
        )
    assert caught.value.message_dict == {
        f"question_{required.pk}": ["Bitte beantworten Sie diese Frage."],
        f"question_{single.pk}": ["Bitte wählen Sie eine der Möglichkeiten."],
        f"question_{long.pk}": ["Bitte kürzen Sie Ihre Antwort auf höchstens 5000 Zeichen."],
        f"question_{day.pk}": ["Bitte geben Sie ein Datum im Format JJJJ-MM-TT ein."],
    }


def test_update_answers_replaces_answers_of_an_active_registration():
    event = open_event()
    question = QuestionFactory(event=event, kind=QuestionKind.SHORT_TEXT)
    registration = register(event, answers={question.pk: "alt"})
    services.update_answers(registration, answers={question.pk: "neu"})
    assert registration.answers.get().value == "neu"
    services.cancel_registration(registration)
    with pytest.raises(services.InvalidTransition):
        services.update_answers(registration, answers={question.pk: "später"})


# Session options --------------------------------------------------------------------------


def workshop(event, capacity, hour=10):
    session = SessionFactory(
        event=event,
        starts_at=event.starts_at.replace(hour=hour),
        ends_at=event.starts_at.replace(hour=hour + 1),
    )
    return SessionOptionFactory(event=event, session=session, capacity=capacity)


def test_session_option_capacity_is_kept_and_freed_seats_move_up():
    event = open_event(capacity=10)
    option = workshop(event, capacity=1)
    first = register_verified(event, session_options=[option])
    second = register_verified(event, session_options=[option.pk])
    assert first.session_choices.get().status == SessionChoiceStatus.CONFIRMED
    assert second.session_choices.get().status == SessionChoiceStatus.WAITLISTED
    assert option_seat_summary(option).taken == 1
    services.cancel_registration(first)
    assert second.session_choices.get().status == SessionChoiceStatus.CONFIRMED
    assert option_seat_summary(option).taken == 1


def test_session_option_full_without_waiting_list_refuses_the_registration():
    event = open_event(capacity=10, waitlist_enabled=False)
    option = workshop(event, capacity=1)
    register_verified(event, session_options=[option])
    with pytest.raises(services.SessionOptionFull) as caught:
        register_verified(event, session_options=[option])
    assert str(caught.value.message) == f"„{option.session.title}“ ist ausgebucht."
    assert Registration.objects.filter(event=event).count() == 1


def test_session_options_at_the_same_time_are_refused():
    event = open_event()
    first = workshop(event, capacity=None, hour=10)
    second = workshop(event, capacity=None, hour=10)
    later = workshop(event, capacity=None, hour=12)
    with pytest.raises(ValidationError) as caught:
        register(event, session_options=[first, second])
    assert caught.value.message_dict == {
        "session_options": [
            f"„{first.session.title}“ und „{second.session.title}“ finden gleichzeitig statt."
        ]
    }
    assert register(event, session_options=[first, later]).session_choices.count() == 2


def test_session_choice_of_a_waitlisted_registration_waits_for_the_event_seat():
    event = open_event(capacity=1)
    option = workshop(event, capacity=5)
    register_verified(event)
    waiting = register_verified(event, session_options=[option])
    assert waiting.session_choices.get().status == SessionChoiceStatus.WAITLISTED
    assert option_seat_summary(option).taken == 0
    services.change_capacity(event, 2)
    assert waiting.session_choices.get().status == SessionChoiceStatus.CONFIRMED


def test_change_option_capacity_refuses_fewer_than_taken_and_promotes():
    event = open_event()
    option = workshop(event, capacity=1)
    register_verified(event, session_options=[option])
    waiting = register_verified(event, session_options=[option])
    with pytest.raises(services.CapacityBelowConfirmed):
        services.change_option_capacity(option, 0)
    services.change_option_capacity(option, 2)
    assert waiting.session_choices.get().status == SessionChoiceStatus.CONFIRMED


# Cancellation and the waiting list --------------------------------------------------------


def test_cancel_registration_promotes_exactly_the_first_waiting_person():
    event = open_event(capacity=2)
    seated = [register_verified(event) for _ in range(2)]
    waiting = [register_verified(event) for _ in range(3)]
    services.cancel_registration(seated[0])
    for registration in waiting:
        registration.refresh_from_db()
    assert [r.status for r in waiting] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.WAITLISTED,
    ]
    assert [waiting_position(r) for r in waiting[1:]] == [1, 2]
    assert seat_summary(event).taken == 2


def test_cancel_registration_twice_changes_nothing_more():
    event = open_event(capacity=1)
    seated = register_verified(event)
    waiting = [register_verified(event) for _ in range(2)]
    first = services.cancel_registration(seated)
    second = services.cancel_registration(seated)
    assert second.sequence == first.sequence
    assert [r.status for r in Registration.objects.filter(pk__in=[w.pk for w in waiting])] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    ]


def test_cancel_registration_of_a_waiting_person_promotes_nobody():
    event = open_event(capacity=1)
    register_verified(event)
    first = register_verified(event)
    second = register_verified(event)
    services.cancel_registration(first)
    second.refresh_from_db()
    assert second.status == RegistrationStatus.WAITLISTED
    assert waiting_position(second) == 1


def test_cancel_registration_promotes_a_pending_person_by_holding_their_seat():
    event = open_event(capacity=1)
    seated = register_verified(event)
    pending = register(event)
    services.cancel_registration(seated)
    pending.refresh_from_db()
    assert (pending.status, pending.outcome) == (
        RegistrationStatus.PENDING,
        RegistrationStatus.CONFIRMED,
    )
    assert services.confirm_registration(pending).status == RegistrationStatus.CONFIRMED


def test_change_capacity_to_the_same_number_promotes_nobody():
    event = open_event(capacity=1)
    register_verified(event)
    register_verified(event)
    assert services.change_capacity(event, 1) == []


def test_move_from_waitlist_adds_a_seat_for_the_chosen_person():
    event = open_event(capacity=1)
    register_verified(event)
    first = register_verified(event)
    chosen = register_verified(event)
    moved = services.move_from_waitlist(chosen)
    assert moved.status == RegistrationStatus.CONFIRMED
    assert event.registration_settings.__class__.objects.get(event=event).capacity == 2
    assert waiting_position(Registration.objects.get(pk=first.pk)) == 1
    with pytest.raises(services.InvalidTransition):
        services.move_from_waitlist(moved)


# Capacity ---------------------------------------------------------------------------------


def test_change_capacity_refuses_fewer_seats_than_taken():
    event = open_event(capacity=5)
    register_verified(event)
    register(event)
    with pytest.raises(services.CapacityBelowConfirmed) as caught:
        services.change_capacity(event, 1)
    assert str(caught.value.message) == (
        "Die Zahl der Plätze kann nicht unter 2 sinken: so viele Plätze sind bereits vergeben."
    )
    assert seat_summary(event).capacity == 5


def test_change_capacity_promotes_in_order_when_raised():
    event = open_event(capacity=1)
    register_verified(event)
    waiting = [register_verified(event) for _ in range(3)]
    promoted = services.change_capacity(event, 3)
    assert promoted == waiting[:2]
    assert services.change_capacity(event, None) == waiting[2:]
    assert seat_summary(event) == seat_summary(event).__class__(capacity=None, taken=4, waiting=0)


def test_change_capacity_may_lower_to_the_seats_taken():
    event = open_event(capacity=5)
    register_verified(event)
    assert services.change_capacity(event, 1) == []
    assert register_verified(event).status == RegistrationStatus.WAITLISTED


# Manual registrations ---------------------------------------------------------------------


def test_add_registration_manually_skips_audience_and_opt_in_but_not_capacity():
    organiser = UserFactory()
    event = open_event(
        capacity=1,
        audience=RegistrationAudience.INVITATION_CODE,
        invitation_code="geheim",
        opens_at=timezone.now() + datetime.timedelta(days=3),
    )
    QuestionFactory(event=event, required=True)
    first = services.add_registration_manually(
        event, email="gast@land.example", first_name="Gast", last_name="Eins", actor=organiser
    )
    second = services.add_registration_manually(
        event, email="gast2@land.example", first_name="Gast", last_name="Zwei"
    )
    assert (first.status, first.added_by, first.privacy_accepted_at) == (
        RegistrationStatus.CONFIRMED,
        organiser,
        None,
    )
    assert second.status == RegistrationStatus.WAITLISTED
    with pytest.raises(services.AlreadyRegistered):
        services.add_registration_manually(
            event, email="gast@land.example", first_name="Gast", last_name="Eins"
        )


# Management token -------------------------------------------------------------------------


def test_management_token_finds_the_registration_and_only_its_hash_is_stored():
    registration = register(open_event())
    token = registration.management_token
    assert len(token) == 43
    assert token not in registration.token_hash
    assert registration_for_token(token) == registration
    assert registration_for_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert registration_for_token("") is None
    assert registration_for_token("x" * 500) is None


def test_revoke_management_token_invalidates_old_links():
    registration = register(open_event())
    old = registration.management_token
    new = services.revoke_management_token(registration, send_link=False)
    assert new != old
    assert registration_for_token(old) is None
    assert registration_for_token(new) == registration


def test_check_in_registration_only_for_confirmed():
    event = open_event(capacity=1)
    confirmed = register_verified(event)
    waiting = register_verified(event)
    assert services.check_in_registration(confirmed).checked_in_at is not None
    assert services.check_in_registration(confirmed, undo=True).checked_in_at is None
    with pytest.raises(services.InvalidTransition):
        services.check_in_registration(waiting)


# Mails ------------------------------------------------------------------------------------


def test_register_attendee_mails_the_double_opt_in_link(
    django_capture_on_commit_callbacks, outbox
):
    event = open_event()
    with django_capture_on_commit_callbacks(execute=True):
        pending = register(event, email="optin@kommune.example", last_name="Optin")
    mail = OutboundMail.objects.get(recipient="optin@kommune.example")
    assert mail.idempotency_key == f"registration:{pending.pk}:opt_in:0"
    assert mail.subject == f"Bitte bestätigen Sie Ihre Anmeldung: {event.title}"
    assert mail.language == "de"
    assert (
        f"http://127.0.0.1:8000/anmeldungen/{pending.management_token}/bestaetigen/"
        in mail.text_body
    )
    assert "Guten Tag Erika Optin," in mail.text_body
    assert mail.html_body.startswith("<!DOCTYPE html>")
    assert not mail.attachments.exists()


def test_confirm_registration_mails_a_calendar_request(django_capture_on_commit_callbacks, outbox):
    event = open_event()
    pending = register(event, email="kalender@kommune.example")
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.confirm_registration(pending)
    mail = OutboundMail.objects.get(idempotency_key=f"registration:{confirmed.pk}:confirmed:1")
    assert mail.subject == f"Anmeldung bestätigt: {event.title}"
    assert confirmed.management_token in mail.text_body
    attachment = mail.attachments.get()
    assert (attachment.filename, attachment.mimetype) == (
        "einladung.ics",
        "text/calendar; method=REQUEST; charset=utf-8",
    )
    calendar = Calendar.from_ical(bytes(attachment.content))
    vevent = calendar.events[0]
    assert calendar["METHOD"] == "REQUEST"
    assert str(vevent["UID"]) == f"registration-{confirmed.public_id}@kommunalforum"
    assert int(vevent["SEQUENCE"]) == event.sequence + 1
    assert str(vevent["ATTENDEE"]) == "mailto:kalender@kommune.example"


def test_cancel_registration_mails_a_calendar_cancel_and_promotes_with_a_mail(
    django_capture_on_commit_callbacks, outbox
):
    event = open_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        seated = register_verified(event, language="en")
    confirmation = OutboundMail.objects.get(
        idempotency_key=f"registration:{seated.pk}:confirmed:0"
    )
    assert confirmation.language == "en"
    assert f"http://127.0.0.1:8000/en/veranstaltungen/{event.slug}/" in confirmation.text_body
    waiting = register_verified(event)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(seated)
    cancel = OutboundMail.objects.get(idempotency_key=f"registration:{seated.pk}:cancelled:1")
    assert cancel.language == "en"
    calendar = Calendar.from_ical(bytes(cancel.attachments.get().content))
    assert calendar["METHOD"] == "CANCEL"
    assert str(calendar.events[0]["STATUS"]) == "CANCELLED"
    assert int(calendar.events[0]["SEQUENCE"]) == event.sequence + 1
    promoted = OutboundMail.objects.get(idempotency_key=f"registration:{waiting.pk}:promoted:1")
    assert promoted.subject == f"Ein Platz ist frei geworden: {event.title}"
    assert promoted.attachments.get().mimetype.startswith("text/calendar; method=REQUEST")


def test_waitlisted_mail_tells_the_position(django_capture_on_commit_callbacks, outbox):
    event = open_event(capacity=1)
    register_verified(event)
    register_verified(event)
    with django_capture_on_commit_callbacks(execute=True):
        third = register_verified(event)
    mail = OutboundMail.objects.get(idempotency_key=f"registration:{third.pk}:waitlisted:0")
    assert "Sie stehen auf der Warteliste auf Platz 2." in mail.text_body


def test_rolled_back_registration_mails_nothing(django_capture_on_commit_callbacks):
    event = open_event(capacity=1, waitlist_enabled=False)
    option = workshop(event, capacity=0)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.SessionOptionFull),
    ):
        register_verified(event, session_options=[option])
    assert not OutboundMail.objects.exists()


def test_seat_transactions_log_how_long_they_held_the_lock(
    caplog, django_capture_on_commit_callbacks
):
    event = open_event(capacity=5)
    with (
        caplog.at_level("DEBUG", logger="registrations.lock"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        register_verified(event)
    [record] = [r for r in caplog.records if r.name == "registrations.lock"]
    assert record.getMessage().startswith("seat lock held ")
    assert record.getMessage().endswith(" ms in register_attendee")
