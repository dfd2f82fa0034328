"""The programme editor and the speakers of a team, plus copying an event with its programme.

The editor works as plain pages and forms; with htmx, forms and links carry ``hx-*``
attributes and these views answer with the changed fragment only (the panel or the
speaker list) plus the timeline as an out-of-band swap. A ``kf:focus`` client event then
tells ``static/js/programme-editor.js`` where to move keyboard focus.
"""

from sessions.views.organiser.copies import event_duplicate
from sessions.views.organiser.lineup import (
    session_speaker_add,
    session_speaker_create,
    session_speaker_move,
    session_speaker_remove,
)
from sessions.views.organiser.programme import (
    programme,
    session_cancel,
    session_create,
    session_delete,
    session_edit,
    session_reschedule,
)
from sessions.views.organiser.speakers import speaker_create, speaker_edit, speaker_list
from sessions.views.organiser.stages import stage_create, stage_delete, stage_edit

__all__ = [
    "event_duplicate",
    "programme",
    "session_cancel",
    "session_create",
    "session_delete",
    "session_edit",
    "session_reschedule",
    "session_speaker_add",
    "session_speaker_create",
    "session_speaker_move",
    "session_speaker_remove",
    "speaker_create",
    "speaker_edit",
    "speaker_list",
    "stage_create",
    "stage_delete",
    "stage_edit",
]
