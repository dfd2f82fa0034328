import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from mailing.enums import MailState
from mailing.models import OutboundMail
from mailing.queries import mail_for_key
from mailing.services import queue_mail, queue_templated_mail

pytestmark = pytest.mark.django_db

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def test_queue_mail_same_key_twice_stores_one_row_and_sends_once(
    outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_mail(
            to="anna.schmidt@soest.example",
            subject="Ihre Anmeldung",
            text="Guten Tag",
            idempotency_key="registration:1:confirmed:0",
        )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = queue_mail(
            to="anna.schmidt@soest.example",
            subject="Ihre Anmeldung (nochmals)",
            text="Guten Tag",
            idempotency_key="registration:1:confirmed:0",
        )

    first.refresh_from_db()
    assert second.pk == first.pk
    assert callbacks == []
    assert OutboundMail.objects.count() == 1
    assert [message.subject for message in outbox] == ["Ihre Anmeldung"]
    assert (first.state, first.attempts) == (MailState.SENT, 1)


def test_queue_mail_twice_in_one_transaction_enqueues_one_send(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for _ in range(2):
            queue_mail(
                to="anna.schmidt@soest.example",
                subject="Ihre Anmeldung",
                text="Guten Tag",
                idempotency_key="registration:1:confirmed:0",
            )

    assert DBTaskResult.objects.count() == 1


def test_queue_mail_sends_html_attachments_and_tracking_data_through_anymail(
    outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queued = queue_mail(
            to="anna.schmidt@soest.example",
            subject="Ihre Anmeldung\nzur Fachkonferenz",
            text="Guten Tag,\nSie sind angemeldet.",
            html="<p>Guten Tag,</p><p>Sie sind angemeldet.</p>",
            idempotency_key="registration:7:confirmed:0",
            attachments=[
                ("einladung.ics", ICS, "text/calendar; method=REQUEST"),
                ("programm.pdf", b"%PDF-1.4 Programm", "application/pdf"),
            ],
            reply_to="team@mwide.nrw.example",
            headers={"List-Id": "Fachkonferenz <fachkonferenz.kommunalforum.example>"},
        )

    [message] = outbox
    params = message.anymail_test_params
    assert [address.addr_spec for address in params["to"]] == ["anna.schmidt@soest.example"]
    assert [address.addr_spec for address in params["reply_to"]] == ["team@mwide.nrw.example"]
    assert params["subject"] == "Ihre Anmeldung zur Fachkonferenz"
    assert params["text_body"] == "Guten Tag,\nSie sind angemeldet."
    assert params["html_body"] == "<p>Guten Tag,</p><p>Sie sind angemeldet.</p>"
    assert [(item.name, item.mimetype, item.content) for item in params["attachments"]] == [
        ("einladung.ics", "text/calendar; method=REQUEST", ICS.decode()),
        ("programm.pdf", "application/pdf", b"%PDF-1.4 Programm"),
    ]
    # The random reference, not the guessable row id.
    assert params["metadata"] == {"mail_reference": queued.reference}
    assert len(queued.reference) == 32
    assert params["tags"] == ["transactional"]
    assert params["extra_headers"] == {
        "Auto-Submitted": "auto-generated",
        "List-Id": "Fachkonferenz <fachkonferenz.kommunalforum.example>",
        "X-Kommunalforum-Mail": "registration:7:confirmed:0",
    }
    assert 'Content-Type: text/calendar; method="REQUEST"' in message.message().as_string()
    queued.refresh_from_db()
    assert (queued.state, queued.provider_message_id, queued.last_error) == (
        MailState.SENT,
        "0",
        "",
    )
    assert queued.sent_at is not None
    assert [a.filename for a in queued.attachments.all()] == ["einladung.ics", "programm.pdf"]


def test_queue_mail_in_a_rolled_back_transaction_sends_nothing(
    outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue_mail(
            to="anna.schmidt@soest.example",
            subject="Ihre Anmeldung",
            text="Guten Tag",
            idempotency_key="registration:1:confirmed:0",
        )
        transaction.set_rollback(True)

    assert OutboundMail.objects.count() == 0
    assert outbox == []


def test_queue_mail_without_a_task_worker_keeps_the_mail_queued(
    django_capture_on_commit_callbacks,
):
    """With the project's database task backend the mail waits for the db_worker."""
    with django_capture_on_commit_callbacks(execute=True):
        queued = queue_mail(
            to="anna.schmidt@soest.example",
            subject="Ihre Anmeldung",
            text="Guten Tag",
            idempotency_key="registration:1:confirmed:0",
        )

    queued.refresh_from_db()
    assert queued.state == MailState.QUEUED
    assert list(DBTaskResult.objects.values_list("task_path", "args_kwargs")) == [
        ("mailing.tasks.send_outbound_mail", {"args": [queued.pk], "kwargs": {}})
    ]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"to": "keine-adresse"}, ValidationError),
        ({"reply_to": "kein@"}, ValidationError),
        ({"idempotency_key": "  "}, ValueError),
        ({"idempotency_key": "x" * 256}, ValueError),
        ({"headers": {"X-Test": "a\r\nBcc: spam@example.com"}}, ValueError),
    ],
)
def test_queue_mail_refuses_bad_input(changes, error):
    arguments = {
        "to": "anna.schmidt@soest.example",
        "subject": "Ihre Anmeldung",
        "text": "Guten Tag",
        "idempotency_key": "registration:1:confirmed:0",
        **changes,
    }

    with pytest.raises(error):
        queue_mail(**arguments)

    assert OutboundMail.objects.count() == 0


