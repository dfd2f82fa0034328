"""The public registration form: fields, prefill, outcomes, validation, double submits,
closed registrations and rate limits."""

import datetime
import re
import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from conferences.enums import EventFormat, EventStatus
from directory.enums import OrganisationType
from directory.models import Profile
from registrations.enums import QuestionKind, RegistrationAudience, RegistrationStatus
from registrations.forms.public import DIRECTORY_CONSENT_TEXTS
from registrations.models import Answer, Registration, RegistrationSettings
from tests.factories.conferences import EventFactory
from tests.factories.core import UserFactory
from tests.factories.directory import MunicipalityFactory
from tests.factories.registrations import (
    QuestionFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
    SessionOptionFactory,
)
from tests.registrations.pages import text_of

pytestmark = pytest.mark.django_db

URL = "/veranstaltungen/fachkonferenz-2031/anmeldung/"
OUTCOME_URL = "/veranstaltungen/fachkonferenz-2031/anmeldung/ergebnis/"


def open_event(**settings_fields):
    event = EventFactory(
        slug="fachkonferenz-2031", title="Fachkonferenz 2031", format=EventFormat.IN_PERSON
    )
    RegistrationSettingsFactory(event=event, **settings_fields)
    return event


def valid_data(**overrides) -> dict:
    data = {
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": "Erika.Mustermann@Soest.example",
        "organisation_type": "",
        "organisation_name": "",
        "privacy_accepted": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def field_errors(response, name: str) -> list:
    return response.context["form"].errors.get(name, [])


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.REGISTRATIONS_RATE_LIMITS = {"registration_ip": None, "registration_email": None}


def test_registration_form_renders_questions_by_kind_in_order(client):
    event = open_event()
    QuestionFactory(event=event, kind=QuestionKind.DATE, label="Anreisetag", order=6)
    QuestionFactory(
        event=event, kind=QuestionKind.SHORT_TEXT, label="Funktion", order=0, required=True
    )
    QuestionFactory(event=event, kind=QuestionKind.LONG_TEXT, label="Ihre Fragen", order=1)
    QuestionFactory(
        event=event,
        kind=QuestionKind.SINGLE_CHOICE,
        label="Mittagessen",
        choices=["vegetarisch", "vegan"],
        order=2,
    )
    QuestionFactory(
        event=event,
        kind=QuestionKind.MULTIPLE_CHOICE,
        label="Themen",
        choices=["OZG", "KI"],
        order=3,
    )
    QuestionFactory(
        event=event, kind=QuestionKind.CHECKBOX, label="Barrierefreier Zugang", order=4
    )
    QuestionFactory(
        event=event,
        kind=QuestionKind.NUMBER,
        label="Begleitpersonen",
        help_text="Ohne Sie selbst",
        order=5,
    )

    response = client.get(URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert [(f.label, f.widget_type, f.field.required) for f in form.question_fields] == [
        ("Funktion", "text", True),
        ("Ihre Fragen", "textarea", False),
        ("Mittagessen", "radioselect", False),
        ("Themen", "checkboxselectmultiple", False),
        ("Barrierefreier Zugang", "checkbox", False),
        ("Begleitpersonen", "number", False),
        ("Anreisetag", "date", False),
    ]
    assert 'maxlength="200"' in str(form.question_fields[0])
    assert 'maxlength="5000"' in str(form.question_fields[1])
    assert "Ohne Sie selbst" in text_of(response)


def test_registration_form_offers_consents_with_directory_unchecked(client):
    open_event()

    response = client.get(URL)

    content = response.content.decode()
    page = text_of(response)
    assert "Ich habe den Datenschutzhinweis gelesen: Datenschutzhinweis" in page
    assert 'href="/seite/datenschutz/"' in content
    assert str(DIRECTORY_CONSENT_TEXTS["1"]) in page
    directory_input = re.search(r'<input[^>]*name="directory_consent"[^>]*>', content).group(0)
    assert "checked" not in directory_input
    # An in-person event without the organisers' notice asks for no recording consent.
    assert "recording_acknowledged" not in response.context["form"].fields
    assert "invitation_code" not in response.context["form"].fields


@pytest.mark.parametrize(
    ("event_format", "notice", "shown"),
    [
        (EventFormat.ONLINE, False, True),
        (EventFormat.HYBRID, False, True),
        (EventFormat.IN_PERSON, True, True),
        (EventFormat.IN_PERSON, False, False),
    ],
)
def test_registration_form_asks_for_the_recording_notice_for_streamed_events(
    client, event_format, notice, shown
):
    event = EventFactory(slug="fachkonferenz-2031", format=event_format)
    RegistrationSettingsFactory(event=event, recording_notice=notice)

    response = client.get(URL)

    assert ("recording_acknowledged" in response.context["form"].fields) is shown


def test_registration_form_lists_session_options_with_remaining_seats(client):
    event = open_event(capacity=100)
    start = event.starts_at
    SessionOptionFactory(
        event=event,
        capacity=3,
        session__title="Workshop Breitband",
        session__starts_at=start,
        session__ends_at=start + datetime.timedelta(hours=1),
    )
    full = SessionOptionFactory(
        event=event,
        capacity=1,
        session__title="Workshop KI",
        session__starts_at=start,
        session__ends_at=start + datetime.timedelta(hours=1),
    )
    taken = RegistrationFactory(event=event)
    taken.session_choices.create(option=full, status="confirmed")

    response = client.get(URL)

    day = timezone.localtime(start).strftime("%d.%m.%Y")
    assert [
        label for _value, label in response.context["form"].fields["session_options"].choices
    ] == [
        f"Workshop Breitband ({day}, 10:00–11:00 Uhr) – noch 3 Plätze frei",
        f"Workshop KI ({day}, 10:00–11:00 Uhr) – ausgebucht, Warteliste möglich",
    ]


def test_registration_form_prefills_logged_in_users_from_account_and_profile(client):
    municipality = MunicipalityFactory(name="Soest")
    user = UserFactory(first_name="Erika", last_name="Mustermann", email="erika@soest.example")
    Profile.objects.create(
        user=user,
        organisation_type=OrganisationType.MUNICIPALITY,
        organisation_name="Stadt Soest",
        municipality=municipality,
    )
    open_event()
    client.force_login(user)

    response = client.get(URL)

    form = response.context["form"]
    assert {
        name: form[name].value()
        for name in (
            "first_name",
            "last_name",
            "email",
            "organisation_type",
            "organisation_name",
            "municipality",
        )
    } == {
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": "erika@soest.example",
        "organisation_type": "municipality",
        "organisation_name": "Stadt Soest",
        "municipality": municipality.pk,
    }
    assert form.fields["email"].disabled is True
    assert re.search(r'<input[^>]*name="email"[^>]*disabled', response.content.decode())


def test_registration_by_visitor_is_pending_until_the_mail_link(client):
    event = open_event(capacity=10)

    response = client.post(URL, valid_data(), follow=True)

    registration = Registration.objects.get(event=event)
    assert (registration.status, registration.outcome, registration.email) == (
        RegistrationStatus.PENDING,
        RegistrationStatus.CONFIRMED,
        "erika.mustermann@soest.example",
    )
    assert response.redirect_chain == [(OUTCOME_URL, 302)]
    page = text_of(response)
    assert "Bitte bestätigen Sie Ihre Anmeldung über den Link in der E-Mail" in page
    assert "Wir haben eine E-Mail an erika.mustermann@soest.example geschickt." in page
    assert "Bis dahin ist ein Platz für Sie reserviert." in page
    # The personal link goes by mail only: showing it would skip the double opt-in.
    assert registration.management_token not in response.content.decode()


def test_registration_by_logged_in_user_is_confirmed_at_once(client):
    event = open_event(capacity=10)
    user = UserFactory(email="erika@soest.example")
    client.force_login(user)

    response = client.post(URL, valid_data(email="jemand@anders.example"), follow=True)

    registration = Registration.objects.get(event=event)
    assert (registration.status, registration.email, registration.user) == (
        RegistrationStatus.CONFIRMED,
        "erika@soest.example",
        user,
    )
    page = text_of(response)
    assert "Ihre Anmeldung ist bestätigt." in page
    assert f'href="/anmeldungen/{registration.management_token}/"' in response.content.decode()


def test_registration_when_full_shows_the_waiting_list_position(client):
    event = open_event(capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    client.force_login(UserFactory())

    get = client.get(URL)
    response = client.post(URL, valid_data(), follow=True)

    assert "Wenn Sie sich jetzt anmelden, kommen Sie auf die Warteliste" in text_of(get)
    assert "Auf die Warteliste setzen" in text_of(get)
    assert "Sie stehen auf der Warteliste auf Platz 2." in text_of(response)


def test_registration_needing_approval_says_so(client):
    open_event(approval_required=True)
    client.force_login(UserFactory())

    response = client.post(URL, valid_data(), follow=True)

    page = text_of(response)
    assert "Ihre Anmeldung wartet auf Freigabe." in page
    assert "Das Veranstaltungsteam prüft Ihre Anmeldung." in page


def test_registration_stores_answers_options_and_consents(client):
    event = open_event()
    text = QuestionFactory(event=event, kind=QuestionKind.SHORT_TEXT, label="Funktion")
    many = QuestionFactory(event=event, kind=QuestionKind.MULTIPLE_CHOICE, choices=["OZG", "KI"])
    number = QuestionFactory(event=event, kind=QuestionKind.NUMBER)
    date = QuestionFactory(event=event, kind=QuestionKind.DATE)
    option = SessionOptionFactory(event=event)
    before = timezone.now()

    client.post(
        URL,
        valid_data(
            **{
                f"question_{text.pk}": "CDO",
                f"question_{many.pk}": ["KI", "OZG"],
                f"question_{number.pk}": "2",
                f"question_{date.pk}": "2031-06-19",
                "session_options": [str(option.pk)],
                "directory_consent": "on",
            }
        ),
    )

    registration = Registration.objects.get(event=event)
    assert dict(
        Answer.objects.filter(registration=registration).values_list("question_id", "value")
    ) == {
        text.pk: "CDO",
        many.pk: ["OZG", "KI"],
        number.pk: 2,
        date.pk: "2031-06-19",
    }
    assert list(registration.session_choices.values_list("option_id", flat=True)) == [option.pk]
    assert registration.directory_consent is True
    assert registration.directory_consent_version == "1"
    assert registration.directory_consent_at >= before
    assert registration.privacy_accepted_at >= before


def test_registration_without_directory_consent_stores_none(client):
    event = open_event()

    client.post(URL, valid_data())

    registration = Registration.objects.get(event=event)
    assert (
        registration.directory_consent,
        registration.directory_consent_at,
        registration.directory_consent_version,
    ) == (False, None, "")


def test_registration_form_explains_every_missing_field_in_german(client):
    event = open_event()
    question = QuestionFactory(event=event, kind=QuestionKind.SHORT_TEXT, required=True)

    response = client.post(URL, {"email": "keine-adresse"})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {name: errors[name] for name in errors} == {
        "first_name": ["Bitte geben Sie Ihren Vornamen an."],
        "last_name": ["Bitte geben Sie Ihren Nachnamen an."],
        "email": ["Bitte geben Sie eine gültige E-Mail-Adresse an."],
        f"question_{question.pk}": ["Bitte beantworten Sie diese Frage."],
        "privacy_accepted": [
            "Bitte bestätigen Sie, dass Sie den Datenschutzhinweis gelesen haben."
        ],
    }
    assert "Bitte prüfen Sie Ihre Eingaben." in text_of(response)
    assert Registration.objects.count() == 0


def test_registration_form_explains_missing_fields_in_english(client):
    open_event()

    response = client.post("/en" + URL, {})

    errors = response.context["form"].errors
    assert errors["first_name"] == ["Please enter your first name."]
    assert errors["privacy_accepted"] == ["Please confirm that you have read the privacy notice."]


def test_registration_form_refuses_over_long_input(client):
    event = open_event()
    question = QuestionFactory(event=event, kind=QuestionKind.LONG_TEXT)

    response = client.post(
        URL,
        valid_data(
            first_name="E" * 151,
            organisation_name="O" * 201,
            email="a" * 250 + "@x.example",
            **{f"question_{question.pk}": "x" * 5001},
        ),
    )

    errors = response.context["form"].errors
    assert errors["first_name"] == ["Bitte kürzen Sie auf höchstens 150 Zeichen."]
    assert errors["organisation_name"] == ["Bitte kürzen Sie auf höchstens 200 Zeichen."]
    assert errors["email"] == ["Die E-Mail-Adresse ist zu lang."]
    assert errors[f"question_{question.pk}"] == ["Bitte kürzen Sie auf höchstens 5000 Zeichen."]
    assert Registration.objects.count() == 0


def test_registration_form_checks_answers_by_kind(client):
    event = open_event()
    number = QuestionFactory(event=event, kind=QuestionKind.NUMBER)
    date = QuestionFactory(event=event, kind=QuestionKind.DATE)
    single = QuestionFactory(event=event, kind=QuestionKind.SINGLE_CHOICE, choices=["ja", "nein"])

    response = client.post(
        URL,
        valid_data(
            **{
                f"question_{number.pk}": "viele",
                f"question_{date.pk}": "19.13.2031",
                f"question_{single.pk}": "vielleicht",
            }
        ),
    )

    errors = response.context["form"].errors
    assert errors[f"question_{number.pk}"] == ["Bitte geben Sie eine Zahl ein."]
    assert errors[f"question_{date.pk}"] == ["Bitte geben Sie ein Datum im Format TT.MM.JJJJ ein."]
    assert errors[f"question_{single.pk}"] == [
        "Bitte wählen Sie eine der angebotenen Möglichkeiten."
    ]


def test_registration_for_public_bodies_refuses_businesses_at_the_field(client):
    open_event(audience=RegistrationAudience.PUBLIC_BODIES)

    response = client.post(URL, valid_data(organisation_type=OrganisationType.BUSINESS))

    assert field_errors(response, "organisation_type") == [
        "Diese Veranstaltung steht nur öffentlichen Stellen offen: Kommunen, Kreisen und "
        "Landesbehörden."
    ]
    assert Registration.objects.count() == 0


def test_registration_for_host_municipality_staff_needs_that_municipality(client):
    host = MunicipalityFactory(name="Soest")
    other = MunicipalityFactory(name="Werl")
    event = EventFactory(
        slug="fachkonferenz-2031", host_municipality=host, format=EventFormat.IN_PERSON
    )
    RegistrationSettingsFactory(event=event, audience=RegistrationAudience.HOST_MUNICIPALITY)

    refused = client.post(URL, valid_data(municipality=str(other.pk)))
    accepted = client.post(URL, valid_data(municipality=str(host.pk)))

    assert field_errors(refused, "municipality") == [
        "Diese Veranstaltung steht nur Beschäftigten von Soest offen."
    ]
    assert accepted.status_code == 302
    registration = Registration.objects.get(event=event)
    assert (registration.municipality, registration.organisation_type) == (
        host,
        OrganisationType.MUNICIPALITY,
    )


def test_registration_with_invitation_code_checks_the_code(client):
    event = open_event(
        audience=RegistrationAudience.INVITATION_CODE, invitation_code="Modellregion-2031"
    )

    form_page = client.get(URL)
    wrong = client.post(URL, valid_data(invitation_code="geraten"))
    right = client.post(URL, valid_data(invitation_code=" modellregion-2031 "))

    assert form_page.context["form"].fields["invitation_code"].required is True
    assert field_errors(wrong, "invitation_code") == ["Der Einladungscode ist nicht gültig."]
    assert right.status_code == 302
    assert Registration.objects.filter(event=event).count() == 1


def test_registration_asks_municipal_staff_for_their_municipality(client):
    open_event()

    response = client.post(URL, valid_data(organisation_type=OrganisationType.MUNICIPALITY))

    assert field_errors(response, "municipality") == ["Bitte wählen Sie Ihre Kommune."]


def test_registration_double_submit_in_one_browser_shows_the_one_registration(client):
    event = open_event(capacity=5)

    first = client.post(URL, valid_data())
    second = client.post(URL, valid_data(), follow=True)

    assert first.status_code == 302
    assert second.redirect_chain == [(OUTCOME_URL, 302)]
    assert "Bitte bestätigen Sie Ihre Anmeldung über den Link in der E-Mail" in text_of(second)
    assert Registration.objects.filter(event=event).count() == 1


def test_registration_double_click_before_the_session_is_saved_shows_the_registration(client):
    """The second request of a double click carries the session of before the first one."""
    event = open_event(capacity=5)
    other_tab = type(client)()

    client.post(URL, valid_data())
    response = other_tab.post(URL, valid_data(), follow=True)

    assert "Bitte bestätigen Sie Ihre Anmeldung über den Link in der E-Mail" in text_of(response)
    assert Registration.objects.filter(event=event).count() == 1


def test_registration_with_someone_elses_address_reveals_nothing_more(client):
    event = open_event(capacity=5)
    RegistrationFactory(
        event=event,
        email="erika.mustermann@soest.example",
        first_name="Erika",
        last_name="Mustermann",
    )

    response = client.post(URL, valid_data(first_name="Max"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Mit dieser E-Mail-Adresse besteht bereits eine Anmeldung. Den Link zu Ihrer Anmeldung "
        "finden Sie in der E-Mail, die Sie erhalten haben."
    ]
    assert Registration.objects.filter(event=event).count() == 1


def test_registration_form_for_a_registered_user_leads_to_their_registration(client):
    event = open_event()
    user = UserFactory()
    registration = RegistrationFactory(event=event, user=user, email=user.email)
    client.force_login(user)

    response = client.get(URL, follow=True)

    assert response.redirect_chain == [(OUTCOME_URL, 302)]
    assert "Ihre Anmeldung ist bestätigt." in text_of(response)
    assert f"/anmeldungen/{registration.management_token}/" in response.content.decode()


@pytest.mark.parametrize(
    ("settings_fields", "event_fields", "message"),
    [
        (
            {"opens_at": timezone.make_aware(datetime.datetime(2031, 5, 1, 9, 0))},
            {},
            "Die Anmeldung beginnt am 1. Mai 2031 09:00.",
        ),
        (
            {
                "closes_at": timezone.now() - datetime.timedelta(minutes=1),
                "opens_at": timezone.now() - datetime.timedelta(days=2),
            },
            {},
            "Die Anmeldung ist geschlossen.",
        ),
        (
            {"capacity": 0, "waitlist_enabled": False},
            {},
            "Die Veranstaltung ist ausgebucht. Eine Warteliste gibt es nicht.",
        ),
        (
            {},
            {"status": EventStatus.CANCELLED},
            "Die Veranstaltung ist abgesagt. Eine Anmeldung ist nicht möglich.",
        ),
    ],
)
def test_registration_form_is_replaced_by_a_clear_page_when_registration_is_not_possible(
    client, settings_fields, event_fields, message
):
    event = EventFactory(slug="fachkonferenz-2031", **event_fields)
    RegistrationSettingsFactory(event=event, **settings_fields)

    get = client.get(URL)
    post = client.post(URL, valid_data())

    for response in (get, post):
        assert response.status_code == 200
        assert message in text_of(response)
        assert "form" not in response.context
    assert Registration.objects.count() == 0


def test_registration_form_of_an_event_without_registration_says_so(client):
    EventFactory(slug="fachkonferenz-2031")

    response = client.get(URL)

    assert "Für diese Veranstaltung ist keine Anmeldung vorgesehen." in text_of(response)


def test_registration_form_of_a_draft_event_is_not_found(client):
    event = EventFactory(slug="fachkonferenz-2031", status=EventStatus.DRAFT)
    RegistrationSettingsFactory(event=event)

    assert client.get(URL).status_code == 404


def test_registration_rate_limit_per_address_renders_429(client, settings):
    settings.REGISTRATIONS_RATE_LIMITS = {"registration_ip": (2, 600), "registration_email": None}
    open_event()

    codes = [
        client.post(URL, valid_data(email=f"person{n}@soest.example")).status_code
        for n in range(3)
    ]
    limited = client.post(URL, valid_data(email="noch-jemand@soest.example"))

    assert codes == [302, 302, 429]
    assert limited.status_code == 429
    assert "Zu viele Anmeldeversuche" in text_of(limited)
    assert "Kommunalforum" in text_of(limited)  # in the project layout
    assert Registration.objects.count() == 2


def test_registration_rate_limit_per_email_counts_across_addresses(client, settings):
    settings.REGISTRATIONS_RATE_LIMITS = {"registration_ip": None, "registration_email": (2, 600)}
    open_event()
    other = type(client)(REMOTE_ADDR="198.51.100.7")

    codes = [
        client.post(URL, {"email": "Erika@Soest.example"}).status_code,
        other.post(URL, {"email": "erika@soest.example"}).status_code,
        other.post(URL, valid_data(email="erika@soest.example")).status_code,
    ]

    assert codes == [200, 200, 429]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_registration_lock_timeout_keeps_the_form_and_asks_to_try_again(
    client, postgres_db, settings
):
    settings.REGISTRATIONS_LOCK_TIMEOUT = "200ms"
    event = open_event()
    locked = threading.Event()
    release = threading.Event()

    def hold_lock():
        with transaction.atomic():
            RegistrationSettings.objects.select_for_update().get(event=event)
            locked.set()
            release.wait(10)
        connections.close_all()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    locked.wait(5)
    try:
        response = client.post(URL, valid_data(first_name="Erika-Luise"))
    finally:
        release.set()
        holder.join()

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.context["form"].non_field_errors() == [
        "Bitte versuchen Sie es in einem Moment noch einmal."
    ]
    assert response.context["form"]["first_name"].value() == "Erika-Luise"
    assert Registration.objects.count() == 0
    assert connection.vendor == "postgresql"


def test_registration_rate_limit_counts_an_ipv6_network_as_one_address(client, settings):
    settings.REGISTRATIONS_RATE_LIMITS = {"registration_ip": (1, 600), "registration_email": None}
    open_event()
    neighbour = type(client)(REMOTE_ADDR="2001:db8:0:1::2")
    first = type(client)(REMOTE_ADDR="2001:db8:0:1::1")

    codes = [
        first.post(URL, valid_data(email="a@soest.example")).status_code,
        neighbour.post(URL, valid_data(email="b@soest.example")).status_code,
    ]

    assert codes == [302, 429]


def test_registration_beyond_the_municipality_limit_says_so(client):
    municipality = MunicipalityFactory(name="Soest")
    event = open_event(per_municipality_limit=1)
    RegistrationFactory(event=event, municipality=municipality)

    response = client.post(URL, valid_data(municipality=str(municipality.pk)))

    assert response.context["form"].non_field_errors() == [
        "Für Ihre Kommune sind bereits alle verfügbaren Plätze vergeben."
    ]
    assert response.context["form"]["first_name"].value() == "Erika"
