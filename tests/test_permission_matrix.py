"""Every organiser URL, requested by everyone who might try it.

The URL names are read from the URL configuration itself, so a new organiser view without
a recipe below fails ``test_every_organiser_url_has_a_recipe`` (and its own matrix rows)
instead of escaping the checks. Who gets what:

- anonymous: redirect to the login page;
- an attendee (logged in, no team): 403;
- a team organiser without a second factor: redirect to setting one up;
- the organiser of another team: 404 for team A's objects (their existence does not leak);
  the two pages that belong to no object (dashboard, new event) answer 200 with their own data;
- team A's organiser and staff (both with TOTP): 200 or 302; 405 for a GET of a POST-only
  action.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conferences.enums import EventStatus, TeamRole
from registrations.checkin import checkin_token
from tests.factories.conferences import EventFactory, OrganiserTeamFactory, TeamMembershipFactory
from tests.factories.core import UserFactory, add_totp
from tests.factories.registrations import (
    QuestionFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
    SessionOptionFactory,
)
from tests.factories.requests import WorkshopRequestFactory
from tests.factories.sessions import (
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    StageFactory,
)

ORGANISER_PREFIX = "organiser_"


def _walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.name or ""


def organiser_url_names() -> list[str]:
    """Every URL name of the project that starts with ``organiser_``."""
    return sorted(
        {
            name
            for _route, name in _walk(get_resolver().url_patterns)
            if name.startswith(ORGANISER_PREFIX)
        }
    )


@dataclass(frozen=True)
class Recipe:
    """How to request one URL: its kwargs from the world, and the POST data if it acts."""

    kwargs: Callable[["World"], dict] = lambda world: {}
    post: Callable[["World"], dict] | None = None
    post_only: bool = False
    scoped: bool = True


@dataclass
class World:
    team_a: object
    event: object
    stage: object
    session: object
    entry: object
    speaker: object
    moderator_membership: object
    users: dict = field(default_factory=dict)


def event_kwargs(world):
    return {"slug": world.event.slug}


def stage_kwargs(world):
    return {"slug": world.event.slug, "stage_id": world.stage.pk}


def session_kwargs(world):
    return {"slug": world.event.slug, "session_id": world.session.pk}


def entry_kwargs(world):
    return {**session_kwargs(world), "entry_id": world.entry.pk}


def team_kwargs(world):
    return {"team_id": world.team_a.pk}


def session_post(world):
    return {
        "kind": "talk",
        "title": "Neuer Vortrag",
        "stage": world.stage.pk,
        "day": timezone.localtime(world.event.starts_at).date().isoformat(),
        "start_time": "13:00",
        "end_time": "13:30",
        "language": "de",
    }


def request_kwargs(world):
    return {"request_id": WorkshopRequestFactory(team=world.team_a).pk}


def schedule_post(world):
    return {
        "title": "Kommunalworkshop",
        "day": "2031-03-04",
        "start_time": "09:00",
        "end_time": "13:00",
        "format": "online",
        "contact_email": "team@land.example",
        "limit_to_municipality": "on",
    }


def registration_event_kwargs(world):
    """Team A's event with registration settings (made on demand, like the requests)."""
    RegistrationSettingsFactory(event=world.event)
    return event_kwargs(world)


def registration_kwargs(world):
    registration = RegistrationFactory(event=world.event)
    return {**registration_event_kwargs(world), "registration_id": registration.pk}


def registration_option_kwargs(world):
    option = SessionOptionFactory(event=world.event, session=world.session)
    return {**registration_event_kwargs(world), "option_id": option.pk}


def registration_question_kwargs(world):
    QuestionFactory(event=world.event, order=0)
    question = QuestionFactory(event=world.event, order=1)
    return {**registration_event_kwargs(world), "question_id": question.pk}


def checkin_kwargs(world):
    registration = RegistrationFactory(event=world.event)
    return {**registration_event_kwargs(world), "token": checkin_token(registration)}


def registration_settings_post(world):
    return {
        "opens_at": "2030-05-01T09:00",
        "capacity": "50",
        "waitlist_enabled": "on",
        "audience": "everyone",
        "confirmation_window": "48",
    }


