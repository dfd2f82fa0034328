"""Reusable reads of sessions, with the joins their pages need."""

import datetime
import itertools
import zoneinfo
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection, models
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from conferences.models import ChangeLogEntry, Event
from conferences.queries import public_event
from sessions.enums import SessionKind, SessionStatus, SpeakerRole
from sessions.models import Session, SessionSpeaker, Speaker, Stage

# --- Public pages: event page with programme, session and speaker pages -------------------

UNNAMED_SPEAKER = _("N. N.")


def _ordered_roles() -> Prefetch:
    return Prefetch(
        "speaker_roles",
        queryset=SessionSpeaker.objects.select_related("speaker").order_by("order", "pk"),
    )


@dataclass(frozen=True)
class PublicRole:
    """A person's role in a session as the public may see it.

    ``speaker`` is None when the person has not consented to be shown: templates then have
    nothing to leak but the placeholder name. ``url`` is resolved once here, since a
    programme links each person several times.
    """

    role: str
    role_label: str
    speaker: Speaker | None
    url: str = ""

    @property
    def name(self) -> str:
        return self.speaker.display_name if self.speaker else str(UNNAMED_SPEAKER)


def _choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The label of ``value`` in the active language, or the value itself.

    ``get_FOO_display()`` hashes every choice's lazy label on each call (a gettext each):
    half the time of building a programme of 60 sessions went there.
    """
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def public_roles(session: Session) -> list[PublicRole]:
    """Return the roles of ``session`` in lineup order, people without consent unnamed.

    Expects ``speaker_roles`` prefetched in order (``_ordered_roles``).
    """
    roles = []
    for row in session.speaker_roles.all():
        speaker = row.speaker if row.speaker.consent_to_show else None
        roles.append(
            PublicRole(
                role=row.role,
                role_label=_choice_label(SpeakerRole, row.role),
                speaker=speaker,
                url=speaker.get_absolute_url() if speaker else "",
            )
        )
    return roles


@dataclass
class ProgrammeEntry:
    """A session of the programme with its public lineup."""

    session: Session
    roles: list[PublicRole]

    @cached_property
    def url(self) -> str:
        return self.session.get_absolute_url()

    @cached_property
    def kind_label(self) -> str:
        return _choice_label(SessionKind, self.session.kind)

    @cached_property
    def lineup(self) -> list[tuple[str, list[PublicRole]]]:
        """The roles grouped by kind, each group where its first person stands in the order:
        [("Moderation", [...]), ("Podium", [...])]."""
        groups: dict[str, list[PublicRole]] = {}
        for role in self.roles:
            groups.setdefault(role.role_label, []).append(role)
        return list(groups.items())

    @property
    def lineup_text(self) -> str:
        """The lineup in one line, as printed programmes write a panel:
        "Moderation: A; Podium: B, C, D"."""
        return "; ".join(
            f"{label}: {', '.join(role.name for role in roles)}" for label, roles in self.lineup
        )


@dataclass
class StageBlock:
    stage: Stage | None
    entries: list[ProgrammeEntry] = field(default_factory=list)


@dataclass
class ProgrammeDay:
    day: datetime.date
    stages: list[StageBlock] = field(default_factory=list)


@dataclass
class PublicSpeaker:
    """A consenting speaker of an event with the sessions and roles they have in it."""

    speaker: Speaker
    appearances: list[tuple[str, ProgrammeEntry]] = field(default_factory=list)


@dataclass
class EventPage:
    """Everything the public event page shows, read with a fixed number of queries."""

    event: Event
    entries: list[ProgrammeEntry]
    days: list[ProgrammeDay]
    speakers: list[PublicSpeaker]

    @property
    def has_stages(self) -> bool:
        return any(block.stage for day in self.days for block in day.stages)


def _stage_key(block: StageBlock) -> tuple:
    stage = block.stage
    return (0, 0, "") if stage is None else (1, stage.order, stage.name)


def programme_days(event: Event, entries: list[ProgrammeEntry]) -> list[ProgrammeDay]:
    """Group ``entries`` (in start order) by day in the event's time zone, then by stage:
    sessions without a stage first, then the stages in their order."""
    try:
        tz = zoneinfo.ZoneInfo(event.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("Europe/Berlin")
    days = []
    for day, day_entries in itertools.groupby(
        entries, key=lambda entry: entry.session.starts_at.astimezone(tz).date()
    ):
        blocks: dict[int | None, StageBlock] = {}
        for entry in day_entries:
            stage = entry.session.stage
            key = stage.pk if stage else None
            blocks.setdefault(key, StageBlock(stage)).entries.append(entry)
        days.append(ProgrammeDay(day, sorted(blocks.values(), key=_stage_key)))
    return days


def _public_speakers(entries: list[ProgrammeEntry]) -> list[PublicSpeaker]:
    speakers: dict[int, PublicSpeaker] = {}
    for entry in entries:
        for role in entry.roles:
            if role.speaker is None:
                continue
            speakers.setdefault(role.speaker.pk, PublicSpeaker(role.speaker)).appearances.append(
                (role.role_label, entry)
            )
    return sorted(
        speakers.values(),
        key=lambda item: (item.speaker.last_name.lower(), item.speaker.first_name.lower()),
    )


def event_sessions(event: Event) -> list[Session]:
    """Return the sessions of ``event`` in programme order, with stage and ordered roles.

    Each session gets ``event`` as its cached event, so links and times cost no query.
    """
    sessions = list(
        Session.objects.filter(event=event)
        .select_related("stage")
        .prefetch_related(_ordered_roles())
        .order_by("starts_at", "stage__order", "pk")
    )
    for session in sessions:
        session.event = event
    return sessions


def event_page_data(slug: str) -> EventPage | None:
    """Return the public event with ``slug`` and its programme, or None.

    Four queries whatever the size of the programme: the event, its topics, its sessions
    (with stages) and their roles (with speakers).
    """
    event = public_event(slug)
    if event is None:
        return None
    return event_page_for(event)


def event_page_for(event: Event) -> EventPage:
    """Return the programme of ``event`` (two queries: sessions, roles)."""
    entries = [ProgrammeEntry(session, public_roles(session)) for session in event_sessions(event)]
    return EventPage(
        event=event,
        entries=entries,
        days=programme_days(event, entries),
        speakers=_public_speakers(entries),
    )


def _version_sql() -> str:
    session, role = Session._meta.db_table, SessionSpeaker._meta.db_table
    speaker, stage = Speaker._meta.db_table, Stage._meta.db_table
    change = ChangeLogEntry._meta.db_table
    roles = (
        f"FROM {role} r JOIN {session} s ON s.id = r.session_id "
        f"JOIN {speaker} p ON p.id = r.speaker_id WHERE s.event_id = %(event)s"
    )
    # Table names come from the models; the only value is a parameter.
    return (
        "SELECT "  # noqa: S608
        f"(SELECT MAX(updated_at) FROM {session} WHERE event_id = %(event)s), "
        f"(SELECT COUNT(*) FROM {session} WHERE event_id = %(event)s), "
        f"(SELECT SUM(sequence) FROM {session} WHERE event_id = %(event)s), "
        f"(SELECT MAX(p.updated_at) {roles}), "
        f"(SELECT COUNT(*) {roles}), "
        f"(SELECT MAX(r.id) {roles}), "
        f"(SELECT COUNT(*) FROM {stage} WHERE event_id = %(event)s), "
        f"(SELECT MAX(id) FROM {stage} WHERE event_id = %(event)s), "
        f"(SELECT MAX(id) FROM {change} WHERE event_id = %(event)s)"
    )


def programme_version(event: Event) -> tuple:
    """Return values that change whenever anything the event's programme shows changes.

    One query. It covers the event row, its sessions (``updated_at`` moves on every save,
    ``sequence`` with every service change), the people in them (a renamed speaker or a
    withdrawn consent moves the speaker's ``updated_at``), and rows without a timestamp of
    their own: lineup entries and stages by their number and newest id, and their edits
    through the services (a moved panelist, a renamed or reordered stage) by the event's
    newest change-log entry. The public pages key their cached fragments by it.

    Plain SQL: built with the ORM, the nine subqueries cost more Python time than a cached
    programme page saves.
    """
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), {"event": event.pk})
        row = cursor.fetchone()
    return (event.updated_at, event.sequence, *row)


def public_sessions() -> QuerySet[Session]:
    """Sessions of public events, with their event, stage and ordered roles."""
    return (
        Session.objects.public()
        .select_related("event__series", "event__organisation", "stage")
        .prefetch_related(_ordered_roles())
    )


def public_session(event_slug: str, slug: str) -> ProgrammeEntry | None:
    """Return the session ``slug`` of the public event ``event_slug`` with its lineup, or None."""
    session = public_sessions().filter(event__slug=event_slug, slug=slug).first()
    return ProgrammeEntry(session, public_roles(session)) if session else None


def public_session_row(event_slug: str, slug: str) -> Session | None:
    """Return the session ``slug`` of the public event ``event_slug`` with its event and
    stage, without its lineup (one query), or None."""
    return (
        public_sessions().prefetch_related(None).filter(event__slug=event_slug, slug=slug).first()
    )


def public_speaker(slug: str) -> Speaker | None:
    """Return the speaker with ``slug`` if they consented to be shown, else None."""
    return (
        Speaker.objects.filter(slug=slug, consent_to_show=True)
        .select_related("municipality")
        .first()
    )


def speaker_sessions(speaker: Speaker) -> list[ProgrammeEntry]:
    """Return the sessions of public events ``speaker`` appears in, in time order, each with
    its whole public lineup."""
    sessions = (
        public_sessions()
        .filter(pk__in=SessionSpeaker.objects.filter(speaker=speaker).values("session"))
        .order_by("starts_at", "pk")
    )
    return [ProgrammeEntry(session, public_roles(session)) for session in sessions]


# --- Organiser area: programme editor and speakers ----------------------------------------


def organiser_sessions(event: Event) -> list[Session]:
    """Return every session of the event (cancelled ones too) with stage and ordered roles."""
    return list(
        Session.objects.filter(event=event)
        .select_related("stage")
        .prefetch_related(_ordered_roles())
        .order_by("starts_at", "stage__order", "pk")
    )


def organiser_stages(event: Event) -> list[Stage]:
    """Return the event's stages in column order."""
    return list(Stage.objects.filter(event=event).order_by("order", "name"))


def double_booked(sessions: list[Session]) -> dict[int, list[str]]:
    """Return, per session id, the names of its speakers booked elsewhere at the same time.

    One query for all sessions: the scheduled roles of the same people in any event within
    the time span, compared in Python. Expects ``speaker_roles`` prefetched.
    """
    scheduled = [s for s in sessions if s.status == SessionStatus.SCHEDULED]
    speaker_ids = {role.speaker_id for s in scheduled for role in s.speaker_roles.all()}
    if not speaker_ids:
        return {}
    earliest = min(s.starts_at for s in scheduled)
    latest = max(s.ends_at for s in scheduled)
    bookings: dict[int, list[tuple[int, datetime.datetime, datetime.datetime]]] = {}
    rows = SessionSpeaker.objects.filter(
        speaker_id__in=speaker_ids,
        session__status=SessionStatus.SCHEDULED,
        session__starts_at__lt=latest,
        session__ends_at__gt=earliest,
    ).values_list("speaker_id", "session_id", "session__starts_at", "session__ends_at")
    for speaker_id, session_id, starts_at, ends_at in rows:
        bookings.setdefault(speaker_id, []).append((session_id, starts_at, ends_at))
    result: dict[int, list[str]] = {}
    for session in scheduled:
        for role in session.speaker_roles.all():
            clash = any(
                other_id != session.pk and start < session.ends_at and end > session.starts_at
                for other_id, start, end in bookings.get(role.speaker_id, [])
            )
            name = role.speaker.display_name
            if clash and name not in result.get(session.pk, []):
                result.setdefault(session.pk, []).append(name)
    return result


def session_lineup(session: Session) -> list[SessionSpeaker]:
    """Return the session's roles in lineup order, with their speakers."""
    return list(
        SessionSpeaker.objects.filter(session=session)
        .select_related("speaker")
        .order_by("order", "pk")
    )


def team_speakers(team_id: int) -> QuerySet[Speaker]:
    """Return the speakers of a team with the number of sessions each appears in."""
    return (
        Speaker.objects.filter(team_id=team_id)
        .select_related("municipality")
        .annotate(session_count=Count("session_roles__session", distinct=True))
        .order_by("last_name", "first_name")
    )
