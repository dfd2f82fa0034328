"""The registrations list of an event: filters, search, counts, decisions, adding by hand."""

import pytest
from django.urls import reverse

from conferences.enums import EventFormat, TeamRole
from directory.enums import OrganisationType
from registrations.enums import RegistrationStatus
from registrations.models import Registration
from tests.factories.conferences import EventFactory, TeamMembershipFactory
from tests.factories.core import add_totp
from tests.factories.directory import DistrictFactory, MunicipalityFactory, RegionFactory
from tests.factories.registrations import (
    AnswerFactory,
    QuestionFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(organiser):
    event = EventFactory(
        team=organiser.team,
        format=EventFormat.IN_PERSON,
        title="Kommunalworkshop Soest",
        slug="kommunalworkshop-soest",
    )
    RegistrationSettingsFactory(event=event, capacity=1, approval_required=True)
    return event


@pytest.fixture
def client(client, organiser):
    client.force_login(organiser.user)
    return client


@pytest.fixture
def places():
    arnsberg = RegionFactory(name="Arnsberg")
    detmold = RegionFactory(name="Detmold")
    soest_district = DistrictFactory(name="Kreis Soest", region=arnsberg)
    paderborn_district = DistrictFactory(name="Kreis Paderborn", region=detmold)
    return {
        "soest": MunicipalityFactory(name="Soest", district=soest_district),
        "werl": MunicipalityFactory(name="Werl", district=soest_district),
        "paderborn": MunicipalityFactory(name="Paderborn", district=paderborn_district),
    }


def list_url(event, **query) -> str:
    url = reverse("organiser_registration_list", kwargs={"slug": event.slug})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def action_url(registration, action: str) -> str:
    return reverse(
        "organiser_registration_action",
        kwargs={
            "slug": registration.event.slug,
            "registration_id": registration.pk,
            "action": action,
        },
    )


def listed(response) -> list[str]:
    return [registration.last_name for registration, _actions in response.context["rows"]]


@pytest.fixture
def people(event, places):
    return [
        RegistrationFactory(
            event=event,
            first_name="Anna",
            last_name="Albers",
            email="anna.albers@soest.de",
            municipality=places["soest"],
            organisation_type=OrganisationType.MUNICIPALITY,
            organisation_name="Stadt Soest",
        ),
        RegistrationFactory(
            event=event,
            first_name="Ben",
            last_name="Brandt",
            email="ben@werl.de",
            municipality=places["werl"],
            organisation_type=OrganisationType.MUNICIPALITY,
            organisation_name="Stadt Werl",
            status=RegistrationStatus.WAITLISTED,
        ),
        RegistrationFactory(
            event=event,
            first_name="Cem",
            last_name="Celik",
            email="cem@it-nrw.example",
            municipality=places["paderborn"],
            organisation_type=OrganisationType.MUNICIPAL_IT,
            organisation_name="Kommunales Rechenzentrum",
            status=RegistrationStatus.AWAITING_APPROVAL,
        ),
        RegistrationFactory(
            event=event,
            first_name="Dora",
            last_name="Dietz",
            email="dora@land.example",
            organisation_type=OrganisationType.STATE_AUTHORITY,
            organisation_name="Ministerium",
            status=RegistrationStatus.CANCELLED,
        ),
    ]


def test_list_shows_every_registration_of_the_event_in_order(client, event, people):
    RegistrationFactory(last_name="Fremd")  # another event

    response = client.get(list_url(event))

    assert listed(response) == ["Albers", "Brandt", "Celik", "Dietz"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "waitlisted"}, ["Brandt"]),
        ({"organisation_type": "municipal_it"}, ["Celik"]),
        ({"q": "anna"}, ["Albers"]),
        ({"q": "werl.de"}, ["Brandt"]),
        ({"q": "Rechenzentrum"}, ["Celik"]),
        ({"q": "Stadt+Soest"}, ["Albers"]),
        ({"q": "Paderborn"}, ["Celik"]),
        ({"q": "niemand"}, []),
    ],
)
def test_list_filters_and_searches(client, event, people, query, expected):
    assert listed(client.get(list_url(event, **query))) == expected


def test_list_filters_by_municipality_district_and_region(client, event, people, places):
    soest = places["soest"]

    assert listed(client.get(list_url(event, municipality=soest.pk))) == ["Albers"]
    assert listed(client.get(list_url(event, district=soest.district_id))) == [
        "Albers",
        "Brandt",
    ]
    assert listed(client.get(list_url(event, region=places["paderborn"].region_id))) == ["Celik"]


