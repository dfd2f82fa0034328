"""VTIMEZONE components that Thunderbird (ical.js), Outlook, Apple and Google Calendar read alike.

icalendar's ``add_missing_timezones`` lists the transitions of a range as RDATEs, several
dates on one line; Mozilla's ical.js reads only the first date of such a line, so after it
every winter time is taken for summer time and events show an hour early in Thunderbird.
Outlook, for its part, expects a STANDARD and a DAYLIGHT observance each with an RRULE.

So a zone is written the way those clients write it themselves: from the zone's current rule
(the POSIX TZ string at the end of its TZif file, e.g. ``CET-1CEST,M3.5.0,M10.5.0/3``) as one
STANDARD and one DAYLIGHT observance with a yearly RRULE, DTSTART being the local time before
the change as RFC 5545 asks. That form is used only when it gives the zone's real offset at
every moment of the years the calendar spans (checked against ``zoneinfo``); otherwise, e.g.
for an event before a zone changed its rules, each transition gets its own observance without
RDATE, which every client reads.

``add_vtimezones`` is what calendar builders call; the registrations' invitation mails use it
through ``conferences.calendars.build_calendar``.
"""

import calendar as month_calendar
import datetime
import functools
import importlib.resources
import re
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard
from icalendar.prop import vRecur

_UTC = datetime.UTC
_DAY = datetime.timedelta(days=1)
_SECOND = datetime.timedelta(seconds=1)
_POSIX_TZ = re.compile(
    r"^(?P<std><[^>]+>|[A-Za-z]{3,})(?P<std_offset>[+-]?\d{1,3}(?::\d{2}){0,2})"
    r"(?:(?P<dst><[^>]+>|[A-Za-z]{3,})(?P<dst_offset>[+-]?\d{1,3}(?::\d{2}){0,2})?"
    r",(?P<start>[^,]+),(?P<end>[^,]+))?$"
)
_POSIX_DATE = re.compile(
    r"^M(?P<month>\d{1,2})\.(?P<week>[1-5])\.(?P<weekday>[0-6])(?:/(?P<time>.+))?$"
)
_ICAL_WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]


@dataclass(frozen=True)
class _YearlyChange:
    """One yearly change of a POSIX rule: the Nth (5 = last) weekday of a month at a time."""

    month: int
    week: int
    weekday: int  # 0 = Sunday, as in POSIX
    time: datetime.timedelta

    def local_onset(self, year: int) -> datetime.datetime:
        """The local wall time (before the change) at which it happens in ``year``."""
        python_weekday = (self.weekday - 1) % 7
        first = datetime.date(year, self.month, 1)
        day = 1 + (python_weekday - first.weekday()) % 7 + (self.week - 1) * 7
        last_day = month_calendar.monthrange(year, self.month)[1]
        while day > last_day:
            day -= 7
        return datetime.datetime(year, self.month, day) + self.time

    def rrule(self) -> vRecur:
        week = -1 if self.week == 5 else self.week
        return vRecur(
            freq="YEARLY", bymonth=self.month, byday=f"{week}{_ICAL_WEEKDAYS[self.weekday]}"
        )


@dataclass(frozen=True)
class _PosixRule:
    std_name: str
    std_offset: datetime.timedelta
    dst_name: str = ""
    dst_offset: datetime.timedelta = datetime.timedelta(0)
    start: _YearlyChange | None = None
    end: _YearlyChange | None = None

    @property
    def has_dst(self) -> bool:
        return self.start is not None and self.end is not None

    def transitions(self, year: int) -> list[tuple[datetime.datetime, datetime.timedelta]]:
        """The UTC instants of the year's changes with the offset that holds after each."""
        if not self.has_dst:
            return []
        assert self.start is not None and self.end is not None
        return sorted(
            [
                (self.start.local_onset(year) - self.std_offset, self.dst_offset),
                (self.end.local_onset(year) - self.dst_offset, self.std_offset),
            ]
        )


