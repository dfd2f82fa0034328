"""Reusable reads of conferences, with the joins their pages need."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from conferences.enums import EventStatus, TeamRole
from conferences.models import (
    ChangeLogEntry,
    Event,
    EventQuerySet,
    OrganiserTeam,
    TeamMembership,
    Topic,
)
from conferences.rules import teams_for
from directory.models import Municipality, Region

# --- Public pages: home, event list, archive, calendar feed -------------------------------

PUBLIC_EVENT_JOINS = ("series", "organisation", "host_municipality")


@dataclass(frozen=True)
class EventFilters:
    """What the public event list may be narrowed by; empty values do not filter.

    ``region`` matches an event whose host municipality lies in the region, or whose venue
    city is spelled exactly like a municipality of that region (the venue address is free
    text, so a district name such as "Soest-Ost" does not match).
    """

    kind: str = ""
    format: str = ""
    topic: Topic | None = None
    region: Region | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def public_events() -> EventQuerySet:
    """Return every event the public may see, joined with what its card shows."""
    return Event.objects.published().select_related(*PUBLIC_EVENT_JOINS)


def upcoming_public_events(*, limit: int | None = None) -> list[Event]:
    """Return the public events that have not ended yet, soonest first."""
    events = public_events().upcoming().order_by("starts_at", "title")
    return list(events[:limit] if limit else events)


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def published_events(filters: EventFilters | None = None, *, past: bool = False) -> QuerySet:
    """Return the public events matching ``filters``: upcoming ones soonest first, or past ones
    (the archive) newest first.

    The date range keeps every event that overlaps it, in the site's time zone: an event
    running from the 1st to the 3rd is found with a range "from the 2nd".
    """
    filters = filters or EventFilters()
    events = public_events().prefetch_related("topics")
    events = events.past().order_by("-starts_at", "title") if past else events.upcoming()
    if not past:
        events = events.order_by("starts_at", "title")
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.format:
        events = events.filter(format=filters.format)
    if filters.topic is not None:
        events = events.filter(topics=filters.topic)
    if filters.region is not None:
        venue_in_region = Municipality.objects.filter(
            region=filters.region, name=OuterRef("venue_city")
        )
        events = events.filter(
            Q(host_municipality__region=filters.region) | Q(Exists(venue_in_region))
        )
    if filters.date_from is not None:
        events = events.filter(ends_at__gt=_start_of_day(filters.date_from))
    if filters.date_to is not None:
        next_day = filters.date_to + datetime.timedelta(days=1)
        events = events.filter(starts_at__lt=_start_of_day(next_day))
    return events


def public_event(slug: str) -> Event | None:
    """Return the public event with ``slug`` and what its header shows, or None."""
    return public_events().prefetch_related("topics").filter(slug=slug).first()


def public_events_version() -> tuple[int, datetime.datetime | None]:
    """Return how many events are public and when the latest of them changed.

    Cheap enough to answer a conditional request for the calendar feed without building it.
    """
    version = Event.objects.published().aggregate(count=Count("pk"), latest=Max("updated_at"))
    return version["count"], version["latest"]


# --- Organiser area: dashboard, team page, change log -------------------------------------


@dataclass
class TeamOverview:
    """One team on the organiser dashboard, its events sorted into three lists."""

    team: OrganiserTeam
    role: str
    drafts: list[Event]
    upcoming: list[Event]
    past: list[Event]

    @property
    def can_manage(self) -> bool:
        """Organisers of the team manage it; staff see ``role`` "staff"."""
        return self.role in {TeamRole.ORGANISER, "staff"}


def organiser_dashboard(user) -> list[TeamOverview]:
    """Return the user's teams with their events (drafts, upcoming, past) in three queries.

    Each event carries ``session_count``. Staff see every team; their role there is their
    membership's or "staff".
    """
    events = (
        Event.objects.select_related("series")
        .annotate(session_count=Count("sessions"))
        .order_by("starts_at", "title")
    )
    teams = (
        teams_for(user)
        .select_related("organisation")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("name")
    )
    roles = dict(TeamMembership.objects.filter(user=user).values_list("team_id", "role"))
    now = timezone.now()
    overviews = []
    for team in teams:
        team_events = list(team.events.all())
        published = [event for event in team_events if event.status != EventStatus.DRAFT]
        overviews.append(
            TeamOverview(
                team=team,
                role=roles.get(team.pk, "staff" if user.is_staff else ""),
                drafts=[event for event in team_events if event.status == EventStatus.DRAFT],
                upcoming=[event for event in published if event.ends_at >= now],
                past=sorted(
                    (event for event in published if event.ends_at < now),
                    key=lambda event: event.starts_at,
                    reverse=True,
                ),
            )
        )
    return overviews


def team_members(team: OrganiserTeam) -> QuerySet[TeamMembership]:
    """Return the team's memberships with their accounts, organisers first."""
    return (
        TeamMembership.objects.filter(team=team)
        .select_related("user")
        .order_by("-role", "user__last_name", "user__email")
    )


def event_change_log(event: Event) -> QuerySet[ChangeLogEntry]:
    """Return the change log of an event and its programme, newest first."""
    return ChangeLogEntry.objects.filter(event=event).select_related("actor")


def team_change_log(team: OrganiserTeam) -> QuerySet[ChangeLogEntry]:
    """Return the changes to a team itself (members, series, speakers), newest first."""
    return ChangeLogEntry.objects.filter(team=team, event=None).select_related("actor")
