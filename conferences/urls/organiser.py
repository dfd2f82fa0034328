"""Organiser area for events and teams, mounted under /veranstalten/ (German paths)."""

from django.urls import path

from conferences.views import organiser

urlpatterns = [
    path("", organiser.dashboard, name="organiser_dashboard"),
    path("veranstaltungen/neu/", organiser.event_create, name="organiser_event_create"),
    path("veranstaltungen/<slug:slug>/", organiser.event_detail, name="organiser_event"),
    path(
        "veranstaltungen/<slug:slug>/bearbeiten/",
        organiser.event_edit,
        name="organiser_event_edit",
    ),
    path(
        "veranstaltungen/<slug:slug>/veroeffentlichen/",
        organiser.event_publish,
        name="organiser_event_publish",
    ),
    path(
        "veranstaltungen/<slug:slug>/absagen/",
        organiser.event_cancel,
        name="organiser_event_cancel",
    ),
    path(
        "veranstaltungen/<slug:slug>/absage-zuruecknehmen/",
        organiser.event_reinstate,
        name="organiser_event_reinstate",
    ),
    path(
        "veranstaltungen/<slug:slug>/aenderungen/",
        organiser.event_change_log,
        name="organiser_event_changes",
    ),
    path("teams/<int:team_id>/", organiser.team_detail, name="organiser_team"),
    path(
        "teams/<int:team_id>/mitglieder/<int:membership_id>/entfernen/",
        organiser.team_member_remove,
        name="organiser_team_member_remove",
    ),
]
