"""Signals that tell higher apps about changes to events, sent after the change commits.

Receivers (registrations, the live layer, the directory) must not import anything from
their senders but the models; the change log entry passed along is the durable record of
the change, so a receiver that missed a signal (a process that died after the commit) can
find the change again from the log.
"""

from django.db import transaction
from django.dispatch import Signal

from conferences.models import ChangeLogEntry, Event

#: Sent with ``sender=Event`` after an organiser's change to an event committed.
#: Arguments: ``event`` (as committed), ``change`` (the ``ChangeLogEntry``), ``action``
#: (``event_updated``, ``event_published``, ``event_cancelled``, ``event_reinstated``),
#: ``fields`` (the frozenset of changed field names).
event_changed = Signal()


def announce_event_change(event: Event, change: ChangeLogEntry) -> None:
    """Send ``event_changed`` once the current transaction commits (never on rollback)."""

    def send() -> None:
        event_changed.send_robust(
            sender=Event,
            event=event,
            change=change,
            action=change.action,
            fields=frozenset(change.changes),
        )

    transaction.on_commit(send, robust=True)
