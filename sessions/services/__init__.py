"""Writes to the programme: stages, sessions, speakers and their roles, and event copies.

The rules an organiser meets while building a day: a session lies inside its event, ends
after it starts and does not overlap another scheduled session on its stage (errors); a
speaker booked in two sessions at the same time is allowed but reported (a warning, because
a moderator may well hand over between two rooms). Every write runs in
``transaction.atomic`` and is recorded in the event's change log.
"""

from sessions.services.copies import duplicate_event, shift_to_day
from sessions.services.lineup import (
    add_session_speaker,
    move_session_speaker,
    remove_session_speaker,
)
from sessions.services.programme import (
    EDITABLE_SESSION_FIELDS,
    SESSION_SEQUENCE_FIELDS,
    Saved,
    cancel_session,
    create_session,
    delete_session,
    double_bookings,
    raise_session_sequences,
    reschedule_session,
    update_session,
    validate_session,
)
from sessions.services.speakers import (
    EDITABLE_SPEAKER_FIELDS,
    MAX_PHOTO_BYTES,
    PHOTO_FORMATS,
    create_speaker,
    update_speaker,
    validate_photo,
)
from sessions.services.stages import create_stage, delete_stage, update_stage

__all__ = [
    "EDITABLE_SESSION_FIELDS",
    "EDITABLE_SPEAKER_FIELDS",
    "MAX_PHOTO_BYTES",
    "PHOTO_FORMATS",
    "SESSION_SEQUENCE_FIELDS",
    "Saved",
    "add_session_speaker",
    "cancel_session",
    "create_session",
    "create_speaker",
    "create_stage",
    "delete_session",
    "delete_stage",
    "double_bookings",
    "duplicate_event",
    "move_session_speaker",
    "raise_session_sequences",
    "remove_session_speaker",
    "reschedule_session",
    "shift_to_day",
    "update_session",
    "update_speaker",
    "update_stage",
    "validate_photo",
    "validate_session",
]
