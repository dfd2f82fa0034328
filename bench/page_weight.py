"""Weigh a cold load of public pages in a real browser: HTML, CSS, JS, fonts and images.

Usage (from the project directory)::

    .venv/bin/python bench/page_weight.py [--path /veranstaltungen/bench-60-sitzungen/]

It prepares the same data as ``bench/pages.py`` (a temporary SQLite database unless
``DATABASE_URL`` is set; the event with 60 sessions and 120 speakers), starts uvicorn with
DEBUG off and the development static files (what ``make run`` serves), and opens each page
once in Debian's Chromium with an empty cache. Chromium asks for compressed responses as any
browser does and loads only the fonts the page uses, so the sum is what a first visitor
transfers: every response's body as sent (compressed where the server compressed it) plus
its headers. Needs ``chromium`` (``apt-get install chromium``) and Playwright for Python.

This is a script, not a test: nothing here asserts.
"""

import argparse
import os
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import BIG_SLUG, create_data, free_port, prepare_environment, start_server

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def kind_of(content_type: str, url: str) -> str:
    if "html" in content_type:
        return "html"
    if "css" in content_type:
        return "css"
    if "javascript" in content_type:
        return "js"
    if "font" in content_type or url.endswith((".woff2", ".woff")):
        return "fonts"
    return "other"


def weigh(port: int, path: str) -> list[tuple[str, str, int, int, str]]:
    """Open ``path`` cold; return (kind, url, bytes sent, bytes decoded, encoding) per
    response."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        context = browser.new_context(locale="de-DE")
        page = context.new_page()
        responses = []
        page.on("requestfinished", lambda request: responses.append(request))
        page.goto(f"http://127.0.0.1:{port}{path}", wait_until="networkidle")
        for request in responses:
            response = request.response()
            if response is None:
                continue
            sizes = request.sizes()
            headers = response.all_headers()
            sent = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            decoded = len(response.body())
            url = request.url.removeprefix(f"http://127.0.0.1:{port}")
            rows.append(
                (
                    kind_of(headers.get("content-type", ""), url),
                    url,
                    sent,
                    decoded,
                    headers.get("content-encoding", "-"),
                )
            )
        browser.close()
    return rows


def print_weight(path: str, rows: list[tuple[str, str, int, int, str]]) -> None:
    print(f"\n{path}")
    print(f"{'kind':<6} {'sent KB':>8} {'decoded KB':>10}  encoding  url")
    totals: dict[str, int] = defaultdict(int)
    for kind, url, sent, decoded, encoding in sorted(rows):
        totals[kind] += sent
        print(f"{kind:<6} {sent / 1000:>8.1f} {decoded / 1000:>10.1f}  {encoding:<8}  {url}")
    summary = ", ".join(f"{kind} {size / 1000:.1f}" for kind, size in sorted(totals.items()))
    print(f"total transferred: {sum(totals.values()) / 1000:.1f} KB ({summary})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--path",
        action="append",
        help="page to weigh (repeatable); default: the programme of the 60-session event",
    )
    args = parser.parse_args()
    paths = args.path or [f"/veranstaltungen/{BIG_SLUG}/"]
    if not shutil.which("chromium"):
        raise SystemExit("Needs Debian's chromium: apt-get install chromium")

    with tempfile.TemporaryDirectory(prefix="kf-weight-") as directory:
        database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{directory}/bench.sqlite3"
        env = prepare_environment(database_url)
        create_data()
        port = free_port()
        server = start_server(env, port, workers=1)
        try:
            for path in paths:
                print_weight(path, weigh(port, path))
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
