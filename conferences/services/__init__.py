"""Writes to events, series and organiser teams, with their rules and the change log.

Every service runs in ``transaction.atomic``, re-reads the row it changes under
``select_for_update`` (a no-op on SQLite, a row lock on PostgreSQL) and records what it
changed in ``ChangeLogEntry``. Errors are ``django.core.exceptions.ValidationError`` with
German messages keyed by field name, so forms can show them beside the field.
"""

from conferences.services.change_log import diff_fields, display_value, record_change
from conferences.services.events import (
    EDITABLE_EVENT_FIELDS,
    SEQUENCE_FIELDS,
    cancel_event,
    copy_event,
    create_event,
    publish_event,
    raise_sequences,
    reinstate_event,
    update_event,
    validate_event,
)
from conferences.services.slugs import unique_slug
from conferences.services.teams import (
    add_team_member,
    create_series,
    remove_team_member,
    series_for,
)

__all__ = [
    "EDITABLE_EVENT_FIELDS",
    "SEQUENCE_FIELDS",
    "add_team_member",
    "cancel_event",
    "copy_event",
    "create_event",
    "create_series",
    "diff_fields",
    "display_value",
    "publish_event",
    "raise_sequences",
    "record_change",
    "reinstate_event",
    "remove_team_member",
    "series_for",
    "unique_slug",
    "update_event",
    "validate_event",
]
