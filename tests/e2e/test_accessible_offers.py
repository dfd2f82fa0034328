"""Leichte Sprache and the sign-language page in a real browser: WCAG 2.1 A/AA by axe-core,
reachable from the header, and no sideways scrolling at 320 px."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import LegalPage, SignLanguageFilm
from tests.core.test_accessible_offers import CAPTIONS, mp4
from tests.e2e.browser import axe_check

TEXTS = Path(__file__).resolve().parents[2] / "core" / "data" / "legal"


@pytest.fixture(autouse=True)
def easy_read_page(transactional_db):
    """The seeded page: transactional tests start from empty tables, without migration data."""
    LegalPage.objects.get_or_create(
        kind="leichte-sprache",
        defaults={
            "body_de": (TEXTS / "leichte-sprache.de.txt").read_text(encoding="utf-8"),
            "body_en": (TEXTS / "leichte-sprache.en.txt").read_text(encoding="utf-8"),
            "contact_email": "barrierefreiheit@kommunalforum.example",
        },
    )


@pytest.fixture
def film(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return SignLanguageFilm.objects.create(
        video=SimpleUploadedFile("dgs.mp4", mp4(245)),
        captions_de=SimpleUploadedFile("de.vtt", CAPTIONS),
        captions_en=SimpleUploadedFile("en.vtt", b"WEBVTT\n"),
    )


@pytest.mark.parametrize(
    "path",
    ["/seite/leichte-sprache/", "/en/seite/leichte-sprache/", "/en/gebaerdensprache/"],
)
def test_offer_page_has_no_wcag_violations_and_fits_320_pixels(page, path):
    response = page.goto(path)

    assert response.status == 200
    axe_check(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_sign_language_page_with_film_has_no_wcag_violations(page, film):
    page.goto("/gebaerdensprache/")

    assert page.locator("video track[srclang=de]").get_attribute("label") == "Deutsch"
    assert page.get_by_role("link", name="Film herunterladen (MP4, 1,1 KB, Dauer 4:05 Minuten)")
    axe_check(page)


def test_header_leads_to_both_offers_by_keyboard(page):
    page.goto("/")

    page.locator("header").get_by_role("link", name="Leichte Sprache").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/seite/leichte-sprache/")
    assert page.locator("main h1").inner_text() == "Leichte Sprache"

    page.locator("header").get_by_role("link", name="Gebärdensprache").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/gebaerdensprache/")
    assert page.locator("main h1").inner_text() == "Gebärdensprache"