def _duration(text: str) -> datetime.timedelta:
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")] + [0, 0]
    return sign * datetime.timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])


def _yearly_change(text: str) -> _YearlyChange | None:
    match = _POSIX_DATE.match(text)
    if match is None:
        return None  # Julian-day forms: no current zone uses them, the fallback covers them.
    time = _duration(match["time"]) if match["time"] else datetime.timedelta(hours=2)
    if not datetime.timedelta(0) <= time < _DAY:
        return None  # "/25" or "/-1" moves the change to another day than BYDAY names.
    return _YearlyChange(int(match["month"]), int(match["week"]), int(match["weekday"]), time)


def _parse_posix_rule(text: str) -> _PosixRule | None:
    match = _POSIX_TZ.match(text.strip())
    if match is None:
        return None
    # POSIX counts offsets west of Greenwich as positive.
    std_offset = -_duration(match["std_offset"])
    std_name = match["std"].strip("<>")
    if not match["dst"]:
        return _PosixRule(std_name, std_offset)
    dst_offset = -_duration(match["dst_offset"]) if match["dst_offset"] else std_offset + _DAY / 24
    start, end = _yearly_change(match["start"]), _yearly_change(match["end"])
    if start is None or end is None:
        return None
    return _PosixRule(std_name, std_offset, match["dst"].strip("<>"), dst_offset, start, end)


def _tzif_bytes(key: str) -> bytes | None:
    """Read the TZif file that ``zoneinfo`` itself uses for ``key`` (system first, then tzdata)."""
    for directory in zoneinfo.TZPATH:
        path = Path(directory) / key
        if path.is_file():
            return path.read_bytes()
    try:
        resource = importlib.resources.files("tzdata.zoneinfo").joinpath(*key.split("/"))
        return resource.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, IsADirectoryError):
        return None


