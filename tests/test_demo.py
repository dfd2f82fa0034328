"""The demo data of ``make run``: idempotent, complete, and with working demo logins."""

import io
import re
import time
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import is_mfa_enabled
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from conferences.demo import CONFERENCE_2020, TEAM, WORKSHOP_2027, seed_conferences
from conferences.enums import EventKind, TeamRole
from conferences.models import Event, OrganiserTeam, Series, TeamMembership, Topic
from core import demo
from core.demo_users import ATTENDEE, DEMO_LOGINS, DEMO_PASSWORD, ORGANISER, seed_demo_users
from core.models import User
from directory.enums import OrganisationType
from directory.models import Municipality, Organisation, Profile
from sessions.models import Session, SessionSpeaker, Speaker, Stage
from tests.factories.directory import MunicipalityFactory

BERLIN = ZoneInfo("Europe/Berlin")
# AGS and name of every municipality the demo refers to.
DEMO_MUNICIPALITIES = {
    "05974040": "Soest",
    "05774032": "Paderborn",
    "05513000": "Gelsenkirchen",
    "05124000": "Wuppertal",
    "05974032": "Möhnesee",
}
COUNTED = [
    User,
    EmailAddress,
    Authenticator,
    Organisation,
    Profile,
    OrganiserTeam,
    TeamMembership,
    Series,
    Topic,
    Event,
    Event.topics.through,
    Stage,
    Speaker,
    Session,
    SessionSpeaker,
    Municipality,
]


def seed() -> str:
    """Run ``seed_demo`` and return its output.

    Without the directory's reference-data step the demo municipalities are created
    here, with their real AGS, so these tests do not depend on that step's presence.
    """
    if "Referenzdaten NRW" not in [name for name, _ in demo.steps()]:
        for ags, name in DEMO_MUNICIPALITIES.items():
            MunicipalityFactory(ags=ags, name=name)
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, object]:
    counts = {model._meta.label: model.objects.count() for model in COUNTED}
    return {
        **counts,
        "events changed": sorted(Event.objects.values_list("slug", "updated_at")),
        "sessions changed": sorted(Session.objects.values_list("pk", "updated_at")),
        "speakers changed": sorted(Speaker.objects.values_list("slug", "updated_at")),
        "passwords": sorted(User.objects.values_list("email", "password")),
    }


# These two run on an empty database, so they stand before the first test that seeds.


@pytest.mark.django_db
def test_seed_conferences_names_missing_municipalities():
    with pytest.raises(CommandError) as raised:
        seed_conferences(lambda line: None)

    assert str(raised.value) == (
        "The demo data needs the NRW reference data, but these municipalities are missing: "
        "Soest (05974040), Paderborn (05774032), Gelsenkirchen (05513000), "
        "Wuppertal (05124000), Möhnesee (05974032). Run 'manage.py load_reference_data' first."
    )


@pytest.mark.django_db
def test_seed_demo_users_refuses_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="never created in production"):
        seed_demo_users(lambda line: None)

    assert User.objects.count() == 0


@pytest.fixture(autouse=True)
def _fast_password_hashing():
    """Keep the real hashers: the demo seeds once per module and must find its hashes current."""


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module inside a transaction that is rolled back afterwards.

    Each test still runs in its own savepoint (``db``), so a test that seeds again or
    changes data leaves the shared state as it was.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        output = seed()
        yield output
        transaction.set_rollback(True)


def test_topics_are_seeded_in_programme_order(seeded, db):
    assert list(Topic.objects.values_list("slug", "name", "name_en")) == [
        ("smart-mobility", "Smart Mobility", "Smart mobility"),
        ("energie-klima-umwelt", "Energie, Klima, Umwelt", "Energy, climate, environment"),
        ("smart-health", "Smart Health", "Smart health"),
        (
            "wissenstransfer-und-start-ups",
            "Wissenstransfer und Start-ups",
            "Knowledge transfer and start-ups",
        ),
        ("e-commerce", "E-Commerce", "E-commerce"),
        ("sicherheit", "Sicherheit", "Security"),
        ("menschen-mit-behinderung", "Menschen mit Behinderung", "People with disabilities"),
        ("alter-und-pflege", "Alter und Pflege", "Ageing and care"),
        ("smart-home", "Smart Home", "Smart home"),
        ("e-government", "E-Government", "E-government"),
    ]


