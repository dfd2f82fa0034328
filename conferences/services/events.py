"""Create, change, publish, cancel and copy events; SEQUENCE rises with what calendars show."""

import datetime
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conferences.enums import EventFormat, EventKind, EventStatus, Language
from conferences.models import Event, OrganiserTeam
from conferences.services.change_log import diff_fields, record_change
from conferences.services.slugs import unique_slug
from conferences.services.teams import series_for
from conferences.signals import announce_event_change
from core.sanitize import sanitize_html

#: Fields whose change makes calendar clients replace their copy (iCalendar SEQUENCE).
SEQUENCE_FIELDS = frozenset(
    {
        "starts_at",
        "ends_at",
        "venue_name",
        "venue_street",
        "venue_postal_code",
        "venue_city",
        "format",
        "title",
        "status",
    }
)

#: Fields an organiser edits through ``create_event`` and ``update_event``; status,
#: publication and sequence change only through their own services.
EDITABLE_EVENT_FIELDS = (
    "kind",
    "format",
    "title",
    "slug",
    "summary",
    "description",
    "starts_at",
    "ends_at",
    "time_zone",
    "venue_name",
    "venue_street",
    "venue_postal_code",
    "venue_city",
    "venue_accessibility",
    "online_access_notes",
    "series",
    "series_number",
    "organisation",
    "contact_email",
    "languages",
    "audience",
    "host_municipality",
    "topics",
)