RECIPES: dict[str, Recipe] = {
    "organiser_request_list": Recipe(scoped=False),
    "organiser_request": Recipe(request_kwargs),
    "organiser_request_note": Recipe(
        request_kwargs, post=lambda world: {"text": "Rückruf vereinbart"}, post_only=True
    ),
    "organiser_request_status": Recipe(
        request_kwargs, post=lambda world: {"status": "in_progress"}, post_only=True
    ),
    "organiser_request_schedule": Recipe(request_kwargs, post=schedule_post),
    "organiser_dashboard": Recipe(scoped=False),
    "organiser_event_create": Recipe(post=lambda world: {"title": "Neu"}, scoped=False),
    "organiser_event": Recipe(event_kwargs),
    "organiser_event_edit": Recipe(event_kwargs, post=lambda world: {"title": ""}),
    "organiser_event_publish": Recipe(event_kwargs, post=lambda world: {}),
    "organiser_event_cancel": Recipe(event_kwargs, post=lambda world: {}),
    "organiser_event_reinstate": Recipe(event_kwargs, post=lambda world: {}),
    "organiser_event_changes": Recipe(event_kwargs),
    "organiser_event_duplicate": Recipe(
        event_kwargs, post=lambda world: {"starts_on": "2031-01-10"}
    ),
    "organiser_team": Recipe(
        team_kwargs, post=lambda world: {"email": "neu@kommune.example", "role": "moderator"}
    ),
    "organiser_team_member_remove": Recipe(
        lambda world: {**team_kwargs(world), "membership_id": world.moderator_membership.pk},
        post=lambda world: {},
    ),
    "organiser_programme": Recipe(event_kwargs),
    "organiser_stage_create": Recipe(event_kwargs, post=lambda world: {"name": "Raum 2"}),
    "organiser_stage_edit": Recipe(stage_kwargs, post=lambda world: {"name": "Saal"}),
    "organiser_stage_delete": Recipe(stage_kwargs, post=lambda world: {}),
    "organiser_session_create": Recipe(event_kwargs, post=session_post),
    "organiser_session_edit": Recipe(session_kwargs, post=session_post),
    "organiser_session_cancel": Recipe(session_kwargs, post=lambda world: {}),
    "organiser_session_reschedule": Recipe(session_kwargs, post=lambda world: {}, post_only=True),
    "organiser_session_delete": Recipe(session_kwargs, post=lambda world: {}),
    "organiser_session_speaker_add": Recipe(
        session_kwargs,
        post=lambda world: {"speaker": world.speaker.pk, "role": "moderator"},
        post_only=True,
    ),
    "organiser_session_speaker_create": Recipe(
        session_kwargs,
        post=lambda world: {"new-first_name": "Jana", "new-last_name": "B", "new-role": "host"},
        post_only=True,
    ),
    "organiser_session_speaker_move": Recipe(
        entry_kwargs, post=lambda world: {"direction": "up"}, post_only=True
    ),
    "organiser_session_speaker_remove": Recipe(
        entry_kwargs, post=lambda world: {}, post_only=True
    ),
    "organiser_speakers": Recipe(team_kwargs),
    "organiser_speaker_create": Recipe(
        team_kwargs, post=lambda world: {"first_name": "Jana", "last_name": "Beispiel"}
    ),
    "organiser_speaker_edit": Recipe(
        lambda world: {"slug": world.speaker.slug},
        post=lambda world: {"first_name": "Jana", "last_name": "Beispiel"},
    ),
    "organiser_registration_list": Recipe(registration_event_kwargs),
    "organiser_registration_add": Recipe(
        registration_event_kwargs,
        post=lambda world: {
            "first_name": "Jana",
            "last_name": "Beispiel",
            "email": "jana@kommune.example",
            "language": "de",
        },
    ),
    "organiser_registration_detail": Recipe(registration_kwargs),
    "organiser_registration_action": Recipe(
        lambda world: {**registration_kwargs(world), "action": "stornieren"},
        post=lambda world: {"confirmed": "1"},
    ),
    "organiser_registration_export_csv": Recipe(registration_event_kwargs),
    "organiser_registration_export_xlsx": Recipe(registration_event_kwargs),
    "organiser_registration_print": Recipe(registration_event_kwargs),
    "organiser_registration_settings": Recipe(event_kwargs, post=registration_settings_post),
    "organiser_registration_option_add": Recipe(
        registration_event_kwargs,
        post=lambda world: {"session": world.session.pk, "capacity": "10"},
    ),
    "organiser_registration_option_edit": Recipe(
        registration_option_kwargs, post=lambda world: {"capacity": "5"}
    ),
    "organiser_registration_option_delete": Recipe(
        registration_option_kwargs, post=lambda world: {}
    ),
    "organiser_registration_question_create": Recipe(
        registration_event_kwargs, post=lambda world: {"label": "Funktion", "kind": "short_text"}
    ),
    "organiser_registration_question_edit": Recipe(
        registration_question_kwargs,
        post=lambda world: {"label": "Funktion", "kind": "short_text"},
    ),
    "organiser_registration_question_move": Recipe(
        registration_question_kwargs, post=lambda world: {"direction": "up"}, post_only=True
    ),
    "organiser_registration_question_delete": Recipe(
        registration_question_kwargs, post=lambda world: {}
    ),
    "organiser_registration_checkin": Recipe(registration_event_kwargs),
    "organiser_registration_checkin_person": Recipe(
        checkin_kwargs, post=lambda world: {"action": "checkin"}
    ),
    "organiser_registration_statistics": Recipe(registration_event_kwargs),
}