def test_seed_demo_twice_changes_nothing(seeded, db):
    before = snapshot()

    seed()

    assert snapshot() == before
    assert before["conferences.Event"] == 4
    assert before["core.User"] == 4


def test_seed_demo_reports_its_steps(seeded, db):
    assert "Demo: Demo-Zugänge" in seeded
    assert "Demo: Veranstaltungen" in seeded
    assert "Demo: Programme" in seeded
    assert seeded.rstrip().endswith("Demo data ready.")


def test_fachkonferenz_2020_is_published_online_in_the_archive(seeded, db):
    event = Event.objects.get(slug=CONFERENCE_2020)

    assert event.series_label == (
        "2. Fachkonferenz „Digitalisierung der Kommunen in Nordrhein-Westfalen“"
    )
    assert event.get_format_display() == "online"
    assert event.is_public
    assert "rund 500 Teilnehmenden" in event.summary
    assert event.starts_at.astimezone(BERLIN).isoformat() == "2020-06-19T09:30:00+02:00"
    assert event.ends_at.astimezone(BERLIN).isoformat() == "2020-06-19T12:15:00+02:00"
    assert event.organisation.name == (
        "Ministerium für Wirtschaft, Innovation, Digitalisierung und Energie "
        "des Landes Nordrhein-Westfalen"
    )
    assert event.organisation.type == OrganisationType.STATE_AUTHORITY
    assert list(Event.objects.published().past().values_list("slug", flat=True)) == [
        CONFERENCE_2020
    ]


def test_fachkonferenz_2020_has_four_programme_parts_in_order(seeded, db):
    sessions = Session.objects.filter(event__slug=CONFERENCE_2020).order_by("starts_at")

    assert [
        (
            s.starts_at.astimezone(BERLIN).strftime("%H:%M"),
            s.ends_at.astimezone(BERLIN).strftime("%H:%M"),
            s.kind,
            s.title,
            s.stage.name,
            s.live_qa,
        )
        for s in sessions
    ] == [
        ("09:30", "09:45", "welcome", "Begrüßung durch den Minister", "Livestream", False),
        (
            "09:45",
            "10:45",
            "panel",
            "Geht Digitalisierung auch in kleineren Kommunen?",
            "Livestream",
            False,
        ),
        ("10:45", "11:15", "qa", "Der Minister beantwortet Ihre Fragen", "Livestream", True),
        ("11:15", "12:15", "panel", "Gemeinsam von Lösungen profitieren?", "Livestream", False),
    ]


def lineup(event_slug: str, session_slug: str) -> list[tuple[str, str]]:
    roles = SessionSpeaker.objects.filter(
        session__event__slug=event_slug, session__slug=session_slug
    ).select_related("speaker")
    return [(role.role, role.speaker.display_name) for role in roles]


def test_panel_1_has_one_moderator_and_four_panelists_in_order(seeded, db):
    assert lineup(CONFERENCE_2020, "podium-kleinere-kommunen") == [
        ("moderator", "Julia Brenner"),
        ("panelist", "Petra Lindemann"),
        ("panelist", "Dr. Markus Feldmann"),
        ("panelist", "Thomas Berger"),
        ("panelist", "Anna Vogt"),
    ]


def test_minister_welcomes_and_answers_questions_with_a_moderator(seeded, db):
    assert lineup(CONFERENCE_2020, "begruessung") == [("welcome", "Prof. Dr. Andreas Pinkwart")]
    assert lineup(CONFERENCE_2020, "der-minister-beantwortet-ihre-fragen") == [
        ("presenter", "Prof. Dr. Andreas Pinkwart"),
        ("moderator", "Julia Brenner"),
    ]


def test_panel_2_brings_state_it_providers_research_and_municipalities(seeded, db):
    roles = SessionSpeaker.objects.filter(
        session__slug="podium-gemeinsam-von-loesungen-profitieren"
    ).select_related("speaker")

    assert [(r.role, r.speaker.display_name, r.speaker.organisation) for r in roles] == [
        ("moderator", "Sabine Krüger", ""),
        (
            "panelist",
            "Claudia Reinhardt",
            "Ministerium für Wirtschaft, Innovation, Digitalisierung und Energie "
            "des Landes Nordrhein-Westfalen",
        ),
        ("panelist", "Stefan Kaiser", "Kommunaler IT-Dienstleister (Demo)"),
        ("panelist", "Prof. Dr. Lea Hartmann", "Forschungsinstitut Digitale Kommune (Demo)"),
        ("panelist", "Mehmet Yılmaz", "Stadt Gelsenkirchen"),
        ("panelist", "Birgit Lorenz", "Stadt Wuppertal"),
    ]


