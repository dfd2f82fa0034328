"""Demo data of the registrations app: who registered for the demo events, and two requests.

Runs after ``sessions.demo``. The 2nd Fachkonferenz of 2020 is fully booked: 500 seats,
ten cancellations whose seats went to the head of the waiting list, and 15 people still
waiting, spread over the registration period and over the municipalities of NRW the way
a real registration would be, so the organiser's lists and statistics have something to
show. The 2027 transfer event has registrations with workshop choices, the Soest workshop
has some awaiting the organiser's approval.

Rows are written directly, as the services would leave them once every mail had been
sent, but no mail is queued: the people are fictional and their addresses end in
``.example``. Each person is keyed by a fixed address per event, and a registration that
exists already is left alone, so running the step again changes nothing. The people are
drawn from ``random.Random`` with a fixed seed, so every installation shows the same data.
"""

import datetime
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.management.base import CommandError

from conferences.demo import (
    CONFERENCE_2020,
    GELSENKIRCHEN,
    MINISTRY,
    SOEST,
    TEAM,
    TRANSFER_2027,
    WORKSHOP_2027,
    WUPPERTAL,
    at,
    demo_municipalities,
    demo_user,
    ensure,
)
from conferences.models import Event, OrganiserTeam, Topic
from core.demo_users import ORGANISER
from directory.enums import DistrictType, MunicipalityType, OrganisationType
from directory.models import District, Municipality
from registrations.enums import RegistrationAudience, RegistrationStatus, SessionChoiceStatus
from registrations.models import (
    Registration,
    RegistrationSettings,
    SessionChoice,
    SessionOption,
    hash_token,
)
from registrations.requests.models import RequestKind, RequestNote, RequestStatus, WorkshopRequest
from registrations.services.validation import DIRECTORY_CONSENT_VERSION
from sessions.enums import SessionKind
from sessions.models import Session

# Fictional people: common German first and last names, combined at random.
FIRST_NAMES = [
    "Anna", "Andreas", "Birgit", "Bernd", "Carina", "Christian", "Daniela", "Dirk", "Elke",
    "Erik", "Franziska", "Frank", "Gabriele", "Georg", "Hannah", "Heiko", "Ines", "Jan",
    "Julia", "Jürgen", "Katrin", "Klaus", "Laura", "Lukas", "Maria", "Markus", "Nadine",
    "Niklas", "Olga", "Oliver", "Petra", "Philipp", "Ruth", "Ralf", "Sabine", "Stefan",
    "Tanja", "Thomas", "Ulrike", "Uwe", "Vanessa", "Volker", "Wiebke", "Wolfgang", "Yvonne",
    "Yusuf", "Zeynep", "Martin", "Sandra", "Michael", "Claudia", "Tobias", "Melanie", "Sven",
    "Ayşe", "Dominik", "Lena", "Felix", "Kerstin", "Matthias",
]  # fmt: skip
LAST_NAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
    "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
    "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
    "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann",
    "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
    "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn",
    "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler",
    "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon",
    "Ludwig", "Böhm", "Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt",
    "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas",
    "Kaya", "Yılmaz", "Nowak", "Kowalski", "Demir", "Özdemir",
]  # fmt: skip

STATE_AUTHORITIES = [
    MINISTRY,
    "Bezirksregierung Arnsberg",
    "Bezirksregierung Detmold",
    "Bezirksregierung Düsseldorf",
    "Bezirksregierung Köln",
    "Bezirksregierung Münster",
    "Ministerium des Innern des Landes Nordrhein-Westfalen",
    "IT.NRW",
]
MUNICIPAL_IT = [
    "Kommunales Rechenzentrum Rheinland (Demo)",
    "Zweckverband IT Westfalen (Demo)",
    "Kommunale Datenzentrale Ruhr (Demo)",
    "IT-Dienstleister Ostwestfalen-Lippe (Demo)",
    "Bergisches Rechenzentrum (Demo)",
]
RESEARCH = [
    "Forschungsinstitut Digitale Kommune (Demo)",
    "Hochschule für Verwaltung (Demo)",
    "Institut für Stadtentwicklung (Demo)",
    "Lehrstuhl für Verwaltungsinformatik (Demo)",
]
# About 60 % municipal staff; the rest from districts, the state, IT providers and research.
ORGANISATION_WEIGHTS = {
    OrganisationType.MUNICIPALITY: 60,
    OrganisationType.DISTRICT: 13,
    OrganisationType.STATE_AUTHORITY: 11,
    OrganisationType.MUNICIPAL_IT: 9,
    OrganisationType.RESEARCH: 7,
}

