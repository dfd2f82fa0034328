"""Organiser pages for events and teams, driven through the test client as a TOTP organiser."""

import datetime
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conferences.enums import EventStatus, TeamRole
from conferences.models import ChangeLogEntry, Event, TeamMembership
from tests.factories.conferences import EventFactory, OrganiserTeamFactory, TeamMembershipFactory
from tests.factories.core import UserFactory, add_totp
from tests.factories.sessions import SessionFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def team():
    return OrganiserTeamFactory(name="Geschäftsstelle Digitale Modellregionen")


@pytest.fixture
def organiser(team):
    user = UserFactory(email="organisation@land.example", first_name="Olga", last_name="Org")
    TeamMembershipFactory(team=team, user=user, role=TeamRole.ORGANISER)
    add_totp(user)
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def text_of(response) -> str:
    """The visible text of the main element, whitespace collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def event_form_data(**overrides) -> dict:
    data = {
        "team": "",
        "kind": "conference",
        "format": "online",
        "title": "3. Fachkonferenz",
        "slug": "",
        "summary": "Digitalisierung der Kommunen",
        "description": "<p>Willkommen</p><script>x()</script>",
        "starts_at": "2027-06-18T09:30",
        "ends_at": "2027-06-18T12:15",
        "time_zone": "Europe/Berlin",
        "venue_name": "",
        "venue_street": "",
        "venue_postal_code": "",
        "venue_city": "",
        "venue_accessibility": "",
        "online_access_notes": "Der Link kommt per Mail.",
        "series": "",
        "series_name": "",
        "series_number": "",
        "organisation": "",
        "contact_email": "konferenz@land.example",
        "languages": ["de", "dgs"],
        "audience": "everyone",
        "host_municipality": "",
    }
    return {**data, **overrides}


def test_dashboard_lists_the_teams_events_by_state(organiser_client, team):
    now = timezone.now()
    EventFactory(team=team, title="Kommend", starts_at=now + datetime.timedelta(days=3))
    EventFactory(team=team, title="Entwurf", status=EventStatus.DRAFT)
    EventFactory(
        team=team,
        title="Vergangen",
        starts_at=now - datetime.timedelta(days=30),
        ends_at=now - datetime.timedelta(days=29),
    )
    EventFactory(title="Fremdes Team")

    response = organiser_client.get("/veranstalten/")

    text = text_of(response)
    assert response.status_code == 200
    assert "Geschäftsstelle Digitale Modellregionen" in text
    upcoming, drafts, past = re.split(
        r"Kommende Veranstaltungen|Entwürfe|Vergangene Veranstaltungen", text
    )[1:]
    date = r"\d\d\.\d\d\.\d{4}"
    assert re.findall(rf"(\w+) {date} (\w+) 0 Bearbeiten", upcoming) == [
        ("Kommend", "veröffentlicht")
    ]
    assert re.findall(rf"(\w+) {date} (\w+) 0 Bearbeiten", drafts) == [("Entwurf", "Entwurf")]
    assert re.findall(rf"(\w+) {date} (\w+) 0 Bearbeiten", past) == [
        ("Vergangen", "veröffentlicht")
    ]
    assert "Fremdes Team" not in text


def test_dashboard_runs_the_same_number_of_queries_for_1_and_20_events(organiser_client, team):
    EventFactory(team=team)
    with CaptureQueriesContext(connection) as one:
        organiser_client.get("/veranstalten/")
    for _ in range(19):
        event = EventFactory(team=team)
        SessionFactory(event=event)

    with CaptureQueriesContext(connection) as many:
        response = organiser_client.get("/veranstalten/")

    assert response.status_code == 200
    assert len(many) == len(one)


def test_event_create_makes_a_draft_in_the_chosen_time_zone(organiser_client, team):
    response = organiser_client.post(
        "/veranstalten/veranstaltungen/neu/", event_form_data(team=team.pk)
    )

    event = Event.objects.get()
    assert response.status_code == 302
    assert response.url == "/veranstalten/veranstaltungen/3-fachkonferenz/"
    assert (event.status, event.team, event.languages, event.description) == (
        EventStatus.DRAFT,
        team,
        ["de", "dgs"],
        "<p>Willkommen</p>",
    )
    assert event.starts_at == datetime.datetime(2027, 6, 18, 9, 30, tzinfo=BERLIN)


def test_event_create_reads_times_in_the_events_own_zone(organiser_client, team):
    organiser_client.post(
        "/veranstalten/veranstaltungen/neu/",
        event_form_data(team=team.pk, time_zone="Europe/London"),
    )

    event = Event.objects.get()
    assert event.starts_at == datetime.datetime(2027, 6, 18, 8, 30, tzinfo=datetime.UTC)


def test_event_create_shows_errors_in_german(organiser_client, team):
    response = organiser_client.post(
        "/veranstalten/veranstaltungen/neu/",
        event_form_data(team=team.pk, ends_at="2027-06-18T09:00", format="in_person"),
    )

    text = text_of(response)
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben." in text
    assert "Das Ende muss nach dem Beginn liegen." in text
    assert not Event.objects.exists()


def test_event_create_shows_service_errors_beside_the_field(organiser_client, team):
    response = organiser_client.post(
        "/veranstalten/veranstaltungen/neu/", event_form_data(team=team.pk, format="hybrid")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r'id="id_venue_city_error" role="alert">Bitte geben Sie den Ort der Veranstaltung an\.',
        html,
    )


def test_event_edit_changes_the_title_and_raises_the_sequence(organiser_client, team):
    event = EventFactory(team=team, slug="fk", title="Alt", status=EventStatus.DRAFT)
    form = organiser_client.get("/veranstalten/veranstaltungen/fk/bearbeiten/")
    local_start = timezone.localtime(event.starts_at, BERLIN).strftime("%Y-%m-%dT%H:%M")
    local_end = timezone.localtime(event.ends_at, BERLIN).strftime("%Y-%m-%dT%H:%M")

    response = organiser_client.post(
        "/veranstalten/veranstaltungen/fk/bearbeiten/",
        event_form_data(title="Neu", slug="fk", starts_at=local_start, ends_at=local_end),
    )

    event.refresh_from_db()
    assert f'value="{local_start}"' in form.content.decode()
    assert response.status_code == 302
    assert (event.title, event.sequence) == ("Neu", 1)
    assert ChangeLogEntry.objects.get(action="event_updated").changes["title"] == {
        "old": "Alt",
        "new": "Neu",
    }


def test_event_publish_needs_a_post_after_the_confirmation(organiser_client, team):
    EventFactory(team=team, slug="fk", title="Fachkonferenz", status=EventStatus.DRAFT)

    confirmation = organiser_client.get("/veranstalten/veranstaltungen/fk/veroeffentlichen/")
    still_draft = Event.objects.get(slug="fk").status
    response = organiser_client.post("/veranstalten/veranstaltungen/fk/veroeffentlichen/")

    event = Event.objects.get(slug="fk")
    assert "„Fachkonferenz“ wird mit Programm auf der öffentlichen Seite" in text_of(confirmation)
    assert still_draft == EventStatus.DRAFT
    assert response.status_code == 302
    assert (event.status, event.sequence, event.published_at is not None) == (
        EventStatus.PUBLISHED,
        1,
        True,
    )


def test_event_cancel_marks_the_event_and_keeps_sessions(organiser_client, team):
    event = EventFactory(team=team, slug="fk")
    SessionFactory(event=event)

    response = organiser_client.post("/veranstalten/veranstaltungen/fk/absagen/", follow=True)

    event.refresh_from_db()
    assert (event.status, event.sessions.count()) == (EventStatus.CANCELLED, 1)
    assert "Die Veranstaltung ist abgesagt." in text_of(response)


def test_event_change_log_shows_who_changed_what(organiser_client, team, organiser):
    event = EventFactory(team=team, slug="fk", title="Alt", status=EventStatus.DRAFT)
    from conferences.services import update_event

    update_event(event, actor=organiser, changes={"title": "Neu"})

    response = organiser_client.get("/veranstalten/veranstaltungen/fk/aenderungen/")

    text = text_of(response)
    assert "Veranstaltung geändert – Neu" in text
    assert "von Olga Org (organisation@land.example)" in text
    assert "Titel Alt Neu" in text


def test_event_pages_of_another_team_are_not_found(organiser_client):
    EventFactory(slug="fremd")

    for path in ("", "bearbeiten/", "veroeffentlichen/", "absagen/", "aenderungen/"):
        assert (
            organiser_client.get(f"/veranstalten/veranstaltungen/fremd/{path}").status_code == 404
        )


def test_moderator_sees_the_event_but_may_not_change_it(client, team):
    moderator = TeamMembershipFactory(team=team, role=TeamRole.MODERATOR).user
    add_totp(moderator)
    client.force_login(moderator)
    EventFactory(team=team, slug="fk")

    assert client.get("/veranstalten/veranstaltungen/fk/").status_code == 200
    assert client.get("/veranstalten/veranstaltungen/fk/bearbeiten/").status_code == 403
    assert client.post("/veranstalten/veranstaltungen/fk/absagen/").status_code == 403


def test_attendee_gets_403_even_without_a_second_factor(client):
    client.force_login(UserFactory())

    assert client.get("/veranstalten/").status_code == 403


def test_team_page_adds_a_member_by_email(organiser_client, team):
    person = UserFactory(email="neu@kommune.example")

    response = organiser_client.post(
        f"/veranstalten/teams/{team.pk}/",
        {"email": "neu@kommune.example", "role": "moderator"},
        follow=True,
    )

    assert TeamMembership.objects.get(team=team, user=person).role == TeamRole.MODERATOR
    assert "neu@kommune.example ist jetzt im Team (Moderation)." in text_of(response)


def test_team_page_explains_an_unknown_email(organiser_client, team):
    response = organiser_client.post(
        f"/veranstalten/teams/{team.pk}/", {"email": "nie@kommune.example", "role": "organiser"}
    )

    assert "Zu dieser E-Mail-Adresse gibt es kein Konto." in text_of(response)


def test_team_member_remove_removes_after_confirmation(organiser_client, team):
    membership = TeamMembershipFactory(team=team, role=TeamRole.MODERATOR)
    url = f"/veranstalten/teams/{team.pk}/mitglieder/{membership.pk}/entfernen/"

    confirmation = organiser_client.get(url)
    organiser_client.post(url)

    assert "verliert den Zugang" in text_of(confirmation)
    assert not TeamMembership.objects.filter(pk=membership.pk).exists()