def test_only_one_demo_speaker_withholds_consent(seeded, db):
    assert list(Speaker.objects.filter(consent_to_show=False).values_list("slug", flat=True)) == [
        "anna-vogt"
    ]


def test_transfer_event_has_parallel_workshops_on_two_stages(seeded, db):
    event = Event.objects.get(kind=EventKind.TRANSFER)
    workshops = event.sessions.filter(kind="workshop").order_by("starts_at", "stage__order")

    assert event.venue_city == "Paderborn"
    assert event.get_format_display() == "vor Ort"
    assert list(event.stages.values_list("name", flat=True)) == ["Plenum", "Werkstattraum"]
    assert [
        (s.starts_at.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M"), s.stage.name)
        for s in workshops
    ] == [
        ("2027-03-18 11:15", "Plenum"),
        ("2027-03-18 11:15", "Werkstattraum"),
        ("2027-03-18 13:30", "Plenum"),
        ("2027-03-18 13:30", "Werkstattraum"),
    ]


def test_municipal_workshop_is_hosted_by_soest_for_public_bodies(seeded, db):
    event = Event.objects.get(slug=WORKSHOP_2027)

    assert event.kind == EventKind.WORKSHOP
    assert event.host_municipality.ags == "05974040"
    assert event.audience == "public_bodies"
    assert (event.venue_name, event.venue_postal_code, event.venue_city) == (
        "Rathaus Soest, Ratssaal",
        "59494",
        "Soest",
    )


def test_consulting_day_is_online_in_2027(seeded, db):
    event = Event.objects.get(kind=EventKind.CONSULTING)

    assert event.get_format_display() == "online"
    assert event.starts_at.astimezone(BERLIN).isoformat() == "2027-04-15T09:00:00+02:00"


def test_demo_organiser_is_team_organiser_with_totp(seeded, db):
    user = User.objects.get(email=ORGANISER.email)
    totp = TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))
    code = format_hotp_value(
        hotp_value(ORGANISER.totp_secret, int(time.time()) // mfa_settings.TOTP_PERIOD)
    )

    assert user.check_password(DEMO_PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    assert TeamMembership.objects.get(user=user).team.name == TEAM
    assert TeamMembership.objects.get(user=user).role == TeamRole.ORGANISER
    assert is_mfa_enabled(user)
    assert totp.validate_code(code)
    assert not user.is_staff


def test_demo_roles_match_their_logins(seeded, db):
    memberships = TeamMembership.objects.filter(team__name=TEAM).order_by("user__email")

    assert [(m.user.email, m.role) for m in memberships] == [
        ("moderation@kommunalforum.example", "moderator"),
        ("organisation@kommunalforum.example", "organiser"),
    ]
    assert list(User.objects.filter(is_superuser=True).values_list("email", flat=True)) == [
        "admin@kommunalforum.example"
    ]
    assert sorted(
        Authenticator.objects.filter(type="totp").values_list("user__email", flat=True)
    ) == [
        "admin@kommunalforum.example",
        "moderation@kommunalforum.example",
        "organisation@kommunalforum.example",
    ]


def test_demo_attendee_is_municipal_staff_of_soest(seeded, db):
    profile = Profile.objects.get(user__email=ATTENDEE.email)

    assert profile.organisation_type == OrganisationType.MUNICIPALITY
    assert profile.municipality.name == "Soest"
    assert not is_mfa_enabled(profile.user)


def test_demo_logins_prints_every_login_and_current_codes(seeded, db):
    out = io.StringIO()

    call_command("demo_logins", stdout=out)

    output = out.getvalue()
    assert "password for all: kommunalforum-demo" in output
    for login in DEMO_LOGINS:
        assert f"  {login.email}\n" in output
    assert re.findall(r"TOTP secret: (\w+)", output) == [
        "KOMMUNALFORUMDEMOADMINISTRATIONS",
        "KOMMUNALFORUMDEMOVERANSTALTUNGEN",
        "KOMMUNALFORUMDEMOMODERATIONSTEAM",
    ]
    assert len(re.findall(r"code now: \d{6} \(valid for \d+ s more\)", output)) == 3
    assert "otpauth://totp/organisation%40kommunalforum.example?secret=" in output
