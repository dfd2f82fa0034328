"""Public programme pages and calendar files.

Included after ``conferences.urls.public`` (whose ``veranstaltungen/archiv/`` must win).
"""

from django.urls import path

from sessions.views import public

urlpatterns = [
    path("veranstaltungen/<slug:slug>.ics", public.event_ics, name="event_ics"),
    path("veranstaltungen/<slug:slug>/", public.event_detail, name="event_detail"),
    path(
        "veranstaltungen/<slug:event_slug>/programm/<slug:slug>.ics",
        public.session_ics,
        name="session_ics",
    ),
    path(
        "veranstaltungen/<slug:event_slug>/programm/<slug:slug>/",
        public.session_detail,
        name="session_detail",
    ),
    path("referierende/<slug:slug>.ics", public.speaker_ics, name="speaker_ics"),
    path("referierende/<slug:slug>/", public.speaker_detail, name="speaker_detail"),
]
