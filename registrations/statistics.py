"""The numbers of an event's registration for its statistics page.

Counted are the registrations that stand: confirmed, on the waiting list or awaiting
approval. Pending ones (address not yet confirmed, possibly never) and those cancelled,
rejected or expired are left out, so the figures describe who is coming or wants to.
Days are the event's calendar days, in its time zone.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext

from directory.enums import OrganisationType
from directory.models import District, Municipality, Region
from registrations.enums import RegistrationStatus
from registrations.models import Registration

COUNTED_STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.AWAITING_APPROVAL,
)
TOP_DISTRICTS = 10


@dataclass(frozen=True)
class DayCount:
    day: datetime.date
    new: int
    total: int


@dataclass(frozen=True)
class LabelledCount:
    label: str
    count: int


@dataclass(frozen=True)
class Reach:
    """How many municipalities of an area have at least one registration."""

    label: str
    reached: int
    total: int

    @property
    def percent(self) -> float:
        return 100 * self.reached / self.total if self.total else 0.0


@dataclass(frozen=True)
class RegistrationStatistics:
    total: int
    by_day: list[DayCount]
    by_region: list[LabelledCount]
    by_district: list[LabelledCount]
    by_organisation_type: list[LabelledCount]
    reach: Reach
    reach_by_region: list[Reach]


def _counted(event):
    return Registration.objects.filter(event=event, status__in=COUNTED_STATUSES).order_by()


def registrations_by_day(event) -> list[DayCount]:
    """New registrations per day and the running total, every day from the first to the
    last registration (days without registrations count 0)."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    rows = (
        _counted(event)
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    per_day = {row["day"]: row["n"] for row in rows}
    if not per_day:
        return []
    day, last = min(per_day), max(per_day)
    result, total = [], 0
    while day <= last:
        total += per_day.get(day, 0)
        result.append(DayCount(day=day, new=per_day.get(day, 0), total=total))
        day += datetime.timedelta(days=1)
    return result


def registrations_by_region(event) -> list[LabelledCount]:
    """Every region (also those without registrations), then those without a municipality."""
    counts = dict(
        _counted(event)
        .filter(municipality__isnull=False)
        .values_list("municipality__region_id")
        .annotate(n=Count("pk"))
    )
    rows = [
        LabelledCount(label=region.name, count=counts.get(region.pk, 0))
        for region in Region.objects.order_by("name")
    ]
    without = _counted(event).filter(municipality__isnull=True).count()
    if without:
        rows.append(LabelledCount(label=gettext("ohne Kommune"), count=without))
    return rows


def registrations_by_district(event, *, top: int = TOP_DISTRICTS) -> list[LabelledCount]:
    """The ``top`` districts with most registrations, most first (ties by name)."""
    rows = (
        District.objects.annotate(
            n=Count(
                "municipalities__registrations",
                filter=Q(
                    municipalities__registrations__event=event,
                    municipalities__registrations__status__in=COUNTED_STATUSES,
                ),
            )
        )
        .filter(n__gt=0)
        .order_by("-n", "name")[:top]
    )
    return [LabelledCount(label=district.name, count=district.n) for district in rows]


def registrations_by_organisation_type(event) -> list[LabelledCount]:
    """Every organisation type in its order, then registrations that named none."""
    counts = dict(
        _counted(event).values_list("organisation_type").annotate(n=Count("pk")).order_by()
    )
    rows = [
        LabelledCount(label=str(label), count=counts.get(value, 0))
        for value, label in OrganisationType.choices
    ]
    unknown = sum(n for value, n in counts.items() if value not in OrganisationType.values)
    if unknown:
        rows.append(LabelledCount(label=gettext("keine Angabe"), count=unknown))
    return rows


def municipalities_reached(event) -> tuple[Reach, list[Reach]]:
    """Return the share of all municipalities with a registration, overall and per region."""
    reached = dict(
        _counted(event)
        .filter(municipality__isnull=False)
        .values_list("municipality__region_id")
        .annotate(n=Count("municipality_id", distinct=True))
    )
    regions = Region.objects.annotate(total=Count("municipalities")).order_by("name")
    per_region = [
        Reach(label=region.name, reached=reached.get(region.pk, 0), total=region.total)
        for region in regions
    ]
    overall = Reach(
        label=gettext("Nordrhein-Westfalen"),
        reached=sum(reached.values()),
        total=Municipality.objects.count(),
    )
    return overall, per_region


def registration_statistics(event) -> RegistrationStatistics:
    """Gather everything the statistics page shows (a fixed number of queries)."""
    reach, reach_by_region = municipalities_reached(event)
    return RegistrationStatistics(
        total=_counted(event).count(),
        by_day=registrations_by_day(event),
        by_region=registrations_by_region(event),
        by_district=registrations_by_district(event),
        by_organisation_type=registrations_by_organisation_type(event),
        reach=reach,
        reach_by_region=reach_by_region,
    )
