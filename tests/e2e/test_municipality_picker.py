"""The municipality picker in Debian's Chromium: keyboard use, ARIA state, the posted value."""

import pytest

from directory.models import Municipality, Profile
from directory.services import load_reference_data
from tests.e2e.browser import axe_check, log_in_by_session
from tests.factories.core import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def profile_page(page, live_server):
    """The profile page of a logged-in person, with the reference data loaded."""
    load_reference_data()
    user = UserFactory(password=None)
    log_in_by_session(page, live_server, user)
    page.goto("/profil/")
    page.user = user
    return page


def test_picker_turns_the_select_into_a_combobox(profile_page):
    from playwright.sync_api import expect

    combobox = profile_page.get_by_role("combobox", name="Kommune")

    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(combobox).to_have_attribute("aria-autocomplete", "list")
    expect(combobox).to_have_attribute(
        "aria-describedby", "id_municipality_helptext id_municipality_pickerhint"
    )
    expect(profile_page.locator("select[name=municipality]")).to_be_hidden()
    axe_check(profile_page)


def test_picker_is_used_by_keyboard_alone(profile_page):
    from playwright.sync_api import expect

    page = profile_page
    soest = Municipality.objects.get(ags="05974040")
    combobox = page.get_by_role("combobox", name="Kommune")
    listbox = page.get_by_role("listbox", name="Kommune")
    status = page.locator("[data-picker-status]")

    combobox.focus()
    page.keyboard.type("lipp")
    expect(listbox.get_by_role("option")).to_have_count(3)
    expect(combobox).to_have_attribute("aria-expanded", "true")
    expect(status).to_have_text("3 Kommunen gefunden. Mit Pfeiltasten auswählen.")
    axe_check(page)

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = listbox.get_by_role("option").nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    second_id = second.get_attribute("id")
    expect(combobox).to_have_attribute("aria-activedescendant", second_id)

    page.keyboard.press("Escape")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(combobox).not_to_have_attribute("aria-activedescendant", second_id)

    combobox.fill("")
    page.keyboard.type("59494")
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(status).to_have_text("1 Kommune gefunden. Mit Pfeiltasten auswählen.")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    expect(combobox).to_have_value("Soest (Kreis Soest)")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(page.locator("select[name=municipality]")).to_have_value(str(soest.pk))
    expect(status).to_have_text("Soest (Kreis Soest) ausgewählt.")

    page.get_by_role("radio", name="Kommune").check()
    page.get_by_role("button", name="Profil speichern").click()

    expect(page.get_by_text("Ihr Profil ist gespeichert.")).to_be_visible()
    expect(page.get_by_role("combobox", name="Kommune")).to_have_value("Soest (Kreis Soest)")
    assert Profile.objects.get(user=page.user).municipality == soest


def test_picker_says_when_nothing_matches(profile_page):
    from playwright.sync_api import expect

    combobox = profile_page.get_by_role("combobox", name="Kommune")

    combobox.fill("Atlantis")

    expect(profile_page.locator("[data-picker-status]")).to_have_text("Keine Kommune gefunden.")
    expect(combobox).to_have_attribute("aria-expanded", "false")


def test_about_data_page_has_no_accessibility_violations(page):
    load_reference_data()

    page.goto("/ueber-die-daten/")

    assert page.locator("main h1").inner_text() == "Über die Daten"
    axe_check(page)
