"""Deferred mails: a row that says what to render, rendered by the worker from committed data."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.models import User
from mailing.enums import MailState
from mailing.models import OutboundMail
from mailing.services import (
    NothingToSend,
    RenderedMail,
    queue_deferred_mail,
    register_renderer,
)
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def greet_user(params: dict) -> RenderedMail:
    user = User.objects.filter(pk=params["user"]).first()
    if user is None:
        raise NothingToSend()
    return RenderedMail(
        subject=f"Hallo {user.first_name}",
        text=f"Guten Tag {user.first_name} {user.last_name}\n",
        html=f"<p>Guten Tag {user.first_name}</p>",
        attachments=[("gruss.txt", b"Gruss", "text/plain")],
        reply_to="team@land.example",
    )


register_renderer("tests.greeting", greet_user)


def queue_greeting(user, key: str = "greeting:1") -> None:
    queue_deferred_mail(
        to=user.email,
        renderer="tests.greeting",
        params={"user": user.pk},
        idempotency_key=key,
        language="de",
    )


def test_queue_deferred_mail_writes_one_insert_and_no_body(django_capture_on_commit_callbacks):
    user = UserFactory(first_name="Anna")
    with CaptureQueriesContext(connection) as queries:
        queue_greeting(user)
    assert len(queries) == 1
    assert queries[0]["sql"].startswith("INSERT")
    mail = OutboundMail.objects.get(idempotency_key="greeting:1")
    assert (mail.recipient, mail.subject, mail.text_body) == (user.email, "", "")
    assert (mail.renderer, mail.render_params, mail.state) == (
        "tests.greeting",
        {"user": user.pk},
        MailState.QUEUED,
    )


def test_deferred_mail_is_rendered_from_the_committed_state_when_sent(
    outbox, django_capture_on_commit_callbacks
):
    user = UserFactory(first_name="Anna", last_name="Schmidt")
    with django_capture_on_commit_callbacks(execute=True):
        queue_greeting(user)
        # A later change in the same transaction is what the mail shows.
        User.objects.filter(pk=user.pk).update(first_name="Annette")

    [message] = outbox
    assert message.subject == "Hallo Annette"
    assert message.body == "Guten Tag Annette Schmidt\n"
    assert message.reply_to == ["team@land.example"]
    assert [(name, content) for name, content, _type in message.attachments] == [
        ("gruss.txt", "Gruss")
    ]
    mail = OutboundMail.objects.get(idempotency_key="greeting:1")
    # The row keeps what was sent, so a retry sends the same bytes.
    assert (mail.state, mail.renderer, mail.subject) == (MailState.SENT, "", "Hallo Annette")
    assert mail.attachments.get().filename == "gruss.txt"


def test_deferred_mail_of_a_rolled_back_transaction_is_never_sent(
    outbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue_greeting(user)
        transaction.set_rollback(True)
    assert not OutboundMail.objects.exists()
    assert outbox == []


def test_queue_deferred_mail_twice_with_one_key_sends_once(
    outbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        queue_greeting(user)
    with django_capture_on_commit_callbacks(execute=True):
        queue_greeting(user)
    assert OutboundMail.objects.count() == 1
    assert len(outbox) == 1


def test_deferred_mail_whose_subject_is_gone_fails_without_sending(
    outbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        queue_greeting(user)
        user.delete()
    mail = OutboundMail.objects.get(idempotency_key="greeting:1")
    assert mail.state == MailState.FAILED
    assert mail.last_error == "NothingToSend: what the mail is about no longer exists"
    assert outbox == []


def test_deferred_mail_with_an_unknown_renderer_fails_with_its_name(
    outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_deferred_mail(
            to="anna@kommune.example",
            renderer="nobody.renders.this",
            params={},
            idempotency_key="unknown:1",
        )
    mail = OutboundMail.objects.get(idempotency_key="unknown:1")
    assert mail.state == MailState.FAILED
    assert "nobody.renders.this" in mail.last_error
    assert outbox == []
