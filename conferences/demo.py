"""Demo data of the conferences app: the ministry, its organiser team, the series and events.

The centrepiece is the 2nd Fachkonferenz "Digitalisierung der Kommunen in
Nordrhein-Westfalen" of 19 June 2020 (in the archive); three events of 2027 show the other
kinds. Their programmes are added by ``sessions.demo``, which runs after this step.

Every write goes through ``ensure``, so running the step again changes nothing, and a
demo object edited in the browser returns to its demo state on the next ``seed_demo``.
"""

import datetime
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import CommandError
from django.db import models

from conferences.enums import Audience, EventFormat, EventKind, EventStatus, TeamRole
from conferences.models import Event, OrganiserTeam, Series, TeamMembership, Topic
from core.demo_users import ATTENDEE, MODERATOR, ORGANISER
from core.models import User
from directory.enums import OrganisationType
from directory.models import Municipality, Organisation, Profile

BERLIN = ZoneInfo("Europe/Berlin")

MINISTRY = (
    "Ministerium für Wirtschaft, Innovation, Digitalisierung und Energie "
    "des Landes Nordrhein-Westfalen"
)
TEAM = "Geschäftsstelle Digitale Modellregionen"
CONTACT_EMAIL = "modellregionen@kommunalforum.example"

# Municipalities the demo refers to, by AGS; the directory's reference data provides them.
SOEST = "05974040"
PADERBORN = "05774032"
GELSENKIRCHEN = "05513000"
WUPPERTAL = "05124000"
MOEHNESEE = "05974032"
DEMO_MUNICIPALITIES = {
    SOEST: "Soest",
    PADERBORN: "Paderborn",
    GELSENKIRCHEN: "Gelsenkirchen",
    WUPPERTAL: "Wuppertal",
    MOEHNESEE: "Möhnesee",
}

SERIES_SLUG = "fachkonferenz-digitalisierung-der-kommunen"
CONFERENCE_2020 = "2-fachkonferenz-digitalisierung-der-kommunen-2020"
TRANSFER_2027 = "transferveranstaltung-paderborn-2027"
WORKSHOP_2027 = "kommunalworkshop-soest-2027"
CONSULTING_2027 = "beratungstag-digitalisierung-2027"


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """Return a wall-clock time in Europe/Berlin, the time zone of every demo event."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def ensure[M: models.Model](model: type[M], values: dict[str, Any], **lookup: Any) -> M:
    """Get the object matching ``lookup`` with ``values``, writing only what differs.

    Unlike ``update_or_create``, an unchanged object is not saved, so ``auto_now``
    timestamps (and calendar ETags built from them) stay as they are.
    """
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created:
        changed = [field for field, value in values.items() if getattr(obj, field) != value]
        if changed:
            for field in changed:
                setattr(obj, field, values[field])
            obj.save(update_fields=changed)
    return obj


def demo_municipalities() -> dict[str, Municipality]:
    """Return the demo's municipalities by AGS; stop with a clear message when one is missing."""
    found = Municipality.objects.in_bulk(list(DEMO_MUNICIPALITIES), field_name="ags")
    missing = [f"{name} ({ags})" for ags, name in DEMO_MUNICIPALITIES.items() if ags not in found]
    if missing:
        raise CommandError(
            "The demo data needs the NRW reference data, but these municipalities are missing: "
            f"{', '.join(missing)}. Run 'manage.py load_reference_data' first."
        )
    return found


def demo_user(email: str) -> User:
    try:
        return User.objects.get(email=email)
    except User.DoesNotExist:
        raise CommandError(
            f"The demo account {email} is missing; the core demo step creates it first."
        ) from None


