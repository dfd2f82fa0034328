"""Apply the provider's delivery events (anymail tracking webhooks) to the outbox."""

import logging
from datetime import datetime

from anymail.signals import AnymailTrackingEvent
from django.db import IntegrityError, transaction
from django.utils import timezone

from mailing.enums import IGNORED_TRACKING_EVENTS, TRACKING_STATES, MailState
from mailing.models import MailEvent, OutboundMail
from mailing.services.sending import METADATA_KEY, announce_state, describe_error

logger = logging.getLogger(__name__)


def record_tracking_event(event: AnymailTrackingEvent, *, esp_name: str) -> MailEvent | None:
    """Store one provider event for its mail and move the mail to the delivery state it reports.

    Returns None for events that are ignored (opens, clicks), unknown (mail not found, e.g. sent
    by another system on the same provider account) or repeated (same provider event id).
    The newest event by the provider's timestamp decides the state, so a late "delivered"
    after a soft bounce counts, and an event that arrives out of order does not undo a newer
    one; a complaint is final. The mail row is locked while deciding (PostgreSQL).
    """
    if event.event_type in IGNORED_TRACKING_EVENTS:
        return None
    mail = _mail_for_event(event)
    if mail is None:
        logger.info("%s event %s for an unknown message ignored.", esp_name, event.event_type)
        return None
    occurred_at = event.timestamp or timezone.now()
    description = event.description or event.mta_response or event.reject_reason or ""
    with transaction.atomic():
        mail = OutboundMail.objects.select_for_update(of=("self",)).get(pk=mail.pk)
        try:
            with transaction.atomic():
                record = MailEvent.objects.create(
                    mail=mail,
                    event_type=str(event.event_type)[:32],
                    occurred_at=occurred_at,
                    provider_event_id=str(event.event_id or "")[:255],
                    description=describe_error(str(description)),
                )
        except IntegrityError:
            return None
        state = TRACKING_STATES.get(event.event_type)
        if state is not None and _may_apply(mail, occurred_at):
            changes: dict[str, object] = {"state": state, "tracked_at": occurred_at}
            if state != MailState.DELIVERED and description:
                changes["last_error"] = describe_error(str(description))
            OutboundMail.objects.filter(pk=mail.pk).update(**changes, updated_at=timezone.now())
            announce_state(mail.pk, state)
    return record


def _mail_for_event(event: AnymailTrackingEvent) -> OutboundMail | None:
    if event.message_id:
        mail = OutboundMail.objects.filter(provider_message_id=str(event.message_id)).first()
        if mail is not None:
            return mail
    # Looked up by the random reference only: an id could be guessed by a forger.
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    reference = metadata.get(METADATA_KEY)
    if isinstance(reference, str) and reference:
        return OutboundMail.objects.filter(reference=reference).first()
    return None


def _may_apply(mail: OutboundMail, occurred_at: datetime) -> bool:
    if mail.state == MailState.COMPLAINED:
        return False
    return mail.tracked_at is None or occurred_at >= mail.tracked_at