def test_queue_templated_mail_renders_subject_text_and_html_in_the_layout(
    outbox, mail_templates, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://kommunalforum.example"

    with django_capture_on_commit_callbacks(execute=True):
        queued = queue_templated_mail(
            to="anna.schmidt@soest.example",
            template="mailing_test/greeting",
            context={"name": "Anna Schmidt", "event_title": "Bau & Verkehr <digital>"},
            idempotency_key="registration:3:confirmed:0",
        )

    assert queued.subject == "Einladung: Bau & Verkehr <digital>"
    assert queued.text_body == (
        "Guten Tag Anna Schmidt,\n"
        "\n"
        "Sie sind zu „Bau & Verkehr <digital>“ angemeldet.\n"
        "\n"
        "Ihre Anmeldung: https://kommunalforum.example/anmeldungen/\n"
        "\n"
        "-- \n"
        "Kommunalforum · https://kommunalforum.example\n"
        "Diese Nachricht wurde automatisch vom Kommunalforum versandt.\n"
    )
    assert '<html lang="de" dir="ltr">' in queued.html_body
    assert "<title>Einladung: Bau &amp; Verkehr &lt;digital&gt;</title>" in queued.html_body
    assert "Sie sind zu „Bau &amp; Verkehr &lt;digital&gt;“ angemeldet." in queued.html_body
    assert 'href="https://kommunalforum.example/anmeldungen/"' in queued.html_body
    assert ">https://kommunalforum.example</a>" in queued.html_body
    assert "<img" not in queued.html_body
    [message] = outbox
    assert message.anymail_test_params["html_body"] == queued.html_body


def test_queue_templated_mail_renders_in_the_given_language(
    outbox, mail_templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queued = queue_templated_mail(
            to="jane.doe@aachen.example",
            template="mailing_test/greeting",
            context={"name": "Jane Doe", "event_title": "Smart City"},
            idempotency_key="registration:4:confirmed:0",
            language="en",
        )

    assert queued.language == "en"
    assert '<html lang="en" dir="ltr">' in queued.html_body


def test_queue_templated_mail_without_html_template_sends_text_only(
    outbox, mail_templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queued = queue_templated_mail(
            to="anna.schmidt@soest.example",
            template="mailing_test/plain",
            context={"name": "Anna Schmidt"},
            idempotency_key="notice:1",
        )

    assert (queued.subject, queued.html_body) == ("Hinweis", "")
    assert queued.text_body.startswith("Nur Text für Anna Schmidt.\n\n-- \n")
    [message] = outbox
    assert "html_body" not in message.anymail_test_params


def test_mail_for_key_returns_the_mail_or_none(outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued = queue_mail(
            to="anna.schmidt@soest.example",
            subject="Ihre Anmeldung",
            text="Guten Tag",
            idempotency_key="registration:1:confirmed:0",
        )

    assert mail_for_key("registration:1:confirmed:0") == queued
    assert mail_for_key("registration:2:confirmed:0") is None
