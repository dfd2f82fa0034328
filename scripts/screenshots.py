"""Retake the README screenshots: home, event list and an event page, at 1280x900.

Usage (from the project directory):

    .venv/bin/python scripts/screenshots.py            # own server on a throwaway database
    .venv/bin/python scripts/screenshots.py --url http://127.0.0.1:8000   # a running server

Without ``--url`` the script migrates a temporary SQLite database, loads the demo data,
serves it with daphne on a free port and stops it afterwards; the project's own database is
never touched. Chromium is Debian's (``apt-get install chromium``), never a download.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VIEWPORT = {"width": 1280, "height": 900}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def demo_server() -> Iterator[str]:
    """Serve the demo data from a throwaway database and yield the server's URL."""
    with tempfile.TemporaryDirectory(prefix="kf-screenshots-") as tmp:
        env = {
            **os.environ,
            "KOMMUNALFORUM_ENV": "development",
            "DATABASE_URL": f"sqlite:///{tmp}/screenshots.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "REDIS_URL": "",
        }
        manage = [PYTHON, "manage.py"]
        for command in (["migrate", "--noinput"], ["seed_demo"]):
            print("manage.py", *command)
            subprocess.run(  # noqa: S603 - fixed argument list, no shell
                [*manage, *command], cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL
            )
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "--access-log",
             os.devnull, "config.asgi:application"],
            cwd=BASE_DIR,
            env=env,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for(url, server)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=15)


def wait_for(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):  # noqa: S310 - local http
                return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"The server at {url} did not start.") from None
            time.sleep(0.3)


def first_event_path(page) -> str | None:
    """Return the path of the first event linked from the event list, if any."""
    for href in page.locator("main a[href^='/veranstaltungen/']").evaluate_all(
        "links => links.map((link) => link.getAttribute('href'))"
    ):
        parts = href.strip("/").split("/")
        if len(parts) == 2 and parts[1] != "archiv" and not href.endswith(".ics"):
            return href
    return None


#: The demo organiser (core/demo_users.py) and the pages of the organiser area to show.
ORGANISER_EMAIL = "organisation@kommunalforum.example"
ORGANISER_PASSWORD = "kommunalforum-demo"  # noqa: S105 - the published demo login
ORGANISER_TOTP_SECRET = "KOMMUNALFORUMDEMOVERANSTALTUNGEN"  # noqa: S105 - demo secret
DEMO_CONFERENCE = "/veranstalten/veranstaltungen/2-fachkonferenz-digitalisierung-der-kommunen-2020"
ORGANISER_SHOTS = [
    ("organiser-programme.png", f"{DEMO_CONFERENCE}/programm/"),
    ("organiser-statistics.png", f"{DEMO_CONFERENCE}/anmeldungen/statistik/"),
]


def current_totp_code(secret: str) -> str:
    """The code an authenticator app shows now (RFC 6238, 30 s, 6 digits)."""
    import base64
    import hashlib
    import hmac
    import struct

    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def log_in_as_demo_organiser(page) -> bool:
    """Log in with password and TOTP code; False when the server has no demo organiser."""
    page.goto("/konto/login/")
    page.fill("input[name=login]", ORGANISER_EMAIL)
    page.fill("input[name=password]", ORGANISER_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    if not page.locator("input[name=code]").count():
        return False
    page.fill("input[name=code]", current_totp_code(ORGANISER_TOTP_SECRET))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    return "/konto/" not in page.url


def take_screenshots(url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("Debian's chromium is missing: apt-get install chromium")
    out.mkdir(parents=True, exist_ok=True)
    taken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_context(base_url=url, locale="de-DE", viewport=VIEWPORT).new_page()
        shots = [("home.png", "/"), ("events.png", "/veranstaltungen/")]
        for name, path in shots:
            page.goto(path, wait_until="networkidle")
            if name == "events.png" and (event := first_event_path(page)):
                shots.append(("event.png", event))
            page.screenshot(path=out / name)
            taken.append(out / name)
            print(f"{out / name}  <-  {url}{path}")
        # The programme of the first archived event (the demo's Fachkonferenz of 2020).
        page.goto("/veranstaltungen/archiv/", wait_until="networkidle")
        if (archived := first_event_path(page)) is not None:
            page.goto(archived, wait_until="networkidle")
            programme = page.locator("#programm")
            if programme.count():
                programme.screenshot(path=out / "programme.png")
                taken.append(out / "programme.png")
                print(f"{out / 'programme.png'}  <-  {url}{archived}#programm")
        if log_in_as_demo_organiser(page):
            for name, path in ORGANISER_SHOTS:
                page.goto(path, wait_until="networkidle")
                page.screenshot(path=out / name)
                taken.append(out / name)
                print(f"{out / name}  <-  {url}{path}")
        browser.close()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="take the screenshots of this running server")
    parser.add_argument("--out", type=Path, default=BASE_DIR / "docs" / "screenshots")
    args = parser.parse_args()
    if args.url:
        take_screenshots(args.url.rstrip("/"), args.out)
    else:
        with demo_server() as url:
            take_screenshots(url, args.out)


if __name__ == "__main__":
    main()