def seed_conferences(report: Callable[[str], None]) -> None:
    """Create the organiser team with the demo logins, the series and the four demo events."""
    municipalities = demo_municipalities()
    ministry = ensure(Organisation, {"type": OrganisationType.STATE_AUTHORITY}, name=MINISTRY)
    team = ensure(OrganiserTeam, {"organisation": ministry}, name=TEAM)
    organiser = demo_user(ORGANISER.email)
    moderator = demo_user(MODERATOR.email)
    ensure(TeamMembership, {"role": TeamRole.ORGANISER}, team=team, user=organiser)
    ensure(TeamMembership, {"role": TeamRole.MODERATOR}, team=team, user=moderator)
    _ensure_profiles(organiser, moderator, soest=municipalities[SOEST])
    report(f"Team „{TEAM}“ with {organiser.email} and {moderator.email}")

    series = ensure(
        Series,
        {
            "name": "Fachkonferenz „Digitalisierung der Kommunen in Nordrhein-Westfalen“",
            "team": team,
        },
        slug=SERIES_SLUG,
    )
    common = {"team": team, "organisation": ministry, "contact_email": CONTACT_EMAIL}
    events = [
        _ensure_event(
            CONFERENCE_2020,
            {
                **common,
                **_conference_2020(),
                "series": series,
                "series_number": 2,
                "published_at": at(2020, 5, 18, 10),
            },
            topics=["e-government", "wissenstransfer-und-start-ups", "sicherheit"],
        ),
        _ensure_event(
            TRANSFER_2027,
            {**common, **_transfer_2027(), "published_at": at(2026, 11, 2, 9)},
            topics=["wissenstransfer-und-start-ups", "smart-mobility", "e-government"],
        ),
        _ensure_event(
            WORKSHOP_2027,
            {
                **common,
                **_workshop_2027(),
                "host_municipality": municipalities[SOEST],
                "published_at": at(2026, 11, 2, 9),
            },
            topics=["e-government"],
        ),
        _ensure_event(
            CONSULTING_2027,
            {**common, **_consulting_2027(), "published_at": at(2026, 11, 2, 9)},
            topics=["e-government", "energie-klima-umwelt", "smart-health"],
        ),
    ]
    for event in events:
        report(f"{event.get_kind_display()}: {event.title}")


def _ensure_profiles(organiser: User, moderator: User, *, soest: Municipality) -> None:
    """Give the demo logins profiles: the ministry's staff and a Soest employee."""
    ministry_staff = {
        "organisation_type": OrganisationType.STATE_AUTHORITY,
        "organisation_name": MINISTRY,
        "municipality": None,
        "district": None,
    }
    ensure(Profile, {**ministry_staff, "function": "Referentin Veranstaltungen"}, user=organiser)
    ensure(Profile, {**ministry_staff, "function": "Referent Kommunikation"}, user=moderator)
    ensure(
        Profile,
        {
            "organisation_type": OrganisationType.MUNICIPALITY,
            "organisation_name": "Stadt Soest",
            "function": "Digitalisierungsbeauftragte",
            "municipality": soest,
            "district": None,
        },
        user=demo_user(ATTENDEE.email),
    )


def _ensure_event(slug: str, values: dict[str, Any], *, topics: list[str]) -> Event:
    event = ensure(Event, values, slug=slug)
    wanted = list(Topic.objects.filter(slug__in=topics))
    if len(wanted) != len(set(topics)):
        raise CommandError(
            f"Topics {sorted(topics)} are not all seeded; run 'manage.py migrate' first."
        )
    event.topics.set(wanted)
    return event


def _conference_2020() -> dict[str, Any]:
    return {
        "kind": EventKind.CONFERENCE,
        "format": EventFormat.ONLINE,
        "status": EventStatus.PUBLISHED,
        "title": "2. Fachkonferenz „Digitalisierung der Kommunen in Nordrhein-Westfalen“",
        "summary": (
            "Virtuelle Fachkonferenz mit rund 500 Teilnehmenden: Was kleinere Kommunen "
            "bei der Digitalisierung brauchen und wie alle von gemeinsamen Lösungen profitieren."
        ),
        "description": (
            "<p>Die zweite Fachkonferenz der Digitalen Modellregionen fand "
            "<strong>virtuell</strong> statt, mit rund 500 Teilnehmenden aus Kommunen, "
            "Landesverwaltung, kommunalen IT-Dienstleistern und Forschung.</p>"
            "<ul>"
            "<li>Begrüßung durch den Minister für Wirtschaft, Innovation, Digitalisierung "
            "und Energie</li>"
            "<li>Podium 1: Geht Digitalisierung auch in kleineren Kommunen?</li>"
            "<li>Der Minister beantwortet Ihre Fragen</li>"
            "<li>Podium 2: Gemeinsam von Lösungen profitieren?</li>"
            "</ul>"
        ),
        "starts_at": at(2020, 6, 19, 9, 30),
        "ends_at": at(2020, 6, 19, 12, 15),
        "time_zone": "Europe/Berlin",
        "venue_name": "",
        "venue_street": "",
        "venue_postal_code": "",
        "venue_city": "",
        "venue_accessibility": "",
        "online_access_notes": (
            "Der Livestream läuft auf der Seite der Veranstaltung; Fragen an den Minister "
            "stellen Sie über die Fragefunktion des Programmpunkts."
        ),
        "languages": ["de"],
        "audience": Audience.EVERYONE,
        "host_municipality": None,
    }


