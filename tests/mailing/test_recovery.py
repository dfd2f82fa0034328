from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mailing.enums import MailState
from mailing.models import OutboundMail
from mailing.services import recover_outbox
from tests.factories.mailing import OutboundMailFactory

pytestmark = pytest.mark.django_db


def queued_mail(*, minutes_ago: int) -> OutboundMail:
    """A queued mail whose task never ran, last touched ``minutes_ago``."""
    mail = OutboundMailFactory()
    OutboundMail.objects.filter(pk=mail.pk).update(
        updated_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return mail


def sending_mail(*, minutes_ago: int) -> OutboundMail:
    """A mail a worker claimed ``minutes_ago`` and never finished."""
    return OutboundMailFactory(
        state=MailState.SENDING,
        attempts=1,
        claimed_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def run_command(*args: str) -> str:
    out = StringIO()
    call_command("send_queued_mail", *args, stdout=out)
    return out.getvalue()


def test_send_queued_mail_reenqueues_mails_stuck_in_queued(outbox):
    stuck = [queued_mail(minutes_ago=30), queued_mail(minutes_ago=6)]
    fresh = queued_mail(minutes_ago=1)

    output = run_command()

    assert output == "2 queued mail(s) re-enqueued.\n"
    assert sorted(message.to[0] for message in outbox) == sorted(m.recipient for m in stuck)
    assert dict(OutboundMail.objects.values_list("pk", "state")) == {
        stuck[0].pk: MailState.SENT,
        stuck[1].pk: MailState.SENT,
        fresh.pk: MailState.QUEUED,
    }


def test_send_queued_mail_enqueues_tasks_for_the_database_worker():
    stuck = queued_mail(minutes_ago=30)

    output = run_command("--queued-minutes", "10")

    assert output == "1 queued mail(s) re-enqueued.\n"
    assert list(DBTaskResult.objects.values_list("task_path", "args_kwargs")) == [
        ("mailing.tasks.send_outbound_mail", {"args": [stuck.pk], "kwargs": {}})
    ]
    stuck.refresh_from_db()
    assert stuck.state == MailState.QUEUED


def test_send_queued_mail_now_sends_without_a_task_worker(outbox, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    stuck = queued_mail(minutes_ago=30)

    output = run_command("--now")

    stuck.refresh_from_db()
    assert output == "1 queued mail(s) sent.\n"
    assert stuck.state == MailState.SENT
    assert [message.to for message in outbox] == [[stuck.recipient]]
    assert DBTaskResult.objects.count() == 0


def test_send_queued_mail_marks_mails_stuck_in_sending_failed_without_sending(outbox):
    stuck = sending_mail(minutes_ago=20)
    running = sending_mail(minutes_ago=2)

    output = run_command()

    stuck.refresh_from_db()
    running.refresh_from_db()
    assert output == (
        "0 queued mail(s) re-enqueued.\n"
        "1 mail(s) stuck in sending marked failed: check the provider's log before resending "
        "them in the admin.\n"
    )
    assert outbox == []
    claimed = timezone.localtime(stuck.claimed_at).strftime("%Y-%m-%d %H:%M")
    assert (stuck.state, stuck.last_error) == (
        MailState.FAILED,
        f"Versandstatus unklar: der Versand begann am {claimed} und wurde nie abgeschlossen. "
        "Im Protokoll des Mailanbieters prüfen, ob die Mail ankam, bevor sie erneut gesendet "
        "wird.",
    )
    assert running.state == MailState.SENDING


def test_recover_outbox_leaves_reenqueued_mails_alone_for_a_grace_period():
    queued_mail(minutes_ago=30)

    first = recover_outbox()
    second = recover_outbox()

    assert (first.requeued, second.requeued) == (1, 0)
    assert DBTaskResult.objects.count() == 1
