"""The outbox: queue, send, retry, recover and track every mail the platform sends.

Every mail is a row (``OutboundMail``) before it leaves, so the database is the truth about
what was sent, whatever happens to the task queue. The rules that keep invariant 4 (every mail
is sent at most once per recipient and message, and its delivery state is tracked):

1. **Queue once.** ``queue_mail`` stores the mail under the caller's ``idempotency_key``
   (unique); queueing the same key again returns the stored row and sends nothing new. The
   send task is enqueued with ``transaction.on_commit``, so a rolled-back caller sends nothing.
   ``queue_deferred_mail(s)`` stores a mail as a render instruction instead (one ``INSERT``,
   for short critical sections); the worker renders it from the committed state right before
   the send and keeps the result in the row (``mailing.services.rendering``).
2. **Claim before sending.** The task ``send_outbound_mail`` moves the row from ``queued`` to
   ``sending`` with one conditional ``UPDATE``; only the worker whose update changed the row
   sends. A task that runs twice, or twice in parallel, sends once.
3. **Retry only what cannot have gone out.** A failure that proves the provider did not accept
   the mail (connection refused, unknown host, SMTP 4xx reply, HTTP 429/503) puts the row back
   to ``queued`` for another attempt, up to ``MAX_ATTEMPTS``. Any other failure may have
   happened after the provider accepted the mail (a timeout while reading the answer), so the
   row becomes ``failed`` and waits for a person; the admin action "Erneut senden" requeues a
   failed mail, and only a failed one.
4. **Recover, never resend blindly.** django-tasks-db neither retries nor recovers tasks, and a
   task can be lost before it runs (worker, database or Redis gone). ``recover_outbox`` (also
   the command ``manage.py send_queued_mail``; ``manage.py run_scheduler`` runs it every five
   minutes) re-enqueues mails that stayed ``queued`` longer than a grace period, and marks
   mails that stayed ``sending`` longer than a timeout as ``failed`` with a note: such a worker
   died between claim and result, the provider may or may not have the mail, and only its log can
   tell. They are never sent again automatically.
5. **Track.** The configured provider's anymail tracking webhook (``/anymail/<esp>/tracking/``,
   mounted only while basic auth with ``ANYMAIL["WEBHOOK_SECRET"]`` is set; see
   ``mailing.webhooks``) reports delivery events; ``record_tracking_event`` finds the mail by
   the provider's message id or the random ``reference`` in the metadata, stores the events as
   ``MailEvent`` rows and moves the mail to delivered, bounced, complained, rejected or failed.
6. **Forget the body.** Mail bodies carry personal links (management tokens) in clear;
   ``purge_mail_bodies`` (hourly, from the scheduler) empties text, HTML, headers and
   attachments of mails that were finished longer than ``MAIL_BODY_RETENTION_DAYS`` ago and
   keeps recipient, subject, category and states. A purged mail is never sent again.
"""

from mailing.services.queueing import (
    DeferredMail,
    queue_deferred_mail,
    queue_deferred_mails,
    queue_mail,
    queue_templated_mail,
)
from mailing.services.recovery import (
    DEFAULT_QUEUED_GRACE,
    DEFAULT_SENDING_TIMEOUT,
    OutboxRecovery,
    recover_outbox,
    retry_failed_mail,
)
from mailing.services.rendering import (
    NothingToSend,
    RenderedMail,
    register_renderer,
    render_templates,
)
from mailing.services.retention import purge_mail_bodies
from mailing.services.sending import MAIL_ID_HEADER, MAX_ATTEMPTS, deliver_mail, enqueue_send
from mailing.services.tracking import record_tracking_event

__all__ = [
    "DEFAULT_QUEUED_GRACE",
    "DEFAULT_SENDING_TIMEOUT",
    "MAIL_ID_HEADER",
    "MAX_ATTEMPTS",
    "DeferredMail",
    "NothingToSend",
    "OutboxRecovery",
    "RenderedMail",
    "deliver_mail",
    "enqueue_send",
    "purge_mail_bodies",
    "queue_deferred_mail",
    "queue_deferred_mails",
    "queue_mail",
    "queue_templated_mail",
    "record_tracking_event",
    "recover_outbox",
    "register_renderer",
    "render_templates",
    "retry_failed_mail",
]
