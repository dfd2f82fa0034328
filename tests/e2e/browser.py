"""Helpers for browser tests: where requests went, what axe-core reports, logging in, mails.

Import them in a test module: ``from tests.e2e.browser import axe_check``.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.test import Client

from tests.factories.core import PASSWORD

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOCAL_SCHEMES = {"data", "blob", "about"}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _Chromium:
    """One Playwright and one Chromium per test process, however many fixtures ask for it.

    A second ``sync_playwright()`` in the same thread fails, and test modules outside
    tests/e2e reuse the ``browser`` fixture under their own name; both then get this one.
    """

    playwright = None
    browser = None

    @classmethod
    def launch(cls, executable: str):
        if cls.browser is None:
            from playwright.sync_api import sync_playwright

            cls.playwright = sync_playwright().start()
            cls.browser = cls.playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
        return cls.browser

    @classmethod
    def stop(cls) -> None:
        if cls.browser is not None:
            cls.browser.close()
            cls.playwright.stop()
            cls.browser = cls.playwright = None


launch_chromium = _Chromium.launch
stop_chromium = _Chromium.stop


@dataclass
class RequestLog:
    """Every URL a page requested, and the Content Security Policy violations it reported."""

    urls: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def foreign_urls(self) -> list[str]:
        """Return the recorded URLs whose host is not this machine."""
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme not in LOCAL_SCHEMES
            and urlsplit(url).hostname not in LOCAL_HOSTS
        ]

    def assert_only_local(self) -> None:
        foreign = self.foreign_urls()
        assert foreign == [], "Requests left 127.0.0.1:\n" + "\n".join(foreign)

    def assert_no_csp_violations(self) -> None:
        assert self.csp_violations == [], "Content Security Policy violations:\n" + "\n".join(
            self.csp_violations
        )


AXE_RUN = """async ([tags, exclude]) => {
    const context = exclude.length ? {include: [["html"]], exclude: exclude.map((s) => [s])}
                                   : document;
    const results = await axe.run(context, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
    return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.map((node) => ({
            target: node.target.join(" "),
            html: node.html,
            summary: node.failureSummary,
        })),
    }));
}"""


def axe_violations(page, *, exclude: list[str] | None = None) -> list[dict]:
    """Run axe-core with the WCAG 2.1 A/AA rules on the page as it is now.

    axe goes in through Playwright's evaluation channel rather than
    ``page.add_script_tag``: the site's Content Security Policy (rightly) blocks the inline
    script that ``add_script_tag`` creates, and the check must not weaken the policy.
    """
    if not AXE_PATH.exists():
        pytest.fail(f"axe-core is missing at {AXE_PATH}: run `npm ci`.")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate("() => {" + AXE_PATH.read_text() + "\n}")
    return page.evaluate(AXE_RUN, [AXE_TAGS, exclude or []])


def axe_check(page, *, exclude: list[str] | None = None) -> None:
    """Fail the test with a readable list when axe-core finds WCAG 2.1 A/AA violations."""
    violations = axe_violations(page, exclude=exclude)
    if violations:
        pytest.fail(
            f"axe-core found {len(violations)} violation(s) on {page.url}:\n"
            + format_violations(violations),
            pytrace=False,
        )


def format_violations(violations: list[dict]) -> str:
    """Render axe violations as an indented list: rule, impact and help, then each element."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {node['html'][:160]}")
            lines.extend(f"      {line}" for line in (node["summary"] or "").splitlines())
    return "\n".join(lines)


def log_in_by_session(page, live_server, user) -> None:
    """Log the page in as ``user`` by handing it a session cookie, skipping the login form.

    For tests about other pages: the login form itself is driven in the journeys.
    """
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def log_in(page, user, totp_secret: str) -> None:
    """Log in through the login form with the factories' password and a current TOTP code."""
    page.goto("/konto/login/")
    page.fill('input[name="login"]', user.email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector('input[name="code"]')
    code = format_hotp_value(hotp_value(totp_secret, int(time.time()) // 30))
    page.fill('input[name="code"]', code)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def mails_to(outbox: list, address: str) -> list:
    """The mails in ``outbox`` sent to ``address`` alone."""
    return [message for message in outbox if message.to == [address]]
