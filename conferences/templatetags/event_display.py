"""How events and sessions read on public pages: dates in the event's time zone, places,
formatted descriptions, and the fragments higher apps add to the event page."""

import datetime
import zoneinfo

from django import template
from django.utils import formats
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from conferences.enums import EventFormat, Language
from core.sanitize import sanitize_html

register = template.Library()


def _local(moment: datetime.datetime, time_zone: str) -> datetime.datetime:
    try:
        return moment.astimezone(zoneinfo.ZoneInfo(time_zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return moment.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))


def _day(moment: datetime.datetime) -> str:
    return f"{formats.date_format(moment, 'l')}, {formats.date_format(moment, 'DATE_FORMAT')}"


def _time(moment: datetime.datetime) -> str:
    # 24-hour clock in both languages: the programme is German and times must match it.
    # strftime, not date_format: a programme formats hundreds of times per page.
    return f"{moment:%H:%M}"


def format_span(starts_at: datetime.datetime, ends_at: datetime.datetime, time_zone: str) -> str:
    """Return "Freitag, 19. Juni 2020, 10:00–13:00 Uhr", spelling out both days when the
    span crosses midnight in ``time_zone``."""
    start, end = _local(starts_at, time_zone), _local(ends_at, time_zone)
    if start.date() == end.date():
        return _("%(day)s, %(start)s–%(end)s Uhr") % {
            "day": _day(start),
            "start": _time(start),
            "end": _time(end),
        }
    return _("%(start_day)s, %(start)s Uhr bis %(end_day)s, %(end)s Uhr") % {
        "start_day": _day(start),
        "start": _time(start),
        "end_day": _day(end),
        "end": _time(end),
    }


@register.filter
def event_when(event) -> str:
    """Date and time of an event in its own time zone."""
    return format_span(event.starts_at, event.ends_at, event.time_zone)


@register.filter
def session_times(session) -> str:
    """Start and end time of a session ("10:00–10:15 Uhr") in its event's time zone."""
    time_zone = session.event.time_zone
    start, end = _local(session.starts_at, time_zone), _local(session.ends_at, time_zone)
    if start.date() != end.date():
        return format_span(session.starts_at, session.ends_at, time_zone)
    return _("%(start)s–%(end)s Uhr") % {"start": _time(start), "end": _time(end)}


@register.filter
def session_when(session) -> str:
    """Day and times of a session, in its event's time zone."""
    return format_span(session.starts_at, session.ends_at, session.event.time_zone)


@register.filter
def local_day(moment: datetime.datetime, time_zone: str) -> str:
    return _day(_local(moment, time_zone))


@register.filter
def event_place(event) -> str:
    """Short place for a card: the venue's city, "online", or both for hybrid events."""
    city = event.venue_city or event.venue_name
    if not city and event.host_municipality_id:
        city = event.host_municipality.name
    if event.format == EventFormat.ONLINE or not city:
        return _("online")
    if event.format == EventFormat.HYBRID:
        return _("%(city)s und online") % {"city": city}
    return city


@register.filter
def language_names(codes) -> str:
    """Spell out stored language codes ("de", "dgs") in the interface language."""
    labels = dict(Language.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or ())


@register.filter
def formatted_text(value: str) -> SafeString:
    """Render an event description: stored HTML cleaned once more, plain text as paragraphs.

    Services clean descriptions on save; cleaning again here keeps rows written by other
    paths (admin, data migrations, imports) from reaching the page unclean.
    """
    if not value:
        return mark_safe("")
    if "<" not in value:
        return mark_safe(linebreaks(value, autoescape=True))  # noqa: S308  (escaped by linebreaks)
    return mark_safe(sanitize_html(value))  # noqa: S308  (reduced to the allowlist by nh3)


@register.simple_tag(takes_context=True)
def render_fragment(context, fragment) -> SafeString:
    """Render a registered event-page fragment with its own context on top of the page's."""
    fragment_template = context.template.engine.get_template(fragment.template_name)
    with context.push(fragment.context):
        return fragment_template.render(context)
