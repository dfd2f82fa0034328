"""Input that SQLite stores but PostgreSQL refuses: over-long names, titles and the slugs made
from them, submitted through the real forms. Each answer is a form error or a stored value cut
to its column, never a 500.

SQLite ignores a column's length, so only PostgreSQL shows these defects.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conferences.enums import EventStatus, TeamRole
from conferences.models import Event, Series
from registrations.models import Registration
from sessions.models import Session, Speaker, Stage
from tests.factories.conferences import EventFactory, OrganiserTeamFactory, TeamMembershipFactory
from tests.factories.core import UserFactory, add_totp
from tests.factories.registrations import RegistrationSettingsFactory
from tests.factories.sessions import StageFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

LONG = "Digitalisierung der Kommunen in Nordrhein-Westfalen und darüber hinaus "


def long_text(length: int) -> str:
    return (LONG * (length // len(LONG) + 1))[:length]


@pytest.fixture
def team(postgres_db):
    return OrganiserTeamFactory(name="Geschäftsstelle")


@pytest.fixture
def organiser_client(team) -> Client:
    user = UserFactory()
    TeamMembershipFactory(team=team, user=user, role=TeamRole.ORGANISER)
    add_totp(user)
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


@pytest.fixture
def event(team):
    return EventFactory(team=team, slug="fachkonferenz", status=EventStatus.DRAFT)


def event_data(team, **overrides) -> dict:
    return {
        "team": team.pk,
        "kind": "conference",
        "format": "online",
        "title": "3. Fachkonferenz",
        "slug": "",
        "summary": "",
        "description": "",
        "starts_at": "2031-06-18T09:30",
        "ends_at": "2031-06-18T12:15",
        "time_zone": "Europe/Berlin",
        "online_access_notes": "Der Link kommt per Mail.",
        "series_name": "",
        "contact_email": "konferenz@land.example",
        "languages": ["de"],
        "audience": "everyone",
        **overrides,
    }


def form_errors(response) -> dict:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_long_series_name_gets_a_slug_that_fits_and_stays_unique(organiser_client, team):
    name = long_text(200)
    url = reverse("organiser_event_create")

    first = organiser_client.post(url, event_data(team, series_name=name))
    second = organiser_client.post(url, event_data(team, title="4. Fachkonferenz"))
    other = OrganiserTeamFactory(name="Projektbüro")
    TeamMembershipFactory(team=other, user=first.wsgi_request.user)
    third = organiser_client.post(url, event_data(other, series_name=name))

    assert (first.status_code, second.status_code, third.status_code) == (302, 302, 302)
    slugs = list(Series.objects.order_by("pk").values_list("slug", flat=True))
    assert slugs == [
        "digitalisierung-der-kommunen-in-nordrhein-westfale",
        "digitalisierung-der-kommunen-in-nordrhein-westfa-2",
    ]
    assert Series.objects.get(slug=slugs[0]).name == name.strip()


def test_long_event_title_is_refused_by_the_form_and_its_slug_fits(organiser_client, team):
    url = reverse("organiser_event_create")

    too_long = organiser_client.post(url, event_data(team, title=long_text(201)))
    longest = organiser_client.post(url, event_data(team, title=long_text(200)))

    assert too_long.status_code == 200
    assert form_errors(too_long) == {
        "title": [
            "Bitte sicherstellen, dass der Wert aus höchstens 200 Zeichen besteht. "
            "(Er besteht aus 201 Zeichen.)"
        ]
    }
    assert longest.status_code == 302
    assert 110 < len(Event.objects.get().slug) <= 120


@pytest.mark.parametrize(
    ("field", "length"),
    [("summary", 301), ("venue_name", 201), ("venue_city", 101), ("slug", 121)],
)
def test_long_event_fields_are_form_errors(organiser_client, team, field, length):
    value = "a" * length if field == "slug" else long_text(length)

    response = organiser_client.post(
        reverse("organiser_event_create"), event_data(team, **{field: value})
    )

    assert response.status_code == 200
    assert list(form_errors(response)) == [field]
    assert not Event.objects.exists()


def test_long_stage_name_is_a_form_error(organiser_client, event):
    url = reverse("organiser_stage_create", kwargs={"slug": event.slug})

    response = organiser_client.post(url, {"name": long_text(101), "description": long_text(301)})

    assert response.status_code == 200
    assert sorted(form_errors(response)) == ["description", "name"]
    assert not Stage.objects.exists()


def session_data(event, stage, **overrides) -> dict:
    return {
        "kind": "talk",
        "title": "Vortrag",
        "stage": stage.pk,
        "day": timezone.localtime(event.starts_at).date().isoformat(),
        "start_time": "13:00",
        "end_time": "13:30",
        "language": "de",
        **overrides,
    }


def test_long_session_title_is_refused_and_the_longest_gets_a_fitting_slug(
    organiser_client, event
):
    stage = StageFactory(event=event)
    url = reverse("organiser_session_create", kwargs={"slug": event.slug})

    too_long = organiser_client.post(url, session_data(event, stage, title=long_text(201)))
    longest = organiser_client.post(url, session_data(event, stage, title=long_text(200)))
    again = organiser_client.post(
        url, session_data(event, stage, title=long_text(200), start_time="14:00", end_time="14:30")
    )

    assert too_long.status_code == 200
    assert list(form_errors(too_long)) == ["title"]
    assert (longest.status_code, again.status_code) == (302, 302)
    slugs = list(Session.objects.order_by("pk").values_list("slug", flat=True))
    assert all(110 < len(slug) <= 120 for slug in slugs)
    assert slugs[1] == slugs[0][:118].rstrip("-") + "-2"


def test_long_speaker_names_are_refused_and_the_longest_gets_a_fitting_slug(
    organiser_client, team
):
    url = reverse("organiser_speaker_create", kwargs={"team_id": team.pk})

    too_long = organiser_client.post(
        url, {"first_name": long_text(101), "last_name": "B", "academic_title": "x" * 33}
    )
    longest = organiser_client.post(
        url, {"first_name": long_text(100), "last_name": long_text(100)}
    )

    assert too_long.status_code == 200
    assert sorted(form_errors(too_long)) == ["academic_title", "first_name"]
    assert longest.status_code == 302
    assert 110 < len(Speaker.objects.get().slug) <= 120


def test_long_names_in_the_organisers_registration_form_are_form_errors(organiser_client, event):
    RegistrationSettingsFactory(event=event)
    url = reverse("organiser_registration_add", kwargs={"slug": event.slug})

    response = organiser_client.post(
        url,
        {
            "first_name": long_text(151),
            "last_name": long_text(151),
            "email": "jana@kommune.example",
            "language": "de",
            "organisation_name": long_text(201),
        },
    )

    assert response.status_code == 200
    assert {"first_name", "last_name"} <= set(form_errors(response))
    assert not Registration.objects.exists()


def test_long_names_in_the_public_registration_form_are_form_errors(postgres_db):
    event = EventFactory(slug="offen", status=EventStatus.PUBLISHED)
    RegistrationSettingsFactory(event=event)

    response = Client().post(
        reverse("registration_create", kwargs={"slug": event.slug}),
        {
            "first_name": long_text(151),
            "last_name": long_text(151),
            "email": "jana@kommune.example",
            "organisation_name": long_text(201),
            "privacy_accepted": "on",
        },
    )

    assert response.status_code == 200
    assert {"first_name", "last_name", "organisation_name"} <= set(form_errors(response))
    assert not Registration.objects.exists()


def test_long_speaker_names_in_the_programme_editor_are_refused_or_fit(organiser_client, event):
    stage = StageFactory(event=event)
    organiser_client.post(
        reverse("organiser_session_create", kwargs={"slug": event.slug}),
        session_data(event, stage),
    )
    session = Session.objects.get()
    url = reverse(
        "organiser_session_speaker_create",
        kwargs={"slug": event.slug, "session_id": session.pk},
    )

    too_long = organiser_client.post(
        url, {"new-first_name": long_text(101), "new-last_name": "B", "new-role": "host"}
    )
    longest = organiser_client.post(
        url,
        {"new-first_name": long_text(100), "new-last_name": long_text(100), "new-role": "host"},
    )

    assert (too_long.status_code, longest.status_code) == (200, 302)
    assert [len(slug) <= 120 for slug in Speaker.objects.values_list("slug", flat=True)] == [True]
    assert Speaker.objects.get().first_name == long_text(100).strip()