def _transfer_2027() -> dict[str, Any]:
    return {
        "kind": EventKind.TRANSFER,
        "format": EventFormat.IN_PERSON,
        "status": EventStatus.PUBLISHED,
        "title": "Transferveranstaltung „Von den Modellregionen lernen“",
        "series": None,
        "series_number": None,
        "summary": (
            "Die Modellregionen zeigen in Paderborn, was sich bewährt hat: Vorträge im Plenum "
            "und parallele Werkstätten zum Übertragen in die eigene Kommune."
        ),
        "description": (
            "<p>Aachen, Gelsenkirchen, Paderborn, Soest und Wuppertal mit dem Bergischen "
            "Städtedreieck stellen Projekte vor, die andere Kommunen übernehmen können.</p>"
            "<p>Am Vormittag und am Nachmittag laufen je zwei <em>Werkstätten</em> parallel; "
            "wählen Sie bei der Anmeldung, woran Sie teilnehmen möchten.</p>"
        ),
        "starts_at": at(2027, 3, 18, 10),
        "ends_at": at(2027, 3, 18, 16),
        "time_zone": "Europe/Berlin",
        "venue_name": "Tagungszentrum Paderborn (Demo-Ort)",
        "venue_street": "Beispielstraße 1",
        "venue_postal_code": "33098",
        "venue_city": "Paderborn",
        "venue_accessibility": (
            "Alle Räume stufenlos erreichbar, Aufzug vorhanden; barrierefreie Toiletten im "
            "Erdgeschoss; Induktionsschleife im Plenum."
        ),
        "online_access_notes": "",
        "languages": ["de"],
        "audience": Audience.EVERYONE,
        "host_municipality": None,
    }


def _workshop_2027() -> dict[str, Any]:
    return {
        "kind": EventKind.WORKSHOP,
        "format": EventFormat.IN_PERSON,
        "status": EventStatus.PUBLISHED,
        "title": "Kommunalworkshop in Soest: Digitale Verwaltungsleistungen gemeinsam umsetzen",
        "series": None,
        "series_number": None,
        "summary": (
            "Die Stadt Soest lädt Verwaltungen aus der Region ein, Erfahrungen mit digitalen "
            "Anträgen auszutauschen und gemeinsame nächste Schritte zu planen."
        ),
        "description": (
            "<p>Ein Arbeitstreffen für Beschäftigte öffentlicher Stellen: kurze Einblicke in "
            "die Praxis der Stadt Soest, danach Arbeit in kleinen Gruppen.</p>"
        ),
        "starts_at": at(2027, 2, 10, 9),
        "ends_at": at(2027, 2, 10, 13),
        "time_zone": "Europe/Berlin",
        "venue_name": "Rathaus Soest, Ratssaal",
        "venue_street": "Am Vreithof 8",
        "venue_postal_code": "59494",
        "venue_city": "Soest",
        "venue_accessibility": "Eingang und Ratssaal stufenlos erreichbar, Aufzug vorhanden.",
        "online_access_notes": "",
        "languages": ["de"],
        "audience": Audience.PUBLIC_BODIES,
    }


def _consulting_2027() -> dict[str, Any]:
    return {
        "kind": EventKind.CONSULTING,
        "format": EventFormat.ONLINE,
        "status": EventStatus.PUBLISHED,
        "title": "Beratungstag: Digitalisierung in Ihrer Kommune",
        "series": None,
        "series_number": None,
        "summary": (
            "Einzelgespräche mit der Geschäftsstelle Digitale Modellregionen zu Förderung, "
            "Vorhaben und Übertragung erprobter Lösungen."
        ),
        "description": (
            "<p>Nach einer kurzen Einführung vereinbaren Kommunen halbstündige Gespräche per "
            "Videokonferenz. Bringen Sie Ihre Fragen zu Vorhaben und Förderung mit.</p>"
        ),
        "starts_at": at(2027, 4, 15, 9),
        "ends_at": at(2027, 4, 15, 15),
        "time_zone": "Europe/Berlin",
        "venue_name": "",
        "venue_street": "",
        "venue_postal_code": "",
        "venue_city": "",
        "venue_accessibility": "",
        "online_access_notes": "Den Link zur Videokonferenz erhalten Sie mit der Bestätigung.",
        "languages": ["de"],
        "audience": Audience.PUBLIC_BODIES,
        "host_municipality": None,
    }
