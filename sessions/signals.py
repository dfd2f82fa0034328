"""Signals that tell higher apps about changes to the programme, sent after commit."""

from django.db import transaction
from django.dispatch import Signal

from conferences.models import ChangeLogEntry
from sessions.models import Session

#: Sent with ``sender=Session`` after an organiser's change to a session committed.
#: Arguments: ``session`` (as committed), ``change`` (the ``ChangeLogEntry``, the durable
#: record of the change), ``action`` (``session_updated``, ``session_cancelled``,
#: ``session_rescheduled``), ``fields`` (the frozenset of changed field names).
session_changed = Signal()


def announce_session_change(session: Session, change: ChangeLogEntry) -> None:
    """Send ``session_changed`` once the current transaction commits (never on rollback)."""

    def send() -> None:
        session_changed.send_robust(
            sender=Session,
            session=session,
            change=change,
            action=change.action,
            fields=frozenset(change.changes),
        )

    transaction.on_commit(send, robust=True)
