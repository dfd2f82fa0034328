"""Public pages and calendar feed of conferences.

Included before ``sessions.urls.public``: ``veranstaltungen/archiv/`` must win over the
event page ``veranstaltungen/<slug>/`` defined there.
"""

from django.urls import path

from conferences.views import calendars, public

urlpatterns = [
    path("", public.home, name="home"),
    path("veranstaltungen/", public.event_list, name="event_list"),
    path("veranstaltungen/archiv/", public.event_archive, name="event_archive"),
    path("kalender/veranstaltungen.ics", calendars.events_feed, name="events_feed"),
]
