"""Registry of periodic jobs: each app adds its own in ``AppConfig.ready()``.

django.tasks has no scheduler, so ``manage.py run_scheduler`` runs these jobs at their
intervals in one small process (production: one per deployment, beside the task workers).
Every job must be idempotent and safe to run in parallel with itself, because a restarted
scheduler runs each job once at start.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    interval: datetime.timedelta
    run: Callable[[], object]


_jobs: dict[str, PeriodicJob] = {}


def register(name: str, *, every: datetime.timedelta, run: Callable[[], object]) -> None:
    """Add a periodic job once; a second registration under the same name is ignored."""
    _jobs.setdefault(name, PeriodicJob(name=name, interval=every, run=run))


def jobs() -> list[PeriodicJob]:
    return list(_jobs.values())
