"""Event services: validation, SEQUENCE, publication, cancellation, teams, change log."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from conferences import services
from conferences.enums import EventFormat, EventKind, EventStatus, TeamRole
from conferences.models import ChangeLogEntry, Event, TeamMembership
from sessions.models import Session
from tests.factories.conferences import (
    EventFactory,
    OrganiserTeamFactory,
    SeriesFactory,
    TeamMembershipFactory,
    TopicFactory,
)
from tests.factories.core import UserFactory
from tests.factories.directory import MunicipalityFactory
from tests.factories.sessions import SessionFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2027, 6, day, hour, minute, tzinfo=BERLIN)


def values(**overrides) -> dict:
    base = {
        "kind": EventKind.CONFERENCE,
        "format": EventFormat.ONLINE,
        "title": "3. Fachkonferenz Digitalisierung",
        "summary": "Für alle Kommunen",
        "description": "",
        "starts_at": at(18, 9),
        "ends_at": at(18, 13),
        "time_zone": "Europe/Berlin",
        "contact_email": "konferenz@land.example",
        "languages": ["de"],
    }
    return {**base, **overrides}


@pytest.fixture
def organiser():
    membership = TeamMembershipFactory(role=TeamRole.ORGANISER)
    return membership.user


@pytest.fixture
def team(organiser):
    return organiser.organiser_teams.get()


def test_create_event_is_a_draft_with_a_slug_from_the_title(team, organiser):
    event = services.create_event(team, actor=organiser, values=values())

    assert (event.status, event.slug, event.sequence, event.published_at) == (
        EventStatus.DRAFT,
        "3-fachkonferenz-digitalisierung",
        0,
        None,
    )
    assert event.organisation == team.organisation


def test_create_event_sanitises_the_description(team, organiser):
    event = services.create_event(
        team,
        actor=organiser,
        values=values(
            description=(
                '<p onclick="steal()">Willkommen <a href="javascript:alert(1)">hier</a> '
                '<a href="https://www.mwide.nrw/">MWIDE</a></p><script>alert(1)</script>'
                "<h2>Programm</h2><img src=x>"
            )
        ),
    )

    assert Event.objects.get(pk=event.pk).description == (
        '<p>Willkommen <a rel="noopener">hier</a> '
        '<a href="https://www.mwide.nrw/" rel="noopener">MWIDE</a></p><h2>Programm</h2>'
    )


def test_create_event_with_a_new_series_name_creates_the_series(team, organiser):
    event = services.create_event(
        team,
        actor=organiser,
        values=values(series_number=3),
        series_name="Fachkonferenz Digitalisierung der Kommunen",
    )

    assert (event.series.name, event.series.team, event.series_label) == (
        "Fachkonferenz Digitalisierung der Kommunen",
        team,
        "3. Fachkonferenz Digitalisierung der Kommunen",
    )


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"ends_at": at(18, 9)},
            {"ends_at": ["Das Ende muss nach dem Beginn liegen."]},
        ),
        (
            {"format": EventFormat.IN_PERSON},
            {
                "venue_name": [
                    "Für eine Veranstaltung vor Ort oder hybrid geben Sie bitte den "
                    "Veranstaltungsort an."
                ],
                "venue_city": ["Bitte geben Sie den Ort der Veranstaltung an."],
            },
        ),
        (
            {"kind": EventKind.WORKSHOP},
            {"host_municipality": ["Ein Kommunalworkshop braucht eine gastgebende Kommune."]},
        ),
        (
            {"series_number": 2},
            {"series_number": ["Eine Nummer gibt es nur für eine Veranstaltung in einer Reihe."]},
        ),
        (
            {"venue_postal_code": "5949"},
            {"venue_postal_code": ["Die Postleitzahl hat fünf Ziffern."]},
        ),
    ],
)
def test_create_event_rejects_data_that_do_not_fit(team, organiser, overrides, errors):
    with pytest.raises(ValidationError) as raised:
        services.create_event(team, actor=organiser, values=values(**overrides))

    assert raised.value.message_dict == errors
    assert not Event.objects.exists()


def test_create_event_rejects_a_series_of_another_team(team, organiser):
    foreign = SeriesFactory()

    with pytest.raises(ValidationError) as raised:
        services.create_event(team, actor=organiser, values=values(series=foreign))

    assert raised.value.message_dict == {"series": ["Diese Reihe gehört zu einem anderen Team."]}


def test_create_event_accepts_a_workshop_with_its_host(team, organiser):
    soest = MunicipalityFactory(ags="05974040", name="Soest")

    event = services.create_event(
        team,
        actor=organiser,
        values=values(
            kind=EventKind.WORKSHOP,
            format=EventFormat.IN_PERSON,
            venue_name="Rathaus Soest",
            venue_city="Soest",
            venue_postal_code="59494",
            host_municipality=soest,
        ),
    )

    assert event.host_municipality == soest


@pytest.mark.parametrize(
    "changes",
    [
        {"starts_at": at(18, 8)},
        {"ends_at": at(18, 14)},
        {"title": "Neuer Titel"},
        {"format": EventFormat.HYBRID, "venue_name": "Stadthalle", "venue_city": "Hamm"},
        {"venue_name": "Online-Studio"},
    ],
    ids=["start", "end", "title", "format", "place"],
)
def test_update_event_raises_sequence_on_time_title_place_and_format(team, organiser, changes):
    event = services.create_event(team, actor=organiser, values=values())

    updated = services.update_event(event, actor=organiser, changes=changes)

    assert updated.sequence == 1
    assert Event.objects.get(pk=event.pk).sequence == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"summary": "Für Kommunen und Kreise"},
        {"description": "<p>Mehr Text</p>"},
        {"contact_email": "neu@land.example"},
        {"languages": ["de", "dgs"]},
    ],
    ids=["summary", "description", "contact", "languages"],
)
def test_update_event_keeps_sequence_on_other_changes(team, organiser, changes):
    event = services.create_event(team, actor=organiser, values=values())

    updated = services.update_event(event, actor=organiser, changes=changes)

    assert updated.sequence == 0


def test_update_event_without_changes_writes_nothing(team, organiser):
    event = services.create_event(team, actor=organiser, values=values())

    services.update_event(event, actor=organiser, changes=values())

    assert list(ChangeLogEntry.objects.values_list("action", flat=True)) == ["event_created"]


def test_update_event_logs_who_changed_which_field_from_what_to_what(team, organiser):
    event = services.create_event(team, actor=organiser, values=values())
    topic = TopicFactory(name="Testthema Kommunen")

    services.update_event(
        event,
        actor=organiser,
        changes={"title": "Neuer Titel", "starts_at": at(18, 8, 30), "topics": [topic]},
    )

    entry = ChangeLogEntry.objects.filter(action="event_updated").get()
    assert (entry.actor, entry.event, entry.object_repr) == (organiser, event, "Neuer Titel")
    assert entry.changes == {
        "title": {"old": "3. Fachkonferenz Digitalisierung", "new": "Neuer Titel"},
        "starts_at": {"old": "18.06.2027 09:00", "new": "18.06.2027 08:30"},
        "topics": {"old": "", "new": "Testthema Kommunen"},
    }


def test_update_event_refuses_a_time_that_leaves_sessions_outside(team, organiser):
    event = services.create_event(team, actor=organiser, values=values())
    SessionFactory(event=event, starts_at=at(18, 12), ends_at=at(18, 13))

    with pytest.raises(ValidationError) as raised:
        services.update_event(event, actor=organiser, changes={"ends_at": at(18, 12)})

    assert raised.value.message_dict == {
        "starts_at": [
            "1 Programmpunkt läge außerhalb der neuen Zeit. Bitte verschieben Sie zuerst "
            "das Programm."
        ]
    }


def test_publish_event_sets_published_at_and_raises_sequence(team, organiser):
    event = services.create_event(team, actor=organiser, values=values())

    published = services.publish_event(event, actor=organiser)
    again = services.publish_event(published, actor=organiser)

    assert (again.status, again.sequence) == (EventStatus.PUBLISHED, 1)
    assert again.published_at == published.published_at is not None
    assert ChangeLogEntry.objects.filter(action="event_published").get().changes == {
        "status": {"old": "Entwurf", "new": "veröffentlicht"}
    }


def test_publish_event_refuses_a_cancelled_event(team, organiser):
    event = EventFactory(team=team, status=EventStatus.CANCELLED)

    with pytest.raises(ValidationError) as raised:
        services.publish_event(event, actor=organiser)

    assert raised.value.messages == [
        "Eine abgesagte Veranstaltung kann nicht veröffentlicht werden."
    ]


def test_cancel_event_keeps_sessions_and_raises_their_calendar_sequences(team, organiser):
    event = EventFactory(team=team)
    first = SessionFactory(event=event)
    second = SessionFactory(event=event, starts_at=event.starts_at + datetime.timedelta(hours=1))

    cancelled = services.cancel_event(event, actor=organiser)
    services.cancel_event(cancelled, actor=organiser)

    assert (cancelled.status, cancelled.sequence) == (EventStatus.CANCELLED, 1)
    sessions = Session.objects.filter(event=event).select_related("event").order_by("pk")
    # The sessions' rows stay untouched; their calendar entries carry the event's sequence.
    assert [(s.pk, s.sequence, s.calendar_sequence) for s in sessions] == [
        (first.pk, 0, 1),
        (second.pk, 0, 1),
    ]


def test_reinstate_event_publishes_a_cancelled_event_again_with_a_higher_sequence(team, organiser):
    event = EventFactory(team=team)
    services.cancel_event(event, actor=organiser)

    reinstated = services.reinstate_event(event, actor=organiser)

    assert (reinstated.status, reinstated.sequence) == (EventStatus.PUBLISHED, 2)
    assert list(
        ChangeLogEntry.objects.filter(event=event).order_by("pk").values_list("action", flat=True)
    ) == ["event_cancelled", "event_reinstated"]


def test_reinstate_event_refuses_an_event_that_was_never_published(team, organiser):
    event = EventFactory(team=team, status=EventStatus.CANCELLED, published_at=None)
    with pytest.raises(ValidationError):
        services.reinstate_event(event, actor=organiser)


def test_add_team_member_needs_an_existing_account(team, organiser):
    with pytest.raises(ValidationError) as raised:
        services.add_team_member(team, actor=organiser, email="niemand@kommune.example")

    assert raised.value.message_dict == {
        "email": [
            "Zu dieser E-Mail-Adresse gibt es kein Konto. Die Person muss sich zuerst "
            "registrieren."
        ]
    }


def test_add_team_member_adds_and_then_changes_the_role(team, organiser):
    person = UserFactory(email="moderation@kommune.example")

    services.add_team_member(
        team, actor=organiser, email="Moderation@Kommune.example", role=TeamRole.MODERATOR
    )
    services.add_team_member(team, actor=organiser, email=person.email, role=TeamRole.ORGANISER)

    assert TeamMembership.objects.get(team=team, user=person).role == TeamRole.ORGANISER
    assert list(
        ChangeLogEntry.objects.filter(team=team).order_by("pk").values_list("action", flat=True)
    ) == ["member_added", "member_role_changed"]


def test_remove_team_member_keeps_the_last_organiser(team, organiser):
    membership = TeamMembership.objects.get(team=team, user=organiser)

    with pytest.raises(ValidationError) as raised:
        services.remove_team_member(membership, actor=organiser)

    assert raised.value.messages == [
        "Das Team braucht mindestens eine Person mit der Rolle Organisation."
    ]


def test_remove_team_member_removes_a_moderator(team, organiser):
    moderator = TeamMembershipFactory(team=team, role=TeamRole.MODERATOR)

    services.remove_team_member(moderator, actor=organiser)

    assert list(team.memberships.values_list("user", flat=True)) == [organiser.pk]


def test_teams_other_team_events_are_not_touched(organiser):
    other = EventFactory(team=OrganiserTeamFactory())

    services.cancel_event(EventFactory(team=organiser.organiser_teams.get()), actor=organiser)

    assert Event.objects.get(pk=other.pk).status == EventStatus.PUBLISHED