CONFERENCE_CAPACITY = 500
CONFERENCE_CANCELLED = 10
CONFERENCE_WAITING = 15
TRANSFER_PEOPLE = 40
TRANSFER_OPTION_CAPACITY = 30
WORKSHOP_CONFIRMED = 5
WORKSHOP_AWAITING = 3
# Applies to the 2027 events; the events were published then.
OPENS_2027 = at(2026, 11, 2, 9)


@dataclass(frozen=True)
class Person:
    email: str
    first_name: str
    last_name: str
    organisation_type: str
    organisation_name: str
    municipality: Municipality | None
    directory_consent: bool


class People:
    """Draws fictional registrants: municipal staff weighted by the size of the place."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.municipalities = list(Municipality.objects.select_related("region").order_by("ags"))
        if not self.municipalities:
            raise CommandError("The registration demo needs the NRW reference data.")
        # The square root of the population: large cities send more people, but small
        # municipalities still appear, as they did at the real conference.
        self.weights = [math.sqrt(m.population or 1) for m in self.municipalities]
        self.districts = list(
            District.objects.exclude(type=DistrictType.CITY_DISTRICT_FREE).order_by("ags")
        )

    def draw(self, email: str, *, municipality: Municipality | None = None) -> Person:
        rng = self.rng
        kinds = list(ORGANISATION_WEIGHTS)
        kind = (
            OrganisationType.MUNICIPALITY
            if municipality is not None
            else rng.choices(kinds, weights=list(ORGANISATION_WEIGHTS.values()))[0]
        )
        place = None
        match kind:
            case OrganisationType.MUNICIPALITY:
                place = municipality or rng.choices(self.municipalities, self.weights)[0]
                name = municipal_name(place)
            case OrganisationType.DISTRICT:
                name = rng.choice(self.districts).name if self.districts else "Kreis (Demo)"
            case OrganisationType.STATE_AUTHORITY:
                name = rng.choice(STATE_AUTHORITIES)
            case OrganisationType.MUNICIPAL_IT:
                name = rng.choice(MUNICIPAL_IT)
            case _:
                name = rng.choice(RESEARCH)
        return Person(
            email=email,
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            organisation_type=kind,
            organisation_name=name,
            municipality=place,
            directory_consent=rng.random() < 0.3,
        )


def municipal_name(municipality: Municipality) -> str:
    prefix = "Gemeinde" if municipality.type == MunicipalityType.MUNICIPALITY else "Stadt"
    return f"{prefix} {municipality.name}"


def registration(
    event: Event,
    person: Person,
    *,
    status: str,
    submitted: datetime.datetime,
    sequence: int,
    recording: bool = False,
    **fields: Any,
) -> Registration:
    """A registration as the services leave it after the double opt-in."""
    row = Registration(
        event=event,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        municipality=person.municipality,
        organisation_type=person.organisation_type,
        organisation_name=person.organisation_name,
        language="de",
        status=status,
        outcome="",
        queued_at=submitted,
        created_at=submitted,
        privacy_accepted_at=submitted,
        privacy_notice_version="1",
        directory_consent=person.directory_consent,
        directory_consent_at=submitted if person.directory_consent else None,
        directory_consent_version=DIRECTORY_CONSENT_VERSION if person.directory_consent else "",
        recording_acknowledged_at=submitted if recording else None,
        confirm_by=None,
        sequence=sequence,
        **fields,
    )
    row.token_hash = hash_token(row.management_token)
    return row


def save_new(event: Event, rows: list[Registration]) -> list[Registration]:
    """Insert the registrations whose address the event does not have yet; return them.

    ``created_at`` is ``auto_now_add``, which ``bulk_create`` overwrites, so the demo's
    registration times are written back afterwards.
    """
    existing = set(Registration.objects.filter(event=event).values_list("email", flat=True))
    new = [row for row in rows if row.email not in existing]
    if not new:
        return []
    submitted = {row.email: row.created_at for row in new}
    created = Registration.objects.bulk_create(new)
    if any(row.pk is None for row in created):
        created = list(Registration.objects.filter(event=event, email__in=submitted))
    for row in created:
        row.created_at = submitted[row.email]
    Registration.objects.bulk_update(created, ["created_at"], batch_size=200)
    return created


def minutes(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=rng.randint(low, high))


def submission_times(
    rng: random.Random, count: int, start: datetime.datetime, days: int
) -> list[datetime.datetime]:
    """``count`` sorted times over ``days`` days: a rush after the announcement, a bump
    after the reminder two weeks in, and a last rush at the end."""
    weights = []
    for day in range(days):
        weight = 4 + 30 * math.exp(-day / 2.5)
        if day in (17, 18):
            weight += 12
        if day >= days - 3:
            weight += 8
        if (start + datetime.timedelta(days=day)).weekday() >= 5:
            weight *= 0.25
        weights.append(weight)
    times = []
    for day in rng.choices(range(days), weights=weights, k=count):
        moment = start.replace(hour=7, minute=30) + datetime.timedelta(
            days=day, seconds=rng.randint(0, 10 * 60 * 60)
        )
        times.append(max(moment, start))
    return sorted(times)


def seed_registrations(report: Callable[[str], None]) -> None:
    """Register fictional people for the demo events and file two requests."""
    municipalities = demo_municipalities()
    events = Event.objects.in_bulk(
        [CONFERENCE_2020, TRANSFER_2027, WORKSHOP_2027], field_name="slug"
    )
    if len(events) != 3:
        raise CommandError("The registration demo needs the demo events; seed them first.")
    people = People(random.Random(2020))  # noqa: S311  # fictional people, not secrets
    _seed_conference(events[CONFERENCE_2020], people, report)
    _seed_transfer(events[TRANSFER_2027], people, report)
    _seed_workshop(events[WORKSHOP_2027], people, municipalities[SOEST], report)
    _seed_requests(municipalities, report)


def _numbered(start: int, count: int) -> Iterator[str]:
    for number in range(start, start + count):
        yield f"teilnehmer-{number:04d}@kommune.example"


def _seed_conference(event: Event, people: People, report: Callable[[str], None]) -> None:
    opens, closes = at(2020, 5, 15, 10), at(2020, 6, 18, 23, 59)
    ensure(
        RegistrationSettings,
        {
            "opens_at": opens,
            "closes_at": closes,
            "capacity": CONFERENCE_CAPACITY,
            "waitlist_enabled": True,
            "approval_required": False,
            "audience": RegistrationAudience.EVERYONE,
            "recording_notice": True,
        },
        event=event,
    )
    rng = people.rng
    total = CONFERENCE_CAPACITY + CONFERENCE_CANCELLED + CONFERENCE_WAITING
    # The seats are gone on 10 June; the waiting list grows in the last week.
    full = at(2020, 6, 10, 7)
    times = submission_times(rng, CONFERENCE_CAPACITY, opens, (full - opens).days) + sorted(
        full + datetime.timedelta(days=rng.randint(0, 8), seconds=rng.randint(0, 10 * 60 * 60))
        for _ in range(total - CONFERENCE_CAPACITY)
    )
    emails = list(_numbered(1, total))
    # The first 500 got a seat; ten of them cancelled once the event was full, and each
    # freed seat went to the first person then waiting.
    cancelled = set(rng.sample(range(CONFERENCE_CAPACITY), CONFERENCE_CANCELLED))
    freed_at: list[datetime.datetime] = []
    for k in range(CONFERENCE_CANCELLED):
        moment = times[CONFERENCE_CAPACITY + k] + minutes(rng, 60, 36 * 60)
        if freed_at:
            moment = max(moment, freed_at[-1] + minutes(rng, 5, 120))
        freed_at.append(min(moment, closes))
    cancel_order = iter(freed_at)
    rows = []
    for index, (email, submitted) in enumerate(zip(emails, times, strict=True)):
        person = people.draw(email)
        confirmed = submitted + minutes(rng, 1, 180)
        common = {"submitted": submitted, "recording": True}
        if index in cancelled:
            # Cancelled after the event was full, so in the order the seats were freed.
            row = registration(
                event, person, status=RegistrationStatus.CANCELLED, sequence=2, **common
            )
            row.confirmed_at = confirmed
        elif index < CONFERENCE_CAPACITY:
            row = registration(
                event,
                person,
                status=RegistrationStatus.CONFIRMED,
                sequence=1,
                confirmed_at=confirmed,
                **common,
            )
        elif index < CONFERENCE_CAPACITY + CONFERENCE_CANCELLED:
            # Promoted from the waiting list: confirmed address first, seat later.
            row = registration(
                event,
                person,
                status=RegistrationStatus.CONFIRMED,
                sequence=2,
                confirmed_at=freed_at[index - CONFERENCE_CAPACITY],
                **common,
            )
        else:
            row = registration(
                event, person, status=RegistrationStatus.WAITLISTED, sequence=1, **common
            )
        rows.append(row)
    for index in sorted(cancelled):
        rows[index].cancelled_at = next(cancel_order)
    created = save_new(event, rows)
    counts = _status_counts(event)
    report(f"{event.title}: {len(created)} new; {counts}, {_reached(event)} Kommunen erreicht")


def _seed_transfer(event: Event, people: People, report: Callable[[str], None]) -> None:
    ensure(
        RegistrationSettings,
        {
            "opens_at": OPENS_2027,
            "closes_at": None,
            "capacity": 120,
            "waitlist_enabled": True,
            "approval_required": False,
            "audience": RegistrationAudience.EVERYONE,
            "recording_notice": False,
        },
        event=event,
    )
    workshops = list(
        Session.objects.filter(event=event, kind=SessionKind.WORKSHOP).order_by(
            "starts_at", "stage__order"
        )
    )
    options = [
        ensure(
            SessionOption,
            {"event": event, "capacity": TRANSFER_OPTION_CAPACITY, "order": order},
            session=session,
        )
        for order, session in enumerate(workshops)
    ]
    # Parallel workshops share a start time; each registrant picks one per time slot.
    slots: dict[datetime.datetime, list[SessionOption]] = {}
    for option, session in zip(options, workshops, strict=True):
        slots.setdefault(session.starts_at, []).append(option)
    rng = people.rng
    times = submission_times(rng, TRANSFER_PEOPLE, OPENS_2027, 22)
    rows, picks = [], {}
    taken = {option.pk: 0 for option in options}
    for email, submitted in zip(_numbered(601, TRANSFER_PEOPLE), times, strict=True):
        person = people.draw(email)
        row = registration(
            event,
            person,
            status=RegistrationStatus.CONFIRMED,
            sequence=1,
            submitted=submitted,
            confirmed_at=submitted + minutes(rng, 1, 120),
        )
        rows.append(row)
        chosen = []
        for slot in slots.values():
            free = [o for o in slot if taken[o.pk] < TRANSFER_OPTION_CAPACITY]
            if free:
                option = rng.choice(free)
                taken[option.pk] += 1
                chosen.append(option)
        picks[email] = chosen
    created = save_new(event, rows)
    SessionChoice.objects.bulk_create(
        SessionChoice(
            registration=row,
            option=option,
            status=SessionChoiceStatus.CONFIRMED,
            queued_at=row.confirmed_at,
        )
        for row in created
        for option in picks[row.email]
    )
    report(
        f"{event.title}: {len(created)} new; {_status_counts(event)}, "
        f"{len(options)} Werkstätten mit je {TRANSFER_OPTION_CAPACITY} Plätzen"
    )


def _seed_workshop(
    event: Event, people: People, soest: Municipality, report: Callable[[str], None]
) -> None:
    ensure(
        RegistrationSettings,
        {
            "opens_at": OPENS_2027,
            "closes_at": None,
            "capacity": 25,
            "waitlist_enabled": True,
            "approval_required": True,
            "audience": RegistrationAudience.HOST_MUNICIPALITY,
            "recording_notice": False,
        },
        event=event,
    )
    rng = people.rng
    count = WORKSHOP_CONFIRMED + WORKSHOP_AWAITING
    times = submission_times(rng, count, OPENS_2027, 20)
    rows = []
    for index, (email, submitted) in enumerate(zip(_numbered(701, count), times, strict=True)):
        person = people.draw(email, municipality=soest)
        if index < WORKSHOP_CONFIRMED:
            # Approved by the organiser a day or two after registering.
            decided = submitted + minutes(rng, 12 * 60, 48 * 60)
            row = registration(
                event,
                person,
                status=RegistrationStatus.CONFIRMED,
                sequence=2,
                submitted=submitted,
                confirmed_at=decided,
                decided_at=decided,
            )
        else:
            row = registration(
                event,
                person,
                status=RegistrationStatus.AWAITING_APPROVAL,
                sequence=1,
                submitted=submitted,
            )
        rows.append(row)
    created = save_new(event, rows)
    report(f"{event.title}: {len(created)} new; {_status_counts(event)}")


def _seed_requests(municipalities: dict[str, Municipality], report: Callable[[str], None]) -> None:
    team = OrganiserTeam.objects.get(name=TEAM)
    organiser = demo_user(ORGANISER.email)
    common = {"team": team, "language": "de", "privacy_accepted_at": at(2026, 11, 20, 10)}
    workshop = ensure(
        WorkshopRequest,
        {
            **common,
            "kind": RequestKind.WORKSHOP,
            "municipality": municipalities[GELSENKIRCHEN],
            "contact_name": "Jana Kowalczyk",
            "function": "Leiterin Stabsstelle Digitalisierung",
            "phone": "0209 000000",
            "preferred_date_1": datetime.date(2027, 3, 3),
            "preferred_date_2": datetime.date(2027, 3, 10),
            "preferred_dates_note": "Gern vormittags.",
            "expected_participants": 25,
            "message": (
                "Wir möchten mit den Fachbereichen einen Kommunalworkshop zur Einführung "
                "digitaler Anträge durchführen und von den Erfahrungen der Modellregionen lernen."
            ),
            "status": RequestStatus.NEW,
        },
        email="digitalisierung@gelsenkirchen.example",
    )
    consulting = ensure(
        WorkshopRequest,
        {
            **common,
            "kind": RequestKind.CONSULTING,
            "municipality": municipalities[WUPPERTAL],
            "contact_name": "Holger Brinkmann",
            "function": "Projektleiter Smart City",
            "preferred_date_1": datetime.date(2027, 1, 20),
            "preferred_dates_note": "",
            "expected_participants": 4,
            "message": (
                "Wir planen eine Plattform für offene Daten und suchen Beratung zu Förderung "
                "und zur Übernahme bestehender Lösungen anderer Kommunen."
            ),
            "status": RequestStatus.IN_PROGRESS,
        },
        email="smartcity@wuppertal.example",
    )
    workshop.topics.set(Topic.objects.filter(slug="e-government"))
    consulting.topics.set(Topic.objects.filter(slug__in=["e-government", "smart-mobility"]))
    ensure(
        RequestNote,
        {"author": organiser},
        request=consulting,
        text="Telefonat am 24.11.: Termin im Januar angefragt, Unterlagen zur Förderung folgen.",
    )
    report(f"Anfragen: {WorkshopRequest.objects.filter(team=team).count()}")


def _status_counts(event: Event) -> str:
    counts: dict[str, int] = {}
    for status in Registration.objects.filter(event=event).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))


def _reached(event: Event) -> int:
    return (
        Registration.objects.active()
        .filter(event=event, municipality__isnull=False)
        .values("municipality")
        .distinct()
        .count()
    )
