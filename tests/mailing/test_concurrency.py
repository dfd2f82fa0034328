import threading

import pytest
from django.db import connection

from mailing.enums import MailState
from mailing.models import OutboundMail
from mailing.services import deliver_mail
from tests.factories.mailing import OutboundMailFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 8


def test_parallel_workers_send_a_mail_once(postgres_db, outbox):
    """Eight workers run the send task for one mail at the same moment.

    Each first reads the state and sees "queued": a check-then-send would have sent eight
    mails, which shows the threads really overlap. The conditional update lets one send.
    """
    mail = OutboundMailFactory()
    barrier = threading.Barrier(WORKERS)
    seen: list[str] = []
    results: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            seen.append(OutboundMail.objects.values_list("state", flat=True).get(pk=mail.pk))
            barrier.wait(timeout=10)
            results.append(deliver_mail(mail.pk))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    mail.refresh_from_db()
    assert errors == []
    assert seen == [MailState.QUEUED] * WORKERS
    assert len(outbox) == 1
    assert (mail.state, mail.attempts) == (MailState.SENT, 1)
    assert len(results) == WORKERS
    assert set(results) <= {MailState.SENDING, MailState.SENT}
