"""Send one claimed mail through the default mailer and record what happened."""

import logging
import smtplib
import socket
from datetime import timedelta
from functools import partial

import requests
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from anymail.message import AnymailMessage
from django.core.mail.handler import DEFAULT_MAILER_ALIAS
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mailing.enums import MailState
from mailing.models import OutboundMail
from mailing.services.rendering import NothingToSend, materialise
from mailing.signals import mail_state_changed

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# Names the message in the provider's logs and in bounces, so a person can find its row.
MAIL_ID_HEADER = "X-Kommunalforum-Mail"
RETRY_DELAY = timedelta(minutes=1)
# The provider metadata field that carries ``OutboundMail.reference``.
METADATA_KEY = "mail_reference"


def enqueue_send(mail_id: int, *, delay: timedelta | None = None) -> None:
    """Enqueue the send task for one mail; call it only after the row is committed."""
    # Imported here: tasks sit above services in the app's layers and import them.
    from mailing.tasks import send_outbound_mail

    task = send_outbound_mail
    if delay is not None:
        if not task.get_backend().supports_defer:
            return  # recover_outbox picks the queued mail up after its grace period
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(mail_id)


def deliver_mail(mail_id: int) -> str:
    """Claim one queued mail, send it through the default mailer and record the outcome.

    Returns the mail's state afterwards (``"missing"`` for an unknown id). Only the caller whose
    conditional update moved the row from queued to sending sends; everybody else returns at
    once, which makes the task safe to run twice. The send happens outside any transaction, so
    no lock is held while the provider answers.
    """
    now = timezone.now()
    claimed = OutboundMail.objects.filter(pk=mail_id, state=MailState.QUEUED).update(
        state=MailState.SENDING, attempts=F("attempts") + 1, claimed_at=now, updated_at=now
    )
    if not claimed:
        state = OutboundMail.objects.filter(pk=mail_id).values_list("state", flat=True).first()
        return state or "missing"
    mail = OutboundMail.objects.get(pk=mail_id)
    try:
        # Nothing has gone out yet: a mail that cannot be rendered fails safely, and an
        # operator's retry renders it again.
        mail = materialise(mail)
    except NothingToSend as error:
        return _record_failure(mail, error, state=MailState.FAILED)
    except Exception as error:
        logger.exception("Mail %s could not be rendered.", mail.pk)
        return _record_failure(mail, error, state=MailState.FAILED)
    try:
        message = _build_message(mail)
        message.send(using=DEFAULT_MAILER_ALIAS)
    except (AnymailRecipientsRefused, smtplib.SMTPRecipientsRefused) as error:
        return _record_failure(mail, error, state=MailState.REJECTED)
    except Exception as error:
        # Whatever the mailer raises must end in a recorded state, never in a row left sending.
        retry = _never_reached_provider(error) and mail.attempts < MAX_ATTEMPTS
        return _record_failure(mail, error, state=MailState.QUEUED if retry else MailState.FAILED)
    return _record_success(mail, _provider_message_id(message))


def _build_message(mail: OutboundMail) -> AnymailMessage:
    headers = {"Auto-Submitted": "auto-generated", **mail.headers}
    headers[MAIL_ID_HEADER] = mail.idempotency_key
    message = AnymailMessage(
        subject=mail.subject,
        body=mail.text_body,
        to=[mail.recipient],
        reply_to=[mail.reply_to] if mail.reply_to else None,
        headers=headers,
        # Sent back by most providers' webhooks: finds the row even before its message id
        # is stored. Random, never the row's id, so a forged event cannot guess it.
        metadata={METADATA_KEY: mail.reference},
        tags=[mail.category],
    )
    if mail.html_body:
        message.attach_alternative(mail.html_body, "text/html")
    for attachment in mail.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return message


def _provider_message_id(message: AnymailMessage) -> str:
    """Return the provider's id for the sent message; other mailers (SMTP, console) have none."""
    status = getattr(message, "anymail_status", None)
    message_id = getattr(status, "message_id", None)
    if message_id is None:
        return ""
    if isinstance(message_id, set):  # one id per recipient; there is one recipient
        message_id = ",".join(sorted(str(item) for item in message_id))
    return str(message_id)[:255]


def _never_reached_provider(error: BaseException) -> bool:
    """Tell whether ``error`` proves the provider refused the mail.

    Only then can a retry not duplicate it; a timeout or a dropped connection may come after
    the provider accepted the mail.
    """
    if isinstance(error, AnymailAPIError) and error.status_code in {429, 503}:
        return True
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(
            seen,
            ConnectionRefusedError
            | socket.gaierror
            | smtplib.SMTPConnectError
            | requests.ConnectTimeout,
        ):
            return True
        if isinstance(seen, smtplib.SMTPResponseException) and 400 <= seen.smtp_code < 500:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def describe_error(error: BaseException | str) -> str:
    """Return a one-line, bounded error text for ``last_error``."""
    if isinstance(error, str):
        text = error
    else:
        try:
            text = f"{type(error).__name__}: {error}"
        except Exception:  # some exceptions fail to describe themselves
            text = type(error).__name__
    return " ".join(text.split())[:500]


def _record_success(mail: OutboundMail, message_id: str) -> str:
    now = timezone.now()
    updated = OutboundMail.objects.filter(pk=mail.pk, state=MailState.SENDING).update(
        state=MailState.SENT,
        provider_message_id=message_id,
        sent_at=now,
        last_error="",
        updated_at=now,
    )
    if not updated:
        # A webhook event was faster than this write and already set the delivery state.
        OutboundMail.objects.filter(pk=mail.pk).update(
            provider_message_id=message_id, sent_at=now, updated_at=now
        )
        return OutboundMail.objects.values_list("state", flat=True).get(pk=mail.pk)
    announce_state(mail.pk, MailState.SENT)
    return MailState.SENT


def _record_failure(mail: OutboundMail, error: BaseException, *, state: MailState) -> str:
    logger.warning(
        "Mail %s: attempt %s failed with %s; now %s.",
        mail.pk,
        mail.attempts,
        type(error).__name__,
        state,
    )
    OutboundMail.objects.filter(pk=mail.pk, state=MailState.SENDING).update(
        state=state, last_error=describe_error(error), updated_at=timezone.now()
    )
    if state == MailState.QUEUED:
        delay = RETRY_DELAY * mail.attempts**2
        transaction.on_commit(partial(enqueue_send, mail.pk, delay=delay), robust=True)
    else:
        announce_state(mail.pk, state)
    return state


def announce_state(mail_id: int, state: str) -> None:
    """Send ``mail_state_changed`` for the mail after commit, with the row as committed."""

    def send() -> None:
        mail = OutboundMail.objects.filter(pk=mail_id).first()
        if mail is not None:
            mail_state_changed.send(sender=OutboundMail, mail=mail, state=state)

    transaction.on_commit(send)
