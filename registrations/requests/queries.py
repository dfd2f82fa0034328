"""Reads of workshop and consulting requests for the organiser inbox, with their joins."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from conferences.rules import teams_for
from registrations.requests.models import (
    RequestNote,
    RequestStatus,
    RequestStatusChange,
    WorkshopRequest,
)


@dataclass(frozen=True)
class StatusTab:
    """One filter of the inbox: a status ("" for all), its label and how many requests."""

    value: str
    label: str
    count: int
    current: bool


def inbox_requests(user, *, status: str = "") -> QuerySet[WorkshopRequest]:
    """Return the requests addressed to the user's teams (all for staff), newest first.

    Carries what a row of the inbox shows in two queries: the requests with municipality,
    district, team and event, and their topics.
    """
    requests = (
        WorkshopRequest.objects.filter(team__in=teams_for(user))
        .select_related("municipality", "municipality__district", "team", "scheduled_event")
        .prefetch_related("topics")
        .order_by("-created_at", "-pk")
    )
    if status:
        requests = requests.filter(status=status)
    return requests


def inbox_tabs(user, *, current: str = "") -> list[StatusTab]:
    """Return the inbox filters "all" and one per status with their counts, in one query."""
    counts = dict(
        WorkshopRequest.objects.filter(team__in=teams_for(user))
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    tabs = [StatusTab("", _("alle"), sum(counts.values()), current == "")]
    tabs += [
        StatusTab(value, str(label), counts.get(value, 0), current == value)
        for value, label in RequestStatus.choices
    ]
    return tabs


def request_for_detail(request_id: int) -> WorkshopRequest | None:
    """Return the request with everything its detail page shows, or None."""
    return (
        WorkshopRequest.objects.select_related(
            "municipality",
            "municipality__district",
            "municipality__region",
            "team",
            "created_by",
            "scheduled_event",
        )
        .prefetch_related(
            "topics",
            Prefetch("notes", queryset=RequestNote.objects.select_related("author")),
            Prefetch(
                "status_changes",
                queryset=RequestStatusChange.objects.select_related("changed_by"),
            ),
        )
        .filter(pk=request_id)
        .first()
    )
