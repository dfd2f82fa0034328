"""The base layout in a real browser: German and English, WCAG 2.1 A/AA by axe-core, keyboard
access, 320 px wide screens, and no request to another host."""

import pytest
from django.utils import translation

from tests.e2e.browser import axe_check


def in_english(german: str) -> str:
    with translation.override("en"):
        return translation.gettext(german)


# path, German page title (without the site suffix), German h1
PAGES = [
    ("/", "Startseite", "Kommunalforum"),
    ("/konto/login/", "Anmelden", "Anmelden"),
    ("/konto/signup/", "Konto anlegen", "Konto anlegen"),
]
PAGE_IDS = ["home", "login", "signup"]
BASE_LAYOUT_STRINGS = ["Zum Inhalt springen", "Hauptnavigation", "Rechtliches", "Über die Daten"]


def heading(page) -> str:
    return page.locator("main h1").inner_text().strip()


@pytest.mark.parametrize(("path", "title", "h1"), PAGES, ids=PAGE_IDS)
def test_page_renders_in_german_and_english_without_violations(page, request_log, path, title, h1):
    page.goto(path)

    assert page.evaluate("document.documentElement.lang") == "de"
    assert (page.title(), heading(page)) == (f"{title} – Kommunalforum", h1)
    axe_check(page)

    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"**/en{path}")

    assert in_english(title) != title, f"{title!r} has no English translation"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert (page.title(), heading(page)) == (
        f"{in_english(title)} – Kommunalforum",
        in_english(h1),
    )
    assert page.get_by_role("button", name="Deutsch").is_visible()
    axe_check(page)
    request_log.assert_only_local()


@pytest.mark.parametrize(("path", "title", "h1"), PAGES, ids=PAGE_IDS)
def test_page_in_german_has_no_axe_violations(page, path, title, h1):
    page.goto(path)

    assert page.evaluate("document.documentElement.lang") == "de"
    assert (page.title(), heading(page)) == (f"{title} – Kommunalforum", h1)
    axe_check(page)


@pytest.mark.parametrize("path", ["/en/", "/en/konto/login/", "/en/konto/signup/"])
def test_page_in_english_has_lang_en_and_no_axe_violations(page, path):
    page.goto(path)

    assert page.evaluate("document.documentElement.lang") == "en"
    axe_check(page)


def test_base_layout_speaks_english_on_english_pages(page):
    page.goto("/en/konto/login/")

    assert [text for text in BASE_LAYOUT_STRINGS if in_english(text) == text] == []
    assert page.locator(".kf-skip-link").inner_text() == in_english("Zum Inhalt springen")
    assert page.locator("header nav").get_attribute("aria-label") == in_english("Hauptnavigation")
    assert page.locator("footer nav").get_attribute("aria-label") == in_english("Rechtliches")
    assert page.get_by_role("link", name=in_english("Über die Daten")).is_visible()


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/")

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]"
    )
    assert focused == ["Zum Inhalt springen", "#main"]
    assert page.locator(".kf-skip-link").is_visible()

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"


@pytest.mark.parametrize("path", ["/", "/en/", "/konto/login/", "/en/konto/signup/"])
def test_page_fits_320_px_without_horizontal_scrolling(page, path):
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto(path)

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
