import logging
import signal
import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection

from core import schedule

logger = logging.getLogger("kommunalforum.scheduler")


class Command(BaseCommand):
    help = "Run the registered periodic jobs (expiry, mail recovery) at their intervals."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")

    def handle(self, *args: object, **options: object) -> None:
        stopping = False

        def stop(*_: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        due = {job.name: 0.0 for job in schedule.jobs()}
        while not stopping:
            now = time.monotonic()
            for job in schedule.jobs():
                if now < due[job.name]:
                    continue
                # A long-running process must drop stale connections between jobs; inside an
                # outer transaction (a test, a caller's atomic block) the connection is in use.
                if not connection.in_atomic_block:
                    close_old_connections()
                try:
                    result = job.run()
                    logger.info("Periodic job %s: %s", job.name, result)
                except Exception:
                    # One failing job must not stop the others; the next interval retries.
                    logger.exception("Periodic job %s failed", job.name)
                due[job.name] = now + job.interval.total_seconds()
            if options["once"]:
                return
            time.sleep(1)
