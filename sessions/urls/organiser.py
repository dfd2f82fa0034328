"""Programme editor and speakers, mounted under /veranstalten/ (German paths)."""

from django.urls import path

from sessions.views import organiser

_EVENT = "veranstaltungen/<slug:slug>/"
_SESSION = _EVENT + "programm/<int:session_id>/"

urlpatterns = [
    path(_EVENT + "duplizieren/", organiser.event_duplicate, name="organiser_event_duplicate"),
    path(_EVENT + "programm/", organiser.programme, name="organiser_programme"),
    path(_EVENT + "programm/neu/", organiser.session_create, name="organiser_session_create"),
    path(_EVENT + "buehnen/neu/", organiser.stage_create, name="organiser_stage_create"),
    path(_EVENT + "buehnen/<int:stage_id>/", organiser.stage_edit, name="organiser_stage_edit"),
    path(
        _EVENT + "buehnen/<int:stage_id>/loeschen/",
        organiser.stage_delete,
        name="organiser_stage_delete",
    ),
    path(_SESSION, organiser.session_edit, name="organiser_session_edit"),
    path(_SESSION + "absagen/", organiser.session_cancel, name="organiser_session_cancel"),
    path(
        _SESSION + "wieder-einplanen/",
        organiser.session_reschedule,
        name="organiser_session_reschedule",
    ),
    path(_SESSION + "loeschen/", organiser.session_delete, name="organiser_session_delete"),
    path(
        _SESSION + "personen/", organiser.session_speaker_add, name="organiser_session_speaker_add"
    ),
    path(
        _SESSION + "personen/neu/",
        organiser.session_speaker_create,
        name="organiser_session_speaker_create",
    ),
    path(
        _SESSION + "personen/<int:entry_id>/verschieben/",
        organiser.session_speaker_move,
        name="organiser_session_speaker_move",
    ),
    path(
        _SESSION + "personen/<int:entry_id>/entfernen/",
        organiser.session_speaker_remove,
        name="organiser_session_speaker_remove",
    ),
    path("teams/<int:team_id>/referierende/", organiser.speaker_list, name="organiser_speakers"),
    path(
        "teams/<int:team_id>/referierende/neu/",
        organiser.speaker_create,
        name="organiser_speaker_create",
    ),
    path("referierende/<slug:slug>/", organiser.speaker_edit, name="organiser_speaker_edit"),
]