ROLES = [
    "anonymous",
    "attendee",
    "organiser_without_totp",
    "other_team",
    "team_organiser",
    "staff",
]


def build_world() -> World:
    team_a = OrganiserTeamFactory(name="Team A")
    team_b = OrganiserTeamFactory(name="Team B")
    event = EventFactory(team=team_a, slug="team-a-event", status=EventStatus.DRAFT)
    stage = StageFactory(event=event, name="Livestream")
    session = SessionFactory(event=event, stage=stage)
    entry = SessionSpeakerFactory(session=session, role="panelist")
    SessionSpeakerFactory(session=session, role="panelist", order=1)
    speaker = SpeakerFactory(team=team_a, slug="person-team-a")
    users = {
        "attendee": UserFactory(),
        "organiser_without_totp": TeamMembershipFactory(team=team_a).user,
        "other_team": TeamMembershipFactory(team=team_b).user,
        "team_organiser": TeamMembershipFactory(team=team_a).user,
        "staff": UserFactory(is_staff=True),
    }
    for role in ("other_team", "team_organiser", "staff"):
        add_totp(users[role])
    UserFactory(email="neu@kommune.example")
    moderator = TeamMembershipFactory(team=team_a, role=TeamRole.MODERATOR)
    return World(team_a, event, stage, session, entry, speaker, moderator, users)


def expected(role: str, recipe: Recipe, method: str) -> set[int]:
    if role in {"anonymous", "organiser_without_totp"}:
        return {302}
    if role == "attendee":
        return {403}
    if role == "other_team" and recipe.scoped:
        return {404, 403}
    if method == "get" and recipe.post_only:
        return {405}
    return {200, 302}


def matrix():
    for name in organiser_url_names():
        recipe = RECIPES.get(name)
        methods = ["get"] if recipe is None or recipe.post is None else ["get", "post"]
        for method in methods:
            for role in ROLES:
                yield pytest.param(name, method, role, id=f"{name}-{method}-{role}")


def test_every_organiser_url_has_a_recipe():
    assert sorted(set(organiser_url_names()) - set(RECIPES)) == []
    assert sorted(set(RECIPES) - set(organiser_url_names())) == []


def test_every_url_of_the_organiser_area_is_named_for_the_matrix():
    routes = [
        (route, name)
        for route, name in _walk(get_resolver().url_patterns)
        if route.lstrip("^").startswith("veranstalten/")
    ]

    assert routes
    assert [route for route, name in routes if not name.startswith(ORGANISER_PREFIX)] == []


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "role"), list(matrix()))
def test_permission_matrix(client, name, method, role):
    recipe = RECIPES.get(name)
    assert recipe is not None, f"{name} has no recipe in RECIPES: add one"
    world = build_world()
    url = reverse(name, kwargs=recipe.kwargs(world))
    if role != "anonymous":
        client.force_login(world.users[role])

    response = client.post(url, recipe.post(world)) if method == "post" else client.get(url)

    assert response.status_code in expected(role, recipe, method), (
        f"{method.upper()} {url} as {role}: {response.status_code}"
    )
    if role == "anonymous":
        assert response.url == f"/konto/login/?next={quote(url)}"
    if role == "organiser_without_totp":
        assert response.url == "/konto/2fa/totp/activate/"