def test_list_counts_registrations_per_status(client, event, people):
    response = client.get(list_url(event))

    counts = {value: count for value, _label, count in response.context["counts"]}
    assert counts == {
        "pending": 0,
        "confirmed": 1,
        "waitlisted": 1,
        "awaiting_approval": 1,
        "rejected": 0,
        "cancelled": 1,
        "expired": 0,
    }
    assert response.context["total"] == 4


def test_list_offers_the_actions_each_status_allows(client, event, people):
    response = client.get(list_url(event))

    actions = {
        registration.last_name: [action.slug for action in row_actions]
        for registration, row_actions in response.context["rows"]
    }
    assert actions == {
        "Albers": ["stornieren"],
        "Brandt": ["nachruecken", "ablehnen", "stornieren"],
        "Celik": ["freigeben", "ablehnen", "stornieren"],
        "Dietz": [],
    }


def test_list_pages_keep_the_filters(client, event):
    RegistrationFactory.create_batch(51, event=event, status=RegistrationStatus.CONFIRMED)

    response = client.get(list_url(event, status="confirmed"))

    assert response.context["page"].paginator.num_pages == 2
    assert 'href="?status=confirmed&amp;seite=2"' in response.content.decode()
    assert len(client.get(list_url(event, status="confirmed", seite=2)).context["rows"]) == 1


def test_list_query_count_does_not_grow_with_the_registrations(
    client, event, places, django_assert_max_num_queries
):
    question = QuestionFactory(event=event)
    first = RegistrationFactory(event=event, municipality=places["soest"])
    AnswerFactory(registration=first, question=question)
    client.get(list_url(event))  # warm caches (content types, sessions)
    with django_assert_max_num_queries(100) as one:
        client.get(list_url(event))
    for index in range(30):
        registration = RegistrationFactory(
            event=event,
            municipality=places["werl" if index % 2 else "paderborn"],
            status=RegistrationStatus.WAITLISTED if index % 3 else RegistrationStatus.CONFIRMED,
        )
        AnswerFactory(registration=registration, question=question)

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(list_url(event))

    assert len(response.context["rows"]) == 31


def test_row_button_asks_for_confirmation_first(client, event, people):
    celik = people[2]

    response = client.post(action_url(celik, "freigeben"), {"next": list_url(event)})

    assert response.status_code == 200
    assert "Anmeldung freigeben" in response.content.decode()
    celik.refresh_from_db()
    assert celik.status == RegistrationStatus.AWAITING_APPROVAL


def test_approving_confirms_and_mails_the_person(
    client, event, outbox, django_capture_on_commit_callbacks
):
    celik = RegistrationFactory(
        event=event, status=RegistrationStatus.AWAITING_APPROVAL, email="cem@it-nrw.example"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            action_url(celik, "freigeben"), {"confirmed": "1", "next": list_url(event)}
        )

    assert response.status_code == 302
    assert response.url == list_url(event)
    celik.refresh_from_db()
    assert celik.status == RegistrationStatus.CONFIRMED
    assert [(m.to, m.subject) for m in outbox] == [
        (["cem@it-nrw.example"], "Anmeldung bestätigt: Kommunalworkshop Soest")
    ]


def test_approving_when_full_puts_the_person_on_the_waiting_list(
    client, event, people, outbox, django_capture_on_commit_callbacks
):
    celik = people[2]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action_url(celik, "freigeben"), {"confirmed": "1"}, follow=True)

    celik.refresh_from_db()
    assert celik.status == RegistrationStatus.WAITLISTED
    assert [str(m) for m in response.context["messages"]] == [
        "Cem Celik ist freigegeben (Status: Warteliste)."
    ]
    assert [m.subject for m in outbox] == ["Warteliste: Kommunalworkshop Soest"]


def test_team_moderator_may_not_run_the_registration(client, event):
    moderator = TeamMembershipFactory(team=event.team, role=TeamRole.MODERATOR)
    add_totp(moderator.user)
    client.force_login(moderator.user)

    assert client.get(list_url(event)).status_code == 403


def test_rejecting_mails_the_reason(
    client, event, people, outbox, django_capture_on_commit_callbacks
):
    celik = people[2]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            action_url(celik, "ablehnen"),
            {"confirmed": "1", "reason": "Nur für Beschäftigte der Stadt Soest."},
        )

    celik.refresh_from_db()
    assert celik.status == RegistrationStatus.REJECTED
    assert [m.subject for m in outbox] == ["Anmeldung nicht möglich: Kommunalworkshop Soest"]
    assert "Begründung: Nur für Beschäftigte der Stadt Soest." in outbox[0].body


