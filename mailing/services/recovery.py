"""Requeue failed mails on request and recover mails a lost task left behind."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from mailing.enums import MailState
from mailing.models import OutboundMail
from mailing.services.sending import deliver_mail, describe_error, enqueue_send

logger = logging.getLogger(__name__)

# Longer than the slowest send (SMTP and anymail time out after about 30 seconds).
DEFAULT_SENDING_TIMEOUT = timedelta(minutes=15)
# Longer than a busy worker needs to reach a freshly queued task.
DEFAULT_QUEUED_GRACE = timedelta(minutes=5)


def retry_failed_mail(mail: OutboundMail) -> bool:
    """Queue a failed mail for one more send; return False if it is not (or no longer) failed.

    Only ``failed`` qualifies: a mail in any other state was sent, is being sent or waits, and
    sending it again could deliver it twice. A mail whose body was purged has nothing left to
    send. Check the provider's log first for mails that failed with "Versandstatus unklar".
    """
    requeued = OutboundMail.objects.filter(
        pk=mail.pk, state=MailState.FAILED, body_purged_at__isnull=True
    ).update(state=MailState.QUEUED, updated_at=timezone.now())
    if requeued:
        transaction.on_commit(partial(enqueue_send, mail.pk), robust=True)
    return bool(requeued)


@dataclass(frozen=True)
class OutboxRecovery:
    requeued: int
    given_up: int


def recover_outbox(
    *,
    queued_grace: timedelta = DEFAULT_QUEUED_GRACE,
    sending_timeout: timedelta = DEFAULT_SENDING_TIMEOUT,
    send_now: bool = False,
    now: datetime | None = None,
) -> OutboxRecovery:
    """Re-enqueue mails stuck in queued and give up on mails stuck in sending.

    ``send_now`` sends the stuck queued mails in this process instead of enqueueing them, for
    an outage of the task queue. An extra task for a mail whose original task is merely late
    is harmless: the claim lets one of them send.
    """
    now = now or timezone.now()
    note = gettext(
        "Versandstatus unklar: der Versand begann am %(claimed)s und wurde nie abgeschlossen. "
        "Im Protokoll des Mailanbieters prüfen, ob die Mail ankam, bevor sie erneut "
        "gesendet wird."
    )
    given_up = 0
    for mail_id, claimed_at in OutboundMail.objects.sending_before(
        now - sending_timeout
    ).values_list("pk", "claimed_at"):
        claimed = timezone.localtime(claimed_at).strftime("%Y-%m-%d %H:%M")
        given_up += OutboundMail.objects.filter(pk=mail_id, state=MailState.SENDING).update(
            state=MailState.FAILED,
            last_error=describe_error(note % {"claimed": claimed}),
            updated_at=now,
        )
        logger.warning("Mail %s stayed in sending since %s; marked failed.", mail_id, claimed)
    stuck = list(
        OutboundMail.objects.queued_before(now - queued_grace)
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    # Touch the rows first, so that the next run leaves them alone for another grace period.
    OutboundMail.objects.filter(pk__in=stuck, state=MailState.QUEUED).update(updated_at=now)
    for mail_id in stuck:
        if send_now:
            deliver_mail(mail_id)
        else:
            enqueue_send(mail_id)
    return OutboxRecovery(requeued=len(stuck), given_up=given_up)
