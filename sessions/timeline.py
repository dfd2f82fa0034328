"""Lay out an event's programme as a timeline per day: columns are stages, rows are times.

The layout is pure arithmetic on loaded sessions (no queries). Rows are the distinct start
and end times of the day, not fixed minutes, so a day of five sessions needs six rows and a
long break does not stretch the page. The template places items with classes
(``kf-tl-c-N``, ``kf-tl-rs-N``, ``kf-tl-re-N``) because the content security policy forbids
inline styles; the stylesheet defines them up to ``MAX_GRID_LINES`` and ``MAX_COLUMNS``. A
day that would need more, or whose sessions overlap on one stage (possible only for data
written around the services), is shown as a plain list, which is also what narrow screens
show.
"""

import datetime
import itertools
import zoneinfo
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.models import Event
from sessions.enums import SessionStatus
from sessions.models import Session, Stage

MAX_GRID_LINES = 64
MAX_COLUMNS = 12


@dataclass
class TimelineItem:
    session: Session
    column: int = 0
    row_start: int = 0
    row_end: int = 0
    double_booked: list[str] = field(default_factory=list)


@dataclass
class TimelineColumn:
    stage: Stage | None
    label: str
    column: int
    items: list[TimelineItem] = field(default_factory=list)


@dataclass
class TimelineDay:
    date: datetime.date
    columns: list[TimelineColumn]
    times: list[tuple[str, int]]
    cancelled: list[TimelineItem]
    grid: bool

    @property
    def session_count(self) -> int:
        return sum(len(column.items) for column in self.columns)


def _overlaps(items: list[TimelineItem]) -> bool:
    ordered = sorted(items, key=lambda item: item.session.starts_at)
    return any(
        later.session.starts_at < earlier.session.ends_at
        for earlier, later in itertools.pairwise(ordered)
    )


def build_timeline(
    event: Event,
    stages: list[Stage],
    sessions: list[Session],
    *,
    double_booked: dict[int, list[str]] | None = None,
) -> list[TimelineDay]:
    """Return one ``TimelineDay`` per day of the event (days without sessions included)."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    double_booked = double_booked or {}
    first = timezone.localtime(event.starts_at, zone).date()
    last = timezone.localtime(event.ends_at, zone).date()
    dates = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    by_day: dict[datetime.date, list[Session]] = {day: [] for day in dates}
    for session in sessions:
        day = timezone.localtime(session.starts_at, zone).date()
        by_day.setdefault(day, []).append(session)
    return [
        _build_day(day, stages, by_day[day], zone=zone, double_booked=double_booked)
        for day in sorted(by_day)
    ]


def _build_day(
    day: datetime.date,
    stages: list[Stage],
    sessions: list[Session],
    *,
    zone: zoneinfo.ZoneInfo,
    double_booked: dict[int, list[str]],
) -> TimelineDay:
    scheduled = [s for s in sessions if s.status == SessionStatus.SCHEDULED]
    cancelled = [
        TimelineItem(s, double_booked=[]) for s in sessions if s.status != SessionStatus.SCHEDULED
    ]
    columns = [
        TimelineColumn(stage=stage, label=stage.name, column=index + 2)
        for index, stage in enumerate(stages)
    ]
    by_stage = {column.stage.pk: column for column in columns if column.stage is not None}
    unstaged = [s for s in scheduled if s.stage_id is None or s.stage_id not in by_stage]
    if unstaged:
        columns.append(TimelineColumn(stage=None, label=_("ohne Bühne"), column=len(columns) + 2))
    for session in scheduled:
        column = by_stage.get(session.stage_id) if session.stage_id else None
        column = column or columns[-1]
        column.items.append(
            TimelineItem(
                session, column=column.column, double_booked=double_booked.get(session.pk, [])
            )
        )
    boundaries = sorted({s.starts_at for s in scheduled} | {s.ends_at for s in scheduled})
    line_of = {moment: index + 2 for index, moment in enumerate(boundaries)}
    for column in columns:
        for item in column.items:
            item.row_start = line_of[item.session.starts_at]
            item.row_end = line_of[item.session.ends_at]
    times = [
        (f"{timezone.localtime(moment, zone):%H:%M}", line_of[moment]) for moment in boundaries
    ]
    grid = (
        bool(scheduled)
        and len(boundaries) + 2 <= MAX_GRID_LINES
        and len(columns) + 1 <= MAX_COLUMNS
        and not any(_overlaps(column.items) for column in columns)
    )
    return TimelineDay(date=day, columns=columns, times=times, cancelled=cancelled, grid=grid)
