"""Registry of demo-data steps: each app adds its own in ``AppConfig.ready()``.

``manage.py seed_demo`` runs the steps in registration order, which follows
INSTALLED_APPS and so the layering: lower apps' data exists before higher apps need it.
Every step must be idempotent.
"""

from collections.abc import Callable

DemoStep = Callable[[Callable[[str], None]], None]

_steps: list[tuple[str, DemoStep]] = []


def register(name: str, step: DemoStep) -> None:
    """Add a demo step once; ``step`` receives a function to report progress."""
    if all(existing != name for existing, _ in _steps):
        _steps.append((name, step))


def steps() -> list[tuple[str, DemoStep]]:
    return list(_steps)
