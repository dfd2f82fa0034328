"""Listen to the changes that lower apps announce after commit, and act on them."""

import logging

from conferences.models import ChangeLogEntry, Event
from registrations.services.notices import needs_notice
from sessions.models import Session

logger = logging.getLogger(__name__)


def event_changed(
    sender, *, event: Event, change: ChangeLogEntry, action: str, fields: frozenset[str], **kwargs
) -> None:
    """Queue the mails to the event's registrants when they must hear of the change."""
    if needs_notice(action, fields):
        _enqueue(change.pk, event.sequence)


def session_changed(
    sender,
    *,
    session: Session,
    change: ChangeLogEntry,
    action: str,
    fields: frozenset[str],
    **kwargs,
) -> None:
    """Queue the mails to the people who chose the session when they must hear of it."""
    if needs_notice(action, fields):
        _enqueue(change.pk, session.event.sequence)


def _enqueue(change_id: int, sequence: int) -> None:
    # Imported here: tasks sit above services and receivers in the app's layers.
    from registrations.tasks import notify_registrants_of_change

    try:
        notify_registrants_of_change.enqueue(change_id, sequence)
    except Exception:
        # The change is committed and logged; the recovery job writes its mails later.
        logger.exception("Could not enqueue the notices of change %s.", change_id)
