"""Settings for sending test mail: anymail's test backend and tasks that run at once.

Shared by the ``outbox`` fixtures (tests/mailing and tests/e2e) and by tests that pick a mailer.
"""

ANYMAIL_TEST_BACKEND = "anymail.backends.test.EmailBackend"
IMMEDIATE_TASKS = "django.tasks.backends.immediate.ImmediateBackend"


def use_mailer(settings, backend: str, **options: object) -> None:
    """Send the default mailer's mail through ``backend`` (a stand-in for the provider)."""
    settings.MAILERS = {"default": {"BACKEND": backend, "OPTIONS": options}}
