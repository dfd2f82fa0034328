"""The registration settings page: times, seats, audience, session options and questions."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from conferences.enums import EventFormat
from registrations.enums import QuestionKind, RegistrationAudience, RegistrationStatus
from registrations.models import Question, RegistrationSettings, SessionOption
from tests.factories.conferences import EventFactory
from tests.factories.registrations import (
    AnswerFactory,
    QuestionFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
    SessionChoiceFactory,
    SessionOptionFactory,
)
from tests.factories.sessions import SessionFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def event(organiser):
    return EventFactory(team=organiser.team, format=EventFormat.IN_PERSON, slug="workshop-soest")


@pytest.fixture
def client(client, organiser):
    client.force_login(organiser.user)
    return client


def settings_url(event) -> str:
    return reverse("organiser_registration_settings", kwargs={"slug": event.slug})


def settings_data(**overrides) -> dict:
    data = {
        "opens_at": "2030-05-01T09:00",
        "closes_at": "2030-06-15T18:00",
        "capacity": "30",
        "waitlist_enabled": "on",
        "audience": RegistrationAudience.EVERYONE,
        "invitation_code": "",
        "per_municipality_limit": "",
        "confirmation_window": "48",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_settings_page_creates_the_settings_in_the_events_time_zone(client, event):
    response = client.post(settings_url(event), settings_data())

    assert response.status_code == 302
    reg_settings = RegistrationSettings.objects.get(event=event)
    assert reg_settings.opens_at == datetime.datetime(2030, 5, 1, 9, 0, tzinfo=BERLIN)
    assert reg_settings.closes_at == datetime.datetime(2030, 6, 15, 18, 0, tzinfo=BERLIN)
    assert reg_settings.capacity == 30
    assert reg_settings.waitlist_enabled is True
    assert reg_settings.approval_required is False


def test_settings_page_shows_the_saved_values_again(client, event):
    RegistrationSettingsFactory(
        event=event,
        opens_at=datetime.datetime(2030, 5, 1, 9, 0, tzinfo=BERLIN),
        capacity=12,
    )

    page = client.get(settings_url(event)).content.decode()

    assert 'value="2030-05-01T09:00"' in page
    assert 'name="capacity" value="12"' in page
    assert "0 von 12 Plätzen vergeben." in " ".join(page.split())


def test_capacity_below_the_confirmed_count_is_refused_with_a_clear_error(client, event):
    RegistrationSettingsFactory(event=event, capacity=5)
    RegistrationFactory.create_batch(3, event=event, status=RegistrationStatus.CONFIRMED)

    response = client.post(settings_url(event), settings_data(capacity="2", closes_at=""))

    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "Die Zahl der Plätze kann nicht unter 3 sinken: so viele Plätze sind bereits vergeben."
    ]
    assert RegistrationSettings.objects.get(event=event).capacity == 5


def test_capacity_refusal_saves_none_of_the_other_changes(client, event):
    RegistrationSettingsFactory(event=event, capacity=5, approval_required=False)
    RegistrationFactory.create_batch(3, event=event, status=RegistrationStatus.CONFIRMED)

    client.post(settings_url(event), settings_data(capacity="2", approval_required="on"))

    assert RegistrationSettings.objects.get(event=event).approval_required is False


def test_raising_the_capacity_promotes_the_waiting_list_in_order(client, event):
    RegistrationSettingsFactory(event=event, capacity=1)
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    first = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    second = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    response = client.post(settings_url(event), settings_data(capacity="2"), follow=True)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Die Anmeldeeinstellungen sind gespeichert.",
        "1 Person ist von der Warteliste nachgerückt und wird benachrichtigt.",
    ]


def test_settings_require_an_invitation_code_for_that_audience(client, event):
    response = client.post(
        settings_url(event), settings_data(audience=RegistrationAudience.INVITATION_CODE)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["invitation_code"] == [
        "Bitte geben Sie einen Einladungscode an."
    ]


def test_settings_refuse_an_end_before_the_start(client, event):
    response = client.post(settings_url(event), settings_data(closes_at="2030-04-01T09:00"))

    assert response.context["form"].errors["closes_at"] == [
        "Das Ende der Anmeldung muss nach ihrem Beginn liegen."
    ]


def test_host_municipality_audience_needs_a_host(client, event):
    response = client.post(
        settings_url(event), settings_data(audience=RegistrationAudience.HOST_MUNICIPALITY)
    )

    assert response.context["form"].errors["audience"] == [
        "Die Veranstaltung hat keine gastgebende Kommune."
    ]


def test_session_option_is_added_with_its_capacity(client, event):
    RegistrationSettingsFactory(event=event)
    session = SessionFactory(event=event, title="Workshop A: Digitale Bauakte")

    response = client.post(
        reverse("organiser_registration_option_add", kwargs={"slug": event.slug}),
        {"session": session.pk, "capacity": "15"},
    )

    assert response.status_code == 302
    option = SessionOption.objects.get(event=event)
    assert (option.session, option.capacity) == (session, 15)


def test_session_option_offers_only_sessions_of_the_event(client, event):
    RegistrationSettingsFactory(event=event)
    foreign = SessionFactory()

    response = client.post(
        reverse("organiser_registration_option_add", kwargs={"slug": event.slug}),
        {"session": foreign.pk, "capacity": ""},
    )

    assert response.status_code == 200
    assert SessionOption.objects.count() == 0


def test_session_option_capacity_below_its_taken_seats_is_refused(client, event):
    RegistrationSettingsFactory(event=event)
    option = SessionOptionFactory(event=event, capacity=3)
    SessionChoiceFactory.create_batch(2, registration__event=event, option=option)

    response = client.post(
        reverse(
            "organiser_registration_option_edit",
            kwargs={"slug": event.slug, "option_id": option.pk},
        ),
        {"capacity": "1"},
    )

    assert response.context["form"].errors["capacity"] == [
        "Die Zahl der Plätze kann nicht unter 2 sinken: so viele Plätze sind bereits vergeben."
    ]
    option.refresh_from_db()
    assert option.capacity == 3


def test_session_option_chosen_by_someone_is_not_removed(client, event):
    RegistrationSettingsFactory(event=event)
    option = SessionOptionFactory(event=event)
    SessionChoiceFactory(registration__event=event, option=option)

    client.post(
        reverse(
            "organiser_registration_option_delete",
            kwargs={"slug": event.slug, "option_id": option.pk},
        )
    )

    assert SessionOption.objects.filter(pk=option.pk).exists()


def test_question_is_created_with_its_choices_at_the_end(client, event):
    QuestionFactory(event=event, label="Essenswunsch", order=4)

    response = client.post(
        reverse("organiser_registration_question_create", kwargs={"slug": event.slug}),
        {
            "label": "Welcher Workshop interessiert Sie?",
            "kind": QuestionKind.SINGLE_CHOICE,
            "help_text": "Nur eine Antwort",
            "required": "on",
            "choices": "Bauakte\n\n  Ratsinformationssystem \nBauakte",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["choices"] == [
        "Jede Auswahlmöglichkeit darf nur einmal vorkommen."
    ]

    client.post(
        reverse("organiser_registration_question_create", kwargs={"slug": event.slug}),
        {
            "label": "Welcher Workshop interessiert Sie?",
            "kind": QuestionKind.SINGLE_CHOICE,
            "required": "on",
            "choices": "Bauakte\n\n  Ratsinformationssystem ",
        },
    )
    question = Question.objects.get(label="Welcher Workshop interessiert Sie?")
    assert (question.choices, question.required, question.order) == (
        ["Bauakte", "Ratsinformationssystem"],
        True,
        5,
    )


def test_choice_question_without_choices_is_refused(client, event):
    response = client.post(
        reverse("organiser_registration_question_create", kwargs={"slug": event.slug}),
        {"label": "Auswahl", "kind": QuestionKind.MULTIPLE_CHOICE, "choices": ""},
    )

    assert response.context["form"].errors["choices"] == [
        "Bitte geben Sie mindestens eine Auswahlmöglichkeit an."
    ]


def test_question_with_answers_keeps_its_kind(client, event):
    question = QuestionFactory(event=event, kind=QuestionKind.SHORT_TEXT, label="Funktion")
    AnswerFactory(question=question, registration__event=event)

    client.post(
        reverse(
            "organiser_registration_question_edit",
            kwargs={"slug": event.slug, "question_id": question.pk},
        ),
        {"label": "Ihre Funktion", "kind": QuestionKind.NUMBER, "help_text": ""},
    )

    question.refresh_from_db()
    assert (question.label, question.kind) == ("Ihre Funktion", QuestionKind.SHORT_TEXT)


def test_questions_move_up_and_down(client, event):
    first = QuestionFactory(event=event, label="Erste", order=0)
    second = QuestionFactory(event=event, label="Zweite", order=1)
    third = QuestionFactory(event=event, label="Dritte", order=2)
    move = reverse(
        "organiser_registration_question_move",
        kwargs={"slug": event.slug, "question_id": third.pk},
    )

    client.post(move, {"direction": "up"})
    client.post(
        reverse(
            "organiser_registration_question_move",
            kwargs={"slug": event.slug, "question_id": first.pk},
        ),
        {"direction": "down"},
    )

    labels = list(Question.objects.filter(event=event).values_list("label", flat=True))
    assert labels == ["Dritte", "Erste", "Zweite"]
    assert second.pk  # untouched by name, moved by the others


def test_question_is_deleted_after_confirmation(client, event):
    question = QuestionFactory(event=event, label="Essenswunsch")
    AnswerFactory(question=question, registration__event=event)
    url = reverse(
        "organiser_registration_question_delete",
        kwargs={"slug": event.slug, "question_id": question.pk},
    )

    page = client.get(url).content.decode()
    assert "„Essenswunsch“ wird gelöscht, mit 1 Antwort." in page

    client.post(url)
    assert not Question.objects.filter(pk=question.pk).exists()


def test_event_page_links_the_registration_pages(client, event):
    page = client.get(reverse("organiser_event", kwargs={"slug": event.slug})).content.decode()

    assert reverse("organiser_registration_list", kwargs={"slug": event.slug}) in page
    assert settings_url(event) in page
