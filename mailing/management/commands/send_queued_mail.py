from datetime import timedelta

from django.core.management.base import BaseCommand, CommandParser

from mailing.services import DEFAULT_QUEUED_GRACE, DEFAULT_SENDING_TIMEOUT, recover_outbox


class Command(BaseCommand):
    help = (
        "Re-enqueue mails stuck in 'queued' and mark mails stuck in 'sending' as failed for "
        "manual review (they are never resent automatically). Run it every few minutes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queued-minutes",
            type=float,
            default=DEFAULT_QUEUED_GRACE.total_seconds() / 60,
            help="Re-enqueue mails queued (or last touched) more than this many minutes ago.",
        )
        parser.add_argument(
            "--sending-minutes",
            type=float,
            default=DEFAULT_SENDING_TIMEOUT.total_seconds() / 60,
            help="Give up on mails that have been sending for more than this many minutes.",
        )
        parser.add_argument(
            "--now",
            action="store_true",
            help="Send the stuck queued mails in this process instead of enqueueing tasks "
            "(for an outage of the task worker).",
        )

    def handle(self, *args: object, **options: object) -> None:
        result = recover_outbox(
            queued_grace=timedelta(minutes=float(options["queued_minutes"])),
            sending_timeout=timedelta(minutes=float(options["sending_minutes"])),
            send_now=bool(options["now"]),
        )
        verb = "sent" if options["now"] else "re-enqueued"
        self.stdout.write(f"{result.requeued} queued mail(s) {verb}.")
        if result.given_up:
            self.stdout.write(
                self.style.WARNING(
                    f"{result.given_up} mail(s) stuck in sending marked failed: check the "
                    "provider's log before resending them in the admin."
                )
            )