def _current_rule(key: str) -> _PosixRule | None:
    """The rule a TZif (version 2+) file states for times after its last listed transition."""
    data = _tzif_bytes(key)
    if not data or not data.startswith(b"TZif") or data[4:5] < b"2":
        return None
    footer = data.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    try:
        return _parse_posix_rule(footer.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None


def _offset(zone: zoneinfo.ZoneInfo, instant: datetime.datetime) -> datetime.timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _rule_fits(rule: _PosixRule, zone: zoneinfo.ZoneInfo, first_year: int, last_year: int) -> bool:
    """Whether ``rule`` gives the zone's real offset at every moment of the years.

    Probes every day and both sides of each change the rule names, so a change the rule
    lacks, or one it puts at another hour, shows as a differing offset.
    """
    changes = [
        (moment.replace(tzinfo=_UTC), after)
        for year in range(first_year - 1, last_year + 1)
        for moment, after in rule.transitions(year)
    ]

    def rule_offset(instant: datetime.datetime) -> datetime.timedelta:
        offset = rule.std_offset
        for moment, after in changes:
            if moment > instant:
                break
            offset = after
        return offset

    start = datetime.datetime(first_year, 1, 1, tzinfo=_UTC)
    end = datetime.datetime(last_year + 1, 1, 1, tzinfo=_UTC)
    probes = [
        start + hours * datetime.timedelta(hours=1)
        for hours in range(0, int((end - start) / datetime.timedelta(hours=1)), 24)
    ]
    for moment, _after in changes:
        probes += [moment - _SECOND, moment]
    return all(
        rule_offset(probe) == _offset(zone, probe) for probe in probes if start <= probe < end
    )


@dataclass(frozen=True)
class _Observance:
    """One STANDARD or DAYLIGHT sub-component: from ``onset`` (local time before) on."""

    daylight: bool
    onset: datetime.datetime
    offset_from: datetime.timedelta
    offset_to: datetime.timedelta
    name: str
    rrule: vRecur | None = None


def _rule_observances(rule: _PosixRule, first_year: int) -> list[_Observance]:
    if not rule.has_dst:
        onset = datetime.datetime(first_year, 1, 1)
        return [_Observance(False, onset, rule.std_offset, rule.std_offset, rule.std_name)]
    assert rule.start is not None and rule.end is not None
    return [
        _Observance(
            True,
            rule.start.local_onset(first_year),
            rule.std_offset,
            rule.dst_offset,
            rule.dst_name,
            rule.start.rrule(),
        ),
        _Observance(
            False,
            rule.end.local_onset(first_year),
            rule.dst_offset,
            rule.std_offset,
            rule.std_name,
            rule.end.rrule(),
        ),
    ]


def _transition(
    zone: zoneinfo.ZoneInfo, before: datetime.datetime, after: datetime.datetime
) -> datetime.datetime:
    """Narrow down to the second the offset changes between two instants."""
    offset = _offset(zone, before)
    while after - before > _SECOND:
        middle = before + (after - before) / 2
        middle = middle.replace(microsecond=0)
        if middle <= before:
            middle = before + _SECOND
        if _offset(zone, middle) == offset:
            before = middle
        else:
            after = middle
    return after


def _listed_observances(
    zone: zoneinfo.ZoneInfo, first_year: int, last_year: int
) -> list[_Observance]:
    """One observance per change of offset in the years, each without RDATE or RRULE."""
    start = datetime.datetime(first_year, 1, 1, tzinfo=_UTC)
    end = datetime.datetime(last_year + 1, 1, 1, tzinfo=_UTC)
    step = datetime.timedelta(hours=6)

    def observance(instant: datetime.datetime, offset_from: datetime.timedelta) -> _Observance:
        local = instant.astimezone(zone)
        return _Observance(
            bool(local.dst()),
            (instant + offset_from).replace(tzinfo=None),
            offset_from,
            _offset(zone, instant),
            local.tzname() or "",
        )

    observances = [observance(start, _offset(zone, start))]
    moment = start
    while moment < end:
        following = moment + step
        if _offset(zone, following) != _offset(zone, moment):
            change = _transition(zone, moment, following)
            observances.append(observance(change, _offset(zone, moment)))
        moment = following
    return observances


@functools.lru_cache(maxsize=128)
def _observances(key: str, first_year: int, last_year: int) -> tuple[_Observance, ...]:
    zone = zoneinfo.ZoneInfo(key)
    rule = _current_rule(key)
    if rule is not None and _rule_fits(rule, zone, first_year, last_year):
        return tuple(_rule_observances(rule, first_year))
    return tuple(_listed_observances(zone, first_year, last_year))


def vtimezone(key: str, *, first_year: int, last_year: int) -> Timezone:
    """Return the VTIMEZONE of the IANA zone ``key``, right for ``first_year..last_year``."""
    component = Timezone()
    component.add("TZID", key)
    for observance in _observances(key, first_year, last_year):
        sub = TimezoneDaylight() if observance.daylight else TimezoneStandard()
        sub.add("DTSTART", observance.onset)
        if observance.rrule is not None:
            sub.add("RRULE", observance.rrule)
        sub.add("TZOFFSETFROM", observance.offset_from)
        sub.add("TZOFFSETTO", observance.offset_to)
        if observance.name:
            sub.add("TZNAME", observance.name)
        component.add_component(sub)
    return component


def add_vtimezones(calendar: Calendar, *, first_year: int, last_year: int) -> None:
    """Add a VTIMEZONE for every time zone the calendar's items use and it lacks."""
    for key in sorted(calendar.get_missing_tzids()):
        try:
            zoneinfo.ZoneInfo(key)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue  # Not an IANA name: no definition to give.
        calendar.add_component(vtimezone(key, first_year=first_year, last_year=last_year))
    # RFC 5545 does not order components; clients that resolve TZIDs while reading want the
    # VTIMEZONEs first.
    calendar.subcomponents.sort(key=lambda component: component.name != "VTIMEZONE")
