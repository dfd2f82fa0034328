"""Public pages of conferences: the home page, the event list and its archive."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from conferences.filters import EventFilterForm
from conferences.queries import published_events, upcoming_public_events

EVENTS_PER_PAGE = 20
HOME_EVENT_COUNT = 6


def home(request: HttpRequest) -> HttpResponse:
    events = upcoming_public_events(limit=HOME_EVENT_COUNT + 1)
    return render(
        request,
        "conferences/home.html",
        {"events": events[:HOME_EVENT_COUNT], "more_events": len(events) > HOME_EVENT_COUNT},
    )


def _event_list(request: HttpRequest, *, past: bool) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    events = published_events(form.filters(), past=past)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "conferences/public/event_list.html",
        {
            "form": form,
            "page_obj": page,
            "events": page.object_list,
            "past": past,
            "filter_query": query.urlencode(),
        },
    )


def event_list(request: HttpRequest) -> HttpResponse:
    """Upcoming public events, soonest first, filterable."""
    return _event_list(request, past=False)


def event_archive(request: HttpRequest) -> HttpResponse:
    """Past public events, newest first, filterable."""
    return _event_list(request, past=True)