def test_moving_from_the_waiting_list_gives_a_seat_and_mails(
    client, event, people, outbox, django_capture_on_commit_callbacks
):
    brandt = people[1]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(action_url(brandt, "nachruecken"), {"confirmed": "1"})

    brandt.refresh_from_db()
    assert brandt.status == RegistrationStatus.CONFIRMED
    assert [(m.to, m.subject) for m in outbox] == [
        (["ben@werl.de"], "Ein Platz ist frei geworden: Kommunalworkshop Soest")
    ]


def test_cancelling_promotes_the_first_waiting_person_who_gets_a_mail(
    client, event, outbox, django_capture_on_commit_callbacks
):
    seated = [RegistrationFactory(event=event)]
    first = RegistrationFactory(
        event=event, status=RegistrationStatus.WAITLISTED, email="erste@kommune.example"
    )
    second = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            action_url(seated[0], "stornieren"), {"confirmed": "1"}, follow=True
        )

    seated[0].refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (seated[0].status, first.status, second.status) == (
        RegistrationStatus.CANCELLED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    )
    assert sorted((m.to[0], m.subject) for m in outbox) == sorted(
        [
            (seated[0].email, "Anmeldung storniert: Kommunalworkshop Soest"),
            ("erste@kommune.example", "Ein Platz ist frei geworden: Kommunalworkshop Soest"),
        ]
    )
    assert [str(m) for m in response.context["messages"]] == [
        f"Die Anmeldung von {seated[0].full_name} ist storniert."
    ]


def test_action_that_does_not_fit_the_status_changes_nothing(client, event, people):
    albers = people[0]

    response = client.post(action_url(albers, "freigeben"), {"confirmed": "1"}, follow=True)

    albers.refresh_from_db()
    assert albers.status == RegistrationStatus.CONFIRMED
    assert [str(m) for m in response.context["messages"]] == [
        "Dieser Schritt ist für die Anmeldung in ihrem Status nicht möglich."
    ]


def test_unknown_action_is_not_found(client, event, people):
    assert client.post(action_url(people[0], "loeschen"), {"confirmed": "1"}).status_code == 404


def test_action_on_another_events_registration_is_not_found(client, event):
    foreign = RegistrationFactory(status=RegistrationStatus.AWAITING_APPROVAL)
    url = reverse(
        "organiser_registration_action",
        kwargs={"slug": event.slug, "registration_id": foreign.pk, "action": "freigeben"},
    )

    assert client.post(url, {"confirmed": "1"}).status_code == 404


def test_action_ignores_a_foreign_next_address(client, event, people):
    response = client.post(
        action_url(people[0], "stornieren"),
        {"confirmed": "1", "next": "https://example.com/"},
    )

    assert response.url == list_url(event)


def test_adding_someone_by_hand_confirms_and_mails(
    client, event, places, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organiser_registration_add", kwargs={"slug": event.slug}),
            {
                "first_name": "Eva",
                "last_name": "Engel",
                "email": "Eva.Engel@Soest.de",
                "municipality": places["soest"].pk,
                "organisation_type": "",
                "organisation_name": "Stadt Soest",
                "language": "de",
            },
        )

    assert response.status_code == 302
    registration = Registration.objects.get(event=event, last_name="Engel")
    assert (registration.email, registration.status, registration.organisation_type) == (
        "eva.engel@soest.de",
        RegistrationStatus.CONFIRMED,
        OrganisationType.MUNICIPALITY,
    )
    assert registration.added_by is not None
    assert [m.subject for m in outbox] == ["Anmeldung bestätigt: Kommunalworkshop Soest"]


def test_adding_an_address_twice_says_so(client, event, people):
    response = client.post(
        reverse("organiser_registration_add", kwargs={"slug": event.slug}),
        {
            "first_name": "Anna",
            "last_name": "Albers",
            "email": "anna.albers@soest.de",
            "language": "de",
        },
    )

    assert response.context["form"].errors["email"] == [
        "Diese Adresse ist bereits angemeldet (Status: bestätigt)."
    ]


def test_detail_page_shows_answers_and_consents(client, event, people):
    question = QuestionFactory(event=event, label="Essenswunsch")
    AnswerFactory(registration=people[0], question=question, value="vegetarisch")

    page = client.get(
        reverse(
            "organiser_registration_detail",
            kwargs={"slug": event.slug, "registration_id": people[0].pk},
        )
    ).content.decode()

    assert "<dt>Essenswunsch</dt><dd>vegetarisch</dd>" in page
    assert "anna.albers@soest.de" in page
    assert "Soest, Kreis Soest, Arnsberg" in page
