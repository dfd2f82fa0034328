import socket

import pytest
from django.utils import timezone

from mailing.enums import MailState
from mailing.models import OutboundMail
from mailing.services import MAX_ATTEMPTS, deliver_mail, queue_mail, retry_failed_mail
from mailing.signals import mail_state_changed
from mailing.tasks import send_outbound_mail
from tests.factories.mailing import MailAttachmentFactory, OutboundMailFactory
from tests.mailing.mailers import ANYMAIL_TEST_BACKEND, use_mailer

pytestmark = pytest.mark.django_db

BACKENDS = "tests.mailing.backends"


def test_send_task_run_twice_sends_once(outbox):
    mail = OutboundMailFactory()
    MailAttachmentFactory(mail=mail)

    first = send_outbound_mail.enqueue(mail.pk)
    second = send_outbound_mail.enqueue(mail.pk)

    mail.refresh_from_db()
    assert (first.return_value, second.return_value) == (MailState.SENT, MailState.SENT)
    assert len(outbox) == 1
    assert [item.name for item in outbox[0].anymail_test_params["attachments"]] == [
        "einladung.ics"
    ]
    assert (mail.state, mail.attempts) == (MailState.SENT, 1)


def test_deliver_mail_leaves_a_mail_claimed_by_another_worker_alone(outbox):
    """A second worker that finds the row in sending (claimed) neither sends nor changes it."""
    claimed_at = timezone.now()
    mail = OutboundMailFactory(state=MailState.SENDING, attempts=1, claimed_at=claimed_at)

    assert deliver_mail(mail.pk) == MailState.SENDING

    mail.refresh_from_db()
    assert outbox == []
    assert (mail.state, mail.attempts, mail.claimed_at) == (MailState.SENDING, 1, claimed_at)


def test_deliver_mail_of_an_unknown_id_reports_it_missing(outbox):
    assert deliver_mail(4711) == "missing"
    assert outbox == []


def test_provider_error_leaves_the_mail_failed_and_a_retry_sends_it_once(
    outbox, settings, django_capture_on_commit_callbacks
):
    use_mailer(settings, f"{BACKENDS}.ProviderErrorBackend", status_code=500)
    with django_capture_on_commit_callbacks(execute=True):
        queued = queue_mail(
            to="anna.schmidt@soest.example",
            subject="Ihre Anmeldung",
            text="Guten Tag",
            idempotency_key="registration:1:confirmed:0",
        )

    queued.refresh_from_db()
    assert outbox == []
    assert (queued.state, queued.attempts) == (MailState.FAILED, 1)
    assert queued.last_error == (
        "AnymailRequestsAPIError: Provider API call failed "
        'Test API response 500 (Provider error): { "Message": "Internal error" }'
    )

    use_mailer(settings, ANYMAIL_TEST_BACKEND)
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed_mail(queued) is True
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed_mail(queued) is False

    queued.refresh_from_db()
    assert len(outbox) == 1
    assert (queued.state, queued.attempts, queued.last_error) == (MailState.SENT, 2, "")


def test_send_failure_without_proof_of_refusal_is_not_retried(outbox, settings):
    """A timeout while waiting for the answer may come after the provider took the mail."""
    use_mailer(settings, f"{BACKENDS}.ProviderUnreachableBackend", timeout=True)
    mail = OutboundMailFactory()

    assert deliver_mail(mail.pk) == MailState.FAILED

    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (MailState.FAILED, 1)
    assert mail.last_error == (
        "AnymailRequestsAPIError: Provider not reachable requests.exceptions.ReadTimeout"
    )


@pytest.mark.parametrize(
    ("backend", "options"),
    [
        ("ProviderErrorBackend", {"status_code": 503}),
        ("ProviderErrorBackend", {"status_code": 429}),
        ("ProviderUnreachableBackend", {}),
    ],
)
def test_refused_send_is_queued_again_up_to_the_attempt_limit(outbox, settings, backend, options):
    use_mailer(settings, f"{BACKENDS}.{backend}", **options)
    mail = OutboundMailFactory()

    states = [deliver_mail(mail.pk) for _ in range(MAX_ATTEMPTS + 1)]

    mail.refresh_from_db()
    assert states == [MailState.QUEUED, MailState.QUEUED, MailState.FAILED, MailState.FAILED]
    assert (mail.state, mail.attempts) == (MailState.FAILED, MAX_ATTEMPTS)
    assert outbox == []


def test_refused_send_goes_out_on_the_next_attempt(outbox, settings):
    use_mailer(settings, f"{BACKENDS}.ProviderErrorBackend", status_code=503)
    mail = OutboundMailFactory()
    deliver_mail(mail.pk)

    use_mailer(settings, ANYMAIL_TEST_BACKEND)

    assert deliver_mail(mail.pk) == MailState.SENT
    mail.refresh_from_db()
    assert (mail.state, mail.attempts, mail.last_error) == (MailState.SENT, 2, "")
    assert len(outbox) == 1


def test_recipient_refused_by_the_provider_is_rejected_and_not_retried(outbox, settings):
    use_mailer(settings, f"{BACKENDS}.RecipientRejectedBackend")
    mail = OutboundMailFactory()

    assert deliver_mail(mail.pk) == MailState.REJECTED

    mail.refresh_from_db()
    assert (mail.state, mail.last_error) == (
        MailState.REJECTED,
        "AnymailRecipientsRefused: All message recipients were rejected or invalid",
    )
    assert retry_failed_mail(mail) is False


@pytest.mark.parametrize(
    "state",
    [MailState.QUEUED, MailState.SENDING, MailState.SENT, MailState.DELIVERED, MailState.BOUNCED],
)
def test_retry_failed_mail_refuses_mails_that_did_not_fail(
    outbox, state, django_capture_on_commit_callbacks
):
    mail = OutboundMailFactory(state=state)

    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed_mail(mail) is False

    mail.refresh_from_db()
    assert mail.state == state
    assert outbox == []


def test_mail_state_changed_is_sent_after_the_send(outbox, django_capture_on_commit_callbacks):
    received = []

    def remember(sender, *, mail, state, **kwargs):
        received.append((mail.idempotency_key, state))

    mail_state_changed.connect(remember)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            queue_mail(
                to="anna.schmidt@soest.example",
                subject="Ihre Anmeldung",
                text="Guten Tag",
                idempotency_key="registration:1:confirmed:0",
            )
    finally:
        mail_state_changed.disconnect(remember)

    assert received == [("registration:1:confirmed:0", MailState.SENT)]
    assert OutboundMail.objects.get().state == MailState.SENT


def test_smtp_server_refusing_the_connection_leaves_the_mail_queued_for_later(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    use_mailer(
        settings,
        "django.core.mail.backends.smtp.EmailBackend",
        host="127.0.0.1",
        port=closed_port,
        timeout=2,
    )
    mail = OutboundMailFactory()

    assert deliver_mail(mail.pk) == MailState.QUEUED

    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (MailState.QUEUED, 1)
    assert mail.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