def validate_event(event: Event) -> None:
    """Raise ``ValidationError`` (by field) when the event's data do not fit together."""
    errors: dict[str, str] = {}
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors["ends_at"] = _("Das Ende muss nach dem Beginn liegen.")
    try:
        zoneinfo.ZoneInfo(event.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        errors["time_zone"] = _("Diese Zeitzone ist unbekannt.")
    if event.format in {EventFormat.IN_PERSON, EventFormat.HYBRID}:
        if not event.venue_name.strip():
            errors["venue_name"] = _(
                "Für eine Veranstaltung vor Ort oder hybrid geben Sie bitte den "
                "Veranstaltungsort an."
            )
        if not event.venue_city.strip():
            errors["venue_city"] = _("Bitte geben Sie den Ort der Veranstaltung an.")
    if event.venue_postal_code and not (
        event.venue_postal_code.isdigit() and len(event.venue_postal_code) == 5
    ):
        errors["venue_postal_code"] = _("Die Postleitzahl hat fünf Ziffern.")
    if event.kind == EventKind.WORKSHOP and event.host_municipality_id is None:
        errors["host_municipality"] = _("Ein Kommunalworkshop braucht eine gastgebende Kommune.")
    if event.series is not None and event.series.team_id != event.team_id:
        errors["series"] = _("Diese Reihe gehört zu einem anderen Team.")
    if event.series_number is not None and event.series_id is None:
        errors["series_number"] = _(
            "Eine Nummer gibt es nur für eine Veranstaltung in einer Reihe."
        )
    unknown = [code for code in event.languages or [] if code not in Language.values]
    if unknown:
        errors["languages"] = _("Unbekannte Sprache: %(codes)s") % {"codes": ", ".join(unknown)}
    if event.pk and event.starts_at and event.ends_at and "ends_at" not in errors:
        # The programme lives in a higher app; the reverse relation reaches its rows
        # without importing it.
        outside = event.sessions.filter(
            models.Q(starts_at__lt=event.starts_at) | models.Q(ends_at__gt=event.ends_at)
        ).count()
        if outside:
            errors["starts_at"] = ngettext(
                "%(count)d Programmpunkt läge außerhalb der neuen Zeit. Bitte verschieben "
                "Sie zuerst das Programm.",
                "%(count)d Programmpunkte lägen außerhalb der neuen Zeit. Bitte verschieben "
                "Sie zuerst das Programm.",
                outside,
            ) % {"count": outside}
    if errors:
        raise ValidationError(errors)


def _prepare_values(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE_EVENT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable through this service: {sorted(unknown)}")
    prepared = dict(values)
    if "description" in prepared:
        prepared["description"] = sanitize_html(prepared["description"] or "")
    if "languages" in prepared:
        prepared["languages"] = list(prepared["languages"] or [])
    if "organisation" in prepared and prepared["organisation"] is None:
        # Left blank in the form: the team's organisation (create) or unchanged (update).
        del prepared["organisation"]
    return prepared


@transaction.atomic
def create_event(
    team: OrganiserTeam,
    *,
    actor,
    values: Mapping[str, Any],
    series_name: str = "",
) -> Event:
    """Create a draft event of ``team`` from ``values`` (field name → value).

    A blank slug is made from the title. ``series_name`` creates the team's series of
    that name (or reuses it) and puts the event into it. The description is sanitised.
    """
    prepared = _prepare_values(values)
    topics = prepared.pop("topics", None)
    if series_name.strip():
        prepared["series"] = series_for(team, actor=actor, name=series_name)
    if not prepared.get("slug"):
        prepared["slug"] = unique_slug(Event, prepared.get("title", ""))
    prepared.setdefault("organisation", team.organisation)
    event = Event(team=team, status=EventStatus.DRAFT, **prepared)
    validate_event(event)
    event.save()
    if topics is not None:
        event.topics.set(topics)
    record_change(
        event,
        team=team,
        event=event,
        actor=actor,
        action="event_created",
        changes={"status": {"old": "", "new": event.get_status_display()}},
    )
    return event


@transaction.atomic
def update_event(
    event: Event,
    *,
    actor,
    changes: Mapping[str, Any],
    series_name: str = "",
) -> Event:
    """Apply ``changes`` to the event and log the fields that really changed.

    SEQUENCE rises once when time, place, format or title change. Nothing is written when
    nothing changed; otherwise ``event_changed`` follows the commit.
    """
    locked = (
        Event.objects.select_for_update(of=("self",)).select_related("series").get(pk=event.pk)
    )
    prepared = _prepare_values(changes)
    if series_name.strip():
        prepared["series"] = series_for(locked.team, actor=actor, name=series_name)
    topics = prepared.pop("topics", None)
    tz = prepared.get("time_zone", locked.time_zone)
    changed = diff_fields(locked, prepared, tz=tz if _is_zone(tz) else "")
    if topics is not None:
        changed.update(diff_fields(locked, {"topics": list(topics)}))
    if not changed:
        return locked
    validate_event(locked)
    raise_sequences(locked, changed)
    locked.save()
    if "topics" in changed:
        locked.topics.set(topics)
    entry = record_change(
        locked,
        team=locked.team,
        event=locked,
        actor=actor,
        action="event_updated",
        changes=changed,
    )
    announce_event_change(locked, entry)
    return locked


def _is_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def raise_sequences(event: Event, changed: Iterable[str]) -> None:
    """Raise the event's calendar SEQUENCE when ``changed`` holds a field calendars show.

    The one place where an event's sequence rises; the event itself is not saved here. The
    sessions' calendar entries add the event's sequence to their own, so they follow without
    this app writing the programme's table.
    """
    if set(changed) & SEQUENCE_FIELDS:
        event.sequence += 1


@transaction.atomic
def publish_event(event: Event, *, actor) -> Event:
    """Make a draft event public; publishing a published event changes nothing.

    ``published_at`` keeps the first publication, so an event cancelled later stays
    visible (marked cancelled) to those who saw it.
    """
    locked = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if locked.status == EventStatus.PUBLISHED:
        return locked
    if locked.status == EventStatus.CANCELLED:
        raise ValidationError(_("Eine abgesagte Veranstaltung kann nicht veröffentlicht werden."))
    validate_event(locked)
    changed = diff_fields(locked, {"status": EventStatus.PUBLISHED})
    if locked.published_at is None:
        locked.published_at = timezone.now()
    raise_sequences(locked, changed)
    locked.save()
    entry = record_change(
        locked,
        team=locked.team,
        event=locked,
        actor=actor,
        action="event_published",
        changes=changed,
    )
    announce_event_change(locked, entry)
    return locked


@transaction.atomic
def cancel_event(event: Event, *, actor) -> Event:
    """Cancel the event; its programme stays, so pages and calendars can show what is off.

    Raises the event's sequence; its sessions' calendar entries carry it too and become
    cancelled. Cancelling a cancelled event changes nothing. Registrants hear of it from the
    registrations app, which listens to ``event_changed``.
    """
    locked = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if locked.status == EventStatus.CANCELLED:
        return locked
    changed = diff_fields(locked, {"status": EventStatus.CANCELLED})
    raise_sequences(locked, changed)
    locked.save()
    entry = record_change(
        locked,
        team=locked.team,
        event=locked,
        actor=actor,
        action="event_cancelled",
        changes=changed,
    )
    announce_event_change(locked, entry)
    return locked


@transaction.atomic
def reinstate_event(event: Event, *, actor) -> Event:
    """Take back a cancellation: the event takes place after all, as published before.

    Only an event that was published before it was cancelled can be reinstated. The
    cancellation left the registrations as they were, so the registrants simply hear that it
    takes place.
    """
    locked = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if locked.status != EventStatus.CANCELLED:
        return locked
    if locked.published_at is None:
        raise ValidationError(
            _("Eine Veranstaltung, die nie veröffentlicht war, kann nicht wieder stattfinden.")
        )
    validate_event(locked)
    changed = diff_fields(locked, {"status": EventStatus.PUBLISHED})
    raise_sequences(locked, changed)
    locked.save()
    entry = record_change(
        locked,
        team=locked.team,
        event=locked,
        actor=actor,
        action="event_reinstated",
        changes=changed,
    )
    announce_event_change(locked, entry)
    return locked


def copy_event(
    event: Event,
    *,
    actor,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    slug: str = "",
    title: str = "",
) -> Event:
    """Save a draft copy of the event's own data from ``starts_at`` to ``ends_at``.

    Without ``ends_at`` the copy keeps the duration. It becomes the next number of its
    series and gets a new slug. Callers copy the programme (a higher app) and wrap both in
    one transaction.
    """
    if slug and Event.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Diesen Kurznamen hat schon eine andere Veranstaltung.")})
    copy = Event.objects.get(pk=event.pk)
    topics = list(event.topics.all())
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.title = title.strip() or event.title
    copy.slug = slug or unique_slug(Event, f"{copy.title} {starts_at:%Y-%m-%d}")
    copy.starts_at = starts_at
    copy.ends_at = ends_at or starts_at + (event.ends_at - event.starts_at)
    copy.status = EventStatus.DRAFT
    copy.published_at = None
    copy.sequence = 0
    if copy.series_id is not None:
        latest = (
            Event.objects.filter(series_id=copy.series_id)
            .aggregate(latest=models.Max("series_number"))
            .get("latest")
        )
        copy.series_number = (latest or event.series_number or 0) + 1
    validate_event(copy)
    copy.save()
    copy.topics.set(topics)
    record_change(
        copy,
        team=copy.team,
        event=copy,
        actor=actor,
        action="event_duplicated",
        changes={"source": {"old": event.slug, "new": copy.slug}},
    )
    return copy
