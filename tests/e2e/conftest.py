"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

- ``browser``: one headless Chromium per test session (``tests.services.chromium_path``).
- ``page``: a fresh German browser context on ``live_server`` (with ``transactional_db``), so
  ``page.goto("/")`` takes paths. Every request is recorded in ``request_log``; when the test
  ends, a request to a host other than 127.0.0.1/localhost fails it, and so does a Content
  Security Policy violation reported by the browser.
- ``request_log``: the recorded URLs (``tests.e2e.browser.RequestLog``).

Every test below tests/e2e is marked ``browser``. Helpers such as ``axe_check`` live in
``tests.e2e.browser``.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core import mail

from tests.e2e.browser import RequestLog, launch_chromium, stop_chromium
from tests.mailing.mailers import ANYMAIL_TEST_BACKEND, IMMEDIATE_TASKS, use_mailer
from tests.services import chromium_path

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# in a thread with a running loop unless told that this is intended.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

E2E_DIR = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests below tests/e2e as browser tests before ``-m`` selects."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Start Debian's Chromium once per test session (never a Playwright download)."""
    yield launch_chromium(chromium_path())
    stop_chromium()


@pytest.fixture
def request_log() -> RequestLog:
    return RequestLog()


@pytest.fixture
def page(browser, live_server, transactional_db, request_log: RequestLog) -> Iterator:
    """Open a German-speaking page on the live server that records every request it makes."""
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("request", lambda request: request_log.urls.append(request.url))
    page.on("console", lambda message: _record_csp_violation(request_log, message.text))
    yield page
    context.close()
    request_log.assert_only_local()
    request_log.assert_no_csp_violations()


def _record_csp_violation(log: RequestLog, text: str) -> None:
    if "Content Security Policy" in text:
        log.csp_violations.append(text)


@pytest.fixture
def outbox(settings, live_server) -> list:
    """Mails sent at once through anymail's test backend, with links to the live server."""
    use_mailer(settings, ANYMAIL_TEST_BACKEND)
    settings.TASKS = {"default": {"BACKEND": IMMEDIATE_TASKS}}
    settings.SITE_URL = live_server.url
    mail.outbox = []
    return mail.outbox
