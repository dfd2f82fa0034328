"""A registrant's management link: replace a leaked one, get a lost one again."""

import datetime

import pytest
from django.utils import timezone

from registrations import services
from registrations.enums import RegistrationStatus
from registrations.models import Registration
from tests.factories.conferences import EventFactory
from tests.factories.registrations import RegistrationFactory, RegistrationSettingsFactory
from tests.registrations.pages import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(slug="transfer-2031", title="Transferveranstaltung 2031")
    RegistrationSettingsFactory(event=event)
    return event


@pytest.fixture
def registration(event):
    return RegistrationFactory(
        event=event, email="erika@soest.example", first_name="Erika", last_name="Muster"
    )


def test_a_renewed_link_replaces_the_old_one_and_goes_only_to_the_registrants_address(
    client, registration, outbox, django_capture_on_commit_callbacks
):
    old_token = registration.management_token

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/anmeldungen/{old_token}/neuer-link/")

    assert response.status_code == 200
    assert (
        "Der bisherige Link zu Ihrer Anmeldung für „Transferveranstaltung 2031“ gilt nicht "
        in (text_of(response))
    )
    registration.refresh_from_db()
    new_token = registration.management_token
    assert new_token != old_token
    assert new_token not in response.content.decode()
    assert client.get(f"/anmeldungen/{old_token}/").status_code == 404
    assert client.get(f"/anmeldungen/{new_token}/").status_code == 200
    [mail] = outbox
    assert mail.to == ["erika@soest.example"]
    assert f"/anmeldungen/{new_token}/" in mail.body
    assert old_token not in mail.body


def test_renewing_a_link_needs_a_post(client, registration):
    response = client.get(f"/anmeldungen/{registration.management_token}/neuer-link/")
    assert response.status_code == 405


def test_the_management_page_offers_a_new_link(client, registration):
    page = text_of(client.get(f"/anmeldungen/{registration.management_token}/"))
    assert "Neuen Link anfordern" in page


def test_a_second_registration_with_the_same_address_offers_to_send_the_link_again(
    client, event, registration
):
    response = client.post(
        "/veranstaltungen/transfer-2031/anmeldung/",
        {
            "first_name": "Erika",
            "last_name": "Muster",
            "email": "erika@soest.example",
            "organisation_type": "",
            "organisation_name": "",
            "privacy_accepted": "on",
            "recording_acknowledged": "on",
        },
    )
    page = text_of(response)
    assert "Mit dieser E-Mail-Adresse besteht bereits eine Anmeldung." in page
    assert "Link noch einmal schicken" in page
    assert 'action="/veranstaltungen/transfer-2031/anmeldung/link/"' in response.content.decode()


def test_sending_the_link_again_mails_the_current_link_once_an_hour(
    client, registration, outbox, django_capture_on_commit_callbacks
):
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/veranstaltungen/transfer-2031/anmeldung/link/",
                {"email": "Erika@Soest.example"},
            )
        assert "erhalten Sie in wenigen Minuten eine E-Mail" in text_of(response)

    [mail] = outbox
    assert mail.to == ["erika@soest.example"]
    assert "noch einmal angefordert" in mail.body
    assert f"/anmeldungen/{registration.management_token}/" in mail.body
    assert client.get(f"/anmeldungen/{registration.management_token}/").status_code == 200


def test_sending_the_link_again_answers_the_same_for_an_unknown_address(
    client, event, registration, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(
            "/veranstaltungen/transfer-2031/anmeldung/link/", {"email": "erika@soest.example"}
        )
        unknown = client.post(
            "/veranstaltungen/transfer-2031/anmeldung/link/", {"email": "fremd@soest.example"}
        )
    assert text_of(known).replace("erika@soest.example", "X") == text_of(unknown).replace(
        "fremd@soest.example", "X"
    )
    assert [mail.to for mail in outbox] == [["erika@soest.example"]]


def test_the_link_is_sent_again_in_the_next_hour(
    event, registration, outbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_management_link(event, "erika@soest.example", now=now)
        services.resend_management_link(event, "erika@soest.example", now=now)
        services.resend_management_link(
            event, "erika@soest.example", now=now + datetime.timedelta(hours=1)
        )
    assert len(outbox) == 2


def test_a_cancelled_registration_gets_no_link_again(
    event, registration, outbox, django_capture_on_commit_callbacks
):
    Registration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_management_link(event, "erika@soest.example")
    assert outbox == []
